"""The `metrics.k8s.io/v1beta1` API as metrics-server serves it, over kubesim.metrics' model.

Every request computes usage from the running pods at the current scrape time: PodMetrics per
running pod, NodeMetrics per Ready node (the sum of its pods plus the node's own overhead).
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

from kubesim import errors, quantity
from kubesim.apiserver import ApiServer
from kubesim.catalogue import ResourceType
from kubesim.metrics import Obj, Usage, container_usages, node_overhead, seed_of
from kubesim.selectors import LabelSelector

PODS = ("", "pods")
NODES = ("", "nodes")

GROUP = "metrics.k8s.io"
API_VERSION = f"{GROUP}/v1beta1"
POD_WINDOW = "30s"
NODE_WINDOW = "20s"
# metrics-server scrapes every 15 s: usage is sampled at the start of the current period, so
# every request within one period agrees (kubectl top twice in a row shows the same numbers).
RESOLUTION_SECONDS = 15


def sample_time(now: float | None = None) -> int:
    """The scrape a request at `now` sees (the start of the current 15 s period)."""
    now = time.time() if now is None else now
    return int(now // RESOLUTION_SECONDS * RESOLUTION_SECONDS)


def _iso(t: float) -> str:
    return datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# ---- pods -------------------------------------------------------------------------------------
def _pod_metrics(pod: Obj, usages: list[tuple[str, Usage]], t: str, now: str) -> Obj:
    md = pod["metadata"]
    return {
        "kind": "PodMetrics",
        "apiVersion": API_VERSION,
        "metadata": {
            "name": md["name"],
            "namespace": md.get("namespace", ""),
            "creationTimestamp": now,
            "labels": dict(md.get("labels") or {}),
        },
        "timestamp": t,
        "window": POD_WINDOW,
        "containers": [{"name": name, "usage": _usage_doc(u)} for name, u in usages],
    }


def _usage_doc(usage: Usage) -> dict[str, str]:
    return {
        "cpu": quantity.format_cpu_nanos(usage.cpu_nanocores),
        "memory": quantity.format_kibibytes(usage.memory_bytes),
    }


# ---- nodes ------------------------------------------------------------------------------------
def _node_ready(node: Obj) -> bool:
    return any(
        c.get("type") == "Ready" and c.get("status") == "True"
        for c in (node.get("status") or {}).get("conditions") or []
    )


def _usage_by_node(
    api: ApiServer, seed: int, t: float, only: str | None = None
) -> dict[str, Usage]:
    totals: dict[str, Usage] = {}
    for okey in api.store.iter_keys(PODS, None, None):
        pod = api.store.get_by_key(PODS, okey)
        node = (pod.get("spec") or {}).get("nodeName")
        if not node or (only is not None and node != only):
            continue
        for _, usage in container_usages(pod, seed, t):
            totals[node] = totals.get(node, Usage(0, 0)) + usage
    return totals


def _node_metrics(node: Obj, pods: Usage, seed: int, t: int, now: str) -> Obj:
    md = node["metadata"]
    return {
        "kind": "NodeMetrics",
        "apiVersion": API_VERSION,
        "metadata": {
            "name": md["name"],
            "creationTimestamp": now,
            "labels": dict(md.get("labels") or {}),
        },
        "timestamp": _iso(t),
        "window": NODE_WINDOW,
        "usage": _usage_doc(pods + node_overhead(node, seed, t)),
    }


# ---- the API (handlers.py routes GET on metrics.k8s.io here) -----------------------------------
def metrics_list(
    api: ApiServer, rt: ResourceType, namespace: str | None, labels: LabelSelector | None
) -> Obj:
    seed, t, now = seed_of(api), sample_time(), _iso(time.time())
    stamp = _iso(t)
    items: list[Obj] = []
    if rt.resource == "pods":
        for okey in api.store.iter_keys(PODS, namespace, None):
            pod = api.store.get_by_key(PODS, okey)
            if labels is not None and not labels.matches(pod["metadata"].get("labels")):
                continue
            usages = container_usages(pod, seed, t)
            if usages:
                items.append(_pod_metrics(pod, usages, stamp, now))
        kind = "PodMetricsList"
    else:
        by_node = _usage_by_node(api, seed, t)
        for okey in api.store.iter_keys(NODES, None, None):
            node = api.store.get_by_key(NODES, okey)
            if labels is not None and not labels.matches(node["metadata"].get("labels")):
                continue
            if _node_ready(node):
                items.append(_node_metrics(node, by_node.get(okey[1], Usage(0, 0)), seed, t, now))
        kind = "NodeMetricsList"
    return {"kind": kind, "apiVersion": API_VERSION, "metadata": {}, "items": items}


def metrics_get(api: ApiServer, rt: ResourceType, namespace: str | None, name: str) -> Obj:
    seed, t, now = seed_of(api), sample_time(), _iso(time.time())
    if rt.resource == "pods":
        pod = api.store.get(PODS, namespace or "", name)
        usages = container_usages(pod, seed, t) if pod is not None else []
        if pod is None or not usages:
            # metrics-server's wording: the pod exists or not, it has no metrics.
            raise errors.not_found("podmetrics.metrics.k8s.io", f"{namespace or ''}/{name}")
        return _pod_metrics(pod, usages, _iso(t), now)
    node = api.store.get(NODES, "", name)
    if node is None or not _node_ready(node):
        raise errors.not_found("nodemetrics.metrics.k8s.io", name)
    pods = _usage_by_node(api, seed, t, only=name).get(name, Usage(0, 0))
    return _node_metrics(node, pods, seed, t, now)
