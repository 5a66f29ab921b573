"""Defensive accessors for reading stored objects that may be sparse or malformed.

Objects may be half-built by a test or written by a controller that has not caught up, so
every accessor tolerates missing keys and wrong types and falls back to the zero value the
real printers show.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any


def dig(obj: Any, *path: str) -> Any:
    """obj[path[0]][path[1]]..., or None as soon as a step is missing or not a mapping."""
    current = obj
    for key in path:
        if not isinstance(current, Mapping):
            return None
        current = current.get(key)
    return current


def text(obj: Any, *path: str, default: str = "") -> str:
    value = dig(obj, *path)
    return value if isinstance(value, str) else default


def number(obj: Any, *path: str, default: int = 0) -> int:
    value = dig(obj, *path)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return default
    return int(value)


def present(obj: Any, *path: str) -> Mapping[str, Any] | None:
    """The mapping at path, or None: for Go pointer fields, where "set but empty" matters."""
    value = dig(obj, *path)
    return value if isinstance(value, Mapping) else None


def mapping(obj: Any, *path: str) -> Mapping[str, Any]:
    return present(obj, *path) or {}


def items(obj: Any, *path: str) -> list[Mapping[str, Any]]:
    """The list at path, keeping only its mapping entries."""
    value = dig(obj, *path)
    if not isinstance(value, list):
        return []
    return [entry for entry in value if isinstance(entry, Mapping)]


def strings(obj: Any, *path: str) -> list[str]:
    value = dig(obj, *path)
    if not isinstance(value, list):
        return []
    return [entry for entry in value if isinstance(entry, str)]


def parse_time(value: Any) -> datetime | None:
    """An RFC 3339 timestamp (Time or MicroTime) as an aware datetime; None if unusable."""
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str) and value:
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return None
    else:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def find_condition(conditions: list[Mapping[str, Any]], kind: str) -> Mapping[str, Any] | None:
    """The first condition of type `kind`: the one upstream printers read when types repeat."""
    return next((condition for condition in conditions if text(condition, "type") == kind), None)
