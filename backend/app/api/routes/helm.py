"""`/api/v1/helm`: releases and their tracked operations (repositories and charts: helm_catalog).

Every route names its cluster with `cluster_id` (default: the caller's active cluster) and its
release's namespace with `namespace` (default `default`; the release list: all namespaces).
Install, upgrade, rollback and uninstall answer 202 with an operation to poll at
`GET /api/v1/helm/operations/{id}`. The audit middleware records every mutating call; the
router's first dependency replaces the body it would record with one without values or
credentials (helm values often hold passwords under any key), even when the body is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query, Request

from app.api.deps import ClusterId, CurrentUser, SessionDep
from app.api.routes.helm_common import (
    INSTALL,
    READ,
    ROLLBACK,
    UNINSTALL,
    UPGRADE,
    Helm,
    Namespace,
    Revision,
    helm_router,
    note,
    target,
)
from app.core import errors
from app.schemas.helm import (
    DiffOut,
    HistoryEntry,
    InstallPreviewOut,
    InstallRequest,
    ManifestOut,
    OperationOut,
    ReleaseDetail,
    ReleaseOut,
    RollbackRequest,
    UpgradeRequest,
    ValuesOut,
)
from app.services import helm_diff, permissions
from app.services import helm_previews as previews
from app.services import helm_validate as check

router = helm_router()


# ---- releases ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class ReleaseRef:
    cluster_id: str
    namespace: str
    name: str


async def _release_ref(
    release: str, request: Request, cluster_id: ClusterId, namespace: Namespace = "default"
) -> ReleaseRef:
    """The release a route is about, checked (after the permission, before helm)."""
    target(request, "HelmRelease", namespace)
    return ReleaseRef(cluster_id, check.namespace(namespace), check.release_name(release))


Ref = Annotated[ReleaseRef, Depends(_release_ref)]


async def _username(user: CurrentUser) -> str:
    return user.username


Username = Annotated[str, Depends(_username)]


def _accepted(request: Request, op: OperationOut) -> OperationOut:
    note(request, operation_id=op.id)
    return op


@router.get("/releases", response_model=list[ReleaseOut], dependencies=[READ])
async def list_releases(
    helm: Helm,
    cluster_id: ClusterId,
    namespace: Annotated[str | None, Query(max_length=63, description="default: all")] = None,
) -> list[ReleaseOut]:
    namespace = check.namespace(namespace) if namespace else None
    return await helm.releases.listing(helm.cluster(cluster_id), namespace)


@router.post("/releases", response_model=OperationOut, status_code=202, dependencies=[INSTALL])
async def install_release(
    body: InstallRequest, request: Request, helm: Helm, cluster_id: ClusterId, user: Username
) -> OperationOut:
    target(request, "HelmRelease", body.namespace, body.release_name)
    return _accepted(request, await helm.install(cluster_id, body, user))


@router.get("/releases/{release}", response_model=ReleaseDetail, dependencies=[READ])
async def release_detail(ref: Ref, helm: Helm) -> ReleaseDetail:
    return await helm.releases.detail(helm.cluster(ref.cluster_id), ref.namespace, ref.name)


@router.put(
    "/releases/{release}", response_model=OperationOut, status_code=202, dependencies=[UPGRADE]
)
async def upgrade_release(
    ref: Ref, body: UpgradeRequest, request: Request, helm: Helm, user: Username
) -> OperationOut:
    op = await helm.upgrade(ref.cluster_id, ref.namespace, ref.name, body, user)
    return _accepted(request, op)


@router.delete(
    "/releases/{release}", response_model=OperationOut, status_code=202, dependencies=[UNINSTALL]
)
async def uninstall_release(
    ref: Ref,
    request: Request,
    helm: Helm,
    user: Username,
    keep_history: bool = False,
    wait: bool = True,
    timeout_seconds: Annotated[int, Query(ge=1, le=3600)] = 300,
) -> OperationOut:
    op = await helm.uninstall(
        ref.cluster_id, ref.namespace, ref.name, keep_history, timeout_seconds, wait, user
    )
    return _accepted(request, op)


@router.post(
    "/releases/{release}/rollback",
    response_model=OperationOut,
    status_code=202,
    dependencies=[ROLLBACK],
)
async def rollback_release(
    ref: Ref, body: RollbackRequest, request: Request, helm: Helm, user: Username
) -> OperationOut:
    op = await helm.rollback(ref.cluster_id, ref.namespace, ref.name, body, user)
    return _accepted(request, op)


@router.get("/releases/{release}/history", response_model=list[HistoryEntry], dependencies=[READ])
async def release_history(
    ref: Ref, helm: Helm, limit: Annotated[int, Query(ge=1, le=256)] = 256
) -> list[HistoryEntry]:
    cluster = helm.cluster(ref.cluster_id)
    return await helm.releases.history(cluster, ref.namespace, ref.name, limit)


@router.get("/releases/{release}/values", response_model=ValuesOut, dependencies=[READ])
async def release_values(
    ref: Ref,
    helm: Helm,
    revision: Revision = None,
    all: Annotated[bool, Query(description="computed values, chart defaults included")] = False,
) -> ValuesOut:
    cluster = helm.cluster(ref.cluster_id)
    found = await helm.releases.values(cluster, ref.namespace, ref.name, revision, all)
    return ValuesOut(revision=revision, all=all, values=found)


@router.get("/releases/{release}/manifest", response_model=ManifestOut, dependencies=[READ])
async def release_manifest(ref: Ref, helm: Helm, revision: Revision = None) -> ManifestOut:
    cluster = helm.cluster(ref.cluster_id)
    text = await helm.releases.manifest(cluster, ref.namespace, ref.name, revision)
    return ManifestOut(revision=revision, manifest=helm_diff.redact_manifest(text))


@router.get("/releases/{release}/diff", response_model=DiffOut, dependencies=[READ])
async def revision_diff(
    ref: Ref,
    helm: Helm,
    from_revision: Annotated[int, Query(ge=1)],
    to_revision: Annotated[int, Query(ge=1)],
) -> DiffOut:
    """Values and manifest of one revision against another."""
    cluster = helm.cluster(ref.cluster_id)
    return await helm.releases.revision_diff(
        cluster, ref.namespace, ref.name, from_revision, to_revision
    )


@router.post("/releases/{release}/diff", response_model=DiffOut, dependencies=[UPGRADE])
async def proposed_diff(ref: Ref, body: UpgradeRequest, request: Request, helm: Helm) -> DiffOut:
    """What an upgrade with this body would change (a server dry run: nothing is applied)."""
    request.state.audit_action = "helm:upgrade (dry run)"
    return await previews.proposed_upgrade(helm, ref.cluster_id, ref.namespace, ref.name, body)


@router.post("/install-preview", response_model=InstallPreviewOut, dependencies=[INSTALL])
async def install_preview(
    body: InstallRequest, request: Request, helm: Helm, cluster_id: ClusterId
) -> InstallPreviewOut:
    """What an install with this body would create (a server dry run: nothing is applied)."""
    request.state.audit_action = "helm:install (dry run)"
    target(request, "HelmRelease", body.namespace, body.release_name)
    return await previews.proposed_install(helm, cluster_id, body)


# ---- operations -------------------------------------------------------------------------------
@router.get("/operations", response_model=list[OperationOut], dependencies=[READ])
async def list_operations(
    helm: Helm,
    session: SessionDep,
    cluster_id: ClusterId,
    namespace: Annotated[str | None, Query(max_length=63)] = None,
    release: Annotated[str | None, Query(max_length=53)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[OperationOut]:
    rows = await helm.ops.recent(session, cluster_id, namespace, release, limit)
    return [helm.ops.out(r) for r in rows]


@router.get("/operations/{operation_id}", response_model=OperationOut, dependencies=[READ])
async def get_operation(
    operation_id: str, helm: Helm, session: SessionDep, user: CurrentUser
) -> OperationOut:
    row = await helm.ops.get(session, operation_id)
    # READ checked the caller's role on the request's cluster; the operation's may differ.
    if not permissions.allowed("helm:read", user.role, user.cluster_roles or {}, row.cluster_id):
        raise errors.NotFound(f"helm operation {operation_id!r} not found")
    return helm.ops.out(row)
