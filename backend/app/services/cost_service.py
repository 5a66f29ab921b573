"""The cost facade the routes call: settings, overview, breakdowns, trends, findings, apply.

`ids` is the list of clusters a request covers (one, or every readable one for the fleet
view, labelled "all"); fleet numbers are sums of per-cluster numbers, each priced with its
own cluster's pricing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.core import errors
from app.models.base import utcnow
from app.models.cost import CostApplied
from app.schemas.cost import (
    ApplyResult,
    ContainerResources,
    CostOverview,
    CostSettings,
    CostSettingsUpdate,
    CostTrends,
    IdleReport,
    IdleResource,
    NamespaceCostList,
    Recommendation,
    RecommendationList,
    Window,
    WorkloadCostList,
)
from app.services import (
    cost_findings_queries,
    cost_periods,
    cost_queries,
    cost_settings,
    cost_store,
    cost_trends,
)
from app.services.cluster_service import ClusterService
from app.services.cost_collector import CostCollector
from app.services.cost_live import live_requests, patch_requests
from app.services.cost_overview import build_overview
from app.services.cost_recommendations import Inputs, all_findings
from app.services.cost_store import db_time
from app.services.cost_views import (
    PricedCluster,
    idle_nodes,
    namespace_rows,
    price_cluster,
    workload_rows,
)

RECOMMENDATION_DAYS = 7
TOP_NAMESPACES_SEARCHED = 3


class CostService:
    def __init__(
        self,
        clusters: ClusterService,
        sessions: async_sessionmaker[AsyncSession],
        interval: int,
    ) -> None:
        self.clusters = clusters
        self.sessions = sessions
        self.interval = interval
        self.collector = CostCollector(clusters, sessions, interval)

    # ---- settings --------------------------------------------------------------------------
    async def settings(self, session: AsyncSession) -> CostSettings:
        return await cost_settings.load(session, self.interval)

    async def update_settings(
        self, session: AsyncSession, update: CostSettingsUpdate
    ) -> CostSettings:
        current = await self.settings(session)
        merged = cost_settings.merge(current, update, [c.id for c in self.clusters.all()])
        await cost_settings.save(session, merged)
        return merged

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

    async def namespaces(
        self, session: AsyncSession, ids: list[str], label: str, period: str
    ) -> NamespaceCostList:
        start, end = cost_periods.window(period, utcnow())
        settings, priced = await self._priced(session, ids, start, end)
        items = [row for p in priced for row in namespace_rows(p, settings.share_idle)]
        items.sort(key=lambda r: r.total_cost, reverse=True)
        return NamespaceCostList(
            cluster_id=label,
            currency=settings.currency,
            window=self._window(period, start, end, priced),
            items=items,
            total_cost=sum(r.total_cost for r in items),
        )

    async def workloads(
        self, session: AsyncSession, ids: list[str], label: str, namespace: str, period: str
    ) -> WorkloadCostList:
        start, end = cost_periods.window(period, utcnow())
        settings, priced = await self._priced(session, ids, start, end)
        items = []
        for p in priced:
            assert p.window.state is not None
            found = await cost_queries.workloads(session, p.window.state, start, end, [namespace])
            items.extend(workload_rows(p, found, settings.share_idle))
        items.sort(key=lambda r: r.total_cost, reverse=True)
        return WorkloadCostList(
            cluster_id=label,
            namespace=namespace,
            currency=settings.currency,
            window=self._window(period, start, end, priced),
            items=items,
            total_cost=sum(r.total_cost for r in items),
        )

    async def trends(
        self, session: AsyncSession, ids: list[str], label: str, days: int, step: str
    ) -> CostTrends:
        start, end = cost_periods.trend_window(days, step, utcnow())
        settings = await self.settings(session)
        buckets: cost_trends.Buckets = {}
        for cluster_id in ids:
            state = await cost_store.rollup_state(session, cluster_id)
            ns_rows, node_rows = await cost_queries.steps(session, state, start, end)
            pricing = cost_settings.pricing_for(settings, cluster_id)
            cost_trends.merge(
                buckets,
                cost_trends.cluster_buckets(ns_rows, node_rows, pricing, step, settings.share_idle),
            )
        points, keys = cost_trends.points(buckets)
        return CostTrends(
            cluster_id=label,
            currency=settings.currency,
            step="hour" if step == "hour" else "day",
            days=days,
            points=points,
            namespaces=keys,
        )

    # ---- findings --------------------------------------------------------------------------
    async def _inputs(
        self, session: AsyncSession, cluster_id: str, settings: CostSettings
    ) -> Inputs:
        end = utcnow()
        start = end - timedelta(days=RECOMMENDATION_DAYS)
        window = await cost_queries.cluster_window(session, cluster_id, start, end)
        state = window.state
        assert state is not None
        requests = await live_requests(self.clusters, cluster_id)
        if requests is None:  # the cluster is unreachable: the last sampled requests
            requests = await cost_findings_queries.latest_requests(session, state, start, end)
        applied = await session.scalars(
            select(CostApplied).where(CostApplied.cluster_id == cluster_id)
        )
        last = db_time(window.last_sample_at) if window.last_sample_at else None
        volumes = [
            v
            for v in await cost_findings_queries.volumes(session, state, start, end)
            if last is not None and db_time(v.last_step) >= last
        ]
        return Inputs(
            cluster_id=cluster_id,
            settings=settings,
            pricing=cost_settings.pricing_for(settings, cluster_id),
            window_hours=window.hours,
            containers=await cost_findings_queries.containers(session, state, start, end),
            p95s=await cost_findings_queries.cpu_p95_values(session, state, start, end),
            requests=requests,
            applied={a.id: (a.cpu_cores, a.memory_gib) for a in applied},
            volumes=volumes,
            nodes=window.nodes,
        )

    async def findings(
        self, session: AsyncSession, ids: list[str], may_apply: Callable[[str], bool]
    ) -> tuple[CostSettings, list[Recommendation]]:
        settings = await self.settings(session)
        items = []
        for cluster_id in ids:
            for rec in all_findings(await self._inputs(session, cluster_id, settings)):
                rec.can_apply = (
                    rec.kind == "rightsize" and rec.status == "open" and may_apply(cluster_id)
                )
                items.append(rec)
        return settings, items

    async def recommendations(
        self, session: AsyncSession, ids: list[str], label: str, may_apply: Callable[[str], bool]
    ) -> RecommendationList:
        settings, items = await self.findings(session, ids, may_apply)
        return RecommendationList(
            cluster_id=label,
            currency=settings.currency,
            items=items,
            total_monthly_saving=round(
                sum(r.monthly_saving for r in items if r.status == "open"), 2
            ),
        )

    async def idle(
        self, session: AsyncSession, ids: list[str], label: str, period: str
    ) -> IdleReport:
        start, end = cost_periods.window(period, utcnow())
        settings, priced = await self._priced(session, ids, start, end)
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
        items += idle_nodes(priced)
        items.sort(key=lambda r: r.monthly_cost, reverse=True)
        return IdleReport(
            cluster_id=label,
            currency=settings.currency,
            window=self._window(period, start, end, priced),
            idle_cost=sum(p.idle.total for p in priced),
            items=items,
        )

    # ---- apply -----------------------------------------------------------------------------
    async def apply(
        self,
        session: AsyncSession,
        rec_id: str,
        cluster_ids: list[str],
        may_apply: Callable[[str], bool],
        username: str | None,
    ) -> ApplyResult:
        """Recompute the recommendation, check it still stands, patch the workload's requests
        and remember it was applied."""
        cluster_id = rec_id.split("/")[1] if rec_id.count("/") >= 4 else ""
        if not rec_id.startswith("rightsize/") or cluster_id not in cluster_ids:
            raise errors.NotFound(f"no right-sizing recommendation {rec_id!r}")
        if not may_apply(cluster_id):
            raise errors.Forbidden(
                f"applying a recommendation on cluster {cluster_id} needs cost:apply and "
                "resources:apply there"
            )
        _, found = await self.findings(session, [cluster_id], may_apply)
        rec = next((r for r in found if r.id == rec_id), None)
        if rec is None:
            raise errors.NotFound(f"recommendation {rec_id!r} no longer stands (re-read the list)")
        if rec.status != "open" or rec.recommended is None or rec.namespace is None:
            raise errors.Conflict(f"recommendation {rec_id!r} cannot be applied: {rec.status}")
        await patch_requests(self.clusters, rec, rec.recommended)
        applied = rec.recommended
        await session.merge(
            CostApplied(
                id=rec.id,
                cluster_id=cluster_id,
                cpu_cores=applied.cpu_cores,
                memory_gib=applied.memory_gib,
                applied_by=username,
                applied_at=utcnow(),
            )
        )
        rec = rec.model_copy(
            update={
                "status": "applied",
                "current": applied,
                "monthly_saving": 0.0,
                "can_apply": False,
            }
        )
        return ApplyResult(recommendation=rec, applied=ContainerResources.model_validate(applied))
