"""Which lists merge item by item, and by which key: the stand-in for k8s.io/api struct tags.

Kubernetes decides how each list merges from Go struct tags (``patchStrategy`` and
``patchMergeKey`` in k8s.io/api). kubesim has no Go structs, so a small table keyed by the
field name *and* the path of parent fields stands in for them. Strategic merge patch
(:mod:`kubesim.strategic`) and server-side apply (:mod:`kubesim.server_side_apply`) both read it.
"""

from __future__ import annotations

from typing import Any

# The names of the fields leading from the object root to a map, e.g. ("spec", "template").
Path = tuple[str, ...]

_CONTAINER_LISTS = frozenset({"containers", "initContainers", "ephemeralContainers"})

# Lists whose merge key does not depend on where they sit (patchMergeKey tags of k8s.io/api).
# Anything not listed (tolerations, args, command, envFrom, subsets, ...) is atomic.
_MERGE_KEYS: dict[str, str] = {
    "containers": "name",
    "initContainers": "name",
    "ephemeralContainers": "name",
    "env": "name",
    "volumes": "name",
    "volumeMounts": "mountPath",
    "volumeDevices": "devicePath",
    "imagePullSecrets": "name",
    "hostAliases": "ip",
    "conditions": "type",
    "ownerReferences": "uid",
    "topologySpreadConstraints": "topologyKey",
    "resourceClaims": "name",
}

# Lists of primitives with patchStrategy "merge": they merge as ordered sets.
_SET_LISTS = frozenset({"finalizers"})


def merge_key(path: Path, field: str) -> str | None:
    """Merge key of list ``field`` in the map at ``path``; None when the list is not keyed.

    ``path`` names the fields leading to that map, and items of a list field count as that
    field, so a Deployment's container fields sit at ``("spec", "template", "spec",
    "containers")`` and a Service's ports list is field ``ports`` at ``("spec",)``.
    """
    if field == "ports":
        if path and path[-1] in _CONTAINER_LISTS:
            return "containerPort"
        # Service spec.ports; no other built-in kind has a top-level spec.ports list, and
        # e.g. Endpoints subsets[].ports or NetworkPolicy ingress[].ports are atomic.
        return "port" if path == ("spec",) else None
    if field == "addresses":
        # Node status.addresses merge by type; EndpointSubset addresses are atomic.
        return "type" if path == ("status",) else None
    return _MERGE_KEYS.get(field)


def is_set_list(path: Path, field: str) -> bool:
    """True for lists of primitives that merge as sets.

    ``path`` mirrors :func:`merge_key`; the only set list we know, ``finalizers``, merges as a
    set wherever it sits, so it is not consulted yet.
    """
    return field in _SET_LISTS


def merges_items(path: Path, field: str) -> bool:
    """True when list ``field`` merges item by item (keyed or set); False for atomic lists."""
    return merge_key(path, field) is not None or is_set_list(path, field)


def index_by_merge_key(items: list[Any], key: str, value: Any) -> int | None:
    """Position of the object in ``items`` whose merge key ``key`` equals ``value``."""
    for index, item in enumerate(items):
        if isinstance(item, dict) and key in item and item[key] == value:
            return index
    return None
