"""Resource reads: lists (from the watch cache), detail, YAML, events, and any resource by
group/version/resource. Routes only parse, call KubernetesService and shape the answer.

Lists are serialised with orjson straight from the memoised rows (10,000 rows would spend
most of their time in response-model validation otherwise); the models document the shape.
Query `limit` is the page size, 0 meaning every row. Query `reveal=true` shows a secret's values
to callers holding `secrets:read` on the cluster (403 otherwise); without it they read "***".
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Annotated, Any, Literal

import orjson
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from app.api.deps import ClusterId, ClustersDep, WatchCacheDep
from app.api.permissions import identify, require_permission
from app.core import errors
from app.schemas.resources import CacheStatus, ResourceDetail, ResourceList
from app.services import permissions
from app.services.kubernetes_service import KubernetesService
from app.services.resource_types import Kind, builtin
from app.services.watch_query import ListQuery, Page

router = APIRouter(tags=["resources"])
READ = require_permission("resources:read")
EVENTS = require_permission("events:read")
CLUSTERS = require_permission("clusters:read")
_YAML: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {"application/json": {}, "text/yaml": {}},
        "description": "the detail as JSON, or the object as YAML with format=yaml",
    }
}


def _reads(clusters: ClustersDep, cache: WatchCacheDep) -> KubernetesService:
    return KubernetesService(clusters, cache)


Reads = Annotated[KubernetesService, Depends(_reads)]


def _list_query(
    namespace: Annotated[str | None, Query(description="omit for all namespaces")] = None,
    label_selector: Annotated[str | None, Query(description="e.g. app=web,tier!=db")] = None,
    search: Annotated[str | None, Query(description="case-insensitive name substring")] = None,
    sort: Annotated[
        str | None, Query(description="a row field, '-' for descending; also age, cpu, memory")
    ] = None,
    limit: Annotated[int, Query(ge=0, le=10_000, description="page size; 0 = all rows")] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> ListQuery:
    return ListQuery(namespace or None, label_selector, search or None, sort or None, limit, offset)


ListParams = Annotated[ListQuery, Depends(_list_query)]


async def _reveal(
    request: Request,
    cluster_id: ClusterId,
    reveal: Annotated[
        bool, Query(description="show a secret's values instead of '***' (needs secrets:read)")
    ] = False,
) -> bool:
    if not reveal:
        return False
    identity = await identify(request)
    user = identity[0] if identity else None
    if user is None or not permissions.allowed(
        "secrets:read", user.role, user.cluster_roles or {}, cluster_id
    ):
        raise errors.Forbidden(
            f"revealing secret values needs secrets:read on cluster {cluster_id}"
        )
    return True


Reveal = Annotated[bool, Depends(_reveal)]
Format = Annotated[Literal["json", "yaml"], Query(description="yaml: the object as YAML")]


@dataclass
class DetailQuery:
    """What every detail route takes besides the object's path, and how it answers."""

    reads: Reads
    cluster_id: ClusterId
    reveal: Reveal
    format: Format = "json"

    async def discovered(self, group: str, version: str, resource: str) -> Kind:
        return await self.reads.resolve(self.cluster_id, group, version, resource)

    async def respond(self, kind: Kind, namespace: str | None, name: str) -> Response:
        """The detail as JSON, or with format=yaml the object as YAML."""
        if self.format == "yaml":
            text = await self.reads.yaml(self.cluster_id, kind, namespace, name, self.reveal)
            return Response(text, media_type="text/yaml; charset=utf-8")
        return _json(await self.reads.detail(self.cluster_id, kind, namespace, name, self.reveal))


Detail = Annotated[DetailQuery, Depends()]


def _json(body: object) -> Response:
    return Response(orjson.dumps(body), media_type="application/json")


def _page(page: Page) -> Response:
    return _json(page.body())


@router.get(
    "/api/v1/clusters/{cluster_id}/cache",
    response_model=list[CacheStatus],
    dependencies=[CLUSTERS],
)
async def cache_status(
    cluster_id: str, clusters: ClustersDep, cache: WatchCacheDep
) -> list[CacheStatus]:
    """The watch cache's stores for one cluster: readiness, object counts, last errors."""
    clusters.get(cluster_id)
    return [CacheStatus.model_validate(s) for s in cache.status(cluster_id)]


@router.get("/api/v1/events", response_model=ResourceList, dependencies=[EVENTS])
async def list_events(
    reads: Reads,
    cluster_id: ClusterId,
    query: ListParams,
    type: Annotated[Literal["Normal", "Warning"] | None, Query()] = None,
    involved_kind: str | None = None,
    involved_name: str | None = None,
    involved_uid: str | None = None,
) -> Response:
    """Events, newest first unless `sort` says otherwise; filter by type and involved object."""
    where = tuple(
        (k, v)
        for k, v in (
            ("type", type),
            ("involved_kind", involved_kind),
            ("involved_name", involved_name),
            ("involved_uid", involved_uid),
        )
        if v
    )
    return _page(await reads.events(cluster_id, replace(query, where=where)))


@router.get(
    "/api/v1/apis/{group}/{version}/{resource}", response_model=ResourceList, dependencies=[READ]
)
async def list_any(
    group: str, version: str, resource: str, reads: Reads, cluster_id: ClusterId, query: ListParams
) -> Response:
    """Any served resource (CRDs included; `core` names the core group), listed directly."""
    kind = await reads.resolve(cluster_id, group, version, resource)
    return _page(await reads.list(cluster_id, kind, query))


@router.get(
    "/api/v1/apis/{group}/{version}/namespaces/{namespace}/{resource}/{name}",
    response_model=ResourceDetail,
    responses=_YAML,
    dependencies=[READ],
)
async def get_any_namespaced(
    group: str,
    version: str,
    namespace: str,
    resource: str,
    name: str,
    detail: Detail,
) -> Response:
    return await detail.respond(await detail.discovered(group, version, resource), namespace, name)


@router.get(
    "/api/v1/apis/{group}/{version}/{resource}/{name}",
    response_model=ResourceDetail,
    responses=_YAML,
    dependencies=[READ],
)
async def get_any(
    group: str,
    version: str,
    resource: str,
    name: str,
    detail: Detail,
) -> Response:
    return await detail.respond(await detail.discovered(group, version, resource), None, name)


@router.get(
    "/api/v1/namespaces/{namespace}/{resource}/{name}",
    response_model=ResourceDetail,
    responses=_YAML,
    dependencies=[READ],
)
async def get_namespaced(
    namespace: str,
    resource: str,
    name: str,
    detail: Detail,
) -> Response:
    """Detail of a namespaced object: the object, its row, related objects and events."""
    return await detail.respond(builtin(resource), namespace, name)


@router.get("/api/v1/{resource}", response_model=ResourceList, dependencies=[READ])
async def list_resources(
    resource: str, reads: Reads, cluster_id: ClusterId, query: ListParams
) -> Response:
    """Summary rows of a built-in kind (plural name or kubectl alias), served from the cache."""
    return _page(await reads.list(cluster_id, builtin(resource), query))


@router.get(
    "/api/v1/{resource}/{name}", response_model=ResourceDetail, responses=_YAML, dependencies=[READ]
)
async def get_cluster_scoped(
    resource: str,
    name: str,
    detail: Detail,
) -> Response:
    """Detail of a cluster-scoped object (nodes, namespaces, persistentvolumes...)."""
    return await detail.respond(builtin(resource), None, name)
