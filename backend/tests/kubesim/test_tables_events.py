"""Server-side Tables for Events, both core/v1 and events.k8s.io shapes, with their fallbacks."""

from __future__ import annotations

from tests.kubesim.tables_support import ago, cells, meta


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
