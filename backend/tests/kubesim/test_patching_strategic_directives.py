"""Strategic merge patch directives: `$patch` (delete, replace, merge), `$retainKeys` and
`$deleteFromPrimitiveList`, directives inside new subtrees, and malformed patches."""

from __future__ import annotations

import pytest

from kubesim.patching import PatchError, strategic_merge_patch
from tests.kubesim.patching_support import Obj, container, deployment, names, pod_spec, service


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
