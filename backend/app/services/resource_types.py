"""The resource kinds kubedeck serves by name, and discovery for everything else (CRDs).

Routes name resources by their plural kubectl name (`pods`, `deployments`); other resources are
addressed by group/version/resource and looked up in the cluster's discovery.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core import errors
from app.services.kube_gateway import KubeGateway


@dataclass(frozen=True)
class Kind:
    resource: str
    group: str
    version: str
    kind: str
    namespaced: bool

    @property
    def api_version(self) -> str:
        return f"{self.group}/{self.version}" if self.group else self.version

    def path(
        self, namespace: str | None = None, name: str | None = None, subresource: str | None = None
    ) -> str:
        """The Kubernetes API path: collection (all or one namespace), object, subresource."""
        base = f"/apis/{self.group}/{self.version}" if self.group else f"/api/{self.version}"
        if self.namespaced and namespace:
            base += f"/namespaces/{namespace}"
        path = f"{base}/{self.resource}"
        if name:
            path += f"/{name}"
            if subresource:
                path += f"/{subresource}"
        return path


def _k(resource: str, gv: str, kind: str, namespaced: bool = True) -> Kind:
    group, _, version = gv.rpartition("/")
    return Kind(resource, group, version, kind, namespaced)


BUILTIN: dict[str, Kind] = {
    k.resource: k
    for k in (
        _k("namespaces", "v1", "Namespace", False),
        _k("nodes", "v1", "Node", False),
        _k("persistentvolumes", "v1", "PersistentVolume", False),
        _k("pods", "v1", "Pod"),
        _k("services", "v1", "Service"),
        _k("configmaps", "v1", "ConfigMap"),
        _k("secrets", "v1", "Secret"),
        _k("persistentvolumeclaims", "v1", "PersistentVolumeClaim"),
        _k("events", "v1", "Event"),
        _k("serviceaccounts", "v1", "ServiceAccount"),
        _k("endpoints", "v1", "Endpoints"),
        _k("deployments", "apps/v1", "Deployment"),
        _k("statefulsets", "apps/v1", "StatefulSet"),
        _k("daemonsets", "apps/v1", "DaemonSet"),
        _k("replicasets", "apps/v1", "ReplicaSet"),
        _k("jobs", "batch/v1", "Job"),
        _k("cronjobs", "batch/v1", "CronJob"),
        _k("ingresses", "networking.k8s.io/v1", "Ingress"),
        _k("networkpolicies", "networking.k8s.io/v1", "NetworkPolicy"),
        _k("horizontalpodautoscalers", "autoscaling/v2", "HorizontalPodAutoscaler"),
        _k("storageclasses", "storage.k8s.io/v1", "StorageClass", False),
        _k(
            "customresourcedefinitions",
            "apiextensions.k8s.io/v1",
            "CustomResourceDefinition",
            False,
        ),
    )
}
# Short names users type, as kubectl accepts them.
ALIASES = {
    "pvc": "persistentvolumeclaims",
    "pvcs": "persistentvolumeclaims",
    "pv": "persistentvolumes",
    "pvs": "persistentvolumes",
    "ns": "namespaces",
    "svc": "services",
    "deploy": "deployments",
    "sts": "statefulsets",
    "ds": "daemonsets",
    "rs": "replicasets",
    "cm": "configmaps",
    "ing": "ingresses",
    "hpa": "horizontalpodautoscalers",
    "cj": "cronjobs",
    "po": "pods",
    "no": "nodes",
    "ev": "events",
    "sa": "serviceaccounts",
}
WORKLOADS = ("deployments", "statefulsets", "daemonsets", "replicasets", "jobs", "cronjobs")
SCALABLE = ("deployments", "statefulsets", "replicasets")
RESTARTABLE = ("deployments", "statefulsets", "daemonsets")


def builtin(resource: str) -> Kind:
    kind = BUILTIN.get(ALIASES.get(resource, resource))
    if kind is None:
        raise errors.NotFound(
            f"unknown resource {resource!r}; use /api/v1/apis/{{group}}/{{version}}/{{resource}} "
            f"for resources outside: {', '.join(sorted(BUILTIN))}"
        )
    return kind


async def discover(gateway: KubeGateway, group: str, version: str, resource: str) -> Kind:
    """Any served resource (CRDs included), from the cluster's discovery for that version."""
    path = f"/api/{version}" if group in ("", "core") else f"/apis/{group}/{version}"
    try:
        listing = await gateway.request("GET", path)
    except errors.NotFound as exc:
        raise errors.NotFound(
            f"cluster {gateway.cluster_id} does not serve {group or 'core'}/{version}"
        ) from exc
    for entry in listing.get("resources") or []:
        if entry.get("name") == resource:
            return Kind(
                resource,
                "" if group == "core" else group,
                version,
                str(entry.get("kind", "")),
                bool(entry.get("namespaced")),
            )
    raise errors.NotFound(
        f"cluster {gateway.cluster_id} has no resource {resource!r} in {group or 'core'}/{version}"
    )
