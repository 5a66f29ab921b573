"""Pod rows: STATUS as kubectl prints it, readiness, restarts, placement, resources, QoS."""

from __future__ import annotations

from typing import Any

from app.services.summaries_base import (
    Obj,
    Row,
    as_bytes,
    d,
    dicts,
    images,
    millicores,
    num,
    owner,
    quantity,
    register,
    text,
)


def pod_status(pod: Obj) -> tuple[str, int, int]:
    """(STATUS, ready containers, restarts), following kubectl's printPod so a dashboard and
    `kubectl get pods` agree (CrashLoopBackOff, Init:1/2, Completed, Terminating...)."""
    spec, status = d(pod.get("spec")), d(pod.get("status"))
    reason = text(status.get("reason")) or text(status.get("phase")) or "Unknown"
    restarts, ready = 0, 0
    initializing = False
    init_specs = dicts(spec.get("initContainers"))
    for i, cs in enumerate(dicts(status.get("initContainerStatuses"))):
        restarts += num(cs.get("restartCount"))
        state = d(cs.get("state"))
        terminated, waiting = d(state.get("terminated")), d(state.get("waiting"))
        if terminated and num(terminated.get("exitCode")) == 0:
            continue
        if terminated:
            reason = "Init:" + (text(terminated.get("reason")) or _exit(terminated))
        elif text(waiting.get("reason")) and waiting.get("reason") != "PodInitializing":
            reason = f"Init:{waiting['reason']}"
        else:
            reason = f"Init:{i}/{len(init_specs)}"
        initializing = True
        break
    if not initializing:
        restarts = 0
        has_running = False
        for cs in reversed(dicts(status.get("containerStatuses"))):
            restarts += num(cs.get("restartCount"))
            state = d(cs.get("state"))
            terminated, waiting = d(state.get("terminated")), d(state.get("waiting"))
            if text(waiting.get("reason")):
                reason = str(waiting["reason"])
            elif terminated:
                reason = text(terminated.get("reason")) or _exit(terminated)
            elif cs.get("ready") and "running" in state:
                has_running = True
                ready += 1
        if reason == "Completed" and has_running:
            reason = "Running" if _condition(status, "Ready") == "True" else "NotReady"
    meta = d(pod.get("metadata"))
    if meta.get("deletionTimestamp"):
        reason = "Unknown" if status.get("reason") == "NodeLost" else "Terminating"
    return reason, ready, restarts


def _exit(terminated: Obj) -> str:
    if num(terminated.get("signal")):
        return f"Signal:{num(terminated.get('signal'))}"
    return f"ExitCode:{num(terminated.get('exitCode'))}"


def _condition(status: Obj, kind: str) -> str | None:
    for cond in dicts(status.get("conditions")):
        if cond.get("type") == kind:
            return text(cond.get("status"))
    return None


def _resource_total(spec: Obj, section: str, name: str, parse: Any) -> int | None:
    """The pod's effective figure, as the scheduler counts it: max(sum over containers, any
    single init container) plus overhead; None when no container sets it."""

    def value(container: Obj) -> int | None:
        parsed: int | None = parse(d(d(container.get("resources")).get(section)).get(name))
        return parsed

    found = [v for c in dicts(spec.get("containers")) if (v := value(c)) is not None]
    init = [v for c in dicts(spec.get("initContainers")) if (v := value(c)) is not None]
    if not found and not init:
        return None
    overhead: int = parse(d(spec.get("overhead")).get(name)) or 0
    return max(sum(found), max(init, default=0)) + overhead


def qos_class(pod: Obj) -> str:
    """status.qosClass, or derived as the kubelet does when the server did not set it."""
    given = text(d(pod.get("status")).get("qosClass"))
    if given:
        return given
    spec = d(pod.get("spec"))
    containers = dicts(spec.get("containers")) + dicts(spec.get("initContainers"))
    any_set, guaranteed = False, bool(containers)
    for c in containers:
        res = d(c.get("resources"))
        requests, limits = d(res.get("requests")), d(res.get("limits"))
        any_set = any_set or bool(requests) or bool(limits)
        for name in ("cpu", "memory"):
            limit = limits.get(name)
            if limit is None or quantity(requests.get(name, limit)) != quantity(limit):
                guaranteed = False
    if guaranteed and any_set:
        return "Guaranteed"
    return "Burstable" if any_set else "BestEffort"


@register("pods")
def pod(obj: Obj) -> Row:
    spec, status = d(obj.get("spec")), d(obj.get("status"))
    state, ready, restarts = pod_status(obj)
    total = len(dicts(spec.get("containers")))
    owner_kind, owner_name = owner(d(obj.get("metadata")))
    return {
        "status": state,
        "phase": text(status.get("phase")),
        "ready": f"{ready}/{total}",
        "ready_containers": ready,
        "total_containers": total,
        "restarts": restarts,
        "node": text(spec.get("nodeName")),
        "pod_ip": text(status.get("podIP")),
        "host_ip": text(status.get("hostIP")),
        "images": images(spec),
        "cpu_requests_millicores": _resource_total(spec, "requests", "cpu", millicores),
        "cpu_limits_millicores": _resource_total(spec, "limits", "cpu", millicores),
        "memory_requests_bytes": _resource_total(spec, "requests", "memory", as_bytes),
        "memory_limits_bytes": _resource_total(spec, "limits", "memory", as_bytes),
        "owner_kind": owner_kind,
        "owner_name": owner_name,
        "qos_class": qos_class(obj),
    }
