"""Resource actions: delete, scale, restart, apply, and the kubectl console.

Logs and exec are in pod_streams.

One route per action, each with one permission, naming its target in the path (resource kind,
namespace, name) and its cluster in `cluster_id` (default: the caller's active cluster); each
calls one service. The audit middleware records every mutating call from those path params.
These routes are included before the generic resources router, whose catch-all paths would
otherwise shadow them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request

from app.api.deps import ClusterId, ClustersDep, Gateway
from app.api.permissions import require_permission
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
from app.services import apply_service, kubectl_console
from app.services.kube_gateway import KubeGateway
from app.services.resource_types import Kind

router = APIRouter(tags=["actions"])
DELETE = require_permission("resources:delete")
SCALE = require_permission("deployments:scale")
RESTART = require_permission("workloads:restart")
APPLY = require_permission("resources:apply")
KUBECTL = require_permission("kubectl:run")


Propagation = Annotated[
    Literal["Background", "Foreground", "Orphan"],
    Query(description="what happens to the object's dependents"),
]
GracePeriod = Annotated[int | None, Query(ge=0, le=86_400)]


@dataclass
class DeleteOptions:
    """The query options every delete route takes."""

    propagation: Propagation = "Background"
    grace_period_seconds: GracePeriod = None

    async def delete(
        self, gateway: KubeGateway, kind: Kind, namespace: str | None, name: str
    ) -> DeleteResult:
        return await actions.delete(
            gateway, kind, namespace, name, self.propagation, self.grace_period_seconds
        )


DeleteOptionsDep = Annotated[DeleteOptions, Depends()]


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
    gateway: Gateway,
    options: DeleteOptionsDep,
) -> DeleteResult:
    kind = actions.builtin_kind(resource, namespaced=True)
    return await options.delete(gateway, kind, namespace, name)


# `/api/v1/{resource}/{name}` matches any two segments: routers with their own
# `DELETE /api/v1/<word>/{id}` (users, clusters, ...) must be included before this one.
@router.delete("/api/v1/{resource}/{name}", response_model=DeleteResult, dependencies=[DELETE])
async def delete_cluster_scoped(
    resource: str,
    name: str,
    gateway: Gateway,
    options: DeleteOptionsDep,
) -> DeleteResult:
    kind = actions.builtin_kind(resource, namespaced=False)
    return await options.delete(gateway, kind, None, name)


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
    gateway: Gateway,
    options: DeleteOptionsDep,
) -> DeleteResult:
    kind = await actions.discovered_kind(gateway, group, version, resource, namespaced=True)
    return await options.delete(gateway, kind, namespace, name)


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
    gateway: Gateway,
    options: DeleteOptionsDep,
) -> DeleteResult:
    kind = await actions.discovered_kind(gateway, group, version, resource, namespaced=False)
    return await options.delete(gateway, kind, None, name)


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
    gateway: Gateway,
) -> ScaleResult:
    kind = actions.scalable(resource)
    return await actions.scale(gateway, kind, namespace, name, body.replicas)


@router.post(
    "/api/v1/namespaces/{namespace}/{resource}/{name}/restart",
    response_model=RestartResult,
    dependencies=[RESTART],
)
async def restart_workload(
    namespace: str, resource: str, name: str, gateway: Gateway
) -> RestartResult:
    kind = actions.restartable(resource)
    return await actions.restart(gateway, kind, namespace, name)


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


# ---- kubectl console ----------------------------------------------------------------------------
@router.post("/api/v1/kubectl", response_model=KubectlResult, dependencies=[KUBECTL])
async def run_kubectl(
    body: KubectlRequest, clusters: ClustersDep, cluster_id: ClusterId
) -> KubectlResult:
    settings = clusters.settings
    return await kubectl_console.run(
        clusters.get(cluster_id), settings, body.args, body.namespace, body.timeout_seconds
    )
