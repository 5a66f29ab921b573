"""Pod streams: logs (of a pod or all pods of a workload, optionally followed) and exec.

The audit middleware does not see WebSockets, so exec sessions are recorded here when they
open and when they end. Included, like the actions, before the generic resources router.
"""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import APIRouter, Depends, Query, WebSocket
from fastapi.responses import PlainTextResponse
from starlette.responses import StreamingResponse
from starlette.types import Receive, Scope, Send

from app.api.deps import DEFAULT_USER, ClusterId, ClustersDep
from app.api.permissions import require_permission
from app.core import errors
from app.core.config import Settings
from app.core.db import session_scope
from app.services import exec_bridge
from app.services import logs_service as logs
from app.services.cluster_service import ClusterService
from app.services.kube_gateway import KubeGateway

router = APIRouter(tags=["actions"])
LOGS = require_permission("pods:logs")
EXEC = require_permission("pods:exec")


class _ClosingStream(StreamingResponse):
    """A streaming response that always releases its upstream, even when the client leaves
    before the first chunk (the body iterator may never have started then)."""

    def __init__(self, stream: logs.LogStream) -> None:
        super().__init__(
            stream,
            media_type="text/plain; charset=utf-8",
            headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
        )
        self.stream = stream

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            await self.stream.aclose()


# ---- logs ---------------------------------------------------------------------------------------
def _log_options(
    container: str | None = None,
    follow: bool = False,
    tail_lines: Annotated[int | None, Query(ge=0, le=100_000)] = None,
    timestamps: bool = False,
    since_seconds: Annotated[int | None, Query(ge=1)] = None,
    previous: bool = False,
    limit_bytes: Annotated[int | None, Query(ge=1)] = None,
) -> logs.LogOptions:
    return logs.LogOptions(
        container, follow, tail_lines, timestamps, since_seconds, previous, limit_bytes
    )


LogOptions = Annotated[logs.LogOptions, Depends(_log_options)]


@router.get(
    "/api/v1/namespaces/{namespace}/pods/{name}/logs",
    response_model=None,
    response_class=PlainTextResponse,
    dependencies=[LOGS],
)
async def pod_logs(
    namespace: str, name: str, opts: LogOptions, clusters: ClustersDep, cluster_id: ClusterId
) -> PlainTextResponse | StreamingResponse:
    gateway = clusters.gateway(cluster_id)
    if opts.follow:
        return _ClosingStream(await logs.follow_pod(gateway, namespace, name, opts))
    return PlainTextResponse(await logs.pod_logs(gateway, namespace, name, opts))


@router.get(
    "/api/v1/namespaces/{namespace}/{workload}/{name}/logs",
    response_model=None,
    response_class=PlainTextResponse,
    dependencies=[LOGS],
)
async def workload_logs(
    namespace: str,
    workload: str,
    name: str,
    opts: LogOptions,
    clusters: ClustersDep,
    cluster_id: ClusterId,
) -> PlainTextResponse | StreamingResponse:
    """Every pod of a deployment, statefulset, daemonset, job or replicaset, merged by time,
    each line prefixed with `[pod/container]`."""
    kind = logs.workload_kind(workload)
    gateway = clusters.gateway(cluster_id)
    if opts.follow:
        return _ClosingStream(await logs.follow_workload(gateway, kind, namespace, name, opts))
    return PlainTextResponse(await logs.workload_logs(gateway, kind, namespace, name, opts))


# ---- exec ---------------------------------------------------------------------------------------
async def _ws_gateway(websocket: WebSocket, cluster_id: str | None) -> KubeGateway:
    """ClusterId for a WebSocket (the HTTP dependencies take a Request, which a WebSocket
    route does not get)."""
    clusters: ClusterService = websocket.app.state.clusters
    if cluster_id is None:
        user = str(getattr(websocket.state, "user_key", DEFAULT_USER))
        async for session in session_scope(websocket.app.state.sessions):
            cluster_id = await clusters.active_id(session, user)
    assert cluster_id is not None
    await clusters.known(cluster_id)
    return clusters.gateway(cluster_id)


async def _record_exec(
    websocket: WebSocket,
    namespace: str,
    name: str,
    status: int,
    details: dict[str, object],
    action: str = "pods:exec",
) -> None:
    """The exec session's audit entry, written as it opens (or is refused)."""
    audit = getattr(websocket.app.state, "audit", None)
    if audit is None:
        return
    from app.services.audit_service import AuditRecord

    state = websocket.state
    client = websocket.client
    await audit.append(
        AuditRecord(
            action=action,
            status_code=status,
            username=getattr(state, "username", None),
            cluster_id=getattr(state, "audit_cluster", None)
            or websocket.query_params.get("cluster_id"),
            namespace=namespace,
            resource_kind="pods",
            resource_name=name,
            details=details,
            client_ip=client.host if client else None,
            request_id=getattr(state, "request_id", None),
        )
    )


@router.websocket("/api/v1/namespaces/{namespace}/pods/{name}/exec", dependencies=[EXEC])
async def exec_in_pod(
    websocket: WebSocket,
    namespace: str,
    name: str,
    cluster_id: str | None = None,
    container: str | None = None,
    command: Annotated[list[str] | None, Query()] = None,
    tty: bool = True,
) -> None:
    """A terminal in the pod; the message protocol is described in services/exec_bridge.py."""
    await websocket.accept()  # first, so that errors reach the browser as messages
    settings: Settings = websocket.app.state.settings
    argv = command or ["sh"]
    details: dict[str, object] = {"command": argv, "container": container, "tty": tty}
    async with exec_bridge.reporting(websocket):
        try:
            gateway = await _ws_gateway(websocket, cluster_id)
            pod = await exec_bridge.open_exec(gateway, namespace, name, container, argv, tty)
        except errors.AppError as exc:
            await _record_exec(websocket, namespace, name, exc.status_code, details)
            raise
        try:  # the entry is written before the session starts, like any action's
            await _record_exec(websocket, namespace, name, 101, details)
        except BaseException:
            await pod.close()
            raise
        started = time.monotonic()
        try:
            await exec_bridge.bridge(
                websocket, pod, tty=tty, idle_seconds=exec_bridge.idle_timeout(settings)
            )
        finally:  # the session's end is an entry of its own (how long, and that it ended)
            ended = {**details, "duration_seconds": round(time.monotonic() - started, 1)}
            await _record_exec(websocket, namespace, name, 200, ended, action="pods:exec.end")
