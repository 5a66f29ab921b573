"""Overview of one cluster and of the fleet, computed from the watch cache (no extra LISTs).

Requested resources are summed from pod specs, allocatable from nodes, and usage (when the
cluster serves metrics.k8s.io) from node metrics; a missing metrics API is `null`, not an error.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

from app.core import errors
from app.services.cluster_service import ClusterService
from app.services.resource_types import builtin
from app.services.summaries import summarize
from app.services.summaries_base import as_bytes, millicores
from app.services.watch_cache import WatchCache

Obj = dict[str, Any]
COUNTED = (
    "namespaces",
    "nodes",
    "pods",
    "deployments",
    "statefulsets",
    "daemonsets",
    "jobs",
    "cronjobs",
    "services",
    "ingresses",
    "persistentvolumeclaims",
)
_WARNINGS = 10


class OverviewService:
    def __init__(self, clusters: ClusterService, cache: WatchCache) -> None:
        self.clusters = clusters
        self.cache = cache

    async def _objects(self, cluster_id: str, resource: str) -> list[Obj]:
        return await self.cache.list(cluster_id, builtin(resource))

    async def cluster(self, cluster_id: str) -> Obj:
        lists = await asyncio.gather(*(self._objects(cluster_id, r) for r in COUNTED))
        objects = dict(zip(COUNTED, lists, strict=True))
        events = await self._objects(cluster_id, "events")
        pods = [summarize("pods", p) for p in objects["pods"]]
        nodes = [summarize("nodes", n) for n in objects["nodes"]]
        live = [p for p in pods if p.get("phase") not in ("Succeeded", "Failed")]
        overview: Obj = {
            "cluster_id": cluster_id,
            "counts": {r: len(items) for r, items in objects.items()},
            "pod_phases": dict(Counter(str(p.get("phase") or "Unknown") for p in pods)),
            "pod_problems": sorted(
                (
                    {"namespace": p["namespace"], "name": p["name"], "status": p.get("status")}
                    for p in pods
                    if p.get("status") in _PROBLEMS
                ),
                key=lambda p: str(p["name"]),
            ),
            "nodes": {
                "total": len(nodes),
                "ready": sum(1 for n in nodes if str(n.get("status", "")).startswith("Ready")),
                "not_ready": sum(
                    1 for n in nodes if not str(n.get("status", "")).startswith("Ready")
                ),
            },
            "cpu": {
                "requested_millicores": _total(live, "cpu_requests_millicores"),
                "allocatable_millicores": _total(nodes, "cpu_allocatable_millicores"),
                "used_millicores": None,
            },
            "memory": {
                "requested_bytes": _total(live, "memory_requests_bytes"),
                "allocatable_bytes": _total(nodes, "memory_allocatable_bytes"),
                "used_bytes": None,
            },
            "warnings": _recent_warnings(events),
        }
        usage = await self._usage(cluster_id)
        if usage is not None:
            overview["cpu"]["used_millicores"], overview["memory"]["used_bytes"] = usage
        return overview

    async def _usage(self, cluster_id: str) -> tuple[int, int] | None:
        """Summed node usage (cpu millicores, memory bytes) from metrics.k8s.io, if served."""
        try:
            metrics = await self.clusters.gateway(cluster_id).request(
                "GET", "/apis/metrics.k8s.io/v1beta1/nodes"
            )
        except errors.AppError:
            return None
        items = (metrics.get("items") or []) if isinstance(metrics, dict) else []
        cpu = sum(millicores((i.get("usage") or {}).get("cpu")) or 0 for i in items)
        memory = sum(as_bytes((i.get("usage") or {}).get("memory")) or 0 for i in items)
        return cpu, memory

    async def fleet(self) -> list[Obj]:
        """Every cluster side by side; a down cluster says why, without slowing the others."""
        return list(await asyncio.gather(*(self._fleet_entry(c.id) for c in self.clusters.all())))

    async def _fleet_entry(self, cluster_id: str) -> Obj:
        cluster = self.clusters.get(cluster_id)
        health = self.clusters.health.get(cluster_id)
        entry: Obj = {
            "cluster_id": cluster_id,
            "name": cluster.name,
            "labels": cluster.labels,
            "health": {
                "status": health.status,
                "reason": health.reason,
                "version": health.version,
                "latency_ms": health.latency_ms,
            },
        }
        try:
            timeout = self.clusters.settings.cluster_timeout_seconds * 2
            entry["overview"] = await asyncio.wait_for(self.cluster(cluster_id), timeout)
            entry["error"] = None
        except (errors.AppError, TimeoutError) as exc:
            entry["overview"] = None
            entry["error"] = (
                exc.detail
                if isinstance(exc, errors.AppError)
                else (f"cluster {cluster_id} did not answer in time")
            )
        return entry


_PROBLEMS = frozenset(
    {
        "CrashLoopBackOff",
        "ImagePullBackOff",
        "ErrImagePull",
        "Error",
        "Failed",
        "Pending",
        "Unknown",
        "OOMKilled",
        "CreateContainerConfigError",
    }
)


def _total(rows: list[Obj], key: str) -> int:
    return sum(int(r.get(key) or 0) for r in rows)


def _recent_warnings(events: list[Obj]) -> list[Obj]:
    warnings = [summarize("events", e) for e in events if e.get("type") == "Warning"]
    warnings.sort(key=lambda e: str(e.get("last_seen") or ""), reverse=True)
    return warnings[:_WARNINGS]
