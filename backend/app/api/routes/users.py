"""`/api/v1/users`: user management (admin only)."""

from __future__ import annotations

from fastapi import APIRouter, status

from app.api.deps import ClustersDep, CurrentUser, SessionDep
from app.api.permissions import require_permission
from app.schemas.auth import UserCreate, UserOut, UserUpdate
from app.services import user_service

router = APIRouter(prefix="/api/v1/users", tags=["users"])
MANAGE = require_permission("users:manage")


@router.get("", response_model=list[UserOut], dependencies=[MANAGE])
async def list_users(session: SessionDep) -> list[UserOut]:
    return [user_service.to_out(u) for u in await user_service.list_users(session)]


@router.post("", response_model=UserOut, status_code=status.HTTP_201_CREATED, dependencies=[MANAGE])
async def create_user(body: UserCreate, session: SessionDep, clusters: ClustersDep) -> UserOut:
    user = await user_service.create(session, body, {c.id for c in clusters.all()})
    return user_service.to_out(user)


@router.put("/{user_id}", response_model=UserOut, dependencies=[MANAGE])
async def update_user(
    user_id: int, body: UserUpdate, session: SessionDep, actor: CurrentUser, clusters: ClustersDep
) -> UserOut:
    user = await user_service.update(session, actor, user_id, body, {c.id for c in clusters.all()})
    return user_service.to_out(user)


@router.delete("/{user_id}", status_code=status.HTTP_204_NO_CONTENT, dependencies=[MANAGE])
async def delete_user(user_id: int, session: SessionDep, actor: CurrentUser) -> None:
    await user_service.delete(session, actor, user_id)
