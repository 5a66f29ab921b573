"""Login throttling per username and per client address, kept in the DB (shared by replicas)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import case, literal
from sqlalchemy.ext.asyncio import AsyncSession

from app.core import errors
from app.core.db import upsert
from app.models import LoginFailure


class LoginThrottle:
    def __init__(self, max_failures: int, window_seconds: int) -> None:
        self.max_failures = max_failures
        self.window = timedelta(seconds=window_seconds)

    @staticmethod
    def keys(username: str, client_ip: str | None) -> list[str]:
        keys = [f"user:{username.lower()[:250]}"]
        if client_ip:
            keys.append(f"ip:{client_ip}")
        return keys

    async def check(self, session: AsyncSession, keys: list[str]) -> None:
        """429 with Retry-After while any key is over its limit; the same answer whether or
        not the user exists, so the limit reveals nothing."""
        now = datetime.now(UTC)
        for key in keys:
            row = await session.get(LoginFailure, key)
            if row is None:
                continue
            start = _aware(row.window_start)
            if now - start >= self.window:
                continue
            # One address may carry many users (a NAT, an office): it gets a larger budget.
            limit = self.max_failures * (4 if key.startswith("ip:") else 1)
            if row.count >= limit:
                retry = int((start + self.window - now).total_seconds()) + 1
                raise errors.TooManyRequests(
                    "too many failed logins; try again later", extra={"retry_after": retry}
                )

    async def failed(self, session: AsyncSession, keys: list[str]) -> None:
        """Count one failure per key in one upsert: replicas failing the same key at once
        must neither collide on the insert (PostgreSQL refuses the second) nor lose a count."""
        now = datetime.now(UTC)
        expired = LoginFailure.window_start <= now - self.window
        # Typed as the column: a bare datetime would be bound as a zone-less TIMESTAMP.
        moment = literal(now, LoginFailure.window_start.type)
        for key in keys:
            await upsert(
                session,
                LoginFailure,
                "key",
                {"key": key, "count": 1, "window_start": now},
                {
                    "count": case((expired, 1), else_=LoginFailure.count + 1),
                    "window_start": case((expired, moment), else_=LoginFailure.window_start),
                },
            )

    async def succeeded(self, session: AsyncSession, username: str) -> None:
        row = await session.get(LoginFailure, f"user:{username.lower()[:250]}")
        if row is not None:
            await session.delete(row)


def _aware(moment: datetime) -> datetime:
    # SQLite hands datetimes back without their zone; they were stored in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
