"""The workload controllers in-process: a Manager with only them registered, driven step by step
with `drain()` while the test plays the kubelet (it marks pods Running/Ready or finished), plus a
few runs with the real scheduler and kubelet on a fast clock, and the cron parser."""

from __future__ import annotations

import asyncio
import copy
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from kubesim import crds, meta, scenarios
from kubesim.apiserver import ApiServer, DeleteOptions
from kubesim.catalogue import Catalogue, ResourceType
from kubesim.controllers import workloads
from kubesim.controllers.cron_schedule import CronError, latest_fire, next_fire, parse_cron
from kubesim.controllers.cronjobs import CronJobController
from kubesim.controllers.podtemplate import template_hash
from kubesim.controllers.runtime import Manager, SimSettings
from kubesim.selectors import parse_label_selector
from kubesim.server import build_api
from kubesim.store import Store

Obj = dict[str, Any]
_GROUPS = {
    "pods": "",
    "nodes": "",
    "persistentvolumeclaims": "",
    "events": "",
    "deployments": "apps",
    "replicasets": "apps",
    "statefulsets": "apps",
    "daemonsets": "apps",
    "controllerrevisions": "apps",
    "jobs": "batch",
    "cronjobs": "batch",
}
SAFE = set("bcdfghjklmnpqrstvwxz2456789")


class Cluster:
    """An API with only the workload controllers: the test is the scheduler and kubelet."""

    def __init__(self) -> None:
        self.api = ApiServer(Catalogue(), Store())
        crds.install(self.api)
        scenarios.install_namespace_defaults(self.api)
        self.manager = Manager(self.api, SimSettings())
        workloads.register(self.manager)
        scenarios.empty(self.api, "t", 0)
        self.settle()

    def rt(self, resource: str) -> ResourceType:
        group = _GROUPS[resource]
        found = self.api.catalogue.lookup(group, "v1", resource)
        assert found is not None
        return found

    def settle(self) -> None:
        self.manager.drain()

    def create(self, resource: str, body: Obj, ns: str = "default") -> Obj:
        created = self.api.create(self.rt(resource), ns if resource != "nodes" else "", body)
        self.settle()
        return created

    def get(self, resource: str, name: str, ns: str = "default") -> Obj:
        return self.api.get(self.rt(resource), ns, name)

    def patch(self, resource: str, name: str, patch: Any, kind: str = "strategic") -> Obj:
        obj, _ = self.api.patch(self.rt(resource), "default", name, kind, patch)
        self.settle()
        return obj

    def items(self, resource: str, labels: str = "", live: bool = True) -> list[Obj]:
        selector = parse_label_selector(labels) if labels else None
        ns = None if resource == "nodes" else "default"
        found = self.api.list(self.rt(resource), ns, selector).items
        return [
            copy.deepcopy(o) for o in found if not (live and o["metadata"].get("deletionTimestamp"))
        ]

    def names(self, resource: str, labels: str = "") -> list[str]:
        return sorted(o["metadata"]["name"] for o in self.items(resource, labels))

    def set_phase(self, pod: Obj, phase: str, ready: bool) -> None:
        status = {
            "phase": phase,
            "conditions": [
                {
                    "type": "Ready",
                    "status": "True" if ready else "False",
                    "lastTransitionTime": meta.now_rfc3339(),
                }
            ],
        }
        current = self.get("pods", pod["metadata"]["name"])
        self.api.update(
            self.rt("pods"),
            "default",
            pod["metadata"]["name"],
            {**current, "status": status},
            subresource="status",
        )

    def run_pods(self, labels: str = "") -> int:
        """Play the kubelet: every pending pod starts and becomes Ready."""
        started = 0
        for pod in self.items("pods", labels):
            if (pod.get("status") or {}).get("phase", "Pending") == "Pending":
                self.set_phase(pod, "Running", True)
                started += 1
        self.settle()
        return started

    def events(self, reason: str) -> list[str]:
        return [e["message"] for e in self.items("events") if e["reason"] == reason]


def deployment(name: str = "web", replicas: int = 3, image: str = "nginx:1", **spec: Any) -> Obj:
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": name},
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": {"app": name}},
            "template": {
                "metadata": {"labels": {"app": name}},
                "spec": {"containers": [{"name": "main", "image": image}]},
            },
            **spec,
        },
    }


def set_image(image: str) -> Obj:
    return {"spec": {"template": {"spec": {"containers": [{"name": "main", "image": image}]}}}}


def replica_sets(c: Cluster, app: str = "web") -> dict[str, Obj]:
    return {
        r["metadata"]["annotations"]["deployment.kubernetes.io/revision"]: r
        for r in c.items("replicasets", f"app={app}")
    }


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


# ---- statefulsets ----------------------------------------------------------------------------
def statefulset(**spec: Any) -> Obj:
    return {
        "apiVersion": "apps/v1",
        "kind": "StatefulSet",
        "metadata": {"name": "db"},
        "spec": {
            "replicas": 3,
            "serviceName": "db",
            "selector": {"matchLabels": {"app": "db"}},
            "template": {
                "metadata": {"labels": {"app": "db"}},
                "spec": {"containers": [{"name": "main", "image": "pg:1"}]},
            },
            "volumeClaimTemplates": [
                {
                    "metadata": {"name": "data"},
                    "spec": {
                        "accessModes": ["ReadWriteOnce"],
                        "resources": {"requests": {"storage": "1Gi"}},
                    },
                }
            ],
            **spec,
        },
    }


def test_statefulset_creates_ordinals_in_order_with_claims() -> None:
    c = Cluster()
    c.create("statefulsets", statefulset())
    assert c.names("pods") == ["db-0"]
    c.run_pods()
    assert c.names("pods") == ["db-0", "db-1"]
    c.run_pods()
    c.run_pods()
    pod = c.get("pods", "db-2")
    sts = c.get("statefulsets", "db")
    revision = sts["status"]["updateRevision"]
    assert pod["metadata"]["labels"] == {
        "app": "db",
        "controller-revision-hash": revision,
        "statefulset.kubernetes.io/pod-name": "db-2",
        "apps.kubernetes.io/pod-index": "2",
    }
    assert (pod["spec"]["hostname"], pod["spec"]["subdomain"]) == ("db-2", "db")
    assert pod["spec"]["volumes"] == [
        {"name": "data", "persistentVolumeClaim": {"claimName": "data-db-2"}}
    ]
    assert c.names("persistentvolumeclaims") == ["data-db-0", "data-db-1", "data-db-2"]
    claim = c.get("persistentvolumeclaims", "data-db-0")
    assert claim["metadata"]["labels"] == {"app": "db"}
    assert "ownerReferences" not in claim["metadata"]
    assert sts["status"] == {
        "observedGeneration": 1,
        "replicas": 3,
        "readyReplicas": 3,
        "currentReplicas": 3,
        "updatedReplicas": 3,
        "availableReplicas": 3,
        "currentRevision": revision,
        "updateRevision": revision,
        "collisionCount": 0,
    }
    [history] = c.items("controllerrevisions")
    assert (history["metadata"]["name"], history["revision"]) == (revision, 1)
    assert c.events("SuccessfulCreate")[:2] == [
        "create Claim data-db-0 Pod db-0 in StatefulSet db success",
        "create Pod db-0 in StatefulSet db successful",
    ]


def test_statefulset_rolls_from_the_highest_ordinal_and_scales_down() -> None:
    c = Cluster()
    c.create("statefulsets", statefulset())
    for _ in range(3):
        c.run_pods()
    old = c.get("statefulsets", "db")["status"]["currentRevision"]
    c.patch("statefulsets", "db", set_image("pg:2"))
    new = c.get("statefulsets", "db")["status"]["updateRevision"]
    order = []
    for _ in range(6):
        revisions = {
            p["metadata"]["name"]: p["metadata"]["labels"]["controller-revision-hash"]
            for p in c.items("pods")
        }
        order.append("".join("n" if revisions.get(f"db-{i}") == new else "o" for i in range(3)))
        c.run_pods()
    assert order[:4] == ["oon", "onn", "nnn", "nnn"]
    status = c.get("statefulsets", "db")["status"]
    assert status["currentRevision"] == status["updateRevision"] == new != old
    assert [
        r["revision"] for r in sorted(c.items("controllerrevisions"), key=lambda r: r["revision"])
    ] == [1, 2]
    c.patch("statefulsets", "db", {"spec": {"replicas": 1}})
    assert c.names("pods") == ["db-0"]
    assert len(c.names("persistentvolumeclaims")) == 3  # claims survive a scale-down
    assert "delete Pod db-1 in StatefulSet db successful" in c.events("SuccessfulDelete")


def test_parallel_statefulset_starts_everything_at_once() -> None:
    c = Cluster()
    c.create("statefulsets", statefulset(podManagementPolicy="Parallel"))
    assert c.names("pods") == ["db-0", "db-1", "db-2"]


# ---- daemonsets --------------------------------------------------------------------------------
def node(name: str, labels: dict[str, str] | None = None, taint: bool = False) -> Obj:
    body = scenarios.node(name, labels=labels)
    if taint:
        body["spec"]["taints"] = [
            {"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}
        ]
    return body


def daemonset(**template_spec: Any) -> Obj:
    return {
        "apiVersion": "apps/v1",
        "kind": "DaemonSet",
        "metadata": {"name": "agent"},
        "spec": {
            "selector": {"matchLabels": {"app": "agent"}},
            "template": {
                "metadata": {"labels": {"app": "agent"}},
                "spec": {"containers": [{"name": "main", "image": "agent:1"}], **template_spec},
            },
        },
    }


def test_daemonset_follows_nodes_selectors_and_taints() -> None:
    c = Cluster()
    c.api.create(c.rt("nodes"), "", node("gpu-1", {"gpu": "yes"}), keep_status=True)
    c.api.create(c.rt("nodes"), "", node("master", taint=True), keep_status=True)
    c.create("daemonsets", daemonset())

    def placed() -> list[str]:
        return sorted(p["spec"]["nodeName"] for p in c.items("pods"))

    assert placed() == ["gpu-1", "t-node-1"]  # the tainted node is skipped
    pod = c.items("pods")[0]
    assert pod["metadata"]["name"].startswith("agent-")
    assert {"controller-revision-hash", "pod-template-generation"} <= set(pod["metadata"]["labels"])
    assert any(t["key"] == "node.kubernetes.io/unschedulable" for t in pod["spec"]["tolerations"])
    status = c.get("daemonsets", "agent")["status"]
    assert (status["desiredNumberScheduled"], status["currentNumberScheduled"]) == (2, 2)
    assert status["numberReady"] == 0 and status["numberMisscheduled"] == 0
    c.api.create(c.rt("nodes"), "", node("late"), keep_status=True)
    c.settle()
    assert placed() == ["gpu-1", "late", "t-node-1"]
    c.api.delete(c.rt("nodes"), "", "late", DeleteOptions())
    c.settle()
    assert placed() == ["gpu-1", "t-node-1"]
    c.patch(
        "daemonsets", "agent", {"spec": {"template": {"spec": {"nodeSelector": {"gpu": "yes"}}}}}
    )
    assert placed() == ["gpu-1"]


# ---- jobs -------------------------------------------------------------------------------------
def job(name: str = "pi", annotations: dict[str, str] | None = None, **spec: Any) -> Obj:
    return {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": name, "annotations": annotations or {}},
        "spec": {
            "template": {
                "spec": {
                    "restartPolicy": "Never",
                    "containers": [{"name": "main", "image": "perl"}],
                }
            },
            **spec,
        },
    }


def finish(c: Cluster, phase: str, limit: int = 100) -> None:
    for pod in c.items("pods")[:limit]:
        if pod["status"].get("phase") not in ("Succeeded", "Failed"):
            c.set_phase(pod, phase, False)
    c.settle()


def test_job_runs_pods_to_completion() -> None:
    c = Cluster()
    created = c.create("jobs", job(completions=3, parallelism=2))
    uid = created["metadata"]["uid"]
    pods = c.items("pods")
    assert len(pods) == 2
    assert pods[0]["metadata"]["labels"] == {
        "batch.kubernetes.io/controller-uid": uid,
        "batch.kubernetes.io/job-name": "pi",
        "controller-uid": uid,
        "job-name": "pi",
    }
    assert c.get("jobs", "pi")["spec"]["selector"] == {
        "matchLabels": {"batch.kubernetes.io/controller-uid": uid}
    }
    finish(c, "Succeeded", limit=1)
    assert c.get("jobs", "pi")["status"]["succeeded"] == 1 and len(c.items("pods")) == 3
    finish(c, "Succeeded")
    status = c.get("jobs", "pi")["status"]
    assert status["succeeded"] == 3 and "active" not in status and status["completionTime"]
    assert [(x["type"], x["status"]) for x in status["conditions"]] == [
        ("SuccessCriteriaMet", "True"),
        ("Complete", "True"),
    ]
    assert c.events("Completed") == ["Job completed"]


def test_failing_job_gives_up_after_the_backoff_limit() -> None:
    c = Cluster()
    c.create("jobs", job(annotations={"kubesim.io/fail": "true"}, backoffLimit=2))
    assert c.items("pods")[0]["metadata"]["annotations"]["kubesim.io/fail"] == "true"
    for _ in range(3):
        finish(c, "Failed")
    status = c.get("jobs", "pi")["status"]
    assert status["failed"] == 3 and len(c.items("pods")) == 3
    failed = {x["type"]: x for x in status["conditions"]}["Failed"]
    assert (failed["status"], failed["reason"]) == ("True", "BackoffLimitExceeded")
    assert "completionTime" not in status


def test_indexed_job_names_and_completed_indexes() -> None:
    c = Cluster()
    c.create("jobs", job(completions=3, parallelism=3, completionMode="Indexed"))
    names = c.names("pods")
    assert [n.rsplit("-", 1)[0] for n in names] == ["pi-0", "pi-1", "pi-2"]
    finish(c, "Succeeded", limit=2)
    assert c.get("jobs", "pi")["status"]["completedIndexes"] == "0-1"


# ---- cronjobs ---------------------------------------------------------------------------------
def at(text: str) -> float:
    return datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp()


def iso(ts: float | None) -> str:
    assert ts is not None
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d %H:%M")


@pytest.mark.parametrize(
    ("expr", "after", "expected"),
    [
        ("*/15 * * * *", "2026-03-01 10:07", "2026-03-01 10:15"),
        ("*/1 * * * *", "2026-03-01 10:07:30", "2026-03-01 10:08"),
        ("0 * * * *", "2026-03-01 10:00", "2026-03-01 11:00"),
        ("@hourly", "2026-03-01 23:59", "2026-03-02 00:00"),
        ("@daily", "2026-12-31 12:00", "2027-01-01 00:00"),
        ("30 9 * * mon-fri", "2026-03-06 10:00", "2026-03-09 09:30"),  # Friday → Monday
        ("0 0 1,15 * *", "2026-03-02 00:00", "2026-03-15 00:00"),
        ("5-10/5 8-9 * jan,mar *", "2026-03-01 09:10", "2026-03-02 08:05"),
        ("5-10/5 8-9 * jan,mar *", "2026-03-31 09:10", "2027-01-01 08:05"),
        ("0 12 13 * 5", "2026-03-01 00:00", "2026-03-06 12:00"),  # day 13 OR a Friday
        ("0 0 29 2 *", "2026-03-01 00:00", "2028-02-29 00:00"),
        ("0 0 * * 7", "2026-03-01 00:00", "2026-03-08 00:00"),  # 7 is Sunday
    ],
)
def test_cron_next_fire(expr: str, after: str, expected: str) -> None:
    assert iso(next_fire(parse_cron(expr), at(after))) == expected


@pytest.mark.parametrize(
    "expr",
    [
        "* * * *",
        "60 * * * *",
        "* 24 * * *",
        "*/0 * * * *",
        "5-1 * * * *",
        "x * * * *",
        "@fortnightly",
    ],
)
def test_cron_rejects_bad_expressions(expr: str) -> None:
    with pytest.raises(CronError):
        parse_cron(expr)


def test_cron_that_never_fires() -> None:
    assert next_fire(parse_cron("0 0 30 2 *"), at("2026-01-01 00:00")) is None


def test_cron_latest_fire_and_time_zones() -> None:
    assert iso(latest_fire(parse_cron("*/15 * * * *"), at("2026-03-01 10:07"))) == (
        "2026-03-01 10:00"
    )
    assert iso(latest_fire(parse_cron("0 0 1 * *"), at("2026-03-01 00:00"))) == ("2026-03-01 00:00")
    assert iso(latest_fire(parse_cron("30 9 * * 1"), at("2026-03-01 00:00"))) == (
        "2026-02-23 09:30"
    )
    # 09:00 in Berlin (UTC+1 in winter) is 08:00 UTC.
    assert (
        iso(next_fire(parse_cron("0 9 * * *"), at("2026-01-10 00:00"), ZoneInfo("Europe/Berlin")))
        == "2026-01-10 08:00"
    )


def cronjob(**spec: Any) -> Obj:
    return {
        "apiVersion": "batch/v1",
        "kind": "CronJob",
        "metadata": {"name": "tick"},
        "spec": {
            "schedule": "*/5 * * * *",
            "jobTemplate": {
                "metadata": {"labels": {"team": "a"}},
                "spec": {
                    "template": {
                        "spec": {
                            "restartPolicy": "Never",
                            "containers": [{"name": "main", "image": "busybox"}],
                        }
                    }
                },
            },
            **spec,
        },
    }


def tick(c: Cluster, controller: CronJobController, when: float) -> None:
    controller.clock = lambda: when
    c.manager.enqueue("cronjob", "default", "tick")
    c.settle()


def test_cronjob_schedules_jobs_and_keeps_history() -> None:
    c = Cluster()
    controller = c.manager.controllers["cronjob"]
    assert isinstance(controller, CronJobController)
    controller.clock = lambda: time.time() - 3600  # created "now": nothing due an hour ago
    created = c.create("cronjobs", cronjob(concurrencyPolicy="Forbid"))
    assert c.items("jobs") == []
    base = (int(time.time()) // 300 + 1) * 300  # the next */5 boundary
    tick(c, controller, base + 10)
    [j] = c.items("jobs")
    assert j["metadata"]["name"] == f"tick-{base // 60}"
    assert j["metadata"]["labels"]["team"] == "a"
    assert j["metadata"]["annotations"]["cronjob.kubernetes.io/scheduled-timestamp"] == (
        datetime.fromtimestamp(base, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    )
    assert j["metadata"]["ownerReferences"][0]["uid"] == created["metadata"]["uid"]
    status = c.get("cronjobs", "tick")["status"]
    assert [a["name"] for a in status["active"]] == [j["metadata"]["name"]]
    tick(c, controller, base + 310)  # Forbid: the first run is still going
    assert len(c.items("jobs")) == 1 and c.events("JobAlreadyActive")
    finish(c, "Succeeded")
    tick(c, controller, base + 320)  # the missed run starts late, once
    assert len(c.items("jobs")) == 2
    for n in range(2, 6):
        finish(c, "Succeeded")
        tick(c, controller, base + 300 * n + 5)
    finish(c, "Succeeded")
    assert len(c.items("jobs")) == 3  # successfulJobsHistoryLimit
    status = c.get("cronjobs", "tick")["status"]
    assert "active" not in status and status["lastSuccessfulTime"]
    assert status["lastScheduleTime"] == datetime.fromtimestamp(base + 1500, UTC).strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )
    c.patch("cronjobs", "tick", {"spec": {"suspend": True}})
    tick(c, controller, base + 1805)
    assert len(c.items("jobs")) == 3


# ---- with the real scheduler and kubelet -------------------------------------------------------
FAST = SimSettings(pod_startup_seconds=0.05, pod_termination_seconds=0.05, job_pod_seconds=0.1)


async def until(check: Callable[[], bool], within: float = 10.0) -> None:
    deadline = time.monotonic() + within
    while not check():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.05)


async def test_everything_settles_with_the_real_kubelet() -> None:
    api, manager = build_api("empty", "t", settings=FAST)
    manager.start()
    try:

        def rt(resource: str) -> ResourceType:
            found = api.catalogue.lookup(_GROUPS[resource], "v1", resource)
            assert found is not None
            return found

        def status(resource: str, name: str) -> Obj:
            return dict(api.get(rt(resource), "default", name).get("status") or {})

        api.create(rt("deployments"), "default", deployment(replicas=2))
        api.create(rt("statefulsets"), "default", statefulset(replicas=2))
        api.create(rt("daemonsets"), "default", daemonset())
        api.create(rt("jobs"), "default", job(completions=2))
        await until(lambda: status("deployments", "web").get("availableReplicas") == 2)
        api.patch(rt("deployments"), "default", "web", "strategic", set_image("nginx:2"))
        await until(
            lambda: (
                status("deployments", "web").get("updatedReplicas") == 2
                and status("deployments", "web").get("replicas") == 2
                and status("deployments", "web").get("availableReplicas") == 2
            )
        )
        await until(lambda: status("statefulsets", "db").get("readyReplicas") == 2)
        await until(lambda: status("daemonsets", "agent").get("numberReady") == 1)
        await until(lambda: status("jobs", "pi").get("succeeded") == 2)
        assert status("jobs", "pi")["conditions"][-1]["type"] == "Complete"
    finally:
        await manager.stop()
