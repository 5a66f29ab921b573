"""A cluster without metrics-server (kubesim --no-metrics): cost falls back to requests and the
API says so, per cluster and for the fleet."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.kubedeck_process import Kubedeck
from tests.support.kubesim_process import Kubesim

COST = "/api/v1/cost"


@pytest.fixture(scope="module")
def deck(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Kubedeck]:
    with_metrics = Kubesim(tmp_path_factory.mktemp("m-on"), "on", scenario="demo").start()
    without = Kubesim(
        tmp_path_factory.mktemp("m-off"), "off", scenario="demo", extra_args=("--no-metrics",)
    ).start()
    app = Kubedeck(
        tmp_path_factory.mktemp("m-deck"),
        clusters=[
            {"id": "on", "kubeconfig_path": str(with_metrics.kubeconfig), "is_default": True},
            {"id": "off", "kubeconfig_path": str(without.kubeconfig)},
        ],
        env_extra={"KUBEDECK_COST_SAMPLE_INTERVAL": "600"},
    ).start()
    try:
        for _ in range(2):
            taken = app.call("POST", f"{COST}/sample")
            assert taken.status == 200 and taken.body["clusters"] == {"on": None, "off": None}
        yield app
    finally:
        app.stop()
        with_metrics.stop()
        without.stop()


def test_the_cluster_without_metrics_is_costed_from_requests(deck: Kubedeck) -> None:
    assert deck.call("GET", "/api/v1/apis/metrics.k8s.io/v1beta1/pods?cluster_id=off").status == 404
    off = deck.call("GET", f"{COST}/overview?cluster_id=off&period=24h").body
    on = deck.call("GET", f"{COST}/overview?cluster_id=on&period=24h").body
    assert off["usage_source"] == "requests" and on["usage_source"] == "metrics"
    # usage taken as the requests: allocation is the requests and efficiency 100 %
    assert off["efficiency"]["cpu"] == pytest.approx(1.0)
    assert on["efficiency"]["cpu"] < 0.9  # the demo's services use a share of their requests
    # the same workloads; where real usage exceeds requests it costs more, never less
    assert off["allocated_cost"] <= on["allocated_cost"] + 1e-9
    fleet = deck.call("GET", f"{COST}/overview?cluster_id=all&period=24h").body
    sources = {c["cluster_id"]: c["usage_source"] for c in fleet["clusters"]}
    assert sources == {"on": "metrics", "off": "requests"}
    # right-sizing needs real usage: with enough samples the cluster with metrics gets some,
    # the one without none (requests alone say nothing about what to cut)
    assert deck.call("PUT", f"{COST}/settings", {"min_samples": 2}).status == 200

    def open_rightsizes(cluster: str) -> list[str]:
        items = deck.call("GET", f"{COST}/recommendations?cluster_id={cluster}").body["items"]
        rightsizes = [r for r in items if r["kind"] == "rightsize"]
        return [r["target_name"] for r in rightsizes if r["status"] == "open"]

    assert "search" in open_rightsizes("on")
    assert open_rightsizes("off") == []
