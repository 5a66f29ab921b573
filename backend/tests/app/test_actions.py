"""Delete (with propagation), scale and rollout restart, against two real kubesim clusters."""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from tests.support.kubedeck_process import Kubedeck
from tests.support.kubesim_process import Kubesim

_counter = itertools.count()

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: %(name)s}
spec:
  replicas: %(replicas)d
  selector: {matchLabels: {app: %(name)s}}
  template:
    metadata: {labels: {app: %(name)s}}
    spec:
      containers: [{name: main, image: "nginx:1.27"}]
"""


def fresh_namespace(*sims: Kubesim, prefix: str = "act") -> str:
    """A new namespace, created in each of the given clusters."""
    name = f"{prefix}-{next(_counter)}-{int(time.time() * 1000) % 100000}"
    for sim in sims:
        sim.kubectl("create", "namespace", name)
    return name


def kube_apply(sim: Kubesim, namespace: str, text: str) -> None:
    sim.kubectl("apply", "-n", namespace, "-f", "-", input_text=text)


def kube_get(sim: Kubesim, *args: str) -> Any:
    done = sim.kubectl("get", *args, "-o", "json", check=False)
    return json.loads(done.stdout) if done.returncode == 0 else None


def eventually(check: Callable[[], Any], timeout: float = 15.0, interval: float = 0.2) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout}s")
        time.sleep(interval)


def deployment(name: str, replicas: int = 1) -> str:
    return DEPLOYMENT % {"name": name, "replicas": replicas}


# ---- scale --------------------------------------------------------------------------------------
def test_scale_goes_to_the_chosen_cluster(deck: Kubedeck, sim_a: Kubesim, sim_b: Kubesim) -> None:
    ns = fresh_namespace(sim_a, sim_b)
    kube_apply(sim_a, ns, deployment("web"))
    kube_apply(sim_b, ns, deployment("web"))
    path = f"/api/v1/namespaces/{ns}/deployments/web/scale"
    reply = deck.call("POST", f"{path}?cluster_id=beta", {"replicas": 3})
    assert reply.status == 200, reply.body
    assert reply.body["replicas"] == 3 and reply.body["kind"] == "Deployment"
    assert reply.body["selector"] == "app=web"
    assert kube_get(sim_b, "deploy", "web", "-n", ns)["spec"]["replicas"] == 3
    assert kube_get(sim_a, "deploy", "web", "-n", ns)["spec"]["replicas"] == 1
    # Without cluster_id: the caller's active cluster (alpha, the default).
    assert deck.call("POST", path, {"replicas": 0}).body["replicas"] == 0
    assert kube_get(sim_a, "deploy", "web", "-n", ns)["spec"]["replicas"] == 0
    assert kube_get(sim_b, "deploy", "web", "-n", ns)["spec"]["replicas"] == 3
    # Short names work like kubectl's.
    assert (
        deck.call("POST", f"/api/v1/namespaces/{ns}/deploy/web/scale", {"replicas": 2}).status
        == 200
    )


def test_scale_refusals(deck: Kubedeck, sim_a: Kubesim) -> None:
    ns = fresh_namespace(sim_a)
    kube_apply(sim_a, ns, deployment("web"))
    path = f"/api/v1/namespaces/{ns}/deployments/web/scale"
    for bad in (-1, 1001, "three"):
        reply = deck.call("POST", path, {"replicas": bad})
        assert reply.status == 422, (bad, reply.body)
    cm = deck.call("POST", f"/api/v1/namespaces/{ns}/configmaps/x/scale", {"replicas": 1})
    assert cm.status == 400 and "deployments, statefulsets, replicasets" in cm.body["detail"]
    missing = deck.call("POST", f"/api/v1/namespaces/{ns}/deployments/nope/scale", {"replicas": 1})
    assert missing.status == 404, missing.body
    unknown = deck.call("POST", f"{path}?cluster_id=ghost", {"replicas": 1})
    assert unknown.status == 404 and "ghost" in unknown.body["detail"]


# ---- restart ------------------------------------------------------------------------------------
def test_restart_sets_the_restarted_at_annotation(
    deck: Kubedeck, sim_a: Kubesim, sim_b: Kubesim
) -> None:
    ns = fresh_namespace(sim_b)
    kube_apply(sim_b, ns, deployment("api"))
    reply = deck.call("POST", f"/api/v1/namespaces/{ns}/deployments/api/restart?cluster_id=beta")
    assert reply.status == 200, reply.body
    stamp = reply.body["restarted_at"]
    assert datetime.fromisoformat(stamp.replace("Z", "+00:00")).tzinfo is not None
    template = kube_get(sim_b, "deploy", "api", "-n", ns)["spec"]["template"]
    assert template["metadata"]["annotations"]["kubectl.kubernetes.io/restartedAt"] == stamp
    assert template["metadata"]["labels"] == {"app": "api"}  # a patch, not a replacement
    refused = deck.call("POST", f"/api/v1/namespaces/{ns}/configmaps/x/restart?cluster_id=beta")
    assert (
        refused.status == 400 and "deployments, statefulsets, daemonsets" in refused.body["detail"]
    )
    # kubectl refuses to restart a paused rollout, and so do we.
    sim_b.kubectl("patch", "deploy", "api", "-n", ns, "-p", '{"spec":{"paused":true}}')
    paused = deck.call("POST", f"/api/v1/namespaces/{ns}/deployments/api/restart?cluster_id=beta")
    assert paused.status == 409 and "paused" in paused.body["detail"]


# ---- delete -------------------------------------------------------------------------------------
def _owned_pair(sim: Kubesim, ns: str, owner: str, dependent: str) -> None:
    sim.kubectl("create", "configmap", owner, "-n", ns)
    uid = kube_get(sim, "cm", owner, "-n", ns)["metadata"]["uid"]
    kube_apply(
        sim,
        ns,
        json.dumps(
            {
                "apiVersion": "v1",
                "kind": "ConfigMap",
                "metadata": {
                    "name": dependent,
                    "ownerReferences": [
                        {"apiVersion": "v1", "kind": "ConfigMap", "name": owner, "uid": uid}
                    ],
                },
            }
        ),
    )


def test_delete_propagation_background_and_orphan(deck: Kubedeck, sim_a: Kubesim) -> None:
    ns = fresh_namespace(sim_a)
    _owned_pair(sim_a, ns, "owner-1", "child-1")
    _owned_pair(sim_a, ns, "owner-2", "child-2")
    gone = deck.call("DELETE", f"/api/v1/namespaces/{ns}/configmaps/owner-1")
    assert gone.status == 200, gone.body
    assert gone.body == {
        "deleted": True,
        "pending": False,
        "kind": "ConfigMap",
        "namespace": ns,
        "name": "owner-1",
        "propagation": "Background",
        "object": None,
    }
    eventually(lambda: kube_get(sim_a, "cm", "child-1", "-n", ns) is None)
    kept = deck.call("DELETE", f"/api/v1/namespaces/{ns}/configmaps/owner-2?propagation=Orphan")
    assert kept.status == 200 and kept.body["propagation"] == "Orphan"
    assert kube_get(sim_a, "cm", "owner-2", "-n", ns) is None
    orphan = kube_get(sim_a, "cm", "child-2", "-n", ns)
    assert orphan is not None and not orphan["metadata"].get("ownerReferences")
    bad = deck.call("DELETE", f"/api/v1/namespaces/{ns}/configmaps/child-2?propagation=Later")
    assert bad.status == 422


def test_delete_deployment_takes_or_leaves_its_replicasets(deck: Kubedeck, sim_a: Kubesim) -> None:
    ns = fresh_namespace(sim_a)
    kube_apply(sim_a, ns, deployment("gone") + "---\n" + deployment("kept"))

    def replicasets() -> list[str]:
        listed = kube_get(sim_a, "rs", "-n", ns) or {"items": []}
        return sorted(i["metadata"]["name"].rsplit("-", 1)[0] for i in listed["items"])

    eventually(lambda: replicasets() == ["gone", "kept"], timeout=20)
    assert deck.call("DELETE", f"/api/v1/namespaces/{ns}/deployments/gone").status == 200
    assert (
        deck.call("DELETE", f"/api/v1/namespaces/{ns}/deployments/kept?propagation=Orphan").status
        == 200
    )
    eventually(lambda: replicasets() == ["kept"])


def test_delete_pod_is_pending_while_it_terminates(deck: Kubedeck, sim_b: Kubesim) -> None:
    ns = fresh_namespace(sim_b)
    kube_apply(
        sim_b,
        ns,
        json.dumps(
            {
                "apiVersion": "v1",
                "kind": "Pod",
                "metadata": {"name": "p"},
                "spec": {
                    "terminationGracePeriodSeconds": 2,
                    "containers": [{"name": "main", "image": "nginx:1.27"}],
                },
            }
        ),
    )
    sim_b.kubectl("wait", "-n", ns, "--for=condition=Ready", "pod/p", "--timeout=20s")
    reply = deck.call("DELETE", f"/api/v1/namespaces/{ns}/pods/p?cluster_id=beta")
    assert reply.status == 200, reply.body
    assert reply.body["pending"] and not reply.body["deleted"]
    assert reply.body["object"]["metadata"]["deletionTimestamp"]
    eventually(lambda: kube_get(sim_b, "pod", "p", "-n", ns) is None)
    quick = fresh_namespace(sim_b)
    kube_apply(
        sim_b,
        quick,
        json.dumps(
            {
                "apiVersion": "v1",
                "kind": "Pod",
                "metadata": {"name": "q"},
                "spec": {"containers": [{"name": "main", "image": "nginx:1.27"}]},
            }
        ),
    )
    sim_b.kubectl("wait", "-n", quick, "--for=condition=Ready", "pod/q", "--timeout=20s")
    now = deck.call(
        "DELETE", f"/api/v1/namespaces/{quick}/pods/q?cluster_id=beta&grace_period_seconds=0"
    )
    assert now.body["deleted"] and not now.body["pending"], now.body


def test_delete_cluster_scoped_and_by_group_version(
    deck: Kubedeck, sim_a: Kubesim, sim_b: Kubesim
) -> None:
    ns = fresh_namespace(sim_a, sim_b)
    kube_apply(sim_a, ns, deployment("web"))
    kube_apply(sim_b, ns, deployment("web"))
    reply = deck.call(
        "DELETE", f"/api/v1/apis/apps/v1/namespaces/{ns}/deployments/web?cluster_id=beta"
    )
    assert reply.status == 200 and reply.body["kind"] == "Deployment", reply.body
    assert kube_get(sim_b, "deploy", "web", "-n", ns) is None
    assert kube_get(sim_a, "deploy", "web", "-n", ns) is not None
    sim_a.kubectl("create", "configmap", "c", "-n", ns)
    core = deck.call("DELETE", f"/api/v1/apis/core/v1/namespaces/{ns}/configmaps/c")
    assert core.status == 200 and kube_get(sim_a, "cm", "c", "-n", ns) is None
    whole = deck.call("DELETE", f"/api/v1/namespaces/{ns}?cluster_id=beta")
    assert whole.status == 200 and whole.body["kind"] == "Namespace", whole.body
    assert whole.body["namespace"] is None
    eventually(lambda: kube_get(sim_b, "ns", ns) is None)
    assert kube_get(sim_a, "ns", ns) is not None


def test_delete_refusals(deck: Kubedeck, sim_a: Kubesim) -> None:
    ns = fresh_namespace(sim_a)
    missing = deck.call("DELETE", f"/api/v1/namespaces/{ns}/configmaps/nope")
    assert missing.status == 404 and "nope" in missing.body["detail"]
    wrong_scope = deck.call("DELETE", "/api/v1/pods/p")
    assert wrong_scope.status == 400 and "namespaced" in wrong_scope.body["detail"]
    node_in_ns = deck.call("DELETE", f"/api/v1/namespaces/{ns}/nodes/n")
    assert node_in_ns.status == 400 and "cluster-scoped" in node_in_ns.body["detail"]
    unknown = deck.call("DELETE", f"/api/v1/namespaces/{ns}/widgets/w")
    assert unknown.status == 404 and "/api/v1/apis/" in unknown.body["detail"]
    no_group = deck.call("DELETE", f"/api/v1/apis/nope.example/v1/namespaces/{ns}/things/t")
    assert no_group.status == 404
    # ".." must never be joined into the API path: it would address the namespace itself.
    dots = deck.call("DELETE", f"/api/v1/namespaces/{ns}/configmaps/..")
    assert dots.status in (400, 404), dots.body
    assert kube_get(sim_a, "ns", ns) is not None
