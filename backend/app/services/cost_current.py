"""The "now" side of cost: the latest sample's pods (the current rate per pod) and the latest
labels of each workload and namespace (for aggregation by label).

Neither has history: each sample replaces the cluster's pod rows, and a labels row changes
only when its object's labels do, so both stay as small as the cluster itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.models.base import utcnow
from app.models.cost import CostLabels, CostPodRow
from app.schemas.common import as_utc

Obj = dict[str, Any]
LabelKey = tuple[str, str, str]  # namespace, kind, name


async def write_current(
    session: AsyncSession,
    cluster_id: str,
    at: datetime,
    pods: Sequence[Obj],
    labels: dict[LabelKey, dict[str, str]],
) -> None:
    await session.execute(delete(CostPodRow).where(CostPodRow.cluster_id == cluster_id))
    if pods:
        moment = as_utc(at).replace(tzinfo=None)  # naive UTC, as cost_store.db_time
        await session.execute(
            insert(CostPodRow), [{**p, "cluster_id": cluster_id, "at": moment} for p in pods]
        )
    await _write_labels(session, cluster_id, labels)


async def _write_labels(
    session: AsyncSession, cluster_id: str, labels: dict[LabelKey, dict[str, str]]
) -> None:
    """Insert new objects' labels, update changed ones; objects that are gone keep their last
    labels, so their history still groups under them."""
    stored = await stored_labels(session, [cluster_id])
    now = utcnow()
    new, changed = [], []
    for (ns, kind, name), values in labels.items():
        row = {"cluster_id": cluster_id, "namespace": ns, "kind": kind, "name": name}
        before = stored.get((cluster_id, ns, kind, name))
        if before is None:
            new.append({**row, "labels": values, "updated_at": now})
        elif before != values:
            changed.append({**row, "labels": values, "updated_at": now})
    if new:
        await session.execute(insert(CostLabels), new)
    if changed:  # an ORM bulk UPDATE by primary key
        await session.execute(update(CostLabels), changed)


async def stored_labels(
    session: AsyncSession, cluster_ids: Sequence[str]
) -> dict[tuple[str, str, str, str], dict[str, str]]:
    """(cluster, namespace, kind, name) -> labels."""
    rows = await session.execute(
        select(
            CostLabels.cluster_id,
            CostLabels.namespace,
            CostLabels.kind,
            CostLabels.name,
            CostLabels.labels,
        ).where(CostLabels.cluster_id.in_(cluster_ids))
    )
    return {(r.cluster_id, r.namespace, r.kind, r.name): dict(r.labels or {}) for r in rows}


async def label_keys(session: AsyncSession, cluster_ids: Sequence[str]) -> list[str]:
    keys: set[str] = set()
    for labels in (await stored_labels(session, cluster_ids)).values():
        keys.update(labels)
    return sorted(keys)


async def pods(
    session: AsyncSession,
    cluster_id: str,
    namespace: str,
    kind: str | None = None,
    name: str | None = None,
) -> tuple[list[CostPodRow], datetime | None]:
    """The namespace's pods in the cluster's latest sample (optionally one workload's), and
    that sample's time."""
    m = CostPodRow
    stmt = select(m).where(m.cluster_id == cluster_id, m.namespace == namespace)
    if kind is not None:
        stmt = stmt.where(m.kind == kind)
    if name is not None:
        stmt = stmt.where(m.name == name)
    rows = list((await session.scalars(stmt.order_by(m.name, m.pod))).all())
    at = (
        rows[0].at
        if rows
        else await session.scalar(select(m.at).where(m.cluster_id == cluster_id).limit(1))
    )
    return rows, as_utc(at) if at is not None else None
