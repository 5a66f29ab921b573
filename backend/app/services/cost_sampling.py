"""One cluster snapshot → the aggregated rows of one sample (pure: no I/O).

Per pod and container: allocated = max(request, usage) for this sample, times its duration;
the rows then sum per workload container, per namespace and per node, so the database holds
workloads x samples rows, not pods x samples. Pods that are not Running cost nothing. Beside
them: one row per running pod (the current rate, replaced by each sample) and each workload's
and namespace's labels (for aggregation by label).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.models.cost import ALLOCATION
from app.services.cost_engine import allocated
from app.services.cost_objects import (
    cores,
    gib,
    is_spot,
    owners,
    template_labels,
    usage_index,
    workload_of,
)
from app.services.summaries_base import d, dicts

Obj = dict[str, Any]
UNALLOCATED = "__unallocated__"
NAMESPACE = "Namespace"  # the kind of a namespace's own labels row
IDLE = "__idle__"
INSTANCE_TYPE = "node.kubernetes.io/instance-type"
_MOUNTED_BY_KEPT = 20


@dataclass
class Snapshot:
    """What the collector read from one cluster; `metrics` None when metrics.k8s.io is absent."""

    pods: list[Obj]
    nodes: list[Obj]
    replicasets: list[Obj] = field(default_factory=list)
    jobs: list[Obj] = field(default_factory=list)
    pvcs: list[Obj] = field(default_factory=list)
    pvs: list[Obj] = field(default_factory=list)
    metrics: list[Obj] | None = None
    namespaces: list[Obj] = field(default_factory=list)


@dataclass
class SampleRows:
    workloads: list[Obj]
    namespaces: list[Obj]
    nodes: list[Obj]
    volumes: list[Obj]
    usage_source: str
    pods: int
    pod_rows: list[Obj] = field(default_factory=list)  # per running pod: cores and GiB now
    # (namespace, kind, name) -> labels; namespaces as (ns, "Namespace", ns)
    labels: dict[tuple[str, str, str], dict[str, str]] = field(default_factory=dict)


def _empty_allocation() -> Obj:
    return dict.fromkeys(ALLOCATION, 0.0)


def _pod_row(ns: str, pod: str, kind: str, name: str, node: Obj | None) -> Obj:
    return {
        "namespace": ns,
        "pod": pod,
        "kind": kind,
        "name": name,
        "node": node["node"] if node else "",
        "spot": bool(node and node["spot"]),
        **dict.fromkeys(
            ("cpu_request", "cpu_usage", "cpu_alloc", "mem_request", "mem_usage", "mem_alloc"), 0.0
        ),
        "storage_gib": 0.0,
    }


class _Builder:
    def __init__(self, snap: Snapshot, hours: float) -> None:
        self.snap = snap
        self.hours = hours
        self.replicasets = owners(snap.replicasets)
        self.jobs = owners(snap.jobs)
        self.usage = usage_index(snap.metrics)
        self.workloads: dict[tuple[str, str, str, str], Obj] = {}
        self.nodes: dict[str, Obj] = {}
        self.namespaces: dict[str, Obj] = {}
        self.pod_workload: dict[tuple[str, str], tuple[str, str, str, str]] = {}
        self.pod_rows: dict[tuple[str, str], Obj] = {}
        self.labels: dict[tuple[str, str, str], dict[str, str]] = {}

    def node_rows(self) -> None:
        for node in self.snap.nodes:
            md, capacity = d(node.get("metadata")), d(d(node.get("status")).get("capacity"))
            labels = d(md.get("labels"))
            self.nodes[str(md.get("name", ""))] = {
                "node": str(md.get("name", "")),
                "instance_type": str(labels.get(INSTANCE_TYPE, "")),
                "spot": is_spot(labels),
                "cpu_capacity": cores(capacity.get("cpu")) * self.hours,
                "mem_capacity": gib(capacity.get("memory")) * self.hours,
                "cpu_alloc": 0.0,
                "mem_alloc": 0.0,
            }

    def pod(self, pod: Obj) -> bool:
        if d(pod.get("status")).get("phase") != "Running":
            return False  # never ran, or finished: costs nothing
        md, spec = d(pod.get("metadata")), d(pod.get("spec"))
        ns, pod_name = str(md.get("namespace", "")), str(md.get("name", ""))
        kind, name = workload_of(pod, self.replicasets, self.jobs)
        node = self.nodes.get(str(spec.get("nodeName", "")))
        spot = bool(node and node["spot"])
        usage = self.usage.get((ns, pod_name)) if self.snap.metrics is not None else None
        pod_row = self.pod_rows[(ns, pod_name)] = _pod_row(ns, pod_name, kind, name, node)
        self.labels.setdefault((ns, kind, name), template_labels(md))
        for index, container in enumerate(dicts(spec.get("containers"))):
            cname = str(container.get("name", ""))
            key = (ns, kind, name, cname)
            if index == 0:
                self.pod_workload[(ns, pod_name)] = key
            requests = d(d(container.get("resources")).get("requests"))
            cpu_req, mem_req = cores(requests.get("cpu")), gib(requests.get("memory"))
            used = usage.get(cname) if usage is not None else None
            cpu_use = used[0] if used else None
            mem_use = used[1] if used else None
            self._add(key, cpu_req, cpu_use, mem_req, mem_use, spot, node)
            for res, req, use in (("cpu", cpu_req, cpu_use), ("mem", mem_req, mem_use)):
                pod_row[f"{res}_request"] += req
                pod_row[f"{res}_usage"] += req if use is None else use
                pod_row[f"{res}_alloc"] += allocated(req, use)
        return True

    def _add(
        self,
        key: tuple[str, str, str, str],
        cpu_req: float,
        cpu_use: float | None,
        mem_req: float,
        mem_use: float | None,
        spot: bool,
        node: Obj | None,
    ) -> None:
        h = self.hours
        row = self.workloads.get(key)
        if row is None:
            ns, kind, name, container = key
            row = {
                "namespace": ns,
                "kind": kind,
                "name": name,
                "container": container,
                **_empty_allocation(),
                "pod_hours": 0.0,
                "pods": 0,
                "cpu_p95": 0.0,
                "cpu_peak": 0.0,
                "mem_peak": 0.0,
                "cpu_req_now": cpu_req,
                "mem_req_now": mem_req,
            }
            self.workloads[key] = row
        cpu_alloc, mem_alloc = allocated(cpu_req, cpu_use) * h, allocated(mem_req, mem_use) * h
        cpu_seen = cpu_req if cpu_use is None else cpu_use
        mem_seen = mem_req if mem_use is None else mem_use
        row["cpu_request"] += cpu_req * h
        row["mem_request"] += mem_req * h
        row["cpu_usage"] += cpu_seen * h
        row["mem_usage"] += mem_seen * h
        row["cpu_alloc"] += cpu_alloc
        row["mem_alloc"] += mem_alloc
        if spot:
            row["cpu_spot"] += cpu_alloc
            row["mem_spot"] += mem_alloc
        row["pod_hours"] += h
        row["pods"] += 1
        # One sample: its p95 is the busiest replica (max over replicas, as KRR does).
        row["cpu_p95"] = row["cpu_peak"] = max(row["cpu_peak"], cpu_seen)
        row["mem_peak"] = max(row["mem_peak"], mem_seen)
        row["cpu_req_now"], row["mem_req_now"] = cpu_req, mem_req
        if node is not None:
            node["cpu_alloc"] += cpu_alloc
            node["mem_alloc"] += mem_alloc

    def volumes(self) -> list[Obj]:
        mounts: dict[tuple[str, str], list[str]] = {}
        for pod in self.snap.pods:
            md = d(pod.get("metadata"))
            ns, pod_name = str(md.get("namespace", "")), str(md.get("name", ""))
            if (ns, pod_name) not in self.pod_workload:
                continue  # not running: mounts nothing that costs
            for volume in dicts(d(pod.get("spec")).get("volumes")):
                claim = d(volume.get("persistentVolumeClaim")).get("claimName")
                if claim:
                    mounts.setdefault((ns, str(claim)), []).append(pod_name)
        rows = [self._pvc(pvc, mounts) for pvc in self.snap.pvcs]
        rows += [row for pv in self.snap.pvs if (row := self._pv(pv)) is not None]
        return rows

    def _pvc(self, pvc: Obj, mounts: dict[tuple[str, str], list[str]]) -> Obj:
        md, spec, status = d(pvc.get("metadata")), d(pvc.get("spec")), d(pvc.get("status"))
        ns, name = str(md.get("namespace", "")), str(md.get("name", ""))
        size = gib(
            d(status.get("capacity")).get("storage")
            or d(d(spec.get("resources")).get("requests")).get("storage")
        )
        pods = mounts.get((ns, name), [])
        gib_h = size * self.hours
        # Split equally among the pods mounting it now; no pod: the namespace's unmounted.
        for pod_name in pods:
            self.workloads[self.pod_workload[(ns, pod_name)]]["storage_gib_h"] += gib_h / len(pods)
            self.pod_rows[(ns, pod_name)]["storage_gib"] += size / len(pods)
        if not pods:
            self._namespace(ns)["storage_unmounted_gib_h"] += gib_h
        return self._volume("pvc", ns, name, gib_h, bool(pods), status.get("phase"), pods)

    def _pv(self, pv: Obj) -> Obj | None:
        md, spec, status = d(pv.get("metadata")), d(pv.get("spec")), d(pv.get("status"))
        if status.get("phase") == "Bound" and spec.get("claimRef"):
            return None  # billed through its claim
        gib_h = gib(d(spec.get("capacity")).get("storage")) * self.hours
        self._namespace(UNALLOCATED)["storage_unmounted_gib_h"] += gib_h
        return self._volume(
            "pv", "", str(md.get("name", "")), gib_h, False, status.get("phase"), []
        )

    def _volume(
        self,
        kind: str,
        ns: str,
        name: str,
        gib_h: float,
        mounted: bool,
        phase: Any,
        pods: list[str],
    ) -> Obj:
        return {
            "kind": kind,
            "namespace": ns,
            "name": name,
            "size_gib_h": gib_h,
            "mounted_hours": self.hours if mounted else 0.0,
            "phase": str(phase or ""),
            "mounted_by": sorted(pods)[:_MOUNTED_BY_KEPT],
        }

    def _namespace(self, ns: str) -> Obj:
        row = self.namespaces.get(ns)
        if row is None:
            row = {
                "namespace": ns,
                **_empty_allocation(),
                "storage_unmounted_gib_h": 0.0,
                "workloads": 0,
            }
            self.namespaces[ns] = row
        return row

    def namespace_rows(self) -> list[Obj]:
        seen: dict[str, set[tuple[str, str]]] = {}
        for (ns, kind, name, _), row in self.workloads.items():
            target = self._namespace(ns)
            for key in _empty_allocation():
                target[key] += row[key]
            seen.setdefault(ns, set()).add((kind, name))
        for ns, workloads in seen.items():
            self.namespaces[ns]["workloads"] = len(workloads)
        return list(self.namespaces.values())


def build_sample(snap: Snapshot, seconds: float) -> SampleRows:
    """The rows of one sample covering `seconds` of time."""
    builder = _Builder(snap, seconds / 3600.0)
    builder.node_rows()
    running = sum(1 for pod in snap.pods if builder.pod(pod))
    volumes = builder.volumes()
    for ns in snap.namespaces:
        md = d(ns.get("metadata"))
        name = str(md.get("name", ""))
        builder.labels[(name, NAMESPACE, name)] = {
            str(k): str(v) for k, v in d(md.get("labels")).items()
        }
    return SampleRows(
        workloads=list(builder.workloads.values()),
        namespaces=builder.namespace_rows(),
        nodes=list(builder.nodes.values()),
        volumes=volumes,
        usage_source="requests" if snap.metrics is None else "metrics",
        pods=running,
        pod_rows=list(builder.pod_rows.values()),
        labels=builder.labels,
    )
