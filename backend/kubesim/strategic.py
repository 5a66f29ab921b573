"""Strategic merge patch (k8s.io/apimachinery strategicpatch semantics) on plain JSON values.

How each list merges comes from :mod:`kubesim.merge_keys`. :class:`PatchError` and the ``JSON``
alias live here rather than in :mod:`kubesim.patching` so that this module and
:mod:`kubesim.server_side_apply` never import the facade; callers import all of them from
kubesim.patching.
"""

from __future__ import annotations

import copy
from typing import Any

from kubesim.merge_keys import Path, index_by_merge_key, merge_key, merges_items

__all__ = ["JSON", "PatchError", "strategic_merge_patch"]

JSON = Any


class PatchError(ValueError):
    """A patch that cannot be applied; the message names the problem.

    The API server answers 422 Unprocessable Entity (400 for a body that is not a patch at all).
    """


PATCH = "$patch"
RETAIN_KEYS = "$retainKeys"
SET_ELEMENT_ORDER = "$setElementOrder/"
DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList/"
_PARALLEL_PREFIXES = (SET_ELEMENT_ORDER, DELETE_FROM_PRIMITIVE_LIST)


def _where(path: Path) -> str:
    return ".".join(path) or "<root>"


def strategic_merge_patch(target: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    """Apply a strategic merge patch (k8s.io/apimachinery strategicpatch semantics).

    Maps merge recursively and ``null`` deletes a key; keyed lists (see
    :func:`kubesim.merge_keys.merge_key`) merge item by item, set lists merge as sets and every
    other list is replaced. The directives ``$patch`` (merge/replace/delete), ``$retainKeys``,
    ``$setElementOrder/<list>`` and ``$deleteFromPrimitiveList/<list>`` are honoured and never
    appear in the result.
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
    if patch_list is not None and not merges_items(path, field):
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
    if not merges_items(path, field):
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
        index = index_by_merge_key(merged, key, update[key])
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
