"""Aggregation in SQL over the cost rows of one cluster and window (see cost_store for how
each moment is read from exactly one resolution). Results are quantities; pricing is applied
by the caller, so these never depend on the settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Integer, Row, and_, cast, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models.cost import (
    ALLOCATION,
    NAMESPACE_SUMS,
    CostNamespaceRow,
    CostNodeRow,
    CostRollupState,
    CostSample,
    CostWorkloadRow,
)
from app.schemas.common import as_utc
from app.services.cost_engine import Allocation, NodeUsage
from app.services.cost_store import db_time, rollup_state, summed, window_filter


@dataclass
class Group:
    """Summed quantities of one namespace or workload in a window."""

    allocation: Allocation
    count: int = 0  # workloads of a namespace, most pods of a workload


@dataclass
class ClusterWindow:
    cluster_id: str
    start: datetime
    end: datetime
    namespaces: dict[str, Group]
    nodes: dict[str, NodeUsage]
    hours: float  # sampled hours in the window
    samples: int
    usage_source: str = "metrics"
    last_sample_at: datetime | None = None
    state: CostRollupState | None = field(default=None, repr=False)


def _allocation(row: Row[Any], extra: tuple[str, ...] = ()) -> Allocation:
    values = {name: float(getattr(row, name) or 0.0) for name in (*ALLOCATION, *extra)}
    return Allocation(**values)


async def cluster_window(
    session: AsyncSession, cluster_id: str, start: datetime, end: datetime
) -> ClusterWindow:
    state = await rollup_state(session, cluster_id)
    namespaces = await _namespaces(session, state, start, end)
    nodes = await _nodes(session, state, start, end)
    hours = max((n.hours for n in nodes.values()), default=0.0)
    samples = await _samples(session, state, start, end)
    latest = await session.execute(
        select(CostSample.at, CostSample.usage_source)
        .where(CostSample.cluster_id == cluster_id, CostSample.at < db_time(end))
        .order_by(CostSample.at.desc())
        .limit(1)
    )
    last = latest.first()
    return ClusterWindow(
        cluster_id=cluster_id,
        start=start,
        end=end,
        namespaces=namespaces,
        nodes=nodes,
        hours=hours,
        samples=samples,
        usage_source=str(last.usage_source) if last else "metrics",
        last_sample_at=as_utc(last.at) if last else None,
        state=state,
    )


async def _namespaces(
    session: AsyncSession, state: CostRollupState, start: datetime, end: datetime
) -> dict[str, Group]:
    m = CostNamespaceRow
    rows = await session.execute(
        select(m.namespace, func.max(m.workloads).label("workloads"), *summed(m, NAMESPACE_SUMS))
        .where(window_filter(m, state, start, end))
        .group_by(m.namespace)
    )
    return {
        str(r.namespace): Group(_allocation(r, ("storage_unmounted_gib_h",)), int(r.workloads))
        for r in rows
    }


async def _nodes(
    session: AsyncSession, state: CostRollupState, start: datetime, end: datetime
) -> dict[str, NodeUsage]:
    m = CostNodeRow
    rows = await session.execute(
        select(
            m.node,
            func.max(m.instance_type).label("instance_type"),
            # PostgreSQL has no max(boolean): the integer form works on both databases.
            func.max(cast(m.spot, Integer)).label("spot"),
            *summed(m, ("hours", "cpu_capacity", "mem_capacity", "cpu_alloc", "mem_alloc")),
        )
        .where(window_filter(m, state, start, end))
        .group_by(m.node)
    )
    return {
        str(r.node): NodeUsage(
            hours=float(r.hours or 0),
            cpu_capacity=float(r.cpu_capacity or 0),
            mem_capacity=float(r.mem_capacity or 0),
            cpu_alloc=float(r.cpu_alloc or 0),
            mem_alloc=float(r.mem_alloc or 0),
            spot=bool(r.spot),
            instance_type=str(r.instance_type or ""),
        )
        for r in rows
    }


async def _samples(
    session: AsyncSession, state: CostRollupState, start: datetime, end: datetime
) -> int:
    """Samples in the window: the most any node row group counted (every sample has nodes)."""
    m = CostNodeRow
    per_node = (
        select(func.sum(m.samples).label("n"))
        .where(window_filter(m, state, start, end))
        .group_by(m.node)
        .subquery()
    )
    found = await session.scalar(select(func.max(per_node.c.n)))
    return int(found or 0)


async def workloads(
    session: AsyncSession,
    state: CostRollupState,
    start: datetime,
    end: datetime,
    namespaces: list[str] | None = None,
    limit: int | None = None,
) -> list[tuple[str, str, str, Group]]:
    """(namespace, kind, name, totals) per workload, containers summed; the costliest first
    when `limit` is given (ordered by allocated core-hours and GiB-hours at face value)."""
    m = CostWorkloadRow
    stmt = (
        select(m.namespace, m.kind, m.name, func.max(m.pods).label("pods"), *summed(m, ALLOCATION))
        .where(window_filter(m, state, start, end))
        .group_by(m.namespace, m.kind, m.name)
    )
    if namespaces is not None:  # the index leads with the namespace: a few narrow ranges
        stmt = stmt.where(m.namespace.in_(namespaces))
    if limit is not None:
        weight = func.sum(m.cpu_alloc) * 8 + func.sum(m.mem_alloc)  # ~ the default price ratio
        stmt = stmt.order_by(weight.desc()).limit(limit)
    rows = await session.execute(stmt)
    return [
        (str(r.namespace), str(r.kind), str(r.name), Group(_allocation(r), int(r.pods)))
        for r in rows
    ]


async def steps(
    session: AsyncSession, state: CostRollupState, start: datetime, end: datetime, fine: bool
) -> tuple[list[Any], list[Any]]:
    """For trends: namespace sums per step, and node rows per step. `fine`: the raw rows of
    every sample (kept FINE_TREND_HOURS), not each moment's coarsest rows."""
    n = CostNamespaceRow
    ns_rows = await session.execute(
        select(n.step_start, n.namespace, *summed(n, NAMESPACE_SUMS))
        .where(_step_filter(n, state, start, end, fine))
        .group_by(n.step_start, n.namespace)
    )
    m = CostNodeRow
    node_rows = await session.execute(
        select(
            m.step_start,
            m.node,
            m.instance_type,
            m.spot,
            m.hours,
            m.cpu_capacity,
            m.mem_capacity,
            m.cpu_alloc,
            m.mem_alloc,
        ).where(_step_filter(m, state, start, end, fine))
    )
    return list(ns_rows), list(node_rows)


def _step_filter(
    model: type[CostNamespaceRow] | type[CostNodeRow],
    state: CostRollupState,
    start: datetime,
    end: datetime,
    fine: bool,
) -> ColumnElement[bool]:
    if not fine:
        return window_filter(model, state, start, end)
    return and_(
        model.cluster_id == state.cluster_id,
        model.resolution == "raw",
        model.step_start >= db_time(start),
        model.step_start < db_time(end),
    )
