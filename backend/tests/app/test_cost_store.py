"""Cost history in a real SQLite file: rollups keep totals, retention, the leader lease."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.core.db import make_engine, migrate, session_factory
from app.models.cost import CostNamespaceRow, CostWorkloadRow
from app.schemas.cost import Pricing
from app.services import (
    cost_current,
    cost_findings_queries,
    cost_periods,
    cost_queries,
    cost_store,
    cost_trends,
)
from app.services.cluster_service import ClusterService
from app.services.cost_collector import CostCollector
from app.services.cost_sampling import Snapshot, build_sample
from app.services.cost_views import price_cluster

NOW = datetime(2026, 3, 10, 12, 30, tzinfo=UTC)
INTERVAL = 600.0


@pytest.fixture
async def sessions(tmp_path: Path) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'cost.sqlite'}")
    await migrate(engine)
    yield session_factory(engine)
    await engine.dispose()


def snapshot(cpu: str) -> Snapshot:
    pods = [
        {
            "metadata": {"name": f"web-{i}", "namespace": ns},
            "spec": {
                "nodeName": "n1",
                "containers": [
                    {"name": "app", "resources": {"requests": {"cpu": cpu, "memory": "1Gi"}}}
                ],
            },
            "status": {"phase": "Running"},
        }
        for i, ns in enumerate(("shop", "shop", "data"))
    ]
    node = {
        "metadata": {"name": "n1", "labels": {}},
        "status": {"capacity": {"cpu": "8", "memory": "32Gi"}},
    }
    return Snapshot(pods=pods, nodes=[node])


async def write(sessions: async_sessionmaker[AsyncSession], at: datetime, cpu: str) -> None:
    async with sessions() as session:
        await cost_store.write_sample(
            session, "c1", at, INTERVAL, build_sample(snapshot(cpu), INTERVAL)
        )
        await session.commit()


async def priced_total(
    sessions: async_sessionmaker[AsyncSession], start: datetime, end: datetime
) -> tuple[float, float, int]:
    async with sessions() as session:
        window = await cost_queries.cluster_window(session, "c1", start, end)
    priced = price_cluster(window, Pricing())
    return priced.total, window.hours, window.samples


async def count(sessions: async_sessionmaker[AsyncSession], resolution: str) -> int:
    async with sessions() as session:
        found = await session.scalar(
            select(func.count())
            .select_from(CostNamespaceRow)
            .where(CostNamespaceRow.resolution == resolution)
        )
    return int(found or 0)


async def test_rollups_preserve_totals(sessions: async_sessionmaker[AsyncSession]) -> None:
    # 3 days of samples every 10 minutes, with requests changing every hour
    moments = [NOW - timedelta(minutes=10 * i) for i in range(1, 6 * 72)]
    for i, at in enumerate(moments):
        await write(sessions, at, f"{100 + 10 * ((i // 6) % 5)}m")
    start, end = NOW - timedelta(days=4), NOW
    before = await priced_total(sessions, start, end)
    last_day = await priced_total(sessions, NOW - timedelta(hours=6), NOW)
    assert before[2] == len(moments) and before[1] == pytest.approx(len(moments) * INTERVAL / 3600)

    async with sessions() as session:  # hourly rows for complete hours, daily beyond 1 day
        await cost_store.rollup(session, "c1", NOW, hourly_days=1)
        await session.commit()
    after = await priced_total(sessions, start, end)
    assert after == pytest.approx(before)
    assert await count(sessions, "hour") > 0 and await count(sessions, "day") > 0
    # raw rows are gone once their hour is rolled up: only the current hour's stay raw
    async with sessions() as session:
        oldest_raw = await session.scalar(
            select(func.min(CostWorkloadRow.step_start)).where(CostWorkloadRow.resolution == "raw")
        )
    assert oldest_raw is not None and oldest_raw >= cost_store.floor_hour(NOW)
    # raw namespace rows stay a day for the five-minute trend, and are never read for costs
    assert await count(sessions, "raw") == 2 * 6 * 24  # the samples of the last 24 hours
    # rolling again changes nothing (nothing is counted twice)
    async with sessions() as session:
        await cost_store.rollup(session, "c1", NOW + timedelta(minutes=5), hourly_days=1)
        await session.commit()
    assert await priced_total(sessions, start, end) == pytest.approx(before)
    # a window inside the still-hourly part keeps its own total within one hour's rows
    recent = await priced_total(sessions, NOW - timedelta(hours=6), NOW)
    assert recent[0] == pytest.approx(last_day[0], rel=0.2)


async def test_five_minute_trend_reads_every_sample_of_the_last_day(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    # every 10 minutes for 3 hours; then the hours roll up, as the collector does
    moments = [NOW - timedelta(minutes=10 * i) for i in range(1, 19)]
    for at in moments:
        await write(sessions, at, "100m")
    async with sessions() as session:
        await cost_store.rollup(session, "c1", NOW, hourly_days=30)
        await session.commit()

    async def trend(step: str) -> list[Any]:
        start, end = cost_periods.trend_window(1, step, NOW)
        async with sessions() as session:
            state = await cost_store.rollup_state(session, "c1")
            ns_rows, node_rows = await cost_queries.steps(
                session, state, start, end, fine=step == "5m"
            )
        buckets = cost_trends.cluster_buckets(ns_rows, node_rows, Pricing(), step, False)
        return cost_trends.points(buckets)[0]

    fine, hourly = await trend("5m"), await trend("hour")
    assert len(fine) == len(moments)  # one point per sample, though their hours rolled up
    assert [p.at for p in fine] == sorted(moments)
    # (points are rounded to 6 decimals each)
    assert sum(p.total_cost for p in fine) == pytest.approx(
        sum(p.total_cost for p in hourly), rel=1e-4
    )
    assert len(hourly) == 4  # 09:00 (from 09:30), 10:00, 11:00, 12:00


async def test_peaks_and_p95_survive_a_rollup(sessions: async_sessionmaker[AsyncSession]) -> None:
    for minutes in range(10, 70, 10):
        await write(sessions, NOW - timedelta(hours=2) + timedelta(minutes=minutes), "200m")
    async with sessions() as session:
        await cost_store.rollup(session, "c1", NOW, hourly_days=30)
        await session.commit()
        state = await cost_store.rollup_state(session, "c1")
        rows = await cost_findings_queries.containers(session, state, NOW - timedelta(days=1), NOW)
    web = {(r.namespace, r.name): r for r in rows}
    shop: Any = web[("shop", "web-0")]
    assert shop.samples == 6 and shop.cpu_peak == pytest.approx(0.2)
    assert shop.hours == pytest.approx(1.0)


async def test_only_one_collector_holds_the_lease(
    sessions: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    clusters = ClusterService.__new__(ClusterService)  # the lease never touches a cluster
    first = CostCollector(clusters, sessions, 60)
    second = CostCollector(clusters, sessions, 60)
    assert await first.acquire_lease(NOW)
    assert not await second.acquire_lease(NOW + timedelta(seconds=30))
    assert await first.acquire_lease(NOW + timedelta(seconds=60))  # renewal
    # the leader stops renewing: after three intervals the other replica takes over
    assert await second.acquire_lease(NOW + timedelta(seconds=60 + 181))
    assert not await first.acquire_lease(NOW + timedelta(seconds=60 + 200))


async def test_current_pods_are_replaced_and_labels_follow_changes(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    snap = snapshot("200m")
    snap.namespaces = [{"metadata": {"name": "data", "labels": {"team": "analytics"}}}]
    async with sessions() as session:
        for team in ("old", "web"):  # relabelled between two samples
            snap.pods[0]["metadata"]["labels"] = {"team": team, "pod-template-hash": "abc"}
            sample = build_sample(snap, INTERVAL)
            await cost_store.write_sample(session, "c1", NOW, INTERVAL, sample)
            await session.commit()
        labels = await cost_current.stored_labels(session, ["c1"])
        rows, at = await cost_current.pods(session, "c1", "shop")
    assert labels[("c1", "shop", "Pod", "web-0")] == {"team": "web"}  # generated label dropped
    assert labels[("c1", "data", "Namespace", "data")] == {"team": "analytics"}
    # the latest sample's pods only (not both samples'), in cores and GiB now
    assert [r.pod for r in rows] == ["web-0", "web-1"] and at == NOW
    assert rows[0].cpu_alloc == pytest.approx(0.2) and rows[0].mem_request == pytest.approx(1.0)
