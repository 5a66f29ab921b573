"""Strategic merge patch on lists: the merge-key table, and lists merged by key (containers,
env, ports, volumes, conditions, ownerReferences), as sets (finalizers) or replaced
whole (atomic lists)."""

from __future__ import annotations

import pytest

from kubesim.patching import merge_key, strategic_merge_patch
from tests.kubesim.patching_support import container, deployment, names, pod, pod_spec, service

# ---- merge keys --------------------------------------------------------------------------


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


# ---- lists merged by key, as sets or atomically ------------------------------------------


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
