"""Strategic merge patch basics: the patches kubectl sends, map merging, nulls as deletes,
type changes and inputs that are neither mutated nor aliased."""

from __future__ import annotations

import copy
import json

from kubesim.patching import strategic_merge_patch
from tests.kubesim.patching_support import container, deployment, pod_spec


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
