"""CSV export of the cost tables: one line per row, nested objects flattened (`efficiency_cpu`)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel


def _flat(prefix: str, value: Any, out: dict[str, Any]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _flat(f"{prefix}_{key}" if prefix else str(key), item, out)
    elif isinstance(value, list):
        out[prefix] = ";".join(str(v) for v in value)
    else:
        out[prefix] = "" if value is None else value


def to_csv(rows: Sequence[BaseModel], columns: Sequence[str] = ()) -> str:
    flat = []
    for row in rows:
        out: dict[str, Any] = {}
        _flat("", row.model_dump(mode="json"), out)
        flat.append(out)
    header = list(columns) or list(dict.fromkeys(k for r in flat for k in r))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for r in flat:
        # A leading =, +, - or @ would be a formula to a spreadsheet: quote it as text.
        writer.writerow({k: _safe(v) for k, v in r.items()})
    return buffer.getvalue()


def _safe(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value
