"""Cost per hour or day, stacked by namespace, from the per-step rows of cost_queries.steps."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import datetime
from typing import Any

from app.models.cost import NAMESPACE_SUMS
from app.schemas.common import as_utc
from app.schemas.cost import Pricing, TrendPoint
from app.services.cost_engine import (
    Allocation,
    Money,
    NodeUsage,
    allocation_cost,
    cluster_idle,
    share_idle,
)
from app.services.cost_sampling import IDLE
from app.services.cost_store import floor_day, floor_hour

TOP_NAMESPACES = 6
OTHER = "other"
Buckets = dict[datetime, dict[str, float]]


def floor_5m(moment: datetime) -> datetime:
    return moment.replace(minute=moment.minute - moment.minute % 5, second=0, microsecond=0)


def bucketer(step: str) -> Callable[[datetime], datetime]:
    return {"5m": floor_5m, "hour": floor_hour}.get(step, floor_day)


def cluster_buckets(
    ns_rows: list[Any], node_rows: list[Any], pricing: Pricing, step: str, shared_idle: bool
) -> Buckets:
    """bucket start -> namespace -> cost, for one cluster (idle as `__idle__` unless shared)."""
    bucket = bucketer(step)
    money: dict[datetime, dict[str, Money]] = defaultdict(dict)
    for row in ns_rows:
        a = Allocation(**{f: float(getattr(row, f) or 0.0) for f in NAMESPACE_SUMS})
        b, ns = bucket(row.step_start), str(row.namespace)
        add = allocation_cost(a, pricing)
        prior = money[b].get(ns, Money())
        money[b][ns] = Money(
            prior.cpu + add.cpu, prior.memory + add.memory, prior.storage + add.storage
        )
    nodes: dict[datetime, dict[str, NodeUsage]] = defaultdict(dict)
    for row in node_rows:
        b, name = bucket(row.step_start), str(row.node)
        node = nodes[b].setdefault(
            name, NodeUsage(0, 0, 0, 0, 0, bool(row.spot), str(row.instance_type))
        )
        node.hours += row.hours
        node.cpu_capacity += row.cpu_capacity
        node.mem_capacity += row.mem_capacity
        node.cpu_alloc += row.cpu_alloc
        node.mem_alloc += row.mem_alloc
    out: Buckets = {}
    for b in sorted(set(money) | set(nodes)):
        idle = cluster_idle(nodes.get(b, {}), pricing)
        names = list(money[b])
        costs = {ns: money[b][ns].total for ns in names}
        if shared_idle:
            shares = share_idle([money[b][ns] for ns in names], idle)
            for ns, (cpu, mem) in zip(names, shares, strict=True):
                costs[ns] += cpu + mem
        elif idle.total > 0:
            costs[IDLE] = idle.total
        out[b] = costs
    return out


def merge(into: Buckets, other: Buckets) -> None:
    for b, costs in other.items():
        target = into.setdefault(b, {})
        for ns, cost in costs.items():
            target[ns] = target.get(ns, 0.0) + cost


def points(buckets: Buckets) -> tuple[list[TrendPoint], list[str]]:
    """Points with the largest namespaces by name and the rest summed as "other"."""
    totals: dict[str, float] = defaultdict(float)
    for costs in buckets.values():
        for ns, cost in costs.items():
            totals[ns] += cost
    top = sorted(totals, key=lambda ns: totals[ns], reverse=True)[:TOP_NAMESPACES]
    keys = [*top, OTHER] if len(totals) > len(top) else top
    out = []
    for b in sorted(buckets):
        costs = buckets[b]
        by_ns = {ns: round(costs.get(ns, 0.0), 6) for ns in top}
        if OTHER in keys:
            by_ns[OTHER] = round(sum(c for ns, c in costs.items() if ns not in top), 6)
        out.append(
            TrendPoint(at=as_utc(b), total_cost=round(sum(costs.values()), 6), by_namespace=by_ns)
        )
    return out, keys
