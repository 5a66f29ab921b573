"""Server-side `meta.k8s.io/v1` Tables, the reply to `kubectl get`.

kubectl asks for `application/json;as=Table;v=v1;g=meta.k8s.io` and prints whatever columns
the server sends, so the columns and cell formats here decide what `kubectl get` looks like.
The per-resource columns live in `kubesim.printers`; this module builds the Table envelope:
list metadata, column definitions, and one row per object carrying the object in the shape
`?includeObject=` asked for.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Literal

from kubesim.printers import column_definitions, human_duration, print_row, printer_for

__all__ = [
    "INCLUDE_OBJECT_MODES",
    "TABLE_MEDIA_TYPE",
    "IncludeObject",
    "human_duration",
    "render_table",
]

TABLE_MEDIA_TYPE = "application/json;as=Table;v=v1;g=meta.k8s.io"
INCLUDE_OBJECT_MODES = ("None", "Metadata", "Object")
IncludeObject = Literal["None", "Metadata", "Object"]


def render_table(
    resource: str,
    objects: Sequence[Mapping[str, Any]],
    *,
    include_object: str = "Metadata",
    now: datetime | None = None,
    resource_version: str = "",
    continue_token: str = "",
    include_column_definitions: bool = True,
) -> dict[str, Any]:
    """A Table of `objects` (all of plural `resource`), as the API server renders it.

    `include_object` is the `?includeObject=` policy: "None" drops the object from each row,
    "Metadata" (the server default) embeds a PartialObjectMetadata, "Object" the whole
    object. Rows reference the given objects rather than copying them: serialise the result
    before mutating them. Unknown `include_object` values raise ValueError.
    """
    if include_object not in INCLUDE_OBJECT_MODES:
        raise ValueError(
            f"unknown includeObject {include_object!r}, expected one of {INCLUDE_OBJECT_MODES}"
        )
    moment = _aware(now or datetime.now(UTC))
    printer = printer_for(resource)
    rows = []
    for obj in objects:
        cells, conditions = print_row(printer, obj, moment)
        row: dict[str, Any] = {"cells": cells}
        if conditions:
            row["conditions"] = conditions
        embedded = _embedded_object(obj, include_object)
        if embedded is not None:
            row["object"] = embedded
        rows.append(row)
    return {
        "kind": "Table",
        "apiVersion": "meta.k8s.io/v1",
        "metadata": _list_meta(resource_version, continue_token),
        # Watches send definitions only with the first event; later ones carry none.
        "columnDefinitions": column_definitions(printer) if include_column_definitions else [],
        "rows": rows,
    }


def _aware(moment: datetime) -> datetime:
    # Ages subtract stored (aware, UTC) timestamps from `now`: a naive `now` is taken as UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _list_meta(resource_version: str, continue_token: str) -> dict[str, str]:
    # ListMeta fields are omitempty on the real server.
    meta = {}
    if resource_version:
        meta["resourceVersion"] = resource_version
    if continue_token:
        meta["continue"] = continue_token
    return meta


def _embedded_object(obj: Mapping[str, Any], include_object: str) -> Any:
    if include_object == "None":
        return None
    if include_object == "Object":
        return obj
    metadata = obj.get("metadata") if isinstance(obj, Mapping) else None
    return {
        "kind": "PartialObjectMetadata",
        "apiVersion": "meta.k8s.io/v1",
        "metadata": metadata if isinstance(metadata, Mapping) else {},
    }
