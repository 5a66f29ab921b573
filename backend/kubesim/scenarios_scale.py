"""`--scenario scale:NODES:PODS`: a large cluster made fast, the way kwok fakes one.

PODS pods in about PODS/50 Deployments across up to 20 namespaces, on NODES nodes sized to hold
them. Going through the controllers one pod at a time would take minutes at 10,000 pods, so
every Deployment, its ReplicaSet and its pods are written directly in the state the controllers
would have brought them to: the ReplicaSet named `<deployment>-<pod-template-hash>` with the
controller's own hash function, annotations and status; the pods bound, Running and Ready with
the very status the kubelet computes (kubesim.controllers.podstatus). When the manager starts,
every controller finds its objects already converged and writes nothing.

Everything but uids and timestamps follows from the seed: names, sizes, requests, placement.
"""

from __future__ import annotations

import ipaddress
import math
import random
import time
from dataclasses import dataclass
from typing import Any

from kubesim import meta, metrics, scenarios
from kubesim.apiserver import ApiServer
from kubesim.catalogue import ResourceType
from kubesim.controllers.deployment_counts import DESIRED, MAX, REVISION, surge_and_unavailable
from kubesim.controllers.podstatus import iso, stage_at, status_for
from kubesim.controllers.podtemplate import TEMPLATE_HASH_LABEL, pod_from_template, template_hash
from kubesim.controllers.runtime import SimSettings

Obj = dict[str, Any]
NAME = "app.kubernetes.io/name"
PODS_PER_DEPLOYMENT = 50
NAMESPACES = (
    "frontend", "checkout", "payments", "catalog", "search", "orders", "inventory", "shipping",
    "accounts", "notifications", "analytics", "recommendations", "reviews", "auth", "billing",
    "media", "reporting", "ml-serving", "ingest", "platform",
)  # fmt: skip
ROLES = ("api", "worker", "web", "consumer", "gateway", "sync", "cache", "scheduler", "indexer")
# (cpu, memory) requests, small ones more likely, as in a real microservice fleet.
SIZES = (
    ("10m", "32Mi", 10, 32),
    ("25m", "64Mi", 25, 64),
    ("50m", "96Mi", 50, 96),
    ("100m", "128Mi", 100, 128),
    ("100m", "256Mi", 100, 256),
    ("250m", "512Mi", 250, 512),
)
SIZE_WEIGHTS = (3, 4, 4, 3, 2, 1)
# m5 instance types: (name, cores, GiB); the smallest that holds a node's share is used.
INSTANCES = (
    ("m5.large", 2, 8),
    ("m5.xlarge", 4, 16),
    ("m5.2xlarge", 8, 32),
    ("m5.4xlarge", 16, 64),
    ("m5.8xlarge", 32, 128),
    ("m5.12xlarge", 48, 192),
    ("m5.16xlarge", 64, 256),
    ("m5.24xlarge", 96, 384),
)
TARGET_ALLOCATION = 0.65  # requests fill about two thirds of the nodes
# Pre-built pods take addresses from their own range, clear of the kubelet's 10.244.0.0/16.
POD_NETWORK = ipaddress.ip_network("10.248.0.0/13")
_SAFE = "bcdfghjklmnpqrstvwxz2456789"  # pod name suffixes, the alphabet of the real ones


@dataclass
class Workload:
    namespace: str
    name: str
    replicas: int
    image: str
    size: tuple[str, str, int, int]
    usage: tuple[str, str] | None


@dataclass
class Plan:
    nodes: list[tuple[str, str, int, int, int]]  # name, instance type, cores, GiB, max pods
    workloads: list[Workload]
    pod_suffixes: list[list[str]]  # per workload, the random part of each pod name


def plan(cluster_name: str, nodes: int, pods: int, seed: int) -> Plan:
    """Everything the seed decides, computed before any object exists (pure)."""
    rng = random.Random(seed)  # noqa: S311 (simulation, not security)
    count = max(1, round(pods / PODS_PER_DEPLOYMENT))
    namespaces = NAMESPACES[: min(len(NAMESPACES), count)]
    workloads: list[Workload] = []
    taken: set[tuple[str, str]] = set()
    for i, replicas in enumerate(_split(pods, count, rng)):
        ns = namespaces[i % len(namespaces)]
        name = f"{rng.choice(NAMESPACES).split('-')[0]}-{rng.choice(ROLES)}"
        while (ns, name) in taken:
            name = f"{name}-{len(taken) % 97}"
        taken.add((ns, name))
        version = f"{rng.randint(1, 5)}.{rng.randint(0, 30)}.{rng.randint(0, 9)}"
        roll = rng.random()
        usage = ("0", "0.1") if roll < 0.05 else ("0.05", "0.3") if roll < 0.15 else None
        size = rng.choices(SIZES, SIZE_WEIGHTS)[0]
        workloads.append(
            Workload(ns, name, replicas, f"registry.acme.io/{ns}/{name}:{version}", size, usage)
        )
    suffixes = [_suffixes(w.replicas, rng) for w in workloads]
    return Plan(_nodes(cluster_name, nodes, pods, workloads), workloads, suffixes)


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """`total` as `parts` uneven positive shares (largest remainder, so the sum is exact)."""
    weights = [rng.uniform(0.4, 1.6) for _ in range(parts)]
    spare = max(total - parts, 0)
    raw = [spare * w / sum(weights) for w in weights]
    shares = [int(r) for r in raw]
    by_remainder = sorted(range(parts), key=lambda i: raw[i] - shares[i], reverse=True)
    for i in by_remainder[: spare - sum(shares)]:
        shares[i] += 1
    return [s + (1 if total >= parts else 0) for s in shares]


def _suffixes(count: int, rng: random.Random) -> list[str]:
    seen: set[str] = set()
    while len(seen) < count:
        seen.add("".join(rng.choice(_SAFE) for _ in range(5)))
    return sorted(seen)


def _nodes(
    cluster_name: str, count: int, pods: int, workloads: list[Workload]
) -> list[tuple[str, str, int, int, int]]:
    cpu = sum(w.replicas * w.size[2] for w in workloads) / 1000 / count / TARGET_ALLOCATION
    gib = sum(w.replicas * w.size[3] for w in workloads) / 1024 / count / TARGET_ALLOCATION
    instance = next((i for i in INSTANCES if i[1] >= cpu and i[2] >= gib), None)
    if instance is None:  # bigger than any m5: a made-up size that fits
        cores = math.ceil(max(cpu, gib / 4))
        instance = (f"kubesim.{cores}xlarge", cores, cores * 4)
    max_pods = max(110, math.ceil(pods / count * 1.25))
    width = len(str(count))
    return [
        (f"{cluster_name}-node-{i + 1:0{width}d}", instance[0], instance[1], instance[2], max_pods)
        for i in range(count)
    ]


# ---- building ---------------------------------------------------------------------------------
def scale(api: ApiServer, cluster_name: str, nodes: int, pods: int, seed: int = 0) -> None:
    """Build the cluster (see the module docstring)."""
    metrics.configure(api, seed)
    layout = plan(cluster_name, nodes, pods, seed)
    builder = _Builder(api, layout)
    for workload, suffixes in zip(layout.workloads, layout.pod_suffixes, strict=True):
        builder.workload(workload, suffixes)
    for workload in layout.workloads:  # after the pods: each pod event scans the services
        builder.create(
            "services",
            workload.namespace,
            {
                "metadata": {"name": workload.name, "labels": {NAME: workload.name}},
                "spec": {
                    "selector": {NAME: workload.name},
                    "ports": [{"name": "http", "port": 80, "targetPort": 8080}],
                },
            },
        )


RESOURCES = {"namespaces": "v1", "nodes": "v1", "services": "v1", "pods": "v1",
             "deployments": "apps/v1", "replicasets": "apps/v1",
             "storageclasses": "storage.k8s.io/v1"}  # fmt: skip


class _Builder:
    def __init__(self, api: ApiServer, layout: Plan) -> None:
        self.api = api
        self.types: dict[str, ResourceType] = {}
        for resource, api_version in RESOURCES.items():
            group, _, version = api_version.rpartition("/")
            rt = api.catalogue.lookup(group, version, resource)
            assert rt is not None, resource
            self.types[resource] = rt
        self.settings = SimSettings()
        # Everything is dated t0, two seconds ago: the pods started then and have been Running
        # for a second, so the kubelet, recomputing their status now, finds it unchanged.
        self.t0 = float(int(time.time()) - 2)
        self.nodes = [n[0] for n in layout.nodes]
        self.host_ips = [f"10.0.{i // 250}.{i % 250 + 4}" for i in range(len(self.nodes))]
        self.next_pod = 0
        namespaces = (*scenarios.SYSTEM_NAMESPACES, *(w.namespace for w in layout.workloads))
        for ns in dict.fromkeys(namespaces):
            self.create("namespaces", "", {"metadata": {"name": ns}})
        self.create("storageclasses", "", {
            "metadata": {"name": "standard", "annotations": {
                "storageclass.kubernetes.io/is-default-class": "true"}},
            "provisioner": "kubesim.io/hostpath-provisioner", "reclaimPolicy": "Delete",
            "volumeBindingMode": "Immediate"})  # fmt: skip
        for i, (name, instance, cores, gib, max_pods) in enumerate(layout.nodes):
            node = scenarios.node(name, str(cores), f"{gib}Gi", str(max_pods), labels={
                "node.kubernetes.io/instance-type": instance,
                "topology.kubernetes.io/zone": f"eu-west-1{'abc'[i % 3]}"})  # fmt: skip
            node["status"]["addresses"][0]["address"] = self.host_ips[i]
            self.create("nodes", "", node, keep_status=True)

    def create(self, resource: str, ns: str, body: Obj, keep_status: bool = False) -> Obj:
        rt = self.types[resource]
        served = self.api.create(rt, ns, body, keep_status=keep_status)
        md = served["metadata"]
        stored = self.api.store.get(rt.storage_key, md.get("namespace", ""), md["name"])
        assert stored is not None
        # Backdated in place: no client has seen the object yet (the server is not serving).
        md["creationTimestamp"] = stored["metadata"]["creationTimestamp"] = iso(self.t0)
        return served

    def workload(self, w: Workload, suffixes: list[str]) -> None:
        component = w.name.rpartition("-")[2]
        labels = {NAME: w.name, "app.kubernetes.io/component": component, "team": w.namespace}
        container = {
            "name": w.name, "image": w.image, "ports": [{"name": "http", "containerPort": 8080}],
            "resources": {"requests": {"cpu": w.size[0], "memory": w.size[1]},
                          "limits": {"memory": f"{w.size[3] * 2}Mi"}}}  # fmt: skip
        template: Obj = {"metadata": {"labels": dict(labels)}, "spec": {"containers": [container]}}
        if w.usage:
            template["metadata"]["annotations"] = {
                metrics.CPU_USAGE: w.usage[0], metrics.MEMORY_USAGE: w.usage[1]}  # fmt: skip
        deployment = self.create("deployments", w.namespace, {
            "metadata": {"name": w.name, "labels": labels, "annotations": {REVISION: "1"}},
            "spec": {"replicas": w.replicas, "selector": {"matchLabels": {NAME: w.name}},
                     "template": template}})  # fmt: skip
        # Hash what was stored (after any defaulting), exactly as the controller will.
        pod_hash = template_hash(deployment["spec"]["template"])
        deployment["status"] = self._deployment_status(w.replicas, f"{w.name}-{pod_hash}")
        rt = self.types["deployments"]
        self.api.update(rt, w.namespace, w.name, deployment, subresource="status")
        rs = self._replica_set(deployment, pod_hash, w.replicas)
        for suffix in suffixes:
            self._pod(rs, f"{rs['metadata']['name']}-{suffix}")

    def _deployment_status(self, replicas: int, rs_name: str) -> Obj:
        since = iso(self.t0)

        def condition(kind: str, reason: str, message: str) -> Obj:
            return {"type": kind, "status": "True", "lastUpdateTime": since,
                    "lastTransitionTime": since, "reason": reason, "message": message}  # fmt: skip

        return {
            "observedGeneration": 1, "replicas": replicas, "updatedReplicas": replicas,
            "readyReplicas": replicas, "availableReplicas": replicas,
            "conditions": [
                condition("Available", "MinimumReplicasAvailable",
                          "Deployment has minimum availability."),
                condition("Progressing", "NewReplicaSetAvailable",
                          f'ReplicaSet "{rs_name}" has successfully progressed.'),
            ],
        }  # fmt: skip

    def _replica_set(self, deployment: Obj, pod_hash: str, replicas: int) -> Obj:
        """The ReplicaSet exactly as DeploymentController._create_rs makes it, plus its status."""
        md, spec = deployment["metadata"], deployment["spec"]
        template = _with_hash(spec["template"], pod_hash)
        surge, _ = surge_and_unavailable(deployment)
        selector = {"matchLabels": {**spec["selector"]["matchLabels"],
                                    TEMPLATE_HASH_LABEL: pod_hash}}  # fmt: skip
        annotations = {DESIRED: str(replicas), MAX: str(replicas + surge), REVISION: "1"}
        status = {"replicas": replicas, "fullyLabeledReplicas": replicas,
                  "readyReplicas": replicas, "availableReplicas": replicas,
                  "observedGeneration": 1}  # fmt: skip
        return self.create("replicasets", md["namespace"], {
            "metadata": {"name": f"{md['name']}-{pod_hash}", "annotations": annotations,
                         "labels": dict(template["metadata"]["labels"]),
                         "ownerReferences": [meta.owner_reference(deployment)]},
            "spec": {"replicas": replicas, "minReadySeconds": 0, "template": template,
                     "selector": selector},
            "status": status}, keep_status=True)  # fmt: skip

    def _pod(self, rs: Obj, name: str) -> None:
        index = self.next_pod
        self.next_pod += 1
        pod = pod_from_template(rs["spec"]["template"], rs, name)
        pod["spec"]["nodeName"] = self.nodes[index % len(self.nodes)]
        ns = rs["metadata"]["namespace"]
        self.create("pods", ns, pod)
        # The uid exists only now and the kubelet's container ids derive from it: complete the
        # stored object in place with the status the kubelet itself computes.
        stored = self.api.store.get(("", "pods"), ns, name)
        assert stored is not None
        stage = stage_at(stored, self.t0, self.t0 + 60, self.settings)
        ip = POD_NETWORK[index % (POD_NETWORK.num_addresses - 2) + 1]
        host_ip = self.host_ips[index % len(self.host_ips)]
        stored["status"] = status_for(stored, stage, self.t0, str(ip), host_ip)


def _with_hash(template: Obj, pod_hash: str) -> Obj:
    md = template.get("metadata") or {}
    labels = {**(md.get("labels") or {}), TEMPLATE_HASH_LABEL: pod_hash}
    return {**template, "metadata": {**md, "labels": labels}}
