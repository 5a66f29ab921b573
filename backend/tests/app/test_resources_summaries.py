"""Summary rows of crafted objects (pure functions): pod status as kubectl shows it, quantities,
QoS, node roles, secrets without values, and no summarizer failing on malformed objects."""

from __future__ import annotations

from typing import Any


def _pod(statuses: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    spec = {"containers": [{"name": f"c{i}"} for i in range(len(statuses) or 1)]}
    return {
        "metadata": {"name": "p", **extra.pop("meta", {})},
        "spec": spec,
        "status": {"phase": "Running", "containerStatuses": statuses, **extra},
    }


def test_pod_status_follows_kubectl() -> None:
    from app.services.summaries_pods import pod_status

    running = {"ready": True, "restartCount": 1, "state": {"running": {}}}
    crash = {"restartCount": 4, "state": {"waiting": {"reason": "CrashLoopBackOff"}}}
    done = {"state": {"terminated": {"reason": "Completed", "exitCode": 0}}}
    killed = {"state": {"terminated": {"signal": 9}}}
    assert pod_status(_pod([running, crash])) == ("CrashLoopBackOff", 1, 5)
    assert pod_status(_pod([running]))[:2] == ("Running", 1)
    assert pod_status(_pod([done], phase="Succeeded"))[0] == "Completed"
    assert pod_status(_pod([killed]))[0] == "Signal:9"
    assert pod_status(_pod([running], meta={"deletionTimestamp": "x"}))[0] == "Terminating"
    init = _pod([], initContainerStatuses=[{"state": {"waiting": {"reason": "PodInitializing"}}}])
    init["spec"]["initContainers"] = [{"name": "i"}]
    assert pod_status(init)[0] == "Init:0/1"
    init["status"]["initContainerStatuses"] = [crash]
    assert pod_status(init)[0] == "Init:CrashLoopBackOff"


def test_rows_of_crafted_objects() -> None:
    from app.services.summaries import summarize
    from app.services.summaries_base import SUMMARIZERS, as_bytes, millicores

    assert (millicores("1.5"), millicores("250m"), millicores("bogus")) == (1500, 250, None)
    assert (as_bytes("1Gi"), as_bytes("1e3"), as_bytes("128974848")) == (2**30, 1000, 128974848)
    same = {
        "requests": {"cpu": "1", "memory": "1Gi"},
        "limits": {"cpu": "1000m", "memory": "1024Mi"},
    }
    pod = summarize("pods", {"spec": {"containers": [{"resources": same}]}})
    assert pod["qos_class"] == "Guaranteed" and pod["cpu_requests_millicores"] == 1000
    node = summarize(
        "nodes",
        {
            "metadata": {"labels": {"node-role.kubernetes.io/worker": ""}},
            "spec": {"unschedulable": True},
            "status": {"conditions": [{"type": "Ready", "status": "False"}]},
        },
    )
    assert node["status"] == "NotReady,SchedulingDisabled" and node["roles"] == ["worker"]
    secret = summarize("secrets", {"type": "kubernetes.io/tls", "data": {"tls.key": "c2VjcmV0"}})
    assert secret["data_keys"] == 1 and "c2VjcmV0" not in str(secret)
    weird = {
        "metadata": "x",
        "spec": [],
        "status": {"conditions": "no", "containerStatuses": [None, 1]},
    }
    for resource in [*SUMMARIZERS, "widgets"]:
        for obj in ({}, weird, {"spec": {"replicas": "3"}, "status": None}):
            row = summarize(resource, obj)
            assert "summary_error" not in row and "name" in row, (resource, obj)
