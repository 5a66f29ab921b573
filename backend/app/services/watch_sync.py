"""Keeps one KindStore current: a paginated LIST, then a WATCH from its resourceVersion.

Policy (as client-go's reflector): a watch that ends or breaks after it connected is resumed
from the last seen resourceVersion (bookmarks keep it fresh); 410 Expired (an ERROR event, or
the HTTP status) means relist; a failure to connect marks the store failed (reads get 503 at
once), backs off exponentially (capped, with jitter), and relists once the cluster answers,
because it may have changed beyond what a watch can replay (an emulator restarted empty, say).
The loop never ends on an error; it ends when cancelled or when its cluster is removed.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import aiohttp
import orjson

from app.core import errors
from app.services.kube_gateway import KubeGateway
from app.services.watch_store import Entry, Key, KindStore

log = logging.getLogger("kubedeck.watch")

Obj = dict[str, Any]


class Expired(Exception):
    """The watch's resourceVersion is older than the server's history: relist."""


class WatchFailed(Exception):
    """The server ended the watch with an error other than 410, or sent a line that is not
    JSON: relist after a back-off, serving the current contents meanwhile."""


class ClusterGone(Exception):
    """The cluster was removed from kubedeck: the syncer stops."""


@dataclass(frozen=True)
class SyncConfig:
    timeout: float = 5.0  # per call, and the longest wait for a page or the watch's headers
    page_size: int = 500
    # The server ends each watch after a random time in this range (client-go uses 5-10 min),
    # so connections get recycled and half-open ones cannot linger.
    watch_seconds: tuple[int, int] = (240, 360)
    backoff_base: float = 0.5
    backoff_cap: float = 30.0


class Backoff:
    def __init__(self, config: SyncConfig) -> None:
        self.config = config
        self.failures = 0

    def next(self) -> float:
        delay = min(self.config.backoff_cap, self.config.backoff_base * 2.0**self.failures)
        self.failures = min(self.failures + 1, 30)
        return delay * random.uniform(0.8, 1.2)  # noqa: S311 (jitter, not security)

    def reset(self) -> None:
        self.failures = 0


async def run(store: KindStore, gateway_for: Callable[[], KubeGateway], config: SyncConfig) -> None:
    backoff = Backoff(config)
    need_list = True
    last_gateway: KubeGateway | None = None
    while True:
        delay = 0.0
        try:
            gateway = gateway_for()
            # A new gateway means the cluster was re-registered (maybe elsewhere): relist.
            need_list = need_list or gateway is not last_gateway
            last_gateway = gateway
            if need_list:
                await relist(store, gateway, config)
                need_list = False
                store.mark_ready()
            started = time.monotonic()
            lines = await watch(store, gateway, config)
            if lines == 0 and time.monotonic() - started < 1.0:
                delay = backoff.next()  # a server that ends watches at once: do not spin
            else:
                backoff.reset()
        except ClusterGone:
            store.mark_failed(errors.NotFound(f"cluster {store.cluster_id} was removed"))
            store.close()
            return
        except Expired:
            store.note_error("watch history expired (410); relisting")
            need_list = True
            # The first expiry relists at once; repeated ones back off.
            delay = backoff.next() if backoff.failures else 0.0
            backoff.failures = max(backoff.failures, 1)
        except WatchFailed as exc:
            store.note_error(str(exc))
            need_list = True
            delay = backoff.next()
        except errors.AppError as exc:
            store.mark_failed(exc)
            need_list = True
            delay = backoff.next()
        except Exception as exc:  # never let one kind's cache die: log, back off, relist
            log.exception("watch cache %s/%s failed", store.cluster_id, store.kind.resource)
            store.mark_failed(
                errors.ClusterUnavailable(
                    f"cluster {store.cluster_id}: the {store.kind.resource} cache failed: {exc}",
                    extra={"cluster_id": store.cluster_id},
                )
            )
            need_list = True
            delay = backoff.next()
        if delay:
            await store.pause(delay)


async def relist(store: KindStore, gateway: KubeGateway, config: SyncConfig) -> None:
    """Every object, 500 per page; restarts once if the continue token expires (410)."""
    path = store.kind.path()
    for attempt in range(2):
        fresh: dict[Key, Entry] = {}
        resource_version: str | None = None
        token: str | None = None
        try:
            while True:
                page = await get_json(
                    gateway, path, {"limit": config.page_size, "continue": token}, config.timeout
                )
                meta = page.get("metadata") or {}
                # The first page's version: a watch from it replays whatever changed while the
                # later pages were read, so nothing is missed.
                if resource_version is None:
                    resource_version = str(meta.get("resourceVersion") or "")
                items = [i for i in page.get("items") or [] if isinstance(i, dict)]
                fresh.update(store.prepare(items))  # summarised page by page
                store.notify()  # progress: waiters restart their stall timer
                token = meta.get("continue") or None
                if token is None:
                    break
        except errors.Conflict:
            if attempt:
                raise
            continue
        except errors.NotFound as exc:
            raise errors.NotFound(
                f"cluster {store.cluster_id} does not serve {store.kind.resource}: {exc.detail}"
            ) from exc
        store.replace(fresh, resource_version or "")
        return


async def get_json(gateway: KubeGateway, path: str, query: dict[str, Any], seconds: float) -> Obj:
    # Through stream() to parse the body with orjson: lists are the big replies.
    async with gateway.stream(path, query, timeout=seconds) as reply:
        raw = await reply.read()
    page = orjson.loads(raw)
    if not isinstance(page, dict):
        raise errors.ClusterUnavailable(
            f"cluster {gateway.cluster_id} sent a list that is not a JSON object",
            extra={"cluster_id": gateway.cluster_id},
        )
    return page


async def watch(store: KindStore, gateway: KubeGateway, config: SyncConfig) -> int:
    """One watch connection; returns how many lines it read when it ends or breaks."""
    seconds = random.randint(*config.watch_seconds)  # noqa: S311
    query = {
        "watch": "true",
        "allowWatchBookmarks": "true",
        "resourceVersion": store.resource_version or None,
        "timeoutSeconds": seconds,
    }
    lines = 0
    connected = False
    try:
        async with (
            asyncio.timeout(config.timeout) as deadline,
            gateway.stream(store.kind.path(), query) as reply,
        ):
            connected = True
            # The server ends the watch after `seconds`; reading longer than that means a
            # half-open connection.
            deadline.reschedule(asyncio.get_running_loop().time() + seconds + config.timeout)
            buffer = bytearray()
            async for chunk in reply.content.iter_any():
                buffer.extend(chunk)
                *complete, rest = buffer.split(b"\n")
                buffer = bytearray(rest)
                for line in complete:
                    lines += _line(store, line)
            lines += _line(store, buffer)  # a last event without its newline
    except errors.Conflict as exc:
        raise Expired(exc.detail) from exc  # some servers answer the watch itself with 410
    except (errors.ClusterUnavailable, aiohttp.ClientError, TimeoutError):
        if not connected:
            raise
        # Broke after it connected: resume from the last resourceVersion.
    return lines


def _line(store: KindStore, line: bytes | bytearray) -> int:
    if not line.strip():
        return 0
    try:
        event = orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        raise WatchFailed(
            f"cluster {store.cluster_id}: the {store.kind.resource} watch sent "
            f"a line that is not JSON: {exc}"
        ) from exc
    _handle(store, event)
    return 1


def _handle(store: KindStore, event: Any) -> None:
    if not isinstance(event, dict) or not isinstance(event.get("object"), dict):
        return
    kind, obj = event.get("type"), event["object"]
    if kind == "ERROR":
        if obj.get("code") == 410 or obj.get("reason") in ("Expired", "Gone"):
            raise Expired(str(obj.get("message") or "resourceVersion too old"))
        raise WatchFailed(
            f"cluster {store.cluster_id}: the {store.kind.resource} watch "
            f"failed: {obj.get('message')}"
        )
    if kind == "BOOKMARK":
        rv = (obj.get("metadata") or {}).get("resourceVersion")
        if rv:
            store.resource_version = str(rv)
    elif kind in ("ADDED", "MODIFIED", "DELETED"):
        store.apply(str(kind), obj)
