"""Queries behind the findings (right-sizing, unclaimed volumes): per workload container
sums, peaks and requests, and per volume totals, over one cluster's window."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models.cost import ALLOCATION, CostRollupState, CostVolumeRow, CostWorkloadRow
from app.services.cost_store import summed, window_filter


async def _grouped(
    session: AsyncSession,
    model: type[CostWorkloadRow] | type[CostVolumeRow],
    keys: tuple[str, ...],
    columns: list[Any],
    window: tuple[CostRollupState, datetime, datetime],
) -> list[Any]:
    """`columns` per group of `keys` over the window, with each group's newest step."""
    group = [getattr(model, key) for key in keys]
    rows = await session.execute(
        select(*group, *columns, func.max(model.step_start).label("last_step"))
        .where(window_filter(model, *window))
        .group_by(*group)
    )
    return list(rows)


async def containers(
    session: AsyncSession, state: CostRollupState, start: datetime, end: datetime
) -> list[Any]:
    """Per workload container: sums, samples, peaks and latest requests (for right-sizing)."""
    m = CostWorkloadRow
    columns = [
        *summed(m, ("samples", "hours", "pod_hours", *ALLOCATION)),
        func.max(m.cpu_peak).label("cpu_peak"),
        func.max(m.mem_peak).label("mem_peak"),
    ]
    keys = ("namespace", "kind", "name", "container")
    return await _grouped(session, m, keys, columns, (state, start, end))


async def cpu_p95_values(
    session: AsyncSession, state: CostRollupState, start: datetime, end: datetime
) -> dict[tuple[str, str, str, str], list[float]]:
    """Each container's per-step CPU p95 values, for a p95 across the window."""
    m = CostWorkloadRow
    rows = await session.execute(
        select(m.namespace, m.kind, m.name, m.container, m.cpu_p95).where(
            window_filter(m, state, start, end)
        )
    )
    out: dict[tuple[str, str, str, str], list[float]] = {}
    for r in rows:
        out.setdefault((r.namespace, r.kind, r.name, r.container), []).append(float(r.cpu_p95))
    return out


async def latest_requests(
    session: AsyncSession, state: CostRollupState, start: datetime, end: datetime
) -> dict[tuple[str, str, str, str], tuple[float, float]]:
    """Per-replica requests (cores, GiB) of each container at its newest step."""
    m = CostWorkloadRow
    newest = (
        select(m.namespace, m.kind, m.name, m.container, func.max(m.step_start).label("at"))
        .where(window_filter(m, state, start, end))
        .group_by(m.namespace, m.kind, m.name, m.container)
        .subquery()
    )
    rows = await session.execute(
        select(m.namespace, m.kind, m.name, m.container, m.cpu_req_now, m.mem_req_now)
        .join(
            newest,
            (m.namespace == newest.c.namespace)
            & (m.kind == newest.c.kind)
            & (m.name == newest.c.name)
            & (m.container == newest.c.container)
            & (m.step_start == newest.c.at),
        )
        .where(m.cluster_id == state.cluster_id)
    )
    return {
        (r.namespace, r.kind, r.name, r.container): (float(r.cpu_req_now), float(r.mem_req_now))
        for r in rows
    }


async def volumes(
    session: AsyncSession, state: CostRollupState, start: datetime, end: datetime
) -> list[Any]:
    columns = summed(CostVolumeRow, ("hours", "size_gib_h", "mounted_hours"))
    keys = ("kind", "namespace", "name")
    return await _grouped(session, CostVolumeRow, keys, list(columns), (state, start, end))
