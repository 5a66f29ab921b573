"""Summary rows: what a table shows for one object, computed from the raw JSON dict.

`summarize(resource, obj)` is the entry point (resource = the plural name, e.g. "pods").
Rows hold only plain JSON values. Time-dependent figures (age) are not stored in a row, because
rows are memoised per object resourceVersion; `with_age(row, created_epoch, now)` adds
`age_seconds` when a response is built. A summary never raises: a sparse or odd object gets
whatever fields can be read, and a bug in one kind's summary falls back to the common fields.
"""

from __future__ import annotations

import logging

# The per-domain modules register their summarizers on import.
from app.services import summaries_cluster, summaries_pods, summaries_workloads
from app.services.summaries_base import SUMMARIZERS, Obj, Row, d, epoch, text

log = logging.getLogger("kubedeck.summaries")
_DOMAINS = (summaries_cluster, summaries_pods, summaries_workloads)

# Sort names a table offers that are not row keys themselves.
SORT_ALIASES = {
    "age": "-created",  # youngest first: an ascending age is a descending creation time
    "cpu": "cpu_requests_millicores",
    "memory": "memory_requests_bytes",
}


def common(obj: Obj) -> Row:
    meta = d(obj.get("metadata"))
    return {
        "name": str(meta.get("name") or ""),
        "namespace": text(meta.get("namespace")),
        "uid": text(meta.get("uid")),
        "created": text(meta.get("creationTimestamp")),
        "labels": {str(k): str(v) for k, v in d(meta.get("labels")).items()},
    }


def summarize(resource: str, obj: Obj) -> Row:
    """The summary row of `obj`, a raw object of `resource` (generic for unknown kinds)."""
    row = common(obj)
    fn = SUMMARIZERS.get(resource)
    if fn is None:
        kind = text(obj.get("kind"))
        if kind:
            row["kind"] = kind
        return row
    try:
        row.update(fn(obj))
    except Exception:  # a summary must never fail a list: log it, serve the common fields
        log.exception("summary of %s %s failed", resource, row["name"])
        row["summary_error"] = True
    return row


def created_epoch(obj: Obj) -> float | None:
    return epoch(d(obj.get("metadata")).get("creationTimestamp"))


def with_age(row: Row, created: float | None, now: float) -> Row:
    """A copy of `row` with `age_seconds` as of `now` (None when creation time is unknown)."""
    age = None if created is None else max(0, int(now - created))
    return {**row, "age_seconds": age}
