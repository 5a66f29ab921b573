"""The routes' vocabulary: typed dependencies for the session, services and the cluster."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import HTTPConnection

from app.core import errors
from app.core.db import session_scope
from app.models import User
from app.services.cluster_service import ClusterService
from app.services.kube_gateway import KubeGateway
from app.services.watch_cache import WatchCache

# Public routes have no user; their per-user state falls back to one shared key.
DEFAULT_USER = "default"


async def _session(request: HTTPConnection) -> AsyncIterator[AsyncSession]:
    async for session in session_scope(request.app.state.sessions):
        yield session


def _clusters(request: HTTPConnection) -> ClusterService:
    service: ClusterService = request.app.state.clusters
    return service


async def _user_key(request: HTTPConnection) -> str:
    from app.api.permissions import identify

    await identify(request)
    return str(getattr(request.state, "user_key", DEFAULT_USER))


# Committed (or rolled back) when the handler returns, before the response and its audit entry.
SessionDep = Annotated[AsyncSession, Depends(_session, scope="function")]
ClustersDep = Annotated[ClusterService, Depends(_clusters)]
UserKey = Annotated[str, Depends(_user_key)]


async def _cluster_id(
    clusters: ClustersDep,
    session: SessionDep,
    user: UserKey,
    cluster_id: Annotated[
        str | None, Query(description="default: the caller's active cluster")
    ] = None,
) -> str:
    if cluster_id is not None:
        await clusters.known(cluster_id)  # 404 for an unknown cluster
        return cluster_id
    return await clusters.active_id(session, user)


ClusterId = Annotated[str, Depends(_cluster_id)]


async def _current_user(request: HTTPConnection) -> User:
    from app.api.permissions import identify  # permissions imports this module's siblings

    identity = await identify(request)
    if identity is None:
        raise errors.Unauthorized("sign in first: a valid access token is required")
    return identity[0]


CurrentUser = Annotated[User, Depends(_current_user)]


def _watch_cache(request: HTTPConnection) -> WatchCache:
    cache: WatchCache = request.app.state.watch_cache
    return cache


WatchCacheDep = Annotated[WatchCache, Depends(_watch_cache)]


def _gateway(clusters: ClustersDep, cluster_id: ClusterId) -> KubeGateway:
    return clusters.gateway(cluster_id)


# The request's cluster's API (a 503 when it is unreachable comes from the calls, not from here).
Gateway = Annotated[KubeGateway, Depends(_gateway)]
