"""Health of each cluster: checked concurrently, cached, and used to fail fast while one is down."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from app.core import errors
from app.services.kube_gateway import BadKubeconfig, KubeGateway

HEALTHY, UNREACHABLE, UNAUTHORIZED, TIMEOUT, BAD_KUBECONFIG, UNKNOWN = (
    "healthy",
    "unreachable",
    "unauthorized",
    "timeout",
    "bad_kubeconfig",
    "unknown",
)


@dataclass(frozen=True)
class Health:
    cluster_id: str
    status: str
    reason: str | None = None
    version: str | None = None
    latency_ms: float | None = None
    node_count: int | None = None
    checked_at: datetime | None = None
    checked_monotonic: float = 0.0

    @property
    def reachable(self) -> bool:
        return self.status == HEALTHY


def unknown(cluster_id: str) -> Health:
    return Health(cluster_id, UNKNOWN)


async def probe(gateway: KubeGateway, timeout: float) -> Health:
    """GET /version (latency) and the node count, each within `timeout`."""
    started = time.monotonic()
    cid = gateway.cluster_id
    try:
        version = await gateway.request("GET", "/version", timeout=timeout)
        latency = (time.monotonic() - started) * 1000
        nodes = await gateway.request("GET", "/api/v1/nodes", timeout=timeout)
    except BadKubeconfig as exc:
        return _done(cid, BAD_KUBECONFIG, exc.detail)
    except errors.ClusterUnavailable as exc:
        status = TIMEOUT if exc.extra.get("reason") == "timeout" else UNREACHABLE
        return _done(cid, status, exc.detail)
    except errors.Forbidden as exc:
        return _done(cid, UNAUTHORIZED, exc.detail)
    except errors.AppError as exc:
        return _done(cid, UNREACHABLE, exc.detail)
    count = len(nodes.get("items") or []) if isinstance(nodes, dict) else None
    git_version = version.get("gitVersion") if isinstance(version, dict) else None
    return Health(
        cid,
        HEALTHY,
        None,
        git_version,
        round(latency, 1),
        count,
        datetime.now(UTC),
        time.monotonic(),
    )


def _done(cluster_id: str, status: str, reason: str) -> Health:
    return Health(
        cluster_id, status, reason, checked_at=datetime.now(UTC), checked_monotonic=time.monotonic()
    )


class HealthBoard:
    """The latest health per cluster; a cluster known down fails fast until it is re-checked."""

    def __init__(self, fail_fast_seconds: float) -> None:
        self.fail_fast_seconds = fail_fast_seconds
        self._latest: dict[str, Health] = {}
        self._inflight: dict[str, asyncio.Task[Health]] = {}

    def get(self, cluster_id: str) -> Health:
        return self._latest.get(cluster_id, unknown(cluster_id))

    def record(self, health: Health) -> None:
        self._latest[health.cluster_id] = health

    def forget(self, cluster_id: str) -> None:
        self._latest.pop(cluster_id, None)

    def known_down(self, cluster_id: str) -> Health | None:
        health = self._latest.get(cluster_id)
        if health is None or health.reachable or health.status == UNAUTHORIZED:
            return None
        if time.monotonic() - health.checked_monotonic > self.fail_fast_seconds:
            return None  # stale: let the next call try (and refresh) again
        return health

    async def check(self, gateway: KubeGateway, timeout: float) -> Health:
        """One probe per cluster at a time; concurrent callers share it."""
        task = self._inflight.get(gateway.cluster_id)
        if task is None:
            task = asyncio.create_task(probe(gateway, timeout))
            self._inflight[gateway.cluster_id] = task
            task.add_done_callback(lambda _: self._inflight.pop(gateway.cluster_id, None))
        health = await asyncio.shield(task)
        self.record(health)
        return health
