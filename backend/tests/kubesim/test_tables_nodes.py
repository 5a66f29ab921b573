"""Server-side Tables for cluster-scoped kinds: Nodes (status, roles) and Namespaces."""

from __future__ import annotations

from typing import Any

import pytest

from tests.kubesim.tables_support import ago, cells


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
