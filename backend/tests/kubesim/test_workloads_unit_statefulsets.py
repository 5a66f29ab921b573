"""The StatefulSet controller in-process (the test plays the kubelet): ordinals created in order
with their claims, labels and status, rolling updates from the highest ordinal, scale-down, and
the Parallel pod management policy."""

from __future__ import annotations

from tests.kubesim.workloads_support import Cluster, set_image, statefulset


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
