"""Server-side Tables for workloads: Deployments, ReplicaSets, ReplicationControllers,
StatefulSets, DaemonSets, Jobs and CronJobs."""

from __future__ import annotations

from typing import Any

import pytest

from tests.kubesim.tables_support import ago, cells, meta

TEMPLATE: dict[str, Any] = {
    "metadata": {"labels": {"app": "web"}},
    "spec": {
        "containers": [{"name": "app", "image": "nginx:1.27"}, {"name": "log", "image": "busybox"}]
    },
}


def test_deployment_cells() -> None:
    obj = {
        "metadata": meta("web"),
        "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web"}}, "template": TEMPLATE},
        "status": {"replicas": 3, "readyReplicas": 2, "updatedReplicas": 3, "availableReplicas": 2},
    }
    assert cells("deployments", obj) == {
        "NAME": "web",
        "READY": "2/3",
        "UP-TO-DATE": 3,
        "AVAILABLE": 2,
        "AGE": "5m",
        "CONTAINERS": "app,log",
        "IMAGES": "nginx:1.27,busybox",
        "SELECTOR": "app=web",
    }


def test_deployment_selector_edge_cases() -> None:
    base: dict[str, Any] = {"metadata": meta("web"), "spec": {"template": TEMPLATE}}
    assert cells("deployments", base)["SELECTOR"] == ""
    bad = {**base, "spec": {"selector": {"matchExpressions": [{"key": "a", "operator": "Nope"}]}}}
    assert cells("deployments", bad)["SELECTOR"] == "<invalid>"
    expr = {"matchExpressions": [{"key": "tier", "operator": "In", "values": ["b", "a"]}]}
    assert cells("deployments", {**base, "spec": {"selector": expr}})["SELECTOR"] == (
        "tier in (a,b)"
    )


def test_replicaset_cells() -> None:
    obj = {
        "metadata": meta("web-7d9f"),
        "spec": {
            "replicas": 2,
            "selector": {"matchLabels": {"app": "web", "hash": "7d9f"}},
            "template": TEMPLATE,
        },
        "status": {"replicas": 2, "readyReplicas": 1},
    }
    assert cells("replicasets", obj) == {
        "NAME": "web-7d9f",
        "DESIRED": 2,
        "CURRENT": 2,
        "READY": 1,
        "AGE": "5m",
        "CONTAINERS": "app,log",
        "IMAGES": "nginx:1.27,busybox",
        "SELECTOR": "app=web,hash=7d9f",
    }
    assert cells("replicasets", {"spec": {"replicas": 0}})["DESIRED"] == 0
    assert cells("replicasets", {})["SELECTOR"] == "<none>"


def test_replication_controller_selector_is_a_plain_map() -> None:
    obj = {"metadata": meta("rc"), "spec": {"replicas": 1, "selector": {"b": "2", "a": "1"}}}
    assert cells("replicationcontrollers", obj)["SELECTOR"] == "a=1,b=2"


def test_statefulset_cells() -> None:
    obj = {
        "metadata": meta("db"),
        "spec": {"replicas": 3, "template": TEMPLATE},
        "status": {"readyReplicas": 3},
    }
    assert cells("statefulsets", obj) == {
        "NAME": "db",
        "READY": "3/3",
        "AGE": "5m",
        "CONTAINERS": "app,log",
        "IMAGES": "nginx:1.27,busybox",
    }


def test_daemonset_cells() -> None:
    template = {
        **TEMPLATE,
        "spec": {**TEMPLATE["spec"], "nodeSelector": {"kubernetes.io/os": "linux"}},
    }
    obj = {
        "metadata": meta("agent"),
        "spec": {"selector": {"matchLabels": {"app": "agent"}}, "template": template},
        "status": {
            "desiredNumberScheduled": 3,
            "currentNumberScheduled": 3,
            "numberReady": 2,
            "updatedNumberScheduled": 3,
            "numberAvailable": 2,
        },
    }
    assert cells("daemonsets", obj) == {
        "NAME": "agent",
        "DESIRED": 3,
        "CURRENT": 3,
        "READY": 2,
        "UP-TO-DATE": 3,
        "AVAILABLE": 2,
        "NODE SELECTOR": "kubernetes.io/os=linux",
        "AGE": "5m",
        "CONTAINERS": "app,log",
        "IMAGES": "nginx:1.27,busybox",
        "SELECTOR": "app=agent",
    }


def job(conditions: list[dict[str, str]] | None = None, **spec: Any) -> dict[str, Any]:
    return {
        "metadata": meta("backup"),
        "spec": {"template": TEMPLATE, "selector": {"matchLabels": {"job-name": "backup"}}, **spec},
        "status": {
            "succeeded": 1,
            "startTime": ago(minutes=4),
            "completionTime": ago(minutes=3, seconds=30),
            "conditions": conditions or [],
        },
    }


def test_job_cells() -> None:
    complete = job([{"type": "Complete", "status": "True"}], completions=1)
    assert cells("jobs", complete) == {
        "NAME": "backup",
        "STATUS": "Complete",
        "COMPLETIONS": "1/1",
        "DURATION": "30s",
        "AGE": "5m",
        "CONTAINERS": "app,log",
        "IMAGES": "nginx:1.27,busybox",
        "SELECTOR": "job-name=backup",
    }


@pytest.mark.parametrize(
    ("conditions", "status"),
    [
        ([], "Running"),
        ([{"type": "Complete", "status": "True"}], "Complete"),
        ([{"type": "Failed", "status": "True"}], "Failed"),
        ([{"type": "Suspended", "status": "True"}], "Suspended"),
        ([{"type": "FailureTarget", "status": "True"}], "FailureTarget"),
        ([{"type": "Suspended", "status": "False"}], "Running"),
    ],
)
def test_job_status(conditions: list[dict[str, str]], status: str) -> None:
    assert cells("jobs", job(conditions))["STATUS"] == status


def test_job_terminating_and_completions() -> None:
    deleting = job()
    deleting["metadata"]["deletionTimestamp"] = ago(seconds=1)
    assert cells("jobs", deleting)["STATUS"] == "Terminating"
    assert cells("jobs", job(completions=5))["COMPLETIONS"] == "1/5"
    assert cells("jobs", job(parallelism=3))["COMPLETIONS"] == "1/1 of 3"
    assert cells("jobs", job())["COMPLETIONS"] == "1/1"


def test_job_duration_while_running() -> None:
    running = job()
    del running["status"]["completionTime"]
    assert cells("jobs", running)["DURATION"] == "4m"
    del running["status"]["startTime"]
    assert cells("jobs", running)["DURATION"] == ""


def test_cronjob_cells() -> None:
    obj = {
        "metadata": meta("nightly"),
        "spec": {
            "schedule": "0 2 * * *",
            "suspend": False,
            "jobTemplate": {"spec": {"template": TEMPLATE}},
        },
        "status": {"active": [{"name": "nightly-1"}], "lastScheduleTime": ago(hours=10)},
    }
    assert cells("cronjobs", obj) == {
        "NAME": "nightly",
        "SCHEDULE": "0 2 * * *",
        "TIMEZONE": "<none>",
        "SUSPEND": "False",
        "ACTIVE": 1,
        "LAST SCHEDULE": "10h",
        "AGE": "5m",
        "CONTAINERS": "app,log",
        "IMAGES": "nginx:1.27,busybox",
        "SELECTOR": "<none>",
    }
    obj["spec"].update(suspend=True, timeZone="Europe/Paris")
    del obj["status"]["lastScheduleTime"]
    row = cells("cronjobs", obj)
    assert (row["SUSPEND"], row["TIMEZONE"], row["LAST SCHEDULE"]) == (
        "True",
        "Europe/Paris",
        "<none>",
    )
