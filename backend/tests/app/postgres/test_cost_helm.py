"""Helm operations and cost history on PostgreSQL: an install and uninstall tracked as
operations, a cost sample (stored as the moment it was taken, whatever the local zone) and the
overview; and the cost store's own SQLite tests again, on a fresh database each."""

from __future__ import annotations

import time
from pathlib import Path

from tests.app import test_cost_store as cost_store_tests
from tests.support.chart_repo import ChartRepo, wait_operation
from tests.support.kubedeck_process import Kubedeck
from tests.support.postgres import CLUSTER, Postgres, ok, sample_times


def test_helm_operations_are_tracked(deck: Kubedeck, tmp_path: Path) -> None:
    served = ChartRepo(tmp_path / "repo").start()
    try:
        added = deck.call("POST", "/api/v1/helm/repos", {"name": "pgrepo", "url": served.url})
        ok(added.status, added.body, 201)
        install = {
            "release_name": "pgweb",
            "chart": "pgrepo/demo",
            "version": "0.1.0",
            "namespace": "pg-helm",
            "create_namespace": True,
            "values_yaml": "replicaCount: 1\n",
            "timeout_seconds": 60,
        }
        started = deck.call("POST", f"/api/v1/helm/releases?cluster_id={CLUSTER}", install)
        done = wait_operation(deck, ok(started.status, started.body, 202)["id"])
        assert done["status"] == "succeeded" and done["revision"] == 1, done
        listed = deck.call("GET", "/api/v1/helm/operations")
        assert done["id"] in {op["id"] for op in ok(listed.status, listed.body)}
        uninstall = deck.call(
            "DELETE", f"/api/v1/helm/releases/pgweb?cluster_id={CLUSTER}&namespace=pg-helm"
        )
        gone = wait_operation(deck, ok(uninstall.status, uninstall.body, 202)["id"])
        assert gone["status"] == "succeeded", gone
        assert deck.call("DELETE", "/api/v1/helm/repos/pgrepo").status == 204
    finally:
        served.stop()


def test_cost_sample_and_overview(pg: Postgres, deck: Kubedeck) -> None:
    taken = deck.call("POST", "/api/v1/cost/sample")
    assert ok(taken.status, taken.body)["clusters"] == {CLUSTER: None}
    reply = deck.call("GET", f"/api/v1/cost/overview?cluster_id={CLUSTER}&period=1h")
    overview = ok(reply.status, reply.body)
    assert overview["samples"] >= 1 and overview["total_cost"] > 0, overview
    # Stored as the moment it was taken, whatever the process's local zone.
    assert abs(sample_times(pg, "kubedeck")[-1] - time.time()) < 120
    namespaces = deck.call("GET", f"/api/v1/cost/namespaces?cluster_id={CLUSTER}&period=1h")
    assert ok(namespaces.status, namespaces.body)["items"]


# The cost store's own tests (rollups keep totals, the five-minute trend, peaks and p95, the
# lease, current pods and labels), on PostgreSQL.
test_cost_rollups_preserve_totals = cost_store_tests.test_rollups_preserve_totals
test_cost_five_minute_trend = (
    cost_store_tests.test_five_minute_trend_reads_every_sample_of_the_last_day
)
test_cost_peaks_and_p95_survive_a_rollup = cost_store_tests.test_peaks_and_p95_survive_a_rollup
test_cost_only_one_collector_holds_the_lease = (
    cost_store_tests.test_only_one_collector_holds_the_lease
)
test_cost_current_pods_and_labels = (
    cost_store_tests.test_current_pods_are_replaced_and_labels_follow_changes
)
