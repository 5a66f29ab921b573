"""The documented shapes of /api/v1/overview and /api/v1/fleet, against real kubesim clusters:
the OpenAPI document names the models, and the JSON keeps the keys the web app reads."""

from __future__ import annotations

import time
from typing import Any

from tests.support.kubedeck_process import Kubedeck

_OVERVIEW_KEYS = {
    "cluster_id",
    "counts",
    "pod_phases",
    "pod_problems",
    "nodes",
    "cpu",
    "memory",
    "warnings",
}
_DEAD_KUBECONFIG = (
    "apiVersion: v1\nkind: Config\nclusters: [{name: d, cluster: {server: "
    "'http://127.0.0.1:9'}}]\ncontexts: [{name: d, context: {cluster: d, user: u}}]\n"
    "users: [{name: u, user: {}}]\ncurrent-context: d\n"
)


def _schema_ref(operation: dict[str, Any]) -> str:
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    return str(schema.get("$ref") or schema.get("items", {}).get("$ref"))


def test_openapi_names_the_response_models(deck: Kubedeck) -> None:
    spec = deck.call("GET", "/api/openapi.json").body
    paths = spec["paths"]
    assert _schema_ref(paths["/api/v1/overview"]["get"]).endswith("/ClusterOverviewOut")
    assert _schema_ref(paths["/api/v1/fleet"]["get"]).endswith("/FleetEntryOut")
    fleet_props = spec["components"]["schemas"]["FleetEntryOut"]["properties"]
    assert set(fleet_props) == {"cluster_id", "name", "labels", "health", "overview", "error"}


def test_overview_shape(deck: Kubedeck) -> None:
    body = deck.call("GET", "/api/v1/overview?cluster_id=beta").body
    assert set(body) == _OVERVIEW_KEYS
    assert body["cluster_id"] == "beta"
    assert set(body["nodes"]) == {"total", "ready", "not_ready"}
    assert set(body["cpu"]) == {"requested_millicores", "allocatable_millicores", "used_millicores"}
    assert set(body["memory"]) == {"requested_bytes", "allocatable_bytes", "used_bytes"}
    assert all(isinstance(n, int) for n in body["counts"].values())
    assert body["counts"]["nodes"] == body["nodes"]["total"] == 1


def test_unknown_cluster_is_a_clear_4xx(deck: Kubedeck) -> None:
    reply = deck.call("GET", "/api/v1/overview?cluster_id=nope")
    assert 400 <= reply.status < 500
    assert {"error", "detail"} <= set(reply.body)


def test_fleet_shape_with_a_dead_cluster(deck: Kubedeck) -> None:
    added = deck.call("POST", "/api/v1/clusters", {"id": "gone", "kubeconfig": _DEAD_KUBECONFIG})
    assert added.status == 201
    try:
        started = time.monotonic()
        fleet = deck.call("GET", "/api/v1/fleet").body
        elapsed = time.monotonic() - started
        by_id = {entry["cluster_id"]: entry for entry in fleet}
        assert {"alpha", "beta", "gone"} <= set(by_id)
        beta = by_id["beta"]
        assert set(beta) == {"cluster_id", "name", "labels", "health", "overview", "error"}
        assert set(beta["health"]) == {"status", "reason", "version", "latency_ms"}
        assert beta["health"]["status"] == "healthy" and beta["error"] is None
        assert set(beta["overview"]) == _OVERVIEW_KEYS
        gone = by_id["gone"]
        assert gone["overview"] is None and gone["error"]
        assert gone["health"]["status"] == "unreachable"
        # A cluster known to be down fails fast instead of holding up the others.
        assert elapsed < 5
    finally:
        deck.call("DELETE", "/api/v1/clusters/gone")
