"""Aggregation of priced windows by cluster, namespace, workload or label (`label:<key>`).

Each cluster's window is cut into units (its namespaces, or its workloads plus each
namespace's unmounted storage), each unit is priced and given its share of idle, then units
are summed under a key. Label values: a workload's pod-template labels, falling back to its
namespace's labels when it lacks the key (OpenCost does the same); neither: `__unallocated__`.
Label rows sum every cluster in scope, since a team spans clusters; the other aggregates keep
one row per cluster, as their objects belong to one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from app.core import errors
from app.schemas.cost_allocation import AllocationRow
from app.services.cost_engine import Allocation, Money, allocation_cost, efficiency, share_idle
from app.services.cost_queries import Group
from app.services.cost_sampling import IDLE, NAMESPACE, UNALLOCATED
from app.services.cost_views import PricedCluster, breakdown
from app.services.watch_selector import valid_label_key

LABEL_NOTE = (
    "grouped by each workload's current pod-template labels; a workload lacking the key takes "
    "its namespace's label, and unmounted volumes their namespace's; neither: __unallocated__"
)
Labels = dict[tuple[str, str, str, str], dict[str, str]]  # (cluster, ns, kind, name) -> labels
RowKey = tuple[str, str, str | None, str | None]  # cluster, name, namespace, kind


@dataclass(frozen=True)
class Aggregate:
    kind: str  # cluster | namespace | workload | label
    label: str = ""

    @property
    def by_workload(self) -> bool:
        """Whether units are workloads (else namespaces, whose rollups are far fewer rows)."""
        return self.kind in ("workload", "label")


def parse_aggregate(value: str) -> Aggregate:
    if value in ("cluster", "namespace", "workload"):
        return Aggregate(value)
    key = value.removeprefix("label:")
    if value.startswith("label:") and valid_label_key(key):
        return Aggregate("label", key)
    raise errors.BadRequest(
        f"aggregate {value!r} is not one of: cluster, namespace, workload, label:<key> "
        "(a label key such as team or app.kubernetes.io/part-of)"
    )


@dataclass
class Unit:
    namespace: str
    kind: str | None
    name: str | None
    allocation: Allocation
    count: int  # workloads it stands for


@dataclass
class Sum:
    values: dict[str, float] = field(default_factory=dict)
    allocation: Allocation = field(default_factory=Allocation)
    money: Money = field(default_factory=Money)
    workloads: int = 0


def units(priced: PricedCluster, workloads: list[tuple[str, str, str, Group]] | None) -> list[Unit]:
    """The cluster's namespaces, or (given its workloads) each workload and each namespace's
    unmounted storage, which belongs to no workload."""
    spaces = priced.window.namespaces
    if workloads is None:
        return [Unit(ns, None, None, g.allocation, g.count) for ns, g in spaces.items()]
    out = [Unit(ns, kind, name, g.allocation, 1) for ns, kind, name, g in workloads]
    for ns, group in spaces.items():
        unmounted = group.allocation.storage_unmounted_gib_h
        if unmounted > 0:
            out.append(Unit(ns, None, None, Allocation(storage_unmounted_gib_h=unmounted), 0))
    return out


def key_function(agg: Aggregate, scope: str, labels: Labels) -> Callable[[str, Unit], RowKey]:
    def key(cluster_id: str, unit: Unit) -> RowKey:
        if agg.kind == "cluster":
            return (cluster_id, cluster_id, None, None)
        if unit.namespace == IDLE:
            return (scope if agg.kind == "label" else cluster_id, IDLE, None, None)
        if agg.kind == "namespace":
            return (cluster_id, unit.namespace, None, None)
        if agg.kind == "workload":
            if unit.kind is None or unit.name is None:
                return (cluster_id, UNALLOCATED, None, None)
            return (cluster_id, unit.name, unit.namespace, unit.kind)
        own = labels.get((cluster_id, unit.namespace, unit.kind or "", unit.name or ""), {})
        space = labels.get((cluster_id, unit.namespace, NAMESPACE, unit.namespace), {})
        return (scope, own.get(agg.label) or space.get(agg.label) or UNALLOCATED, None, None)

    return key


def aggregate(
    priced: PricedCluster,
    cluster_units: list[Unit],
    key: Callable[[str, Unit], RowKey],
    shared_idle: bool,
    into: dict[RowKey, Sum],
) -> None:
    """Price one cluster's units and add them to `into` under their keys. Unshared idle is a
    unit of its own (`__idle__`); shared, it is split by each unit's CPU and memory cost."""
    cid, hours = priced.window.cluster_id, priced.window.hours
    moneys = [allocation_cost(u.allocation, priced.pricing) for u in cluster_units]
    shares = share_idle(moneys, priced.idle) if shared_idle else [(0.0, 0.0)] * len(moneys)
    parts = list(zip(cluster_units, moneys, shares, strict=True))
    if not shared_idle and priced.idle.total > 0:
        parts.append(
            (
                Unit(IDLE, None, None, Allocation(), 0),
                Money(),
                (priced.idle.cpu, priced.idle.memory),
            )
        )
    for unit, money, share in parts:
        total = into.setdefault(key(cid, unit), Sum())
        for name, value in breakdown(cid, hours, unit.allocation, money, share).items():
            if isinstance(value, float):
                total.values[name] = total.values.get(name, 0.0) + value
        total.allocation.add(unit.allocation)
        total.money.cpu += money.cpu
        total.money.memory += money.memory
        total.workloads += unit.count


def rows(sums: dict[RowKey, Sum]) -> list[AllocationRow]:
    out = [
        AllocationRow(
            **s.values,
            cluster_id=cid,
            name=name,
            namespace=ns,
            kind=kind,
            efficiency=efficiency(s.allocation, s.money),
            workloads=s.workloads,
        )
        for (cid, name, ns, kind), s in sums.items()
    ]
    out.sort(key=lambda r: r.total_cost, reverse=True)
    return out
