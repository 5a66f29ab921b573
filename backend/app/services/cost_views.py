"""Priced views of one cluster's window: namespace and workload rows, idle, efficiency.

Pure: takes the quantities from cost_queries and a Pricing, returns the API's rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.schemas.cost import Efficiency, IdleResource, NamespaceCost, Pricing, WorkloadCost
from app.services.cost_engine import (
    Allocation,
    IdleSplit,
    Money,
    allocation_cost,
    average,
    cluster_idle,
    efficiency,
    monthly,
    share_idle,
)
from app.services.cost_queries import ClusterWindow, Group
from app.services.cost_sampling import IDLE

NO_EGRESS_NOTE = (
    "network egress bytes are not collected (the clusters expose no per-pod egress counters), "
    "so network cost is 0"
)


@dataclass
class PricedCluster:
    window: ClusterWindow
    pricing: Pricing
    allocation: Allocation
    money: Money  # allocated CPU and memory, and storage
    idle: IdleSplit
    namespace_money: dict[str, Money]

    @property
    def total(self) -> float:
        return self.money.total + self.idle.total

    @property
    def efficiency(self) -> Efficiency:
        return efficiency(self.allocation, self.money)


def price_cluster(window: ClusterWindow, pricing: Pricing) -> PricedCluster:
    allocation = Allocation()
    namespace_money = {}
    for ns, group in window.namespaces.items():
        allocation.add(group.allocation)
        namespace_money[ns] = allocation_cost(group.allocation, pricing)
    return PricedCluster(
        window=window,
        pricing=pricing,
        allocation=allocation,
        money=allocation_cost(allocation, pricing),
        idle=cluster_idle(window.nodes, pricing),
        namespace_money=namespace_money,
    )


def cluster_shares(
    priced: PricedCluster, moneys: list[Money], shared: bool
) -> list[tuple[float, float]]:
    """Idle parts per row when idle is shared, in proportion within the whole cluster."""
    if not shared:
        return [(0.0, 0.0)] * len(moneys)
    cluster = list(priced.namespace_money.values())
    cpu_total = sum(m.cpu for m in cluster)
    mem_total = sum(m.memory for m in cluster)
    return [
        (
            priced.idle.cpu * m.cpu / cpu_total if cpu_total > 0 else 0.0,
            priced.idle.memory * m.memory / mem_total if mem_total > 0 else 0.0,
        )
        for m in moneys
    ]


def breakdown(
    cluster_id: str, hours: float, a: Allocation, money: Money, share: tuple[float, float]
) -> dict[str, Any]:
    """The money and quantity fields every cost row has (a share of idle added to CPU and
    memory; efficiency from the allocation alone)."""
    cpu, mem = money.cpu + share[0], money.memory + share[1]
    return {
        "cluster_id": cluster_id,
        "cpu_cost": cpu,
        "memory_cost": mem,
        "storage_cost": money.storage,
        "network_cost": 0.0,
        "total_cost": cpu + mem + money.storage,
        "cpu_core_hours": a.cpu_alloc,
        "memory_gib_hours": a.mem_alloc,
        "cpu_request_cores": average(a.cpu_request, hours),
        "cpu_usage_cores": average(a.cpu_usage, hours),
        "memory_request_gib": average(a.mem_request, hours),
        "memory_usage_gib": average(a.mem_usage, hours),
        "efficiency": efficiency(a, money),
    }


def namespace_rows(priced: PricedCluster, shared_idle: bool) -> list[NamespaceCost]:
    names = list(priced.window.namespaces)
    moneys = [priced.namespace_money[n] for n in names]
    shares = share_idle(moneys, priced.idle) if shared_idle else [(0.0, 0.0)] * len(names)
    groups = [
        (ns, priced.window.namespaces[ns], m, s)
        for ns, m, s in zip(names, moneys, shares, strict=True)
    ]
    if not shared_idle and priced.idle.total > 0:
        idle = Money(cpu=priced.idle.cpu, memory=priced.idle.memory)
        groups.append((IDLE, Group(Allocation()), idle, (0.0, 0.0)))
    cid, hours = priced.window.cluster_id, priced.window.hours
    rows = [
        NamespaceCost(
            **breakdown(cid, hours, group.allocation, money, share),
            namespace=ns,
            workloads=group.count,
        )
        for ns, group, money, share in groups
    ]
    rows.sort(key=lambda r: r.total_cost, reverse=True)
    return rows


def workload_rows(
    priced: PricedCluster, workloads: list[tuple[str, str, str, Group]], shared_idle: bool
) -> list[WorkloadCost]:
    moneys = [allocation_cost(g.allocation, priced.pricing) for _, _, _, g in workloads]
    shares = cluster_shares(priced, moneys, shared_idle)
    cid, hours = priced.window.cluster_id, priced.window.hours
    rows = [
        WorkloadCost(
            **breakdown(cid, hours, group.allocation, money, share),
            namespace=ns,
            kind=kind,
            name=name,
            pods=group.count,
        )
        for (ns, kind, name, group), money, share in zip(workloads, moneys, shares, strict=True)
    ]
    rows.sort(key=lambda r: r.total_cost, reverse=True)
    return rows


def idle_nodes(priced: list[PricedCluster]) -> list[IdleResource]:
    out = []
    for p in priced:
        for name, idle in p.idle.by_node.items():
            node = p.window.nodes[name]
            if idle <= 0:
                continue
            out.append(
                IdleResource(
                    cluster_id=p.window.cluster_id,
                    kind="node",
                    namespace=None,
                    name=name,
                    detail=f"paid for, not allocated ({node.instance_type or 'no instance type'})",
                    monthly_cost=round(monthly(idle, node.hours), 2),
                )
            )
    return out
