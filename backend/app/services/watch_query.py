"""Filter, sort and paginate cached entries into a page of summary rows.

Filtering and sorting work on the memoised rows (never re-summarising an unchanged object) and
the sorted result is memoised per store generation, so a warm first page costs a slice.
"""

from __future__ import annotations

import operator
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from app.core import errors
from app.services import summaries
from app.services.watch_selector import Selector, parse
from app.services.watch_store import Entry, KindStore

Row = dict[str, Any]
_UNSORTABLE = frozenset({"labels"})


@dataclass(frozen=True)
class ListQuery:
    namespace: str | None = None
    label_selector: str | None = None
    search: str | None = None
    sort: str | None = None
    limit: int = 100  # 0 = every row
    offset: int = 0
    # Equality filters on row fields (the events list: type, involved_kind, ...).
    where: tuple[tuple[str, str], ...] = ()

    @property
    def selector(self) -> Selector | None:
        return parse(self.label_selector)

    def validate(self) -> None:
        """Raises 400 for a bad label selector (before any cluster is asked)."""
        parse(self.label_selector)


@dataclass
class Page:
    items: list[Row]
    total: int
    limit: int
    offset: int
    extra: dict[str, Any] = field(default_factory=dict)

    def body(self) -> dict[str, Any]:
        return {
            "items": self.items,
            "total": self.total,
            "limit": self.limit,
            "offset": self.offset,
            **self.extra,
        }


def sort_spec(resource: str, sort: str | None, default: str = "name") -> tuple[str, bool]:
    """(row field, descending) for a `sort` parameter: a field of the kind's summary rows,
    optionally prefixed with '-', or an alias (age, cpu, memory); unknown → 400."""
    raw = (sort or default).strip()
    descending = raw.startswith("-")
    name = raw.lstrip("-")
    alias = summaries.SORT_ALIASES.get(name)
    if alias is not None:
        descending ^= alias.startswith("-")
        name = alias.lstrip("-")
    fields = sortable_fields(resource)
    if name not in fields:
        raise errors.BadRequest(
            f"cannot sort {resource} by {raw!r}; sortable fields: "
            f"{', '.join(sorted(fields | _aliases_for(fields)))}"
        )
    return name, descending


def _aliases_for(fields: set[str]) -> set[str]:
    return {a for a, target in summaries.SORT_ALIASES.items() if target.lstrip("-") in fields}


def sortable_fields(resource: str) -> set[str]:
    # Summaries never raise on sparse objects, so an empty object shows every field a kind has.
    return set(summaries.summarize(resource, {})) - _UNSORTABLE


_NAME_KEY = operator.attrgetter("name_key")


def _sort_key(field_name: str) -> Callable[[Entry], Any]:
    def key(e: Entry) -> Any:
        value = e.row.get(field_name)
        if isinstance(value, bool | int | float):
            return (0, value)
        return (1, value if isinstance(value, str) else str(value))

    return key


def select(
    entries: Iterable[Entry], query: ListQuery, resource: str, default_sort: str = "name"
) -> list[Entry]:
    """Entries matching the query, sorted; rows without the sort field come last."""
    field_name, descending = sort_spec(resource, query.sort, default_sort)
    chosen = list(entries)
    if query.namespace is not None:
        chosen = [e for e in chosen if e.row["namespace"] == query.namespace]
    if query.search:
        needle = query.search.lower()
        chosen = [e for e in chosen if needle in e.row["name"].lower()]
    if (selector := query.selector) is not None:
        chosen = [e for e in chosen if selector.matches(e.row["labels"])]
    for key, value in query.where:
        chosen = [e for e in chosen if str(e.row.get(key)) == value]
    if field_name == "name":
        chosen.sort(key=_NAME_KEY, reverse=descending)
        return chosen
    # Ties (and rows without the field) keep namespace/name order, whatever the direction
    # (Python's sort is stable, reversed or not).
    chosen.sort(key=lambda e: (e.name_key[1], e.name_key[0]))
    missing = [e for e in chosen if e.row.get(field_name) is None]
    chosen = [e for e in chosen if e.row.get(field_name) is not None]
    chosen.sort(key=_sort_key(field_name), reverse=descending)
    return chosen + missing


def page_of(entries: list[Entry], query: ListQuery) -> Page:
    """One page of rows, each with its age as of now."""
    end = None if query.limit == 0 else query.offset + query.limit
    now = time.time()
    rows = [summaries.with_age(e.row, e.created, now) for e in entries[query.offset : end]]
    return Page(rows, len(entries), query.limit, query.offset)


def from_store(store: KindStore, query: ListQuery, default_sort: str = "name") -> Page:
    key = (
        query.namespace,
        query.label_selector,
        query.search,
        query.sort or default_sort,
        query.where,
    )
    entries = store.view(
        key, lambda: select(store.entries.values(), query, store.kind.resource, default_sort)
    )
    return page_of(entries, query)
