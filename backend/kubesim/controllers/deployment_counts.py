"""Deployment revision annotations and replica arithmetic (desired, surge, unavailable)."""

from __future__ import annotations

from kubesim.controllers.podtemplate import (
    int_or,
    scaled,
    spec_of,
)
from kubesim.controllers.runtime import Obj, ObjectRef

COMPONENT = "deployment-controller"
REVISION = "deployment.kubernetes.io/revision"
REVISION_HISTORY = "deployment.kubernetes.io/revision-history"
DESIRED = "deployment.kubernetes.io/desired-replicas"
MAX = "deployment.kubernetes.io/max-replicas"
# Deployment annotations that are not copied onto its ReplicaSets (as upstream).
_NOT_COPIED = frozenset(
    {
        REVISION,
        REVISION_HISTORY,
        DESIRED,
        MAX,
        "kubectl.kubernetes.io/last-applied-configuration",
        "deprecated.deployment.rollback.to",
    }
)


def revision(rs: Obj) -> int:
    try:
        return int((rs["metadata"].get("annotations") or {}).get(REVISION, "0"))
    except ValueError:
        return 0


def desired(d: Obj) -> int:
    return max(int_or(spec_of(d).get("replicas"), 1), 0)


def rs_replicas(rs: Obj) -> int:
    return int_or(spec_of(rs).get("replicas"), 1)


def rs_status(rs: Obj | None, key: str) -> int:
    return int_or(((rs or {}).get("status") or {}).get(key), 0)


def is_recreate(d: Obj) -> bool:
    return (spec_of(d).get("strategy") or {}).get("type") == "Recreate"


def surge_and_unavailable(d: Obj) -> tuple[int, int]:
    """maxSurge (rounded up) and maxUnavailable (rounded down), 25% each by default."""
    if is_recreate(d):
        return 0, 0
    replicas = desired(d)
    rolling = (spec_of(d).get("strategy") or {}).get("rollingUpdate") or {}
    surge = scaled(rolling.get("maxSurge"), replicas, True, "25%")
    unavailable = scaled(rolling.get("maxUnavailable"), replicas, False, "25%")
    if surge == 0 and unavailable == 0:
        unavailable = 1  # a rollout must be able to move
    return surge, min(unavailable, replicas)


def _ref(obj: Obj) -> ObjectRef:
    return obj["metadata"].get("namespace", ""), obj["metadata"]["name"]
