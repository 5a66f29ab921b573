"""The DaemonSet controller in-process: one pod per eligible node, following nodes as they come
and go, node selectors and taints."""

from __future__ import annotations

from kubesim import scenarios
from kubesim.apiserver import DeleteOptions
from tests.kubesim.workloads_support import Cluster, Obj, daemonset


def node(name: str, labels: dict[str, str] | None = None, taint: bool = False) -> Obj:
    body = scenarios.node(name, labels=labels)
    if taint:
        body["spec"]["taints"] = [
            {"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}
        ]
    return body


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
