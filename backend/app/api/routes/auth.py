"""`/api/v1/auth`: login, refresh, logout, the caller's identity and password, the role table."""

from __future__ import annotations

from fastapi import APIRouter, Request

from app.api.deps import ClustersDep, CurrentUser, SessionDep
from app.api.permissions import require_permission
from app.schemas.auth import (
    LoginRequest,
    LogoutRequest,
    MeOut,
    PasswordChange,
    RefreshRequest,
    RoleOut,
    RolesOut,
    TokenResponse,
)
from app.services import permissions
from app.services.auth_service import AuthService, TokenPair
from app.services.user_service import to_out

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])
PUBLIC = require_permission(permissions.PUBLIC)
SIGNED_IN = require_permission(permissions.AUTHENTICATED)


def _auth(request: Request) -> AuthService:
    service: AuthService = request.app.state.auth
    return service


def _tokens(pair: TokenPair) -> TokenResponse:
    return TokenResponse(
        access_token=pair.access_token, refresh_token=pair.refresh_token, expires_in=pair.expires_in
    )


@router.post("/login", response_model=TokenResponse, dependencies=[PUBLIC])
async def login(body: LoginRequest, request: Request, session: SessionDep) -> TokenResponse:
    request.state.audit_action = "auth.login"
    request.state.username = body.username[:64]
    client = request.client.host if request.client else None
    try:
        _, pair = await _auth(request).login(session, body.username, body.password, client)
    except Exception:
        request.state.audit_action = "auth.login_failed"
        # Failures must persist (throttling counts them) even though the request fails.
        await session.commit()
        raise
    return _tokens(pair)


@router.post("/refresh", response_model=TokenResponse, dependencies=[PUBLIC])
async def refresh(body: RefreshRequest, request: Request, session: SessionDep) -> TokenResponse:
    request.state.audit_action = "auth.refresh"
    try:
        user, pair = await _auth(request).refresh(session, body.refresh_token)
    except Exception:
        await session.commit()  # a reused token's family revocation must stick
        raise
    request.state.username = user.username
    return _tokens(pair)


@router.post("/logout", status_code=204, dependencies=[SIGNED_IN])
async def logout(body: LogoutRequest, request: Request, session: SessionDep) -> None:
    request.state.audit_action = "auth.logout"
    identity = request.state.identity
    await _auth(request).logout(session, identity[1], body.refresh_token)


@router.get("/me", response_model=MeOut, dependencies=[SIGNED_IN])
async def me(user: CurrentUser, clusters: ClustersDep) -> MeOut:
    cluster_roles = dict(user.cluster_roles or {})
    per_cluster = permissions.effective(user.role, cluster_roles, [c.id for c in clusters.all()])
    global_perms = sorted(
        p
        for p in permissions.GLOBAL_PERMISSIONS
        if permissions.allowed(p, user.role, cluster_roles, None)
    )
    return MeOut(
        user=to_out(user), role=user.role, global_permissions=global_perms, permissions=per_cluster
    )


@router.post("/password", status_code=204, dependencies=[SIGNED_IN])
async def change_password(
    body: PasswordChange, request: Request, session: SessionDep, user: CurrentUser
) -> None:
    request.state.audit_action = "auth.password"
    attached = await session.merge(user)
    await _auth(request).change_password(
        session, attached, body.current_password, body.new_password
    )


@router.get(
    "/roles", response_model=RolesOut, dependencies=[require_permission(permissions.AUTHENTICATED)]
)
async def roles() -> RolesOut:
    return RolesOut(
        roles=[
            RoleOut(role=r, permissions=sorted(permissions.ROLE_PERMISSIONS[r]))
            for r in permissions.ROLES
        ],
        global_permissions=sorted(permissions.GLOBAL_PERMISSIONS),
    )
