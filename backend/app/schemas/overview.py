"""Overview and fleet responses. OverviewService computes plain dicts from the watch cache;
these models document (and check) their shape for the OpenAPI document and the web app."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class PodProblem(BaseModel):
    namespace: str | None
    name: str
    status: str | None = Field(description="kubectl's STATUS, e.g. CrashLoopBackOff or Pending")


class OverviewNodes(BaseModel):
    total: int
    ready: int
    not_ready: int


class OverviewCpu(BaseModel):
    requested_millicores: int = Field(description="summed requests of pods not finished")
    allocatable_millicores: int = Field(description="summed node allocatable")
    used_millicores: int | None = Field(description="from metrics.k8s.io; null without metrics")


class OverviewMemory(BaseModel):
    requested_bytes: int
    allocatable_bytes: int
    used_bytes: int | None = Field(description="from metrics.k8s.io; null without metrics")


class ClusterOverviewOut(BaseModel):
    cluster_id: str
    counts: dict[str, int] = Field(description="objects per resource, e.g. pods, nodes")
    pod_phases: dict[str, int] = Field(description="pods per phase (Running, Pending, ...)")
    pod_problems: list[PodProblem]
    nodes: OverviewNodes
    cpu: OverviewCpu
    memory: OverviewMemory
    warnings: list[dict[str, Any]] = Field(
        description="the newest Warning events, as event rows of the list endpoint"
    )


class FleetHealth(BaseModel):
    status: str = Field(
        description="healthy | unreachable | unauthorized | timeout | bad_kubeconfig | unknown"
    )
    reason: str | None
    version: str | None
    latency_ms: float | None


class FleetEntryOut(BaseModel):
    cluster_id: str
    name: str
    labels: dict[str, str]
    health: FleetHealth
    overview: ClusterOverviewOut | None = Field(description="null when the cluster did not answer")
    error: str | None = Field(description="why there is no overview")
