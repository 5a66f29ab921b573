"""The cost model on hand-computed cases (pure functions: no cluster, no database)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from app.schemas.cost import CostSettings, Pricing
from app.services import cost_engine as engine
from app.services.cost_recommendations import Inputs, rightsize
from app.services.cost_sampling import Snapshot, build_sample

PRICES = Pricing()  # 0.031 per core-hour, 0.004 per GiB-hour, 0.10 per GiB-month
HOUR = 3600.0


def pod(
    name: str,
    cpu: str,
    memory: str,
    *,
    ns: str = "shop",
    node: str = "n1",
    phase: str = "Running",
    owner: tuple[str, str] | None = None,
    claims: tuple[str, ...] = (),
) -> dict[str, Any]:
    md: dict[str, Any] = {"name": name, "namespace": ns}
    if owner:
        md["ownerReferences"] = [{"kind": owner[0], "name": owner[1], "controller": True}]
    return {
        "metadata": md,
        "spec": {
            "nodeName": node,
            "containers": [
                {"name": "app", "resources": {"requests": {"cpu": cpu, "memory": memory}}}
            ],
            "volumes": [{"name": c, "persistentVolumeClaim": {"claimName": c}} for c in claims],
        },
        "status": {"phase": phase},
    }


def node(name: str, cpu: str, memory: str, labels: dict[str, str] | None = None) -> dict[str, Any]:
    return {
        "metadata": {"name": name, "labels": labels or {}},
        "status": {"capacity": {"cpu": cpu, "memory": memory}},
    }


def usage(name: str, cpu: str, memory: str, ns: str = "shop") -> dict[str, Any]:
    return {
        "metadata": {"name": name, "namespace": ns},
        "containers": [{"name": "app", "usage": {"cpu": cpu, "memory": memory}}],
    }


def totals(rows: list[dict[str, Any]]) -> engine.Allocation:
    a = engine.Allocation(hours=1.0)
    for row in rows:
        a.add(
            engine.Allocation(**{k: row[k] for k in row if k in engine.Allocation.__annotations__})
        )
    return a


def test_allocation_takes_the_larger_of_request_and_usage() -> None:
    snap = Snapshot(
        pods=[pod("over", "1", "2Gi"), pod("under", "1", "2Gi")],
        nodes=[node("n1", "8", "32Gi")],
        metrics=[usage("over", "1500m", "1Gi"), usage("under", "250m", "3Gi")],
    )
    rows = {r["name"]: r for r in build_sample(snap, HOUR).workloads}
    # usage above the CPU request: 1.5 cores; below the memory request: 2 GiB
    assert rows["over"]["cpu_alloc"] == pytest.approx(1.5)
    assert rows["over"]["mem_alloc"] == pytest.approx(2.0)
    # usage below the CPU request: 1 core; above the memory request: 3 GiB
    assert rows["under"]["cpu_alloc"] == pytest.approx(1.0)
    assert rows["under"]["mem_alloc"] == pytest.approx(3.0)
    over = engine.allocation_cost(totals([rows["over"]]), PRICES)
    assert over.cpu + over.memory == pytest.approx(1.5 * 0.031 + 2 * 0.004)
    assert engine.allocated(0, 0.3) == 0.3 and engine.allocated(0.2, None) == 0.2
    assert engine.allocated(0, None) == 0


def test_pods_not_running_cost_nothing_and_controllers_resolve() -> None:
    snap = Snapshot(
        pods=[
            pod("web-abc-1", "1", "1Gi", owner=("ReplicaSet", "web-abc")),
            pod("report-1-x", "1", "1Gi", owner=("Job", "report-1")),
            pod("pending", "4", "4Gi", phase="Pending", owner=("ReplicaSet", "web-abc")),
            pod("bare", "100m", "128Mi"),
        ],
        nodes=[node("n1", "8", "32Gi")],
        replicasets=[
            {
                "metadata": {
                    "name": "web-abc",
                    "namespace": "shop",
                    "ownerReferences": [{"kind": "Deployment", "name": "web", "controller": True}],
                }
            }
        ],
        jobs=[
            {
                "metadata": {
                    "name": "report-1",
                    "namespace": "shop",
                    "ownerReferences": [{"kind": "CronJob", "name": "report", "controller": True}],
                }
            }
        ],
        metrics=None,
    )
    sample = build_sample(snap, HOUR)
    kinds = {(r["kind"], r["name"]): r for r in sample.workloads}
    assert set(kinds) == {("Deployment", "web"), ("CronJob", "report"), ("Pod", "bare")}
    assert kinds[("Deployment", "web")]["cpu_alloc"] == pytest.approx(1.0)  # Pending: nothing
    assert sample.pods == 3
    # metrics.k8s.io absent: usage is the requests, and the sample says so
    assert sample.usage_source == "requests"
    assert kinds[("Pod", "bare")]["cpu_usage"] == pytest.approx(0.1)


def test_idle_on_a_half_empty_node() -> None:
    snap = Snapshot(
        pods=[pod("a", "2", "8Gi")],
        nodes=[node("n1", "4", "16Gi")],
        metrics=[usage("a", "1", "4Gi")],
    )
    sample = build_sample(snap, HOUR)
    (n,) = sample.nodes
    usage_ = engine.NodeUsage(
        1.0, n["cpu_capacity"], n["mem_capacity"], n["cpu_alloc"], n["mem_alloc"]
    )
    assert engine.node_cost(usage_, PRICES) == pytest.approx((4 * 0.031, 16 * 0.004))
    cpu, mem = engine.node_idle(usage_, PRICES)
    assert (cpu, mem) == pytest.approx((2 * 0.031, 8 * 0.004))
    idle = engine.cluster_idle({"n1": usage_}, PRICES)
    assert idle.total == pytest.approx(0.094)  # half of the node's 0.188 per hour
    # more allocated than the node holds: idle is clamped at 0, never negative
    full = engine.NodeUsage(1.0, 4, 16, 6, 20)
    assert engine.node_idle(full, PRICES) == (0.0, 0.0)


def test_instance_price_and_spot_discount() -> None:
    pricing = Pricing(instance_types={"m5.xlarge": 0.2}, spot_discount=0.5)
    on_demand = engine.NodeUsage(2.0, 8, 32, 0, 0, spot=False, instance_type="m5.xlarge")
    cpu, mem = engine.node_cost(on_demand, pricing)
    assert cpu + mem == pytest.approx(0.4)  # 2 hours at 0.2, split by the price ratio
    assert cpu / mem == pytest.approx((4 * 0.031) / (16 * 0.004))
    spot = engine.NodeUsage(1.0, 4, 16, 0, 0, spot=True)
    assert sum(engine.node_cost(spot, pricing)) == pytest.approx(0.188 / 2)
    labels = {"karpenter.sh/capacity-type": "spot"}
    sample = build_sample(
        Snapshot(pods=[pod("a", "1", "1Gi")], nodes=[node("n1", "4", "16Gi", labels)]), HOUR
    )
    assert sample.nodes[0]["spot"] and sample.workloads[0]["cpu_spot"] == pytest.approx(1.0)
    cost = engine.allocation_cost(totals(sample.workloads), pricing)
    assert cost.cpu == pytest.approx(0.031 / 2)


def test_minute_weighted_averages_across_windows() -> None:
    # 30 minutes at 2 cores, then 90 minutes at 1 core: 1.25 cores, not the naive 1.5
    assert engine.weighted_average([(2.0, 30), (1.0, 90)]) == pytest.approx(1.25)
    first = build_sample(
        Snapshot(pods=[pod("a", "2", "1Gi")], nodes=[node("n1", "8", "32Gi")]), 1800
    )
    second = build_sample(
        Snapshot(pods=[pod("a", "1", "1Gi")], nodes=[node("n1", "8", "32Gi")]), 5400
    )
    both = engine.Allocation()
    for s in (first, second):
        row = s.workloads[0]
        both.add(
            engine.Allocation(hours=s.nodes[0]["cpu_capacity"] / 8, cpu_request=row["cpu_request"])
        )
    assert both.hours == pytest.approx(2.0)
    assert engine.average(both.cpu_request, both.hours) == pytest.approx(1.25)


def test_a_claim_mounted_by_two_pods_is_split_and_unmounted_time_is_separate() -> None:
    pvc = {
        "metadata": {"name": "shared", "namespace": "shop"},
        "spec": {"resources": {"requests": {"storage": "10Gi"}}},
        "status": {"phase": "Bound", "capacity": {"storage": "10Gi"}},
    }
    lonely = {
        "metadata": {"name": "lonely", "namespace": "shop"},
        "spec": {"resources": {"requests": {"storage": "4Gi"}}},
        "status": {"phase": "Bound"},
    }
    orphan_pv = {
        "metadata": {"name": "pv-old"},
        "spec": {"capacity": {"storage": "20Gi"}},
        "status": {"phase": "Available"},
    }
    bound_pv = {
        "metadata": {"name": "pv-b"},
        "spec": {"capacity": {"storage": "10Gi"}, "claimRef": {"name": "shared"}},
        "status": {"phase": "Bound"},
    }
    snap = Snapshot(
        pods=[pod("a", "1", "1Gi", claims=("shared",)), pod("b", "1", "1Gi", claims=("shared",))],
        nodes=[node("n1", "8", "32Gi")],
        pvcs=[pvc, lonely],
        pvs=[orphan_pv, bound_pv],
    )
    sample = build_sample(snap, HOUR)
    rows = {r["name"]: r for r in sample.workloads}
    assert rows["a"]["storage_gib_h"] == pytest.approx(5.0)
    assert rows["b"]["storage_gib_h"] == pytest.approx(5.0)
    assert engine.storage_cost(5.0, PRICES) == pytest.approx(5 * 0.10 / 730)
    namespaces = {r["namespace"]: r for r in sample.namespaces}
    assert namespaces["shop"]["storage_unmounted_gib_h"] == pytest.approx(4.0)
    assert namespaces["__unallocated__"]["storage_unmounted_gib_h"] == pytest.approx(20.0)
    volumes = {(v["kind"], v["name"]): v for v in sample.volumes}
    assert set(volumes) == {("pvc", "shared"), ("pvc", "lonely"), ("pv", "pv-old")}
    assert volumes[("pvc", "shared")]["mounted_by"] == ["a", "b"]
    assert volumes[("pvc", "lonely")]["mounted_hours"] == 0


def test_efficiency_with_zero_requests_and_zero_usage() -> None:
    assert engine.ratio_efficiency(0.5, 0.0) == 1.0  # no request, some usage
    assert engine.ratio_efficiency(0.0, 0.0) == 0.0
    assert engine.ratio_efficiency(0.0, 2.0) == 0.0
    assert engine.ratio_efficiency(3.0, 2.0) == 1.5  # may exceed 1
    a = engine.Allocation(cpu_request=2, cpu_usage=1, mem_request=0, mem_usage=1)
    eff = engine.efficiency(a, engine.Money(cpu=3.0, memory=1.0))
    assert (eff.cpu, eff.memory) == (0.5, 1.0)
    assert eff.total == pytest.approx((0.5 * 3 + 1.0 * 1) / 4)
    assert engine.efficiency(engine.Allocation(), engine.Money()).total == 0.0


def test_shared_idle_follows_cpu_and_memory_cost() -> None:
    idle = engine.IdleSplit(cpu=1.0, memory=0.5)
    shares = engine.share_idle([engine.Money(cpu=3, memory=0), engine.Money(cpu=1, memory=2)], idle)
    assert shares == [pytest.approx((0.75, 0.0)), pytest.approx((0.25, 0.5))]


def _container(samples: int, p95: float, mem_peak: float) -> SimpleNamespace:
    return SimpleNamespace(
        namespace="shop",
        kind="Deployment",
        name="search",
        container="search",
        samples=samples,
        hours=samples / 12,
        pod_hours=samples / 12,
        cpu_peak=p95,
        mem_peak=mem_peak,
    )


def _inputs(row: SimpleNamespace, p95s: list[float]) -> Inputs:
    key = ("shop", "Deployment", "search", "search")
    return Inputs(
        cluster_id="c1",
        settings=CostSettings(sample_interval_seconds=300),
        pricing=PRICES,
        window_hours=row.hours,
        containers=[row],
        p95s={key: p95s},
        requests={key: (2.0, 4.0)},
        applied={},
        volumes=[],
        nodes={},
    )


def test_rightsizing_uses_p95_peak_headroom_floors_and_waits_for_data() -> None:
    row = _container(12, 0.1, 0.5)
    values = [0.05] * 11 + [0.1]
    (rec,) = rightsize(_inputs(row, values))
    assert rec.status == "open" and rec.recommended is not None
    assert rec.recommended.cpu_cores == pytest.approx(0.115)  # p95 0.1 x 1.15
    assert rec.recommended.memory_gib == pytest.approx(
        round(0.5 * 1.15 * 1024) / 1024, abs=1 / 1024
    )
    saving = ((2 - 0.115) * 0.031 + (4 - rec.recommended.memory_gib) * 0.004) * 730
    assert rec.monthly_saving == pytest.approx(saving, abs=0.01)
    tiny = _container(12, 0.001, 0.01)
    (floored,) = rightsize(_inputs(tiny, [0.001] * 12))
    assert floored.recommended is not None
    assert (
        floored.recommended.cpu_cores == 0.010
        and floored.recommended.memory_gib == pytest.approx(100 / 1024)
    )
    (early,) = rightsize(_inputs(_container(5, 0.1, 0.5), [0.1] * 5))
    assert early.status == "not_enough_data" and early.recommended is None
    assert early.monthly_saving == 0
