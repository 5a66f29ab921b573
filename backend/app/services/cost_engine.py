"""The cost model's arithmetic (../shared/design/cost-model.md) as pure functions.

Inputs are quantities (core-hours, GiB-hours) and a `Pricing`; outputs are money. Nothing here
touches the database or a cluster, so every rule can be checked on hand-computed cases.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields

from app.schemas.cost import Efficiency, Pricing

HOURS_PER_MONTH = 730.0
GIB = 1024.0**3


def allocated(request: float, usage: float | None) -> float:
    """max(request, usage); an unknown usage counts as the request, both 0 give 0."""
    return request if usage is None else max(request, usage)


@dataclass
class Allocation:
    """Summed quantities of a row or a group of rows over a window."""

    hours: float = 0.0
    cpu_request: float = 0.0
    cpu_usage: float = 0.0
    cpu_alloc: float = 0.0
    cpu_spot: float = 0.0
    mem_request: float = 0.0
    mem_usage: float = 0.0
    mem_alloc: float = 0.0
    mem_spot: float = 0.0
    storage_gib_h: float = 0.0
    storage_unmounted_gib_h: float = 0.0

    def add(self, other: Allocation) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


@dataclass
class Money:
    cpu: float = 0.0
    memory: float = 0.0
    storage: float = 0.0
    network: float = 0.0

    @property
    def total(self) -> float:
        return self.cpu + self.memory + self.storage + self.network


@dataclass
class NodeUsage:
    """One node's summed quantities over a window."""

    hours: float
    cpu_capacity: float  # core-hours
    mem_capacity: float  # GiB-hours
    cpu_alloc: float
    mem_alloc: float
    spot: bool = False
    instance_type: str = ""


@dataclass
class IdleSplit:
    cpu: float = 0.0
    memory: float = 0.0
    by_node: dict[str, float] = field(default_factory=dict)

    @property
    def total(self) -> float:
        return self.cpu + self.memory


def spot_factor(pricing: Pricing) -> float:
    return 1.0 - pricing.spot_discount


def storage_cost(gib_hours: float, pricing: Pricing) -> float:
    """Storage is priced per GiB-month: GiB-hours x price / 730."""
    return gib_hours * pricing.storage_per_gb_month / HOURS_PER_MONTH


def allocation_cost(a: Allocation, pricing: Pricing) -> Money:
    """Allocated core-hours and GiB-hours priced; the spot part at the spot discount."""
    spot = spot_factor(pricing)
    cpu = (a.cpu_alloc - a.cpu_spot + a.cpu_spot * spot) * pricing.cpu_per_core_hour
    mem = (a.mem_alloc - a.mem_spot + a.mem_spot * spot) * pricing.memory_per_gb_hour
    storage = storage_cost(a.storage_gib_h + a.storage_unmounted_gib_h, pricing)
    return Money(cpu=cpu, memory=mem, storage=storage)


def node_cost(node: NodeUsage, pricing: Pricing) -> tuple[float, float]:
    """(cpu, memory) cost of a node over its hours. A configured instance price is split
    between CPU and memory by the ratio of the resource prices, so idle can be told apart."""
    cpu = node.cpu_capacity * pricing.cpu_per_core_hour
    mem = node.mem_capacity * pricing.memory_per_gb_hour
    instance_price = pricing.instance_types.get(node.instance_type)
    if instance_price is not None:
        whole = instance_price * node.hours
        share = cpu / (cpu + mem) if cpu + mem > 0 else 0.5
        cpu, mem = whole * share, whole * (1 - share)
    factor = spot_factor(pricing) if node.spot else 1.0
    return cpu * factor, mem * factor


def node_idle(node: NodeUsage, pricing: Pricing) -> tuple[float, float]:
    """Node cost minus the cost allocated on it, per resource, clamped at 0."""
    cpu_cost, mem_cost = node_cost(node, pricing)
    factor = spot_factor(pricing) if node.spot else 1.0
    used_cpu = node.cpu_alloc * pricing.cpu_per_core_hour * factor
    used_mem = node.mem_alloc * pricing.memory_per_gb_hour * factor
    return max(0.0, cpu_cost - used_cpu), max(0.0, mem_cost - used_mem)


def cluster_idle(nodes: dict[str, NodeUsage], pricing: Pricing) -> IdleSplit:
    split = IdleSplit()
    for name, node in nodes.items():
        cpu, mem = node_idle(node, pricing)
        split.cpu += cpu
        split.memory += mem
        split.by_node[name] = cpu + mem
    return split


def ratio_efficiency(usage: float, request: float) -> float:
    """usage / request; request 0 with usage → 1.0; no usage → 0."""
    if usage <= 0:
        return 0.0
    if request <= 0:
        return 1.0
    return usage / request


def efficiency(a: Allocation, money: Money) -> Efficiency:
    """CPU, memory and cost-weighted total efficiency (the total may exceed 1)."""
    cpu = ratio_efficiency(a.cpu_usage, a.cpu_request)
    mem = ratio_efficiency(a.mem_usage, a.mem_request)
    weight = money.cpu + money.memory
    total = (cpu * money.cpu + mem * money.memory) / weight if weight > 0 else 0.0
    return Efficiency(cpu=round(cpu, 4), memory=round(mem, 4), total=round(total, 4))


def weighted_average(values: Iterable[tuple[float, float]]) -> float:
    """Average of (value, minutes-or-hours) pairs weighted by time, never a naive mean."""
    total = weight = 0.0
    for value, duration in values:
        total += value * duration
        weight += duration
    return total / weight if weight > 0 else 0.0


def average(quantity_hours: float, hours: float) -> float:
    """A quantity in unit-hours over the hours it covers: the time-weighted average."""
    return quantity_hours / hours if hours > 0 else 0.0


def share_idle(costs: Sequence[Money], idle: IdleSplit) -> list[tuple[float, float]]:
    """Each row's (cpu, memory) part of the idle cost: CPU idle in proportion to CPU cost,
    memory idle to memory cost."""
    cpu_total = sum(c.cpu for c in costs)
    mem_total = sum(c.memory for c in costs)
    return [
        (
            idle.cpu * c.cpu / cpu_total if cpu_total > 0 else 0.0,
            idle.memory * c.memory / mem_total if mem_total > 0 else 0.0,
        )
        for c in costs
    ]


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile (0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def monthly(cost: float, hours: float) -> float:
    """A cost over `hours` as a 730-hour month."""
    return cost / hours * HOURS_PER_MONTH if hours > 0 else 0.0
