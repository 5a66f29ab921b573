"""Tests for kubesim.patching: JSON merge patch, JSON patch, strategic merge patch and SSA."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from kubesim.patching import (
    PatchError,
    json_equal,
    json_merge_patch,
    json_patch,
    merge_key,
    server_side_apply,
    strategic_merge_patch,
)

Obj = dict[str, Any]


# ---- fixtures: realistic objects ---------------------------------------------------------


def deployment() -> Obj:
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {
            "name": "web",
            "namespace": "default",
            "uid": "1111-2222",
            "resourceVersion": "42",
            "generation": 3,
            "creationTimestamp": "2024-01-01T00:00:00Z",
            "labels": {"app": "web", "tier": "frontend"},
            "annotations": {"deployment.kubernetes.io/revision": "3"},
            "finalizers": ["example.com/a", "example.com/b"],
        },
        "spec": {
            "replicas": 2,
            "selector": {"matchLabels": {"app": "web"}},
            "strategy": {
                "type": "RollingUpdate",
                "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"},
            },
            "template": {
                "metadata": {"labels": {"app": "web"}},
                "spec": {
                    "containers": [
                        {
                            "name": "app",
                            "image": "nginx:1",
                            "args": ["--port", "80"],
                            "env": [
                                {"name": "MODE", "value": "prod"},
                                {"name": "LOG", "value": "info"},
                            ],
                            "ports": [
                                {"containerPort": 80, "name": "http", "protocol": "TCP"},
                                {"containerPort": 9090, "name": "metrics", "protocol": "TCP"},
                            ],
                            "volumeMounts": [
                                {"name": "config", "mountPath": "/etc/app"},
                                {"name": "cache", "mountPath": "/cache"},
                            ],
                        },
                        {"name": "sidecar", "image": "envoy:1"},
                    ],
                    "volumes": [
                        {"name": "config", "configMap": {"name": "web-config"}},
                        {"name": "cache", "emptyDir": {}},
                    ],
                    "tolerations": [{"key": "a", "operator": "Exists"}],
                },
            },
        },
    }


def service() -> Obj:
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": "web", "namespace": "default", "labels": {"app": "web"}},
        "spec": {
            "type": "ClusterIP",
            "clusterIP": "10.0.0.10",
            "selector": {"app": "web"},
            "ports": [
                {"name": "http", "port": 80, "targetPort": 8080, "protocol": "TCP"},
                {"name": "metrics", "port": 9090, "targetPort": 9090, "protocol": "TCP"},
            ],
        },
    }


def pod() -> Obj:
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "p", "namespace": "default"},
        "spec": {
            "containers": [
                {"name": "main", "image": "busybox", "command": ["sleep", "3600"]},
            ],
            "initContainers": [
                {"name": "init", "image": "busybox", "ports": [{"containerPort": 1}]},
            ],
        },
        "status": {
            "phase": "Running",
            "conditions": [
                {"type": "Ready", "status": "False"},
                {"type": "PodScheduled", "status": "True"},
            ],
        },
    }


def pod_spec(obj: Obj) -> Obj:
    spec: Obj = obj["spec"]["template"]["spec"]
    return spec


def container(obj: Obj, name: str) -> Obj:
    for item in pod_spec(obj)["containers"]:
        if item["name"] == name:
            found: Obj = item
            return found
    raise AssertionError(f"no container {name}")


def names(items: list[Obj], key: str = "name") -> list[Any]:
    return [item[key] for item in items]


# ---- JSON merge patch (RFC 7386) ---------------------------------------------------------

RFC7386_EXAMPLES: list[tuple[Any, Any, Any]] = [
    ({"a": "b"}, {"a": "c"}, {"a": "c"}),
    ({"a": "b"}, {"b": "c"}, {"a": "b", "b": "c"}),
    ({"a": "b"}, {"a": None}, {}),
    ({"a": "b", "b": "c"}, {"a": None}, {"b": "c"}),
    ({"a": ["b"]}, {"a": "c"}, {"a": "c"}),
    ({"a": "c"}, {"a": ["b"]}, {"a": ["b"]}),
    ({"a": {"b": "c"}}, {"a": {"b": "d", "c": None}}, {"a": {"b": "d"}}),
    ({"a": [{"b": "c"}]}, {"a": [1]}, {"a": [1]}),
    (["a", "b"], ["c", "d"], ["c", "d"]),
    ({"a": "b"}, ["c"], ["c"]),
    ({"a": "foo"}, None, None),
    ({"a": "foo"}, "bar", "bar"),
    ({"e": None}, {"a": 1}, {"e": None, "a": 1}),
    ([1, 2], {"a": "b", "c": None}, {"a": "b"}),
    ({}, {"a": {"bb": {"ccc": None}}}, {"a": {"bb": {}}}),
]


@pytest.mark.parametrize(("target", "patch", "expected"), RFC7386_EXAMPLES)
def test_json_merge_patch_rfc7386_appendix_a(target: Any, patch: Any, expected: Any) -> None:
    assert json_merge_patch(target, patch) == expected


def test_json_merge_patch_rfc7386_section3_example() -> None:
    target = {
        "title": "Goodbye!",
        "author": {"givenName": "John", "familyName": "Doe"},
        "tags": ["example", "sample"],
        "content": "This will be unchanged",
    }
    patch = {
        "title": "Hello!",
        "phoneNumber": "+01-123-456-7890",
        "author": {"familyName": None},
        "tags": ["example"],
    }
    assert json_merge_patch(target, patch) == {
        "title": "Hello!",
        "author": {"givenName": "John"},
        "tags": ["example"],
        "content": "This will be unchanged",
        "phoneNumber": "+01-123-456-7890",
    }


def test_json_merge_patch_on_deployment_replaces_lists() -> None:
    result = json_merge_patch(
        deployment(),
        {
            "metadata": {"labels": {"tier": None, "team": "a"}},
            "spec": {"template": {"spec": {"containers": [{"name": "app", "image": "x"}]}}},
        },
    )
    assert result["metadata"]["labels"] == {"app": "web", "team": "a"}
    # Merge patch knows no merge keys: the container list is replaced wholesale.
    assert pod_spec(result)["containers"] == [{"name": "app", "image": "x"}]


def test_json_merge_patch_does_not_mutate_or_alias_inputs() -> None:
    target, patch = deployment(), {"spec": {"selector": {"matchLabels": {"x": "y"}}}}
    target_copy, patch_copy = copy.deepcopy(target), copy.deepcopy(patch)
    result = json_merge_patch(target, patch)
    assert (target, patch) == (target_copy, patch_copy)
    result["spec"]["selector"]["matchLabels"]["z"] = "1"
    result["metadata"]["labels"]["z"] = "1"
    assert (target, patch) == (target_copy, patch_copy)


# ---- JSON patch (RFC 6902) ---------------------------------------------------------------

RFC6902_EXAMPLES: list[tuple[Any, list[Any], Any]] = [
    # A.1 adding an object member
    ({"foo": "bar"}, [{"op": "add", "path": "/baz", "value": "qux"}], {"baz": "qux", "foo": "bar"}),
    # A.2 adding an array element
    (
        {"foo": ["bar", "baz"]},
        [{"op": "add", "path": "/foo/1", "value": "qux"}],
        {"foo": ["bar", "qux", "baz"]},
    ),
    # A.3 removing an object member
    ({"baz": "qux", "foo": "bar"}, [{"op": "remove", "path": "/baz"}], {"foo": "bar"}),
    # A.4 removing an array element
    ({"foo": ["bar", "qux", "baz"]}, [{"op": "remove", "path": "/foo/1"}], {"foo": ["bar", "baz"]}),
    # A.5 replacing a value
    (
        {"baz": "qux", "foo": "bar"},
        [{"op": "replace", "path": "/baz", "value": "boo"}],
        {"baz": "boo", "foo": "bar"},
    ),
    # A.6 moving a value
    (
        {"foo": {"bar": "baz", "waldo": "fred"}, "qux": {"corge": "grault"}},
        [{"op": "move", "from": "/foo/waldo", "path": "/qux/thud"}],
        {"foo": {"bar": "baz"}, "qux": {"corge": "grault", "thud": "fred"}},
    ),
    # A.7 moving an array element
    (
        {"foo": ["all", "grass", "cows", "eat"]},
        [{"op": "move", "from": "/foo/1", "path": "/foo/3"}],
        {"foo": ["all", "cows", "eat", "grass"]},
    ),
    # A.8 testing a value: success
    (
        {"baz": "qux", "foo": ["a", 2, "c"]},
        [
            {"op": "test", "path": "/baz", "value": "qux"},
            {"op": "test", "path": "/foo/1", "value": 2},
        ],
        {"baz": "qux", "foo": ["a", 2, "c"]},
    ),
    # A.10 adding a nested member object
    (
        {"foo": "bar"},
        [{"op": "add", "path": "/child", "value": {"grandchild": {}}}],
        {"foo": "bar", "child": {"grandchild": {}}},
    ),
    # A.11 ignoring unrecognized elements
    (
        {"foo": "bar"},
        [{"op": "add", "path": "/baz", "value": "qux", "xyz": 123}],
        {"foo": "bar", "baz": "qux"},
    ),
    # A.14 ~ escape ordering
    ({"/": 9, "~1": 10}, [{"op": "test", "path": "/~01", "value": 10}], {"/": 9, "~1": 10}),
    # A.16 adding an array value
    (
        {"foo": ["bar"]},
        [{"op": "add", "path": "/foo/-", "value": ["abc", "def"]}],
        {"foo": ["bar", ["abc", "def"]]},
    ),
    # Beyond the appendix: copy, root operations, "/" escape, number equality.
    (
        {"a": {"b": [1]}},
        [{"op": "copy", "from": "/a", "path": "/c"}],
        {"a": {"b": [1]}, "c": {"b": [1]}},
    ),
    ({"a": 1}, [{"op": "replace", "path": "", "value": [1]}], [1]),
    ({"a": 1}, [{"op": "add", "path": "", "value": {"b": 2}}], {"b": 2}),
    ({"a/b": 1}, [{"op": "replace", "path": "/a~1b", "value": 2}], {"a/b": 2}),
    ({"a": 1}, [{"op": "test", "path": "/a", "value": 1.0}], {"a": 1}),
    ({"a": [1]}, [{"op": "move", "from": "/a", "path": "/a"}], {"a": [1]}),
    ({"": 1}, [{"op": "remove", "path": "/"}], {}),
    ([], [], []),
]


@pytest.mark.parametrize(("target", "operations", "expected"), RFC6902_EXAMPLES)
def test_json_patch_rfc6902_examples(target: Any, operations: list[Any], expected: Any) -> None:
    assert json_patch(target, operations) == expected


@pytest.mark.parametrize(
    ("target", "operations", "message"),
    [
        # A.9 testing a value: error
        ({"baz": "qux"}, [{"op": "test", "path": "/baz", "value": "bar"}], "test failed"),
        # A.12 adding to a nonexistent target
        ({"foo": "bar"}, [{"op": "add", "path": "/baz/bat", "value": "qux"}], "not found"),
        # A.15 comparing strings and numbers
        ({"/": 9, "~1": 10}, [{"op": "test", "path": "/~01", "value": "10"}], "test failed"),
        ({"a": True}, [{"op": "test", "path": "/a", "value": 1}], "test failed"),
        ({"a": [1, 2]}, [{"op": "test", "path": "/a", "value": [2, 1]}], "test failed"),
        ({"a": 1}, [{"op": "test", "path": "/b", "value": None}], "not found"),
        ({"a": 1}, [{"op": "remove", "path": "/b"}], "not found"),
        ({"a": 1}, [{"op": "replace", "path": "/b", "value": 2}], "not found"),
        ({"a": 1}, [{"op": "move", "from": "/b", "path": "/c"}], "not found"),
        ({"a": 1}, [{"op": "copy", "from": "/b", "path": "/c"}], "not found"),
        ({"a": 1}, [{"op": "add", "path": "/a/b", "value": 2}], "not an object or array"),
        ({"a": [1]}, [{"op": "add", "path": "/a/2", "value": 2}], "out of range"),
        ({"a": [1]}, [{"op": "remove", "path": "/a/1"}], "out of range"),
        ({"a": [1]}, [{"op": "remove", "path": "/a/-"}], "out of range"),
        ({"a": [1, 2]}, [{"op": "remove", "path": "/a/01"}], "out of range"),
        ({"a": [1]}, [{"op": "replace", "path": "/a/-1", "value": 0}], "out of range"),
        ({"a": [1]}, [{"op": "test", "path": "/a/x", "value": 1}], "out of range"),
        ({"a": 1}, [{"op": "frobnicate", "path": "/a"}], "unknown op"),
        ({"a": 1}, [{"path": "/a"}], "unknown op"),
        ({"a": 1}, [{"op": "add", "value": 1}], "needs a 'path'"),
        ({"a": 1}, [{"op": "add", "path": "/b"}], "needs a 'value'"),
        ({"a": 1}, [{"op": "replace", "path": "/a"}], "needs a 'value'"),
        ({"a": 1}, [{"op": "test", "path": "/a"}], "needs a 'value'"),
        ({"a": 1}, [{"op": "move", "path": "/b"}], "needs a 'from'"),
        ({"a": 1}, [{"op": "copy", "path": "/b"}], "needs a 'from'"),
        ({"a": 1}, [{"op": "add", "path": "a", "value": 1}], "not a JSON pointer"),
        ({"a": 1}, [{"op": "add", "path": 7, "value": 1}], "not a JSON pointer"),
        ({"a": 1}, [{"op": "add", "path": "/~2", "value": 1}], "invalid ~ escape"),
        ({"a": {"b": 1}}, [{"op": "move", "from": "/a", "path": "/a/b/c"}], "own child"),
        ({"a": 1}, [{"op": "remove", "path": ""}], "whole document"),
        ({"a": 1}, ["add"], "must be an object"),
    ],
)
def test_json_patch_errors(target: Any, operations: list[Any], message: str) -> None:
    with pytest.raises(PatchError, match=message):
        json_patch(target, operations)


@pytest.mark.parametrize("operations", [{"op": "add", "path": "/a", "value": 1}, "x", None])
def test_json_patch_requires_a_list(operations: Any) -> None:
    with pytest.raises(PatchError, match="list of operations"):
        json_patch({}, operations)


def test_json_patch_error_names_the_failing_operation() -> None:
    ops = [
        {"op": "add", "path": "/a", "value": 1},
        {"op": "test", "path": "/a", "value": 2},
    ]
    with pytest.raises(PatchError, match=r"operation 1: test failed"):
        json_patch({}, ops)


def test_json_patch_is_atomic_and_does_not_mutate_inputs() -> None:
    target = deployment()
    target_copy = copy.deepcopy(target)
    ops = [
        {"op": "replace", "path": "/spec/replicas", "value": 5},
        {"op": "remove", "path": "/metadata/labels/nope"},
    ]
    with pytest.raises(PatchError):
        json_patch(target, ops)
    assert target == target_copy


def test_json_patch_on_deployment_like_kubectl() -> None:
    value = {"name": "NEW", "value": "1"}
    ops = [
        {"op": "replace", "path": "/spec/replicas", "value": 4},
        {"op": "add", "path": "/spec/template/spec/containers/0/env/-", "value": value},
        {"op": "remove", "path": "/metadata/finalizers/0"},
        {"op": "add", "path": "/metadata/annotations/example.com~1owner", "value": "me"},
        {"op": "test", "path": "/spec/template/spec/containers/1/name", "value": "sidecar"},
    ]
    target = deployment()
    result = json_patch(target, ops)
    assert result["spec"]["replicas"] == 4
    assert container(result, "app")["env"][-1] == value
    assert result["metadata"]["finalizers"] == ["example.com/b"]
    assert result["metadata"]["annotations"]["example.com/owner"] == "me"
    # The inserted value is a copy: changing the result leaves the operation alone.
    container(result, "app")["env"][-1]["value"] = "changed"
    assert value == {"name": "NEW", "value": "1"}
    assert target == deployment()


def test_json_patch_replace_keeps_key_position() -> None:
    result = json_patch({"a": 1, "b": 2, "c": 3}, [{"op": "replace", "path": "/b", "value": 9}])
    assert list(result) == ["a", "b", "c"]


def test_json_equal_is_strict_about_types() -> None:
    assert json_equal({"a": [1, 2.0]}, {"a": [1.0, 2]})
    assert not json_equal(True, 1)
    assert not json_equal(0, False)
    assert not json_equal(None, False)
    assert not json_equal("1", 1)
    assert not json_equal({"a": 1}, {"a": 1, "b": None})


# ---- strategic merge patch: merge keys ---------------------------------------------------


@pytest.mark.parametrize(
    ("path", "field", "key"),
    [
        (("spec",), "containers", "name"),
        (("spec", "template", "spec"), "initContainers", "name"),
        (("spec", "template", "spec", "containers"), "env", "name"),
        (("spec", "template", "spec", "containers"), "ports", "containerPort"),
        (("spec", "initContainers"), "ports", "containerPort"),
        (("spec", "ephemeralContainers"), "ports", "containerPort"),
        (("spec",), "ports", "port"),
        (("subsets",), "ports", None),
        (("spec", "ingress"), "ports", None),
        (("spec", "containers"), "volumeMounts", "mountPath"),
        (("spec", "containers"), "volumeDevices", "devicePath"),
        (("spec",), "volumes", "name"),
        (("spec",), "imagePullSecrets", "name"),
        (("spec",), "hostAliases", "ip"),
        (("spec",), "topologySpreadConstraints", "topologyKey"),
        (("spec",), "resourceClaims", "name"),
        (("status",), "conditions", "type"),
        (("status",), "addresses", "type"),
        (("subsets",), "addresses", None),
        (("metadata",), "ownerReferences", "uid"),
        (("spec",), "tolerations", None),
        (("spec", "containers"), "args", None),
        (("spec", "containers"), "command", None),
        (("spec", "containers"), "envFrom", None),
        ((), "subsets", None),
    ],
)
def test_merge_key_table(path: tuple[str, ...], field: str, key: str | None) -> None:
    assert merge_key(path, field) == key


# ---- strategic merge patch: behaviour ----------------------------------------------------


def test_smp_kubectl_set_image_patch() -> None:
    patch = {
        "spec": {
            "template": {
                "spec": {
                    "$setElementOrder/containers": [{"name": "app"}, {"name": "sidecar"}],
                    "containers": [{"image": "nginx:2", "name": "app"}],
                }
            }
        }
    }
    result = strategic_merge_patch(deployment(), patch)
    expected = deployment()
    container(expected, "app")["image"] = "nginx:2"
    assert result == expected


def test_smp_kubectl_apply_patch_with_last_applied_annotation() -> None:
    last_applied = json.dumps({"kind": "Deployment", "spec": {"replicas": 3}})
    patch = {
        "metadata": {
            "annotations": {"kubectl.kubernetes.io/last-applied-configuration": last_applied}
        },
        "spec": {"replicas": 3},
    }
    result = strategic_merge_patch(deployment(), patch)
    assert result["spec"]["replicas"] == 3
    assert result["metadata"]["annotations"] == {
        "deployment.kubernetes.io/revision": "3",
        "kubectl.kubernetes.io/last-applied-configuration": last_applied,
    }


def test_smp_maps_merge_and_null_deletes() -> None:
    patch = {
        "metadata": {"labels": {"tier": None, "team": "x"}, "annotations": None},
        "spec": {"strategy": {"rollingUpdate": {"maxSurge": 1}}, "paused": True},
    }
    result = strategic_merge_patch(deployment(), patch)
    assert result["metadata"]["labels"] == {"app": "web", "team": "x"}
    assert "annotations" not in result["metadata"]
    assert result["spec"]["strategy"]["rollingUpdate"] == {"maxSurge": 1, "maxUnavailable": "25%"}
    assert result["spec"]["paused"] is True


def test_smp_null_for_missing_key_is_dropped_not_stored() -> None:
    result = strategic_merge_patch({"a": {}}, {"a": {"b": None}, "c": {"d": None, "e": 1}})
    assert result == {"a": {}, "c": {"e": 1}}


def test_smp_containers_merge_by_name_and_new_ones_append() -> None:
    patch = {
        "spec": {
            "template": {
                "spec": {
                    "containers": [
                        {"name": "sidecar", "image": "envoy:2"},
                        {"name": "logger", "image": "fluentbit"},
                    ]
                }
            }
        }
    }
    result = strategic_merge_patch(deployment(), patch)
    containers = pod_spec(result)["containers"]
    assert names(containers) == ["app", "sidecar", "logger"]
    assert container(result, "sidecar") == {"name": "sidecar", "image": "envoy:2"}
    # The untouched container keeps all its fields.
    assert container(result, "app") == container(deployment(), "app")


def test_smp_new_container_goes_first_like_kubectl_patch_docs() -> None:
    # The kubectl patch task page shows a container added by SMP ahead of the existing one.
    patch = {"spec": {"template": {"spec": {"containers": [{"name": "redis", "image": "redis"}]}}}}
    result = strategic_merge_patch(deployment(), patch)
    assert names(pod_spec(result)["containers"]) == ["redis", "app", "sidecar"]


def test_smp_env_merges_by_name() -> None:
    patch = {
        "spec": {
            "template": {
                "spec": {
                    "containers": [
                        {
                            "name": "app",
                            "env": [
                                {"name": "LOG", "value": "debug"},
                                {"name": "NEW", "valueFrom": {"fieldRef": {"fieldPath": "x"}}},
                            ],
                        }
                    ]
                }
            }
        }
    }
    result = strategic_merge_patch(deployment(), patch)
    assert container(result, "app")["env"] == [
        {"name": "MODE", "value": "prod"},
        {"name": "LOG", "value": "debug"},
        {"name": "NEW", "valueFrom": {"fieldRef": {"fieldPath": "x"}}},
    ]


def test_smp_null_inside_a_keyed_item_deletes_that_field() -> None:
    patch = {
        "spec": {
            "template": {
                "spec": {"containers": [{"name": "app", "args": None, "image": "nginx:3"}]}
            }
        }
    }
    result = strategic_merge_patch(deployment(), patch)
    assert "args" not in container(result, "app")
    assert container(result, "app")["image"] == "nginx:3"


def test_smp_container_ports_merge_by_container_port() -> None:
    patch = {
        "spec": {
            "template": {
                "spec": {
                    "containers": [
                        {
                            "name": "app",
                            "ports": [
                                {"containerPort": 9090, "name": "prom"},
                                {"containerPort": 443, "name": "https"},
                            ],
                        }
                    ]
                }
            }
        }
    }
    result = strategic_merge_patch(deployment(), patch)
    assert container(result, "app")["ports"] == [
        {"containerPort": 80, "name": "http", "protocol": "TCP"},
        {"containerPort": 9090, "name": "prom", "protocol": "TCP"},
        {"containerPort": 443, "name": "https"},
    ]


def test_smp_init_container_ports_on_a_pod() -> None:
    patch = {"spec": {"initContainers": [{"name": "init", "ports": [{"containerPort": 2}]}]}}
    result = strategic_merge_patch(pod(), patch)
    # A new item goes before live items the patch does not name (apimachinery's ordering).
    assert result["spec"]["initContainers"][0]["ports"] == [
        {"containerPort": 2},
        {"containerPort": 1},
    ]


def test_smp_service_ports_merge_by_port() -> None:
    patch = {
        "spec": {
            "ports": [
                {"port": 80, "targetPort": 8081},
                {"port": 443, "targetPort": 8443, "name": "https"},
            ]
        }
    }
    result = strategic_merge_patch(service(), patch)
    # Patch items keep the patch's order; the untouched live port 9090 was not in front of any
    # of them in the live list, so it follows them (apimachinery's mergeSortedSlice).
    assert result["spec"]["ports"] == [
        {"name": "http", "port": 80, "targetPort": 8081, "protocol": "TCP"},
        {"port": 443, "targetPort": 8443, "name": "https"},
        {"name": "metrics", "port": 9090, "targetPort": 9090, "protocol": "TCP"},
    ]


def test_smp_ports_elsewhere_are_atomic() -> None:
    endpoints = {
        "kind": "Endpoints",
        "subsets": [{"addresses": [{"ip": "1.1.1.1"}], "ports": [{"port": 80}]}],
    }
    patch = {"subsets": [{"addresses": [{"ip": "2.2.2.2"}], "ports": [{"port": 81}]}]}
    assert strategic_merge_patch(endpoints, patch)["subsets"] == patch["subsets"]


def test_smp_volumes_and_volume_mounts() -> None:
    patch = {
        "spec": {
            "template": {
                "spec": {
                    "volumes": [
                        {"name": "cache", "emptyDir": {"medium": "Memory"}},
                        {"name": "secret", "secret": {"secretName": "s"}},
                    ],
                    "containers": [
                        {
                            "name": "app",
                            "volumeMounts": [
                                {"mountPath": "/cache", "name": "cache", "readOnly": True},
                                {"mountPath": "/secret", "name": "secret"},
                            ],
                        }
                    ],
                }
            }
        }
    }
    result = strategic_merge_patch(deployment(), patch)
    assert pod_spec(result)["volumes"] == [
        {"name": "config", "configMap": {"name": "web-config"}},
        {"name": "cache", "emptyDir": {"medium": "Memory"}},
        {"name": "secret", "secret": {"secretName": "s"}},
    ]
    assert container(result, "app")["volumeMounts"] == [
        {"name": "config", "mountPath": "/etc/app"},
        {"name": "cache", "mountPath": "/cache", "readOnly": True},
        {"mountPath": "/secret", "name": "secret"},
    ]


def test_smp_atomic_lists_are_replaced() -> None:
    patch = {
        "spec": {
            "template": {
                "spec": {
                    "tolerations": [{"key": "b", "operator": "Exists"}],
                    "containers": [{"name": "app", "args": ["--debug"], "command": ["/bin/app"]}],
                }
            }
        }
    }
    result = strategic_merge_patch(deployment(), patch)
    assert pod_spec(result)["tolerations"] == [{"key": "b", "operator": "Exists"}]
    assert container(result, "app")["args"] == ["--debug"]
    assert container(result, "app")["command"] == ["/bin/app"]


def test_smp_status_conditions_merge_by_type() -> None:
    patch = {"status": {"conditions": [{"type": "Ready", "status": "True"}]}}
    result = strategic_merge_patch(pod(), patch)
    assert result["status"]["conditions"] == [
        {"type": "Ready", "status": "True"},
        {"type": "PodScheduled", "status": "True"},
    ]


def test_smp_owner_references_merge_by_uid() -> None:
    target = {"metadata": {"ownerReferences": [{"uid": "a", "kind": "ReplicaSet", "name": "r"}]}}
    patch = {"metadata": {"ownerReferences": [{"uid": "a", "controller": True}, {"uid": "b"}]}}
    result = strategic_merge_patch(target, patch)
    assert result["metadata"]["ownerReferences"] == [
        {"uid": "a", "kind": "ReplicaSet", "name": "r", "controller": True},
        {"uid": "b"},
    ]


def test_smp_finalizers_merge_as_a_set() -> None:
    patch = {"metadata": {"finalizers": ["example.com/b", "example.com/c", "example.com/c"]}}
    result = strategic_merge_patch(deployment(), patch)
    assert result["metadata"]["finalizers"] == ["example.com/a", "example.com/b", "example.com/c"]


def test_smp_patch_delete_directive_removes_list_items() -> None:
    patch = {
        "spec": {
            "template": {
                "spec": {
                    "containers": [
                        {"$patch": "delete", "name": "sidecar"},
                        {"name": "app", "env": [{"$patch": "delete", "name": "MODE"}]},
                    ]
                }
            }
        }
    }
    result = strategic_merge_patch(deployment(), patch)
    assert names(pod_spec(result)["containers"]) == ["app"]
    assert container(result, "app")["env"] == [{"name": "LOG", "value": "info"}]


def test_smp_patch_delete_directive_on_a_service_port() -> None:
    patch = {"spec": {"ports": [{"$patch": "delete", "port": 9090}]}}
    result = strategic_merge_patch(service(), patch)
    assert names(result["spec"]["ports"], "port") == [80]


def test_smp_patch_delete_directive_on_a_map() -> None:
    patch = {"spec": {"strategy": {"type": "Recreate", "rollingUpdate": {"$patch": "delete"}}}}
    result = strategic_merge_patch(deployment(), patch)
    assert result["spec"]["strategy"] == {"type": "Recreate"}


def test_smp_patch_replace_directive_on_a_map() -> None:
    patch = {"spec": {"selector": {"$patch": "replace", "matchLabels": {"app": "new"}}}}
    result = strategic_merge_patch(service(), patch)
    assert result["spec"]["selector"] == {"matchLabels": {"app": "new"}}
    patch = {"spec": {"strategy": {"$patch": "replace", "type": "Recreate"}}}
    result = strategic_merge_patch(deployment(), patch)
    assert result["spec"]["strategy"] == {"type": "Recreate"}


def test_smp_patch_replace_directive_on_a_list() -> None:
    patch = {
        "spec": {
            "template": {
                "spec": {
                    "containers": [{"name": "only", "image": "x"}, {"$patch": "replace"}],
                }
            }
        }
    }
    result = strategic_merge_patch(deployment(), patch)
    assert pod_spec(result)["containers"] == [{"name": "only", "image": "x"}]


def test_smp_patch_merge_directive_is_the_default() -> None:
    patch = {"metadata": {"$patch": "merge", "labels": {"x": "y"}}}
    result = strategic_merge_patch(service(), patch)
    assert result["metadata"]["labels"] == {"app": "web", "x": "y"}


def test_smp_top_level_replace() -> None:
    result = strategic_merge_patch(service(), {"$patch": "replace", "kind": "Service"})
    assert result == {"kind": "Service"}


@pytest.mark.parametrize(
    "patch",
    [
        {"spec": {"selector": {"$patch": "explode"}}},
        {"spec": {"ports": [{"$patch": "explode", "port": 80}]}},
        {"$patch": "nope"},
    ],
)
def test_smp_unknown_patch_directive_is_an_error(patch: Obj) -> None:
    with pytest.raises(PatchError, match="unknown \\$patch directive"):
        strategic_merge_patch(service(), patch)


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        ({"spec": {"ports": [{"targetPort": 1}]}}, "lacks its merge key 'port'"),
        ({"spec": {"ports": [{"$patch": "delete"}]}}, "lacks its merge key 'port'"),
        ({"spec": {"ports": [80]}}, "expects objects"),
        ({"spec": {"$retainKeys": "type"}}, "must be a list"),
        ({"spec": {"$retainKeys": ["type"], "clusterIP": "None"}}, "not listed in \\$retainKeys"),
        ({"metadata": {"$deleteFromPrimitiveList/finalizers": "a"}}, "must be a list"),
        ({"metadata": {"$setElementOrder/finalizers": "a"}}, "must be a list"),
        ({"metadata": {"$setElementOrder/": []}}, "names no field"),
    ],
)
def test_smp_malformed_patches(patch: Obj, message: str) -> None:
    target = service()
    target["metadata"]["finalizers"] = ["a"]
    with pytest.raises(PatchError, match=message):
        strategic_merge_patch(target, patch)


def test_smp_rejects_non_objects() -> None:
    with pytest.raises(PatchError):
        strategic_merge_patch(service(), [])  # type: ignore[arg-type]
    with pytest.raises(PatchError):
        strategic_merge_patch([], {})  # type: ignore[arg-type]


def test_smp_set_element_order_reorders_without_changes() -> None:
    patch = {
        "spec": {
            "template": {
                "spec": {"$setElementOrder/containers": [{"name": "sidecar"}, {"name": "app"}]}
            }
        }
    }
    result = strategic_merge_patch(deployment(), patch)
    assert names(pod_spec(result)["containers"]) == ["sidecar", "app"]
    assert container(result, "app") == container(deployment(), "app")
    assert "$setElementOrder/containers" not in pod_spec(result)


def test_smp_set_element_order_with_changes_and_new_items() -> None:
    patch = {
        "spec": {
            "template": {
                "spec": {
                    "containers": [
                        {
                            "name": "app",
                            "$setElementOrder/env": [
                                {"name": "FIRST"},
                                {"name": "LOG"},
                                {"name": "MODE"},
                            ],
                            "env": [{"name": "FIRST", "value": "1"}],
                        }
                    ]
                }
            }
        }
    }
    result = strategic_merge_patch(deployment(), patch)
    assert container(result, "app")["env"] == [
        {"name": "FIRST", "value": "1"},
        {"name": "LOG", "value": "info"},
        {"name": "MODE", "value": "prod"},
    ]
    assert all(not key.startswith("$") for key in container(result, "app"))


def test_smp_set_element_order_interleaves_server_only_items_like_apimachinery() -> None:
    # Live C B D A E, order [A, B]: a server-only item stays in front of an ordered item only
    # if the live list had it in front (apimachinery's mergeSortedSlice).
    target = {"spec": {"volumes": [{"name": n} for n in "CBDAE"]}}
    patch = {"spec": {"$setElementOrder/volumes": [{"name": "A"}, {"name": "B"}]}}
    result = strategic_merge_patch(target, patch)
    assert names(result["spec"]["volumes"]) == ["C", "D", "A", "B", "E"]


def test_smp_patch_list_order_is_respected_without_set_element_order() -> None:
    # The design proposal's example: live B C A, patch A' B' D -> C A' B' D.
    target = {"spec": {"volumes": [{"name": n} for n in "BCA"]}}
    patch = {"spec": {"volumes": [{"name": "A", "x": 1}, {"name": "B", "x": 1}, {"name": "D"}]}}
    result = strategic_merge_patch(target, patch)
    assert result["spec"]["volumes"] == [
        {"name": "C"},
        {"name": "A", "x": 1},
        {"name": "B", "x": 1},
        {"name": "D"},
    ]


def test_smp_set_element_order_of_primitive_finalizers() -> None:
    patch = {"metadata": {"$setElementOrder/finalizers": ["example.com/b", "example.com/a"]}}
    result = strategic_merge_patch(deployment(), patch)
    assert result["metadata"]["finalizers"] == ["example.com/b", "example.com/a"]


def test_smp_set_element_order_ignores_unknown_names() -> None:
    target = {"spec": {"volumes": [{"name": "A"}, {"name": "B"}]}}
    patch = {"spec": {"$setElementOrder/volumes": [{"name": "C"}, {"name": "B"}, {"name": "A"}]}}
    assert names(strategic_merge_patch(target, patch)["spec"]["volumes"]) == ["B", "A"]


def test_smp_directives_for_absent_lists_create_nothing() -> None:
    patch = {
        "spec": {
            "$setElementOrder/volumes": [{"name": "A"}],
            "$deleteFromPrimitiveList/finalizers": ["x"],
        }
    }
    assert strategic_merge_patch({"spec": {}}, patch) == {"spec": {}}


def test_smp_directives_are_stripped_from_new_subtrees() -> None:
    # The container does not exist yet, so its whole patch becomes the new item; any
    # directives and nulls inside it must still be processed rather than copied.
    patch = {
        "spec": {
            "template": {
                "spec": {
                    "containers": [
                        {
                            "name": "new",
                            "image": "x",
                            "resources": None,
                            "$setElementOrder/env": [{"name": "A"}],
                            "env": [{"name": "A", "value": "1"}, {"$patch": "delete", "name": "B"}],
                        }
                    ]
                }
            }
        }
    }
    result = strategic_merge_patch(deployment(), patch)
    assert container(result, "new") == {
        "name": "new",
        "image": "x",
        "env": [{"name": "A", "value": "1"}],
    }


def test_smp_retain_keys_clears_other_union_members() -> None:
    # What kubectl apply sends when switching a Deployment strategy to Recreate.
    patch = {
        "spec": {"strategy": {"$retainKeys": ["type"], "type": "Recreate", "rollingUpdate": None}}
    }
    result = strategic_merge_patch(deployment(), patch)
    assert result["spec"]["strategy"] == {"type": "Recreate"}


def test_smp_retain_keys_keeps_listed_fields() -> None:
    target = {"spec": {"volume": {"name": "v", "emptyDir": {}, "hostPath": {"path": "/x"}}}}
    patch = {"spec": {"volume": {"$retainKeys": ["name", "emptyDir"], "emptyDir": {"medium": "M"}}}}
    result = strategic_merge_patch(target, patch)
    assert result == {"spec": {"volume": {"name": "v", "emptyDir": {"medium": "M"}}}}


def test_smp_delete_from_primitive_list() -> None:
    patch = {
        "metadata": {
            "$deleteFromPrimitiveList/finalizers": ["example.com/a"],
            "finalizers": ["example.com/z"],
        }
    }
    result = strategic_merge_patch(deployment(), patch)
    assert result["metadata"]["finalizers"] == ["example.com/z", "example.com/b"]
    assert not any(key.startswith("$") for key in result["metadata"])


def test_smp_delete_from_primitive_list_alone() -> None:
    patch = {"metadata": {"$deleteFromPrimitiveList/finalizers": ["example.com/b"]}}
    result = strategic_merge_patch(deployment(), patch)
    assert result["metadata"]["finalizers"] == ["example.com/a"]


def test_smp_type_change_takes_the_patch_value() -> None:
    result = strategic_merge_patch(
        {"a": [1], "b": {"c": 1}, "d": 1}, {"a": {"x": 1}, "b": [2], "d": {}}
    )
    assert result == {"a": {"x": 1}, "b": [2], "d": {}}


def test_smp_does_not_mutate_or_alias_inputs() -> None:
    target = deployment()
    patch = {
        "metadata": {
            "labels": {"tier": None},
            "$deleteFromPrimitiveList/finalizers": ["example.com/a"],
        },
        "spec": {
            "strategy": {"$retainKeys": ["type"], "type": "Recreate"},
            "template": {
                "spec": {
                    "$setElementOrder/containers": [{"name": "sidecar"}, {"name": "app"}],
                    "containers": [
                        {"name": "app", "env": [{"$patch": "delete", "name": "LOG"}]},
                        {"name": "extra", "image": "x"},
                    ],
                    "tolerations": [{"key": "t"}],
                }
            },
        },
    }
    target_copy, patch_copy = copy.deepcopy(target), copy.deepcopy(patch)
    result = strategic_merge_patch(target, patch)
    assert (target, patch) == (target_copy, patch_copy)
    container(result, "app")["env"].append({"name": "X"})
    container(result, "extra")["image"] = "changed"
    pod_spec(result)["tolerations"][0]["key"] = "changed"
    result["spec"]["selector"]["matchLabels"]["changed"] = "1"
    assert (target, patch) == (target_copy, patch_copy)


# ---- server-side apply -------------------------------------------------------------------


def applied_deployment(*, env: list[Obj], ports: list[Obj], annotations: dict[str, str]) -> Obj:
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "web", "namespace": "default", "annotations": annotations},
        "spec": {
            "replicas": 2,
            "selector": {"matchLabels": {"app": "web"}},
            "template": {
                "metadata": {"labels": {"app": "web"}},
                "spec": {
                    "containers": [
                        {"name": "app", "image": "nginx:1", "env": env, "ports": ports},
                    ]
                },
            },
        },
    }


V1 = applied_deployment(
    env=[{"name": "A", "value": "1"}, {"name": "B", "value": "2"}],
    ports=[{"containerPort": 80}, {"containerPort": 9090}],
    annotations={"team": "web", "owner": "alice"},
)


def test_ssa_creates_from_none() -> None:
    result = server_side_apply(None, V1, None)
    assert result == V1
    assert result is not V1


def test_ssa_create_strips_nulls_and_directives() -> None:
    applied = {"metadata": {"name": "x", "labels": None}, "spec": {"ports": [{"port": 1}]}}
    assert server_side_apply(None, applied, None) == {
        "metadata": {"name": "x"},
        "spec": {"ports": [{"port": 1}]},
    }


def test_ssa_merges_into_existing_and_keeps_other_managers_fields() -> None:
    live = server_side_apply(None, V1, None)
    # Other managers (the server, an HPA, a mutating webhook) touched the object.
    live["metadata"].update(uid="u1", resourceVersion="7", generation=2)
    live["metadata"]["annotations"]["deployment.kubernetes.io/revision"] = "1"
    live["spec"]["replicas"] = 5
    live["spec"]["template"]["spec"]["containers"][0]["resources"] = {"limits": {"cpu": "1"}}
    live["spec"]["template"]["spec"]["containers"].append({"name": "injected", "image": "proxy"})
    live["status"] = {"replicas": 5}

    v2 = copy.deepcopy(V1)
    container(v2, "app")["image"] = "nginx:2"
    del v2["spec"]["replicas"]  # the applier hands replicas to the HPA
    result = server_side_apply(live, v2, V1)

    assert container(result, "app")["image"] == "nginx:2"
    assert container(result, "app")["resources"] == {"limits": {"cpu": "1"}}
    assert names(pod_spec(result)["containers"]) == ["app", "injected"]
    assert result["metadata"]["annotations"]["deployment.kubernetes.io/revision"] == "1"
    assert result["metadata"]["uid"] == "u1"
    assert result["status"] == {"replicas": 5}
    # Replicas left the applied config, so the value this manager set is removed.
    assert "replicas" not in result["spec"]


def test_ssa_drops_removed_env_var_port_and_annotation() -> None:
    live = server_side_apply(None, V1, None)
    live["metadata"]["annotations"]["other-controller"] = "keep"
    v2 = applied_deployment(
        env=[{"name": "A", "value": "1"}],
        ports=[{"containerPort": 80}],
        annotations={"team": "web"},
    )
    result = server_side_apply(live, v2, V1)
    assert container(result, "app")["env"] == [{"name": "A", "value": "1"}]
    assert container(result, "app")["ports"] == [{"containerPort": 80}]
    assert result["metadata"]["annotations"] == {"team": "web", "other-controller": "keep"}


def test_ssa_drops_removed_container_and_whole_annotations_map() -> None:
    v1 = copy.deepcopy(V1)
    pod_spec(v1)["containers"].append({"name": "sidecar", "image": "envoy"})
    live = server_side_apply(None, v1, None)
    v2 = copy.deepcopy(V1)
    del v2["metadata"]["annotations"]
    result = server_side_apply(live, v2, v1)
    assert names(pod_spec(result)["containers"]) == ["app"]
    # Only this manager had annotations, so the emptied map goes too.
    assert "annotations" not in result["metadata"]


def test_ssa_dropped_map_keeps_what_others_added() -> None:
    live = server_side_apply(None, V1, None)
    live["metadata"]["annotations"]["other"] = "x"
    v2 = copy.deepcopy(V1)
    del v2["metadata"]["annotations"]
    result = server_side_apply(live, v2, V1)
    assert result["metadata"]["annotations"] == {"other": "x"}


def test_ssa_drops_removed_service_port() -> None:
    svc = service()
    del svc["spec"]["clusterIP"]
    live = server_side_apply(None, svc, None)
    live["spec"]["clusterIP"] = "10.0.0.10"  # allocated by the server
    v2 = copy.deepcopy(svc)
    v2["spec"]["ports"] = [{"name": "http", "port": 80, "targetPort": 8081, "protocol": "TCP"}]
    result = server_side_apply(live, v2, svc)
    assert result["spec"]["ports"] == v2["spec"]["ports"]
    assert result["spec"]["clusterIP"] == "10.0.0.10"


def test_ssa_drops_removed_finalizer_only() -> None:
    v1 = {"metadata": {"name": "x", "finalizers": ["a", "b"]}}
    live = server_side_apply(None, v1, None)
    live["metadata"]["finalizers"].append("other")
    result = server_side_apply(live, {"metadata": {"name": "x", "finalizers": ["a"]}}, v1)
    assert result["metadata"]["finalizers"] == ["a", "other"]


def test_ssa_atomic_lists_are_replaced() -> None:
    v1 = {"spec": {"tolerations": [{"key": "a"}, {"key": "b"}]}}
    live = server_side_apply(None, v1, None)
    result = server_side_apply(live, {"spec": {"tolerations": [{"key": "c"}]}}, v1)
    assert result["spec"]["tolerations"] == [{"key": "c"}]
    result = server_side_apply(live, {"spec": {}}, v1)
    assert "tolerations" not in result["spec"]


def test_ssa_prunes_nested_fields_of_kept_items() -> None:
    v1 = {"spec": {"ports": [{"port": 80, "name": "http", "nodePort": 30080}]}}
    live = server_side_apply(None, v1, None)
    live["spec"]["ports"][0]["protocol"] = "TCP"  # defaulted by the server
    result = server_side_apply(live, {"spec": {"ports": [{"port": 80, "name": "http"}]}}, v1)
    assert result["spec"]["ports"] == [{"port": 80, "name": "http", "protocol": "TCP"}]


def test_ssa_never_prunes_server_managed_metadata() -> None:
    previous = {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {
            "name": "c",
            "namespace": "ns",
            "uid": "u",
            "generation": 1,
            "labels": {"a": "b"},
        },
        "data": {"k": "v"},
    }
    live = server_side_apply(None, previous, None)
    live["metadata"].update(resourceVersion="9", creationTimestamp="2024-01-01T00:00:00Z")
    result = server_side_apply(live, {"data": {"k": "v2"}}, previous)
    assert result == {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {
            "name": "c",
            "namespace": "ns",
            "uid": "u",
            "generation": 1,
            "resourceVersion": "9",
            "creationTimestamp": "2024-01-01T00:00:00Z",
        },
        "data": {"k": "v2"},
    }


def test_ssa_without_previous_config_prunes_nothing() -> None:
    live = server_side_apply(None, V1, None)
    v2 = applied_deployment(env=[], ports=[], annotations={})
    result = server_side_apply(live, v2, None)
    assert container(result, "app")["env"] == container(V1, "app")["env"]
    assert result["metadata"]["annotations"] == V1["metadata"]["annotations"]


def test_ssa_does_not_mutate_inputs() -> None:
    live = server_side_apply(None, V1, None)
    v2 = applied_deployment(env=[{"name": "C"}], ports=[], annotations={})
    copies = copy.deepcopy((live, v2, V1))
    result = server_side_apply(live, v2, V1)
    assert (live, v2, V1) == copies
    container(result, "app")["env"].append({"name": "Z"})
    assert (live, v2, V1) == copies


def test_ssa_rejects_non_object() -> None:
    with pytest.raises(PatchError):
        server_side_apply(None, [], None)  # type: ignore[arg-type]
