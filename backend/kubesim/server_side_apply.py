"""A simplified server-side apply for one field manager, on plain JSON values.

The applied configuration is merged with strategic merge patch (:mod:`kubesim.strategic`),
then what the manager applied last time but no longer applies is pruned. Which lists are
pruned item by item comes from the same merge-key table (:mod:`kubesim.merge_keys`).
"""

from __future__ import annotations

from typing import Any

from kubesim.merge_keys import Path, index_by_merge_key, merge_key, merges_items
from kubesim.strategic import PatchError, strategic_merge_patch

__all__ = ["server_side_apply"]

# Fields the server owns; server_side_apply never prunes them.
_SERVER_MANAGED_METADATA = ("name", "namespace", "uid", "resourceVersion", "creationTimestamp")
_SERVER_MANAGED: frozenset[Path] = frozenset(
    {("apiVersion",), ("kind",), ("metadata", "generation")}
    | {("metadata", field) for field in _SERVER_MANAGED_METADATA}
)


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
    # strategic_merge_patch copies both sides, so pruning below may mutate the result freely.
    result = strategic_merge_patch(current if current is not None else {}, applied)
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
            _prune_inside(live, field, prev_value, now[field], path)
        else:
            _prune_dropped_field(live, field, prev_value, path)


def _prune_inside(
    live: dict[str, Any], field: str, prev_value: Any, now_value: Any, path: Path
) -> bool:
    """Prune within ``live[field]`` when it is a map or merging list on all three sides.

    Returns False otherwise: for scalars and atomic lists the applied value simply replaced
    the previous one, so there is nothing to prune inside them.
    """
    value = live[field]
    if isinstance(value, dict) and isinstance(prev_value, dict) and isinstance(now_value, dict):
        _prune_map(value, prev_value, now_value, (*path, field))
        return True
    if (
        isinstance(value, list)
        and isinstance(prev_value, list)
        and isinstance(now_value, list)
        and merges_items(path, field)
    ):
        _prune_list(value, prev_value, now_value, path, field)
        return True
    return False


def _prune_dropped_field(live: dict[str, Any], field: str, prev_value: Any, path: Path) -> None:
    """The applier stopped setting ``field``: drop its part, keep what others put there."""
    # Pruning against an empty value of the previous shape removes everything it applied.
    nothing_applied: Any = {} if isinstance(prev_value, dict) else []
    if not _prune_inside(live, field, prev_value, nothing_applied, path) or not live[field]:
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
        now_index = index_by_merge_key(now, key, prev_item[key])
        if now_index is None:
            live[:] = [
                item for item in live if index_by_merge_key([item], key, prev_item[key]) is None
            ]
            continue
        live_index = index_by_merge_key(live, key, prev_item[key])
        if live_index is not None:
            _prune_map(live[live_index], prev_item, now[now_index], (*path, field))
