"""The scheduler: binds each unscheduled pod to a Ready node with room for its requests."""

from __future__ import annotations

import copy
from collections.abc import Iterable

from kubesim.controllers.podutil import (
    Requests,
    fits_node_selector,
    is_terminal,
    node_allocatable,
    node_is_ready,
    pod_requests,
    tolerates,
)
from kubesim.controllers.runtime import Controller, Manager, Obj, ObjectRef, write_status
from kubesim.meta import now_rfc3339
from kubesim.store import WatchEvent

PODS = ("", "pods")
NODES = ("", "nodes")


class Scheduler(Controller):
    name = "scheduler"
    primary = PODS

    def __init__(self, manager: Manager) -> None:
        super().__init__(manager)
        # Running totals per node, kept from pod events, so a bind never rescans every pod.
        self.allocated: dict[str, Requests] = {}
        self.pod_counts: dict[str, int] = {}
        self.placed: dict[ObjectRef, tuple[str, Requests]] = {}
        self.pending: set[ObjectRef] = set()

    def map_event(self, event: WatchEvent) -> Iterable[ObjectRef]:
        if event.key == NODES:
            yield from sorted(self.pending)
            return
        if event.key != PODS:
            return
        ref = (event.namespace, event.obj["metadata"]["name"])
        freed = self._account(ref, event)
        node = (event.obj.get("spec") or {}).get("nodeName")
        if (
            not node
            and event.type != "DELETED"
            and not event.obj["metadata"].get("deletionTimestamp")
        ):
            yield ref
        if freed:
            yield from sorted(self.pending - {ref})

    def _account(self, ref: ObjectRef, event: WatchEvent) -> bool:
        """Track what each node holds; True when room was freed."""
        pod = event.obj
        node = (pod.get("spec") or {}).get("nodeName")
        holds = node and event.type != "DELETED" and not is_terminal(pod)
        previous = self.placed.get(ref)
        if holds and previous is None:
            self._add(ref, str(node), pod_requests(pod))
        elif not holds and previous is not None:
            self._release(ref)
            return True
        return False

    def _add(self, ref: ObjectRef, node: str, requests: Requests) -> None:
        self.placed[ref] = (node, requests)
        self.allocated[node] = self.allocated.get(node, Requests()) + requests
        self.pod_counts[node] = self.pod_counts.get(node, 0) + 1

    def _release(self, ref: ObjectRef) -> None:
        node, requests = self.placed.pop(ref)
        self.allocated[node] = self.allocated.get(node, Requests()) - requests
        self.pod_counts[node] = self.pod_counts.get(node, 1) - 1

    def reconcile(self, namespace: str, name: str) -> None:
        pod = self.get(PODS, namespace, name)
        ref = (namespace, name)
        if (
            pod is None
            or (pod.get("spec") or {}).get("nodeName")
            or pod["metadata"].get("deletionTimestamp")
        ):
            self.pending.discard(ref)
            return
        requests = pod_requests(pod)
        node, reasons = self._pick(pod, requests)
        if node is None:
            self._unschedulable(pod, reasons)
            return
        self.pending.discard(ref)
        self._bind(pod, node)

    def _pick(self, pod: Obj, requests: Requests) -> tuple[str | None, list[str]]:
        best: tuple[float, str] | None = None
        reasons: list[str] = []
        for _, node_name in self.api.store.iter_keys(NODES, None, None):
            node = self.api.store.get(NODES, "", node_name)
            assert node is not None
            why = self._unfit(pod, node, requests)
            if why:
                reasons.append(why)
                continue
            capacity, _ = node_allocatable(node)
            used = self.allocated.get(node_name, Requests()) + requests
            # Spread: prefer the node left with the largest free share of CPU and memory.
            free = min(
                1 - used.cpu_millis / max(capacity.cpu_millis, 1),
                1 - used.memory_bytes / max(capacity.memory_bytes, 1),
            )
            if best is None or free > best[0]:
                best = (free, node_name)
        return (best[1] if best else None), reasons

    def _unfit(self, pod: Obj, node: Obj, requests: Requests) -> str:
        if not node_is_ready(node) or (node.get("spec") or {}).get("unschedulable"):
            return "node(s) were unschedulable"
        if not fits_node_selector(pod, node):
            return "node(s) didn't match Pod's node affinity/selector"
        for taint in (node.get("spec") or {}).get("taints") or []:
            if taint.get("effect") in ("NoSchedule", "NoExecute") and not tolerates(pod, taint):
                return f"node(s) had untolerated taint {{{taint.get('key')}: }}"
        capacity, max_pods = node_allocatable(node)
        name = node["metadata"]["name"]
        used = self.allocated.get(name, Requests())
        if self.pod_counts.get(name, 0) + 1 > max_pods:
            return "Too many pods"
        if used.cpu_millis + requests.cpu_millis > capacity.cpu_millis:
            return "Insufficient cpu"
        if used.memory_bytes + requests.memory_bytes > capacity.memory_bytes:
            return "Insufficient memory"
        return ""

    def _unschedulable(self, pod: Obj, reasons: list[str]) -> None:
        ref = (pod["metadata"].get("namespace", ""), pod["metadata"]["name"])
        counts: dict[str, int] = {}
        for reason in reasons:
            counts[reason] = counts.get(reason, 0) + 1
        detail = ", ".join(f"{n} {r}" for r, n in sorted(counts.items()))
        total = len(reasons)
        message = f"0/{total} nodes are available: {detail}." if total else "no nodes available"
        status = copy.deepcopy(pod.get("status") or {})
        status["phase"] = "Pending"
        status["conditions"] = [
            {
                "type": "PodScheduled",
                "status": "False",
                "reason": "Unschedulable",
                "message": message,
                "lastProbeTime": None,
                "lastTransitionTime": _transition(pod, "PodScheduled"),
            }
        ]
        if ref not in self.pending:
            self.manager.events.record(
                pod, "Warning", "FailedScheduling", message, component="default-scheduler"
            )
        self.pending.add(ref)
        write_status(self, PODS, pod, status)
        self.manager.after(self.manager.settings.unschedulable_retry_seconds, self.name, *ref)

    def _bind(self, pod: Obj, node: str) -> None:
        bound = copy.deepcopy(pod)
        bound["spec"]["nodeName"] = node
        bound["metadata"].pop("resourceVersion", None)
        md = pod["metadata"]
        stored = self.api.update(self.type_of(PODS), md["namespace"], md["name"], bound)
        self.manager.events.record(
            stored,
            "Normal",
            "Scheduled",
            f"Successfully assigned {md['namespace']}/{md['name']} to {node}",
            component="default-scheduler",
        )


def _transition(pod: Obj, condition: str) -> str:
    for cond in (pod.get("status") or {}).get("conditions") or []:
        if cond.get("type") == condition and cond.get("lastTransitionTime"):
            return str(cond["lastTransitionTime"])
    return now_rfc3339()


def register(manager: Manager) -> None:
    manager.register(Scheduler(manager))
