"""Server-side Tables: the column layout and wide priority of every printer, the fallback
printer, and sparse or malformed objects that must render without crashing."""

from __future__ import annotations

import json
from typing import Any

import pytest

from kubesim.printers import PRINTERS
from kubesim.tables import render_table
from tests.kubesim.tables_support import NOW, cells, meta


def columns(resource: str) -> list[tuple[str, int]]:
    table = render_table(resource, [], now=NOW)
    return [(c["name"].upper(), c["priority"]) for c in table["columnDefinitions"]]


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


def test_unknown_resource_prints_name_and_age() -> None:
    table = render_table("widgets.example.com", [{"metadata": meta("w")}], now=NOW)
    assert table["rows"][0]["cells"] == ["w", "5m"]


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
