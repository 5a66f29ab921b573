"""The cluster side of right-sizing: current container requests, and the patch that applies
new ones (a strategic merge patch on the workload's pod template, by container name)."""

from __future__ import annotations

import asyncio
from typing import Any

from app.core import errors
from app.schemas.cost import ContainerResources, Recommendation
from app.services.cluster_service import ClusterService
from app.services.cost_engine import GIB
from app.services.summaries_base import as_bytes, d, dicts, millicores

_PLURALS = {"Deployment": "deployments", "StatefulSet": "statefulsets", "DaemonSet": "daemonsets"}
Key = tuple[str, str, str, str]


async def live_requests(
    clusters: ClusterService, cluster_id: str
) -> dict[Key, tuple[float, float]] | None:
    """(namespace, kind, name, container) -> per-replica (cores, GiB) requests now; None when
    the cluster cannot be read."""
    try:
        gateway = clusters.gateway(cluster_id)
        bodies = await asyncio.gather(
            *(gateway.request("GET", f"/apis/apps/v1/{plural}") for plural in _PLURALS.values())
        )
    except errors.AppError:
        return None
    out: dict[Key, tuple[float, float]] = {}
    for kind, body in zip(_PLURALS, bodies, strict=True):
        for obj in dicts(d(body).get("items")):
            md = d(obj.get("metadata"))
            spec = d(d(d(obj.get("spec")).get("template")).get("spec"))
            for c in dicts(spec.get("containers")):
                requests = d(d(c.get("resources")).get("requests"))
                key = (str(md.get("namespace")), kind, str(md.get("name")), str(c.get("name")))
                out[key] = (
                    (millicores(requests.get("cpu")) or 0) / 1000,
                    (as_bytes(requests.get("memory")) or 0) / GIB,
                )
    return out


def quantities(resources: ContainerResources) -> dict[str, str]:
    """Kubernetes spellings: whole millicores and whole MiB."""
    return {
        "cpu": f"{round(resources.cpu_cores * 1000)}m",
        "memory": f"{round(resources.memory_gib * 1024)}Mi",
    }


def requests_patch(container: str, resources: ContainerResources) -> dict[str, Any]:
    return {
        "spec": {
            "template": {
                "spec": {
                    "containers": [
                        {"name": container, "resources": {"requests": quantities(resources)}}
                    ]
                }
            }
        }
    }


async def patch_requests(
    clusters: ClusterService, rec: Recommendation, resources: ContainerResources
) -> None:
    plural = _PLURALS.get(rec.target_kind)
    if plural is None or rec.container is None or rec.namespace is None:
        raise errors.BadRequest(f"{rec.target_kind} requests cannot be patched by kubedeck")
    await clusters.gateway(rec.cluster_id).request(
        "PATCH",
        f"/apis/apps/v1/namespaces/{rec.namespace}/{plural}/{rec.target_name}",
        body=requests_patch(rec.container, resources),
        content_type="application/strategic-merge-patch+json",
    )
