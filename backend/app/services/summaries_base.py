"""Helpers shared by the per-kind summaries: total accessors, quantities, times, selectors.

Every accessor tolerates missing or mistyped fields, so summaries of sparse objects never raise.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

Obj = dict[str, Any]
Row = dict[str, Any]
Summarizer = Callable[[Obj], Row]

SUMMARIZERS: dict[str, Summarizer] = {}


def register(*resources: str) -> Callable[[Summarizer], Summarizer]:
    def add(fn: Summarizer) -> Summarizer:
        for resource in resources:
            SUMMARIZERS[resource] = fn
        return fn

    return add


# ---- small, total accessors: sparse objects must never make a summary raise ---------------
def d(value: Any) -> Obj:
    """`value` if it is a dict, else an empty one."""
    return value if isinstance(value, dict) else {}


def lst(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def dicts(value: Any) -> list[Obj]:
    return [v for v in lst(value) if isinstance(v, dict)]


def num(value: Any, default: int = 0) -> int:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float):
        return int(value)
    return default


def text(value: Any) -> str | None:
    return value if isinstance(value, str) and value != "" else None


# ---- quantities and times -------------------------------------------------------------------
_SUFFIXES = {
    "n": Decimal("1e-9"), "u": Decimal("1e-6"), "m": Decimal("1e-3"), "": Decimal(1),
    "k": Decimal(10**3), "M": Decimal(10**6), "G": Decimal(10**9), "T": Decimal(10**12),
    "P": Decimal(10**15), "E": Decimal(10**18),
    "Ki": Decimal(2**10), "Mi": Decimal(2**20), "Gi": Decimal(2**30), "Ti": Decimal(2**40),
    "Pi": Decimal(2**50), "Ei": Decimal(2**60),
}  # fmt: skip
_QUANTITY = re.compile(r"^([+-]?[0-9.]+(?:[eE][+-]?[0-9]+)?)([a-zA-Z]*)$")


def quantity(value: Any) -> Decimal | None:
    """A Kubernetes quantity ("100m", "1.5Gi", "2", 3) as a number; None when unreadable."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return Decimal(str(value))
    if not isinstance(value, str):
        return None
    match = _QUANTITY.match(value.strip())
    if match is None or match.group(2) not in _SUFFIXES:
        return None
    try:
        return Decimal(match.group(1)) * _SUFFIXES[match.group(2)]
    except InvalidOperation:
        return None


def millicores(value: Any) -> int | None:
    ok = isinstance(value, str | int | float) and not isinstance(value, bool)
    return _millicores(value) if ok else None


def as_bytes(value: Any) -> int | None:
    ok = isinstance(value, str | int | float) and not isinstance(value, bool)
    return _bytes(value) if ok else None


# Quantities repeat across thousands of pods ("100m", "64Mi"): parse each spelling once.
@functools.lru_cache(maxsize=4096)
def _millicores(value: str | int | float) -> int | None:
    q = quantity(value)
    return None if q is None else int((q * 1000).to_integral_value(rounding="ROUND_CEILING"))


@functools.lru_cache(maxsize=4096)
def _bytes(value: str | int | float) -> int | None:
    q = quantity(value)
    return None if q is None else int(q.to_integral_value(rounding="ROUND_CEILING"))


def epoch(value: Any) -> float | None:
    """An RFC 3339 timestamp as epoch seconds; None when absent or unreadable."""
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


def format_selector(selector: Any) -> str:
    """A label selector (matchLabels/matchExpressions or a plain map) as kubectl prints it."""
    sel = d(selector)
    labels = d(sel.get("matchLabels")) if "matchLabels" in sel or "matchExpressions" in sel else sel
    parts = [f"{k}={v}" for k, v in labels.items()]
    for expr in dicts(sel.get("matchExpressions")):
        key, op = expr.get("key", ""), str(expr.get("operator", ""))
        values = ",".join(str(v) for v in lst(expr.get("values")))
        if op == "Exists":
            parts.append(str(key))
        elif op == "DoesNotExist":
            parts.append(f"!{key}")
        else:
            parts.append(f"{key} {op.lower()} ({values})")
    return ",".join(parts)


def images(pod_spec: Any) -> list[str]:
    return [str(c["image"]) for c in dicts(d(pod_spec).get("containers")) if c.get("image")]


def conditions_summary(status: Any) -> str:
    return ", ".join(
        f"{c.get('type')}={c.get('status')}" for c in dicts(d(status).get("conditions"))
    )


def owner(meta: Obj) -> tuple[str | None, str | None]:
    """The controlling owner (kind, name), else the first owner, else (None, None)."""
    refs = dicts(meta.get("ownerReferences"))
    ref = next((r for r in refs if r.get("controller")), refs[0] if refs else None)
    return (text(ref.get("kind")), text(ref.get("name"))) if ref else (None, None)
