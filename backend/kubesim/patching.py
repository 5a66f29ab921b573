"""The four PATCH flavours a Kubernetes API server accepts, on plain JSON values.

==========================================  ==========================
Content-Type                                function
==========================================  ==========================
application/merge-patch+json                :func:`json_merge_patch`
application/json-patch+json                 :func:`json_patch`
application/strategic-merge-patch+json      :func:`strategic_merge_patch`
application/apply-patch+yaml                :func:`server_side_apply`
==========================================  ==========================

JSON merge patch (RFC 7386) and JSON patch (RFC 6902) live here; strategic merge patch
(:mod:`kubesim.strategic`), server-side apply (:mod:`kubesim.server_side_apply`) and the
merge-key table (:mod:`kubesim.merge_keys`) are re-exported. No function mutates its inputs,
and results never share structure with them.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any

from kubesim.merge_keys import merge_key
from kubesim.server_side_apply import server_side_apply
from kubesim.strategic import JSON, PatchError, strategic_merge_patch

__all__ = [
    "JSON",
    "PatchError",
    "json_equal",
    "json_merge_patch",
    "json_patch",
    "merge_key",
    "server_side_apply",
    "strategic_merge_patch",
]


# ---- RFC 7386 JSON merge patch -----------------------------------------------------------


def json_merge_patch(target: JSON, patch: JSON) -> JSON:
    """Apply an RFC 7386 merge patch: objects merge recursively, ``null`` deletes, the rest
    (lists included) replaces. Any JSON value is a valid merge patch, so this never raises."""
    return _merge_patch(copy.deepcopy(target), patch)


def _merge_patch(target: JSON, patch: JSON) -> JSON:
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = target if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = _merge_patch(result.get(key), value)
    return result


# ---- RFC 6902 JSON patch -----------------------------------------------------------------

Operation = dict[str, Any]
Pointer = list[str]

_END_OF_ARRAY = "-"  # RFC 6902: "-" names the slot after the last element
_ARRAY_INDEX = re.compile(r"0|[1-9][0-9]*")
_BAD_ESCAPE = re.compile(r"~(?![01])")


def json_patch(target: JSON, operations: JSON) -> JSON:
    """Apply an RFC 6902 JSON patch (add, remove, replace, move, copy, test).

    The patch is atomic: any failing operation raises :class:`PatchError` naming the
    operation's index and the problem, and since we work on a copy nothing is half-applied.
    """
    if not isinstance(operations, list):
        raise PatchError("a JSON patch must be a list of operations")
    document = copy.deepcopy(target)
    for number, operation in enumerate(operations):
        try:
            document = _apply_operation(document, operation)
        except PatchError as error:
            raise PatchError(f"JSON patch operation {number}: {error}") from None
    return document


def _apply_operation(document: JSON, operation: Any) -> JSON:
    if not isinstance(operation, dict):
        raise PatchError(f"an operation must be an object, got {operation!r}")
    name = operation.get("op")
    handler = _HANDLERS.get(name) if isinstance(name, str) else None
    if handler is None:
        raise PatchError(f"unknown op {name!r}")
    return handler(document, operation, _pointer(operation, "path"))


def _pointer(operation: Operation, member: str) -> Pointer:
    """Parse the RFC 6901 JSON pointer in ``operation[member]`` into unescaped tokens."""
    if member not in operation:
        raise PatchError(f"{operation.get('op')!r} needs a {member!r} member")
    text = operation[member]
    if not isinstance(text, str) or (text and not text.startswith("/")):
        raise PatchError(f"{member} {text!r} is not a JSON pointer")
    if _BAD_ESCAPE.search(text):
        raise PatchError(f"{member} {text!r} has an invalid ~ escape")
    if not text:
        return []
    # ~1 before ~0, so that "~01" becomes "~1" and not "/".
    return [token.replace("~1", "/").replace("~0", "~") for token in text[1:].split("/")]


def _show(tokens: Pointer) -> str:
    return "".join("/" + token.replace("~", "~0").replace("/", "~1") for token in tokens)


def _value(operation: Operation) -> JSON:
    if "value" not in operation:
        raise PatchError(f"{operation['op']!r} needs a 'value' member")
    return copy.deepcopy(operation["value"])


def _array_index(token: str, array: list[Any], tokens: Pointer, inserting: bool) -> int:
    """Index into ``array``; "-" and len(array) are only valid when inserting."""
    if inserting and token == _END_OF_ARRAY:
        return len(array)
    limit = len(array) if inserting else len(array) - 1
    if not _ARRAY_INDEX.fullmatch(token) or int(token) > limit:
        raise PatchError(f"path {_show(tokens)!r}: array index {token!r} is out of range")
    return int(token)


def _resolve(document: JSON, tokens: Pointer) -> JSON:
    """The value at ``tokens``; PatchError when it does not exist."""
    value = document
    for depth, token in enumerate(tokens):
        if isinstance(value, dict) and token in value:
            value = value[token]
        elif isinstance(value, list):
            value = value[_array_index(token, value, tokens[: depth + 1], inserting=False)]
        else:
            raise PatchError(f"path {_show(tokens[: depth + 1])!r} not found")
    return value


def _add(document: JSON, tokens: Pointer, value: JSON) -> JSON:
    if not tokens:
        return value  # adding at the root replaces the whole document
    parent = _resolve(document, tokens[:-1])
    if isinstance(parent, dict):
        parent[tokens[-1]] = value
    elif isinstance(parent, list):
        parent.insert(_array_index(tokens[-1], parent, tokens, inserting=True), value)
    else:
        raise PatchError(f"path {_show(tokens[:-1])!r} is not an object or array")
    return document


def _remove(document: JSON, tokens: Pointer) -> JSON:
    """Remove the value at ``tokens`` and return it."""
    if not tokens:
        raise PatchError("cannot remove the whole document")
    parent = _resolve(document, tokens[:-1])
    if isinstance(parent, dict) and tokens[-1] in parent:
        return parent.pop(tokens[-1])
    if isinstance(parent, list):
        return parent.pop(_array_index(tokens[-1], parent, tokens, inserting=False))
    raise PatchError(f"path {_show(tokens)!r} not found")


def _op_add(document: JSON, operation: Operation, path: Pointer) -> JSON:
    return _add(document, path, _value(operation))


def _op_remove(document: JSON, operation: Operation, path: Pointer) -> JSON:
    del operation  # remove needs nothing but the path
    _remove(document, path)
    return document


def _op_replace(document: JSON, operation: Operation, path: Pointer) -> JSON:
    value = _value(operation)
    if not path:
        return value
    parent = _resolve(document, path[:-1])
    if isinstance(parent, dict) and path[-1] in parent:
        parent[path[-1]] = value  # in place, so the key keeps its position
    elif isinstance(parent, list):
        parent[_array_index(path[-1], parent, path, inserting=False)] = value
    else:
        raise PatchError(f"path {_show(path)!r} not found")
    return document


def _op_move(document: JSON, operation: Operation, path: Pointer) -> JSON:
    source = _pointer(operation, "from")
    if path[: len(source)] == source and len(path) > len(source):
        raise PatchError(f"cannot move {_show(source)!r} into its own child {_show(path)!r}")
    if source == path:
        _resolve(document, source)  # a no-op, but the location must still exist
        return document
    return _add(document, path, _remove(document, source))


def _op_copy(document: JSON, operation: Operation, path: Pointer) -> JSON:
    value = copy.deepcopy(_resolve(document, _pointer(operation, "from")))
    return _add(document, path, value)


def _op_test(document: JSON, operation: Operation, path: Pointer) -> JSON:
    expected = _value(operation)
    actual = _resolve(document, path)
    if not json_equal(actual, expected):
        raise PatchError(f"test failed: {_show(path)!r} is {actual!r}, not {expected!r}")
    return document


_HANDLERS: dict[str, Callable[[JSON, Operation, Pointer], JSON]] = {
    "add": _op_add,
    "remove": _op_remove,
    "replace": _op_replace,
    "move": _op_move,
    "copy": _op_copy,
    "test": _op_test,
}


def json_equal(left: JSON, right: JSON) -> bool:
    """JSON equality: numbers compare by value, but unlike Python ``True != 1``."""
    if isinstance(left, bool) or isinstance(right, bool):
        return type(left) is type(right) and left == right
    if isinstance(left, int | float) and isinstance(right, int | float):
        return left == right
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(json_equal(left[k], right[k]) for k in left)
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(map(json_equal, left, right))
    return type(left) is type(right) and bool(left == right)
