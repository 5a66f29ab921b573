"""`kubectl get events` columns, for core v1 and events.k8s.io/v1 events alike.

Core v1 field names come first, with fallbacks to the events.k8s.io/v1 names (regarding,
note, deprecatedFirstTimestamp, ...) because the real server prints both API versions
through the same printer.
"""

from __future__ import annotations

import dataclasses

from kubesim.printers.columns import NAME, Obj, Printer, RowContext, column, text_at
from kubesim.printers.durations import since
from kubesim.printers.values import dig, mapping, number, parse_time, present, text


def _age_of_first_set(row: RowContext, *keys: str) -> str | None:
    """The age of the first of `keys` holding a usable timestamp; None when none does."""
    for key in keys:
        if parse_time(dig(row.obj, key)):
            return since(dig(row.obj, key), row.now)
    return None


def _event_first_seen(row: RowContext) -> str:
    first = _age_of_first_set(row, "firstTimestamp", "deprecatedFirstTimestamp", "eventTime")
    return first or "<unknown>"


def _event_last_seen(row: RowContext) -> str:
    series = present(row.obj, "series")
    if series is not None:
        return since(dig(series, "lastObservedTime"), row.now)
    last = _age_of_first_set(row, "lastTimestamp", "deprecatedLastTimestamp")
    return last or _event_first_seen(row)


def _event_count(row: RowContext) -> int:
    series = present(row.obj, "series")
    if series is not None:
        return number(series, "count")
    count = number(row.obj, "count") or number(row.obj, "deprecatedCount")
    return count or 1  # singleton events carry no count in the new API


def _event_subject(row: RowContext) -> Obj:
    return present(row.obj, "involvedObject") or mapping(row.obj, "regarding")


def _event_object(row: RowContext) -> str:
    subject = _event_subject(row)
    kind = text(subject, "kind").lower()
    return f"{kind}/{text(subject, 'name')}" if text(subject, "name") else kind


def _event_source(row: RowContext) -> str:
    component = (
        text(row.obj, "source", "component")
        or text(row.obj, "deprecatedSource", "component")
        or text(row.obj, "reportingComponent")
        or text(row.obj, "reportingController")
    )
    host = (
        text(row.obj, "source", "host")
        or text(row.obj, "deprecatedSource", "host")
        or text(row.obj, "reportingInstance")
    )
    return f"{component}, {host}" if host else component


def _event_message(row: RowContext) -> str:
    return (text(row.obj, "message") or text(row.obj, "note")).strip()


EVENT = Printer(
    (
        column("Last Seen", _event_last_seen, "The time at which the most recent occurrence."),
        column("Type", text_at("type"), "Type of this event (Normal, Warning)."),
        column("Reason", text_at("reason"), "Short, machine understandable reason."),
        column("Object", _event_object, "The object that this event is about."),
        column(
            "Subobject",
            lambda r: text(_event_subject(r), "fieldPath"),
            "Part of the object the event is about.",
            wide=True,
        ),
        column("Source", _event_source, "The component reporting this event.", wide=True),
        column("Message", _event_message, "A human-readable description of the status."),
        column("First Seen", _event_first_seen, "When the event was first recorded.", wide=True),
        column("Count", _event_count, "The number of times this event has occurred.", wide=True),
        # Events lead with LAST SEEN; the name is only shown with -o wide.
        dataclasses.replace(NAME, priority=1),
    )
)
