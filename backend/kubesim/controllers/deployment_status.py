"""A Deployment's status: replica counts and the Progressing/Available conditions."""

from __future__ import annotations

import time

from kubesim.controllers.deployment_counts import (
    _ref,
    desired,
    rs_replicas,
    rs_status,
    surge_and_unavailable,
)
from kubesim.controllers.podtemplate import (
    Wakeups,
    compact,
    int_or,
    parse_time,
    set_condition,
    spec_of,
)
from kubesim.controllers.runtime import Obj


class DeploymentStatus:
    """The status half of DeploymentController."""

    wakeups: Wakeups

    def _status(self, d: Obj, new_rs: Obj | None, olds: list[Obj]) -> Obj:
        all_rs = [*olds, *([new_rs] if new_rs else [])]
        available = sum(rs_status(r, "availableReplicas") for r in all_rs)
        status = compact(
            {
                "observedGeneration": d["metadata"].get("generation", 1),
                "replicas": sum(rs_status(r, "replicas") for r in all_rs),
                "updatedReplicas": rs_status(new_rs, "replicas"),
                "readyReplicas": sum(rs_status(r, "readyReplicas") for r in all_rs),
                "availableReplicas": available,
                "unavailableReplicas": max(sum(rs_replicas(r) for r in all_rs) - available, 0),
                "collisionCount": (d.get("status") or {}).get("collisionCount"),
            },
            "observedGeneration",
        )
        conditions = list((d.get("status") or {}).get("conditions") or [])
        _, max_unavailable = surge_and_unavailable(d)
        if available >= desired(d) - max_unavailable:
            conditions = set_condition(
                conditions,
                "Available",
                "True",
                "MinimumReplicasAvailable",
                "Deployment has minimum availability.",
            )
        else:
            conditions = set_condition(
                conditions,
                "Available",
                "False",
                "MinimumReplicasUnavailable",
                "Deployment does not have minimum availability.",
            )
        status["conditions"] = self._progress(d, status, conditions, new_rs)
        return status

    def _progress(
        self, d: Obj, status: Obj, conditions: list[Obj], new_rs: Obj | None
    ) -> list[Obj]:
        current = next((c for c in conditions if c.get("type") == "Progressing"), None)
        reason = (current or {}).get("reason")
        if spec_of(d).get("paused"):
            return set_condition(
                conditions, "Progressing", "Unknown", "DeploymentPaused", "Deployment is paused"
            )
        if reason == "DeploymentPaused":
            return set_condition(
                conditions, "Progressing", "Unknown", "DeploymentResumed", "Deployment is resumed"
            )
        deadline = spec_of(d).get("progressDeadlineSeconds", 600)
        rs_name = new_rs["metadata"]["name"] if new_rs else ""
        done = status.get("replicas", 0) == status.get("updatedReplicas", 0)
        if new_rs is None or (done and reason == "NewReplicaSetAvailable"):
            return conditions
        if _complete(d, status):
            return set_condition(
                conditions,
                "Progressing",
                "True",
                "NewReplicaSetAvailable",
                f'ReplicaSet "{rs_name}" has successfully progressed.',
            )
        if _progressed(d.get("status") or {}, status):
            return set_condition(
                conditions,
                "Progressing",
                "True",
                "ReplicaSetUpdated",
                f'ReplicaSet "{rs_name}" is progressing.',
                force=True,
            )
        if (
            not isinstance(deadline, int)
            or current is None
            or reason in ("ProgressDeadlineExceeded", "NewReplicaSetAvailable")
        ):
            return conditions
        since = parse_time(current.get("lastUpdateTime")) or time.time()
        if since + deadline < time.time():
            return set_condition(
                conditions,
                "Progressing",
                "False",
                "ProgressDeadlineExceeded",
                f'ReplicaSet "{rs_name}" has timed out progressing.',
            )
        self.wakeups.at(_ref(d), since + deadline + 1)
        return conditions


def _complete(d: Obj, status: Obj) -> bool:
    n = desired(d)
    return bool(
        status.get("updatedReplicas", 0) == n
        and status.get("replicas", 0) == n
        and status.get("availableReplicas", 0) == n
        and status.get("observedGeneration", 0) >= d["metadata"].get("generation", 1)
    )


def _progressed(old: Obj, new: Obj) -> bool:
    def get(s: Obj, k: str) -> int:
        return int_or(s.get(k), 0)

    return bool(
        get(new, "updatedReplicas") > get(old, "updatedReplicas")
        or get(new, "replicas") - get(new, "updatedReplicas")
        < get(old, "replicas") - get(old, "updatedReplicas")
        or get(new, "readyReplicas") > get(old, "readyReplicas")
        or get(new, "availableReplicas") > get(old, "availableReplicas")
    )
