"""Reading the Kubernetes objects a cost sample needs: spot nodes, controllers, usage."""

from __future__ import annotations

from typing import Any

from app.services.cost_engine import GIB
from app.services.summaries_base import as_bytes, d, dicts, millicores, owner

Obj = dict[str, Any]
Owners = dict[tuple[str, str], tuple[str | None, str | None]]
# (label, value that marks a spot/preemptible node; None: any value but "false")
SPOT_LABELS = (
    ("karpenter.sh/capacity-type", "spot"),
    ("eks.amazonaws.com/capacityType", "SPOT"),
    ("cloud.google.com/gke-spot", None),
    ("cloud.google.com/gke-preemptible", None),
    ("kubernetes.azure.com/scalesetpriority", "spot"),
)


# Labels the controllers add to each pod: not part of the template a user wrote.
GENERATED_LABELS = frozenset(
    (
        "pod-template-hash",
        "controller-revision-hash",
        "statefulset.kubernetes.io/pod-name",
        "apps.kubernetes.io/pod-index",
        "job-name",
        "controller-uid",
        "batch.kubernetes.io/job-name",
        "batch.kubernetes.io/controller-uid",
    )
)


def template_labels(metadata: Obj) -> dict[str, str]:
    """A pod's labels less the generated ones: its controller's pod template labels."""
    return {
        str(k): str(v) for k, v in d(metadata.get("labels")).items() if k not in GENERATED_LABELS
    }


def is_spot(labels: Obj) -> bool:
    for key, value in SPOT_LABELS:
        found = labels.get(key)
        if found is not None and (found == value if value else str(found) != "false"):
            return True
    return False


def cores(value: Any) -> float:
    return (millicores(value) or 0) / 1000.0


def gib(value: Any) -> float:
    return (as_bytes(value) or 0) / GIB


def owners(objects: list[Obj]) -> Owners:
    out = {}
    for obj in objects:
        md = d(obj.get("metadata"))
        out[(str(md.get("namespace", "")), str(md.get("name", "")))] = owner(md)
    return out


def workload_of(
    pod: Obj,
    replicasets: Owners,
    jobs: Owners,
) -> tuple[str, str]:
    """(kind, name) of the pod's controller: ReplicaSets resolve to their Deployment, Jobs to
    their CronJob; a bare pod is its own workload."""
    md = d(pod.get("metadata"))
    ns = str(md.get("namespace", ""))
    kind, name = owner(md)
    if kind is None or name is None:
        return "Pod", str(md.get("name", ""))
    parents = {"ReplicaSet": replicasets, "Job": jobs}.get(kind)
    if parents is not None:
        parent_kind, parent_name = parents.get((ns, name), (None, None))
        if parent_kind in ("Deployment", "CronJob") and parent_name:
            return parent_kind, parent_name
    return kind, name


def usage_index(
    metrics: list[Obj] | None,
) -> dict[tuple[str, str], dict[str, tuple[float, float]]]:
    out: dict[tuple[str, str], dict[str, tuple[float, float]]] = {}
    for item in metrics or []:
        md = d(item.get("metadata"))
        key = (str(md.get("namespace", "")), str(md.get("name", "")))
        out[key] = {
            str(c.get("name")): (
                cores(d(c.get("usage")).get("cpu")),
                gib(d(c.get("usage")).get("memory")),
            )
            for c in dicts(item.get("containers"))
        }
    return out
