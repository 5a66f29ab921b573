"""Server-side Tables for pods: READY, STATUS (init, sidecar, terminating, evicted),
RESTARTS, the wide columns and row conditions of completed pods."""

from __future__ import annotations

from typing import Any

import pytest

from kubesim.tables import render_table
from tests.kubesim.tables_support import NOW, POD, ago, cells, meta


def pod(
    statuses: list[dict[str, Any]],
    *,
    phase: str = "Running",
    containers: int | None = None,
    init: list[dict[str, Any]] | None = None,
    init_statuses: list[dict[str, Any]] | None = None,
    conditions: list[dict[str, Any]] | None = None,
    **metadata: Any,
) -> dict[str, Any]:
    count = len(statuses) if containers is None else containers
    return {
        "metadata": meta("p", **metadata),
        "spec": {
            "containers": [{"name": f"c{i}", "image": "img"} for i in range(count)],
            "initContainers": init or [],
        },
        "status": {
            "phase": phase,
            "containerStatuses": statuses,
            "initContainerStatuses": init_statuses or [],
            "conditions": conditions or [],
        },
    }


RUNNING = {"ready": True, "restartCount": 0, "state": {"running": {"startedAt": ago(minutes=4)}}}


def waiting(reason: str) -> dict[str, Any]:
    return {"ready": False, "restartCount": 0, "state": {"waiting": {"reason": reason}}}


def terminated(reason: str = "", exit_code: int = 0, signal: int = 0) -> dict[str, Any]:
    state = {"exitCode": exit_code, "reason": reason, "signal": signal}
    return {"ready": False, "restartCount": 0, "state": {"terminated": state}}


def test_running_pod_cells() -> None:
    assert cells("pods", POD) == {
        "NAME": "web-1",
        "READY": "1/1",
        "STATUS": "Running",
        "RESTARTS": "0",
        "AGE": "5m",
        "IP": "10.0.0.5",
        "NODE": "node-a",
        "NOMINATED NODE": "<none>",
        "READINESS GATES": "<none>",
    }


@pytest.mark.parametrize(
    ("obj", "ready", "status"),
    [
        (pod([], phase="Pending", containers=1), "0/1", "Pending"),
        (pod([waiting("ContainerCreating")]), "0/1", "ContainerCreating"),
        (pod([waiting("ImagePullBackOff")]), "0/1", "ImagePullBackOff"),
        (pod([RUNNING, waiting("CrashLoopBackOff")]), "1/2", "CrashLoopBackOff"),
        (pod([waiting("ErrImagePull"), waiting("CrashLoopBackOff")]), "0/2", "ErrImagePull"),
        (pod([terminated("Completed")], phase="Succeeded"), "0/1", "Completed"),
        (pod([terminated("Error", 1)], phase="Failed"), "0/1", "Error"),
        (pod([terminated(exit_code=137)], phase="Failed"), "0/1", "ExitCode:137"),
        (pod([terminated(signal=9)], phase="Failed"), "0/1", "Signal:9"),
        (pod([RUNNING], deletionTimestamp=ago(seconds=5)), "1/1", "Terminating"),
        (
            pod([terminated("Completed")], phase="Succeeded", deletionTimestamp=ago(seconds=5)),
            "0/1",
            "Completed",
        ),
        (
            {
                **pod([RUNNING], deletionTimestamp=ago(seconds=5)),
                "status": {
                    "phase": "Running",
                    "reason": "NodeLost",
                    "containerStatuses": [RUNNING],
                },
            },
            "1/1",
            "Unknown",
        ),
        ({**pod([]), "status": {"phase": "Failed", "reason": "Evicted"}}, "0/0", "Evicted"),
        (
            pod(
                [],
                phase="Pending",
                containers=1,
                conditions=[
                    {"type": "PodScheduled", "status": "False", "reason": "SchedulingGated"}
                ],
            ),
            "0/1",
            "SchedulingGated",
        ),
        # A finished sidecar-style container next to a running one reads Running/NotReady.
        (
            pod(
                [terminated("Completed"), RUNNING], conditions=[{"type": "Ready", "status": "True"}]
            ),
            "1/2",
            "Running",
        ),
        (pod([terminated("Completed"), RUNNING]), "1/2", "NotReady"),
    ],
)
def test_pod_status_column(obj: dict[str, Any], ready: str, status: str) -> None:
    row = cells("pods", obj)
    assert (row["READY"], row["STATUS"]) == (ready, status)


@pytest.mark.parametrize(
    ("init_statuses", "status"),
    [
        ([{"state": {"waiting": {"reason": "PodInitializing"}}}], "Init:0/2"),
        ([{"state": {"running": {}}}], "Init:0/2"),
        ([{"state": {"terminated": {"exitCode": 0}}}, {"state": {"running": {}}}], "Init:1/2"),
        ([{"state": {"waiting": {"reason": "CrashLoopBackOff"}}}], "Init:CrashLoopBackOff"),
        ([{"state": {"terminated": {"exitCode": 1, "reason": "Error"}}}], "Init:Error"),
        ([{"state": {"terminated": {"exitCode": 2}}}], "Init:ExitCode:2"),
        ([{"state": {"terminated": {"exitCode": 2, "signal": 15}}}], "Init:Signal:15"),
    ],
)
def test_pod_init_status(init_statuses: list[dict[str, Any]], status: str) -> None:
    init = [{"name": "i0", "image": "x"}, {"name": "i1", "image": "x"}]
    for i, s in enumerate(init_statuses):
        s["name"] = f"i{i}"
    obj = pod([waiting("PodInitializing")], phase="Pending", init=init, init_statuses=init_statuses)
    assert cells("pods", obj)["STATUS"] == status


def test_sidecar_init_containers_count_towards_ready() -> None:
    init = [{"name": "mesh", "image": "proxy", "restartPolicy": "Always"}]
    sidecar = {
        "name": "mesh",
        "ready": True,
        "started": True,
        "restartCount": 2,
        "state": {"running": {}},
        "lastState": {"terminated": {"finishedAt": ago(minutes=2)}},
    }
    obj = pod(
        [RUNNING],
        init=init,
        init_statuses=[sidecar],
        conditions=[{"type": "Initialized", "status": "True"}],
    )
    row = cells("pods", obj)
    assert (row["READY"], row["STATUS"], row["RESTARTS"]) == ("2/2", "Running", "2 (2m ago)")


def test_pod_restarts_with_last_termination() -> None:
    crashed = {
        **waiting("CrashLoopBackOff"),
        "restartCount": 3,
        "lastState": {"terminated": {"finishedAt": ago(minutes=1), "exitCode": 1}},
    }
    other = {
        **RUNNING,
        "restartCount": 2,
        "lastState": {"terminated": {"finishedAt": ago(hours=1), "exitCode": 1}},
    }
    assert cells("pods", pod([crashed, other]))["RESTARTS"] == "5 (60s ago)"
    assert cells("pods", pod([{**RUNNING, "restartCount": 4}]))["RESTARTS"] == "4"


def test_pod_wide_columns() -> None:
    obj = pod([RUNNING])
    obj["spec"]["nodeName"] = "node-b"
    obj["spec"]["readinessGates"] = [{"conditionType": "a/ok"}, {"conditionType": "b/ok"}]
    obj["status"]["conditions"] = [
        {"type": "a/ok", "status": "True"},
        {"type": "b/ok", "status": "False"},
    ]
    obj["status"]["podIPs"] = [{"ip": "10.1.0.9"}, {"ip": "fd00::9"}]
    obj["status"]["nominatedNodeName"] = "node-c"
    row = cells("pods", obj)
    assert (row["IP"], row["NODE"], row["NOMINATED NODE"], row["READINESS GATES"]) == (
        "10.1.0.9",
        "node-b",
        "node-c",
        "1/2",
    )


def test_completed_pods_carry_row_conditions() -> None:
    succeeded = render_table("pods", [pod([terminated("Completed")], phase="Succeeded")], now=NOW)
    assert succeeded["rows"][0]["conditions"] == [
        {
            "type": "Completed",
            "status": "True",
            "reason": "Succeeded",
            "message": "The pod has completed successfully.",
        }
    ]
    failed = render_table("pods", [pod([terminated("Error", 1)], phase="Failed")], now=NOW)
    assert failed["rows"][0]["conditions"][0]["reason"] == "Failed"
    assert "conditions" not in render_table("pods", [POD], now=NOW)["rows"][0]
