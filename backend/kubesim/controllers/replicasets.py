"""The ReplicaSet controller: keeps `spec.replicas` pods of the template alive."""

from __future__ import annotations

import time

from kubesim.controllers.podtemplate import (
    PODS,
    REPLICASETS,
    PodOwnerController,
    available_at,
    compact,
    create_named,
    delete,
    int_or,
    is_active,
    is_running_ready,
    owned,
    parse_time,
    pod_from_template,
    spec_of,
    ts,
)
from kubesim.controllers.podutil import is_terminal
from kubesim.controllers.runtime import Manager, Obj, write_status

COMPONENT = "replicaset-controller"
_PHASE_RANK = {"Pending": 0, "Unknown": 1, "Running": 2}


def deletion_rank(pod: Obj) -> tuple[int, int, int, int, float]:
    """Which pods go first on scale-down, as upstream ranks them: unscheduled before scheduled,
    pending before running, not ready before ready, fewer restarts... then the newest first."""
    status = pod.get("status") or {}
    restarts = sum(int(c.get("restartCount") or 0) for c in status.get("containerStatuses") or [])
    return (
        1 if (pod.get("spec") or {}).get("nodeName") else 0,
        _PHASE_RANK.get(str(status.get("phase")), 0),
        1 if is_running_ready(pod) else 0,
        -restarts,
        -(parse_time(ts(pod)) or 0.0),
    )  # newest first


class ReplicaSetController(PodOwnerController):
    owner_kind = "ReplicaSet"
    name = "replicaset"
    primary = REPLICASETS

    def reconcile(self, namespace: str, name: str) -> None:
        rs = self.get(REPLICASETS, namespace, name)
        if rs is None or rs["metadata"].get("deletionTimestamp"):
            return
        spec = spec_of(rs)
        wanted = max(int_or(spec.get("replicas"), 1), 0)
        pods = owned(self, PODS, rs)
        # Finished pods are replaced and cleared away (the real PodGC would, much later), so a
        # template whose pods exit does not pile them up.
        for pod in pods:
            if is_terminal(pod) and not pod["metadata"].get("deletionTimestamp"):
                delete(self, PODS, namespace, pod["metadata"]["name"])
        active = [p for p in pods if is_active(p)]
        if len(active) < wanted:
            for _ in range(wanted - len(active)):
                created = self._create_pod(rs)
                if created is not None:
                    active.append(created)
        elif len(active) > wanted:
            doomed = sorted(active, key=deletion_rank)[: len(active) - wanted]
            for pod in doomed:
                if delete(self, PODS, namespace, pod["metadata"]["name"]):
                    self.manager.events.record(
                        rs,
                        "Normal",
                        "SuccessfulDelete",
                        f"Deleted pod: {pod['metadata']['name']}",
                        component=COMPONENT,
                    )
            gone = {p["metadata"]["uid"] for p in doomed}
            active = [p for p in active if p["metadata"]["uid"] not in gone]
        self._write_status(rs, active)

    def _create_pod(self, rs: Obj) -> Obj | None:
        md = rs["metadata"]
        pod = pod_from_template(spec_of(rs).get("template") or {}, rs, "")
        created = create_named(self, PODS, md["namespace"], pod, prefix=md["name"])
        if created is not None:
            self.manager.events.record(
                rs,
                "Normal",
                "SuccessfulCreate",
                f"Created pod: {created['metadata']['name']}",
                component=COMPONENT,
            )
        return created

    def _write_status(self, rs: Obj, active: list[Obj]) -> None:
        spec = spec_of(rs)
        min_ready = int_or(spec.get("minReadySeconds"), 0)
        template_labels = ((spec.get("template") or {}).get("metadata") or {}).get("labels") or {}
        now = time.time()
        ready = available = labelled = 0
        next_available: float | None = None
        for pod in active:
            labels = pod["metadata"].get("labels") or {}
            labelled += all(labels.get(k) == v for k, v in template_labels.items())
            ready += is_running_ready(pod)
            at = available_at(pod, min_ready)
            if at is not None and at <= now:
                available += 1
            elif at is not None:
                next_available = at if next_available is None else min(next_available, at)
        if next_available is not None:
            md = rs["metadata"]
            self.wakeups.at((md["namespace"], md["name"]), next_available)
        status = compact(
            {
                "replicas": len(active),
                "fullyLabeledReplicas": labelled,
                "readyReplicas": ready,
                "availableReplicas": available,
                "observedGeneration": rs["metadata"].get("generation", 1),
            },
            "replicas",
        )
        # Keep the conditions other actors set (ReplicaFailure) untouched.
        if (rs.get("status") or {}).get("conditions"):
            status["conditions"] = rs["status"]["conditions"]
        write_status(self, REPLICASETS, rs, status)


def register(manager: Manager) -> None:
    manager.register(ReplicaSetController(manager))
