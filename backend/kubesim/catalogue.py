"""The resource types kubesim serves: the built-ins (surface doc §10) and CRDs added at run time."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field

ALL_VERBS = ("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch")
READ_VERBS = ("get", "list")
CREATE_ONLY = ("create",)


@dataclass(frozen=True)
class Subresource:
    name: str
    verbs: tuple[str, ...] = ("get", "patch", "update")
    # Scale answers in autoscaling/v1; every other subresource answers with the parent kind.
    group: str | None = None
    version: str | None = None
    kind: str | None = None


SCALE = Subresource("scale", group="autoscaling", version="v1", kind="Scale")
STATUS = Subresource("status")


@dataclass(frozen=True)
class ResourceType:
    group: str
    version: str
    resource: str
    kind: str
    namespaced: bool
    short_names: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    verbs: tuple[str, ...] = ALL_VERBS
    subresources: tuple[Subresource, ...] = ()
    # Objects of every version of one group+resource share storage (no conversion needed here).
    crd: bool = field(default=False, compare=False)

    @property
    def singular(self) -> str:
        return self.kind.lower()

    @property
    def api_version(self) -> str:
        return f"{self.group}/{self.version}" if self.group else self.version

    @property
    def group_version(self) -> str:
        return self.api_version

    @property
    def storage_key(self) -> tuple[str, str]:
        return (self.group, self.resource)

    @property
    def qualified_name(self) -> str:
        """How error messages name the resource: `deployments.apps`, `pods`."""
        return f"{self.resource}.{self.group}" if self.group else self.resource

    def subresource(self, name: str) -> Subresource | None:
        return next((s for s in self.subresources if s.name == name), None)

    def has_status(self) -> bool:
        return self.subresource("status") is not None


def _rt(
    gv: str,
    resource: str,
    kind: str,
    namespaced: bool = True,
    short: Iterable[str] = (),
    cats: Iterable[str] = (),
    verbs: tuple[str, ...] = ALL_VERBS,
    subs: Iterable[Subresource] = (),
) -> ResourceType:
    group, _, version = gv.rpartition("/")
    return ResourceType(
        group, version, resource, kind, namespaced, tuple(short), tuple(cats), verbs, tuple(subs)
    )


def _sub(*names: str) -> tuple[Subresource, ...]:
    return tuple(Subresource(n) for n in names)


ALL = ("all",)
_POD_SUBS = (
    STATUS,
    Subresource("log", ("get",)),
    Subresource("exec", ("create", "get")),
    Subresource("attach", ("create", "get")),
    Subresource("portforward", ("create", "get")),
    Subresource("eviction", ("create",), "policy", "v1", "Eviction"),
    Subresource("binding", ("create",)),
    Subresource("ephemeralcontainers", ("get", "patch", "update")),
    Subresource("resize", ("get", "patch", "update")),
)

BUILTIN: tuple[ResourceType, ...] = (
    # core/v1, namespaced
    _rt("v1", "pods", "Pod", short=["po"], cats=ALL, subs=_POD_SUBS),
    _rt("v1", "services", "Service", short=["svc"], cats=ALL, subs=(STATUS, Subresource("proxy"))),
    _rt("v1", "configmaps", "ConfigMap", short=["cm"]),
    _rt("v1", "secrets", "Secret"),
    _rt("v1", "serviceaccounts", "ServiceAccount", short=["sa"], subs=_sub("token")),
    _rt("v1", "endpoints", "Endpoints", short=["ep"]),
    _rt("v1", "persistentvolumeclaims", "PersistentVolumeClaim", short=["pvc"], subs=(STATUS,)),
    _rt("v1", "events", "Event", short=["ev"]),
    _rt(
        "v1",
        "replicationcontrollers",
        "ReplicationController",
        short=["rc"],
        cats=ALL,
        subs=(STATUS, SCALE),
    ),
    _rt("v1", "limitranges", "LimitRange", short=["limits"]),
    _rt("v1", "resourcequotas", "ResourceQuota", short=["quota"], subs=(STATUS,)),
    _rt("v1", "podtemplates", "PodTemplate"),
    # core/v1, cluster-scoped
    _rt("v1", "namespaces", "Namespace", False, ["ns"], subs=(STATUS, Subresource("finalize"))),
    _rt("v1", "nodes", "Node", False, ["no"], subs=(STATUS, Subresource("proxy"))),
    _rt("v1", "persistentvolumes", "PersistentVolume", False, ["pv"], subs=(STATUS,)),
    # apps/v1
    _rt("apps/v1", "deployments", "Deployment", short=["deploy"], cats=ALL, subs=(STATUS, SCALE)),
    _rt("apps/v1", "replicasets", "ReplicaSet", short=["rs"], cats=ALL, subs=(STATUS, SCALE)),
    _rt("apps/v1", "statefulsets", "StatefulSet", short=["sts"], cats=ALL, subs=(STATUS, SCALE)),
    _rt("apps/v1", "daemonsets", "DaemonSet", short=["ds"], cats=ALL, subs=(STATUS,)),
    _rt("apps/v1", "controllerrevisions", "ControllerRevision"),
    # batch/v1
    _rt("batch/v1", "jobs", "Job", cats=ALL, subs=(STATUS,)),
    _rt("batch/v1", "cronjobs", "CronJob", short=["cj"], cats=ALL, subs=(STATUS,)),
    # autoscaling: v2 first, it is the preferred version
    _rt(
        "autoscaling/v2",
        "horizontalpodautoscalers",
        "HorizontalPodAutoscaler",
        short=["hpa"],
        cats=ALL,
        subs=(STATUS,),
    ),
    _rt(
        "autoscaling/v1",
        "horizontalpodautoscalers",
        "HorizontalPodAutoscaler",
        short=["hpa"],
        cats=ALL,
        subs=(STATUS,),
    ),
    # networking
    _rt("networking.k8s.io/v1", "ingresses", "Ingress", short=["ing"], subs=(STATUS,)),
    _rt("networking.k8s.io/v1", "networkpolicies", "NetworkPolicy", short=["netpol"]),
    _rt("networking.k8s.io/v1", "ingressclasses", "IngressClass", False),
    _rt("discovery.k8s.io/v1", "endpointslices", "EndpointSlice"),
    # events, policy, coordination
    _rt("events.k8s.io/v1", "events", "Event", short=["ev"]),
    _rt("policy/v1", "poddisruptionbudgets", "PodDisruptionBudget", short=["pdb"], subs=(STATUS,)),
    _rt("coordination.k8s.io/v1", "leases", "Lease"),
    # rbac
    _rt("rbac.authorization.k8s.io/v1", "roles", "Role"),
    _rt("rbac.authorization.k8s.io/v1", "rolebindings", "RoleBinding"),
    _rt("rbac.authorization.k8s.io/v1", "clusterroles", "ClusterRole", False),
    _rt("rbac.authorization.k8s.io/v1", "clusterrolebindings", "ClusterRoleBinding", False),
    # storage
    _rt("storage.k8s.io/v1", "storageclasses", "StorageClass", False, ["sc"]),
    # CRDs
    _rt(
        "apiextensions.k8s.io/v1",
        "customresourcedefinitions",
        "CustomResourceDefinition",
        False,
        ["crd", "crds"],
        subs=(STATUS,),
    ),
    # metrics (read only; filled by the simulation)
    _rt("metrics.k8s.io/v1beta1", "pods", "PodMetrics", verbs=READ_VERBS),
    _rt("metrics.k8s.io/v1beta1", "nodes", "NodeMetrics", False, verbs=READ_VERBS),
    # reviews: create only, answered on the spot, never stored
    _rt(
        "authorization.k8s.io/v1",
        "selfsubjectaccessreviews",
        "SelfSubjectAccessReview",
        False,
        verbs=CREATE_ONLY,
    ),
    _rt(
        "authorization.k8s.io/v1",
        "selfsubjectrulesreviews",
        "SelfSubjectRulesReview",
        False,
        verbs=CREATE_ONLY,
    ),
    _rt(
        "authorization.k8s.io/v1",
        "subjectaccessreviews",
        "SubjectAccessReview",
        False,
        verbs=CREATE_ONLY,
    ),
    _rt(
        "authentication.k8s.io/v1",
        "selfsubjectreviews",
        "SelfSubjectReview",
        False,
        verbs=CREATE_ONLY,
    ),
    _rt("authentication.k8s.io/v1", "tokenreviews", "TokenReview", False, verbs=CREATE_ONLY),
)

REVIEW_GROUPS = frozenset({"authorization.k8s.io", "authentication.k8s.io"})


class Catalogue:
    """Lookup of resource types by group/version/resource; CRDs add and remove entries."""

    def __init__(self, types: Iterable[ResourceType] = BUILTIN) -> None:
        self._types: list[ResourceType] = list(types)
        self._rebuild()

    def _rebuild(self) -> None:
        self._by_gvr = {(t.group, t.version, t.resource): t for t in self._types}
        doc = [(t.group, t.version, t.resource, t.kind) for t in self._types]
        self.generation_hash = hashlib.sha256(json.dumps(doc).encode()).hexdigest()[:16].upper()

    def lookup(self, group: str, version: str, resource: str) -> ResourceType | None:
        return self._by_gvr.get((group, version, resource))

    def all(self) -> list[ResourceType]:
        return list(self._types)

    def group_versions(self) -> dict[str, list[str]]:
        """group → versions, in the order served (the first is preferred)."""
        out: dict[str, list[str]] = {}
        for t in self._types:
            versions = out.setdefault(t.group, [])
            if t.version not in versions:
                versions.append(t.version)
        return out

    def in_group_version(self, group: str, version: str) -> list[ResourceType]:
        return [t for t in self._types if t.group == group and t.version == version]

    def by_kind(self, group: str, kind: str) -> ResourceType | None:
        return next((t for t in self._types if t.group == group and t.kind == kind), None)

    def versions_of(self, group: str, resource: str) -> list[ResourceType]:
        return [t for t in self._types if t.group == group and t.resource == resource]

    def register(self, types: Iterable[ResourceType]) -> None:
        new = list(types)
        keys = {(t.group, t.version, t.resource) for t in new}
        self._types = [t for t in self._types if (t.group, t.version, t.resource) not in keys] + new
        self._rebuild()

    def unregister(self, group: str, resource: str) -> None:
        self._types = [
            t for t in self._types if not (t.crd and t.group == group and t.resource == resource)
        ]
        self._rebuild()
