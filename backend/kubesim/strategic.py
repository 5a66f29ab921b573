"""Strategic merge patch and a simplified server-side apply, on plain JSON values.

Kubernetes decides how each list merges from Go struct tags (``patchStrategy`` and
``patchMergeKey`` in k8s.io/api). kubesim has no Go structs, so a small table keyed by the
field name *and* the path of parent fields stands in for them: see :func:`merge_key`.

:class:`PatchError` and the ``JSON`` alias live here rather than in :mod:`kubesim.patching` so
the two modules never import each other; callers import all of them from kubesim.patching.
"""

from __future__ import annotations

import copy
from typing import Any

JSON = Any
Path = tuple[str, ...]


class PatchError(ValueError):
    """A patch that cannot be applied; the message names the problem.

    The API server answers 422 Unprocessable Entity (400 for a body that is not a patch at all).
    """


PATCH = "$patch"
RETAIN_KEYS = "$retainKeys"
SET_ELEMENT_ORDER = "$setElementOrder/"
DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList/"
_PARALLEL_PREFIXES = (SET_ELEMENT_ORDER, DELETE_FROM_PRIMITIVE_LIST)

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

# Fields the server owns; server_side_apply never prunes them.
_SERVER_MANAGED_METADATA = ("name", "namespace", "uid", "resourceVersion", "creationTimestamp")
_SERVER_MANAGED: frozenset[Path] = frozenset(
    {("apiVersion",), ("kind",), ("metadata", "generation")}
    | {("metadata", field) for field in _SERVER_MANAGED_METADATA}
)


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


def _merging(path: Path, field: str) -> bool:
    return merge_key(path, field) is not None or is_set_list(path, field)


def _where(path: Path) -> str:
    return ".".join(path) or "<root>"


# ---- strategic merge patch ---------------------------------------------------------------


def strategic_merge_patch(target: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    """Apply a strategic merge patch (k8s.io/apimachinery strategicpatch semantics).

    Maps merge recursively and ``null`` deletes a key; keyed lists (see :func:`merge_key`)
    merge item by item, set lists merge as sets and every other list is replaced. The
    directives ``$patch`` (merge/replace/delete), ``$retainKeys``, ``$setElementOrder/<list>``
    and ``$deleteFromPrimitiveList/<list>`` are honoured and never appear in the result.
    """
    if not isinstance(target, dict):
        raise PatchError("the object to patch must be a JSON object")
    if not isinstance(patch, dict):
        raise PatchError("a strategic merge patch must be a JSON object")
    # Work on copies so the helpers below may mutate freely and the result shares nothing.
    merged = _merge_map(copy.deepcopy(target), copy.deepcopy(patch), ())
    return {} if merged is None else merged


def _merge_map(
    original: dict[str, Any], patch: dict[str, Any], path: Path
) -> dict[str, Any] | None:
    """Merge ``patch`` into ``original`` (both owned, mutated); None means delete the map."""
    directive = patch.pop(PATCH, None)
    if directive == "delete":
        return None
    if directive == "replace":
        original = {}  # then merging the rest of the patch strips its directives and nulls
    elif directive not in (None, "merge"):
        raise PatchError(f"unknown $patch directive {directive!r} at {_where(path)}")
    _apply_retain_keys(original, patch, path)
    for field in _patched_fields(patch, path):
        _patch_field(original, patch, field, path)
    return original


def _apply_retain_keys(original: dict[str, Any], patch: dict[str, Any], path: Path) -> None:
    """``$retainKeys`` clears every key of ``original`` it does not list (union types)."""
    if RETAIN_KEYS not in patch:
        return
    retain = patch.pop(RETAIN_KEYS)
    if not isinstance(retain, list) or not all(isinstance(key, str) for key in retain):
        raise PatchError(f"$retainKeys at {_where(path)} must be a list of field names")
    for key, value in patch.items():
        # A patch that sets a field it asks to clear is contradictory, as in apimachinery.
        if value is not None and not key.startswith("$") and key not in retain:
            raise PatchError(f"field {key!r} at {_where(path)} is not listed in $retainKeys")
    for key in [key for key in original if key not in retain]:
        del original[key]


def _patched_fields(patch: dict[str, Any], path: Path) -> list[str]:
    """Names of the fields a patch map touches, directive prefixes removed, in patch order."""
    fields: dict[str, None] = {}
    for key in patch:
        for prefix in _PARALLEL_PREFIXES:
            if key.startswith(prefix):
                key = key.removeprefix(prefix)
                if not key:
                    raise PatchError(f"directive {prefix!r} at {_where(path)} names no field")
                break
        fields[key] = None
    return list(fields)


def _patch_field(result: dict[str, Any], patch: dict[str, Any], field: str, path: Path) -> None:
    value = patch.get(field)
    if field in patch and not isinstance(value, list):
        if value is None:
            result.pop(field, None)
        elif isinstance(value, dict):
            current = result.get(field)
            base = current if isinstance(current, dict) else {}
            merged = _merge_map(base, value, (*path, field))
            if merged is None:
                result.pop(field, None)
            else:
                result[field] = merged
        else:
            result[field] = value
        return
    merged_list = _merge_list_field(
        result.get(field),
        value,
        patch.get(SET_ELEMENT_ORDER + field),
        patch.get(DELETE_FROM_PRIMITIVE_LIST + field),
        path,
        field,
    )
    if merged_list is not None:
        result[field] = merged_list


def _merge_list_field(
    current: Any, patch_list: list[Any] | None, order: Any, deletions: Any, path: Path, field: str
) -> list[Any] | None:
    """Merge list ``field``; None when only directives named a list that does not exist."""
    if patch_list is None and not isinstance(current, list):
        return None
    live = current if isinstance(current, list) else []
    key = merge_key(path, field)
    if patch_list is not None and not _merging(path, field):
        return patch_list  # atomic list: replaced wholesale, ordering directives are moot
    merged = list(live)
    if deletions is not None:
        doomed = _as_list(deletions, DELETE_FROM_PRIMITIVE_LIST + field, path)
        merged = [item for item in merged if item not in doomed]
    sent: list[Any] = []
    if patch_list is not None:
        if key is None:
            merged, sent = _deduplicate(merged + patch_list), patch_list
        else:
            merged, sent = _merge_keyed(merged, patch_list, key, (*path, field))
    if not _merging(path, field):
        return merged
    # Without $setElementOrder the order of the patch list itself is respected.
    reference = sent if order is None else _as_list(order, SET_ELEMENT_ORDER + field, path)
    return _enforce_order(merged, reference, live, key)


def _as_list(value: Any, directive: str, path: Path) -> list[Any]:
    if not isinstance(value, list):
        raise PatchError(f"{directive} at {_where(path)} must be a list")
    return value


def _deduplicate(items: list[Any]) -> list[Any]:
    unique: list[Any] = []
    for item in items:
        if item not in unique:
            unique.append(item)
    return unique


def _merge_keyed(
    live: list[Any], patch_list: list[Any], key: str, item_path: Path
) -> tuple[list[Any], list[Any]]:
    """Merge a keyed list; returns (merged list, the patch's plain items for ordering)."""
    updates, deleted, replace = _split_directives(patch_list, key, item_path)
    if any(not isinstance(item, dict) for item in live):
        raise PatchError(f"list {_where(item_path)} merged by {key!r} holds non-objects")
    merged = [] if replace else [item for item in live if item.get(key) not in deleted]
    for update in updates:
        index = _find(merged, key, update[key])
        if index is None:
            added = _merge_map({}, update, item_path)
            if added is not None:
                merged.append(added)
            continue
        changed = _merge_map(merged[index], update, item_path)
        if changed is None:
            del merged[index]
        else:
            merged[index] = changed
    return merged, updates


def _split_directives(
    patch_list: list[Any], key: str, item_path: Path
) -> tuple[list[dict[str, Any]], list[Any], bool]:
    """Sort a keyed patch list into (items to merge, keys to delete, replace-the-list flag)."""
    updates: list[dict[str, Any]] = []
    deleted: list[Any] = []
    replace = False
    for item in patch_list:
        if not isinstance(item, dict):
            raise PatchError(f"list {_where(item_path)} merged by {key!r} expects objects")
        directive = item.get(PATCH)
        if directive == "replace":
            replace = True
            continue
        if key not in item:
            raise PatchError(f"item of {_where(item_path)} lacks its merge key {key!r}")
        if directive == "delete":
            deleted.append(item[key])
        elif directive in (None, "merge"):
            updates.append(item)
        else:
            raise PatchError(f"unknown $patch directive {directive!r} in {_where(item_path)}")
    return updates, deleted, replace


def _find(items: list[Any], key: str, value: Any) -> int | None:
    for index, item in enumerate(items):
        if isinstance(item, dict) and key in item and item[key] == value:
            return index
    return None


def _identity(item: Any, key: str | None) -> Any:
    """What names an item for ordering: its merge key value, or the item itself."""
    if key is not None and isinstance(item, dict):
        return item.get(key)
    return item


def _enforce_order(
    merged: list[Any], reference: list[Any], live: list[Any], key: str | None
) -> list[Any]:
    """Order ``merged`` the way apimachinery does (normalizeElementOrder).

    Items named by ``reference`` ($setElementOrder, else the patch list) come in that order;
    the others ("server-only") keep their relative order and are interleaved in front of a
    referenced item only when the live list already had them before it.
    """
    wanted = [_identity(item, key) for item in reference]
    named = [item for item in merged if _identity(item, key) in wanted]
    named.sort(key=lambda item: wanted.index(_identity(item, key)))
    server_only = [item for item in merged if _identity(item, key) not in wanted]
    live_ids = [_identity(item, key) for item in live]

    def live_position(item: Any) -> int | None:
        identity = _identity(item, key)
        return live_ids.index(identity) if identity in live_ids else None

    ordered: list[Any] = []
    while server_only and named:
        left, right = live_position(server_only[0]), live_position(named[0])
        earlier = left is not None and right is not None and left < right
        ordered.append(server_only.pop(0) if earlier else named.pop(0))
    return ordered + server_only + named


# ---- server-side apply -------------------------------------------------------------------


def server_side_apply(
    current: dict[str, Any] | None,
    applied: dict[str, Any],
    previously_applied: dict[str, Any] | None,
) -> dict[str, Any]:
    """A simplified server-side apply for one field manager.

    The applied configuration is merged into ``current`` (``{}`` when the object does not
    exist) with strategic-merge semantics, then every field that ``previously_applied`` (this
    manager's last applied configuration) held but ``applied`` no longer holds is removed:
    map keys, keyed-list items (matched by merge key) and set-list values. That is how
    ``kubectl apply --server-side`` and helm drop an env var, port or annotation.

    Simplified versus real SSA: there is no managedFields bookkeeping and no ownership
    conflict (409) between managers: the applier always wins, and what it stops applying is
    removed even if another manager also set it. A keyed-list item it stops applying goes
    entirely, including fields others added to it. A dropped map is removed only if nothing
    else is left in it. Lists use the SMP merge-key table instead of OpenAPI ``x-kubernetes-*``
    markers, ``$patch``-style directives in the applied object are interpreted, and
    ``metadata.name/namespace/uid/resourceVersion/creationTimestamp/generation``,
    ``apiVersion`` and ``kind`` are never pruned.
    """
    if not isinstance(applied, dict):
        raise PatchError("an apply configuration must be a JSON object")
    base = copy.deepcopy(current) if current is not None else {}
    result = _merge_map(base, copy.deepcopy(applied), ()) or {}
    if previously_applied:
        _prune_map(result, previously_applied, applied, ())
    return result


def _prune_map(
    live: dict[str, Any], previous: dict[str, Any], now: dict[str, Any], path: Path
) -> None:
    """Remove from ``live`` what ``previous`` applied and ``now`` no longer applies."""
    for field, prev_value in previous.items():
        if field not in live or (*path, field) in _SERVER_MANAGED or field.startswith("$"):
            continue
        if field in now:
            _prune_kept_field(live, field, prev_value, now[field], path)
        else:
            _prune_dropped_field(live, field, prev_value, path)


def _prune_kept_field(
    live: dict[str, Any], field: str, prev_value: Any, now_value: Any, path: Path
) -> None:
    value = live[field]
    if isinstance(value, dict) and isinstance(prev_value, dict) and isinstance(now_value, dict):
        _prune_map(value, prev_value, now_value, (*path, field))
    elif (
        isinstance(value, list)
        and isinstance(prev_value, list)
        and isinstance(now_value, list)
        and _merging(path, field)
    ):
        _prune_list(value, prev_value, now_value, path, field)
    # Scalars and atomic lists: the applied value already replaced the previous one.


def _prune_dropped_field(live: dict[str, Any], field: str, prev_value: Any, path: Path) -> None:
    """The applier stopped setting ``field``: drop its part, keep what others put there."""
    value = live[field]
    if isinstance(value, dict) and isinstance(prev_value, dict):
        _prune_map(value, prev_value, {}, (*path, field))
        emptied = not value
    elif isinstance(value, list) and isinstance(prev_value, list) and _merging(path, field):
        _prune_list(value, prev_value, [], path, field)
        emptied = not value
    else:
        emptied = True
    if emptied:
        del live[field]


def _prune_list(
    live: list[Any], previous: list[Any], now: list[Any], path: Path, field: str
) -> None:
    """Remove (in place) the items of a merging list that ``previous`` had and ``now`` lacks."""
    key = merge_key(path, field)
    if key is None:  # a set list: values are their own identity
        live[:] = [value for value in live if value in now or value not in previous]
        return
    for prev_item in previous:
        if not isinstance(prev_item, dict) or key not in prev_item:
            continue
        now_index = _find(now, key, prev_item[key])
        if now_index is None:
            live[:] = [item for item in live if _find([item], key, prev_item[key]) is None]
            continue
        live_index = _find(live, key, prev_item[key])
        if live_index is not None:
            _prune_map(live[live_index], prev_item, now[now_index], (*path, field))
