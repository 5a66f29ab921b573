"""Overview, fleet, and the live-updates WebSocket.

Live protocol (`/api/v1/live?access_token=...`, JSON text messages):
  client → {"type": "subscribe", "id": "s1", "cluster_id": "alpha", "resource": "pods",
            "namespace": null}
  client → {"type": "unsubscribe", "id": "s1"}
  server → {"type": "subscribed", "id": "s1"}
  server → {"type": "event", "id": "s1", "event": "ADDED|MODIFIED|DELETED", "row": {...}}
  server → {"type": "error", "id": "s1" | null, "detail": "..."}
Rows are the same summaries the list endpoints return (never secret values). Each subscription
is authorised for its own cluster, like a list request there.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request, WebSocket, WebSocketDisconnect

from app.api.deps import ClusterId
from app.api.permissions import identify, require_permission
from app.core import errors
from app.schemas.overview import ClusterOverviewOut, FleetEntryOut
from app.services import permissions
from app.services.overview_service import OverviewService
from app.services.resource_types import builtin
from app.services.summaries import created_epoch, summarize, with_age

router = APIRouter(tags=["overview"])
READ = require_permission("resources:read")
CLUSTERS = require_permission("clusters:read")
_MAX_SUBSCRIPTIONS = 32


def _overview(request: Request | WebSocket) -> OverviewService:
    return OverviewService(request.app.state.clusters, request.app.state.watch_cache)


@router.get("/api/v1/overview", dependencies=[READ])
async def overview(request: Request, cluster_id: ClusterId) -> ClusterOverviewOut:
    return ClusterOverviewOut.model_validate(await _overview(request).cluster(cluster_id))


@router.get("/api/v1/fleet", dependencies=[CLUSTERS])
async def fleet(request: Request) -> list[FleetEntryOut]:
    return [FleetEntryOut.model_validate(entry) for entry in await _overview(request).fleet()]


# The close code when the access token the socket opened with expires (4000-4999: ours).
TOKEN_EXPIRED = 4401


@router.websocket("/api/v1/live", dependencies=[READ])
async def live(socket: WebSocket) -> None:
    """Serves subscriptions until the client leaves or the access token expires. Identity is
    checked when a socket opens; closing at the token's expiry makes the client reconnect with a
    fresh token, so a logout, revocation or disabled account ends the stream within one token
    lifetime instead of never."""
    await socket.accept()
    identity = await identify(socket)
    remaining = (identity[1].expires_at - datetime.now(UTC)).total_seconds() if identity else 0
    try:
        await asyncio.wait_for(_serve(socket), timeout=max(remaining, 0))
    except TimeoutError:
        with contextlib.suppress(RuntimeError, WebSocketDisconnect):
            await socket.close(code=TOKEN_EXPIRED, reason="access token expired: reconnect")


async def _serve(socket: WebSocket) -> None:
    tasks: dict[str, asyncio.Task[None]] = {}
    try:
        while True:
            message = await _receive(socket)
            if message is None:
                continue
            sub_id = str(message.get("id") or "")
            if message.get("type") == "unsubscribe":
                task = tasks.pop(sub_id, None)
                if task is not None:
                    task.cancel()
                continue
            if message.get("type") != "subscribe" or not sub_id:
                await _send(
                    socket,
                    {
                        "type": "error",
                        "id": sub_id or None,
                        "detail": "expected subscribe or unsubscribe with an id",
                    },
                )
                continue
            if sub_id in tasks or len(tasks) >= _MAX_SUBSCRIPTIONS:
                await _send(
                    socket,
                    {
                        "type": "error",
                        "id": sub_id,
                        "detail": "duplicate id or too many subscriptions",
                    },
                )
                continue
            tasks[sub_id] = asyncio.create_task(_follow(socket, sub_id, message))
    except WebSocketDisconnect:
        pass
    finally:
        for task in tasks.values():
            task.cancel()
        await asyncio.gather(*tasks.values(), return_exceptions=True)


async def _receive(socket: WebSocket) -> dict[str, Any] | None:
    text = await socket.receive_text()
    try:
        message = json.loads(text)
    except ValueError:
        message = None
    if not isinstance(message, dict):
        await _send(
            socket, {"type": "error", "id": None, "detail": "messages must be JSON objects"}
        )
        return None
    return message


async def _send(socket: WebSocket, message: dict[str, Any]) -> None:
    with contextlib.suppress(RuntimeError, WebSocketDisconnect):
        await socket.send_text(json.dumps(message, default=str))


async def _follow(socket: WebSocket, sub_id: str, message: dict[str, Any]) -> None:
    try:
        cluster_id = str(message.get("cluster_id") or "")
        kind = builtin(str(message.get("resource") or ""))
        namespace = message.get("namespace") or None
        identity = await identify(socket)
        app = socket.app
        await app.state.clusters.known(cluster_id)
        if identity is None or not permissions.allowed(
            "resources:read", identity[0].role, identity[0].cluster_roles or {}, cluster_id
        ):
            raise errors.Forbidden(f"not allowed to read resources on cluster {cluster_id}")
        cache = app.state.watch_cache
        if not cache.caches(kind):
            raise errors.BadRequest(f"live updates are not offered for {kind.resource}")
        async with cache.subscribe(cluster_id, kind, namespace) as events:
            await _send(socket, {"type": "subscribed", "id": sub_id})
            async for event_type, obj in events:
                if event_type not in ("ADDED", "MODIFIED", "DELETED"):
                    continue
                row = with_age(summarize(kind.resource, obj), created_epoch(obj), time.time())
                await _send(
                    socket, {"type": "event", "id": sub_id, "event": event_type, "row": row}
                )
    except errors.AppError as exc:
        await _send(socket, {"type": "error", "id": sub_id, "detail": exc.detail})
