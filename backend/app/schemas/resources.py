"""Resource read responses. Rows are summaries (see app/services/summaries*.py for the fields
per kind); lists are serialised straight from the cache, these models document the shape."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

ROW_FIELDS = (
    "Every row: name, namespace (null for cluster-scoped kinds), uid, created (RFC 3339), "
    "age_seconds, labels. Per kind, e.g. pods: status (as kubectl's STATUS), phase, ready "
    "('1/2'), restarts, node, pod_ip, images, cpu_requests_millicores, cpu_limits_millicores, "
    "memory_requests_bytes, memory_limits_bytes, owner_kind, owner_name, qos_class; "
    "deployments: status, ready, replicas, ready_replicas, updated_replicas, "
    "available_replicas, images, selector, conditions; nodes: status, roles, version, "
    "internal_ip, cpu/memory/pods capacity and allocatable, instance_type, zone; secrets: "
    "type, data_keys (never values); events: type, reason, object, message, count, last_seen."
)


class ResourceList(BaseModel):
    items: list[dict[str, Any]] = Field(description=ROW_FIELDS)
    total: int = Field(description="rows matching the filters, before pagination")
    limit: int = Field(description="page size asked for; 0 means every row")
    offset: int


class ResourceDetail(BaseModel):
    object: dict[str, Any] = Field(
        description="the full object as the cluster has it; a secret's data, stringData and "
        "last-applied annotation are '***' unless reveal=true"
    )
    summary: dict[str, Any] = Field(description="the object's row, as in lists")
    related: dict[str, Any] = Field(
        description="summary rows of related objects: deployment → replicasets, pods; "
        "statefulset/daemonset/job/replicaset → pods; cronjob → jobs; pod → owners (chain), "
        "node, services; service → endpoints, pods; node → pods; PVC → pods. Sections that "
        "could not be read are named in `unavailable` with the reason."
    )
    events: list[dict[str, Any]] = Field(description="events about the object, newest first")


class CacheStatus(BaseModel):
    cluster_id: str
    resource: str
    ready: bool
    objects: int
    resource_version: str
    failure: str | None = Field(description="why reads fail now (the cluster is down...)")
    last_error: str | None
    last_error_at: datetime | None
    synced_at: datetime | None
    relists: int
    events_applied: int
    subscribers: int
    idle_seconds: float
