"""`/api/v1/clusters`: the registry, health, and the caller's active cluster."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, status

from app.api.deps import ClustersDep, SessionDep, UserKey, WatchCacheDep
from app.api.permissions import require_permission
from app.schemas.cluster import (
    ActiveCluster,
    ClusterCreate,
    ClusterHealthOut,
    ClusterOut,
    ClusterUpdate,
)

router = APIRouter(prefix="/api/v1/clusters", tags=["clusters"])
READ = require_permission("clusters:read")
MANAGE = require_permission("clusters:manage")
SIGNED_IN = require_permission("authenticated")


@router.get("", response_model=list[ClusterOut], dependencies=[READ])
async def list_clusters(clusters: ClustersDep) -> list[ClusterOut]:
    await clusters.refresh_if_changed()  # what other replicas added, renamed or removed
    return [ClusterOut.of(c, clusters.health.get(c.id)) for c in clusters.all()]


@router.get("/active", response_model=ActiveCluster, dependencies=[SIGNED_IN])
async def get_active(clusters: ClustersDep, session: SessionDep, user: UserKey) -> ActiveCluster:
    return ActiveCluster(cluster_id=await clusters.active_id(session, user))


@router.put("/active", response_model=ActiveCluster, dependencies=[SIGNED_IN])
async def set_active(
    body: ActiveCluster, clusters: ClustersDep, session: SessionDep, user: UserKey
) -> ActiveCluster:
    await clusters.set_active(session, user, body.cluster_id)
    return body


@router.get("/health", response_model=list[ClusterHealthOut], dependencies=[READ])
async def fleet_health(clusters: ClustersDep) -> list[ClusterHealthOut]:
    return [ClusterHealthOut.of(h) for h in await clusters.check_all()]


@router.post(
    "", response_model=ClusterOut, status_code=status.HTTP_201_CREATED, dependencies=[MANAGE]
)
async def add_cluster(
    body: ClusterCreate, clusters: ClustersDep, session: SessionDep
) -> ClusterOut:
    cluster = await clusters.add(
        session, body.id, body.name, body.kubeconfig, body.context, body.labels
    )
    # A short first probe so the answer says whether the new cluster is reachable.
    health = await asyncio.shield(clusters.check(cluster.id))
    return ClusterOut.of(cluster, health)


@router.get("/{cluster_id}", response_model=ClusterOut, dependencies=[READ])
async def get_cluster(cluster_id: str, clusters: ClustersDep) -> ClusterOut:
    await clusters.refresh_if_changed()  # another replica's rename or removal shows at once
    cluster = clusters.get(cluster_id)
    return ClusterOut.of(cluster, await clusters.check(cluster_id))


@router.get("/{cluster_id}/health", response_model=ClusterHealthOut, dependencies=[READ])
async def cluster_health(cluster_id: str, clusters: ClustersDep) -> ClusterHealthOut:
    return ClusterHealthOut.of(await clusters.check(cluster_id))


@router.patch("/{cluster_id}", response_model=ClusterOut, dependencies=[MANAGE])
async def update_cluster(
    cluster_id: str, body: ClusterUpdate, clusters: ClustersDep, session: SessionDep
) -> ClusterOut:
    cluster = await clusters.update(session, cluster_id, body.name, body.labels)
    return ClusterOut.of(cluster, clusters.health.get(cluster_id))


@router.delete("/{cluster_id}", status_code=status.HTTP_204_NO_CONTENT, dependencies=[MANAGE])
async def remove_cluster(
    cluster_id: str, clusters: ClustersDep, session: SessionDep, cache: WatchCacheDep
) -> None:
    await clusters.remove(session, cluster_id)
    await cache.drop_cluster(cluster_id)
