"""The declarative model every printer is built from, plus the column builders they share.

A `Printer` is a tuple of `Column`s: a column definition plus a function that computes the
cell from a stored object. `RowContext` carries the object being printed and a per-row cache
for values several cells derive from the same expensive walk.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from kubesim.printers.durations import since
from kubesim.printers.values import dig, number, text

Cell = str | int | bool
Obj = Mapping[str, Any]


@dataclass
class RowContext:
    """One object being printed, plus a per-row cache for values several cells share."""

    obj: Obj
    now: datetime
    cache: dict[str, object] = field(default_factory=dict)

    def age(self) -> str:
        return since(dig(self.obj, "metadata", "creationTimestamp"), self.now)


CellFn = Callable[[RowContext], Cell]


@dataclass(frozen=True)
class Column:
    name: str
    cell: CellFn
    description: str
    type: str = "string"
    priority: int = 0
    format: str = ""

    def definition(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "type": self.type,
            "format": self.format,
            "description": self.description,
            "priority": self.priority,
        }


RowConditions = Callable[[RowContext], list[dict[str, str]]]


@dataclass(frozen=True)
class Printer:
    columns: tuple[Column, ...]
    conditions: RowConditions | None = None


_NAME_DOC = (
    "Name must be unique within a namespace. Is required when creating resources, although "
    "some resources may allow a client to request the generation of an appropriate name "
    "automatically. Name is primarily intended for creation idempotence and configuration "
    "definition. Cannot be updated. More info: "
    "https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names"
)
_AGE_DOC = (
    "CreationTimestamp is a timestamp representing the server time when this object was "
    "created. It is not guaranteed to be set in happens-before order across separate "
    "operations. Clients may not set this value. It is represented in RFC3339 form and is in "
    "UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: "
    "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"
)


def column(
    name: str, cell: CellFn, description: str, *, type: str = "string", wide: bool = False
) -> Column:
    """A column; `wide` ones (priority 1) are still filled in, kubectl hides them itself."""
    return Column(name, cell, description, type=type, priority=1 if wide else 0)


def text_at(*path: str, default: str = "") -> CellFn:
    return lambda row: text(row.obj, *path, default=default)


def int_at(*path: str, default: int = 0) -> CellFn:
    return lambda row: number(row.obj, *path, default=default)


def or_none(cell: CellFn) -> CellFn:
    return lambda row: cell(row) or "<none>"


NAME = Column("Name", text_at("metadata", "name"), _NAME_DOC, format="name")
AGE = Column("Age", RowContext.age, _AGE_DOC)


def format_labels(labels: Any) -> str:
    """labels.FormatLabels: "k=v,k2=v2" sorted by key, "<none>" when empty."""
    if not isinstance(labels, Mapping) or not labels:
        return "<none>"
    return ",".join(f"{key}={labels[key]}" for key in sorted(labels, key=str))
