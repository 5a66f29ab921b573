"""The cost API against real kubesim demo clusters and a real kubedeck (SQLite file).

Samples are taken on demand (`POST /cost/sample`) rather than by waiting for the interval.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.kubedeck_process import Kubedeck
from tests.support.kubesim_process import Kubesim

COST = "/api/v1/cost"


@pytest.fixture(scope="module")
def sims(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Kubesim, Kubesim]]:
    alpha = Kubesim(tmp_path_factory.mktemp("cost-alpha"), "alpha", scenario="demo").start()
    beta = Kubesim(
        tmp_path_factory.mktemp("cost-beta"), "beta", scenario="demo", extra_args=("--seed", "7")
    ).start()
    yield alpha, beta
    alpha.stop()
    beta.stop()


def start_deck(workdir: Path, sims: tuple[Kubesim, Kubesim]) -> Kubedeck:
    alpha, beta = sims
    return Kubedeck(
        workdir,
        clusters=[
            {
                "id": "alpha",
                "name": "Alpha",
                "kubeconfig_path": str(alpha.kubeconfig),
                "is_default": True,
            },
            {"id": "beta", "name": "Beta", "kubeconfig_path": str(beta.kubeconfig)},
        ],
        # Long enough that the background loop adds nothing while the tests run.
        env_extra={"KUBEDECK_COST_SAMPLE_INTERVAL": "600"},
    ).start()


@pytest.fixture(scope="module")
def deck(
    tmp_path_factory: pytest.TempPathFactory, sims: tuple[Kubesim, Kubesim]
) -> Iterator[Kubedeck]:
    app = start_deck(tmp_path_factory.mktemp("cost-deck"), sims)
    settings = app.call("PUT", f"{COST}/settings", {"min_samples": 3})
    assert settings.status == 200, settings.body
    for _ in range(4):
        taken = app.call("POST", f"{COST}/sample")
        assert taken.status == 200 and taken.body["clusters"] == {"alpha": None, "beta": None}
    yield app
    app.stop()


def user(deck: Kubedeck, name: str, role: str, bindings: dict[str, str] | None = None) -> str:
    reply = deck.call(
        "POST",
        "/api/v1/users",
        {
            "username": name,
            "password": f"pw-{name}-123",
            "role": role,
            "cluster_roles": bindings or {},
        },
    )
    assert reply.status in (201, 409), reply.body
    return deck.login(name, f"pw-{name}-123")


def recs(deck: Kubedeck, cluster: str = "alpha") -> dict[str, dict[str, Any]]:
    reply = deck.call("GET", f"{COST}/recommendations?cluster_id={cluster}")
    assert reply.status == 200, reply.body
    return {
        f"{r['kind']}:{r['target_name']}:{r['container'] or ''}": r for r in reply.body["items"]
    }


def test_the_collector_finds_the_demo_targets(deck: Kubedeck) -> None:
    found = recs(deck)
    for name in ("search", "fraud-detector"):  # over-provisioned: recommended downsizing
        rec = found[f"rightsize:{name}:{name}"]
        assert rec["status"] == "open" and rec["can_apply"], rec
        assert rec["recommended"]["cpu_cores"] < rec["current"]["cpu_cores"] / 4
        assert rec["recommended"]["memory_gib"] < rec["current"]["memory_gib"]
        assert rec["monthly_saving"] > 10 and rec["evidence"]["samples"] >= 3
    assert "idle_workload:promotions:" in found  # the idle one
    assert found["unclaimed_pvc:old-exports:"]["monthly_saving"] == pytest.approx(5.0)
    assert found["unbound_pv:pv-legacy-backups:"]["monthly_saving"] == pytest.approx(10.0)
    assert "idle_workload:storefront:" not in found  # busy services are not flagged
    idle = deck.call("GET", f"{COST}/idle?cluster_id=alpha&period=24h").body
    kinds = {(i["kind"], i["name"]) for i in idle["items"]}
    assert {
        ("pvc", "old-exports"),
        ("pv", "pv-legacy-backups"),
        ("workload", "promotions"),
    } <= kinds
    assert idle["idle_cost"] > 0


def test_overview_and_breakdowns_agree(deck: Kubedeck) -> None:
    overview = deck.call("GET", f"{COST}/overview?cluster_id=alpha&period=24h").body
    assert overview["samples"] == 5  # the one at start-up and four on demand
    assert overview["usage_source"] == "metrics"
    assert overview["total_cost"] == pytest.approx(
        overview["allocated_cost"] + overview["idle_cost"] + overview["storage_cost"]
    )
    namespaces = deck.call("GET", f"{COST}/namespaces?cluster_id=alpha&period=24h").body
    names = {n["namespace"] for n in namespaces["items"]}
    assert {"shop", "payments", "data", "__idle__", "__unallocated__"} <= names
    assert namespaces["total_cost"] == pytest.approx(overview["total_cost"])
    shop = deck.call("GET", f"{COST}/namespaces/shop/workloads?cluster_id=alpha&period=24h").body
    by_name = {w["name"]: w for w in shop["items"]}
    assert by_name["search"]["efficiency"]["cpu"] < 0.2  # 5% of its request used
    shop_row = next(n for n in namespaces["items"] if n["namespace"] == "shop")
    assert shop["total_cost"] == pytest.approx(shop_row["total_cost"])
    trends = deck.call("GET", f"{COST}/trends?cluster_id=alpha&days=2&step=hour").body
    assert sum(p["total_cost"] for p in trends["points"]) == pytest.approx(
        overview["total_cost"], rel=1e-4
    )
    # every sample of the last day as its own five-minute point: the same money
    fine = deck.call("GET", f"{COST}/trends?cluster_id=alpha&days=1&step=5m").body
    assert fine["step"] == "5m" and fine["points"]  # (the test samples fall in one step)
    assert sum(p["total_cost"] for p in fine["points"]) == pytest.approx(
        overview["total_cost"], rel=1e-3
    )


def test_fleet_totals_are_the_sum_of_clusters(deck: Kubedeck) -> None:
    one = [
        deck.call("GET", f"{COST}/overview?cluster_id={c}&period=24h").body
        for c in ("alpha", "beta")
    ]
    fleet = deck.call("GET", f"{COST}/overview?cluster_id=all&period=24h").body
    assert fleet["cluster_id"] == "all" and [c["cluster_id"] for c in fleet["clusters"]] == [
        "alpha",
        "beta",
    ]
    for key in ("total_cost", "idle_cost", "allocated_cost", "storage_cost"):
        assert fleet[key] == pytest.approx(one[0][key] + one[1][key])
    listed = deck.call("GET", f"{COST}/namespaces?cluster_id=all&period=24h").body
    assert listed["total_cost"] == pytest.approx(fleet["total_cost"])


def test_bad_input_is_a_clear_400(deck: Kubedeck) -> None:
    bad = deck.call("GET", f"{COST}/overview?period=fortnight")
    assert (
        bad.status == 400
        and "fortnight" in bad.body["detail"]
        and bad.body["error"] == "BadRequest"
    )
    assert deck.call("GET", f"{COST}/trends?days=abc").status == 400
    assert "days" in deck.call("GET", f"{COST}/trends?days=0").body["detail"]
    assert "last day" in deck.call("GET", f"{COST}/trends?days=7&step=5m").body["detail"]
    assert deck.call("GET", f"{COST}/overview?cluster_id=nope").status == 404


def test_csv_export(deck: Kubedeck) -> None:
    reply = deck.call("GET", f"{COST}/namespaces?cluster_id=alpha&format=csv")
    assert reply.status == 200 and "text/csv" in reply.headers["content-type"]
    header, *lines = reply.body.strip().splitlines()
    assert "namespace" in header.split(",") and "efficiency_cpu" in header.split(",")
    assert any(line.split(",")[header.split(",").index("namespace")] == "shop" for line in lines)
    rec_csv = deck.call("GET", f"{COST}/recommendations?cluster_id=alpha&format=csv")
    assert "old-exports" in rec_csv.body


def test_settings_validation_and_audit(deck: Kubedeck) -> None:
    negative = deck.call("PUT", f"{COST}/settings", {"pricing": {"cpu_per_core_hour": -1}})
    assert negative.status == 422 and "cpu_per_core_hour" in negative.body["detail"]
    unknown = deck.call("PUT", f"{COST}/settings", {"cluster_overrides": {"gamma": {}}})
    assert unknown.status == 400 and "gamma" in unknown.body["detail"]
    before = deck.call("GET", f"{COST}/overview?cluster_id=beta&period=24h").body["total_cost"]
    update = {
        "cluster_overrides": {"beta": {"cpu_per_core_hour": 0.062, "memory_per_gb_hour": 0.008}}
    }
    saved = deck.call("PUT", f"{COST}/settings", update)
    assert (
        saved.status == 200
        and saved.body["cluster_overrides"]["beta"]["cpu_per_core_hour"] == 0.062
    )
    after = deck.call("GET", f"{COST}/overview?cluster_id=beta&period=24h").body["total_cost"]
    storage = deck.call("GET", f"{COST}/overview?cluster_id=beta&period=24h").body["storage_cost"]
    # quantities are stored, not money: the new prices apply to history at once
    assert after - storage == pytest.approx((before - storage) * 2)
    assert deck.call("PUT", f"{COST}/settings", {"cluster_overrides": {}}).status == 200
    audit = deck.call("GET", "/api/v1/audit?action=cost.settings").body["items"]
    statuses = sorted(e["status_code"] for e in audit)
    assert 200 in statuses and 400 in statuses
    assert any(e["details"].get("body") == update for e in audit)


def test_permissions(deck: Kubedeck) -> None:
    viewer = user(deck, "cost-viewer", "viewer")
    assert deck.call("GET", f"{COST}/overview?cluster_id=all", token=viewer).status == 200
    listed = deck.call("GET", f"{COST}/recommendations?cluster_id=alpha", token=viewer).body
    assert not any(r["can_apply"] for r in listed["items"])
    rec_id = recs(deck)["rightsize:fraud-detector:fraud-detector"]["id"]
    denied = deck.call(
        "POST", f"{COST}/recommendations/apply?cluster_id=alpha", {"id": rec_id}, token=viewer
    )
    assert denied.status == 403
    assert deck.call("PUT", f"{COST}/settings", {"min_samples": 5}, token=viewer).status == 403
    # cost:apply on beta does not reach alpha's workloads
    limited = user(deck, "cost-dev-viewer-on-alpha", "developer", {"alpha": "viewer"})
    across = deck.call(
        "POST", f"{COST}/recommendations/apply?cluster_id=all", {"id": rec_id}, token=limited
    )
    assert across.status == 403 and "resources:apply" in across.body["detail"], across.body
    fleet = deck.call("GET", f"{COST}/overview?cluster_id=all", token=limited).body
    assert [c["cluster_id"] for c in fleet["clusters"]] == ["alpha", "beta"]


def test_apply_patches_the_deployment(deck: Kubedeck, sims: tuple[Kubesim, Kubesim]) -> None:
    rec = recs(deck)["rightsize:search:search"]
    reply = deck.call("POST", f"{COST}/recommendations/apply?cluster_id=alpha", {"id": rec["id"]})
    assert reply.status == 200, reply.body
    assert reply.body["recommendation"]["status"] == "applied"
    live = json.loads(
        sims[0].kubectl("get", "deployment", "search", "-n", "shop", "-o", "json").stdout
    )
    (container,) = live["spec"]["template"]["spec"]["containers"]
    requests = container["resources"]["requests"]
    assert requests["cpu"] == f"{round(rec['recommended']['cpu_cores'] * 1000)}m"
    assert requests["memory"] == f"{round(rec['recommended']['memory_gib'] * 1024)}Mi"
    again = recs(deck)["rightsize:search:search"]
    assert again["status"] == "applied" and again["current"] == rec["recommended"]
    twice = deck.call("POST", f"{COST}/recommendations/apply?cluster_id=alpha", {"id": rec["id"]})
    assert twice.status == 409
    gone = deck.call(
        "POST", f"{COST}/recommendations/apply", {"id": "rightsize/alpha/x/deployment.y/z"}
    )
    assert gone.status == 404
    audit = deck.call("GET", "/api/v1/audit?action=cost.apply").body["items"]
    entry = next(e for e in audit if e["status_code"] == 200)
    assert (entry["cluster_id"], entry["namespace"], entry["resource_name"]) == (
        "alpha",
        "shop",
        "search",
    )
    assert entry["details"]["requests"] == rec["recommended"]


def test_history_survives_a_restart(deck: Kubedeck, sims: tuple[Kubesim, Kubesim]) -> None:
    before = deck.call("GET", f"{COST}/overview?cluster_id=all&period=24h").body
    deck.stop()
    again = start_deck(deck.workdir, sims)
    try:
        after = again.call("GET", f"{COST}/overview?cluster_id=all&period=24h").body
        # the new process adds its own start-up sample; the earlier ones are all still there
        assert after["samples"] >= before["samples"]
        assert after["total_cost"] >= before["total_cost"] * 0.999
        namespaces = again.call("GET", f"{COST}/namespaces?cluster_id=alpha&period=24h").body
        assert any(n["namespace"] == "payments" for n in namespaces["items"])
    finally:
        again.stop()
