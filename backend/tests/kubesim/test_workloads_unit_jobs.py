"""The Job and CronJob controllers in-process (the test plays the kubelet and finishes pods):
Jobs running to completion, giving up after the backoff limit, indexed completions; CronJobs
scheduling Jobs on their clock, the concurrency policy, history limits and suspension."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from kubesim.controllers.cronjobs import CronJobController
from tests.kubesim.workloads_support import Cluster, Obj, job


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
