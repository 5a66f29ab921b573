"""The cost facade the routes call: overview, breakdowns, aggregation, pods, trends, idle
(settings, findings and apply are in its base, cost_findings_service).

`ids` is the list of clusters a request covers (one, or every readable one for the fleet
view, labelled "all"); fleet numbers are sums of per-cluster numbers, each priced with its
own cluster's pricing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from app.models.base import utcnow
from app.schemas.cost import (
    CostOverview,
    CostSettings,
    CostTrends,
    IdleReport,
    IdleResource,
    NamespaceCostList,
    Window,
    WorkloadCostList,
)
from app.schemas.cost_allocation import AllocationList, LabelKeys, PodCostList
from app.services import (
    cost_allocation,
    cost_current,
    cost_periods,
    cost_queries,
    cost_settings,
    cost_store,
    cost_trends,
)
from app.services.cost_engine import HOURS_PER_MONTH
from app.services.cost_findings_service import CostFindingsService
from app.services.cost_overview import build_overview
from app.services.cost_pods import CURRENT_RATE_NOTE, pod_costs
from app.services.cost_views import (
    PricedCluster,
    idle_nodes,
    namespace_rows,
    price_cluster,
    workload_rows,
)

TOP_NAMESPACES_SEARCHED = 3


@dataclass
class Period:
    """A period's window, priced for each cluster of the request."""

    settings: CostSettings
    priced: list[PricedCluster]
    start: datetime
    end: datetime
    window: Window

    def listing(self, label: str, items: list[Any]) -> dict[str, Any]:
        """The fields every table body shares; the rows costliest first."""
        items.sort(key=lambda r: r.total_cost, reverse=True)
        total = sum(r.total_cost for r in items)
        currency = self.settings.currency
        return {
            "cluster_id": label,
            "currency": currency,
            "window": self.window,
            "items": items,
            "total_cost": total,
        }


class CostService(CostFindingsService):
    # ---- priced windows --------------------------------------------------------------------
    async def _priced(
        self, session: AsyncSession, ids: list[str], start: datetime, end: datetime
    ) -> tuple[CostSettings, list[PricedCluster]]:
        settings = await self.settings(session)
        priced = []
        for cluster_id in ids:
            window = await cost_queries.cluster_window(session, cluster_id, start, end)
            priced.append(price_cluster(window, cost_settings.pricing_for(settings, cluster_id)))
        return settings, priced

    @staticmethod
    def _window(period: str, start: datetime, end: datetime, priced: list[PricedCluster]) -> Window:
        hours = max((p.window.hours for p in priced), default=0.0)
        return Window(period=period, start=start, end=end, hours=round(hours, 4))

    async def overview(
        self, session: AsyncSession, ids: list[str], label: str, period: str
    ) -> CostOverview:
        start, end = cost_periods.window(period, utcnow())
        settings, priced = await self._priced(session, ids, start, end)
        _, before = await self._priced(session, ids, *cost_periods.previous(start, end))
        tops = []
        for p in priced:
            # Top workloads are looked for in the costliest namespaces only, so the overview
            # reads namespace rollups plus a few namespaces' workload rows, never all of them.
            costly = sorted(p.namespace_money, key=lambda ns: -p.namespace_money[ns].total)
            state = p.window.state
            assert state is not None
            found = await cost_queries.workloads(
                session, state, start, end, costly[:TOP_NAMESPACES_SEARCHED], limit=5
            )
            tops.append(found)
        names = {c.id: c.name for c in self.clusters.all()}
        return build_overview(
            label, settings, self._window(period, start, end, priced), priced, before, tops, names
        )

    async def _period(self, session: AsyncSession, ids: list[str], period: str) -> Period:
        start, end = cost_periods.window(period, utcnow())
        settings, priced = await self._priced(session, ids, start, end)
        return Period(settings, priced, start, end, self._window(period, start, end, priced))

    async def namespaces(
        self, session: AsyncSession, ids: list[str], label: str, period: str
    ) -> NamespaceCostList:
        w = await self._period(session, ids, period)
        items = [row for p in w.priced for row in namespace_rows(p, w.settings.share_idle)]
        return NamespaceCostList(**w.listing(label, items))

    async def workloads(
        self, session: AsyncSession, ids: list[str], label: str, namespace: str, period: str
    ) -> WorkloadCostList:
        w = await self._period(session, ids, period)
        items = []
        for p in w.priced:
            assert p.window.state is not None
            found = await cost_queries.workloads(
                session, p.window.state, w.start, w.end, [namespace]
            )
            items.extend(workload_rows(p, found, w.settings.share_idle))
        return WorkloadCostList(namespace=namespace, **w.listing(label, items))

    async def allocation(
        self, session: AsyncSession, ids: list[str], label: str, aggregate: str, period: str
    ) -> AllocationList:
        agg = cost_allocation.parse_aggregate(aggregate)
        w = await self._period(session, ids, period)
        labels = await cost_current.stored_labels(session, ids) if agg.kind == "label" else {}
        key = cost_allocation.key_function(agg, label, labels)
        sums: dict[cost_allocation.RowKey, cost_allocation.Sum] = {}
        for p in w.priced:
            found = None
            if agg.by_workload:
                assert p.window.state is not None
                found = await cost_queries.workloads(session, p.window.state, w.start, w.end)
            units = cost_allocation.units(p, found)
            cost_allocation.aggregate(p, units, key, w.settings.share_idle, sums)
        return AllocationList(
            aggregate=aggregate,
            note=cost_allocation.LABEL_NOTE if agg.kind == "label" else None,
            **w.listing(label, cost_allocation.rows(sums)),
        )

    async def label_keys(self, session: AsyncSession, ids: list[str], label: str) -> LabelKeys:
        return LabelKeys(cluster_id=label, keys=await cost_current.label_keys(session, ids))

    async def pods(
        self,
        session: AsyncSession,
        ids: list[str],
        label: str,
        namespace: str,
        workload: tuple[str | None, str | None],
    ) -> PodCostList:
        settings = await self.settings(session)
        items, moments = [], []
        for cluster_id in ids:
            rows, at = await cost_current.pods(session, cluster_id, namespace, *workload)
            items += pod_costs(rows, cost_settings.pricing_for(settings, cluster_id))
            moments += [at] if at is not None else []
        items.sort(key=lambda r: r.cost_per_hour, reverse=True)
        per_hour = sum(r.cost_per_hour for r in items)
        return PodCostList(
            cluster_id=label,
            namespace=namespace,
            currency=settings.currency,
            sampled_at=max(moments) if moments else None,
            note=CURRENT_RATE_NOTE,
            items=items,
            total_per_hour=per_hour,
            total_per_month=per_hour * HOURS_PER_MONTH,
        )

    async def trends(
        self, session: AsyncSession, ids: list[str], label: str, days: int, step: str
    ) -> CostTrends:
        start, end = cost_periods.trend_window(days, step, utcnow())
        settings = await self.settings(session)
        buckets: cost_trends.Buckets = {}
        for cluster_id in ids:
            state = await cost_store.rollup_state(session, cluster_id)
            ns_rows, node_rows = await cost_queries.steps(
                session, state, start, end, fine=step == "5m"
            )
            pricing = cost_settings.pricing_for(settings, cluster_id)
            cost_trends.merge(
                buckets,
                cost_trends.cluster_buckets(ns_rows, node_rows, pricing, step, settings.share_idle),
            )
        points, keys = cost_trends.points(buckets)
        return CostTrends(
            cluster_id=label,
            currency=settings.currency,
            step=step,  # type: ignore[arg-type]  # trend_window accepted only the three
            days=days,
            points=points,
            namespaces=keys,
        )

    async def idle(
        self, session: AsyncSession, ids: list[str], label: str, period: str
    ) -> IdleReport:
        w = await self._period(session, ids, period)
        _, found = await self.findings(session, ids, lambda _: False)
        kinds = {"idle_workload": "workload", "unclaimed_pvc": "pvc", "unbound_pv": "pv"}
        items = [
            IdleResource(
                cluster_id=r.cluster_id,
                kind=kinds[r.kind],  # type: ignore[arg-type]
                namespace=r.namespace,
                name=r.target_name,
                detail=r.detail,
                monthly_cost=r.monthly_saving,
            )
            for r in found
            if r.kind in kinds
        ]
        items += idle_nodes(w.priced)
        items.sort(key=lambda r: r.monthly_cost, reverse=True)
        return IdleReport(
            cluster_id=label,
            currency=w.settings.currency,
            window=w.window,
            idle_cost=sum(p.idle.total for p in w.priced),
            items=items,
        )
