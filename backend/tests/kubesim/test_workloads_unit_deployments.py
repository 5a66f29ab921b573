"""The Deployment and ReplicaSet controllers in-process (the test plays the kubelet): the pod
template hash, owned ReplicaSets and pods, status and conditions, rolling and Recreate updates,
undo, restart, scaling, pausing, history limits, progress deadlines, and ReplicaSets replacing
finished pods."""

from __future__ import annotations

import copy
import time

from kubesim.controllers.podtemplate import template_hash
from tests.kubesim.workloads_support import Cluster, deployment, replica_sets, set_image

SAFE = set("bcdfghjklmnpqrstvwxz2456789")


# ---- hashing ----------------------------------------------------------------------------------
def test_template_hash_is_stable_short_and_ignores_go_zero_values() -> None:
    template = deployment()["spec"]["template"]
    h = template_hash(template)
    assert h == template_hash(copy.deepcopy(template)) and 8 <= len(h) <= 10
    assert set(h) <= SAFE
    round_tripped = copy.deepcopy(template)
    round_tripped["metadata"]["creationTimestamp"] = None
    round_tripped["spec"]["containers"][0]["resources"] = {}
    assert template_hash(round_tripped) == h
    assert template_hash(set_image("nginx:2")["spec"]["template"]) != h
    assert template_hash(template, collision_count=1) != h


# ---- deployments ------------------------------------------------------------------------------
def test_deployment_makes_an_owned_replicaset_and_pods() -> None:
    c = Cluster()
    dep = c.create("deployments", deployment())
    [rs] = c.items("replicasets")
    pod_hash = rs["metadata"]["labels"]["pod-template-hash"]
    assert rs["metadata"]["name"] == f"web-{pod_hash}" and set(pod_hash) <= SAFE
    assert rs["spec"]["selector"]["matchLabels"] == {"app": "web", "pod-template-hash": pod_hash}
    assert rs["spec"]["template"]["metadata"]["labels"]["pod-template-hash"] == pod_hash
    assert rs["metadata"]["annotations"] == {
        "deployment.kubernetes.io/revision": "1",
        "deployment.kubernetes.io/desired-replicas": "3",
        "deployment.kubernetes.io/max-replicas": "4",
    }
    [owner] = rs["metadata"]["ownerReferences"]
    assert (owner["kind"], owner["uid"], owner["controller"]) == (
        "Deployment",
        dep["metadata"]["uid"],
        True,
    )
    pods = c.items("pods")
    assert len(pods) == 3
    for pod in pods:
        assert pod["metadata"]["name"].startswith(f"web-{pod_hash}-")
        assert len(pod["metadata"]["name"]) == len(f"web-{pod_hash}-") + 5
        assert pod["metadata"]["labels"] == {"app": "web", "pod-template-hash": pod_hash}
        assert pod["metadata"]["ownerReferences"][0]["uid"] == rs["metadata"]["uid"]
    assert c.events("ScalingReplicaSet") == [f"Scaled up replica set web-{pod_hash} from 0 to 3"]
    assert len(c.events("SuccessfulCreate")) == 3
    status = c.get("deployments", "web")["status"]
    assert status["replicas"] == 3 and "availableReplicas" not in status
    assert status["unavailableReplicas"] == 3


def test_deployment_status_once_pods_are_ready() -> None:
    c = Cluster()
    c.create("deployments", deployment())
    c.run_pods()
    dep = c.get("deployments", "web")
    assert dep["metadata"]["annotations"]["deployment.kubernetes.io/revision"] == "1"
    status = dep["status"]
    assert {k: v for k, v in status.items() if k != "conditions"} == {
        "observedGeneration": 1,
        "replicas": 3,
        "updatedReplicas": 3,
        "readyReplicas": 3,
        "availableReplicas": 3,
    }
    conditions = {c["type"]: c for c in status["conditions"]}
    assert [c["type"] for c in status["conditions"]] == ["Available", "Progressing"]
    assert conditions["Available"]["reason"] == "MinimumReplicasAvailable"
    rs_name = c.items("replicasets")[0]["metadata"]["name"]
    assert conditions["Progressing"]["reason"] == "NewReplicaSetAvailable"
    assert conditions["Progressing"]["message"] == (
        f'ReplicaSet "{rs_name}" has successfully progressed.'
    )
    assert {"lastUpdateTime", "lastTransitionTime"} <= set(conditions["Progressing"])
    rs_status = c.items("replicasets")[0]["status"]
    assert rs_status == {
        "replicas": 3,
        "fullyLabeledReplicas": 3,
        "readyReplicas": 3,
        "availableReplicas": 3,
        "observedGeneration": 1,
    }
    before = dep["metadata"]["resourceVersion"]
    c.manager.enqueue("deployment", "default", "web")
    c.settle()
    assert c.get("deployments", "web")["metadata"]["resourceVersion"] == before  # converged


def test_rolling_update_moves_one_pod_at_a_time() -> None:
    c = Cluster()
    strategy = {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1, "maxUnavailable": 0}}
    c.create("deployments", deployment(replicas=4, strategy=strategy))
    c.run_pods()
    c.patch("deployments", "web", set_image("nginx:2"))
    steps = []
    while True:
        rses = replica_sets(c)
        steps.append((rses["1"]["spec"]["replicas"], rses["2"]["spec"]["replicas"]))
        progressing = next(
            x
            for x in c.get("deployments", "web")["status"]["conditions"]
            if x["type"] == "Progressing"
        )
        if steps[-1] == (0, 4) or len(steps) > 10:
            break
        assert progressing["reason"] in ("NewReplicaSetCreated", "ReplicaSetUpdated")
        assert c.get("deployments", "web")["status"]["availableReplicas"] >= 4
        c.run_pods()
    assert steps == [(4, 1), (3, 2), (2, 3), (1, 4), (0, 4)]
    c.run_pods()
    dep = c.get("deployments", "web")
    assert dep["metadata"]["annotations"]["deployment.kubernetes.io/revision"] == "2"
    assert dep["status"]["updatedReplicas"] == 4 and dep["status"]["replicas"] == 4
    assert dep["status"]["conditions"][-1]["reason"] == "NewReplicaSetAvailable"
    assert "Scaled down replica set" in c.events("ScalingReplicaSet")[-1]


def test_undo_reuses_the_old_replicaset_with_a_new_revision() -> None:
    c = Cluster()
    c.create("deployments", deployment(replicas=2))
    c.run_pods()
    original = copy.deepcopy(c.get("deployments", "web")["spec"]["template"])
    c.patch("deployments", "web", set_image("nginx:2"))
    for _ in range(4):
        c.run_pods()
    # What `kubectl rollout undo` sends: the old ReplicaSet's template through Go structs.
    original["metadata"]["creationTimestamp"] = None
    original["spec"]["containers"][0]["resources"] = {}
    c.patch(
        "deployments",
        "web",
        [{"op": "replace", "path": "/spec/template", "value": original}],
        kind="json",
    )
    for _ in range(4):
        c.run_pods()
    rses = replica_sets(c)
    assert sorted(rses) == ["2", "3"]
    assert rses["3"]["spec"]["template"]["spec"]["containers"][0]["image"] == "nginx:1"
    assert rses["3"]["metadata"]["annotations"]["deployment.kubernetes.io/revision-history"] == (
        "1"
    )
    assert (rses["3"]["spec"]["replicas"], rses["2"]["spec"]["replicas"]) == (2, 0)
    dep = c.get("deployments", "web")
    assert dep["metadata"]["annotations"]["deployment.kubernetes.io/revision"] == "3"


def test_restart_scale_pause_and_history_limit() -> None:
    c = Cluster()
    c.create("deployments", deployment(replicas=2, revisionHistoryLimit=1))
    c.run_pods()
    for n in range(3):
        c.patch(
            "deployments",
            "web",
            {
                "spec": {
                    "template": {
                        "metadata": {
                            "annotations": {
                                "kubectl.kubernetes.io/restartedAt": f"2026-01-01T00:00:0{n}Z"
                            }
                        }
                    }
                }
            },
        )
        for _ in range(4):
            c.run_pods()
    assert sorted(replica_sets(c)) == ["3", "4"]  # the newest plus one old
    c.patch("deployments", "web", {"spec": {"replicas": 5}})
    assert replica_sets(c)["4"]["spec"]["replicas"] == 5 and len(c.items("pods")) == 5
    ready = [
        p["metadata"]["name"] for p in c.items("pods") if p["status"].get("phase") == "Running"
    ]
    c.patch("deployments", "web", {"spec": {"replicas": 2}})
    assert c.names("pods") == sorted(ready)  # the pods that were not ready went first
    c.patch("deployments", "web", {"spec": {"paused": True}})
    c.patch("deployments", "web", set_image("nginx:9"))
    assert sorted(replica_sets(c)) == ["3", "4"]
    progressing = c.get("deployments", "web")["status"]["conditions"][-1]
    assert (progressing["reason"], progressing["status"]) == ("DeploymentPaused", "Unknown")
    c.patch("deployments", "web", {"spec": {"paused": False}})
    assert sorted(replica_sets(c)) == ["3", "4", "5"]
    for _ in range(4):
        c.run_pods()
    assert sorted(replica_sets(c)) == ["4", "5"]  # cleaned up once the rollout completed


def test_stuck_rollout_exceeds_its_progress_deadline() -> None:
    c = Cluster()
    c.create("deployments", deployment(replicas=1, progressDeadlineSeconds=1))
    time.sleep(2.05)  # the condition's times have whole seconds
    c.manager.enqueue("deployment", "default", "web")  # what the wake-up timer does
    c.settle()
    progressing = c.get("deployments", "web")["status"]["conditions"][-1]
    assert (progressing["status"], progressing["reason"]) == ("False", "ProgressDeadlineExceeded")
    c.run_pods()  # progress resumes the rollout
    progressing = c.get("deployments", "web")["status"]["conditions"][-1]
    assert (progressing["status"], progressing["reason"]) == ("True", "NewReplicaSetAvailable")


def test_recreate_stops_old_pods_before_starting_new_ones() -> None:
    c = Cluster()
    c.create("deployments", deployment(replicas=2, strategy={"type": "Recreate"}))
    c.run_pods()
    for pod in c.items("pods"):  # on a node: their deletion takes the kubelet's time
        body = {**c.get("pods", pod["metadata"]["name"])}
        body["spec"] = {**body["spec"], "nodeName": "t-node-1"}
        c.api.update(c.rt("pods"), "default", pod["metadata"]["name"], body)
    c.patch("deployments", "web", set_image("nginx:2"))
    assert sorted(replica_sets(c)) == ["1"] and replica_sets(c)["1"]["spec"]["replicas"] == 0
    for pod in c.items("pods", live=False):
        c.api.finish_deletion(c.rt("pods"), "default", pod["metadata"]["name"])
    c.settle()
    assert replica_sets(c)["2"]["spec"]["replicas"] == 2


def test_replicaset_replaces_finished_pods() -> None:
    c = Cluster()
    rs = {
        "apiVersion": "apps/v1",
        "kind": "ReplicaSet",
        "metadata": {"name": "solo"},
        "spec": {
            "replicas": 2,
            "selector": {"matchLabels": {"app": "solo"}},
            "template": {
                "metadata": {"labels": {"app": "solo"}},
                "spec": {"containers": [{"name": "c", "image": "x"}]},
            },
        },
    }
    c.create("replicasets", rs)
    c.run_pods()
    first = c.names("pods")
    c.set_phase(c.get("pods", first[0]), "Failed", False)
    c.settle()
    now = c.names("pods")
    assert len(now) == 2 and first[0] not in now and first[1] in now
    assert c.events("SuccessfulDelete") == []  # a replacement is not a scale-down
    assert c.get("replicasets", "solo")["status"]["replicas"] == 2
