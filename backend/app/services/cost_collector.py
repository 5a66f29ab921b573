"""The background sampler: every `cost_sample_interval` seconds, every cluster at once.

Only the holder of the `collector` lease (a row in the shared database) samples, so several
replicas never count the same time twice. A cluster that is down or slow is skipped for that
round after its own timeout; the others are written regardless.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert, or_, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.core import errors
from app.models.base import utcnow
from app.models.cost import CostLease
from app.services import cost_settings, cost_store
from app.services.cluster_service import ClusterService
from app.services.cost_sampling import Snapshot, build_sample

log = logging.getLogger("kubedeck.cost")
LEASE = "collector"
_LISTS = {
    "pods": "/api/v1/pods",
    "nodes": "/api/v1/nodes",
    "replicasets": "/apis/apps/v1/replicasets",
    "jobs": "/apis/batch/v1/jobs",
    "pvcs": "/api/v1/persistentvolumeclaims",
    "pvs": "/api/v1/persistentvolumes",
    "namespaces": "/api/v1/namespaces",  # their labels: the fallback of label aggregation
}
# Lists a sample can do without: a cluster that refuses to list namespaces still has its costs
# sampled; its workloads lacking a label fall to `__unallocated__`, not their namespace's value.
_OPTIONAL = frozenset({"namespaces"})
_METRICS = "/apis/metrics.k8s.io/v1beta1/pods"


class CostCollector:
    def __init__(
        self,
        clusters: ClusterService,
        sessions: async_sessionmaker[AsyncSession],
        interval: int,
    ) -> None:
        self.clusters = clusters
        self.sessions = sessions
        self.interval = interval
        self.holder = f"{uuid.uuid4()}"
        self._task: asyncio.Task[None] | None = None
        self.last_errors: dict[str, str] = {}

    def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name="cost-collector")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _loop(self) -> None:
        while True:
            try:
                if await self.acquire_lease():
                    await self.sample_all()
            except Exception:  # the loop must outlive any one bad round
                log.exception("cost sampling round failed")
            await asyncio.sleep(self.interval)

    async def acquire_lease(self, now: datetime | None = None) -> bool:
        """Take or renew the lease; an atomic conditional UPDATE, so two replicas never both
        win. It lasts three intervals: a dead leader is replaced within that time."""
        now = now or utcnow()
        expires = cost_store.db_time(now + timedelta(seconds=3 * self.interval))
        async with self.sessions() as session:
            result = await session.execute(
                update(CostLease)
                .where(
                    CostLease.name == LEASE,
                    or_(
                        CostLease.holder == self.holder,
                        CostLease.expires_at < cost_store.db_time(now),
                    ),
                )
                .values(holder=self.holder, expires_at=expires)
            )
            if getattr(result, "rowcount", 0) == 1:
                await session.commit()
                return True
            try:
                await session.execute(
                    insert(CostLease).values(name=LEASE, holder=self.holder, expires_at=expires)
                )
                await session.commit()
                return True
            except IntegrityError:
                return False  # another replica holds it

    async def sample_all(self, at: datetime | None = None) -> dict[str, str | None]:
        """One sample of every cluster, concurrently; cluster id -> error (None: written)."""
        at = at or utcnow()
        ids = [c.id for c in self.clusters.all()]
        results = await asyncio.gather(*(self._sample_guarded(cid, at) for cid in ids))
        return dict(zip(ids, results, strict=True))

    async def _sample_guarded(self, cluster_id: str, at: datetime) -> str | None:
        timeout = self.clusters.settings.cluster_timeout_seconds * 3
        try:
            await asyncio.wait_for(self.sample_cluster(cluster_id, at), timeout)
        except (errors.AppError, TimeoutError) as exc:
            reason = exc.detail if isinstance(exc, errors.AppError) else "timed out"
            self.last_errors[cluster_id] = reason
            log.warning("cost sample of cluster %s skipped: %s", cluster_id, reason)
            return reason
        self.last_errors.pop(cluster_id, None)
        return None

    async def snapshot(self, cluster_id: str) -> Snapshot:
        gateway = self.clusters.gateway(cluster_id)
        names = list(_LISTS)
        lists = await asyncio.gather(
            *(gateway.request("GET", _LISTS[n]) for n in names), return_exceptions=True
        )
        items = {}
        for name, body in zip(names, lists, strict=True):
            if isinstance(body, errors.AppError) and name in _OPTIONAL:
                body = {}
            elif isinstance(body, BaseException):
                raise body
            items[name] = _items(body)
        try:
            metrics: list[dict[str, Any]] | None = _items(await gateway.request("GET", _METRICS))
        except errors.AppError:
            metrics = None  # no metrics.k8s.io: usage falls back to requests
        return Snapshot(metrics=metrics, **items)

    async def sample_cluster(self, cluster_id: str, at: datetime) -> None:
        snap = await self.snapshot(cluster_id)
        rows = build_sample(snap, float(self.interval))
        async with self.sessions() as session:
            settings = await cost_settings.load(session, self.interval)
            await cost_store.write_sample(session, cluster_id, at, float(self.interval), rows)
            await cost_store.rollup(session, cluster_id, at, settings.retention_hourly_days)
            await session.commit()


def _items(body: Any) -> list[dict[str, Any]]:
    items = body.get("items") if isinstance(body, dict) else None
    return [i for i in items or [] if isinstance(i, dict)]
