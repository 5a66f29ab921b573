"""The current cost rate of each pod: its latest sampled requests and usage priced now."""

from __future__ import annotations

from collections.abc import Sequence

from app.models.cost import CostPodRow
from app.schemas.cost import Pricing
from app.schemas.cost_allocation import PodCost
from app.services.cost_engine import HOURS_PER_MONTH, Allocation, allocation_cost

CURRENT_RATE_NOTE = (
    "the current rate: each pod's requests and usage at the latest sample, priced now "
    "(max of request and usage, per hour; a month is 730 hours). Pods keep no cost history; "
    "the workloads table has the cost over the period."
)


def pod_costs(rows: Sequence[CostPodRow], pricing: Pricing) -> list[PodCost]:
    out = []
    for r in rows:
        # One hour of the pod as it is now: its allocation in core-hours and GiB-hours.
        hour = Allocation(
            hours=1.0,
            cpu_alloc=r.cpu_alloc,
            mem_alloc=r.mem_alloc,
            cpu_spot=r.cpu_alloc if r.spot else 0.0,
            mem_spot=r.mem_alloc if r.spot else 0.0,
            storage_gib_h=r.storage_gib,
        )
        per_hour = allocation_cost(hour, pricing).total
        out.append(
            PodCost(
                cluster_id=r.cluster_id,
                namespace=r.namespace,
                pod=r.pod,
                workload_kind=r.kind,
                workload=r.name,
                node=r.node,
                spot=r.spot,
                cpu_request_cores=r.cpu_request,
                cpu_usage_cores=r.cpu_usage,
                memory_request_gib=r.mem_request,
                memory_usage_gib=r.mem_usage,
                storage_gib=r.storage_gib,
                cost_per_hour=per_hour,
                cost_per_month=per_hour * HOURS_PER_MONTH,
            )
        )
    return out
