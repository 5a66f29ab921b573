"""Findings over a window: right-sizing per workload container, idle workloads, unclaimed
PVCs, unbound PVs and underused nodes, each with a monthly saving and its evidence.

Right-sizing follows cost-model.md: CPU = p95 of usage (busiest replica) x headroom, memory =
peak x headroom, floors 10m and 100 MiB, and "not enough data" below `min_samples`.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from app.schemas.cost import (
    ContainerResources,
    CostSettings,
    Evidence,
    Pricing,
    Recommendation,
)
from app.services.cost_engine import (
    HOURS_PER_MONTH,
    average,
    monthly,
    node_idle,
    percentile,
    storage_cost,
)

CPU_FLOOR = 0.010  # cores
MEM_FLOOR = 100 / 1024  # GiB (100 MiB)
RIGHTSIZABLE = ("Deployment", "StatefulSet", "DaemonSet")
MIN_CHANGE = 0.10  # smaller differences are noise, not a recommendation
IDLE_CPU_SHARE = 0.01  # average usage at or under 1% of the requests: idle
UNDERUSED_NODE = 0.30  # allocation under 30% of the node's CPU and memory
Key = tuple[str, str, str, str]  # namespace, kind, name, container


@dataclass
class Inputs:
    """What the findings need, read by the service from the database and the cluster."""

    cluster_id: str
    settings: CostSettings
    pricing: Pricing
    window_hours: float
    containers: list[Any]  # cost_queries.containers rows
    p95s: dict[Key, list[float]]
    requests: dict[Key, tuple[float, float]]  # current per-replica requests (live or stored)
    applied: dict[str, tuple[float, float]]  # recommendation id -> applied (cpu, memory)
    volumes: list[Any]  # cost_queries.volumes rows still present
    nodes: dict[str, Any]  # name -> NodeUsage
    usage_source: str = "metrics"  # "requests": no metrics.k8s.io, usage is only the requests


def rec_id(
    kind: str, cluster_id: str, ns: str, target_kind: str, name: str, container: str = ""
) -> str:
    tail = f"/{container}" if container else ""
    return f"{kind}/{cluster_id}/{ns}/{target_kind.lower()}.{name}{tail}"


def ceil_millicores(cores: float) -> float:
    return math.ceil(round(cores * 1000, 6)) / 1000


def ceil_mib(gib: float) -> float:
    return math.ceil(round(gib * 1024, 6)) / 1024


def rightsize(i: Inputs) -> list[Recommendation]:
    out = []
    for row in i.containers:
        if row.kind not in RIGHTSIZABLE:
            continue
        key: Key = (row.namespace, row.kind, row.name, row.container)
        current = i.requests.get(key)
        if current is None:
            continue  # gone from the cluster
        rec = _rightsize_one(i, row, key, current)
        if rec is not None:
            out.append(rec)
    return out


def _no_data(base: dict[str, Any], evidence: Evidence, detail: str) -> Recommendation:
    title = f"Right-size {base['target_kind']} {base['namespace']}/{base['target_name']}"
    return Recommendation(
        **base,
        title=f"{title} ({base['container']})",
        detail=detail,
        monthly_saving=0.0,
        evidence=evidence,
        status="not_enough_data",
    )


def _rightsize_one(
    i: Inputs, row: Any, key: Key, current: tuple[float, float]
) -> Recommendation | None:
    ns, kind, name, container = key
    ident = rec_id("rightsize", i.cluster_id, ns, kind, name, container)
    samples = int(row.samples)
    p95 = percentile(i.p95s.get(key, []), 95)
    evidence = Evidence(
        samples=samples,
        window_hours=round(float(row.hours), 4),
        cpu_p95_cores=round(p95, 4),
        cpu_peak_cores=round(float(row.cpu_peak), 4),
        memory_peak_gib=round(float(row.mem_peak), 4),
    )
    cur = ContainerResources(cpu_cores=current[0], memory_gib=current[1])
    base: dict[str, Any] = {
        "id": ident,
        "kind": "rightsize",
        "cluster_id": i.cluster_id,
        "namespace": ns,
        "target_kind": kind,
        "target_name": name,
        "container": container,
        "current": cur,
        "can_apply": False,
    }
    applied = i.applied.get(ident)
    if applied is not None and _close(current, applied):
        evidence.note = "applied: these are the container's requests now"
        return Recommendation(
            **base,
            title=f"Right-sized {kind} {ns}/{name} ({container})",
            detail="The recommended requests were applied.",
            recommended=ContainerResources(cpu_cores=applied[0], memory_gib=applied[1]),
            monthly_saving=0.0,
            evidence=evidence,
            status="applied",
        )
    if i.usage_source == "requests":
        # Usage read as the requests would "recommend" every request plus headroom: no data.
        evidence.note = "no usage: the cluster serves no metrics.k8s.io (install metrics-server)"
        return _no_data(base, evidence, "Right-sizing needs measured usage; none is reported.")
    if samples < i.settings.min_samples:
        evidence.note = f"{samples} of the {i.settings.min_samples} samples needed"
        return _no_data(base, evidence, "Not enough data yet to recommend requests.")
    headroom = i.settings.headroom
    cpu = ceil_millicores(max(p95 * headroom, CPU_FLOOR))
    mem = ceil_mib(max(float(row.mem_peak) * headroom, MEM_FLOOR))
    if not (_changed(current[0], cpu) or _changed(current[1], mem)):
        return None
    replicas = average(float(row.pod_hours), float(row.hours))
    per_hour = (current[0] - cpu) * i.pricing.cpu_per_core_hour + (
        current[1] - mem
    ) * i.pricing.memory_per_gb_hour
    return Recommendation(
        **base,
        title=f"Right-size {kind} {ns}/{name} ({container})",
        detail=(
            f"Requests {current[0]:g} cores / {current[1]:.3g} GiB per replica; CPU p95 "
            f"{p95:.3g} cores and memory peak {float(row.mem_peak):.3g} GiB x {headroom:g} "
            f"headroom suggest {cpu:g} cores / {mem:.3g} GiB."
        ),
        recommended=ContainerResources(cpu_cores=cpu, memory_gib=mem),
        monthly_saving=round(per_hour * replicas * HOURS_PER_MONTH, 2),
        evidence=evidence,
        status="open",
    )


def _changed(current: float, new: float) -> bool:
    return abs(new - current) > MIN_CHANGE * max(current, 1e-9)


def _close(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return abs(a[0] - b[0]) < 0.0005 and abs(a[1] - b[1]) < 1 / 1024


def idle_workloads(i: Inputs) -> list[Recommendation]:
    totals: dict[tuple[str, str, str], dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for row in i.containers:
        if row.kind in ("Job", "CronJob"):
            continue  # batch work is idle between runs by design
        t = totals[(row.namespace, row.kind, row.name)]
        for col in ("cpu_usage", "cpu_request", "cpu_alloc", "mem_alloc", "samples"):
            t[col] += float(getattr(row, col))
        t["hours"] = max(t["hours"], float(row.hours))
    out = []
    for (ns, kind, name), t in totals.items():
        if t["samples"] < i.settings.min_samples or t["cpu_request"] <= 0:
            continue
        if t["cpu_usage"] > IDLE_CPU_SHARE * t["cpu_request"]:
            continue
        cost = (
            t["cpu_alloc"] * i.pricing.cpu_per_core_hour
            + t["mem_alloc"] * i.pricing.memory_per_gb_hour
        )
        saving = monthly(cost, t["hours"])
        out.append(
            Recommendation(
                id=rec_id("idle_workload", i.cluster_id, ns, kind, name),
                kind="idle_workload",
                cluster_id=i.cluster_id,
                namespace=ns,
                target_kind=kind,
                target_name=name,
                title=f"Idle {kind} {ns}/{name}",
                detail=(
                    f"Average CPU use {average(t['cpu_usage'], t['hours']):.3g} cores against "
                    f"{average(t['cpu_request'], t['hours']):.3g} requested: consider scaling it "
                    "to zero or removing it."
                ),
                monthly_saving=round(saving, 2),
                evidence=Evidence(samples=int(t["samples"]), window_hours=round(t["hours"], 4)),
                status="open",
                can_apply=False,
            )
        )
    return out


def volumes(i: Inputs) -> list[Recommendation]:
    out = []
    for row in i.volumes:
        if row.kind == "pvc" and float(row.mounted_hours) > 0:
            continue
        hours = float(row.hours)
        size = average(float(row.size_gib_h), hours)
        saving = storage_cost(size * HOURS_PER_MONTH, i.pricing)
        pvc = row.kind == "pvc"
        out.append(
            Recommendation(
                id=rec_id(
                    "unclaimed_pvc" if pvc else "unbound_pv",
                    i.cluster_id,
                    row.namespace,
                    "PersistentVolumeClaim" if pvc else "PersistentVolume",
                    row.name,
                ),
                kind="unclaimed_pvc" if pvc else "unbound_pv",
                cluster_id=i.cluster_id,
                namespace=row.namespace or None,
                target_kind="PersistentVolumeClaim" if pvc else "PersistentVolume",
                target_name=row.name,
                title=(
                    f"Unmounted claim {row.namespace}/{row.name}"
                    if pvc
                    else f"Volume {row.name} has no claim"
                ),
                detail=(
                    f"{size:g} GiB billed while no pod mounted it in the window."
                    if pvc
                    else f"{size:g} GiB billed with no claim bound to it."
                ),
                monthly_saving=round(saving, 2),
                evidence=Evidence(
                    samples=0,
                    window_hours=round(hours, 4),
                    note="size in GiB, storage priced per GiB-month",
                ),
                status="open",
                can_apply=False,
            )
        )
    return out


def underused_nodes(i: Inputs) -> list[Recommendation]:
    out = []
    for name, node in sorted(i.nodes.items()):
        if node.cpu_capacity <= 0 or node.mem_capacity <= 0:
            continue
        cpu_share = node.cpu_alloc / node.cpu_capacity
        mem_share = node.mem_alloc / node.mem_capacity
        if max(cpu_share, mem_share) >= UNDERUSED_NODE:
            continue
        idle_cpu, idle_mem = node_idle(node, i.pricing)
        out.append(
            Recommendation(
                id=rec_id("underused_node", i.cluster_id, "", "Node", name),
                kind="underused_node",
                cluster_id=i.cluster_id,
                namespace=None,
                target_kind="Node",
                target_name=name,
                title=f"Underused node {name}",
                detail=(
                    f"Only {cpu_share:.0%} of its CPU and {mem_share:.0%} of its memory are "
                    "allocated: its pods could move to other nodes."
                ),
                monthly_saving=round(monthly(idle_cpu + idle_mem, node.hours), 2),
                evidence=Evidence(samples=0, window_hours=round(node.hours, 4)),
                status="open",
                can_apply=False,
            )
        )
    return out


def all_findings(i: Inputs) -> list[Recommendation]:
    found = [*rightsize(i), *idle_workloads(i), *volumes(i), *underused_nodes(i)]
    order = {"open": 0, "applied": 1, "not_enough_data": 2}
    found.sort(key=lambda r: (order[r.status], -r.monthly_saving, r.id))
    return found
