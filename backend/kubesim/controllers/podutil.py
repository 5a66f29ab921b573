"""Small facts about pods that the scheduler, kubelet and workload controllers share."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kubesim import quantity

Obj = dict[str, Any]
TERMINAL_PHASES = ("Succeeded", "Failed")


@dataclass(frozen=True)
class Requests:
    cpu_millis: int = 0
    memory_bytes: int = 0

    def __add__(self, other: Requests) -> Requests:
        return Requests(self.cpu_millis + other.cpu_millis, self.memory_bytes + other.memory_bytes)

    def __sub__(self, other: Requests) -> Requests:
        return Requests(self.cpu_millis - other.cpu_millis, self.memory_bytes - other.memory_bytes)


def pod_requests(pod: Obj) -> Requests:
    """What the scheduler reserves: the sum of the containers' requests (init containers run
    one at a time, so only the largest of them counts, as upstream)."""
    spec = pod.get("spec") or {}
    total = Requests()
    for container in spec.get("containers") or []:
        total = total + container_requests(container)
    init = [container_requests(c) for c in spec.get("initContainers") or []]
    if init:
        largest = Requests(max(r.cpu_millis for r in init), max(r.memory_bytes for r in init))
        total = Requests(
            max(total.cpu_millis, largest.cpu_millis), max(total.memory_bytes, largest.memory_bytes)
        )
    return total


def container_requests(container: Obj) -> Requests:
    resources = container.get("resources") or {}
    # A container with limits but no requests is given requests equal to its limits.
    requests = {**(resources.get("limits") or {}), **(resources.get("requests") or {})}
    return Requests(
        quantity.cpu_millis(requests.get("cpu")), quantity.bytes_of(requests.get("memory"))
    )


def node_allocatable(node: Obj) -> tuple[Requests, int]:
    alloc = (node.get("status") or {}).get("allocatable") or {}
    pods = quantity.bytes_of(alloc.get("pods"), 110)
    return Requests(
        quantity.cpu_millis(alloc.get("cpu")), quantity.bytes_of(alloc.get("memory"))
    ), pods


def is_terminal(pod: Obj) -> bool:
    return (pod.get("status") or {}).get("phase") in TERMINAL_PHASES


def is_ready(pod: Obj) -> bool:
    for cond in (pod.get("status") or {}).get("conditions") or []:
        if cond.get("type") == "Ready":
            return bool(cond.get("status") == "True")
    return False


def node_is_ready(node: Obj) -> bool:
    for cond in (node.get("status") or {}).get("conditions") or []:
        if cond.get("type") == "Ready":
            return bool(cond.get("status") == "True")
    return False


def tolerates(pod: Obj, taint: Obj) -> bool:
    for tol in (pod.get("spec") or {}).get("tolerations") or []:
        if tol.get("operator") == "Exists" and not tol.get("key"):
            return True
        if tol.get("key") != taint.get("key"):
            continue
        if tol.get("effect") and tol.get("effect") != taint.get("effect"):
            continue
        if tol.get("operator") == "Exists" or tol.get("value") == taint.get("value"):
            return True
    return False


def fits_node_selector(pod: Obj, node: Obj) -> bool:
    selector = (pod.get("spec") or {}).get("nodeSelector") or {}
    labels = node["metadata"].get("labels") or {}
    return all(labels.get(k) == v for k, v in selector.items())
