"""The schema on PostgreSQL: migrations run from nothing to head (timestamps with time zone),
and migrations started at once wait for each other (an advisory lock)."""

from __future__ import annotations

import asyncio

from alembic.script import ScriptDirectory

from app.core.db import MIGRATIONS_DIR, make_engine, migrate
from tests.support.kubedeck_process import Kubedeck
from tests.support.postgres import Postgres


def test_migrations_run_from_nothing_to_head(pg: Postgres, deck: Kubedeck) -> None:
    head = ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()
    assert pg.sql("SELECT version_num FROM alembic_version", "kubedeck") == [[head]]
    column = "SELECT data_type FROM information_schema.columns WHERE table_name = 'audit_log' "
    assert pg.sql(column + "AND column_name = 'timestamp'", "kubedeck") == [
        ["timestamp with time zone"]
    ]


async def test_concurrent_migrations_wait_for_each_other(pg: Postgres) -> None:
    url = pg.create_database("migrate_race")
    engines = [make_engine(url) for _ in range(3)]
    try:  # without the advisory lock these collide on the same tables, or wait forever
        await asyncio.wait_for(asyncio.gather(*(migrate(e) for e in engines)), 60)
    finally:
        for engine in engines:
            await engine.dispose()
    head = ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()
    assert pg.sql("SELECT version_num FROM alembic_version", "migrate_race") == [[head]]
