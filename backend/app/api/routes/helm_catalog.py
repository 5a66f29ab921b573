"""`/api/v1/helm` repositories and charts (releases and operations: routes/helm.py).

Adding, updating and removing repositories needs helm:repos; their credentials are never
returned. Chart names are `repo/chart`, taken as two path segments.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request, status

from app.api.deps import CurrentUser, SessionDep
from app.api.routes.helm_common import (
    READ,
    REPOS,
    Helm,
    Version,
    helm_router,
    target,
)
from app.core import errors
from app.schemas.helm import (
    ChartInfo,
    ChartOut,
    ChartReadmeOut,
    ChartSchemaOut,
    ChartValuesOut,
    RepoCreate,
    RepoOut,
    RepoUpdateResult,
)

router = helm_router()


# ---- repositories -----------------------------------------------------------------------------
@router.get("/repos", response_model=list[RepoOut], dependencies=[READ])
async def list_repos(helm: Helm, session: SessionDep) -> list[RepoOut]:
    return await helm.repos.listing(session)


@router.post("/repos", response_model=RepoOut, status_code=201, dependencies=[REPOS])
async def add_repo(
    body: RepoCreate, request: Request, helm: Helm, session: SessionDep, user: CurrentUser
) -> RepoOut:
    target(request, "HelmRepository", None, body.name)
    return await helm.repos.add(session, body, user.username)


@router.post("/repos/update", response_model=list[RepoUpdateResult], dependencies=[REPOS])
async def update_repos(request: Request, helm: Helm) -> list[RepoUpdateResult]:
    target(request, "HelmRepository", None)
    return await helm.repos.update(None)


@router.post("/repos/{name}/update", response_model=RepoUpdateResult, dependencies=[REPOS])
async def update_repo(name: str, request: Request, helm: Helm) -> RepoUpdateResult:
    target(request, "HelmRepository", None)
    return (await helm.repos.update(name))[0]


@router.delete("/repos/{name}", status_code=status.HTTP_204_NO_CONTENT, dependencies=[REPOS])
async def remove_repo(name: str, request: Request, helm: Helm, session: SessionDep) -> None:
    target(request, "HelmRepository", None)
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
