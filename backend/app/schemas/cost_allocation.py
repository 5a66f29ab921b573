"""Cost API bodies for aggregation (`/cost/allocation`, `/cost/labels`) and the current rate
per pod (`/cost/namespaces/{ns}/pods`). Units as in app.schemas.cost."""

from __future__ import annotations

from pydantic import BaseModel

from app.schemas.common import UtcDatetime
from app.schemas.cost import CostBreakdown, Usage, Window


class AllocationRow(CostBreakdown, Usage):
    """One group over the window. `name` is the cluster id, the namespace, the workload name
    or the label value; `__idle__` and `__unallocated__` (lacking the key) are rows of their
    own. Label rows sum every cluster in scope (`cluster_id` is then the scope)."""

    cluster_id: str
    name: str
    namespace: str | None = None  # workload rows
    kind: str | None = None  # workload rows: Deployment, StatefulSet, …
    workloads: int


class AllocationList(BaseModel):
    cluster_id: str
    aggregate: str  # as asked: cluster, namespace, workload or label:<key>
    currency: str
    window: Window
    items: list[AllocationRow]
    total_cost: float
    note: str | None = None  # how label rows were attributed


class LabelKeys(BaseModel):
    cluster_id: str
    keys: list[str]  # label keys seen on workloads (pod templates) and namespaces


class PodCost(BaseModel):
    """One running pod at the latest sample, priced at current prices."""

    cluster_id: str
    namespace: str
    pod: str
    workload_kind: str
    workload: str
    node: str
    spot: bool
    cpu_request_cores: float
    cpu_usage_cores: float
    memory_request_gib: float
    memory_usage_gib: float
    storage_gib: float  # its share of the claims it mounts
    cost_per_hour: float
    cost_per_month: float  # per hour x 730


class PodCostList(BaseModel):
    cluster_id: str
    namespace: str
    currency: str
    sampled_at: UtcDatetime | None  # the sample the rates come from (None: never sampled)
    note: str
    items: list[PodCost]
    total_per_hour: float
    total_per_month: float
