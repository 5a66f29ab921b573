"""Users: create, update, delete — with the last admin protected and nobody deleting themself."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core import errors
from app.models import User
from app.schemas.auth import UserCreate, UserOut, UserUpdate
from app.services.auth_service import check_password_rules, find_user, hash_password
from app.services.permissions import ROLES


def to_out(user: User) -> UserOut:
    return UserOut(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        role=user.role,
        cluster_roles=dict(user.cluster_roles or {}),
        disabled=user.disabled,
        must_change_password=user.must_change_password,
        created_at=user.created_at,
        updated_at=user.updated_at,
        last_login_at=user.last_login_at,
    )


def _check_cluster_roles(cluster_roles: dict[str, str], known_clusters: set[str]) -> None:
    for cluster_id, role in cluster_roles.items():
        if role not in ROLES:
            raise errors.Invalid(
                f"cluster_roles[{cluster_id}]: unknown role {role!r}; "
                f"choose one of {', '.join(ROLES)}"
            )
        if cluster_id not in known_clusters:
            raise errors.Invalid(f"cluster_roles: no cluster {cluster_id!r} is configured")


async def _active_admins(session: AsyncSession) -> int:
    count = await session.scalar(
        select(func.count()).select_from(User).where(User.role == "admin", User.disabled.is_(False))
    )
    return int(count or 0)


async def get(session: AsyncSession, user_id: int) -> User:
    user = await session.get(User, user_id)
    if user is None:
        raise errors.NotFound(f"user {user_id} does not exist")
    return user


async def list_users(session: AsyncSession) -> list[User]:
    return list((await session.scalars(select(User).order_by(User.username_key))).all())


async def create(session: AsyncSession, body: UserCreate, known_clusters: set[str]) -> User:
    if await find_user(session, body.username) is not None:
        raise errors.Conflict(f"user {body.username!r} already exists")
    check_password_rules(body.password, body.username)
    _check_cluster_roles(body.cluster_roles, known_clusters)
    user = User(
        username=body.username,
        username_key=body.username.lower(),
        display_name=body.display_name,
        password_hash=await hash_password(body.password),
        role=body.role,
        cluster_roles=dict(body.cluster_roles),
        disabled=False,
        must_change_password=body.must_change_password,
    )
    session.add(user)
    await session.flush()
    return user


async def update(
    session: AsyncSession, actor: User, user_id: int, body: UserUpdate, known_clusters: set[str]
) -> User:
    user = await get(session, user_id)
    loses_admin = (
        user.role == "admin"
        and not user.disabled
        and ((body.role is not None and body.role != "admin") or body.disabled is True)
    )
    if loses_admin and await _active_admins(session) <= 1:
        raise errors.Conflict("this is the last active admin: it cannot be demoted or disabled")
    if body.disabled and user.id == actor.id:
        raise errors.Conflict("you cannot disable yourself")
    if body.cluster_roles is not None:
        _check_cluster_roles(body.cluster_roles, known_clusters)
        user.cluster_roles = dict(body.cluster_roles)
    if body.password is not None:
        check_password_rules(body.password, user.username)
        user.password_hash = await hash_password(body.password)
    for field in ("display_name", "role", "disabled", "must_change_password"):
        value = getattr(body, field)
        if value is not None:
            setattr(user, field, value)
    await session.flush()
    return user


async def delete(session: AsyncSession, actor: User, user_id: int) -> None:
    user = await get(session, user_id)
    if user.id == actor.id:
        raise errors.Conflict("you cannot delete yourself")
    if user.role == "admin" and not user.disabled and await _active_admins(session) <= 1:
        raise errors.Conflict("this is the last active admin: it cannot be removed")
    await session.delete(user)
    await session.flush()
