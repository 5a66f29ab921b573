"""kubedeck on a real PostgreSQL server (asyncpg), as `KUBEDECK_DATABASE_URL` allows.

Two replicas of the real app (subprocesses) share one fresh database, started together:
migrations from nothing to head, auth, users, the audit chain under concurrent writers on both,
the collector lease and its takeover, helm operations, cost history, a cluster kept across a
restart; and the cost store's own SQLite tests again. The replicas run with a non-UTC local zone
(TZ), so a naive datetime that asyncpg would read as local time shows up as a shift.
"""

from __future__ import annotations

import asyncio
import itertools
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.core.db import MIGRATIONS_DIR, make_engine, migrate, session_factory
from app.services.audit_service import AuditRecord, AuditService
from tests.app import test_cost_store as cost_store_tests
from tests.support.chart_repo import ChartRepo, wait_operation
from tests.support.kubedeck_process import Kubedeck
from tests.support.kubesim_process import Kubesim
from tests.support.postgres import (
    CLUSTER,
    Postgres,
    bad_login,
    in_parallel,
    new_user,
    ok,
    rename_many,
    replica,
    tokens,
    verify,
    wait_for,
)


@pytest.fixture(scope="module")
def pg() -> Iterator[Postgres]:
    server = Postgres().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def sim(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Kubesim]:
    cluster = Kubesim(tmp_path_factory.mktemp("pg-sim"), CLUSTER, scenario="demo").start()
    yield cluster
    cluster.stop()


@pytest.fixture(scope="module")
def replicas(
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


@pytest.fixture(scope="module")
def deck(replicas: tuple[Kubedeck, Kubedeck]) -> Kubedeck:
    """The first replica: where the single-process tests talk."""
    return replicas[0]


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


def test_login_refresh_and_logout(deck: Kubedeck) -> None:
    first = tokens(deck, "ADMIN", deck.admin_password)  # usernames ignore case
    refresh = {"refresh_token": first["refresh_token"]}
    second = deck.call("POST", "/api/v1/auth/refresh", refresh, token=None)
    rotated = ok(second.status, second.body)
    replay = deck.call("POST", "/api/v1/auth/refresh", refresh, token=None)
    assert replay.status == 401  # a rotated token reused: the whole family is revoked
    newest = {"refresh_token": rotated["refresh_token"]}
    assert deck.call("POST", "/api/v1/auth/refresh", newest, token=None).status == 401
    third = tokens(deck, "admin", deck.admin_password)
    access = third["access_token"]
    assert deck.call("GET", "/api/v1/auth/me", token=access).status == 200
    out = {"refresh_token": third["refresh_token"]}
    assert deck.call("POST", "/api/v1/auth/logout", out, token=access).status == 204
    assert deck.call("GET", "/api/v1/auth/me", token=access).status == 401
    assert deck.call("POST", "/api/v1/auth/refresh", out, token=None).status == 401


def test_must_change_password(deck: Kubedeck) -> None:
    new_user(deck, "pgnewbie", must_change_password=True)
    token = tokens(deck, "pgnewbie", "pw-pgnewbie-1")["access_token"]
    blocked = deck.call("GET", "/api/v1/clusters", token=token)
    assert blocked.status == 403 and "password must be changed" in blocked.body["detail"]
    change = {"current_password": "pw-pgnewbie-1", "new_password": "a-better-one"}
    assert deck.call("POST", "/api/v1/auth/password", change, token=token).status == 204
    fresh = tokens(deck, "pgnewbie", "a-better-one")["access_token"]
    assert deck.call("GET", "/api/v1/clusters", token=fresh).status == 200


def test_user_create_edit_delete(deck: Kubedeck) -> None:
    user_id = new_user(deck, "pgeditor", display_name="Ed", cluster_roles={CLUSTER: "developer"})
    edit = {"display_name": "Edited", "role": "developer", "disabled": True}
    changed = deck.call("PUT", f"/api/v1/users/{user_id}", edit)
    body = ok(changed.status, changed.body)
    assert (body["display_name"], body["role"], body["disabled"]) == ("Edited", "developer", True)
    listed = {u["username"]: u for u in deck.call("GET", "/api/v1/users").body}
    assert listed["pgeditor"]["cluster_roles"] == {CLUSTER: "developer"}
    duplicate = deck.call(
        "POST", "/api/v1/users", {"username": "PGEDITOR", "password": "whatever1", "role": "viewer"}
    )
    assert duplicate.status == 409, duplicate.body
    assert deck.call("DELETE", f"/api/v1/users/{user_id}").status == 204
    assert "pgeditor" not in {u["username"] for u in deck.call("GET", "/api/v1/users").body}


def test_audit_chain_holds_under_concurrent_writers(deck: Kubedeck) -> None:
    users = [new_user(deck, f"pgconc{i}") for i in range(8)]
    before = verify(deck)["entries"]
    results = in_parallel([rename_many(deck, uid, 6) for uid in users])
    assert results == [6] * 8
    check = verify(deck)
    assert check["intact"] is True, check
    assert check["entries"] == before + 48  # none lost, none doubled


def test_two_replicas_write_one_audit_chain(
    pg: Postgres, replicas: tuple[Kubedeck, Kubedeck]
) -> None:
    first, second = replicas
    # Failed-login counters for one new key, first written by both replicas at once.
    assert in_parallel([bad_login(app) for app in replicas * 2]) == [401] * 4
    counted = "SELECT count FROM login_failures WHERE key = 'user:pg-ghost'"
    assert pg.sql(counted, "kubedeck") == [["4"]]  # none lost
    ids = [new_user(first, "pgrep1"), new_user(second, "pgrep2")]
    # A token issued by one replica works on the other (shared keys and revocations).
    assert second.call("GET", "/api/v1/auth/me", token=first.token).status == 200
    before = verify(first)["entries"]
    results = in_parallel([rename_many(app, uid, 8) for app in replicas for uid in ids])
    assert results == [8] * 4
    for app in replicas:
        check = verify(app)
        assert check["intact"] is True, check
        assert check["entries"] == before + 32


def test_racing_upserts_and_oversized_paths_are_not_errors(deck: Kubedeck) -> None:
    def switch() -> int:
        return deck.call("PUT", "/api/v1/clusters/active", {"cluster_id": CLUSTER}).status

    # The same user's preference row, first written by eight requests at once.
    assert in_parallel([switch] * 8) == [200] * 8
    assert deck.call("GET", "/api/v1/clusters/active").body == {"cluster_id": CLUSTER}
    # Every mutating request is audited, its path parameters too: longer than their columns.
    for method, path in (
        ("DELETE", "/api/v1/clusters/" + "c" * 100),
        ("DELETE", f"/api/v1/clusters/{CLUSTER}/namespaces/" + "n" * 300),
        ("POST", "/api/v1/" + "p" * 300),
    ):
        reply = deck.call(method, path, None if method == "DELETE" else {})
        assert 400 <= reply.status < 500, (path, reply.status, reply.body)
    newest = deck.call("GET", "/api/v1/audit?limit=3").body["items"]
    assert len(newest[0]["action"]) == 100  # kept, cut to its column
    assert verify(deck)["intact"] is True


def sample_times(pg: Postgres, database: str) -> list[float]:
    rows = pg.sql(
        "SELECT extract(epoch FROM at) FROM cost_samples WHERE cluster_id = 'pgsim' ORDER BY at",
        database,
    )
    return [float(row[0]) for row in rows]


def test_helm_operations_are_tracked(deck: Kubedeck, tmp_path: Path) -> None:
    served = ChartRepo(tmp_path / "repo").start()
    try:
        added = deck.call("POST", "/api/v1/helm/repos", {"name": "pgrepo", "url": served.url})
        ok(added.status, added.body, 201)
        install = {
            "release_name": "pgweb",
            "chart": "pgrepo/demo",
            "version": "0.1.0",
            "namespace": "pg-helm",
            "create_namespace": True,
            "values_yaml": "replicaCount: 1\n",
            "timeout_seconds": 60,
        }
        started = deck.call("POST", f"/api/v1/helm/releases?cluster_id={CLUSTER}", install)
        done = wait_operation(deck, ok(started.status, started.body, 202)["id"])
        assert done["status"] == "succeeded" and done["revision"] == 1, done
        listed = deck.call("GET", "/api/v1/helm/operations")
        assert done["id"] in {op["id"] for op in ok(listed.status, listed.body)}
        uninstall = deck.call(
            "DELETE", f"/api/v1/helm/releases/pgweb?cluster_id={CLUSTER}&namespace=pg-helm"
        )
        gone = wait_operation(deck, ok(uninstall.status, uninstall.body, 202)["id"])
        assert gone["status"] == "succeeded", gone
        assert deck.call("DELETE", "/api/v1/helm/repos/pgrepo").status == 204
    finally:
        served.stop()


def test_cost_sample_and_overview(pg: Postgres, deck: Kubedeck) -> None:
    taken = deck.call("POST", "/api/v1/cost/sample")
    assert ok(taken.status, taken.body)["clusters"] == {CLUSTER: None}
    reply = deck.call("GET", f"/api/v1/cost/overview?cluster_id={CLUSTER}&period=1h")
    overview = ok(reply.status, reply.body)
    assert overview["samples"] >= 1 and overview["total_cost"] > 0, overview
    # Stored as the moment it was taken, whatever the process's local zone.
    assert abs(sample_times(pg, "kubedeck")[-1] - time.time()) < 120
    namespaces = deck.call("GET", f"/api/v1/cost/namespaces?cluster_id={CLUSTER}&period=1h")
    assert ok(namespaces.status, namespaces.body)["items"]


def samples_after(pg: Postgres, moment: float) -> bool:
    return any(t > moment for t in sample_times(pg, "kubedeck"))


def test_cluster_changes_on_one_replica_reach_the_other(
    sim: Kubesim, replicas: tuple[Kubedeck, Kubedeck]
) -> None:
    """API clusters live in the DB: an add, a rename and a removal on one replica show on the
    other (no state only in one process's memory)."""
    first, second = replicas
    body = {"id": "pg-shared", "name": "Shared", "kubeconfig": sim.kubeconfig.read_text()}
    added = first.call("POST", "/api/v1/clusters", body)
    ok(added.status, added.body, 201)
    # At once on the other replica: an id it does not know makes it reload the registry.
    listed = second.call("GET", "/api/v1/namespaces?cluster_id=pg-shared")
    assert ok(listed.status, listed.body)["items"], listed.body
    clusters = second.call("GET", "/api/v1/clusters")
    assert "pg-shared" in [c["id"] for c in ok(clusters.status, clusters.body)]
    renamed = first.call("PATCH", "/api/v1/clusters/pg-shared", {"name": "Renamed"})
    ok(renamed.status, renamed.body)
    assert second.call("GET", "/api/v1/clusters/pg-shared").body["name"] == "Renamed"
    removed = first.call("DELETE", "/api/v1/clusters/pg-shared")
    ok(removed.status, removed.body, 204)
    assert second.call("GET", "/api/v1/clusters/pg-shared").status == 404
    assert second.call("GET", "/api/v1/namespaces?cluster_id=pg-shared").status == 404


def test_one_collector_a_takeover_and_clusters_survive_a_restart(
    pg: Postgres, sim: Kubesim, replicas: tuple[Kubedeck, Kubedeck]
) -> None:
    first, second = replicas
    body = {"id": "pg-added", "name": "Added", "kubeconfig": sim.kubeconfig.read_text()}
    added = first.call("POST", "/api/v1/clusters", body)
    ok(added.status, added.body, 201)
    stored = pg.sql("SELECT kubeconfig_encrypted FROM clusters WHERE id = 'pg-added'", "kubedeck")
    token = str(sim.config()["users"][0]["user"]["token"])
    assert stored and token not in stored[0][0]  # encrypted at rest
    # Both replicas run their collector every second; only the lease holder may sample.
    started, count = time.time(), len(sample_times(pg, "kubedeck"))
    time.sleep(3)
    taken = [t for t in sample_times(pg, "kubedeck") if t >= started]
    assert len(sample_times(pg, "kubedeck")) - count <= 5  # two would double the rate
    gaps = [b - a for a, b in itertools.pairwise(taken)]
    assert taken and all(gap > 0.5 for gap in gaps), gaps
    assert len(pg.sql("SELECT holder FROM cost_leases", "kubedeck")) == 1
    first.stop()
    stopped = time.time()
    # The lease lasts three intervals; then the second replica, alone, holds it.
    wait_for(lambda: samples_after(pg, stopped + 1), 15)
    first.start()
    again = first.call("GET", "/api/v1/clusters/pg-added")
    assert ok(again.status, again.body)["name"] == "Added"
    assert verify(first)["intact"] is True
    # The restarted replica took over from the holder, now stopped in turn.
    second.stop()
    stopped = time.time()
    wait_for(lambda: samples_after(pg, stopped + 1), 15)


@pytest.fixture
async def sessions(pg: Postgres) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """For the cost store's SQLite tests below: a fresh PostgreSQL database each."""
    engine = make_engine(pg.create_database(f"cost_{uuid.uuid4().hex[:12]}"))
    await migrate(engine)
    yield session_factory(engine)
    await engine.dispose()


# The cost store's own tests (rollups keep totals, the five-minute trend, peaks and p95, the
# lease, current pods and labels), on PostgreSQL.
test_cost_rollups_preserve_totals = cost_store_tests.test_rollups_preserve_totals
test_cost_five_minute_trend = (
    cost_store_tests.test_five_minute_trend_reads_every_sample_of_the_last_day
)
test_cost_peaks_and_p95_survive_a_rollup = cost_store_tests.test_peaks_and_p95_survive_a_rollup
test_cost_only_one_collector_holds_the_lease = (
    cost_store_tests.test_only_one_collector_holds_the_lease
)
test_cost_current_pods_and_labels = (
    cost_store_tests.test_current_pods_are_replaced_and_labels_follow_changes
)


async def test_retention_racing_appends_keeps_the_chain_verifiable(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    """Retention (every replica runs it) while other writers append: the genesis it records
    must be the prev_hash of the oldest entry that exists once both are done. It once read
    "no entries" before an append committed and then the head after it, so entry 1 no longer
    matched the chain (seen with two replicas starting together)."""
    audit = AuditService(sessions, retention_days=30)

    async def appends(writer: int) -> None:
        for n in range(15):
            await audit.append(AuditRecord(action=f"race.{writer}.{n}", status_code=200))

    async def purges() -> None:
        for _ in range(40):
            await audit.purge_expired()

    await asyncio.gather(*(appends(w) for w in range(4)), purges(), purges())
    async with sessions() as session:
        check = await audit.verify(session)
    assert check == {"intact": True, "entries": 60, "first_bad_id": None, "detail": None}
