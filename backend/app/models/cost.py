"""Cost history: aggregated quantities (never money), so a pricing change re-prices history.

Rows are per sample ("raw"), then rolled into "hour" and "day" rows with the same columns;
`cost_rollup_state` says up to where each cluster's coarser rows replace the finer ones.
Quantities are core-hours and GiB-hours: a row's average is its quantity over its `hours`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Float, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, utcnow


class _Step:
    """Where and when a row applies: one sample, or one hour or day of them."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    cluster_id: Mapped[str] = mapped_column(String(63))
    resolution: Mapped[str] = mapped_column(String(5))  # raw | hour | day
    step_start: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    hours: Mapped[float] = mapped_column(Float, default=0.0)  # sampled hours in the row
    samples: Mapped[int] = mapped_column(Integer, default=0)


class _Allocation:
    """Core-hours and GiB-hours of requests, usage and allocation (max of the two per pod
    and sample), and the part of the allocation that ran on spot nodes."""

    cpu_request: Mapped[float] = mapped_column(Float, default=0.0)
    cpu_usage: Mapped[float] = mapped_column(Float, default=0.0)
    cpu_alloc: Mapped[float] = mapped_column(Float, default=0.0)
    cpu_spot: Mapped[float] = mapped_column(Float, default=0.0)
    mem_request: Mapped[float] = mapped_column(Float, default=0.0)
    mem_usage: Mapped[float] = mapped_column(Float, default=0.0)
    mem_alloc: Mapped[float] = mapped_column(Float, default=0.0)
    mem_spot: Mapped[float] = mapped_column(Float, default=0.0)
    storage_gib_h: Mapped[float] = mapped_column(Float, default=0.0)  # share of mounted PVCs


# The summed quantity columns of workload and namespace rows, the one list the sampler, the
# rollups and the queries share (the migrations keep their own copy); namespace rows add the
# storage of volumes no pod mounts.
ALLOCATION = tuple(_Allocation.__annotations__)
NAMESPACE_SUMS = (*ALLOCATION, "storage_unmounted_gib_h")


class CostWorkloadRow(_Step, _Allocation, Base):
    """One container of one workload (controller) in one step."""

    __tablename__ = "cost_workload_rows"
    __table_args__ = (
        # By namespace for the breakdowns, by time for rollups and recommendations.
        Index("ix_cost_workload_ns", "cluster_id", "namespace", "resolution", "step_start"),
        Index("ix_cost_workload_step", "cluster_id", "resolution", "step_start"),
    )

    namespace: Mapped[str] = mapped_column(String(253))
    kind: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(253))
    container: Mapped[str] = mapped_column(String(253))
    pod_hours: Mapped[float] = mapped_column(Float, default=0.0)
    pods: Mapped[int] = mapped_column(Integer, default=0)  # most pods seen in one sample
    # Per replica: p95 of the per-sample maximum CPU usage, peaks, and the latest requests.
    cpu_p95: Mapped[float] = mapped_column(Float, default=0.0)
    cpu_peak: Mapped[float] = mapped_column(Float, default=0.0)
    mem_peak: Mapped[float] = mapped_column(Float, default=0.0)
    cpu_req_now: Mapped[float] = mapped_column(Float, default=0.0)
    mem_req_now: Mapped[float] = mapped_column(Float, default=0.0)


class CostNamespaceRow(_Step, _Allocation, Base):
    """A namespace's sum of its workload rows, so overviews read few rows. `__unallocated__`
    holds volumes with no claim."""

    __tablename__ = "cost_namespace_rows"
    __table_args__ = (Index("ix_cost_namespace_step", "cluster_id", "resolution", "step_start"),)

    namespace: Mapped[str] = mapped_column(String(253))
    workloads: Mapped[int] = mapped_column(Integer, default=0)
    storage_unmounted_gib_h: Mapped[float] = mapped_column(Float, default=0.0)


class CostNodeRow(_Step, Base):
    __tablename__ = "cost_node_rows"
    __table_args__ = (Index("ix_cost_node_step", "cluster_id", "resolution", "step_start"),)

    node: Mapped[str] = mapped_column(String(253))
    instance_type: Mapped[str] = mapped_column(String(100), default="")
    spot: Mapped[bool] = mapped_column(Boolean, default=False)
    cpu_capacity: Mapped[float] = mapped_column(Float, default=0.0)  # core-hours
    mem_capacity: Mapped[float] = mapped_column(Float, default=0.0)  # GiB-hours
    cpu_alloc: Mapped[float] = mapped_column(Float, default=0.0)  # allocated on this node
    mem_alloc: Mapped[float] = mapped_column(Float, default=0.0)


class CostVolumeRow(_Step, Base):
    """A PVC (namespace set) or a PV with no claim (namespace "")."""

    __tablename__ = "cost_volume_rows"
    __table_args__ = (Index("ix_cost_volume_step", "cluster_id", "resolution", "step_start"),)

    kind: Mapped[str] = mapped_column(String(8))  # pvc | pv
    namespace: Mapped[str] = mapped_column(String(253), default="")
    name: Mapped[str] = mapped_column(String(253))
    size_gib_h: Mapped[float] = mapped_column(Float, default=0.0)
    mounted_hours: Mapped[float] = mapped_column(Float, default=0.0)
    phase: Mapped[str] = mapped_column(String(20), default="")
    mounted_by: Mapped[list[str]] = mapped_column(JSON, default=list)  # latest pods


class CostLabels(Base):
    """The latest labels of a workload (its pods' template labels) or of a namespace (kind
    "Namespace"), for aggregation by label. One row per object, replaced when they change:
    history is grouped by the labels an object has now, not the ones it had then."""

    __tablename__ = "cost_labels"

    cluster_id: Mapped[str] = mapped_column(String(63), primary_key=True)
    namespace: Mapped[str] = mapped_column(String(253), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(253), primary_key=True)
    labels: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CostPodRow(Base):
    """One running pod in the cluster's latest sample (all rows replaced by each sample), for
    the current cost rate per pod; per-pod history would multiply the stored rows.
    Quantities are cores and GiB now (summed over the pod's containers), not unit-hours."""

    __tablename__ = "cost_pod_rows"
    __table_args__ = (Index("ix_cost_pod_ns", "cluster_id", "namespace"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    cluster_id: Mapped[str] = mapped_column(String(63))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    namespace: Mapped[str] = mapped_column(String(253))
    pod: Mapped[str] = mapped_column(String(253))
    kind: Mapped[str] = mapped_column(String(32))  # the workload (controller) it belongs to
    name: Mapped[str] = mapped_column(String(253))
    node: Mapped[str] = mapped_column(String(253), default="")
    spot: Mapped[bool] = mapped_column(Boolean, default=False)
    cpu_request: Mapped[float] = mapped_column(Float, default=0.0)
    cpu_usage: Mapped[float] = mapped_column(Float, default=0.0)
    cpu_alloc: Mapped[float] = mapped_column(Float, default=0.0)  # Σ max(request, usage)
    mem_request: Mapped[float] = mapped_column(Float, default=0.0)
    mem_usage: Mapped[float] = mapped_column(Float, default=0.0)
    mem_alloc: Mapped[float] = mapped_column(Float, default=0.0)
    storage_gib: Mapped[float] = mapped_column(Float, default=0.0)  # its share of mounted PVCs


class CostSample(Base):
    """One successful sample of one cluster (the samples count, coverage and usage source)."""

    __tablename__ = "cost_samples"
    __table_args__ = (Index("ix_cost_samples_at", "cluster_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    cluster_id: Mapped[str] = mapped_column(String(63))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    seconds: Mapped[float] = mapped_column(Float)
    usage_source: Mapped[str] = mapped_column(String(10))  # metrics | requests
    pods: Mapped[int] = mapped_column(Integer, default=0)


class CostRollupState(Base):
    """Rows of a cluster before `hour_until` are read from hourly rows, before `day_until`
    from daily ones; raw rows after that."""

    __tablename__ = "cost_rollup_state"

    cluster_id: Mapped[str] = mapped_column(String(63), primary_key=True)
    hour_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    day_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class CostSettingsRow(Base):
    __tablename__ = "cost_settings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # always 1
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CostLease(Base):
    """The collector's leader lease: only its holder samples, so replicas never double-count."""

    __tablename__ = "cost_leases"

    name: Mapped[str] = mapped_column(String(63), primary_key=True)
    holder: Mapped[str] = mapped_column(String(100))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CostApplied(Base):
    """A right-sizing recommendation that was applied, so its card shows the new state."""

    __tablename__ = "cost_applied"

    id: Mapped[str] = mapped_column(String(512), primary_key=True)
    cluster_id: Mapped[str] = mapped_column(String(63))
    cpu_cores: Mapped[float] = mapped_column(Float)
    memory_gib: Mapped[float] = mapped_column(Float)
    applied_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    applied_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
