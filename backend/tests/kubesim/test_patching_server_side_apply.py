"""Server-side apply: creating from nothing, merging into a live object while keeping other
managers' fields, and pruning what left the previously applied configuration."""

from __future__ import annotations

import copy

import pytest

from kubesim.patching import PatchError, server_side_apply
from tests.kubesim.patching_support import Obj, container, names, pod_spec, service


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
