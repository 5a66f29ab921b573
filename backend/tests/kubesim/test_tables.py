"""Server-side Tables: columns, cell formats, includeObject modes and sparse objects."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from kubesim.printers import PRINTERS
from kubesim.tables import human_duration, render_table

NOW = datetime(2024, 6, 1, 12, 0, 0, tzinfo=UTC)


def ago(**delta: float) -> str:
    """An RFC 3339 timestamp `delta` before NOW."""
    return (NOW - timedelta(**delta)).strftime("%Y-%m-%dT%H:%M:%SZ")


def meta(name: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "namespace": "default", "creationTimestamp": ago(minutes=5), **extra}


def cells(resource: str, obj: dict[str, Any]) -> dict[str, Any]:
    """The row of one object, keyed by upper-cased column name as kubectl shows them."""
    table = render_table(resource, [obj], now=NOW)
    names = [c["name"].upper() for c in table["columnDefinitions"]]
    row = table["rows"][0]["cells"]
    assert len(row) == len(names)
    return dict(zip(names, row, strict=True))


def columns(resource: str) -> list[tuple[str, int]]:
    table = render_table(resource, [], now=NOW)
    return [(c["name"].upper(), c["priority"]) for c in table["columnDefinitions"]]


# ---- human_duration ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (-5, "<invalid>"),
        (-2, "<invalid>"),
        (-1.5, "0s"),  # up to a second of skew counts as now
        (-1, "0s"),
        (0, "0s"),
        (0.9, "0s"),
        (45, "45s"),
        (119, "119s"),
        (120, "2m"),
        (125, "2m5s"),
        (330, "5m30s"),
        (599, "9m59s"),
        (600, "10m"),
        (659, "10m"),
        (3 * 3600 - 1, "179m"),
        (3 * 3600, "3h"),
        (3 * 3600 + 60 * 30, "3h30m"),
        (8 * 3600 - 1, "7h59m"),
        (8 * 3600, "8h"),
        (48 * 3600 - 1, "47h"),
        (48 * 3600, "2d"),
        (53 * 3600, "2d5h"),
        (8 * 86400 - 1, "7d23h"),
        (8 * 86400, "8d"),
        (10 * 86400, "10d"),
        (730 * 86400 - 1, "729d"),
        (730 * 86400, "2y"),
        (780 * 86400, "2y50d"),
        (8 * 365 * 86400 - 1, "7y364d"),
        (8 * 365 * 86400, "8y"),
        (30 * 365 * 86400, "30y"),
    ],
)
def test_human_duration(seconds: float, expected: str) -> None:
    assert human_duration(timedelta(seconds=seconds)) == expected


# ---- envelope ------------------------------------------------------------------------------

POD: dict[str, Any] = {
    "apiVersion": "v1",
    "kind": "Pod",
    "metadata": meta("web-1", uid="u-1", labels={"app": "web"}),
    "spec": {"nodeName": "node-a", "containers": [{"name": "app", "image": "nginx:1.27"}]},
    "status": {
        "phase": "Running",
        "podIP": "10.0.0.5",
        "podIPs": [{"ip": "10.0.0.5"}],
        "containerStatuses": [
            {"name": "app", "ready": True, "restartCount": 0, "state": {"running": {}}}
        ],
    },
}


def test_table_envelope() -> None:
    table = render_table("pods", [POD], now=NOW, resource_version="42", continue_token="tok")
    assert table["kind"] == "Table"
    assert table["apiVersion"] == "meta.k8s.io/v1"
    assert table["metadata"] == {"resourceVersion": "42", "continue": "tok"}
    for definition in table["columnDefinitions"]:
        assert set(definition) == {"name", "type", "format", "description", "priority"}
    assert table["columnDefinitions"][0]["format"] == "name"
    assert all(c["format"] == "" for c in table["columnDefinitions"][1:])
    json.dumps(table)  # the whole reply is plain JSON


def test_metadata_omits_empty_fields_and_definitions_can_be_skipped() -> None:
    table = render_table("pods", [POD], now=NOW, include_column_definitions=False)
    assert table["metadata"] == {}
    assert table["columnDefinitions"] == []
    assert len(table["rows"][0]["cells"]) == 9


def test_include_object_metadata_is_the_default() -> None:
    row = render_table("pods", [POD], now=NOW)["rows"][0]
    assert row["object"] == {
        "kind": "PartialObjectMetadata",
        "apiVersion": "meta.k8s.io/v1",
        "metadata": POD["metadata"],
    }


def test_include_object_object_and_none() -> None:
    full = render_table("pods", [POD], now=NOW, include_object="Object")["rows"][0]
    assert full["object"] == POD
    assert full["object"]["kind"] == "Pod"
    bare = render_table("pods", [POD], now=NOW, include_object="None")["rows"][0]
    assert "object" not in bare
    assert bare["cells"][0] == "web-1"


def test_include_object_rejects_unknown_modes() -> None:
    with pytest.raises(ValueError, match="includeObject"):
        render_table("pods", [POD], include_object="Everything")


def test_rows_keep_object_order() -> None:
    objects = [{"metadata": {"name": n}} for n in ("b", "a", "c")]
    table = render_table("configmaps", objects, now=NOW)
    assert [r["cells"][0] for r in table["rows"]] == ["b", "a", "c"]


def test_default_now_and_naive_now() -> None:
    fresh = {"metadata": {"name": "x", "creationTimestamp": datetime.now(UTC).isoformat()}}
    assert render_table("widgets", [fresh])["rows"][0]["cells"][1].endswith("s")
    naive = NOW.replace(tzinfo=None)
    obj = {"metadata": {"name": "x", "creationTimestamp": ago(hours=3)}}
    assert render_table("widgets", [obj], now=naive)["rows"][0]["cells"] == ["x", "3h"]


# ---- column layouts ------------------------------------------------------------------------

EXPECTED_COLUMNS: dict[str, tuple[list[str], list[str]]] = {
    "pods": (
        ["NAME", "READY", "STATUS", "RESTARTS", "AGE"],
        ["IP", "NODE", "NOMINATED NODE", "READINESS GATES"],
    ),
    "deployments": (
        ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"],
        ["CONTAINERS", "IMAGES", "SELECTOR"],
    ),
    "replicasets": (
        ["NAME", "DESIRED", "CURRENT", "READY", "AGE"],
        ["CONTAINERS", "IMAGES", "SELECTOR"],
    ),
    "replicationcontrollers": (
        ["NAME", "DESIRED", "CURRENT", "READY", "AGE"],
        ["CONTAINERS", "IMAGES", "SELECTOR"],
    ),
    "statefulsets": (["NAME", "READY", "AGE"], ["CONTAINERS", "IMAGES"]),
    "daemonsets": (
        ["NAME", "DESIRED", "CURRENT", "READY", "UP-TO-DATE", "AVAILABLE", "NODE SELECTOR", "AGE"],
        ["CONTAINERS", "IMAGES", "SELECTOR"],
    ),
    "services": (["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"], ["SELECTOR"]),
    "nodes": (
        ["NAME", "STATUS", "ROLES", "AGE", "VERSION"],
        ["INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"],
    ),
    "namespaces": (["NAME", "STATUS", "AGE"], []),
    "jobs": (
        ["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"],
        ["CONTAINERS", "IMAGES", "SELECTOR"],
    ),
    "cronjobs": (
        ["NAME", "SCHEDULE", "TIMEZONE", "SUSPEND", "ACTIVE", "LAST SCHEDULE", "AGE"],
        ["CONTAINERS", "IMAGES", "SELECTOR"],
    ),
    "configmaps": (["NAME", "DATA", "AGE"], []),
    "secrets": (["NAME", "TYPE", "DATA", "AGE"], []),
    "serviceaccounts": (["NAME", "SECRETS", "AGE"], []),
    "persistentvolumeclaims": (
        [
            "NAME",
            "STATUS",
            "VOLUME",
            "CAPACITY",
            "ACCESS MODES",
            "STORAGECLASS",
            "VOLUMEATTRIBUTESCLASS",
            "AGE",
        ],
        ["VOLUMEMODE"],
    ),
    "persistentvolumes": (
        [
            "NAME",
            "CAPACITY",
            "ACCESS MODES",
            "RECLAIM POLICY",
            "STATUS",
            "CLAIM",
            "STORAGECLASS",
            "VOLUMEATTRIBUTESCLASS",
            "REASON",
            "AGE",
        ],
        ["VOLUMEMODE"],
    ),
    "events": (
        ["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"],
        ["SUBOBJECT", "SOURCE", "FIRST SEEN", "COUNT", "NAME"],
    ),
    "ingresses": (["NAME", "CLASS", "HOSTS", "ADDRESS", "PORTS", "AGE"], []),
    "widgets.example.com": (["NAME", "AGE"], []),
}


@pytest.mark.parametrize("resource", sorted(EXPECTED_COLUMNS))
def test_columns_and_wide_priority(resource: str) -> None:
    normal, wide = EXPECTED_COLUMNS[resource]
    layout = columns(resource)
    assert [name for name, priority in layout if priority == 0] == normal
    assert [name for name, priority in layout if priority == 1] == wide
    assert {priority for _, priority in layout} <= {0, 1}


def test_every_registered_printer_is_covered() -> None:
    assert set(PRINTERS) <= set(EXPECTED_COLUMNS)


def test_name_column_has_name_format_everywhere() -> None:
    for resource in EXPECTED_COLUMNS:
        table = render_table(resource, [], now=NOW)
        named = [c for c in table["columnDefinitions"] if c["name"] == "Name"]
        assert [c["format"] for c in named] == ["name"]


# ---- sparse and malformed objects never crash ----------------------------------------------

SPARSE_OBJECTS: list[dict[str, Any]] = [
    {},
    {"metadata": {}},
    {"metadata": None, "spec": None, "status": None},
    {"metadata": "x", "spec": [], "status": 5, "data": "x", "type": 3},
    {
        "metadata": {"name": 7, "labels": ["x"], "deletionTimestamp": "soon", "annotations": 1},
        "spec": {
            "containers": [None, 3, {"name": None}],
            "initContainers": "x",
            "ports": [None, {"port": "80", "nodePort": None}],
            "selector": ["bad"],
            "template": {"spec": {"containers": "x", "nodeSelector": 4}},
            "replicas": "3",
            "rules": [{"host": None}],
            "tls": "x",
            "claimRef": "x",
            "capacity": {"storage": None},
            "accessModes": [1, None],
            "completions": True,
            "jobTemplate": None,
        },
        "status": {
            "containerStatuses": [{"state": None, "lastState": {"terminated": "x"}}, None],
            "initContainerStatuses": [{"state": {"terminated": {}}}, {"state": {"waiting": 1}}],
            "conditions": ["Ready", {"type": None}],
            "podIPs": [None],
            "addresses": "x",
            "loadBalancer": {"ingress": [None, {"ip": 1}]},
            "active": "x",
            "lastScheduleTime": "not a time",
            "startTime": 5,
        },
        "involvedObject": "x",
        "series": {"lastObservedTime": None},
        "count": "many",
    },
]


@pytest.mark.parametrize("resource", sorted(EXPECTED_COLUMNS))
@pytest.mark.parametrize("include_object", ["None", "Metadata", "Object"])
def test_sparse_objects_render(resource: str, include_object: str) -> None:
    table = render_table(resource, SPARSE_OBJECTS, now=NOW, include_object=include_object)
    assert len(table["rows"]) == len(SPARSE_OBJECTS)
    for row in table["rows"]:
        assert len(row["cells"]) == len(table["columnDefinitions"])
        assert all(isinstance(cell, str | int | bool) for cell in row["cells"])
    json.dumps(table)


def test_empty_object_cells() -> None:
    assert cells("pods", {}) == {
        "NAME": "",
        "READY": "0/0",
        "STATUS": "",
        "RESTARTS": "0",
        "AGE": "<unknown>",
        "IP": "<none>",
        "NODE": "<none>",
        "NOMINATED NODE": "<none>",
        "READINESS GATES": "<none>",
    }
    assert cells("services", {})["TYPE"] == "ClusterIP"
    assert cells("deployments", {})["READY"] == "0/1"  # replicas default to 1 in v1
    assert cells("nodes", {})["STATUS"] == "Unknown"
    assert cells("events", {})["LAST SEEN"] == "<unknown>"
    assert cells("widgets", {}) == {"NAME": "", "AGE": "<unknown>"}


# ---- pods ----------------------------------------------------------------------------------


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


# ---- workloads -----------------------------------------------------------------------------

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


# ---- services and ingresses ----------------------------------------------------------------


def service(kind: str, **spec: Any) -> dict[str, Any]:
    return {
        "metadata": meta("web"),
        "spec": {
            "type": kind,
            "clusterIP": "10.96.0.10",
            "clusterIPs": ["10.96.0.10"],
            "ports": [{"port": 80, "protocol": "TCP"}],
            "selector": {"app": "web"},
            **spec,
        },
    }


def test_cluster_ip_service_cells() -> None:
    assert cells("services", service("ClusterIP")) == {
        "NAME": "web",
        "TYPE": "ClusterIP",
        "CLUSTER-IP": "10.96.0.10",
        "EXTERNAL-IP": "<none>",
        "PORT(S)": "80/TCP",
        "AGE": "5m",
        "SELECTOR": "app=web",
    }


@pytest.mark.parametrize(
    ("obj", "external", "ports"),
    [
        (
            service(
                "NodePort",
                ports=[
                    {"port": 80, "nodePort": 30080, "protocol": "TCP"},
                    {"port": 53, "protocol": "UDP"},
                ],
            ),
            "<none>",
            "80:30080/TCP,53/UDP",
        ),
        (service("ClusterIP", externalIPs=["1.2.3.4"]), "1.2.3.4", "80/TCP"),
        (service("LoadBalancer"), "<pending>", "80/TCP"),
        (
            {
                **service("LoadBalancer"),
                "status": {
                    "loadBalancer": {"ingress": [{"ip": "5.6.7.8"}, {"hostname": "lb.example.com"}]}
                },
            },
            "5.6.7.8,lb.example.com",
            "80/TCP",
        ),
        (
            {
                **service("LoadBalancer", externalIPs=["9.9.9.9"]),
                "status": {"loadBalancer": {"ingress": [{"ip": "5.6.7.8"}]}},
            },
            "5.6.7.8,9.9.9.9",
            "80/TCP",
        ),
        (
            service("ExternalName", externalName="db.example.com", ports=[]),
            "db.example.com",
            "<none>",
        ),
        (service("Weird"), "<unknown>", "80/TCP"),
        (service("ClusterIP", ports=[{"port": 8080}]), "<none>", "8080/TCP"),
    ],
)
def test_service_external_ip_and_ports(obj: dict[str, Any], external: str, ports: str) -> None:
    row = cells("services", obj)
    assert (row["EXTERNAL-IP"], row["PORT(S)"]) == (external, ports)


def test_headless_service_and_missing_selector() -> None:
    obj = service("ClusterIP", clusterIP="None", clusterIPs=["None"])
    del obj["spec"]["selector"]
    row = cells("services", obj)
    assert (row["CLUSTER-IP"], row["SELECTOR"]) == ("None", "<none>")


def test_ingress_cells() -> None:
    obj = {
        "metadata": meta("web"),
        "spec": {
            "ingressClassName": "nginx",
            "tls": [{"hosts": ["a.example.com"]}],
            "rules": [{"host": "a.example.com"}, {"host": "b.example.com"}],
        },
        "status": {"loadBalancer": {"ingress": [{"ip": "5.6.7.8"}]}},
    }
    assert cells("ingresses", obj) == {
        "NAME": "web",
        "CLASS": "nginx",
        "HOSTS": "a.example.com,b.example.com",
        "ADDRESS": "5.6.7.8",
        "PORTS": "80, 443",
        "AGE": "5m",
    }


def test_ingress_hosts_formatting() -> None:
    many = {"spec": {"rules": [{"host": f"h{i}"} for i in range(5)]}}
    assert cells("ingresses", many)["HOSTS"] == "h0,h1,h2 + 2 more..."
    assert cells("ingresses", {"spec": {"rules": [{}]}})["HOSTS"] == "*"
    assert cells("ingresses", {})["PORTS"] == "80"


# ---- cluster-scoped kinds ------------------------------------------------------------------


def node(ready: str | None = "True", **spec: Any) -> dict[str, Any]:
    conditions = [{"type": "MemoryPressure", "status": "False"}]
    if ready is not None:
        conditions.append({"type": "Ready", "status": ready})
    return {
        "metadata": {
            "name": "node-a",
            "creationTimestamp": ago(days=3, hours=4),
            "labels": {
                "node-role.kubernetes.io/control-plane": "",
                "node-role.kubernetes.io/worker": "",
                "kubernetes.io/hostname": "node-a",
            },
        },
        "spec": spec,
        "status": {
            "conditions": conditions,
            "addresses": [
                {"type": "InternalIP", "address": "172.18.0.2"},
                {"type": "Hostname", "address": "node-a"},
            ],
            "nodeInfo": {
                "kubeletVersion": "v1.31.0",
                "osImage": "Debian GNU/Linux 12",
                "kernelVersion": "6.1.0",
                "containerRuntimeVersion": "containerd://1.7",
            },
        },
    }


def test_node_cells() -> None:
    assert cells("nodes", node()) == {
        "NAME": "node-a",
        "STATUS": "Ready",
        "ROLES": "control-plane,worker",
        "AGE": "3d4h",
        "VERSION": "v1.31.0",
        "INTERNAL-IP": "172.18.0.2",
        "EXTERNAL-IP": "<none>",
        "OS-IMAGE": "Debian GNU/Linux 12",
        "KERNEL-VERSION": "6.1.0",
        "CONTAINER-RUNTIME": "containerd://1.7",
    }


@pytest.mark.parametrize(
    ("obj", "status"),
    [
        (node("True"), "Ready"),
        (node("False"), "NotReady"),
        (node("Unknown"), "NotReady"),
        (node(None), "Unknown"),
        (node("True", unschedulable=True), "Ready,SchedulingDisabled"),
        (node(None, unschedulable=True), "Unknown,SchedulingDisabled"),
    ],
)
def test_node_status(obj: dict[str, Any], status: str) -> None:
    assert cells("nodes", obj)["STATUS"] == status


def test_node_roles() -> None:
    legacy = {"metadata": {"labels": {"kubernetes.io/role": "master"}}}
    assert cells("nodes", legacy)["ROLES"] == "master"
    assert cells("nodes", {"metadata": {"labels": {"kubernetes.io/hostname": "x"}}})["ROLES"] == (
        "<none>"
    )


def test_namespace_cells() -> None:
    obj = {
        "metadata": {"name": "prod", "creationTimestamp": ago(days=400)},
        "status": {"phase": "Active"},
    }
    assert cells("namespaces", obj) == {"NAME": "prod", "STATUS": "Active", "AGE": "400d"}


# ---- config and storage --------------------------------------------------------------------


def test_config_kinds() -> None:
    cm = {"metadata": meta("cfg"), "data": {"a": "1", "b": "2"}, "binaryData": {"c": "AA=="}}
    assert cells("configmaps", cm) == {"NAME": "cfg", "DATA": 3, "AGE": "5m"}
    secret = {
        "metadata": meta("tls"),
        "type": "kubernetes.io/tls",
        "data": {"tls.crt": "x", "tls.key": "y"},
    }
    assert cells("secrets", secret) == {
        "NAME": "tls",
        "TYPE": "kubernetes.io/tls",
        "DATA": 2,
        "AGE": "5m",
    }
    sa = {"metadata": meta("default"), "secrets": [{"name": "token"}]}
    assert cells("serviceaccounts", sa) == {"NAME": "default", "SECRETS": 1, "AGE": "5m"}
    assert cells("serviceaccounts", {"metadata": meta("x")})["SECRETS"] == 0


def test_bound_pvc_cells() -> None:
    obj = {
        "metadata": meta("data"),
        "spec": {
            "volumeName": "pv-1",
            "storageClassName": "standard",
            "resources": {"requests": {"storage": "1Gi"}},
            "volumeMode": "Filesystem",
        },
        "status": {
            "phase": "Bound",
            "capacity": {"storage": "2Gi"},
            "accessModes": ["ReadWriteMany", "ReadWriteOnce", "ReadWriteOnce"],
        },
    }
    assert cells("persistentvolumeclaims", obj) == {
        "NAME": "data",
        "STATUS": "Bound",
        "VOLUME": "pv-1",
        "CAPACITY": "2Gi",
        "ACCESS MODES": "RWO,RWX",
        "STORAGECLASS": "standard",
        "VOLUMEATTRIBUTESCLASS": "<unset>",
        "AGE": "5m",
        "VOLUMEMODE": "Filesystem",
    }


def test_pending_pvc_hides_capacity_and_prefers_beta_annotation() -> None:
    obj = {
        "metadata": meta("data", annotations={"volume.beta.kubernetes.io/storage-class": "legacy"}),
        "spec": {"storageClassName": "standard"},
        "status": {
            "phase": "Pending",
            "capacity": {"storage": "2Gi"},
            "accessModes": ["ReadWriteOnce"],
        },
    }
    row = cells("persistentvolumeclaims", obj)
    assert (row["STATUS"], row["CAPACITY"], row["ACCESS MODES"], row["STORAGECLASS"]) == (
        "Pending",
        "",
        "",
        "legacy",
    )


def test_pv_cells() -> None:
    obj: dict[str, Any] = {
        "metadata": {"name": "pv-1", "creationTimestamp": ago(minutes=5)},
        "spec": {
            "capacity": {"storage": "10Gi"},
            "accessModes": ["ReadWriteOncePod", "ReadOnlyMany"],
            "persistentVolumeReclaimPolicy": "Retain",
            "storageClassName": "standard",
            "claimRef": {"namespace": "default", "name": "data"},
            "volumeAttributesClassName": "gold",
        },
        "status": {"phase": "Bound"},
    }
    assert cells("persistentvolumes", obj) == {
        "NAME": "pv-1",
        "CAPACITY": "10Gi",
        "ACCESS MODES": "ROX,RWOP",
        "RECLAIM POLICY": "Retain",
        "STATUS": "Bound",
        "CLAIM": "default/data",
        "STORAGECLASS": "standard",
        "VOLUMEATTRIBUTESCLASS": "gold",
        "REASON": "",
        "AGE": "5m",
        "VOLUMEMODE": "<unset>",
    }
    obj["metadata"]["deletionTimestamp"] = ago(seconds=1)
    assert cells("persistentvolumes", obj)["STATUS"] == "Terminating"
    assert cells("persistentvolumes", {})["CAPACITY"] == "0"


# ---- events --------------------------------------------------------------------------------


def test_core_event_cells() -> None:
    obj = {
        "metadata": meta("web-1.17a2b"),
        "involvedObject": {"kind": "Pod", "name": "web-1", "fieldPath": "spec.containers{app}"},
        "reason": "BackOff",
        "type": "Warning",
        "message": "Back-off restarting failed container\n",
        "source": {"component": "kubelet", "host": "node-a"},
        "firstTimestamp": ago(hours=2),
        "lastTimestamp": ago(seconds=30),
        "count": 12,
    }
    assert cells("events", obj) == {
        "LAST SEEN": "30s",
        "TYPE": "Warning",
        "REASON": "BackOff",
        "OBJECT": "pod/web-1",
        "SUBOBJECT": "spec.containers{app}",
        "SOURCE": "kubelet, node-a",
        "MESSAGE": "Back-off restarting failed container",
        "FIRST SEEN": "120m",
        "COUNT": 12,
        "NAME": "web-1.17a2b",
    }


def test_event_fallbacks() -> None:
    singleton = {
        "eventTime": "2024-06-01T11:59:00.123456Z",
        "reportingComponent": "scheduler",
        "involvedObject": {"kind": "Node"},
    }
    row = cells("events", singleton)
    assert (row["LAST SEEN"], row["FIRST SEEN"], row["COUNT"], row["OBJECT"], row["SOURCE"]) == (
        "59s",
        "59s",
        1,
        "node",
        "scheduler",
    )  # 59.9s truncates, as in Go
    series = {
        "series": {"count": 4, "lastObservedTime": ago(minutes=3)},
        "firstTimestamp": ago(hours=1),
    }
    row = cells("events", series)
    assert (row["LAST SEEN"], row["COUNT"]) == ("3m", 4)


def test_events_k8s_io_shape() -> None:
    obj = {
        "regarding": {"kind": "Deployment", "name": "web"},
        "note": "Scaled up",
        "reason": "ScalingReplicaSet",
        "type": "Normal",
        "reportingController": "deployment-controller",
        "deprecatedFirstTimestamp": ago(minutes=7),
        "deprecatedLastTimestamp": ago(minutes=2),
        "deprecatedCount": 2,
    }
    row = cells("events", obj)
    assert (
        row["OBJECT"],
        row["MESSAGE"],
        row["LAST SEEN"],
        row["FIRST SEEN"],
        row["COUNT"],
        row["SOURCE"],
    ) == ("deployment/web", "Scaled up", "2m", "7m", 2, "deployment-controller")


# ---- fallback printer and timestamps -------------------------------------------------------


def test_unknown_resource_prints_name_and_age() -> None:
    table = render_table("widgets.example.com", [{"metadata": meta("w")}], now=NOW)
    assert table["rows"][0]["cells"] == ["w", "5m"]


@pytest.mark.parametrize(
    ("timestamp", "age"),
    [
        ("2024-06-01T11:00:00Z", "60m"),
        ("2024-06-01T11:00:00.5Z", "59m"),
        ("2024-06-01T13:00:00+02:00", "60m"),
        ("2024-06-01T11:00:00", "60m"),  # no zone: taken as UTC
        ("2024-06-01T12:00:01Z", "0s"),  # a second in the future is "now"
        ("2024-06-01T12:00:30Z", "<invalid>"),
        ("yesterday", "<unknown>"),
        ("", "<unknown>"),
        (None, "<unknown>"),
        (12345, "<unknown>"),
    ],
)
def test_age_cell(timestamp: Any, age: str) -> None:
    obj = {"metadata": {"name": "x", "creationTimestamp": timestamp}}
    assert cells("configmaps", obj)["AGE"] == age
