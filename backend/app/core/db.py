"""The database: an async engine, a session per request, and migrations run at start-up."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, event, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

MIGRATIONS_DIR = Path(__file__).resolve().parents[1] / "migrations"
# PostgreSQL: an advisory lock key (any constant) taken while migrating.
_MIGRATION_LOCK = 0x6B64_6D69  # "kdmi"
_PG_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def _encode_timestamptz(moment: datetime) -> tuple[int]:
    # Naive datetimes are UTC here (as SQLite stores them); asyncpg alone would read them as
    # the process's local time, shifting every stored moment on a host whose TZ is not UTC.
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return ((aware - _PG_EPOCH) // _MICROSECOND,)


def _decode_timestamptz(value: tuple[int]) -> datetime:
    # Naive UTC, exactly what SQLite hands back: one code path for both databases.
    return (_PG_EPOCH + value[0] * _MICROSECOND).replace(tzinfo=None)


async def _timestamptz_codec(connection: Any) -> None:
    await connection.set_type_codec(
        "timestamptz",
        schema="pg_catalog",
        encoder=_encode_timestamptz,
        decoder=_decode_timestamptz,
        format="tuple",
    )


def make_engine(url: str) -> AsyncEngine:
    engine = create_async_engine(url, pool_pre_ping=True)
    if url.startswith("postgresql+asyncpg"):

        @event.listens_for(engine.sync_engine, "connect")
        def _codecs(dbapi_conn, _record):  # type: ignore[no-untyped-def]
            dbapi_conn.run_async(_timestamptz_codec)

    if url.startswith("sqlite"):
        # SQLite: enforce foreign keys and let readers and the writer work side by side.
        @event.listens_for(engine.sync_engine, "connect")
        def _pragmas(dbapi_conn, _record):  # type: ignore[no-untyped-def]
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=5000")
            cursor.close()

    return engine


def _upgrade(connection: Connection) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


async def migrate(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # Replicas starting together: one migrates, the others wait, then find it done.
            await conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
        await conn.run_sync(_upgrade)


async def upsert(
    session: AsyncSession, model: Any, key: str, values: dict[str, Any], changes: dict[str, Any]
) -> None:
    """INSERT ... ON CONFLICT (key) DO UPDATE, on SQLite and PostgreSQL alike. Two requests
    that read "no row" and both insert would collide; PostgreSQL refuses the second one."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    stmt = insert(model).values(**values)
    await session.execute(stmt.on_conflict_do_update(index_elements=[key], set_=changes))


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


async def session_scope(factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """One session per request: committed when the handler succeeds, rolled back otherwise."""
    async with factory() as session:
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            raise
