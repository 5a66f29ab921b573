"""The collector beside a hung cluster: the others are still sampled, within the timeout."""

from __future__ import annotations

import time
from pathlib import Path

from tests.support.blackhole import BlackHole
from tests.support.kubedeck_process import Kubedeck
from tests.support.kubesim_process import Kubesim


def test_a_hung_cluster_does_not_stop_the_others(tmp_path: Path, sim_a: Kubesim) -> None:
    hole = BlackHole()
    hole_config = tmp_path / "hole.kubeconfig"
    hole_config.write_text(hole.kubeconfig())
    deck = Kubedeck(
        tmp_path / "deck",
        clusters=[
            {"id": "hung", "name": "Hung", "kubeconfig_path": str(hole_config)},
            {"id": "alpha", "name": "Alpha", "kubeconfig_path": str(sim_a.kubeconfig)},
        ],
        env_extra={"KUBEDECK_COST_SAMPLE_INTERVAL": "600"},
    ).start()
    try:
        started = time.monotonic()
        taken = deck.call("POST", "/api/v1/cost/sample")
        elapsed = time.monotonic() - started
        assert taken.status == 200, taken.body
        assert taken.body["clusters"]["alpha"] is None
        assert taken.body["clusters"]["hung"]  # why it was skipped
        # bounded by the per-cluster timeout (3 x KUBEDECK_CLUSTER_TIMEOUT_SECONDS=2), not hung
        assert elapsed < 8
        alpha = deck.call("GET", "/api/v1/cost/overview?cluster_id=alpha&period=1h").body
        assert alpha["samples"] >= 1 and alpha["last_sample_at"] is not None
        fleet = deck.call("GET", "/api/v1/cost/overview?cluster_id=all&period=1h").body
        hung = next(c for c in fleet["clusters"] if c["cluster_id"] == "hung")
        assert hung["total_cost"] == 0  # no samples: nothing invented
    finally:
        deck.stop()
        hole.close()
