"""`/api/v1/helm`: repositories, charts, releases and their tracked operations.

Every route names its cluster with `cluster_id` (default: the caller's active cluster) and its
release's namespace with `namespace` (default `default`; the release list: all namespaces).
Install, upgrade, rollback and uninstall answer 202 with an operation to poll at
`GET /api/v1/helm/operations/{id}`. The audit middleware records every mutating call; the
router's first dependency replaces the body it would record with one without values or
credentials (helm values often hold passwords under any key), even when the body is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, status

from app.api.deps import ClusterId, CurrentUser, SessionDep
from app.api.permissions import require_permission
from app.core import errors
from app.schemas.helm import (
    ChartInfo,
    ChartOut,
    ChartReadmeOut,
    ChartSchemaOut,
    ChartValuesOut,
    DiffOut,
    HistoryEntry,
    InstallPreviewOut,
    InstallRequest,
    ManifestOut,
    OperationOut,
    ReleaseDetail,
    ReleaseOut,
    RepoCreate,
    RepoOut,
    RepoUpdateResult,
    RollbackRequest,
    UpgradeRequest,
    ValuesOut,
)
from app.services import helm_diff, permissions
from app.services import helm_previews as previews
from app.services import helm_validate as check
from app.services.helm_service import HelmService


async def _audit_body(request: Request) -> None:
    """What the audit log keeps of a helm request body: everything but values and secrets."""
    if request.method in ("POST", "PUT", "PATCH", "DELETE") and (raw := await request.body()):
        request.state.audit_details = {"body": check.audit_body(raw)}


router = APIRouter(prefix="/api/v1/helm", tags=["helm"], dependencies=[Depends(_audit_body)])
READ = require_permission("helm:read")
INSTALL = require_permission("helm:install")
UPGRADE = require_permission("helm:upgrade")
ROLLBACK = require_permission("helm:rollback")
UNINSTALL = require_permission("helm:uninstall")
REPOS = require_permission("helm:repos")

Namespace = Annotated[str, Query(max_length=63, description="the release's namespace")]
Revision = Annotated[int | None, Query(ge=1)]
Version = Annotated[str | None, Query(max_length=64, description="version or constraint")]


def _helm(request: Request) -> HelmService:
    service: HelmService = request.app.state.helm
    return service


Helm = Annotated[HelmService, Depends(_helm)]


def _target(request: Request, kind: str, namespace: str | None, name: str | None = None) -> None:
    request.state.audit_kind = kind
    if namespace is not None:
        request.state.audit_namespace = namespace
    if name is not None:
        request.state.audit_name = name


def _note(request: Request, **details: Any) -> None:
    request.state.audit_details = {**getattr(request.state, "audit_details", {}), **details}


# ---- repositories -----------------------------------------------------------------------------
@router.get("/repos", response_model=list[RepoOut], dependencies=[READ])
async def list_repos(helm: Helm, session: SessionDep) -> list[RepoOut]:
    return await helm.repos.listing(session)


@router.post("/repos", response_model=RepoOut, status_code=201, dependencies=[REPOS])
async def add_repo(
    body: RepoCreate, request: Request, helm: Helm, session: SessionDep, user: CurrentUser
) -> RepoOut:
    _target(request, "HelmRepository", None, body.name)
    return await helm.repos.add(session, body, user.username)


@router.post("/repos/update", response_model=list[RepoUpdateResult], dependencies=[REPOS])
async def update_repos(request: Request, helm: Helm) -> list[RepoUpdateResult]:
    _target(request, "HelmRepository", None)
    return await helm.repos.update(None)


@router.post("/repos/{name}/update", response_model=RepoUpdateResult, dependencies=[REPOS])
async def update_repo(name: str, request: Request, helm: Helm) -> RepoUpdateResult:
    _target(request, "HelmRepository", None)
    return (await helm.repos.update(name))[0]


@router.delete("/repos/{name}", status_code=status.HTTP_204_NO_CONTENT, dependencies=[REPOS])
async def remove_repo(name: str, request: Request, helm: Helm, session: SessionDep) -> None:
    _target(request, "HelmRepository", None)
    await helm.repos.remove(session, name)


# ---- charts -----------------------------------------------------------------------------------
@router.get("/charts", response_model=list[ChartOut], dependencies=[READ])
async def search_charts(
    helm: Helm,
    q: Annotated[str | None, Query(max_length=100)] = None,
    repo: Annotated[str | None, Query(max_length=63)] = None,
    versions: Annotated[bool, Query(description="every version, not only the latest")] = False,
    devel: bool = False,
    version: Version = None,
) -> list[ChartOut]:
    return await helm.charts.search(q, repo, versions, devel, version)


@router.get("/oci-chart", response_model=ChartInfo, dependencies=[READ])
async def oci_chart(
    helm: Helm, ref: Annotated[str, Query(max_length=500)], version: Version = None
) -> ChartInfo:
    """An OCI chart (registries cannot be searched): metadata, values, README and schema."""
    if not ref.startswith("oci://"):
        raise errors.BadRequest("ref must be an oci:// reference")
    return await helm.charts.info(ref, version)


@router.get("/charts/{repo}/{chart}", response_model=ChartInfo, dependencies=[READ])
async def chart_info(repo: str, chart: str, helm: Helm, version: Version = None) -> ChartInfo:
    return await helm.charts.info(f"{repo}/{chart}", version)


@router.get("/charts/{repo}/{chart}/versions", response_model=list[ChartOut], dependencies=[READ])
async def chart_versions(repo: str, chart: str, helm: Helm) -> list[ChartOut]:
    return await helm.charts.versions(repo, chart)


@router.get("/charts/{repo}/{chart}/values", response_model=ChartValuesOut, dependencies=[READ])
async def chart_values(
    repo: str, chart: str, helm: Helm, version: Version = None
) -> ChartValuesOut:
    info = await helm.charts.info(f"{repo}/{chart}", version)
    return ChartValuesOut(values_yaml=info.values_yaml, values=info.values)


@router.get("/charts/{repo}/{chart}/readme", response_model=ChartReadmeOut, dependencies=[READ])
async def chart_readme(
    repo: str, chart: str, helm: Helm, version: Version = None
) -> ChartReadmeOut:
    return ChartReadmeOut(readme=(await helm.charts.info(f"{repo}/{chart}", version)).readme)


@router.get("/charts/{repo}/{chart}/schema", response_model=ChartSchemaOut, dependencies=[READ])
async def chart_schema(
    repo: str, chart: str, helm: Helm, version: Version = None
) -> ChartSchemaOut:
    """The chart's values.schema.json; `schema` is null when the chart has none."""
    return ChartSchemaOut(schema=(await helm.charts.info(f"{repo}/{chart}", version)).schema_)


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
    _target(request, "HelmRelease", namespace)
    return ReleaseRef(cluster_id, check.namespace(namespace), check.release_name(release))


Ref = Annotated[ReleaseRef, Depends(_release_ref)]


async def _username(user: CurrentUser) -> str:
    return user.username


Username = Annotated[str, Depends(_username)]


def _accepted(request: Request, op: OperationOut) -> OperationOut:
    _note(request, operation_id=op.id)
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
    _target(request, "HelmRelease", body.namespace, body.release_name)
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
    _target(request, "HelmRelease", body.namespace, body.release_name)
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
