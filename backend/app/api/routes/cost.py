"""`/api/v1/cost`: cost overview, breakdowns, trends, findings, settings and apply.

Every read takes `cluster_id` (default: the caller's active cluster) or `cluster_id=all`, the
fleet view over every cluster the caller may read. Table endpoints also answer `format=csv`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Annotated, Protocol, TypeVar

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from fastapi.types import DecoratedCallable
from pydantic import BaseModel

from app.api.deps import ClustersDep, CurrentUser, SessionDep, UserKey
from app.api.permissions import require_permission
from app.core import errors
from app.schemas.cost import (
    ApplyRecommendation,
    ApplyResult,
    CostOverview,
    CostSettings,
    CostSettingsUpdate,
    CostTrends,
    IdleReport,
    NamespaceCostList,
    RecommendationList,
    WorkloadCostList,
)
from app.schemas.cost_allocation import AllocationList, LabelKeys, PodCostList
from app.services import permissions
from app.services.cost_csv import to_csv
from app.services.cost_service import CostService

router = APIRouter(prefix="/api/v1/cost", tags=["cost"])
READ = require_permission("cost:read")
SETTINGS = require_permission("cost:settings")
APPLY = require_permission("cost:apply")
FLEET = "all"
ClusterParam = Annotated[
    str | None, Query(description='a cluster id, "all" (the fleet), default the active one')
]
Format = Annotated[str, Query(pattern="^(json|csv)$")]
CSV_RESPONSE: dict[int | str, dict[str, object]] = {200: {"content": {"text/csv": {}}}}


def _service(request: Request) -> CostService:
    service: CostService = request.app.state.cost
    return service


async def _scope(
    clusters: ClustersDep,
    session: SessionDep,
    key: UserKey,
    user: CurrentUser,
    cluster_id: ClusterParam = None,
) -> tuple[str, list[str]]:
    """(label, cluster ids): one cluster, or every cluster the caller may read cost on."""
    if cluster_id == FLEET:
        roles = user.cluster_roles or {}
        ids = [
            c.id for c in clusters.all() if permissions.allowed("cost:read", user.role, roles, c.id)
        ]
        return FLEET, ids
    if cluster_id is not None:
        clusters.get(cluster_id)  # 404 for an unknown cluster
        return cluster_id, [cluster_id]
    active = await clusters.active_id(session, key)
    return active, [active]


class _Table(Protocol):
    @property
    def items(self) -> Sequence[BaseModel]: ...


_Body = TypeVar("_Body", bound=_Table)
ScopeDep = Annotated[tuple[str, list[str]], Depends(_scope)]


def _table_get(
    path: str, model: type[BaseModel]
) -> Callable[[DecoratedCallable], DecoratedCallable]:
    """A read of a table: JSON by default, the rows as CSV with `format=csv`."""
    return router.get(path, response_model=model, dependencies=[READ], responses=CSV_RESPONSE)


def _table(result: _Body, name: str, format: str) -> _Body | Response:
    """The body, or with `format=csv` its table rows as a CSV download."""
    if format != "csv":
        return result
    return Response(
        to_csv(result.items),
        media_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="kubedeck-cost-{name}.csv"'},
    )


def _may_apply(user: CurrentUser) -> Callable[[str], bool]:
    """Apply needs cost:apply and the workload permission (resources:apply) on its cluster."""
    roles = user.cluster_roles or {}

    def check(cluster_id: str) -> bool:
        return all(
            permissions.allowed(p, user.role, roles, cluster_id)
            for p in ("cost:apply", "resources:apply")
        )

    return check


def _int(value: str, name: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise errors.BadRequest(f"{name} must be a whole number, not {value!r}") from None


@router.get("/overview", response_model=CostOverview, dependencies=[READ])
async def overview(
    request: Request, session: SessionDep, scope: ScopeDep, period: str = "7d"
) -> CostOverview:
    return await _service(request).overview(session, scope[1], scope[0], period)


@_table_get("/namespaces", NamespaceCostList)
async def namespaces(
    request: Request,
    session: SessionDep,
    scope: ScopeDep,
    period: str = "7d",
    format: Format = "json",
) -> NamespaceCostList | Response:
    result = await _service(request).namespaces(session, scope[1], scope[0], period)
    return _table(result, "namespaces", format)


@_table_get("/namespaces/{namespace}/workloads", WorkloadCostList)
async def workloads(
    namespace: str,
    request: Request,
    session: SessionDep,
    scope: ScopeDep,
    period: str = "7d",
    format: Format = "json",
) -> WorkloadCostList | Response:
    result = await _service(request).workloads(session, scope[1], scope[0], namespace, period)
    return _table(result, f"{namespace}-workloads", format)


@_table_get("/namespaces/{namespace}/pods", PodCostList)
async def pods(
    namespace: str,
    request: Request,
    session: SessionDep,
    scope: ScopeDep,
    workload_kind: str | None = None,
    workload: str | None = None,
    format: Format = "json",
) -> PodCostList | Response:
    """The current cost rate of the namespace's running pods (optionally one workload's)."""
    result = await _service(request).pods(
        session, scope[1], scope[0], namespace, (workload_kind, workload)
    )
    return _table(result, f"{namespace}-pods", format)


@_table_get("/allocation", AllocationList)
async def allocation(
    request: Request,
    session: SessionDep,
    scope: ScopeDep,
    aggregate: Annotated[
        str, Query(description="cluster, namespace, workload or label:<key> (e.g. label:team)")
    ] = "namespace",
    period: str = "7d",
    format: Format = "json",
) -> AllocationList | Response:
    result = await _service(request).allocation(session, scope[1], scope[0], aggregate, period)
    name = aggregate.replace(":", "-").replace("/", "-")
    return _table(result, f"by-{name}", format)


@router.get("/labels", response_model=LabelKeys, dependencies=[READ])
async def labels(request: Request, session: SessionDep, scope: ScopeDep) -> LabelKeys:
    """Label keys seen on the workloads and namespaces in scope (for aggregate=label:<key>)."""
    return await _service(request).label_keys(session, scope[1], scope[0])


@router.get("/trends", response_model=CostTrends, dependencies=[READ])
async def trends(
    request: Request, session: SessionDep, scope: ScopeDep, days: str = "30", step: str = "day"
) -> CostTrends:
    return await _service(request).trends(session, scope[1], scope[0], _int(days, "days"), step)


@_table_get("/recommendations", RecommendationList)
async def recommendations(
    request: Request,
    session: SessionDep,
    scope: ScopeDep,
    user: CurrentUser,
    format: Format = "json",
) -> RecommendationList | Response:
    result = await _service(request).recommendations(session, scope[1], scope[0], _may_apply(user))
    return _table(result, "recommendations", format)


@_table_get("/idle", IdleReport)
async def idle(
    request: Request,
    session: SessionDep,
    scope: ScopeDep,
    period: str = "7d",
    format: Format = "json",
) -> IdleReport | Response:
    result = await _service(request).idle(session, scope[1], scope[0], period)
    return _table(result, "idle", format)


@router.get("/settings", response_model=CostSettings, dependencies=[READ])
async def get_settings(request: Request, session: SessionDep) -> CostSettings:
    return await _service(request).settings(session)


@router.put("/settings", response_model=CostSettings, dependencies=[SETTINGS])
async def put_settings(
    body: CostSettingsUpdate, request: Request, session: SessionDep
) -> CostSettings:
    request.state.audit_action = "cost.settings"
    return await _service(request).update_settings(session, body)


@router.post("/recommendations/apply", response_model=ApplyResult, dependencies=[APPLY])
async def apply(
    body: ApplyRecommendation,
    request: Request,
    session: SessionDep,
    scope: ScopeDep,
    user: CurrentUser,
) -> ApplyResult:
    request.state.audit_action = "cost.apply"
    request.state.audit_details = {"recommendation": body.id}
    result = await _service(request).apply(
        session,
        body.id,
        scope[1] if scope[0] == FLEET else [*scope[1]],
        _may_apply(user),
        user.username,
    )
    rec = result.recommendation
    request.state.audit_cluster = rec.cluster_id
    request.state.audit_namespace = rec.namespace
    request.state.audit_kind = rec.target_kind
    request.state.audit_name = rec.target_name
    request.state.audit_details = {
        "recommendation": rec.id,
        "container": rec.container,
        "requests": result.applied.model_dump(),
    }
    return result


class SampleResult(BaseModel):
    """Per cluster: None when sampled, else why it was skipped."""

    clusters: dict[str, str | None]


@router.post("/sample", response_model=SampleResult, dependencies=[SETTINGS])
async def sample_now(request: Request) -> SampleResult:
    """Take one sample of every cluster now, without waiting for the interval."""
    return SampleResult(clusters=await _service(request).collector.sample_all())
