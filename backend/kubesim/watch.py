"""Watch streams: newline-delimited JSON events, history replay, watch-list, bookmarks."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from kubesim.apiserver import ApiServer
from kubesim.catalogue import ResourceType
from kubesim.selectors import FieldSelector, LabelSelector
from kubesim.store import TooOldResourceVersion, WatchEvent
from kubesim.tables import render_table

Obj = dict[str, Any]
BOOKMARK_INTERVAL_SECONDS = 5.0
_IDLE_POLL_SECONDS = 1.0


@dataclass
class WatchRequest:
    rt: ResourceType
    namespace: str | None
    labels: LabelSelector | None
    fields: FieldSelector | None
    resource_version: str
    send_initial_events: bool
    allow_bookmarks: bool
    timeout_seconds: float | None
    table: bool
    include_object: str


class _Stream:
    """Writes events in the shape the client asked for (plain objects or one-row Tables)."""

    def __init__(self, response: web.StreamResponse, req: WatchRequest) -> None:
        self.response = response
        self.req = req
        self.columns_sent = False

    def _wire(self, obj: Obj) -> Obj:
        rt = self.req.rt
        served = {**obj, "apiVersion": rt.api_version, "kind": rt.kind}
        if not self.req.table:
            return served
        table = render_table(
            rt.resource,
            [served],
            include_object=self.req.include_object,
            include_column_definitions=not self.columns_sent,
        )
        self.columns_sent = True
        return table

    async def send(self, event_type: str, obj: Obj) -> None:
        payload = obj if event_type in ("ERROR", "BOOKMARK") else self._wire(obj)
        line = json.dumps({"type": event_type, "object": payload}, separators=(",", ":"))
        await self.response.write(line.encode() + b"\n")

    async def bookmark(self, rv: int, initial_end: bool = False) -> None:
        md: Obj = {"resourceVersion": str(rv)}
        if initial_end:
            md["annotations"] = {"k8s.io/initial-events-end": "true"}
        await self.send(
            "BOOKMARK",
            {"kind": self.req.rt.kind, "apiVersion": self.req.rt.api_version, "metadata": md},
        )


def _matcher(req: WatchRequest) -> Callable[[Obj | None], bool]:
    def matches(obj: Obj | None) -> bool:
        if obj is None:
            return False
        if req.labels is not None and not req.labels.matches(obj["metadata"].get("labels")):
            return False
        return req.fields is None or req.fields.matches(obj)

    return matches


def _translate(event: WatchEvent, matches: Callable[[Obj | None], bool]) -> str | None:
    """The event a filtered watcher sees: objects entering or leaving the filter are
    ADDED or DELETED, as on a real server."""
    now, before = matches(event.obj), matches(event.old)
    if event.type == "MODIFIED":
        if now and before:
            return "MODIFIED"
        if now:
            return "ADDED"
        return "DELETED" if before else None
    return event.type if now else None


async def serve(request: web.Request, api: ApiServer, req: WatchRequest) -> web.StreamResponse:
    rt = req.rt
    ns = req.namespace if rt.namespaced else None
    replay_from: int | None = None
    if not req.send_initial_events and req.resource_version not in ("", "0"):
        replay_from = int(req.resource_version)
    response = web.StreamResponse(headers={"Content-Type": "application/json"})
    response.enable_chunked_encoding()
    try:
        watcher, backlog = api.store.subscribe(rt.storage_key, ns, replay_from)
    except TooOldResourceVersion as exc:
        await response.prepare(request)
        stream = _Stream(response, req)
        await stream.send(
            "ERROR",
            {
                "kind": "Status",
                "apiVersion": "v1",
                "metadata": {},
                "status": "Failure",
                "message": str(exc),
                "reason": "Expired",
                "code": 410,
            },
        )
        return response
    # Taken in the same synchronous step as subscribe: nothing can slip in between.
    initial = [] if replay_from is not None else api.list(rt, ns, req.labels, req.fields).items
    initial_rv = api.store.rv
    matches = _matcher(req)
    stream = _Stream(response, req)
    deadline = time.monotonic() + req.timeout_seconds if req.timeout_seconds else None
    try:
        await response.prepare(request)
        for obj in initial:
            await stream.send("ADDED", obj)
        if req.send_initial_events:
            await stream.bookmark(initial_rv, initial_end=True)
        for event in backlog:
            if (kind := _translate(event, matches)) is not None:
                await stream.send(kind, event.obj)
        await _pump(request, api, stream, watcher.queue, matches, deadline)
    except (ConnectionResetError, asyncio.CancelledError):
        pass
    finally:
        api.store.unsubscribe(watcher)
    return response


async def _pump(
    request: web.Request,
    api: ApiServer,
    stream: _Stream,
    queue: asyncio.Queue[WatchEvent | None],
    matches: Callable[[Obj | None], bool],
    deadline: float | None,
) -> None:
    last_bookmark = time.monotonic()
    while True:
        now = time.monotonic()
        if deadline is not None and now >= deadline:
            return
        if request.transport is None or request.transport.is_closing():
            return
        wait = _IDLE_POLL_SECONDS if deadline is None else min(_IDLE_POLL_SECONDS, deadline - now)
        try:
            event = await asyncio.wait_for(queue.get(), timeout=wait)
        except TimeoutError:
            pass  # an idle tick: time to check the deadline, the client and bookmarks
        else:
            if event is None:
                return  # server shutting down, or this watcher fell too far behind
            if (kind := _translate(event, matches)) is not None:
                await stream.send(kind, event.obj)
        # A bookmark only when nothing is queued: its rv then covers every event already sent.
        if (
            stream.req.allow_bookmarks
            and queue.empty()
            and time.monotonic() - last_bookmark >= BOOKMARK_INTERVAL_SECONDS
        ):
            await stream.bookmark(api.store.rv)
            last_bookmark = time.monotonic()
