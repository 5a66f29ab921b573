"""One (cluster, kind) held in memory: raw objects keyed by (namespace, name), their summary rows
memoised per resourceVersion, readiness and last error, and the fan-out to live subscribers.

The store is written only by its syncer (watch_sync.run) and read by requests; everything runs
on the event loop, so there are no locks: a read sees the state between two events.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from app.core import errors
from app.services import summaries
from app.services.resource_types import Kind

Obj = dict[str, Any]
Key = tuple[str, str]
EventItem = tuple[str, Obj]
SUBSCRIBER_QUEUE = 10_000
_VIEW_MEMO = 16


@dataclass(slots=True)
class Entry:
    """A cached object with its summary row, both shared: callers must not mutate them."""

    obj: Obj
    row: Obj
    created: float | None  # epoch seconds, for the age added at response time
    rv: str
    name_key: tuple[str, str]  # the default sort (name, namespace), computed once


def make_entry(resource: str, obj: Obj) -> Entry:
    meta = obj.get("metadata") or {}
    row = summaries.summarize(resource, obj)
    return Entry(
        obj,
        row,
        summaries.created_epoch(obj),
        str(meta.get("resourceVersion") or ""),
        (row["name"], row["namespace"] or ""),
    )


def key_of(obj: Obj) -> Key:
    meta = obj.get("metadata") or {}
    return (str(meta.get("namespace") or ""), str(meta.get("name") or ""))


@dataclass(eq=False)
class Subscriber:
    namespace: str | None
    queue: asyncio.Queue[EventItem | None] = field(default_factory=asyncio.Queue)

    def offer(self, item: EventItem | None) -> None:
        if (
            item is not None
            and self.namespace is not None
            and item[0] in ("ADDED", "MODIFIED", "DELETED")
            and key_of(item[1])[0] != self.namespace
        ):
            return
        if self.queue.qsize() >= SUBSCRIBER_QUEUE:
            # Too slow a reader: drop what it has not read and tell it to reload the list.
            while not self.queue.empty():
                self.queue.get_nowait()
            self.queue.put_nowait(("RESYNC", {}))
            return
        self.queue.put_nowait(item)


class KindStore:
    def __init__(self, cluster_id: str, kind: Kind) -> None:
        self.cluster_id = cluster_id
        self.kind = kind
        self.entries: dict[Key, Entry] = {}
        self.resource_version = ""
        self.generation = 0  # bumped on every change; memoised views compare it
        self.ready = asyncio.Event()
        self.failure: errors.AppError | None = None  # why the store cannot be trusted now
        self.last_error: str | None = None
        self.last_error_at: datetime | None = None
        self.synced_at: datetime | None = None
        self.last_used = time.monotonic()
        self.relists = 0
        self.events_applied = 0
        self.subscribers: set[Subscriber] = set()
        self._views: OrderedDict[Hashable, tuple[int, list[Entry]]] = OrderedDict()
        self._wake = asyncio.Event()
        self._poked = asyncio.Event()
        self._last_poke = 0.0

    # ---- written by the syncer ---------------------------------------------------------------
    def _ingest(self, obj: Obj) -> Obj:
        # List items carry no kind/apiVersion on a real API server; managedFields are large and
        # no table needs them (detail views GET the full object).
        obj.setdefault("kind", self.kind.kind)
        obj.setdefault("apiVersion", self.kind.api_version)
        meta = obj.get("metadata")
        if isinstance(meta, dict):
            meta.pop("managedFields", None)
        return obj

    def prepare(self, objects: Iterable[Obj]) -> Iterator[tuple[Key, Entry]]:
        """Entries for one page of a relist, reusing the row of every object whose
        resourceVersion is unchanged (called page by page, so a big relist never blocks the
        event loop for long)."""
        for obj in objects:
            self._ingest(obj)
            key = key_of(obj)
            rv = str((obj.get("metadata") or {}).get("resourceVersion") or "")
            kept = self.entries.get(key)
            if kept is not None and kept.rv == rv and rv:
                yield key, kept
            else:
                yield key, make_entry(self.kind.resource, obj)

    def replace(self, fresh: dict[Key, Entry], resource_version: str) -> None:
        """A relist's result: subscribers get the difference as events, so they converge
        without reloading."""
        old = self.entries
        if self.subscribers:
            for key, entry in fresh.items():
                kept = old.get(key)
                if entry is not kept:
                    self._publish(("MODIFIED" if kept else "ADDED", entry.obj))
            for key, entry in old.items():
                if key not in fresh:
                    self._publish(("DELETED", entry.obj))
        self.entries = fresh
        self.resource_version = resource_version
        self.relists += 1
        self._changed()

    def apply(self, event_type: str, obj: Obj) -> None:
        """One watch event (ADDED, MODIFIED or DELETED)."""
        self._ingest(obj)
        key = key_of(obj)
        rv = str((obj.get("metadata") or {}).get("resourceVersion") or "")
        if rv:
            self.resource_version = rv
        self.events_applied += 1
        if event_type == "DELETED":
            if self.entries.pop(key, None) is None:
                return
        else:
            current = self.entries.get(key)
            if current is not None and current.rv == rv and rv:
                return  # a replayed event we already hold
            event_type = "MODIFIED" if current is not None else "ADDED"
            self.entries[key] = make_entry(self.kind.resource, obj)
        self._publish((event_type, obj))
        self._changed()

    def mark_ready(self) -> None:
        self.failure = None
        self.synced_at = datetime.now(UTC)
        self.ready.set()
        self.notify()

    def mark_failed(self, exc: errors.AppError) -> None:
        """The cluster cannot be reached (or refuses): reads fail fast until a relist works."""
        first = self.failure is None
        self.failure = exc
        self.note_error(exc.detail)
        self.ready.clear()
        if first:
            self._publish(("ERROR", {"message": exc.detail, "cluster_id": self.cluster_id}))
        self.notify()

    def note_error(self, message: str) -> None:
        self.last_error, self.last_error_at = message, datetime.now(UTC)

    def notify(self) -> None:
        """Wakes waiters (a page arrived, readiness changed): they re-check their condition."""
        self._wake.set()
        self._wake = asyncio.Event()

    def poke(self) -> None:
        """A reader wants a failing store retried now (at most once a second)."""
        now = time.monotonic()
        if now - self._last_poke >= 1.0:
            self._last_poke = now
            self._poked.set()

    async def pause(self, seconds: float) -> None:
        """The syncer's back-off: `seconds`, or less if a reader pokes."""
        self._poked.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._poked.wait(), seconds)

    def close(self) -> None:
        for sub in self.subscribers:
            sub.queue.put_nowait(None)
        self.subscribers.clear()

    def _publish(self, item: EventItem) -> None:
        for sub in self.subscribers:
            sub.offer(item)

    def _changed(self) -> None:
        self.generation += 1
        self._views.clear()

    # ---- read by requests ----------------------------------------------------------------------
    def touch(self) -> None:
        self.last_used = time.monotonic()

    async def wait_ready(self, stall_timeout: float) -> None:
        """Until the first list completes; fails with the store's failure, or with a timeout
        once no page has arrived for `stall_timeout` (a big list may take several pages)."""
        while not self.ready.is_set():
            if self.failure is not None:
                raise fresh(self.failure)
            try:
                await asyncio.wait_for(self._wake.wait(), stall_timeout)
            except TimeoutError:
                raise errors.ClusterUnavailable(
                    f"cluster {self.cluster_id} did not answer within {stall_timeout:g}s "
                    f"(listing {self.kind.resource})",
                    extra={"cluster_id": self.cluster_id, "reason": "timeout"},
                ) from None

    def view(self, key: Hashable, compute: Callable[[], list[Entry]]) -> list[Entry]:
        """A memoised filtered/sorted list of entries, valid until the next change."""
        hit = self._views.get(key)
        if hit is not None and hit[0] == self.generation:
            self._views.move_to_end(key)
            return hit[1]
        result = compute()
        self._views[key] = (self.generation, result)
        while len(self._views) > _VIEW_MEMO:
            self._views.popitem(last=False)
        return result

    def status(self) -> dict[str, Any]:
        return {
            "cluster_id": self.cluster_id,
            "resource": self.kind.resource,
            "ready": self.ready.is_set(),
            "objects": len(self.entries),
            "resource_version": self.resource_version,
            "failure": self.failure.detail if self.failure else None,
            "last_error": self.last_error,
            "last_error_at": self.last_error_at,
            "synced_at": self.synced_at,
            "relists": self.relists,
            "events_applied": self.events_applied,
            "subscribers": len(self.subscribers),
            "idle_seconds": round(time.monotonic() - self.last_used, 1),
        }


def fresh(exc: errors.AppError) -> errors.AppError:
    """A new instance of a stored error, so concurrent raisers do not share a traceback."""
    copy = type(exc).__new__(type(exc))
    errors.AppError.__init__(copy, exc.detail, extra=dict(exc.extra))
    return copy
