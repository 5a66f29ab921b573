"""What two replicas share on PostgreSQL: clusters added, renamed and removed on one show on
the other; only the collector lease holder samples, the other takes over when it stops; and
clusters kept in the database survive a restart. The takeover test stops the replicas: it runs
last (the `replicas` fixture starts a stopped one again for any test after it)."""

from __future__ import annotations

import itertools
import time

from tests.support.kubedeck_process import Kubedeck
from tests.support.kubesim_process import Kubesim
from tests.support.postgres import Postgres, ok, sample_times, samples_after, verify, wait_for


def test_cluster_changes_on_one_replica_reach_the_other(
    sim: Kubesim, replicas: tuple[Kubedeck, Kubedeck]
) -> None:
    """API clusters live in the DB: an add, a rename and a removal on one replica show on the
    other (no state only in one process's memory)."""
    first, second = replicas
    body = {"id": "pg-shared", "name": "Shared", "kubeconfig": sim.kubeconfig.read_text()}
    added = first.call("POST", "/api/v1/clusters", body)
    ok(added.status, added.body, 201)
    # At once on the other replica: an id it does not know makes it reload the registry.
    listed = second.call("GET", "/api/v1/namespaces?cluster_id=pg-shared")
    assert ok(listed.status, listed.body)["items"], listed.body
    clusters = second.call("GET", "/api/v1/clusters")
    assert "pg-shared" in [c["id"] for c in ok(clusters.status, clusters.body)]
    renamed = first.call("PATCH", "/api/v1/clusters/pg-shared", {"name": "Renamed"})
    ok(renamed.status, renamed.body)
    assert second.call("GET", "/api/v1/clusters/pg-shared").body["name"] == "Renamed"
    removed = first.call("DELETE", "/api/v1/clusters/pg-shared")
    ok(removed.status, removed.body, 204)
    assert second.call("GET", "/api/v1/clusters/pg-shared").status == 404
    assert second.call("GET", "/api/v1/namespaces?cluster_id=pg-shared").status == 404


def test_one_collector_a_takeover_and_clusters_survive_a_restart(
    pg: Postgres, sim: Kubesim, replicas: tuple[Kubedeck, Kubedeck]
) -> None:
    first, second = replicas
    body = {"id": "pg-added", "name": "Added", "kubeconfig": sim.kubeconfig.read_text()}
    added = first.call("POST", "/api/v1/clusters", body)
    ok(added.status, added.body, 201)
    stored = pg.sql("SELECT kubeconfig_encrypted FROM clusters WHERE id = 'pg-added'", "kubedeck")
    token = str(sim.config()["users"][0]["user"]["token"])
    assert stored and token not in stored[0][0]  # encrypted at rest
    # Both replicas run their collector every second; only the lease holder may sample.
    started, count = time.time(), len(sample_times(pg, "kubedeck"))
    time.sleep(3)
    taken = [t for t in sample_times(pg, "kubedeck") if t >= started]
    assert len(sample_times(pg, "kubedeck")) - count <= 5  # two would double the rate
    gaps = [b - a for a, b in itertools.pairwise(taken)]
    assert taken and all(gap > 0.5 for gap in gaps), gaps
    assert len(pg.sql("SELECT holder FROM cost_leases", "kubedeck")) == 1
    first.stop()
    stopped = time.time()
    # The lease lasts three intervals; then the second replica, alone, holds it.
    wait_for(lambda: samples_after(pg, stopped + 1), 15)
    first.start()
    again = first.call("GET", "/api/v1/clusters/pg-added")
    assert ok(again.status, again.body)["name"] == "Added"
    assert verify(first)["intact"] is True
    # The restarted replica took over from the holder, now stopped in turn.
    second.stop()
    stopped = time.time()
    wait_for(lambda: samples_after(pg, stopped + 1), 15)
