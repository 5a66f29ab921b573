"""Simulated usage: profiles, the smooth wave, the metrics.k8s.io documents, and `kubectl top`."""

from __future__ import annotations

import itertools
import math
import re
from pathlib import Path
from typing import Any

import pytest

from kubesim import errors, metrics, metrics_api, quantity
from kubesim.apiserver import ApiServer
from kubesim.metrics import Profile, Usage, container_profile, parse_target, usage_at
from kubesim.selectors import parse_label_selector
from kubesim.server import build_api
from tests.kubesim.conftest import write
from tests.kubesim.test_pods import eventually
from tests.support.kubesim_process import Kubesim

MI = 2**20


# ---- profiles ---------------------------------------------------------------------------------
def test_parse_target_reads_quantities_and_shares() -> None:
    assert parse_target("250m", 2.0, 0.1) == pytest.approx(0.25)
    assert parse_target("300Mi", 1e9, 5.0) == 300 * MI
    assert parse_target("0.3", 2.0, 0.1) == pytest.approx(0.6)  # a share of the request
    assert parse_target("5%", 2.0, 0.1) == pytest.approx(0.1)
    assert parse_target("0.5", None, 0.1) == pytest.approx(0.05)  # no request: of the default
    assert parse_target(None, 2.0, 0.1) == 0.1
    assert parse_target("lots", 2.0, 0.1) == 0.1  # unreadable: the default
    assert parse_target("0", 2.0, 0.1) == 0.0


def _container(
    requests: dict[str, str] | None = None, limits: dict[str, str] | None = None
) -> dict[str, Any]:
    resources: dict[str, Any] = {}
    if requests:
        resources["requests"] = requests
    if limits:
        resources["limits"] = limits
    return {"name": "main", "image": "nginx", "resources": resources}


def test_default_profile_is_a_share_of_requests() -> None:
    profile = container_profile({}, _container({"cpu": "500m", "memory": "512Mi"}))
    assert (profile.cpu_nanocores, profile.memory_bytes) == pytest.approx((0.2e9, 0.6 * 512 * MI))
    limits_only = container_profile({}, _container(limits={"cpu": "1", "memory": "1Gi"}))
    assert limits_only.cpu_nanocores == pytest.approx(0.4e9)
    best_effort = container_profile({}, _container())
    assert best_effort == Profile(metrics.DEFAULT_CPU_NANOCORES, metrics.DEFAULT_MEMORY_BYTES)


def test_annotations_set_the_profile_per_pod_or_per_container() -> None:
    container = _container({"cpu": "2", "memory": "4Gi"})
    pod_wide = {metrics.CPU_USAGE: "0.05", metrics.MEMORY_USAGE: "300Mi"}
    profile = container_profile(pod_wide, container)
    assert (profile.cpu_nanocores, profile.memory_bytes) == pytest.approx((0.1e9, 300 * MI))
    specific = {**pod_wide, f"{metrics.CPU_USAGE}.main": "250m"}
    assert container_profile(specific, container).cpu_nanocores == pytest.approx(0.25e9)
    assert container_profile(specific, {**container, "name": "other"}).cpu_nanocores == (
        pytest.approx(0.1e9)
    )


# ---- the wave ---------------------------------------------------------------------------------
PROFILE = Profile(250e6, 300 * MI)


def test_usage_is_pure_and_pinned() -> None:
    """Same seed, key and time → the same usage, today and after any refactoring. (Changing
    the wave changes these numbers: update them on purpose.)"""
    first = usage_at(PROFILE, 7, "shop/web-0/main", 1_700_000_000)
    assert first == usage_at(PROFILE, 7, "shop/web-0/main", 1_700_000_000)
    assert first == Usage(cpu_nanocores=234_376_879, memory_bytes=308_390_652)


def test_usage_stays_within_fifteen_percent_and_moves_smoothly() -> None:
    key = "default/api-1/main"
    samples = [usage_at(PROFILE, 1, key, 1_700_000_000 + t) for t in range(0, 7200, 5)]
    cpu = [s.cpu_nanocores for s in samples]
    memory = [s.memory_bytes for s in samples]
    assert min(cpu) >= 0.85 * PROFILE.cpu_nanocores - 1
    assert max(cpu) <= 1.15 * PROFILE.cpu_nanocores + 1
    assert min(memory) >= 0.85 * PROFILE.memory_bytes - 1
    assert max(memory) <= 1.15 * PROFILE.memory_bytes + 1
    assert max(cpu) - min(cpu) > 0.1 * PROFILE.cpu_nanocores  # it does move
    steps = [abs(b - a) for a, b in itertools.pairwise(cpu)]
    assert max(steps) < 0.05 * PROFILE.cpu_nanocores  # ...without jumps between 5 s samples


def test_seed_and_key_change_the_shape() -> None:
    t = 1_700_000_000
    base = usage_at(PROFILE, 1, "a/b/c", t)
    assert usage_at(PROFILE, 2, "a/b/c", t) != base
    assert usage_at(PROFILE, 1, "a/b/d", t) != base


def test_idle_stays_near_zero_and_memory_keeps_a_floor() -> None:
    for t in range(0, 3600, 60):
        usage = usage_at(Profile(0, 0), 3, "idle", t)
        assert usage.cpu_nanocores == 0
        assert usage.memory_bytes == metrics.MEMORY_FLOOR_BYTES


def test_scrapes_are_fifteen_seconds_apart() -> None:
    assert metrics_api.sample_time(1_700_000_014.9) == 1_700_000_010
    assert metrics_api.sample_time(1_700_000_025) == 1_700_000_025
    assert quantity.format_cpu_nanos(8_123_456) == "8123456n"
    assert quantity.format_kibibytes(11_000 * 1024 + 5) == "11000Ki"


# ---- the documents, in process ----------------------------------------------------------------
def _running_pod(
    name: str, labels: dict[str, str], annotations: dict[str, str], running: bool = True
) -> dict[str, Any]:
    state = (
        {"running": {"startedAt": "2026-01-01T00:00:00Z"}}
        if running
        else {"waiting": {"reason": "CrashLoopBackOff"}}
    )
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": name, "labels": labels, "annotations": annotations},
        "spec": {
            "nodeName": "m-node-1",
            "containers": [
                {
                    "name": "main",
                    "image": "nginx",
                    "resources": {"requests": {"cpu": "1", "memory": "1Gi"}},
                }
            ],
        },
        "status": {
            "phase": "Running",
            "containerStatuses": [
                {
                    "name": "main",
                    "image": "nginx",
                    "imageID": "x",
                    "ready": running,
                    "restartCount": 0,
                    "state": state,
                }
            ],
        },
    }


@pytest.fixture
def api() -> ApiServer:
    api, _ = build_api("empty", "m")
    pods = api.catalogue.lookup("", "v1", "pods")
    assert pods is not None
    api.create(
        pods,
        "default",
        _running_pod(
            "web", {"app": "web"}, {metrics.CPU_USAGE: "250m", metrics.MEMORY_USAGE: "300Mi"}
        ),
        keep_status=True,
    )
    api.create(pods, "default", _running_pod("db", {"app": "db"}, {}), keep_status=True)
    api.create(
        pods, "default", _running_pod("crashy", {"app": "web"}, {}, running=False), keep_status=True
    )
    metrics.configure(api, 11)
    return api


def _rt(api: ApiServer, resource: str) -> Any:
    return api.catalogue.lookup("metrics.k8s.io", "v1beta1", resource)


def test_pod_metrics_list(api: ApiServer) -> None:
    doc = metrics_api.metrics_list(api, _rt(api, "pods"), "default", None)
    assert doc["kind"] == "PodMetricsList" and doc["metadata"] == {}
    by_name = {item["metadata"]["name"]: item for item in doc["items"]}
    assert sorted(by_name) == ["db", "web"]  # a container that is not running uses nothing
    web = by_name["web"]
    assert web["window"] == "30s" and web["metadata"]["labels"] == {"app": "web"}
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", web["timestamp"])
    usage = web["containers"][0]["usage"]
    assert re.fullmatch(r"\d+n", usage["cpu"]) and re.fullmatch(r"\d+Ki", usage["memory"])
    assert 0.85 * 0.25 <= float(quantity.parse(usage["cpu"])) <= 1.15 * 0.25
    selected = metrics_api.metrics_list(api, _rt(api, "pods"), None, parse_label_selector("app=db"))
    assert [i["metadata"]["name"] for i in selected["items"]] == ["db"]


def test_node_metrics_sum_pods_and_overhead(api: ApiServer) -> None:
    doc = metrics_api.metrics_list(api, _rt(api, "nodes"), None, None)
    assert doc["kind"] == "NodeMetricsList"
    (node,) = doc["items"]
    assert node["metadata"]["name"] == "m-node-1" and node["window"] == "20s"
    pods = metrics_api.metrics_list(api, _rt(api, "pods"), None, None)["items"]
    pod_cpu = sum(quantity.parse(c["usage"]["cpu"]) for p in pods for c in p["containers"])
    node_cpu = quantity.parse(node["usage"]["cpu"])
    overhead = float(node_cpu - pod_cpu)
    assert 0.85 * 0.08 < overhead < 1.15 * 0.13  # 80m + 1% of 4 cores, ±15%
    assert (
        metrics_api.metrics_get(api, _rt(api, "nodes"), None, "m-node-1")["usage"]
        == (node["usage"])
    )


def test_metrics_get_and_not_found(api: ApiServer) -> None:
    web = metrics_api.metrics_get(api, _rt(api, "pods"), "default", "web")
    assert web["kind"] == "PodMetrics" and web["metadata"]["namespace"] == "default"
    for name in ("crashy", "missing"):
        with pytest.raises(errors.StatusError) as caught:
            metrics_api.metrics_get(api, _rt(api, "pods"), "default", name)
        assert caught.value.code == 404
        assert caught.value.message == f'podmetrics.metrics.k8s.io "default/{name}" not found'
    with pytest.raises(errors.StatusError):
        metrics_api.metrics_get(api, _rt(api, "nodes"), None, "nope")


# ---- kubectl top against a real kubesim ----------------------------------------------------
POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: busy
  labels: {app: busy}
  annotations: {kubesim.io/cpu-usage: 250m, kubesim.io/memory-usage: 300Mi}
spec:
  containers:
  - name: main
    image: nginx:1.27
    resources: {requests: {cpu: 500m, memory: 512Mi}}
"""


def _millis(text: str) -> float:
    return float(quantity.parse(text)) * 1000


def test_kubectl_top(cluster: Kubesim, namespace: str, tmp_path: Path) -> None:
    cluster.kubectl("apply", "-n", namespace, "-f", str(write(tmp_path, "p.yaml", POD)))
    cluster.kubectl("wait", "-n", namespace, "--for=condition=Ready", "pod/busy", "--timeout=20s")

    def top_pod() -> list[list[str]]:
        out = cluster.kubectl("top", "pods", "-n", namespace, check=False)
        assert out.returncode == 0, out.stderr
        return [line.split() for line in out.stdout.splitlines()[1:]]

    # The wave moves with time: the bounds below hold at any moment.
    rows = eventually(top_pod)
    assert rows[0][0] == "busy"
    assert 0.85 * 250 - 1 <= _millis(rows[0][1]) <= 1.15 * 250 + 1
    assert 0.85 * 300 - 1 <= float(quantity.parse(rows[0][2])) / MI <= 1.15 * 300 + 1
    everywhere = cluster.kubectl("top", "pods", "-A", "-l", "app=busy").stdout
    assert namespace in everywhere and "busy" in everywhere
    nodes = cluster.kubectl("top", "nodes").stdout.splitlines()
    assert nodes[0].split() == ["NAME", "CPU(cores)", "CPU(%)", "MEMORY(bytes)", "MEMORY(%)"]
    node = next(line.split() for line in nodes[1:] if line.startswith("sim-tls-node-1"))
    assert _millis(node[1]) >= 0.85 * 250 and node[2].endswith("%")
    assert not math.isnan(float(node[2].rstrip("%")))
    missing = cluster.kubectl("top", "pod", "nope", "-n", namespace, check=False)
    assert missing.returncode != 0 and "not found" in missing.stderr
