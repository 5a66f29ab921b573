"""`kubectl get pods`: READY, STATUS and RESTARTS, after printPod in k8s.io/kubernetes.

The three summary cells come from one walk over init and app container statuses that mirrors
upstream step by step, because kubectl users read STATUS ("Init:0/2", "CrashLoopBackOff",
"Terminating", ...) as the pod's state.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kubesim.printers.columns import (
    AGE,
    NAME,
    Obj,
    Printer,
    RowContext,
    column,
    or_none,
    text_at,
)
from kubesim.printers.durations import human_duration
from kubesim.printers.values import (
    dig,
    find_condition,
    items,
    mapping,
    number,
    parse_time,
    present,
    text,
)


@dataclass
class _Restarts:
    count: int = 0
    last: datetime | None = None

    def add(self, status: Obj) -> None:
        self.count += number(status, "restartCount")
        finished = parse_time(dig(status, "lastState", "terminated", "finishedAt"))
        if finished and (self.last is None or finished > self.last):
            self.last = finished


@dataclass(frozen=True)
class _PodSummary:
    ready: str
    status: str
    restarts: str


def _has_true_condition(status: Obj, kind: str) -> bool:
    # Any True condition of the type counts here (hasPodReadyCondition), not just the first.
    return any(
        text(c, "type") == kind and text(c, "status") == "True" for c in items(status, "conditions")
    )


def _terminated_reason(terminated: Obj, prefix: str = "") -> str:
    if text(terminated, "reason"):
        return prefix + text(terminated, "reason")
    if number(terminated, "signal"):
        return f"{prefix}Signal:{number(terminated, 'signal')}"
    return f"{prefix}ExitCode:{number(terminated, 'exitCode')}"


class _PodStatusWalk:
    """printPod's status logic: init containers first, then app containers, then deletion."""

    def __init__(self, pod: Obj) -> None:
        self.spec = mapping(pod, "spec")
        self.status = mapping(pod, "status")
        self.phase = text(self.status, "phase")
        self.reason = text(self.status, "reason") or self.phase
        if any(
            text(c, "type") == "PodScheduled" and text(c, "reason") == "SchedulingGated"
            for c in items(self.status, "conditions")
        ):
            self.reason = "SchedulingGated"
        init_specs = items(self.spec, "initContainers")
        self.init_count = len(init_specs)
        # Sidecars (restartable init containers) count towards READY like app containers.
        self.sidecars = {
            text(c, "name") for c in init_specs if text(c, "restartPolicy") == "Always"
        }
        sidecar_count = sum(1 for c in init_specs if text(c, "restartPolicy") == "Always")
        self.total = len(items(self.spec, "containers")) + sidecar_count
        self.ready = 0
        self.restarts = _Restarts()
        self.sidecar_restarts = _Restarts()

    def walk_init_containers(self) -> bool:
        """Returns True while initialisation is still in progress (reason is "Init:...")."""
        for index, cs in enumerate(items(self.status, "initContainerStatuses")):
            self.restarts.add(cs)
            is_sidecar = text(cs, "name") in self.sidecars
            if is_sidecar:
                self.sidecar_restarts.add(cs)
            terminated = present(cs, "state", "terminated")
            waiting_reason = text(cs, "state", "waiting", "reason")
            if terminated is not None and number(terminated, "exitCode") == 0:
                continue
            if is_sidecar and dig(cs, "started") is True:
                if dig(cs, "ready") is True:
                    self.ready += 1
                continue
            if terminated is not None:
                self.reason = _terminated_reason(terminated, "Init:")
            elif waiting_reason and waiting_reason != "PodInitializing":
                self.reason = "Init:" + waiting_reason
            else:
                self.reason = f"Init:{index}/{self.init_count}"
            return True
        return False

    def walk_containers(self) -> None:
        # Once initialised only sidecar restarts carry over, as upstream does.
        self.restarts = self.sidecar_restarts
        has_running = False
        # Walked backwards so the first container's state wins the STATUS column.
        for cs in reversed(items(self.status, "containerStatuses")):
            self.restarts.add(cs)
            waiting_reason = text(cs, "state", "waiting", "reason")
            terminated = present(cs, "state", "terminated")
            if waiting_reason:
                self.reason = waiting_reason
            elif terminated is not None:
                self.reason = _terminated_reason(terminated)
            elif dig(cs, "ready") is True and present(cs, "state", "running") is not None:
                has_running = True
                self.ready += 1
        if self.reason == "Completed" and has_running:
            self.reason = "Running" if _has_true_condition(self.status, "Ready") else "NotReady"


def _summarize_pod(pod: Obj, now: datetime) -> _PodSummary:
    walk = _PodStatusWalk(pod)
    initializing = walk.walk_init_containers()
    if not initializing or _has_true_condition(walk.status, "Initialized"):
        walk.walk_containers()
    reason = walk.reason
    if dig(pod, "metadata", "deletionTimestamp"):
        if text(walk.status, "reason") == "NodeLost":
            reason = "Unknown"
        elif walk.phase not in ("Succeeded", "Failed"):
            reason = "Terminating"
    restarts = str(walk.restarts.count)
    if walk.restarts.count and walk.restarts.last:
        restarts += f" ({human_duration(now - walk.restarts.last)} ago)"
    return _PodSummary(f"{walk.ready}/{walk.total}", reason, restarts)


def _pod(row: RowContext) -> _PodSummary:
    # READY, STATUS and RESTARTS come from one walk over the statuses; do it once per row.
    cached = row.cache.get("pod")
    if isinstance(cached, _PodSummary):
        return cached
    summary = _summarize_pod(row.obj, row.now)
    row.cache["pod"] = summary
    return summary


def _pod_ip(row: RowContext) -> str:
    ips = items(row.obj, "status", "podIPs")
    ip = text(ips[0], "ip") if ips else text(row.obj, "status", "podIP")
    return ip or "<none>"


def _readiness_gates(row: RowContext) -> str:
    gates = items(row.obj, "spec", "readinessGates")
    if not gates:
        return "<none>"
    conditions = items(row.obj, "status", "conditions")
    passed = 0
    for gate in gates:
        wanted = text(gate, "conditionType")
        match = find_condition(conditions, wanted)
        if match is not None and text(match, "status") == "True":
            passed += 1
    return f"{passed}/{len(gates)}"


def _pod_conditions(row: RowContext) -> list[dict[str, str]]:
    # Completed pods are flagged so clients can grey or hide them, as the real server does.
    phase = text(row.obj, "status", "phase")
    messages = {
        "Succeeded": "The pod has completed successfully.",
        "Failed": "The pod failed.",
    }
    if phase not in messages:
        return []
    return [{"type": "Completed", "status": "True", "reason": phase, "message": messages[phase]}]


POD = Printer(
    (
        NAME,
        column("Ready", lambda r: _pod(r).ready, "The aggregate readiness state of this pod."),
        column("Status", lambda r: _pod(r).status, "The aggregate status of the containers."),
        column(
            "Restarts", lambda r: _pod(r).restarts, "Container restarts, and when the last was."
        ),
        AGE,
        column("IP", _pod_ip, "IP address allocated to the pod.", wide=True),
        column("Node", or_none(text_at("spec", "nodeName")), "Node the pod runs on.", wide=True),
        column(
            "Nominated Node",
            or_none(text_at("status", "nominatedNodeName")),
            "Node the scheduler nominated for preemption.",
            wide=True,
        ),
        column("Readiness Gates", _readiness_gates, "Readiness gates satisfied.", wide=True),
    ),
    conditions=_pod_conditions,
)
