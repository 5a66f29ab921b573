"""Service networking: Endpoints and EndpointSlices follow ready pods; load balancers get an IP."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from kubesim.controllers.podutil import is_ready, is_terminal
from kubesim.controllers.runtime import Controller, Manager, Obj, ObjectRef, write_status
from kubesim.meta import owner_reference
from kubesim.store import WatchEvent

SERVICES = ("", "services")
PODS = ("", "pods")
ENDPOINTS = ("", "endpoints")
SLICES = ("discovery.k8s.io", "endpointslices")
_LB_NETWORK = "172.18.255."


def _selects(service: Obj, labels: dict[str, str] | None) -> bool:
    selector = (service.get("spec") or {}).get("selector") or {}
    return bool(selector) and all((labels or {}).get(k) == v for k, v in selector.items())


class EndpointsController(Controller):
    name = "endpoints"
    primary = SERVICES

    def __init__(self, manager: Manager) -> None:
        super().__init__(manager)
        self._next_lb = 1

    def map_event(self, event: WatchEvent) -> Iterable[ObjectRef]:
        if event.key == SERVICES:
            yield event.namespace, event.obj["metadata"]["name"]
        elif event.key == PODS:
            labels = [
                event.obj["metadata"].get("labels"),
                (event.old or {}).get("metadata", {}).get("labels"),
            ]
            for _, name in self.api.store.iter_keys(SERVICES, event.namespace, None):
                service = self.get(SERVICES, event.namespace, name)
                if service is not None and any(_selects(service, lab) for lab in labels):
                    yield event.namespace, name

    def reconcile(self, namespace: str, name: str) -> None:
        service = self.get(SERVICES, namespace, name)
        if service is None:
            return  # its Endpoints and slices are owned by it and go by cascade
        if (service.get("spec") or {}).get("type") == "LoadBalancer":
            self._load_balancer(service)
        if not (service.get("spec") or {}).get("selector"):
            return  # selector-less services have endpoints managed by their user
        ready, not_ready = self._backends(service)
        self._write(ENDPOINTS, namespace, name, self._endpoints(service, ready, not_ready))
        self._write(SLICES, namespace, f"{name}-kubesim", self._slice(service, ready, not_ready))

    def _backends(self, service: Obj) -> tuple[list[Obj], list[Obj]]:
        ns = service["metadata"]["namespace"]
        ready: list[Obj] = []
        not_ready: list[Obj] = []
        for _, pod_name in self.api.store.iter_keys(PODS, ns, None):
            pod = self.get(PODS, ns, pod_name)
            if pod is None or not _selects(service, pod["metadata"].get("labels")):
                continue
            if is_terminal(pod) or not (pod.get("status") or {}).get("podIP"):
                continue
            ready_now = is_ready(pod) and not pod["metadata"].get("deletionTimestamp")
            (ready if ready_now else not_ready).append(pod)
        return ready, not_ready

    def _ports(self, service: Obj) -> list[Obj]:
        ports = []
        for port in (service.get("spec") or {}).get("ports") or []:
            target = port.get("targetPort", port.get("port"))
            entry: Obj = {
                "port": target if isinstance(target, int) else port.get("port"),
                "protocol": port.get("protocol", "TCP"),
            }
            if port.get("name"):
                entry["name"] = port["name"]
            ports.append(entry)
        return ports

    def _endpoints(self, service: Obj, ready: list[Obj], not_ready: list[Obj]) -> Obj:
        def address(pod: Obj) -> Obj:
            return {
                "ip": pod["status"]["podIP"],
                "nodeName": pod["spec"].get("nodeName"),
                "targetRef": {
                    "kind": "Pod",
                    "namespace": pod["metadata"]["namespace"],
                    "name": pod["metadata"]["name"],
                    "uid": pod["metadata"]["uid"],
                },
            }

        subset: Obj = {"ports": self._ports(service)}
        if ready:
            subset["addresses"] = [address(p) for p in ready]
        if not_ready:
            subset["notReadyAddresses"] = [address(p) for p in not_ready]
        md = service["metadata"]
        return {
            "apiVersion": "v1",
            "kind": "Endpoints",
            "metadata": {
                "name": md["name"],
                "namespace": md["namespace"],
                "labels": dict(md.get("labels") or {}),
                "ownerReferences": [owner_reference(service)],
            },
            "subsets": [subset] if ready or not_ready else [],
        }

    def _slice(self, service: Obj, ready: list[Obj], not_ready: list[Obj]) -> Obj:
        md = service["metadata"]
        endpoints = [
            {
                "addresses": [p["status"]["podIP"]],
                "nodeName": p["spec"].get("nodeName"),
                "conditions": {
                    "ready": p in ready,
                    "serving": p in ready,
                    "terminating": bool(p["metadata"].get("deletionTimestamp")),
                },
                "targetRef": {
                    "kind": "Pod",
                    "namespace": md["namespace"],
                    "name": p["metadata"]["name"],
                    "uid": p["metadata"]["uid"],
                },
            }
            for p in ready + not_ready
        ]
        return {
            "apiVersion": "discovery.k8s.io/v1",
            "kind": "EndpointSlice",
            "metadata": {
                "name": f"{md['name']}-kubesim",
                "namespace": md["namespace"],
                "labels": {
                    "kubernetes.io/service-name": md["name"],
                    "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io",
                },
                "ownerReferences": [owner_reference(service)],
            },
            "addressType": "IPv4",
            "endpoints": endpoints,
            "ports": self._ports(service),
        }

    def _write(self, key: tuple[str, str], namespace: str, name: str, desired: Obj) -> None:
        rt = self.type_of(key)
        current = self.get(key, namespace, name)
        if current is None:
            self.api.create(rt, namespace, desired)
            return
        if _without_meta(current) == _without_meta(desired):
            return
        updated: dict[str, Any] = copy.deepcopy(desired)
        self.api.update(rt, namespace, name, updated)

    def _load_balancer(self, service: Obj) -> None:
        if ((service.get("status") or {}).get("loadBalancer") or {}).get("ingress"):
            return
        ip = f"{_LB_NETWORK}{self._next_lb}"
        self._next_lb += 1
        write_status(
            self, SERVICES, service, {"loadBalancer": {"ingress": [{"ip": ip, "ipMode": "VIP"}]}}
        )


def _without_meta(obj: Obj) -> Obj:
    return {k: v for k, v in obj.items() if k not in ("metadata", "apiVersion", "kind")} | {
        "labels": obj["metadata"].get("labels")
    }


def register(manager: Manager) -> None:
    manager.register(EndpointsController(manager))
