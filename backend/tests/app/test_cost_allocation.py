"""Aggregation by cluster, namespace, workload and label, and the current rate per pod, against
real kubesim demo clusters and a real kubedeck (SQLite file)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.app.test_cost_api import start_deck
from tests.support.kubedeck_process import Kubedeck
from tests.support.kubesim_process import Kubesim

COST = "/api/v1/cost"
# A Deployment whose pod template has no `team` label, in a namespace that has one (data):
# by label:team it must fall back to its namespace's team.
PROBE = {
    "apiVersion": "apps/v1",
    "kind": "Deployment",
    "metadata": {"name": "fallback-probe", "namespace": "data"},
    "spec": {
        "replicas": 1,
        "selector": {"matchLabels": {"app": "fallback-probe"}},
        "template": {
            "metadata": {"labels": {"app": "fallback-probe"}},
            "spec": {
                "containers": [
                    {
                        "name": "probe",
                        "image": "nginx:1.27",
                        "resources": {"requests": {"cpu": "100m", "memory": "64Mi"}},
                    }
                ]
            },
        },
    },
}


def running(sim: Kubesim, namespace: str, selector: str) -> bool:
    pods = json.loads(
        sim.kubectl("get", "pods", "-n", namespace, "-l", selector, "-o", "json").stdout
    )
    return bool(pods["items"]) and all(p["status"].get("phase") == "Running" for p in pods["items"])


@pytest.fixture(scope="module")
def sims(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Kubesim, Kubesim]]:
    alpha = Kubesim(tmp_path_factory.mktemp("alloc-alpha"), "alpha", scenario="demo").start()
    beta = Kubesim(
        tmp_path_factory.mktemp("alloc-beta"), "beta", scenario="demo", extra_args=("--seed", "7")
    ).start()
    manifest = tmp_path_factory.mktemp("probe") / "probe.json"
    manifest.write_text(json.dumps(PROBE))
    alpha.kubectl("apply", "-f", str(manifest))
    deadline = time.monotonic() + 20
    while not running(alpha, "data", "app=fallback-probe"):
        assert time.monotonic() < deadline, "the probe deployment never ran"
        time.sleep(0.2)
    yield alpha, beta
    alpha.stop()
    beta.stop()


@pytest.fixture(scope="module")
def deck(
    tmp_path_factory: pytest.TempPathFactory, sims: tuple[Kubesim, Kubesim]
) -> Iterator[Kubedeck]:
    app = start_deck(tmp_path_factory.mktemp("alloc-deck"), sims)
    for _ in range(2):
        taken = app.call("POST", f"{COST}/sample")
        assert taken.status == 200 and taken.body["clusters"] == {"alpha": None, "beta": None}
    yield app
    app.stop()


def get(deck: Kubedeck, path: str) -> dict[str, Any]:
    reply = deck.call("GET", f"{COST}{path}")
    assert reply.status == 200, reply.body
    body: dict[str, Any] = reply.body
    return body


def by_name(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {row["name"]: row for row in body["items"]}


def test_label_team_rows_sum_to_the_namespace_total(deck: Kubedeck) -> None:
    teams = get(deck, "/allocation?cluster_id=alpha&period=24h&aggregate=label:team")
    namespaces = get(deck, "/namespaces?cluster_id=alpha&period=24h")
    rows = by_name(teams)
    assert {"storefront", "payments", "data", "platform", "__idle__"} <= set(rows)
    assert teams["total_cost"] == pytest.approx(namespaces["total_cost"])
    assert sum(r["total_cost"] for r in teams["items"]) == pytest.approx(teams["total_cost"])
    assert "namespace's label" in teams["note"]
    ns_rows = {r["namespace"]: r for r in namespaces["items"]}
    # every workload of `data` is the data team's, the unlabelled probe through its namespace
    assert rows["data"]["workloads"] == ns_rows["data"]["workloads"]
    assert rows["data"]["total_cost"] >= ns_rows["data"]["total_cost"] - 1e-9
    storefront = ns_rows["shop"]  # team storefront owns shop and nothing else
    assert rows["storefront"]["total_cost"] == pytest.approx(storefront["total_cost"])
    # the unbound PV belongs to no namespace and no team
    assert rows["__unallocated__"]["total_cost"] == pytest.approx(
        ns_rows["__unallocated__"]["total_cost"]
    )
    apps = by_name(get(deck, "/allocation?cluster_id=alpha&period=24h&aggregate=label:app"))
    assert apps["fallback-probe"]["workloads"] == 1


def test_a_key_nobody_has_puts_everything_in_unallocated(deck: Kubedeck) -> None:
    body = get(deck, "/allocation?cluster_id=alpha&period=24h&aggregate=label:no-such-key")
    rows = by_name(body)
    assert set(rows) == {"__unallocated__", "__idle__"}
    assert rows["__unallocated__"]["total_cost"] == pytest.approx(
        body["total_cost"] - rows["__idle__"]["total_cost"]
    )
    assert deck.call("PUT", f"{COST}/settings", {"share_idle": True}).status == 200
    try:  # idle shared among the rows: one row with everything
        shared = get(deck, "/allocation?cluster_id=alpha&period=24h&aggregate=label:no-such-key")
        (only,) = shared["items"]
        assert only["name"] == "__unallocated__"
        assert only["total_cost"] == pytest.approx(body["total_cost"])
    finally:
        assert deck.call("PUT", f"{COST}/settings", {"share_idle": False}).status == 200


def test_other_aggregates_agree_with_the_breakdowns(deck: Kubedeck) -> None:
    fleet = get(deck, "/allocation?cluster_id=all&period=24h&aggregate=cluster")
    overview = get(deck, "/overview?cluster_id=all&period=24h")
    clusters = {c["cluster_id"]: c["total_cost"] for c in overview["clusters"]}
    assert {r["name"]: r["total_cost"] for r in fleet["items"]} == pytest.approx(clusters)
    namespaces = get(deck, "/allocation?cluster_id=beta&period=24h&aggregate=namespace")
    listed = get(deck, "/namespaces?cluster_id=beta&period=24h")
    assert {r["name"]: r["total_cost"] for r in namespaces["items"]} == pytest.approx(
        {r["namespace"]: r["total_cost"] for r in listed["items"]}
    )
    workloads = get(deck, "/allocation?cluster_id=alpha&period=24h&aggregate=workload")
    shop = get(deck, "/namespaces/shop/workloads?cluster_id=alpha&period=24h")
    in_shop = {r["name"]: r["total_cost"] for r in workloads["items"] if r["namespace"] == "shop"}
    assert in_shop == pytest.approx({w["name"]: w["total_cost"] for w in shop["items"]})
    assert workloads["total_cost"] == pytest.approx(clusters["alpha"])
    # label rows of the fleet sum both clusters
    teams = get(deck, "/allocation?cluster_id=all&period=24h&aggregate=label:team")
    assert teams["total_cost"] == pytest.approx(overview["total_cost"])
    assert {r["cluster_id"] for r in teams["items"]} == {"all"}


def test_bad_aggregate_is_a_400_naming_it(deck: Kubedeck) -> None:
    for bad in ("bogus", "label:", "label:bad key"):
        reply = deck.call("GET", f"{COST}/allocation?aggregate={bad.replace(' ', '%20')}")
        assert reply.status == 400 and reply.body["error"] == "BadRequest", reply.body
        assert repr(bad) in reply.body["detail"]


def test_label_keys_and_csv(deck: Kubedeck) -> None:
    keys = get(deck, "/labels?cluster_id=alpha")["keys"]
    assert {"team", "app", "app.kubernetes.io/component"} <= set(keys)
    assert "pod-template-hash" not in keys  # generated by the controller, not a template label
    reply = deck.call("GET", f"{COST}/allocation?cluster_id=alpha&aggregate=label:team&format=csv")
    assert reply.status == 200 and "text/csv" in reply.headers["content-type"]
    header, *lines = reply.body.strip().splitlines()
    names = [line.split(",")[header.split(",").index("name")] for line in lines]
    assert "storefront" in names and "efficiency_total" in header.split(",")


def test_pods_of_a_deployment_sum_to_its_current_rate(deck: Kubedeck) -> None:
    deck.call("POST", f"{COST}/sample")
    pods = get(
        deck, "/namespaces/shop/pods?cluster_id=alpha&workload_kind=Deployment&workload=storefront"
    )
    assert len(pods["items"]) == 3 and {p["workload"] for p in pods["items"]} == {"storefront"}
    assert "current rate" in pods["note"] and pods["sampled_at"] is not None
    assert pods["total_per_month"] == pytest.approx(pods["total_per_hour"] * 730)
    for pod in pods["items"]:
        assert pod["cost_per_month"] == pytest.approx(pod["cost_per_hour"] * 730)
    # storefront uses less than it requests, so its rate is steady: its cost over the period
    # per sampled hour is the rate now
    shop = get(deck, "/namespaces/shop/workloads?cluster_id=alpha&period=24h")
    storefront = next(w for w in shop["items"] if w["name"] == "storefront")
    rate = storefront["total_cost"] / shop["window"]["hours"]
    assert sum(p["cost_per_hour"] for p in pods["items"]) == pytest.approx(rate, rel=1e-3)
    everyone = get(deck, "/namespaces/shop/pods?cluster_id=alpha")
    assert {p["workload"] for p in everyone["items"]} >= {"storefront", "search"}
    assert get(deck, "/namespaces/nowhere/pods?cluster_id=alpha")["items"] == []
