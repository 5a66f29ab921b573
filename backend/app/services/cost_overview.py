"""The overview body: totals, the change against the previous period, top spenders and one
row per cluster, from the priced windows of cost_views."""

from __future__ import annotations

from app.schemas.cost import (
    ClusterCostRow,
    CostOverview,
    CostSettings,
    TopSpender,
    UsageSource,
    Window,
)
from app.services.cost_engine import Allocation, Money, allocation_cost, efficiency, monthly
from app.services.cost_queries import Group
from app.services.cost_sampling import IDLE, UNALLOCATED
from app.services.cost_views import NO_EGRESS_NOTE, PricedCluster

TOP = 5


def _cluster_row(p: PricedCluster, name: str) -> ClusterCostRow:
    cpu, mem = p.money.cpu + p.idle.cpu, p.money.memory + p.idle.memory
    return ClusterCostRow(
        cluster_id=p.window.cluster_id,
        cluster_name=name,
        cpu_cost=cpu,
        memory_cost=mem,
        storage_cost=p.money.storage,
        network_cost=0.0,
        total_cost=p.total,
        idle_cost=p.idle.total,
        efficiency=p.efficiency,
        usage_source=_source([p]),
    )


def _source(priced: list[PricedCluster]) -> UsageSource:
    """ "requests" as soon as one cluster's usage fell back to its requests."""
    return "requests" if any(p.window.usage_source == "requests" for p in priced) else "metrics"


def _top(
    priced: list[PricedCluster], workloads: list[list[tuple[str, str, str, Group]]]
) -> list[TopSpender]:
    spenders = [
        TopSpender(
            kind="namespace",
            cluster_id=p.window.cluster_id,
            namespace=ns,
            name=ns,
            total_cost=money.total,
        )
        for p in priced
        for ns, money in p.namespace_money.items()
        if ns not in (IDLE, UNALLOCATED)
    ]
    for p, found in zip(priced, workloads, strict=True):
        spenders += [
            TopSpender(
                kind="workload",
                cluster_id=p.window.cluster_id,
                namespace=ns,
                name=f"{kind}/{name}",
                total_cost=allocation_cost(group.allocation, p.pricing).total,
            )
            for ns, kind, name, group in found
        ]
    namespaces = sorted((s for s in spenders if s.kind == "namespace"), key=lambda s: -s.total_cost)
    workloads_ = sorted((s for s in spenders if s.kind == "workload"), key=lambda s: -s.total_cost)
    return [*namespaces[:TOP], *workloads_[:TOP]]


def build_overview(
    label: str,
    settings: CostSettings,
    window: Window,
    priced: list[PricedCluster],
    before: list[PricedCluster],
    workloads: list[list[tuple[str, str, str, Group]]],
    names: dict[str, str],
) -> CostOverview:
    allocation, money = Allocation(), Money()
    for p in priced:
        allocation.add(p.allocation)
        money.cpu, money.memory = money.cpu + p.money.cpu, money.memory + p.money.memory
        money.storage += p.money.storage
    idle = sum(p.idle.total for p in priced)
    total = sum(p.total for p in priced)
    had_before = any(p.window.samples for p in before)
    previous = sum(p.total for p in before) if had_before else None
    change = (total - previous) / previous * 100 if previous else None
    last = [p.window.last_sample_at for p in priced if p.window.last_sample_at]
    return CostOverview(
        cluster_id=label,
        currency=settings.currency,
        window=window,
        total_cost=total,
        allocated_cost=money.cpu + money.memory,
        idle_cost=idle,
        idle_share=idle / total if total > 0 else 0.0,
        storage_cost=money.storage,
        network_cost=0.0,
        network_note=NO_EGRESS_NOTE,
        previous_total_cost=previous,
        change_percent=round(change, 2) if change is not None else None,
        monthly_estimate=monthly(total, window.hours),
        efficiency=efficiency(allocation, money),
        usage_source=_source(priced),
        top_spenders=_top(priced, workloads),
        clusters=[
            _cluster_row(p, names.get(p.window.cluster_id, p.window.cluster_id)) for p in priced
        ],
        samples=sum(p.window.samples for p in priced),
        last_sample_at=max(last) if last else None,
    )
