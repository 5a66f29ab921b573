"""ClusterService: the registry of clusters, their gateways, health and the active cluster."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.core import errors
from app.core.config import Settings
from app.core.db import upsert
from app.core.security import SecretBox
from app.models import ClusterRecord, UserPreference
from app.models.base import utcnow
from app.services import cluster_sources as sources
from app.services.cluster_health import Health, HealthBoard
from app.services.cluster_sources import ClusterDef
from app.services.kube_gateway import KubeGateway

log = logging.getLogger("kubedeck.clusters")
# An unknown id reloads the registry from the DB at most this often (ids come from requests).
_MISS_RELOAD_SECONDS = 1.0
# What decides a stored cluster's definition (the ciphertext changes whenever the kubeconfig does).
_FINGERPRINT = (
    ClusterRecord.id,
    ClusterRecord.name,
    ClusterRecord.context,
    ClusterRecord.labels,
    ClusterRecord.source,
    ClusterRecord.kubeconfig_encrypted,
)


def _fingerprint(record: ClusterRecord) -> tuple[Any, ...]:
    return tuple(getattr(record, column.key) for column in _FINGERPRINT)


class ClusterService:
    def __init__(
        self, settings: Settings, box: SecretBox, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        self.settings = settings
        self.box = box
        self.sessions = sessions
        self.health = HealthBoard(fail_fast_seconds=settings.health_interval_seconds)
        self._clusters: dict[str, ClusterDef] = {}
        self._gateways: dict[str, KubeGateway] = {}
        self._task: asyncio.Task[None] | None = None
        self._temp_dir = settings.data_dir / "tmp"
        self._last_miss_reload = 0.0
        self._stored: list[tuple[Any, ...]] = []  # the DB rows behind _clusters, fingerprinted
        # Told when a cluster goes away or its kubeconfig changes (the watch cache drops it).
        self.on_dropped: list[Callable[[str], Awaitable[None]]] = []

    # ---- registry --------------------------------------------------------------------------
    async def load(self) -> None:
        self._temp_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        configured = {c.id: c for c in sources.from_settings(self.settings)}
        async with self.sessions() as session:
            records = (await session.scalars(select(ClusterRecord))).all()
        self._stored = sorted(_fingerprint(r) for r in records)
        for record in records:
            if record.source == sources.SOURCE_API and record.kubeconfig_encrypted:
                try:
                    configured[record.id] = sources.from_record(
                        record.id,
                        record.name,
                        self.box.decrypt(record.kubeconfig_encrypted),
                        record.context,
                        record.labels,
                    )
                except errors.AppError as exc:
                    log.error("cluster %s cannot be loaded: %s", record.id, exc.detail)
            elif record.id in configured:
                configured[record.id] = sources.with_overrides(
                    configured[record.id], record.name, record.labels
                )
        self._clusters = configured

    async def refresh(self) -> None:
        """Pick up what other replicas changed: the DB, not this process, holds API clusters.
        Clusters gone, or whose kubeconfig or context changed, lose their gateway and cache."""
        before = self._clusters
        await self.load()
        for cluster_id, old in before.items():
            new = self._clusters.get(cluster_id)
            if new is None or (new.kubeconfig, new.context) != (old.kubeconfig, old.context):
                await self._drop_gateway(cluster_id)
                for listener in self.on_dropped:
                    await listener(cluster_id)

    async def refresh_if_changed(self) -> None:
        """`refresh` when the stored clusters differ from what this replica loaded: one small
        query instead of re-reading kubeconfig files and decrypting every stored one (the
        cluster list is polled by every open tab)."""
        async with self.sessions() as session:
            rows = (await session.execute(select(*_FINGERPRINT))).all()
        if sorted(tuple(r) for r in rows) != self._stored:
            await self.refresh()

    async def known(self, cluster_id: str) -> ClusterDef:
        """`get`, but an id unknown here reloads the registry first (rate-limited): another
        replica may have added it a moment ago."""
        now = time.monotonic()
        if cluster_id not in self._clusters and now - self._last_miss_reload > _MISS_RELOAD_SECONDS:
            self._last_miss_reload = now
            await self.refresh()
        return self.get(cluster_id)

    def all(self) -> list[ClusterDef]:
        return sorted(self._clusters.values(), key=lambda c: (not c.is_default, c.name, c.id))

    def get(self, cluster_id: str) -> ClusterDef:
        cluster = self._clusters.get(cluster_id)
        if cluster is None:
            raise errors.NotFound(f"cluster {cluster_id!r} is not configured")
        return cluster

    def default_id(self) -> str | None:
        ordered = self.all()
        return ordered[0].id if ordered else None

    # ---- gateways --------------------------------------------------------------------------
    def gateway(self, cluster_id: str) -> KubeGateway:
        """The cluster's gateway; 503 at once while the cluster is known to be down."""
        cluster = self.get(cluster_id)
        if cluster.load_error:
            raise errors.ClusterUnavailable(
                f"cluster {cluster_id}: {cluster.load_error}",
                extra={"cluster_id": cluster_id, "reason": "bad_kubeconfig"},
            )
        down = self.health.known_down(cluster_id)
        if down is not None:
            raise errors.ClusterUnavailable(
                f"cluster {cluster_id} is down ({down.status}): {down.reason}",
                extra={"cluster_id": cluster_id, "reason": down.status},
            )
        gateway = self._gateways.get(cluster_id)
        if gateway is None:
            gateway = KubeGateway(
                cluster_id,
                cluster.kubeconfig,
                cluster.context,
                self.settings.cluster_timeout_seconds,
                cluster.base_path,
                self._temp_dir,
            )
            self._gateways[cluster_id] = gateway
        return gateway

    async def check(self, cluster_id: str) -> Health:
        cluster = await self.known(cluster_id)
        if cluster.load_error:
            return Health(cluster_id, "bad_kubeconfig", cluster.load_error)
        gateway = self._gateways.get(cluster_id) or self._new_gateway(cluster)
        return await self.health.check(gateway, self.settings.cluster_timeout_seconds)

    def _new_gateway(self, cluster: ClusterDef) -> KubeGateway:
        gateway = KubeGateway(
            cluster.id,
            cluster.kubeconfig,
            cluster.context,
            self.settings.cluster_timeout_seconds,
            cluster.base_path,
            self._temp_dir,
        )
        self._gateways[cluster.id] = gateway
        return gateway

    async def check_all(self) -> list[Health]:
        """Every cluster at once: a slow one costs its own timeout, not the others'."""
        return list(await asyncio.gather(*(self.check(c.id) for c in self.all())))

    async def _health_loop(self) -> None:
        while True:
            with contextlib.suppress(Exception):
                await self.refresh()  # renames and removals made on other replicas
            with contextlib.suppress(Exception):
                await self.check_all()
            await asyncio.sleep(self.settings.health_interval_seconds)

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._health_loop())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        for gateway in self._gateways.values():
            await gateway.close()

    async def _drop_gateway(self, cluster_id: str) -> None:
        gateway = self._gateways.pop(cluster_id, None)
        if gateway is not None:
            await gateway.close()
        self.health.forget(cluster_id)

    # ---- changes through the API -------------------------------------------------------------
    async def add(
        self,
        session: AsyncSession,
        cluster_id: str | None,
        name: str | None,
        kubeconfig_text: str,
        context: str | None,
        labels: dict[str, str],
    ) -> ClusterDef:
        config, context = sources.validate_context(kubeconfig_text, context)
        cluster_id = cluster_id or sources.slug(context)
        existing = await session.get(ClusterRecord, cluster_id)
        if cluster_id in self._clusters or existing is not None:
            raise errors.Conflict(f"a cluster with id {cluster_id!r} already exists")
        # Keep only what this cluster needs: the stored secret holds one context.
        text = sources.dump(config)
        session.add(
            ClusterRecord(
                id=cluster_id,
                name=name or context,
                context=context,
                kubeconfig_encrypted=self.box.encrypt(text),
                labels=labels,
                source=sources.SOURCE_API,
            )
        )
        await session.flush()
        cluster = sources.from_record(cluster_id, name or context, text, context, labels)
        self._clusters[cluster_id] = cluster
        return cluster

    async def update(
        self,
        session: AsyncSession,
        cluster_id: str,
        name: str | None,
        labels: dict[str, str] | None,
    ) -> ClusterDef:
        cluster = await self.known(cluster_id)
        record = await session.get(ClusterRecord, cluster_id)
        if record is None:
            record = ClusterRecord(
                id=cluster_id, name=cluster.name, labels=cluster.labels, source="override"
            )
            session.add(record)
        if name is not None:
            record.name = name
        if labels is not None:
            record.labels = dict(labels)
        await session.flush()
        updated = sources.with_overrides(cluster, name, labels)
        self._clusters[cluster_id] = updated
        return updated

    async def remove(self, session: AsyncSession, cluster_id: str) -> None:
        cluster = await self.known(cluster_id)
        if cluster.source != sources.SOURCE_API:
            raise errors.Conflict(
                f"cluster {cluster_id!r} comes from the {cluster.source} and cannot be removed "
                "through the API; remove it there"
            )
        record = await session.get(ClusterRecord, cluster_id)
        if record is not None:
            await session.delete(record)
        await session.flush()
        self._clusters.pop(cluster_id, None)
        await self._drop_gateway(cluster_id)

    # ---- the caller's active cluster ---------------------------------------------------------
    async def active_id(self, session: AsyncSession, user_key: str) -> str:
        pref = await session.get(UserPreference, user_key)
        if pref is not None and pref.active_cluster_id in self._clusters:
            return pref.active_cluster_id
        default = self.default_id()
        if default is None:
            raise errors.NotFound("no cluster is configured: add one, or set KUBEDECK_KUBECONFIG")
        return default

    async def set_active(self, session: AsyncSession, user_key: str, cluster_id: str) -> None:
        self.get(cluster_id)
        now = utcnow()
        # An upsert: the same user switching clusters twice at once must not insert twice.
        await upsert(
            session,
            UserPreference,
            "user_key",
            {"user_key": user_key, "active_cluster_id": cluster_id, "created_at": now},
            {"active_cluster_id": cluster_id, "updated_at": now},
        )
        # This session may hold the row from before (the permission check read it).
        await session.get(UserPreference, user_key, populate_existing=True)
