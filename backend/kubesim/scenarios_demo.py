"""`--scenario demo`: the cluster of a small online shop, believable enough to demo a dashboard.

Three nodes of different sizes in three zones; teams own namespaces (shop, payments,
monitoring, data) next to the system ones. Workloads carry realistic images, labels, requests
and limits, and usage annotations that give the cost dashboard something to find: two
over-provisioned services, an idle one, a crash loop, an image that never pulls, a claim no pod
mounts and a volume with no claim.

Only what a user or a chart would create is made here, through the API like `kubectl apply`:
the controllers produce ReplicaSets, pods, claims, endpoints and statuses once the manager
starts. Nothing here is random, so every seed gives the same objects (the seed only moves the
simulated usage, through `metrics.configure`). The workloads are a table and the rest a YAML
manifest, because as Python literals they would be five times as long.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import yaml

from kubesim import metrics, scenarios
from kubesim.apiserver import ApiServer
from kubesim.metrics import CPU_USAGE, MEMORY_USAGE

Obj = dict[str, Any]
CRASH_LOOP = "kubesim.io/crash-loop"
IMAGE_PULL_ERROR = "kubesim.io/image-pull-error"
NAME = "app.kubernetes.io/name"
REGION = "eu-west-1"
OWN_REGISTRY = "registry.acme.io"

# suffix, capacity cpu/memory, allocatable (what the kubelet's reservations leave, as on EKS),
# instance type, zone, capacity type (the cost model prices spot nodes lower).
# Everything but the Deployments (system services, DaemonSets, the database, batch jobs,
# configuration, ingress and storage) is written as YAML.
EXTRA_MANIFESTS = Path(__file__).with_name("scenarios_demo.yaml")

NODES = (
    ("1", "4", "16Gi", "3920m", "15155Mi", "m5.xlarge", "a", "on-demand"),
    ("2", "8", "32Gi", "7910m", "31163Mi", "m5.2xlarge", "b", "on-demand"),
    ("3", "16", "64Gi", "15890m", "63190Mi", "m5.4xlarge", "c", "spot"),
)
TEAMS = {
    "shop": "storefront",
    "payments": "payments",
    "monitoring": "platform",
    "data": "data",
    "ingress-nginx": "platform",
}

# One Deployment per row. limits: cpu/memory ("-" for none; a missing memory limit is twice the
# request); usage: the kubesim.io/cpu-usage / memory-usage annotations (shares of the requests);
# flags: svc = a ClusterIP Service on port 80, crash = crash-looping, pull = its image never
# pulls. `~/` stands for the company registry and the namespace.
WORKLOADS = """
# namespace    name                  n  cpu   memory limits    port  component  usage     flags
shop           storefront            3  250m  256Mi  1/512Mi   8080  frontend   0.55/0.7  svc
  ~/storefront:3.8.2
shop           cart-api              2  200m  256Mi  -         8080  api        0.35/0.55 svc
  ~/cart-api:1.22.0
shop           catalog-api           2  300m  384Mi  -         8080  api        0.45/0.65 svc
  ~/catalog-api:4.1.7
shop           search                1  2     4Gi    2/4Gi     8080  api        0.05/0.2  svc
  ~/search:0.9.3
shop           redis                 1  100m  256Mi  500m/512Mi 6379 cache      0.3/0.45  svc
  redis:7.4-alpine
shop           recommendations       1  200m  256Mi  -         8080  api        -         crash
  ~/recommendations:2.0.0-rc1
shop           promotions            1  500m  512Mi  -         8080  api        0/0.1     svc
  ~/promotions:1.3.0
payments       payments-api          3  500m  512Mi  1/1Gi     8080  api        0.6/0.65  svc
  ~/payments-api:5.3.1
payments       fraud-detector        1  2     4Gi    2/4Gi     8080  worker     5%/0.25   -
  ~/fraud-detector:2.7.0
payments       ledger-worker         2  250m  256Mi  -         8080  worker     0.4/0.5   -
  ~/ledger-worker:1.9.4
payments       invoice-renderer      1  200m  256Mi  -         8080  worker     -         pull
  ~/invoice-renderer:3.0.0-bta
monitoring     prometheus            1  500m  2Gi    1/4Gi     9090  server     0.5/0.8   svc
  quay.io/prometheus/prometheus:v2.54.1
monitoring     grafana               1  100m  256Mi  -         3000  dashboard  0.2/0.6   svc
  grafana/grafana:11.2.0
monitoring     kube-state-metrics    1  100m  128Mi  -         8080  exporter   0.15/0.5  svc
  registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.13.0
data           analytics-etl         1  500m  1Gi    -         8080  worker     0.7/0.6   -
  ~/etl-runner:2024.11.2
ingress-nginx  ingress-nginx-controller 2 100m 90Mi  500m/256Mi 80   controller 0.3/0.8   -
  registry.k8s.io/ingress-nginx/controller:v1.11.2
kube-system    coredns               2  100m  70Mi   -/170Mi   53    dns        0.04/0.3  -
  registry.k8s.io/coredns/coredns:v1.11.3
kube-system    metrics-server        1  100m  200Mi  -         10250 metrics    0.05/0.2  -
  registry.k8s.io/metrics-server/metrics-server:v0.7.2
"""
# The over-provisioned ones: search (sized for a launch-day peak that never came) and
# fraud-detector (requests copied from a load test). Idle: promotions (the campaign ended
# months ago). The crash loop: recommendations' release candidate. The typo: "3.0.0-bta".


def workloads() -> list[Obj]:
    """The Deployments (and Services) of the WORKLOADS table, as manifests."""
    lines = WORKLOADS.splitlines()
    rows = [line.split() for line in lines if line and line[0] not in "# "]
    images = [line.strip() for line in lines if line.startswith("  ")]
    out: list[Obj] = []
    for row, image in zip(rows, images, strict=True):
        ns, name, replicas, cpu, memory, limits, port, component, usage, flags = row
        image = image.replace("~/", f"{OWN_REGISTRY}/{ns}/")
        cpu_limit, _, mem_limit = limits.partition("/") if limits != "-" else ("-", "", "-")
        resources: Obj = {"requests": {"cpu": cpu, "memory": memory}, "limits": {}}
        if cpu_limit != "-":
            resources["limits"]["cpu"] = cpu_limit
        resources["limits"]["memory"] = mem_limit if mem_limit != "-" else _double(memory)
        annotations = {}
        if usage != "-":
            annotations[CPU_USAGE], _, annotations[MEMORY_USAGE] = usage.partition("/")
        annotations |= {
            flag: "true"
            for key, flag in (("crash", CRASH_LOOP), ("pull", IMAGE_PULL_ERROR))
            if key in flags.split(",")
        }
        version = image.rpartition(":")[2]
        template_md: Obj = {
            "labels": {**_labels(name, ns, component), "app.kubernetes.io/version": version}
        }
        if annotations:
            template_md["annotations"] = annotations
        container = {
            "name": name,
            "image": image,
            "resources": resources,
            "ports": [{"name": "dns" if port == "53" else "http", "containerPort": int(port)}],
        }
        out.append(
            {
                "apiVersion": "apps/v1",
                "kind": "Deployment",
                "metadata": {"name": name, "namespace": ns, "labels": _labels(name, ns, component)},
                "spec": {
                    "replicas": int(replicas),
                    "revisionHistoryLimit": 10,
                    "selector": {"matchLabels": {NAME: name}},
                    "template": {"metadata": template_md, "spec": {"containers": [container]}},
                },
            }
        )
        if "svc" in flags.split(","):
            out.append(
                {
                    "apiVersion": "v1",
                    "kind": "Service",
                    "metadata": {"name": name, "namespace": ns, "labels": {NAME: name}},
                    "spec": {
                        "selector": {NAME: name},
                        "ports": [
                            {
                                "name": "http",
                                "port": 80 if port in ("8080", "3000") else int(port),
                                "targetPort": int(port),
                            }
                        ],
                    },
                }
            )
    return out


def _labels(name: str, ns: str, component: str) -> dict[str, str]:
    return {
        NAME: name,
        "app.kubernetes.io/component": component,
        "app.kubernetes.io/part-of": "kubernetes" if ns == "kube-system" else ns,
        "team": TEAMS.get(ns, "platform"),
    }


def _double(memory: str) -> str:
    digits = "".join(c for c in memory if c.isdigit())
    return f"{int(digits) * 2}{memory[len(digits) :]}"


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def nodes(cluster_name: str) -> list[Obj]:
    out = []
    for i, (suffix, cpu, memory, alloc_cpu, alloc_mem, instance, zone, capacity) in enumerate(
        NODES
    ):
        node = scenarios.node(
            f"{cluster_name}-node-{suffix}",
            cpu,
            memory,
            labels={
                "node.kubernetes.io/instance-type": instance,
                "topology.kubernetes.io/region": REGION,
                "topology.kubernetes.io/zone": f"{REGION}{zone}",
                "karpenter.sh/capacity-type": capacity,
            },
        )
        node["status"]["allocatable"].update(cpu=alloc_cpu, memory=alloc_mem)
        node["status"]["addresses"][0]["address"] = f"10.0.{i + 1}.{23 + 17 * i}"
        node["spec"]["podCIDR"] = f"10.244.{i}.0/24"
        out.append(node)
    return out


def manifests(cluster_name: str) -> list[Obj]:
    """Every object of the demo, in the order `kubectl apply` would create them."""
    namespaces = [
        {
            "apiVersion": "v1",
            "kind": "Namespace",
            "metadata": {"name": ns, "labels": {"team": TEAMS[ns]} if ns in TEAMS else {}},
        }
        for ns in dict.fromkeys((*scenarios.SYSTEM_NAMESPACES, *TEAMS))
    ]
    extra = [doc for doc in yaml.safe_load_all(EXTRA_MANIFESTS.read_text()) if doc]
    for doc in extra:
        if doc["kind"] == "Secret":  # written as stringData for legibility; stored as data
            doc["data"] = {k: b64(v) for k, v in doc.pop("stringData").items()}
    return [*namespaces, *nodes(cluster_name), *workloads(), *extra]


def demo(api: ApiServer, cluster_name: str, seed: int = 0) -> None:
    """Build the demo cluster (see the module docstring)."""
    metrics.configure(api, seed)
    for doc in manifests(cluster_name):
        group, _, version = doc["apiVersion"].rpartition("/")
        rt = next(
            t for t in api.catalogue.in_group_version(group, version) if t.kind == doc["kind"]
        )
        ns = doc["metadata"].pop("namespace", "") if rt.namespaced else ""
        # Nodes, the orphaned volume and the HPA arrive with the status nothing else would set.
        api.create(rt, ns, doc, keep_status="status" in doc)
