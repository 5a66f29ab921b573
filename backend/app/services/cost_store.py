"""Writing cost rows, rolling them up (raw -> hourly -> daily) and applying retention.

Coarser rows replace finer ones up to the cluster's watermarks (`CostRollupState`), so a
query reads each moment from exactly one resolution (`window_filter`) and totals never
double. Rolling up keeps sums (quantities, hours, samples) exact; peaks stay maxima and the
CPU p95 of a step is the p95 of the finer rows' values. Costs never read a raw row once its
hour is rolled up (recommendations use the hourly p95s and peaks), so raw workload and volume
rows are deleted then: only the current, incomplete hour is kept raw. The small raw namespace
and node rows stay for FINE_TREND_HOURS, for the five-minute trend (which reads nothing else).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Label, and_, delete, false, func, insert, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models.cost import (
    ALLOCATION,
    NAMESPACE_SUMS,
    CostNamespaceRow,
    CostNodeRow,
    CostRollupState,
    CostSample,
    CostVolumeRow,
    CostWorkloadRow,
)
from app.schemas.common import as_utc
from app.services.cost_current import write_current
from app.services.cost_engine import percentile
from app.services.cost_sampling import SampleRows

Obj = dict[str, Any]
StepModel = type[CostWorkloadRow] | type[CostNamespaceRow] | type[CostNodeRow] | type[CostVolumeRow]
_EPOCH = datetime(1970, 1, 1)
FINE_TREND_HOURS = 24


@dataclass(frozen=True)
class RollupSpec:
    """How one table's rows combine: keys group, sums add, maxima, latest values, p95s."""

    model: StepModel
    keys: tuple[str, ...]
    sums: tuple[str, ...]
    maxima: tuple[str, ...] = ()
    latest: tuple[str, ...] = ()
    p95: tuple[str, ...] = ()
    keep_raw: bool = False  # raw rows outlive their rollup, for FINE_TREND_HOURS


SPECS = (
    RollupSpec(
        CostWorkloadRow,
        ("namespace", "kind", "name", "container"),
        (*ALLOCATION, "pod_hours"),
        ("pods", "cpu_peak", "mem_peak"),
        ("cpu_req_now", "mem_req_now"),
        ("cpu_p95",),
    ),
    RollupSpec(
        CostNamespaceRow,
        ("namespace",),
        NAMESPACE_SUMS,
        ("workloads",),
        keep_raw=True,
    ),
    RollupSpec(
        CostNodeRow,
        ("node", "instance_type", "spot"),
        ("cpu_capacity", "mem_capacity", "cpu_alloc", "mem_alloc"),
        keep_raw=True,
    ),
    RollupSpec(
        CostVolumeRow,
        ("kind", "namespace", "name"),
        ("size_gib_h", "mounted_hours"),
        latest=("phase", "mounted_by"),
    ),
)


def db_time(moment: datetime) -> datetime:
    """Naive UTC, as SQLite keeps the columns (see app.schemas.common.naive_utc)."""
    return as_utc(moment).replace(tzinfo=None)


def floor_hour(moment: datetime) -> datetime:
    return db_time(moment).replace(minute=0, second=0, microsecond=0)


def floor_day(moment: datetime) -> datetime:
    return floor_hour(moment).replace(hour=0)


def summed(model: StepModel, names: Sequence[str]) -> list[Label[Any]]:
    """`sum(column) AS column` for each name: the select list of a grouped query."""
    return [func.sum(getattr(model, name)).label(name) for name in names]


async def write_sample(
    session: AsyncSession, cluster_id: str, at: datetime, seconds: float, rows: SampleRows
) -> None:
    step = {
        "cluster_id": cluster_id,
        "resolution": "raw",
        "step_start": db_time(at),
        "hours": seconds / 3600.0,
        "samples": 1,
    }
    for model, items in (
        (CostWorkloadRow, rows.workloads),
        (CostNamespaceRow, rows.namespaces),
        (CostNodeRow, rows.nodes),
        (CostVolumeRow, rows.volumes),
    ):
        if items:
            await session.execute(insert(model), [{**step, **item} for item in items])
    session.add(
        CostSample(
            cluster_id=cluster_id,
            at=db_time(at),
            seconds=seconds,
            usage_source=rows.usage_source,
            pods=rows.pods,
        )
    )
    await write_current(session, cluster_id, at, rows.pod_rows, rows.labels)


async def rollup_state(session: AsyncSession, cluster_id: str) -> CostRollupState:
    state = await session.get(CostRollupState, cluster_id)
    return state or CostRollupState(cluster_id=cluster_id, hour_until=None, day_until=None)


def window_filter(
    model: StepModel, state: CostRollupState, start: datetime, end: datetime
) -> ColumnElement[bool]:
    """Rows of `model` covering [start, end), each moment from one resolution only."""
    start, end = db_time(start), db_time(end)
    day_until = db_time(state.day_until) if state.day_until else _EPOCH
    hour_until = db_time(state.hour_until) if state.hour_until else _EPOCH
    hour_until = max(hour_until, day_until)
    parts = (
        ("day", start, min(end, day_until)),
        ("hour", max(start, day_until), min(end, hour_until)),
        ("raw", max(start, hour_until), end),
    )
    clauses = [
        and_(model.resolution == res, model.step_start >= lo, model.step_start < hi)
        for res, lo, hi in parts
        if lo < hi
    ]
    return and_(model.cluster_id == state.cluster_id, or_(*clauses) if clauses else false())


def _combine(spec: RollupSpec, rows: Sequence[Any]) -> Obj:
    """One coarser row from finer rows (sorted by time) of one key and step."""
    out: Obj = {k: getattr(rows[0], k) for k in spec.keys}
    out["hours"] = sum(r.hours for r in rows)
    out["samples"] = sum(r.samples for r in rows)
    for col in spec.sums:
        out[col] = sum(getattr(r, col) for r in rows)
    for col in spec.maxima:
        out[col] = max(getattr(r, col) for r in rows)
    for col in spec.latest:
        out[col] = getattr(rows[-1], col)
    for col in spec.p95:
        out[col] = percentile([getattr(r, col) for r in rows], 95)
    return out


async def _roll(
    session: AsyncSession,
    spec: RollupSpec,
    cluster_id: str,
    source: tuple[str, datetime, datetime],
    target: str,
    bucket: Callable[[datetime], datetime],
) -> None:
    model = spec.model
    resolution, lo, hi = source
    where = and_(
        model.cluster_id == cluster_id,
        model.resolution == resolution,
        model.step_start >= lo,
        model.step_start < hi,
    )
    found = await session.scalars(select(model).where(where).order_by(model.step_start))
    rows: Sequence[Any] = found.all()
    groups: dict[tuple[Any, ...], list[Any]] = {}
    for row in rows:
        key = (bucket(row.step_start), *(getattr(row, k) for k in spec.keys))
        groups.setdefault(key, []).append(row)
    combined = [
        {"cluster_id": cluster_id, "resolution": target, "step_start": key[0], **_combine(spec, rs)}
        for key, rs in groups.items()
    ]
    if combined:
        await session.execute(insert(model), combined)
    # Finer rows give way to coarser ones; raw rows go in `rollup`'s sweep, which keeps those
    # the five-minute trend still reads.
    if resolution != "raw":
        await session.execute(delete(model).where(where))


async def _oldest(session: AsyncSession, cluster_id: str, resolution: str) -> datetime | None:
    found = await session.scalar(
        select(func.min(CostNamespaceRow.step_start)).where(
            CostNamespaceRow.cluster_id == cluster_id, CostNamespaceRow.resolution == resolution
        )
    )
    oldest = await session.scalar(
        select(func.min(CostNodeRow.step_start)).where(
            CostNodeRow.cluster_id == cluster_id, CostNodeRow.resolution == resolution
        )
    )
    candidates = [db_time(t) for t in (found, oldest) if t is not None]
    return min(candidates) if candidates else None


async def rollup(session: AsyncSession, cluster_id: str, now: datetime, hourly_days: int) -> None:
    """Roll complete hours of raw rows into hourly rows (dropping those raw rows) and days
    older than the hourly retention into daily rows."""
    state = await rollup_state(session, cluster_id)
    hour_until = floor_hour(now)
    since = (
        db_time(state.hour_until) if state.hour_until else await _oldest(session, cluster_id, "raw")
    )
    if since is not None and since < hour_until:
        for spec in SPECS:
            await _roll(session, spec, cluster_id, ("raw", since, hour_until), "hour", floor_hour)
    day_until = floor_day(db_time(now) - timedelta(days=hourly_days))
    since = (
        db_time(state.day_until) if state.day_until else await _oldest(session, cluster_id, "hour")
    )
    if since is not None and since < day_until:
        for spec in SPECS:
            await _roll(session, spec, cluster_id, ("hour", since, day_until), "day", floor_day)
    state.hour_until = max(hour_until, db_time(state.hour_until) if state.hour_until else _EPOCH)
    state.day_until = max(day_until, db_time(state.day_until) if state.day_until else _EPOCH)
    await session.merge(state)
    fine_until = db_time(now) - timedelta(hours=FINE_TREND_HOURS)
    for spec in SPECS:  # rolled up (or, written late, behind the watermark: never read)
        raw_until = min(hour_until, fine_until) if spec.keep_raw else hour_until
        await session.execute(
            delete(spec.model).where(
                spec.model.cluster_id == cluster_id,
                spec.model.resolution == "raw",
                spec.model.step_start < raw_until,
            )
        )
    sample_before = db_time(now) - timedelta(days=hourly_days)
    await session.execute(
        delete(CostSample).where(CostSample.cluster_id == cluster_id, CostSample.at < sample_before)
    )
