"""The defaulting a real API server does on write, for the fields clients and printers rely on."""

from __future__ import annotations

import base64
import ipaddress
from typing import Any

from kubesim.catalogue import ResourceType

Obj = dict[str, Any]

_SERVICE_CIDR = ipaddress.ip_network("10.96.0.0/16")
_NODE_PORTS = range(30000, 32768)


class Allocator:
    """Hands out Service cluster IPs and node ports, like the API server's allocators."""

    def __init__(self) -> None:
        self._next_ip = 10  # 10.96.0.1 is the `kubernetes` service on a real cluster
        self._next_port = _NODE_PORTS.start

    def cluster_ip(self) -> str:
        self._next_ip += 1
        return str(_SERVICE_CIDR[self._next_ip % (_SERVICE_CIDR.num_addresses - 2) + 1])

    def node_port(self) -> int:
        port = self._next_port
        self._next_port = port + 1 if port + 1 < _NODE_PORTS.stop else _NODE_PORTS.start
        return port


def apply(rt: ResourceType, obj: Obj, current: Obj | None, allocator: Allocator) -> None:
    """Fill in defaults on create (`current` None) and update; idempotent."""
    if rt.group in ("apps", "batch"):
        _workload(rt.kind, obj, creating=current is None)
        return
    if rt.group != "":
        return
    if rt.kind == "Namespace":
        _namespace(obj)
    elif rt.kind == "Secret":
        _secret(obj)
    elif rt.kind == "Pod":
        _pod(obj, creating=current is None)
    elif rt.kind == "Service":
        _service(obj, current, allocator)


def _namespace(obj: Obj) -> None:
    name = obj["metadata"]["name"]
    obj["metadata"].setdefault("labels", {})["kubernetes.io/metadata.name"] = name
    obj.setdefault("spec", {}).setdefault("finalizers", ["kubernetes"])
    obj.setdefault("status", {})["phase"] = "Active"


def _secret(obj: Obj) -> None:
    obj.setdefault("type", "Opaque")
    string_data = obj.pop("stringData", None) or {}
    if string_data:
        data = obj.setdefault("data", {})
        for key, value in string_data.items():
            data[key] = base64.b64encode(str(value).encode()).decode()


def _pull_policy(image: str) -> str:
    tag = image.rpartition("/")[2]
    return "Always" if ":" not in tag or tag.endswith(":latest") else "IfNotPresent"


def _pod(obj: Obj, creating: bool) -> None:
    spec = obj.setdefault("spec", {})
    spec.setdefault("restartPolicy", "Always")
    spec.setdefault("dnsPolicy", "ClusterFirst")
    spec.setdefault("schedulerName", "default-scheduler")
    spec.setdefault("terminationGracePeriodSeconds", 30)
    spec.setdefault("serviceAccountName", "default")
    spec.setdefault("securityContext", {})
    spec.setdefault("enableServiceLinks", True)
    spec.setdefault("priority", 0)
    for container in (spec.get("containers") or []) + (spec.get("initContainers") or []):
        if not isinstance(container, dict):
            continue
        container.setdefault("imagePullPolicy", _pull_policy(str(container.get("image", ""))))
        container.setdefault("terminationMessagePath", "/dev/termination-log")
        container.setdefault("terminationMessagePolicy", "File")
        container.setdefault("resources", {})
        for port in container.get("ports") or []:
            if isinstance(port, dict):
                port.setdefault("protocol", "TCP")
    if creating:
        status = obj.setdefault("status", {})
        status.setdefault("phase", "Pending")
        status.setdefault("qosClass", qos_class(spec))


def qos_class(spec: Obj) -> str:
    containers = [c for c in spec.get("containers") or [] if isinstance(c, dict)]
    requests = [c.get("resources", {}).get("requests") or {} for c in containers]
    limits = [c.get("resources", {}).get("limits") or {} for c in containers]
    if not any(requests) and not any(limits):
        return "BestEffort"
    guaranteed = all(
        lim.get(r) and (req.get(r, lim.get(r)) == lim.get(r))
        for req, lim in zip(requests, limits, strict=True)
        for r in ("cpu", "memory")
    )
    return "Guaranteed" if guaranteed else "Burstable"


def _service(obj: Obj, current: Obj | None, allocator: Allocator) -> None:
    spec = obj.setdefault("spec", {})
    old_spec = (current or {}).get("spec") or {}
    spec.setdefault("type", "ClusterIP")
    spec.setdefault("sessionAffinity", "None")
    if spec["type"] != "ExternalName":
        # The cluster IP is immutable: an update that leaves it out keeps the allocated one.
        ip = spec.get("clusterIP") or old_spec.get("clusterIP") or allocator.cluster_ip()
        spec["clusterIP"] = ip
        spec["clusterIPs"] = [ip]
        spec.setdefault("ipFamilies", ["IPv4"])
        spec.setdefault("ipFamilyPolicy", "SingleStack")
        spec.setdefault("internalTrafficPolicy", "Cluster")
    old_ports = {p.get("port"): p for p in old_spec.get("ports") or [] if isinstance(p, dict)}
    for port in spec.get("ports") or []:
        if not isinstance(port, dict):
            continue
        port.setdefault("protocol", "TCP")
        port.setdefault("targetPort", port.get("port"))
        if spec["type"] in ("NodePort", "LoadBalancer") and not port.get("nodePort"):
            port["nodePort"] = old_ports.get(port.get("port"), {}).get("nodePort") or (
                allocator.node_port()
            )
    if spec["type"] in ("NodePort", "LoadBalancer"):
        spec.setdefault("externalTrafficPolicy", "Cluster")


_ROLLING = {"type": "RollingUpdate"}


def _workload(kind: str, obj: Obj, creating: bool) -> None:
    """The apps/batch defaults clients rely on (`rollout status` refuses a StatefulSet or
    DaemonSet whose update strategy is not spelled out)."""
    spec = obj.get("spec")
    if not isinstance(spec, dict):
        return
    if kind == "Deployment":
        spec.setdefault("replicas", 1)
        strategy = spec.setdefault("strategy", dict(_ROLLING))
        if strategy.get("type", "RollingUpdate") == "RollingUpdate":
            strategy.setdefault("type", "RollingUpdate")
            strategy.setdefault("rollingUpdate", {"maxSurge": "25%", "maxUnavailable": "25%"})
        spec.setdefault("revisionHistoryLimit", 10)
        spec.setdefault("progressDeadlineSeconds", 600)
    elif kind == "StatefulSet":
        spec.setdefault("replicas", 1)
        strategy = spec.setdefault("updateStrategy", dict(_ROLLING))
        if strategy.get("type", "RollingUpdate") == "RollingUpdate":
            strategy.setdefault("type", "RollingUpdate")
            strategy.setdefault("rollingUpdate", {"partition": 0})
        spec.setdefault("podManagementPolicy", "OrderedReady")
        spec.setdefault("revisionHistoryLimit", 10)
    elif kind == "DaemonSet":
        strategy = spec.setdefault("updateStrategy", dict(_ROLLING))
        if strategy.get("type", "RollingUpdate") == "RollingUpdate":
            strategy.setdefault("type", "RollingUpdate")
            strategy.setdefault("rollingUpdate", {"maxUnavailable": 1, "maxSurge": 0})
        spec.setdefault("revisionHistoryLimit", 10)
    elif kind == "Job" and creating:
        _job_selector(obj, spec)


def _job_selector(obj: Obj, spec: Obj) -> None:
    """A Job's selector and pod labels are generated from its uid at creation."""
    if spec.get("manualSelector") or spec.get("selector"):
        return
    uid, name = obj["metadata"]["uid"], obj["metadata"]["name"]
    spec["selector"] = {"matchLabels": {"batch.kubernetes.io/controller-uid": uid}}
    template = spec.setdefault("template", {})
    labels = template.setdefault("metadata", {}).setdefault("labels", {})
    labels.update(
        {
            "batch.kubernetes.io/controller-uid": uid,
            "controller-uid": uid,
            "batch.kubernetes.io/job-name": name,
            "job-name": name,
        }
    )
    spec.setdefault("backoffLimit", 6)
    spec.setdefault("completions", 1)
    spec.setdefault("parallelism", 1)
