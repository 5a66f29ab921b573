"""The demo and scale scenarios: they come up, they are what they claim, and seeds repeat them."""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kubesim import scenarios_scale
from kubesim.apiserver import ApiServer
from kubesim.controllers.runtime import Manager, SimSettings
from kubesim.scenarios_demo import CRASH_LOOP, IMAGE_PULL_ERROR, manifests
from kubesim.server import build_api
from kubesim.store import WatchEvent
from tests.kubesim.test_pods import eventually
from tests.support.kubesim_process import Kubesim

Obj = dict[str, Any]


def _pods(sim: Kubesim) -> list[Obj]:
    items: list[Obj] = json.loads(sim.kubectl("get", "pods", "-A", "-o", "json").stdout)["items"]
    return items


def _expected_pods() -> int:
    docs = manifests("x")
    kinds = Counter(str(d["kind"]) for d in docs)
    replicas = sum(
        int(d["spec"]["replicas"]) for d in docs if d["kind"] in ("Deployment", "StatefulSet")
    )
    return replicas + kinds["Node"] * kinds["DaemonSet"]


def _flag(pod: Obj, name: str) -> bool:
    return (pod["metadata"].get("annotations") or {}).get(name) == "true"


def _is_up(pod: Obj) -> bool:
    conditions = {c["type"]: c["status"] for c in pod["status"].get("conditions") or []}
    return pod["status"].get("phase") == "Running" and conditions.get("Ready") == "True"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Kubesim]:
    sim = Kubesim(
        tmp_path_factory.mktemp("demo"), "demo", scenario="demo", extra_args=("--seed", "3")
    ).start()
    yield sim
    sim.stop()


def test_demo_comes_up_with_only_the_intended_failures(demo: Kubesim) -> None:
    expected = _expected_pods()

    def settled() -> list[Obj]:
        # Pods of the CronJobs (which may fire during the test) are not counted.
        pods = [
            p
            for p in _pods(demo)
            if not any(r["kind"] == "Job" for r in p["metadata"].get("ownerReferences") or [])
        ]
        assert len(pods) == expected, f"{len(pods)} of {expected} pods"
        broken = [
            p["metadata"]["name"]
            for p in pods
            if not _is_up(p) and not _flag(p, CRASH_LOOP) and not _flag(p, IMAGE_PULL_ERROR)
        ]
        assert not broken, f"not Running and Ready: {broken}"
        return pods

    pods = eventually(settled, timeout=30)
    pulling = [p for p in pods if _flag(p, IMAGE_PULL_ERROR)]
    assert pulling and all(p["status"]["phase"] == "Pending" for p in pulling)
    assert all(
        p["status"]["containerStatuses"][0]["state"]["waiting"]["reason"]
        in ("ImagePullBackOff", "ErrImagePull")
        for p in pulling
    )
    crashing = [p for p in pods if _flag(p, CRASH_LOOP)]
    assert len(crashing) == 1
    assert eventually(
        lambda: (
            _pods_named(demo, crashing[0])["status"]["containerStatuses"][0]["restartCount"] >= 1
        ),
        timeout=20,
    )
    nodes = {p["spec"]["nodeName"] for p in pods}
    assert len(nodes) == 3  # the work is spread over the three nodes


def _pods_named(sim: Kubesim, pod: Obj) -> Obj:
    md = pod["metadata"]
    found: Obj = json.loads(
        sim.kubectl("get", "pod", md["name"], "-n", md["namespace"], "-o", "json").stdout
    )
    return found


def test_demo_has_the_cost_findings_and_the_plumbing(demo: Kubesim) -> None:
    nodes = json.loads(demo.kubectl("get", "nodes", "-o", "json").stdout)["items"]
    types = sorted(n["metadata"]["labels"]["node.kubernetes.io/instance-type"] for n in nodes)
    assert types == ["m5.2xlarge", "m5.4xlarge", "m5.xlarge"]
    assert all(n["metadata"]["labels"]["topology.kubernetes.io/zone"] for n in nodes)
    namespaces = demo.kubectl("get", "ns", "-o", "name").stdout.split()
    for ns in ("shop", "payments", "monitoring", "data", "kube-system"):
        assert f"namespace/{ns}" in namespaces

    def volumes() -> tuple[Obj, Obj]:
        pv = json.loads(demo.kubectl("get", "pv", "pv-legacy-backups", "-o", "json").stdout)
        pvc = json.loads(
            demo.kubectl("get", "pvc", "old-exports", "-n", "data", "-o", "json").stdout
        )
        assert pvc.get("status", {}).get("phase") == "Bound"
        return pv, pvc

    pv, _ = eventually(volumes)
    assert pv["status"]["phase"] == "Available" and "claimRef" not in pv["spec"]
    claims = demo.kubectl("get", "pvc", "-n", "data", "-o", "name").stdout.split()
    assert "persistentvolumeclaim/data-postgres-0" in claims
    lb = eventually(
        lambda: json.loads(
            demo.kubectl(
                "get", "svc", "ingress-nginx-controller", "-n", "ingress-nginx", "-o", "json"
            ).stdout
        )["status"]["loadBalancer"].get("ingress")
    )
    assert lb[0]["ip"]
    ingress = json.loads(
        demo.kubectl("get", "ingress", "storefront", "-n", "shop", "-o", "json").stdout
    )
    assert ingress["spec"]["ingressClassName"] == "nginx"
    assert (
        "ingressclass.networking.k8s.io/nginx"
        in demo.kubectl("get", "ingressclass", "-o", "name").stdout
    )
    assert (
        "cronjob.batch/nightly-report"
        in demo.kubectl("get", "cronjobs", "-n", "data", "-o", "name").stdout
    )
    top = eventually(lambda: demo.kubectl("top", "pods", "-n", "shop", check=False).stdout)
    assert "storefront-" in top and "search-" in top


# ---- scale ------------------------------------------------------------------------------------
def test_scale_comes_up_quickly_and_converged(tmp_path: Path) -> None:
    started = time.monotonic()
    sim = Kubesim(tmp_path / "scale", "scale", plain_http=True, scenario="scale:5:500").start()
    try:

        def all_running() -> int:
            out = sim.kubectl(
                "get", "pods", "-A", "--field-selector=status.phase=Running", "--no-headers"
            ).stdout
            count = len(out.splitlines())
            assert count == 500, count
            return count

        eventually(all_running, timeout=30)
        assert time.monotonic() - started < 15
        deployments = json.loads(sim.kubectl("get", "deploy", "-A", "-o", "json").stdout)["items"]
        assert sum(d["status"]["availableReplicas"] for d in deployments) == 500
        time.sleep(1.5)  # time enough for a controller that disagreed to act
        replica_sets = sim.kubectl("get", "rs", "-A", "--no-headers").stdout.splitlines()
        assert len(replica_sets) == len(deployments)  # the hash matched: no new ReplicaSets
        assert len(_pods(sim)) == 500
        nodes = sim.kubectl("get", "nodes", "--no-headers").stdout.splitlines()
        assert len(nodes) == 5
    finally:
        sim.stop()


def test_scale_plan_spreads_pods_over_deployments_and_namespaces() -> None:
    layout = scenarios_scale.plan("c", 20, 10_000, seed=1)
    assert sum(w.replicas for w in layout.workloads) == 10_000
    assert len(layout.workloads) == 200
    assert len({w.namespace for w in layout.workloads}) == 20
    assert len({(w.namespace, w.name) for w in layout.workloads}) == 200
    assert len(layout.nodes) == 20 and layout.nodes[0][0] == "c-node-01"
    small = scenarios_scale.plan("c", 1, 3, seed=1)
    assert [w.replicas for w in small.workloads] == [3]


def _settled(api: ApiServer, manager: Manager) -> Counter[tuple[str, str, str]]:
    """Run every controller to quiescence; count the writes they made, by kind of object."""
    seen: list[WatchEvent] = []
    api.store.listeners.append(seen.append)
    manager.resync()
    manager.drain()
    return Counter((e.type, *e.key) for e in seen)


def test_scale_objects_are_what_the_controllers_would_make() -> None:
    api, manager = build_api("scale:3:200", "c", settings=SimSettings(seed=4))
    writes = _settled(api, manager)
    # Only the Endpoints and their slices are new: no pod, ReplicaSet or Deployment changed.
    assert {key[1:] for key in writes} == {
        ("", "endpoints"),
        ("discovery.k8s.io", "endpointslices"),
    }


# ---- same seed, same cluster ------------------------------------------------------------------
_VOLATILE = ("uid", "resourceVersion", "creationTimestamp", "ownerReferences")


def _snapshot(scenario: str, seed: int) -> dict[tuple[str, str, str, str], Any]:
    api, _ = build_api(scenario, "c", settings=SimSettings(seed=seed))
    out = {}
    for key in api.store.storage_keys():
        for okey in api.store.iter_keys(key, None, None):
            obj = api.store.get_by_key(key, okey)
            md = {k: v for k, v in obj["metadata"].items() if k not in _VOLATILE}
            out[(*key, *okey)] = (md, obj.get("spec"), obj.get("data"))
    return out


@pytest.mark.parametrize("scenario", ["demo", "scale:3:120"])
def test_same_seed_same_objects(scenario: str) -> None:
    first = _snapshot(scenario, 7)
    assert first == _snapshot(scenario, 7)
    if scenario.startswith("scale"):
        assert set(first) != set(_snapshot(scenario, 8))  # other names, sizes, placement
