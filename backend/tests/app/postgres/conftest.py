"""kubedeck on a real PostgreSQL server (asyncpg), as `KUBEDECK_DATABASE_URL` allows.

One server, one kubesim cluster and two replicas of the real app (subprocesses) serve every test
of this package (package scope: started once, stopped when the package is done). The replicas
share one fresh database, started together as a Deployment starts them, and run with a non-UTC
local zone (TZ), so a naive datetime that asyncpg would read as local time shows up as a shift.
`deck` here is the first replica (it overrides tests/app's SQLite `deck`); `sessions` is a fresh
database per test, for tests of the services themselves.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.core.db import make_engine, migrate, session_factory
from tests.support.kubedeck_process import Kubedeck
from tests.support.kubesim_process import Kubesim
from tests.support.postgres import CLUSTER, Postgres, in_parallel, replica


@pytest.fixture(scope="package")
def pg() -> Iterator[Postgres]:
    server = Postgres().start()
    yield server
    server.stop()


@pytest.fixture(scope="package")
def sim(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Kubesim]:
    cluster = Kubesim(tmp_path_factory.mktemp("pg-sim"), CLUSTER, scenario="demo").start()
    yield cluster
    cluster.stop()


@pytest.fixture(scope="package")
def started_replicas(
    pg: Postgres, sim: Kubesim, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Kubedeck, Kubedeck]]:
    """Two replicas on one fresh database, sampling every second (the lease test watches)."""
    url = pg.create_database("kubedeck")
    first, second = (replica(tmp_path_factory.mktemp(f"pg-{n}"), url, sim, 1) for n in "ab")
    # Started together, as a Deployment does: migrations and the first admin race.
    try:
        in_parallel([lambda: first.start().port, lambda: second.start().port])
        yield first, second
    finally:
        first.stop()
        second.stop()


@pytest.fixture
def replicas(started_replicas: tuple[Kubedeck, Kubedeck]) -> tuple[Kubedeck, Kubedeck]:
    """Both replicas, running: one a test left stopped (the lease takeover test stops them, and
    runs last in file order) starts again, so the tests do not depend on their order."""
    for app in started_replicas:
        if app.process is None or app.process.poll() is not None:
            app.start()
    return started_replicas


@pytest.fixture
def deck(replicas: tuple[Kubedeck, Kubedeck]) -> Kubedeck:
    """The first replica: where the single-process tests talk."""
    return replicas[0]


@pytest.fixture
async def sessions(pg: Postgres) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """For the services' own tests (the cost store's SQLite tests too): a fresh PostgreSQL
    database each."""
    engine = make_engine(pg.create_database(f"cost_{uuid.uuid4().hex[:12]}"))
    await migrate(engine)
    yield session_factory(engine)
    await engine.dispose()
