"""The watch cache (`app.state.watch_cache`): hot lists served from memory per (cluster, kind).

Each cached (cluster, kind) has a KindStore filled by a paginated LIST and kept current by a
WATCH in its own task (see watch_sync), so a slow or dead cluster only ever costs its own
tasks. Stores start on first use (that request waits for the initial list, failing after the
cluster timeout without progress) and stop after `watch_idle_seconds` without a read or a
subscriber.

API for other services (objects and rows are shared: never mutate them):

    cache.caches(kind) -> bool                         is this kind served from memory?
    await cache.list(cluster_id, kind, namespace=None) -> list[dict]     raw objects
    await cache.store(cluster_id, kind) -> KindStore   ready store (entries with summary rows)
    async with cache.subscribe(cluster_id, kind, namespace=None) as events:
        async for event_type, obj in events: ...
    cache.status(cluster_id=None) -> list[dict]        readiness, counts, last error per store

Subscription events: ADDED / MODIFIED / DELETED with the raw object (summary rows via
`summaries.summarize(kind.resource, obj)`); RESYNC ({}) when the reader fell more than 10,000
events behind and must reload the list; ERROR ({"message", "cluster_id"}) when the cluster
became unreachable: events resume, as a difference, once it is back. Reads of a cluster whose
store is failing raise its error (503 naming the cluster) at once; cached objects have no
`metadata.managedFields`.
"""

from __future__ import annotations

import asyncio
import logging
import time
from types import TracebackType
from typing import Any

from app.core import errors
from app.services.cluster_service import ClusterService
from app.services.kube_gateway import KubeGateway
from app.services.resource_types import BUILTIN, Kind
from app.services.watch_store import Entry, EventItem, KindStore, Subscriber, fresh
from app.services.watch_sync import ClusterGone, SyncConfig, run

log = logging.getLogger("kubedeck.watch")

# The kinds a dashboard lists all the time; everything else is listed directly when asked.
CACHED = frozenset({
    "pods", "deployments", "statefulsets", "daemonsets", "replicasets", "jobs", "cronjobs",
    "services", "ingresses", "configmaps", "secrets", "persistentvolumeclaims",
    "persistentvolumes", "nodes", "namespaces", "events",
})  # fmt: skip
Obj = dict[str, Any]
Objects = list[Obj]  # `list` is a method name below
__all__ = ["CACHED", "Entry", "KindStore", "Subscription", "SyncConfig", "WatchCache"]


class WatchCache:
    def __init__(
        self,
        clusters: ClusterService,
        *,
        idle_seconds: float,
        timeout: float,
        config: SyncConfig | None = None,
    ) -> None:
        self._clusters = clusters
        self.idle_seconds = idle_seconds
        self.timeout = timeout
        self.config = config or SyncConfig(timeout=timeout)
        self._stores: dict[tuple[str, str], tuple[KindStore, asyncio.Task[None]]] = {}
        self._reaper: asyncio.Task[None] | None = None

    def caches(self, kind: Kind) -> bool:
        return kind.resource in CACHED and BUILTIN.get(kind.resource) == kind

    # ---- reads ---------------------------------------------------------------------------------
    async def store(self, cluster_id: str, kind: Kind) -> KindStore:
        """The ready store of (cluster, kind), started if needed; raises 503 naming the cluster
        while it is down, and 404 for an unknown cluster or a kind that is not cached."""
        store = self._store(cluster_id, kind)
        if store.failure is not None:
            store.poke()  # retry now rather than after the back-off: it may be back
            self._clusters.gateway(cluster_id)  # the health check's reason, when it has one
            raise fresh(store.failure)
        if not store.ready.is_set():
            await store.wait_ready(self.timeout)
        # Fail fast while health checks know the cluster down: a silent, half-open watch could
        # otherwise keep serving stale rows for minutes.
        self._clusters.gateway(cluster_id)
        store.touch()
        return store

    async def list(self, cluster_id: str, kind: Kind, namespace: str | None = None) -> Objects:
        store = await self.store(cluster_id, kind)
        if namespace is None:
            return [e.obj for e in store.entries.values()]
        return [e.obj for k, e in store.entries.items() if k[0] == namespace]

    def subscribe(self, cluster_id: str, kind: Kind, namespace: str | None = None) -> Subscription:
        return Subscription(self, cluster_id, kind, namespace)

    def status(self, cluster_id: str | None = None) -> Objects:
        return [
            store.status()
            for (cid, _), (store, _) in sorted(self._stores.items())
            if cluster_id is None or cid == cluster_id
        ]

    # ---- lifecycle -----------------------------------------------------------------------------
    def _store(self, cluster_id: str, kind: Kind) -> KindStore:
        self._clusters.get(cluster_id)  # 404 for an unknown cluster
        if not self.caches(kind):
            raise errors.NotFound(f"{kind.resource} is not served from the watch cache")
        slot = self._stores.get((cluster_id, kind.resource))
        if slot is not None and not slot[1].done():
            slot[0].touch()
            return slot[0]
        store = KindStore(cluster_id, kind)
        task = asyncio.get_running_loop().create_task(
            run(store, lambda: self._gateway(cluster_id), self.config),
            name=f"watch-cache:{cluster_id}:{kind.resource}",
        )
        self._stores[(cluster_id, kind.resource)] = (store, task)
        log.info("watch cache started for %s/%s", cluster_id, kind.resource)
        return store

    def _gateway(self, cluster_id: str) -> KubeGateway:
        try:
            self._clusters.get(cluster_id)
        except errors.NotFound as exc:
            raise ClusterGone(cluster_id) from exc
        return self._clusters.gateway(cluster_id)

    def start(self) -> None:
        self._reaper = asyncio.get_running_loop().create_task(
            self._reap_loop(), name="watch-cache-reaper"
        )

    async def _reap_loop(self) -> None:
        while True:
            await asyncio.sleep(max(0.5, min(self.idle_seconds / 4, 15.0)))
            self.reap()

    def reap(self) -> None:
        """Stops stores unused for `idle_seconds` (and those whose cluster was removed)."""
        now = time.monotonic()
        for key, (store, task) in list(self._stores.items()):
            idle = not store.subscribers and now - store.last_used > self.idle_seconds
            if idle or task.done():
                self._stop(key)

    def _stop(self, key: tuple[str, str]) -> None:
        store, task = self._stores.pop(key)
        task.cancel()
        store.close()
        log.info("watch cache stopped for %s/%s", *key)

    async def drop_cluster(self, cluster_id: str) -> None:
        """Stops every store of one cluster (e.g. after it was removed or changed)."""
        tasks = [self._stores[k][1] for k in list(self._stores) if k[0] == cluster_id]
        for key in [k for k in self._stores if k[0] == cluster_id]:
            self._stop(key)
        await asyncio.gather(*tasks, return_exceptions=True)

    async def stop(self) -> None:
        tasks = [task for _, task in self._stores.values()]
        if self._reaper is not None:
            self._reaper.cancel()
            tasks.append(self._reaper)
        for key in list(self._stores):
            self._stop(key)
        await asyncio.gather(*tasks, return_exceptions=True)


class Subscription:
    """Live events of one (cluster, kind[, namespace]); keeps its store from going idle."""

    def __init__(
        self, cache: WatchCache, cluster_id: str, kind: Kind, namespace: str | None
    ) -> None:
        self._cache, self.cluster_id, self.kind = cache, cluster_id, kind
        self._subscriber = Subscriber(namespace)
        self._store: KindStore | None = None

    async def __aenter__(self) -> Subscription:
        self._store = await self._cache.store(self.cluster_id, self.kind)
        self._store.subscribers.add(self._subscriber)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._store is not None:
            self._store.subscribers.discard(self._subscriber)
            self._store.touch()  # the idle clock starts when the last reader leaves

    def __aiter__(self) -> Subscription:
        return self

    async def __anext__(self) -> EventItem:
        item = await self._subscriber.queue.get()
        if item is None:  # the store stopped (cache shutdown, cluster removed)
            raise StopAsyncIteration
        return item
