"""Login, token refresh with rotation, logout, password change, and the first admin."""

from __future__ import annotations

import asyncio
import os
import secrets
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from pwdlib import PasswordHash
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.core import errors, tokens
from app.core.config import Settings
from app.models import RefreshToken, RevokedAccessToken, User
from app.services.throttle import LoginThrottle, _aware

PASSWORDS = PasswordHash.recommended()
# Verifying against this when the user does not exist keeps failed logins equally slow.
_DUMMY_HASH = PASSWORDS.hash(secrets.token_urlsafe(16))


# Argon2 takes about half a second of CPU and 64 MiB by design; in worker threads (argon2-cffi
# releases the GIL) so the event loop keeps serving every other request meanwhile — a pool of
# its own, one thread per core, so a burst of logins queues instead of taking the default
# pool's 32 threads (2 GiB) and starving everything else that runs in threads.
_HASHING = ThreadPoolExecutor(max_workers=os.cpu_count() or 2, thread_name_prefix="argon2")


async def hash_password(password: str) -> str:
    return await asyncio.get_running_loop().run_in_executor(_HASHING, PASSWORDS.hash, password)


async def verify_password(password: str, password_hash: str) -> bool:
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_HASHING, PASSWORDS.verify, password, password_hash)


MIN_PASSWORD_LENGTH = 8
INVALID_LOGIN = "invalid username or password"


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int


def check_password_rules(password: str, username: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise errors.Invalid(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > 256:
        raise errors.Invalid("the password must have at most 256 characters")
    if password.lower() == username.lower():
        raise errors.Invalid("the password must differ from the username")


class AuthService:
    def __init__(self, settings: Settings, signing_key: str) -> None:
        self.settings = settings
        self.key = signing_key
        self.throttle = LoginThrottle(settings.login_max_failures, settings.login_window_seconds)

    async def login(
        self, session: AsyncSession, username: str, password: str, client_ip: str | None
    ) -> tuple[User, TokenPair]:
        keys = self.throttle.keys(username, client_ip)
        await self.throttle.check(session, keys)
        user = await find_user(session, username)
        valid = await verify_password(password, user.password_hash if user else _DUMMY_HASH)
        if user is None or not valid or user.disabled:
            await self.throttle.failed(session, keys)
            raise errors.Unauthorized(INVALID_LOGIN)
        await self.throttle.succeeded(session, username)
        user.last_login_at = datetime.now(UTC)
        return user, await self._issue(session, user, family_id=None)

    async def _issue(self, session: AsyncSession, user: User, family_id: str | None) -> TokenPair:
        access, _ = tokens.issue_access(
            self.key, user.id, user.role, self.settings.access_token_minutes
        )
        refresh, token_id, token_hash = tokens.new_refresh_token()
        session.add(
            RefreshToken(
                id=token_id,
                user_id=user.id,
                family_id=family_id or token_id,
                token_hash=token_hash,
                expires_at=datetime.now(UTC) + timedelta(days=self.settings.refresh_token_days),
            )
        )
        await session.flush()
        return TokenPair(access, refresh, self.settings.access_token_minutes * 60)

    async def refresh(self, session: AsyncSession, refresh_token: str) -> tuple[User, TokenPair]:
        parts = tokens.split_refresh_token(refresh_token)
        stored = await session.get(RefreshToken, parts[0]) if parts else None
        if parts is None or stored is None or not tokens.same_secret(parts[1], stored.token_hash):
            raise errors.Unauthorized("the refresh token is not valid")
        now = datetime.now(UTC)
        if stored.rotated_at is not None or stored.revoked_at is not None:
            # A used or revoked token came back: assume theft, end every session it spawned.
            await session.execute(
                update(RefreshToken)
                .where(RefreshToken.family_id == stored.family_id)
                .values(revoked_at=now)
            )
            raise errors.Unauthorized(
                "the refresh token was already used; the session has been revoked, sign in again"
            )
        if _aware(stored.expires_at) <= now:
            raise errors.Unauthorized("the refresh token has expired; sign in again")
        user = await session.get(User, stored.user_id)
        if user is None or user.disabled:
            raise errors.Unauthorized("the refresh token is not valid")
        stored.rotated_at = now
        return user, await self._issue(session, user, stored.family_id)

    async def logout(
        self, session: AsyncSession, claims: tokens.AccessClaims, refresh_token: str | None
    ) -> None:
        if await session.get(RevokedAccessToken, claims.jti) is None:
            session.add(RevokedAccessToken(jti=claims.jti, expires_at=claims.expires_at))
        parts = tokens.split_refresh_token(refresh_token or "")
        if parts is not None:
            stored = await session.get(RefreshToken, parts[0])
            if (
                stored is not None
                and stored.user_id == claims.user_id
                and tokens.same_secret(parts[1], stored.token_hash)
            ):
                await session.execute(
                    update(RefreshToken)
                    .where(RefreshToken.family_id == stored.family_id)
                    .values(revoked_at=datetime.now(UTC))
                )
        await session.flush()

    async def authenticate(
        self, session: AsyncSession, token: str
    ) -> tuple[User, tokens.AccessClaims] | None:
        claims = tokens.decode_access(self.key, token)
        if claims is None or await session.get(RevokedAccessToken, claims.jti) is not None:
            return None
        user = await session.get(User, claims.user_id)
        if user is None or user.disabled:
            return None
        return user, claims

    async def change_password(
        self, session: AsyncSession, user: User, current: str, new: str
    ) -> None:
        if not await verify_password(current, user.password_hash):
            raise errors.Invalid("the current password is wrong")
        if current == new:
            raise errors.Invalid("the new password must differ from the current one")
        check_password_rules(new, user.username)
        user.password_hash = await hash_password(new)
        user.must_change_password = False
        # Every other session of this user ends: a password change is often a response to theft.
        await session.execute(
            update(RefreshToken)
            .where(RefreshToken.user_id == user.id)
            .values(revoked_at=datetime.now(UTC))
        )

    async def ensure_admin(self, session: AsyncSession) -> str | None:
        """Create `admin` on first start; returns a generated password (to print once)."""
        if (await session.scalar(select(func.count()).select_from(User))) or 0:
            return None
        configured = self.settings.admin_password
        password = configured or secrets.token_urlsafe(12)
        session.add(
            User(
                username="admin",
                username_key="admin",
                display_name="Administrator",
                password_hash=await hash_password(password),
                role="admin",
                cluster_roles={},
                must_change_password=configured is None,
            )
        )
        await session.flush()
        return None if configured else password


async def find_user(session: AsyncSession, username: str) -> User | None:
    user: User | None = await session.scalar(
        select(User).where(User.username_key == username.lower())
    )
    return user
