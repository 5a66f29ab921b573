"""`require_permission("...")`: every route's single authorization dependency.

It authenticates the caller (Bearer token; WebSockets may pass `?access_token=` since browsers
cannot set headers there), refuses users who must change their password first, resolves the
request's cluster, checks the role the user has there, and records what the audit log needs.
A denial is audited by the audit middleware like any other refused request.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import Depends
from starlette.requests import HTTPConnection

from app.core import errors
from app.core.tokens import AccessClaims
from app.models import User
from app.services import permissions

PERMISSION_ATTRIBUTE = "kubedeck_permission"


async def identify(conn: HTTPConnection) -> tuple[User, AccessClaims] | None:
    """The caller's user and token claims, or None; cached on the request."""
    state = conn.state
    if hasattr(state, "identity"):
        cached: tuple[User, AccessClaims] | None = state.identity
        return cached
    header = conn.headers.get("authorization", "")
    token = header[7:].strip() if header.lower().startswith("bearer ") else ""
    if not token and conn.scope["type"] == "websocket":
        token = conn.query_params.get("access_token", "")
    identity = None
    if token:
        async with conn.app.state.sessions() as session:
            identity = await conn.app.state.auth.authenticate(session, token)
            if identity is not None:
                session.expunge(identity[0])
    state.identity = identity
    if identity is not None:
        state.user_key = str(identity[0].id)
        state.username = identity[0].username
    return identity


async def _cluster_of(conn: HTTPConnection, user: User) -> str | None:
    cluster_id = conn.query_params.get("cluster_id") or conn.path_params.get("cluster_id")
    if cluster_id:
        return str(cluster_id)
    clusters = conn.app.state.clusters
    async with conn.app.state.sessions() as session:
        try:
            active: str = await clusters.active_id(session, str(user.id))
            return active
        except errors.NotFound:
            return None


def require_permission(permission: str) -> Any:
    async def check(conn: HTTPConnection) -> User | None:
        conn.state.permission = permission
        if permission == permissions.PUBLIC:
            return None
        identity = await identify(conn)
        if identity is None:
            raise errors.Unauthorized("sign in first: a valid access token is required")
        user = identity[0]
        if user.must_change_password and permission != permissions.AUTHENTICATED:
            raise errors.Forbidden(
                "the password must be changed before anything else (POST /api/v1/auth/password)"
            )
        cluster_id = None
        if (
            permission not in permissions.GLOBAL_PERMISSIONS
            and permission != permissions.AUTHENTICATED
        ):
            cluster_id = await _cluster_of(conn, user)
        conn.state.audit_cluster = cluster_id
        if not permissions.allowed(permission, user.role, user.cluster_roles or {}, cluster_id):
            where = f" on cluster {cluster_id}" if cluster_id else ""
            role = permissions.role_for(user.role, user.cluster_roles or {}, cluster_id)
            raise errors.Forbidden(f"your role ({role}){where} does not allow {permission}")
        return user

    setattr(check, PERMISSION_ATTRIBUTE, permission)
    return Depends(check)


def permission_of(call: Callable[..., Awaitable[Any]] | Any) -> str | None:
    value = getattr(call, PERMISSION_ATTRIBUTE, None)
    return value if isinstance(value, str) else None
