from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from app.services.cluster_health import Health
from app.services.cluster_sources import ClusterDef

_ID = r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"


class ClusterHealthOut(BaseModel):
    cluster_id: str
    reachable: bool
    status: str = Field(
        description="healthy | unreachable | unauthorized | timeout | bad_kubeconfig | unknown"
    )
    reason: str | None = None
    version: str | None = None
    latency_ms: float | None = None
    node_count: int | None = None
    checked_at: datetime | None = None

    @classmethod
    def of(cls, health: Health) -> ClusterHealthOut:
        return cls(
            cluster_id=health.cluster_id,
            reachable=health.reachable,
            status=health.status,
            reason=health.reason,
            version=health.version,
            latency_ms=health.latency_ms,
            node_count=health.node_count,
            checked_at=health.checked_at,
        )


class ClusterOut(BaseModel):
    id: str
    name: str
    source: str = Field(description="config | kubeconfig | api")
    context: str | None
    server: str
    labels: dict[str, str]
    is_default: bool
    removable: bool
    health: ClusterHealthOut

    @classmethod
    def of(cls, cluster: ClusterDef, health: Health) -> ClusterOut:
        return cls(
            id=cluster.id,
            name=cluster.name,
            source=cluster.source,
            context=cluster.context,
            server=cluster.server,
            labels=cluster.labels,
            is_default=cluster.is_default,
            removable=cluster.source == "api",
            health=ClusterHealthOut.of(health),
        )


class ClusterCreate(BaseModel):
    id: str | None = Field(default=None, pattern=_ID, max_length=63)
    name: str | None = Field(default=None, min_length=1, max_length=200)
    kubeconfig: str = Field(
        min_length=1,
        max_length=1_000_000,
        description="kubeconfig YAML; stored encrypted, never returned",
    )
    context: str | None = None
    labels: dict[str, str] = Field(default_factory=dict)


class ClusterUpdate(BaseModel):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    labels: dict[str, str] | None = None


class ActiveCluster(BaseModel):
    cluster_id: str
