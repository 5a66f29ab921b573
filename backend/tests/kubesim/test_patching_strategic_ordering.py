"""Strategic merge patch list ordering: `$setElementOrder` and the patch's own item order,
interleaved with server-only items the way apimachinery's mergeSortedSlice does."""

from __future__ import annotations

from kubesim.patching import strategic_merge_patch
from tests.kubesim.patching_support import container, deployment, names, pod_spec


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
