"""What a finished helm operation records: its spec, and the result or error it ended with."""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from app.core import errors
from app.services.cluster_sources import ClusterDef
from app.services.helm_runner import HelmResult


@dataclass
class OpSpec:
    """One operation, ready to run: helm's arguments are built by the caller."""

    action: str
    cluster: ClusterDef
    namespace: str
    release: str
    args: list[str]
    timeout: float  # helm's --timeout; the process gets a little more (see `process_timeout`)
    stdin: str | None = None
    request: dict[str, Any] = field(default_factory=dict)  # for the record: never values
    # Reads the release afterwards (revision, status) for the result; never raises.
    describe: Callable[[], Awaitable[dict[str, Any]]] | None = None


def process_timeout(helm_timeout: float) -> float:
    """helm's --timeout bounds waiting, not API calls: our own limit is a bit longer."""
    return helm_timeout + min(30.0, 5.0 + helm_timeout * 0.1)


async def succeeded(spec: OpSpec, result: HelmResult) -> dict[str, Any]:
    facts: dict[str, Any] = {}
    if spec.action in ("install", "upgrade"):  # `-o json`: the release as helm left it
        with contextlib.suppress(ValueError):
            parsed = result.json()
            if isinstance(parsed, dict):
                info = parsed.get("info") or {}
                facts = {
                    "revision": parsed.get("version"),
                    "status": info.get("status"),
                    "notes": info.get("notes"),
                    "description": info.get("description"),
                }
    if not facts and spec.describe is not None and spec.action != "uninstall":
        facts = await spec.describe()
    revision = facts.get("revision")
    default_status = "uninstalled" if spec.action == "uninstall" else ""
    return {
        "status": "succeeded",
        "phase": "succeeded",
        "revision": int(revision) if revision else None,
        "notes": facts.get("notes") or None,
        "result": {
            "release_status": facts.get("status") or default_status,
            "description": facts.get("description") or "",
            "message": "" if spec.action in ("install", "upgrade") else result.stdout[:2000],
            "duration_ms": result.duration_ms,
        },
    }


async def failed(spec: OpSpec, exc: errors.AppError) -> dict[str, Any]:
    after: dict[str, Any] = {}
    # Not when the cluster cannot answer: unreachable, refusing, or so slow that our own
    # timeout stopped helm (helm's --timeout, shorter, covers resources that never get ready).
    unreachable = exc.extra.get("reason") in ("cluster_unreachable", "cluster_forbidden", "timeout")
    if spec.describe is not None and not unreachable:
        after = await spec.describe()  # what helm left behind, if the cluster can tell
    return {
        "status": "failed",
        "phase": f"failed: {exc.error}",
        "revision": after.get("revision"),
        "error": {
            "error": exc.error,
            "status_code": exc.status_code,
            "detail": exc.detail,
            **{k: v for k, v in exc.extra.items() if k != "helm_error"},
        },
        "result": {"release_status": after.get("status")},
    }
