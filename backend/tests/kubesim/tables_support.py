"""Shared helpers for the server-side Table tests (test_tables_*.py): a fixed `NOW`, timestamps
relative to it, object metadata, a rendered row keyed by column name, and a running Pod."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from kubesim.tables import render_table

NOW = datetime(2024, 6, 1, 12, 0, 0, tzinfo=UTC)


def ago(**delta: float) -> str:
    """An RFC 3339 timestamp `delta` before NOW."""
    return (NOW - timedelta(**delta)).strftime("%Y-%m-%dT%H:%M:%SZ")


def meta(name: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "namespace": "default", "creationTimestamp": ago(minutes=5), **extra}


def cells(resource: str, obj: dict[str, Any]) -> dict[str, Any]:
    """The row of one object, keyed by upper-cased column name as kubectl shows them."""
    table = render_table(resource, [obj], now=NOW)
    names = [c["name"].upper() for c in table["columnDefinitions"]]
    row = table["rows"][0]["cells"]
    assert len(row) == len(names)
    return dict(zip(names, row, strict=True))


POD: dict[str, Any] = {
    "apiVersion": "v1",
    "kind": "Pod",
    "metadata": meta("web-1", uid="u-1", labels={"app": "web"}),
    "spec": {"nodeName": "node-a", "containers": [{"name": "app", "image": "nginx:1.27"}]},
    "status": {
        "phase": "Running",
        "podIP": "10.0.0.5",
        "podIPs": [{"ip": "10.0.0.5"}],
        "containerStatuses": [
            {"name": "app", "ready": True, "restartCount": 0, "state": {"running": {}}}
        ],
    },
}
