"""The cost service's base: settings, and the findings (right-sizing, idle workloads,
unclaimed volumes, underused nodes) with Apply. `CostService` adds the priced views."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.core import errors
from app.models.base import utcnow
from app.models.cost import CostApplied
from app.schemas.cost import (
    ApplyResult,
    ContainerResources,
    CostSettings,
    CostSettingsUpdate,
    Recommendation,
    RecommendationList,
)
from app.services import cost_findings_queries, cost_queries, cost_settings
from app.services.cluster_service import ClusterService
from app.services.cost_collector import CostCollector
from app.services.cost_live import live_requests, patch_requests
from app.services.cost_recommendations import Inputs, all_findings
from app.services.cost_store import db_time

RECOMMENDATION_DAYS = 7


@dataclass
class CostFindingsService:
    clusters: ClusterService
    sessions: async_sessionmaker[AsyncSession]
    interval: int  # seconds between samples
    collector: CostCollector = field(init=False)

    def __post_init__(self) -> None:
        self.collector = CostCollector(self.clusters, self.sessions, self.interval)

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
            usage_source=window.usage_source,
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
