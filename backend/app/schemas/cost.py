"""Cost API bodies (`/api/v1/cost/*`), per ../shared/design/cost-model.md.

Units are part of the field names: `_cores`, `_gib`, `_hours`, money in the settings' currency.
`cluster_id` on a row names the cluster it belongs to; fleet views (`cluster_id=all`) sum rows
of every cluster the caller may read.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from app.schemas.common import UtcDatetime

Period = Literal["1h", "24h", "1d", "7d", "30d", "today", "yesterday", "week", "month"]
UsageSource = Literal["metrics", "requests"]  # "requests": metrics.k8s.io absent, usage = requests


class CostBreakdown(BaseModel):
    """Money for one row over the window, split by resource."""

    cpu_cost: float
    memory_cost: float
    storage_cost: float = 0.0
    network_cost: float = 0.0
    total_cost: float


class Efficiency(BaseModel):
    cpu: float
    memory: float
    total: float


class Window(BaseModel):
    period: str
    start: UtcDatetime
    end: UtcDatetime
    hours: float  # hours of samples actually covered (may be less than the period early on)


class TopSpender(BaseModel):
    kind: Literal["namespace", "workload"]
    cluster_id: str
    namespace: str
    name: str
    total_cost: float


class ClusterCostRow(CostBreakdown):
    cluster_id: str
    cluster_name: str
    idle_cost: float
    efficiency: Efficiency
    usage_source: UsageSource


class CostOverview(BaseModel):
    cluster_id: str  # a cluster id or "all"
    currency: str
    window: Window
    total_cost: float  # allocated + idle + storage + network
    allocated_cost: float
    idle_cost: float
    idle_share: float  # idle / total, 0..1
    storage_cost: float
    network_cost: float
    network_note: str | None = None  # why egress is 0 when bytes are unknown
    previous_total_cost: float | None  # the period before; None without samples for it
    change_percent: float | None
    monthly_estimate: float  # total per hour of window, times 730
    efficiency: Efficiency
    usage_source: UsageSource
    top_spenders: list[TopSpender]
    clusters: list[ClusterCostRow]  # one row per cluster (one row when a single cluster)
    samples: int
    last_sample_at: UtcDatetime | None


class Usage(BaseModel):
    """What a row allocated and used over the window (quantities, not money)."""

    cpu_core_hours: float
    memory_gib_hours: float
    cpu_request_cores: float  # minute-weighted averages over the window
    cpu_usage_cores: float
    memory_request_gib: float
    memory_usage_gib: float
    efficiency: Efficiency


class NamespaceCost(CostBreakdown, Usage):
    cluster_id: str
    namespace: str  # "__idle__" and "__unallocated__" are rows of their own
    workloads: int


class NamespaceCostList(BaseModel):
    cluster_id: str
    currency: str
    window: Window
    items: list[NamespaceCost]
    total_cost: float


class WorkloadCost(CostBreakdown, Usage):
    cluster_id: str
    namespace: str
    kind: str  # Deployment, StatefulSet, DaemonSet, Job, CronJob, Pod (bare)
    name: str
    pods: int  # distinct pods seen in the window


class WorkloadCostList(BaseModel):
    cluster_id: str
    namespace: str
    currency: str
    window: Window
    items: list[WorkloadCost]
    total_cost: float


class TrendPoint(BaseModel):
    at: UtcDatetime  # start of the step
    total_cost: float
    by_namespace: dict[str, float]  # top namespaces; the rest summed under "other"


class CostTrends(BaseModel):
    cluster_id: str
    currency: str
    step: Literal["5m", "hour", "day"]  # 5m: the last day only, from every sample
    days: int
    points: list[TrendPoint]
    namespaces: list[str]  # the keys used in by_namespace, largest first


class ContainerResources(BaseModel):
    cpu_cores: float
    memory_gib: float


class Evidence(BaseModel):
    samples: int
    window_hours: float
    cpu_p95_cores: float | None = None
    cpu_peak_cores: float | None = None
    memory_peak_gib: float | None = None
    note: str | None = None


RecommendationKind = Literal[
    "rightsize", "idle_workload", "unclaimed_pvc", "unbound_pv", "underused_node"
]


class Recommendation(BaseModel):
    id: str  # stable: kind/cluster/namespace/name/container
    kind: RecommendationKind
    cluster_id: str
    namespace: str | None
    target_kind: str  # Deployment, StatefulSet, DaemonSet, PersistentVolumeClaim, Node, …
    target_name: str
    container: str | None = None
    title: str
    detail: str
    current: ContainerResources | None = None
    recommended: ContainerResources | None = None
    monthly_saving: float
    evidence: Evidence
    status: Literal["open", "not_enough_data", "applied"]
    # rightsize with enough data, and the caller holds cost:apply and the workload permission
    can_apply: bool


class RecommendationList(BaseModel):
    cluster_id: str
    currency: str
    items: list[Recommendation]
    total_monthly_saving: float


class ApplyRecommendation(BaseModel):
    """`POST /cost/recommendations/apply`: patch a workload container's requests."""

    id: str = Field(max_length=512)


class ApplyResult(BaseModel):
    recommendation: Recommendation
    applied: ContainerResources


class IdleResource(BaseModel):
    cluster_id: str
    kind: Literal["node", "pvc", "pv", "workload"]
    namespace: str | None
    name: str
    detail: str
    monthly_cost: float


class IdleReport(BaseModel):
    cluster_id: str
    currency: str
    window: Window
    idle_cost: float  # cluster idle over the window
    items: list[IdleResource]


class Pricing(BaseModel):
    cpu_per_core_hour: float = Field(default=0.031, ge=0)
    memory_per_gb_hour: float = Field(default=0.004, ge=0, description="per GiB-hour")
    storage_per_gb_month: float = Field(default=0.10, ge=0, description="per GiB-month")
    network_egress_per_gb: float = Field(default=0.12, ge=0)
    spot_discount: float = Field(default=0.0, ge=0, le=1, description="fraction off spot nodes")
    instance_types: dict[str, float] = Field(default_factory=dict, description="$ per node-hour")


class CostSettings(BaseModel):
    currency: str = Field(default="USD", min_length=1, max_length=8)
    pricing: Pricing = Field(default_factory=Pricing)
    cluster_overrides: dict[str, Pricing] = Field(default_factory=dict)  # by cluster id
    share_idle: bool = False
    sample_interval_seconds: int  # read-only here: set by KUBEDECK_COST_SAMPLE_INTERVAL
    retention_hourly_days: int = Field(default=90, ge=1, le=730)
    headroom: float = Field(default=1.15, ge=1, le=3)
    min_samples: int = Field(default=12, ge=1, le=100000)


class CostSettingsUpdate(BaseModel):
    currency: str | None = Field(default=None, min_length=1, max_length=8)
    pricing: Pricing | None = None
    cluster_overrides: dict[str, Pricing] | None = None
    share_idle: bool | None = None
    retention_hourly_days: int | None = Field(default=None, ge=1, le=730)
    headroom: float | None = Field(default=None, ge=1, le=3)
    min_samples: int | None = Field(default=None, ge=1, le=100000)
