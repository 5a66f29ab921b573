"""Resource actions: delete, scale, restart, apply, logs, exec and the kubectl console.

One route per action, each with one permission, naming its target in the path (resource kind,
namespace, name) and its cluster in `cluster_id` (default: the caller's active cluster); each
calls one service. The audit middleware records every mutating call from those path params;
exec sessions (WebSockets, which it does not see) are recorded here when they open.
These routes are included before the generic resources router, whose catch-all paths would
otherwise shadow them.
"""

from __future__ import annotations

import time
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request, WebSocket
from fastapi.responses import PlainTextResponse
from starlette.responses import StreamingResponse
from starlette.types import Receive, Scope, Send

from app.api.deps import DEFAULT_USER, ClusterId, ClustersDep
from app.api.permissions import require_permission
from app.core import errors
from app.core.config import Settings
from app.core.db import session_scope
from app.schemas.actions import (
    ApplyRequest,
    ApplyResult,
    DeleteResult,
    KubectlRequest,
    KubectlResult,
    RestartResult,
    ScaleRequest,
    ScaleResult,
)
from app.services import actions_service as actions
from app.services import apply_service, exec_bridge, kubectl_console
from app.services import logs_service as logs
from app.services.cluster_service import ClusterService
from app.services.kube_gateway import KubeGateway

router = APIRouter(tags=["actions"])
DELETE = require_permission("resources:delete")
SCALE = require_permission("deployments:scale")
RESTART = require_permission("workloads:restart")
APPLY = require_permission("resources:apply")
LOGS = require_permission("pods:logs")
EXEC = require_permission("pods:exec")
KUBECTL = require_permission("kubectl:run")


Propagation = Annotated[
    Literal["Background", "Foreground", "Orphan"],
    Query(description="what happens to the object's dependents"),
]
GracePeriod = Annotated[int | None, Query(ge=0, le=86_400)]


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


# ---- delete -------------------------------------------------------------------------------------
@router.delete(
    "/api/v1/namespaces/{namespace}/{resource}/{name}",
    response_model=DeleteResult,
    dependencies=[DELETE],
)
async def delete_namespaced(
    namespace: str,
    resource: str,
    name: str,
    clusters: ClustersDep,
    cluster_id: ClusterId,
    propagation: Propagation = "Background",
    grace_period_seconds: GracePeriod = None,
) -> DeleteResult:
    kind = actions.builtin_kind(resource, namespaced=True)
    return await actions.delete(
        clusters.gateway(cluster_id), kind, namespace, name, propagation, grace_period_seconds
    )


# `/api/v1/{resource}/{name}` matches any two segments: routers with their own
# `DELETE /api/v1/<word>/{id}` (users, clusters, ...) must be included before this one.
@router.delete("/api/v1/{resource}/{name}", response_model=DeleteResult, dependencies=[DELETE])
async def delete_cluster_scoped(
    resource: str,
    name: str,
    clusters: ClustersDep,
    cluster_id: ClusterId,
    propagation: Propagation = "Background",
    grace_period_seconds: GracePeriod = None,
) -> DeleteResult:
    kind = actions.builtin_kind(resource, namespaced=False)
    return await actions.delete(
        clusters.gateway(cluster_id), kind, None, name, propagation, grace_period_seconds
    )


@router.delete(
    "/api/v1/apis/{group}/{version}/namespaces/{namespace}/{resource}/{name}",
    response_model=DeleteResult,
    dependencies=[DELETE],
)
async def delete_namespaced_any(
    group: str,
    version: str,
    namespace: str,
    resource: str,
    name: str,
    clusters: ClustersDep,
    cluster_id: ClusterId,
    propagation: Propagation = "Background",
    grace_period_seconds: GracePeriod = None,
) -> DeleteResult:
    gateway = clusters.gateway(cluster_id)
    kind = await actions.discovered_kind(gateway, group, version, resource, namespaced=True)
    return await actions.delete(gateway, kind, namespace, name, propagation, grace_period_seconds)


@router.delete(
    "/api/v1/apis/{group}/{version}/{resource}/{name}",
    response_model=DeleteResult,
    dependencies=[DELETE],
)
async def delete_cluster_scoped_any(
    group: str,
    version: str,
    resource: str,
    name: str,
    clusters: ClustersDep,
    cluster_id: ClusterId,
    propagation: Propagation = "Background",
    grace_period_seconds: GracePeriod = None,
) -> DeleteResult:
    gateway = clusters.gateway(cluster_id)
    kind = await actions.discovered_kind(gateway, group, version, resource, namespaced=False)
    return await actions.delete(gateway, kind, None, name, propagation, grace_period_seconds)


# ---- scale and restart --------------------------------------------------------------------------
@router.post(
    "/api/v1/namespaces/{namespace}/{resource}/{name}/scale",
    response_model=ScaleResult,
    dependencies=[SCALE],
)
async def scale_workload(
    namespace: str,
    resource: str,
    name: str,
    body: ScaleRequest,
    clusters: ClustersDep,
    cluster_id: ClusterId,
) -> ScaleResult:
    kind = actions.scalable(resource)
    return await actions.scale(clusters.gateway(cluster_id), kind, namespace, name, body.replicas)


@router.post(
    "/api/v1/namespaces/{namespace}/{resource}/{name}/restart",
    response_model=RestartResult,
    dependencies=[RESTART],
)
async def restart_workload(
    namespace: str, resource: str, name: str, clusters: ClustersDep, cluster_id: ClusterId
) -> RestartResult:
    kind = actions.restartable(resource)
    return await actions.restart(clusters.gateway(cluster_id), kind, namespace, name)


# ---- apply --------------------------------------------------------------------------------------
@router.post("/api/v1/apply", response_model=ApplyResult, dependencies=[APPLY])
async def apply_yaml(
    body: ApplyRequest, request: Request, clusters: ClustersDep, cluster_id: ClusterId
) -> ApplyResult:
    cluster = clusters.get(cluster_id)
    namespace = body.namespace or apply_service.context_namespace(
        cluster.kubeconfig, cluster.context
    )
    result = await apply_service.apply(
        clusters.gateway(cluster_id), body.yaml, namespace, dry_run=body.dry_run, force=body.force
    )
    # The audit entry names each object and what happened to it, not only the YAML sent.
    request.state.audit_details = {
        "dry_run": result.dry_run,
        "objects": [
            f"{r.action} {r.kind} {r.namespace + '/' if r.namespace else ''}{r.name}"
            for r in result.results
        ],
    }
    return result


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
    clusters.get(cluster_id)
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


# ---- kubectl console ----------------------------------------------------------------------------
@router.post("/api/v1/kubectl", response_model=KubectlResult, dependencies=[KUBECTL])
async def run_kubectl(
    body: KubectlRequest, clusters: ClustersDep, cluster_id: ClusterId
) -> KubectlResult:
    settings = clusters.settings
    return await kubectl_console.run(
        clusters.get(cluster_id), settings, body.args, body.namespace, body.timeout_seconds
    )
