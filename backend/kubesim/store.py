"""In-memory objects with one global resourceVersion, a bounded event history and watch fan-out.

Everything runs on one asyncio loop, so a mutation and the fan-out of its event happen in one
synchronous step: a watcher that subscribes and reads the history in the same step can never
miss or duplicate an event.
"""

from __future__ import annotations

import asyncio
import bisect
import copy
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

Obj = dict[str, Any]
StorageKey = tuple[str, str]  # (group, resource)
ObjectKey = tuple[str, str]  # (namespace or "", name)

# A watcher that falls this far behind is closed; its client relists (what a real server does too).
MAX_PENDING_EVENTS = 50_000


class TooOldResourceVersion(Exception):
    def __init__(self, requested: int, oldest: int) -> None:
        super().__init__(f"too old resource version: {requested} ({oldest})")
        self.requested = requested
        self.oldest = oldest


@dataclass(frozen=True)
class WatchEvent:
    rv: int
    type: str  # ADDED | MODIFIED | DELETED
    key: StorageKey
    namespace: str
    obj: Obj
    # The object before a MODIFIED: lets a filtered watch turn "left the selector" into DELETED.
    old: Obj | None = None


@dataclass(eq=False)
class Watcher:
    key: StorageKey
    namespace: str | None
    queue: asyncio.Queue[WatchEvent | None] = field(default_factory=asyncio.Queue)
    overflowed: bool = False

    def wants(self, event: WatchEvent) -> bool:
        return event.key == self.key and (
            self.namespace is None or event.namespace == self.namespace
        )

    def offer(self, event: WatchEvent) -> None:
        if self.overflowed:
            return
        if self.queue.qsize() >= MAX_PENDING_EVENTS:
            self.overflowed = True
            self.queue.put_nowait(None)
            return
        self.queue.put_nowait(event)


def object_key(obj: Obj) -> ObjectKey:
    meta = obj.get("metadata") or {}
    return (meta.get("namespace") or "", meta["name"])


class Store:
    def __init__(self, history_size: int = 20_000) -> None:
        self._objects: dict[StorageKey, dict[ObjectKey, Obj]] = {}
        self._sorted_keys: dict[StorageKey, list[ObjectKey]] = {}
        self._history: deque[WatchEvent] = deque(maxlen=history_size)
        self._compacted_rv = 0  # the newest rv that has fallen out of the history
        self._watchers: set[Watcher] = set()
        # Called synchronously with every event (controllers enqueue work here; never write).
        self.listeners: list[Callable[[WatchEvent], None]] = []
        self._dependents: dict[str, set[tuple[StorageKey, ObjectKey]]] = {}
        # (storage key, object key, field manager) → that manager's last server-side-applied config
        self.applied_configs: dict[tuple[StorageKey, ObjectKey, str], Obj] = {}
        self.rv = 0

    # ---- reads -----------------------------------------------------------------------------
    def get(self, key: StorageKey, ns: str, name: str) -> Obj | None:
        return self._objects.get(key, {}).get((ns, name))

    def iter_keys(
        self, key: StorageKey, namespace: str | None, start_after: ObjectKey | None
    ) -> Iterator[ObjectKey]:
        """Object keys in (namespace, name) order, optionally in one namespace, after a cursor."""
        keys = self._sorted_keys.get(key, [])
        lo = 0
        if namespace is not None:
            lo = bisect.bisect_left(keys, (namespace, ""))
        if start_after is not None:
            lo = max(lo, bisect.bisect_right(keys, start_after))
        for k in keys[lo:]:
            if namespace is not None and k[0] != namespace:
                return
            yield k

    def get_by_key(self, key: StorageKey, okey: ObjectKey) -> Obj:
        return self._objects[key][okey]

    def count(self, key: StorageKey) -> int:
        return len(self._objects.get(key, {}))

    def storage_keys(self) -> list[StorageKey]:
        return list(self._objects)

    def dependents_of(self, uid: str) -> list[tuple[StorageKey, ObjectKey]]:
        return sorted(self._dependents.get(uid, ()))

    # ---- writes ----------------------------------------------------------------------------
    def next_rv(self) -> int:
        self.rv += 1
        return self.rv

    def put(self, key: StorageKey, obj: Obj) -> Obj:
        """Store `obj` under a fresh resourceVersion (ADDED or MODIFIED); returns it."""
        okey = object_key(obj)
        bucket = self._objects.setdefault(key, {})
        old = bucket.get(okey)
        rv = self.next_rv()
        obj["metadata"]["resourceVersion"] = str(rv)
        bucket[okey] = obj
        if old is None:
            bisect.insort(self._sorted_keys.setdefault(key, []), okey)
        else:
            self._unindex_owners(key, okey, old)
        self._index_owners(key, okey, obj)
        self._emit(WatchEvent(rv, "MODIFIED" if old else "ADDED", key, okey[0], obj, old))
        return obj

    def remove(self, key: StorageKey, okey: ObjectKey) -> Obj:
        bucket = self._objects[key]
        obj = bucket.pop(okey)
        keys = self._sorted_keys[key]
        del keys[bisect.bisect_left(keys, okey)]
        self._unindex_owners(key, okey, obj)
        for applied in [k for k in self.applied_configs if k[0] == key and k[1] == okey]:
            del self.applied_configs[applied]
        # The DELETED event carries the object at a new resourceVersion, as the real server does.
        gone = copy.deepcopy(obj)
        rv = self.next_rv()
        gone["metadata"]["resourceVersion"] = str(rv)
        self._emit(WatchEvent(rv, "DELETED", key, okey[0], gone))
        return gone

    def drop_storage(self, key: StorageKey) -> None:
        for okey in list(self._sorted_keys.get(key, [])):
            self.remove(key, okey)
        self._objects.pop(key, None)
        self._sorted_keys.pop(key, None)

    def _index_owners(self, key: StorageKey, okey: ObjectKey, obj: Obj) -> None:
        for ref in obj["metadata"].get("ownerReferences") or []:
            if isinstance(ref, dict) and ref.get("uid"):
                self._dependents.setdefault(ref["uid"], set()).add((key, okey))

    def _unindex_owners(self, key: StorageKey, okey: ObjectKey, obj: Obj) -> None:
        for ref in obj["metadata"].get("ownerReferences") or []:
            if isinstance(ref, dict) and ref.get("uid"):
                deps = self._dependents.get(ref["uid"])
                if deps is not None:
                    deps.discard((key, okey))
                    if not deps:
                        del self._dependents[ref["uid"]]

    # ---- watch -----------------------------------------------------------------------------
    def _emit(self, event: WatchEvent) -> None:
        if len(self._history) == self._history.maxlen:
            self._compacted_rv = self._history[0].rv
        self._history.append(event)
        for watcher in self._watchers:
            if watcher.wants(event):
                watcher.offer(event)
        for listener in self.listeners:
            listener(event)

    def subscribe(
        self, key: StorageKey, namespace: str | None, since_rv: int | None
    ) -> tuple[Watcher, list[WatchEvent]]:
        """Register a watcher; with `since_rv`, also return the stored events newer than it."""
        backlog: list[WatchEvent] = []
        if since_rv is not None:
            if since_rv < self._compacted_rv:
                raise TooOldResourceVersion(since_rv, self._compacted_rv + 1)
            watcher_probe = Watcher(key, namespace)
            start = bisect.bisect_right([e.rv for e in self._history], since_rv)
            backlog = [e for e in list(self._history)[start:] if watcher_probe.wants(e)]
        watcher = Watcher(key, namespace)
        self._watchers.add(watcher)
        return watcher, backlog

    def unsubscribe(self, watcher: Watcher) -> None:
        self._watchers.discard(watcher)

    def close_all_watchers(self) -> None:
        for watcher in self._watchers:
            watcher.queue.put_nowait(None)
        self._watchers.clear()
