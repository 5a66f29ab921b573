"""Cost overview, namespace breakdown and cost by label over 7 days of hourly rows (issue 8).

    backend/.venv/bin/python bench/cost_bench.py [--sizes 1000,5000,10000] [--runs 5]

For each size it creates a fresh SQLite file, inserts 7 days of hourly rollup rows for one
cluster of PODS pods directly (PODS/5 workloads of 5 replicas, PODS/200 namespaces, PODS/50
nodes: the shape the collector writes, synthesised rather than sampled) plus the current rows
(one per pod) and the labels of every workload and namespace, then times kubedeck's own
`CostService.overview`, `CostService.namespaces` and `CostService.allocation` with
`label:team` (period=7d) in-process: the SQL aggregation plus pricing, no HTTP. Prints
medians, the ratios between sizes, and the size of 30 days of history for the largest cluster
(30 days hourly, the current hour of raw workload rows and 24 hours of raw namespace and node
rows at a 5-minute interval, which the five-minute trend reads), extrapolated from the measured
bytes per row. Asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, cast

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "backend"))

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.core.db import make_engine, migrate, session_factory
from app.models.cost import (
    CostLabels,
    CostNamespaceRow,
    CostNodeRow,
    CostPodRow,
    CostRollupState,
    CostWorkloadRow,
)
from app.services.cluster_service import ClusterService
from app.services.cost_service import CostService
from app.services.cost_store import floor_hour

CLUSTER = "bench"
DAYS = 7
REPLICAS = 5
PODS_PER_NAMESPACE = 200
PODS_PER_NODE = 50
CHUNK = 20_000
TEAMS = 10


@dataclass
class _Cluster:
    id: str
    name: str


class _Clusters:
    """What CostService reads of the registry when answering (ids and names)."""

    def all(self) -> list[_Cluster]:
        return [_Cluster(CLUSTER, "Bench")]


def _allocation(rng: random.Random, replicas: int) -> dict[str, float]:
    cpu, mem = rng.choice((0.1, 0.25, 0.5, 1.0)) * replicas, rng.choice((0.25, 0.5, 1.0)) * replicas
    use = rng.uniform(0.1, 1.2)
    return {
        "cpu_request": cpu,
        "cpu_usage": cpu * use,
        "cpu_alloc": cpu * max(1.0, use),
        "cpu_spot": 0.0,
        "mem_request": mem,
        "mem_usage": mem * use,
        "mem_alloc": mem * max(1.0, use),
        "mem_spot": 0.0,
        "storage_gib_h": 0.0,
    }


def _rows(
    pods: int, end: datetime
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    rng = random.Random(pods)  # noqa: S311 - synthetic data, not secrets
    workloads, namespaces, nodes = [], [], []
    n_workloads, n_ns, n_nodes = (
        pods // REPLICAS,
        max(1, pods // PODS_PER_NAMESPACE),
        max(1, pods // PODS_PER_NODE),
    )
    for h in range(DAYS * 24):
        step = {
            "cluster_id": CLUSTER,
            "resolution": "hour",
            "step_start": end - timedelta(hours=h + 1),
            "hours": 1.0,
            "samples": 12,
        }
        ns_totals: dict[str, dict[str, float]] = {}
        for w in range(n_workloads):
            ns = f"ns-{w % n_ns}"
            a = _allocation(rng, REPLICAS)
            workloads.append(
                {
                    **step,
                    **a,
                    "namespace": ns,
                    "kind": "Deployment",
                    "name": f"app-{w}",
                    "container": "app",
                    "pod_hours": float(REPLICAS),
                    "pods": REPLICAS,
                    "cpu_p95": a["cpu_usage"] / REPLICAS,
                    "cpu_peak": a["cpu_usage"] / REPLICAS,
                    "mem_peak": a["mem_usage"] / REPLICAS,
                    "cpu_req_now": a["cpu_request"] / REPLICAS,
                    "mem_req_now": a["mem_request"] / REPLICAS,
                }
            )
            target = ns_totals.setdefault(ns, dict.fromkeys(a, 0.0))
            for key, value in a.items():
                target[key] += value
        namespaces += [
            {
                **step,
                **t,
                "namespace": ns,
                "workloads": n_workloads // n_ns,
                "storage_unmounted_gib_h": 0.0,
            }
            for ns, t in ns_totals.items()
        ]
        nodes += [
            {
                **step,
                "node": f"node-{n}",
                "instance_type": "m5.2xlarge",
                "spot": False,
                "cpu_capacity": 8.0,
                "mem_capacity": 32.0,
                "cpu_alloc": 4.0,
                "mem_alloc": 12.0,
            }
            for n in range(n_nodes)
        ]
    return workloads, namespaces, nodes


def _current(pods: int, end: datetime) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """One current row per pod, and labels: a team on most workloads, every seventh relying on
    its namespace's team (the fallback)."""
    n_workloads, n_ns = pods // REPLICAS, max(1, pods // PODS_PER_NAMESPACE)
    current = [
        {
            "cluster_id": CLUSTER,
            "at": end,
            "namespace": f"ns-{(p // REPLICAS) % n_ns}",
            "pod": f"app-{p // REPLICAS}-{p % REPLICAS}",
            "kind": "Deployment",
            "name": f"app-{p // REPLICAS}",
            "node": f"node-{p // PODS_PER_NODE}",
            "spot": False,
            **dict.fromkeys(("cpu_request", "cpu_usage", "cpu_alloc"), 0.25),
            **dict.fromkeys(("mem_request", "mem_usage", "mem_alloc"), 0.5),
            "storage_gib": 0.0,
        }
        for p in range(pods)
    ]
    labels = [
        {
            "cluster_id": CLUSTER,
            "namespace": f"ns-{w % n_ns}",
            "kind": "Deployment",
            "name": f"app-{w}",
            "labels": {"app": f"app-{w}", **({"team": f"team-{w % TEAMS}"} if w % 7 else {})},
            "updated_at": end,
        }
        for w in range(n_workloads)
    ]
    labels += [
        {
            "cluster_id": CLUSTER,
            "namespace": f"ns-{n}",
            "kind": "Namespace",
            "name": f"ns-{n}",
            "labels": {"team": f"team-{n % TEAMS}"},
            "updated_at": end,
        }
        for n in range(n_ns)
    ]
    return current, labels


async def _fill(sessions: async_sessionmaker[AsyncSession], pods: int, end: datetime) -> int:
    workloads, namespaces, nodes = _rows(pods, end)
    current, labels = _current(pods, end)
    async with sessions() as session:
        for model, rows in (
            (CostWorkloadRow, workloads),
            (CostNamespaceRow, namespaces),
            (CostNodeRow, nodes),
            (CostPodRow, current),
            (CostLabels, labels),
        ):
            for i in range(0, len(rows), CHUNK):
                await session.execute(insert(model), rows[i : i + CHUNK])
        session.add(CostRollupState(cluster_id=CLUSTER, hour_until=end, day_until=None))
        await session.commit()
    return len(workloads) + len(namespaces) + len(nodes) + len(current) + len(labels)


async def _time(runs: int, call: Any) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        await call()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


async def _measure(pods: int, runs: int, workdir: Path) -> dict[str, float]:
    path = workdir / f"cost-{pods}.sqlite"
    engine = make_engine(f"sqlite+aiosqlite:///{path}")
    await migrate(engine)
    sessions = session_factory(engine)
    end = floor_hour(datetime.now(UTC))
    started = time.perf_counter()
    rows = await _fill(sessions, pods, end)
    fill = time.perf_counter() - started
    service = CostService(cast(ClusterService, _Clusters()), sessions, 300)

    async def overview() -> None:
        async with sessions() as session:
            await service.overview(session, [CLUSTER], CLUSTER, "7d")

    async def namespaces() -> None:
        async with sessions() as session:
            await service.namespaces(session, [CLUSTER], CLUSTER, "7d")

    async def by_label() -> None:
        async with sessions() as session:
            await service.allocation(session, [CLUSTER], CLUSTER, "label:team", "7d")

    await overview()  # warm the page cache once, as a running server would be
    result = {
        "overview": await _time(runs, overview),
        "namespaces": await _time(runs, namespaces),
        "label": await _time(runs, by_label),
        "rows": float(rows),
        "fill": fill,
    }
    async with sessions() as session:
        result["workload_rows"] = float(
            await session.scalar(select(func.count()).select_from(CostWorkloadRow)) or 0
        )
    await engine.dispose()
    result["bytes"] = float(_file_bytes(path))
    return result


def _file_bytes(path: Path) -> int:
    """The database file and its WAL, if any."""
    return path.stat().st_size + sum(p.stat().st_size for p in path.parent.glob(f"{path.name}-*"))


def _history_30_days(pods: int, bytes_per_row: float) -> str:
    n_ns = max(1, pods // PODS_PER_NAMESPACE)
    trend_rows = n_ns + max(1, pods // PODS_PER_NODE)  # namespaces and nodes
    per_step = pods // REPLICAS + trend_rows
    # Raw workload rows: at most the current hour of 5-minute samples; raw namespace and node
    # rows stay 24 hours for the five-minute trend.
    raw = pods // REPLICAS * 12 + trend_rows * 288
    hourly = per_step * 24 * 30
    current = pods + pods // REPLICAS + n_ns  # pod rows and labels: no history
    size = (raw + hourly + current) * bytes_per_row
    return (
        f"30 days of history at {pods // 1000}k pods: {hourly:,} hourly + {raw:,} raw "
        f"+ {current:,} current rows x {bytes_per_row:.0f} B = {size / 1e6:.0f} MB"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="1000,5000,10000")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    results = {}
    with tempfile.TemporaryDirectory(prefix="cost-bench-") as tmp:
        for pods in sizes:
            results[pods] = await _measure(pods, args.runs, Path(tmp))
            r = results[pods]
            print(
                f"{pods:>6} pods: {r['rows']:>9,.0f} rows (filled in {r['fill']:.1f} s), "
                f"DB {r['bytes'] / 1e6:6.1f} MB | overview {r['overview'] * 1000:7.1f} ms | "
                f"namespaces {r['namespaces'] * 1000:7.1f} ms | "
                f"label:team {r['label'] * 1000:7.1f} ms",
                flush=True,
            )
    small, large = sizes[0], sizes[-1]
    for key in ("overview", "namespaces", "label"):
        ratio = results[large][key] / results[small][key]
        print(
            f"{key}: {large // 1000}k / {small // 1000}k (pods x{large / small:g}) = x{ratio:.1f}"
        )
    print(_history_30_days(large, results[large]["bytes"] / results[large]["rows"]))


if __name__ == "__main__":
    asyncio.run(main())
