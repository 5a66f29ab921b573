"""Clusters: the registry from config, health, the active cluster, and clusters added by API."""

from __future__ import annotations

import time
from pathlib import Path

from tests.support.kubedeck_process import Kubedeck
from tests.support.kubesim_process import Kubesim


def test_health_endpoints_and_openapi(deck: Kubedeck) -> None:
    assert deck.call("GET", "/healthz").body == {"status": "ok"}
    assert deck.call("GET", "/readyz").status == 200
    spec = deck.call("GET", "/api/openapi.json").body
    assert "/api/v1/clusters" in spec["paths"]
    reply = deck.call("GET", "/healthz", headers={"X-Request-ID": "abc-123"})
    assert reply.headers["x-request-id"] == "abc-123"


def test_lists_configured_clusters_with_health(deck: Kubedeck) -> None:
    listed = deck.call("GET", "/api/v1/clusters").body
    assert [c["id"] for c in listed] == ["alpha", "beta"]
    assert listed[0]["is_default"] and listed[0]["source"] == "config"
    assert listed[0]["server"].startswith("https://127.0.0.1:")
    health = deck.call("GET", "/api/v1/clusters/beta/health").body
    assert health["reachable"] and health["status"] == "healthy"
    assert health["version"] == "v1.37.0-kubesim" and health["node_count"] == 1
    assert health["latency_ms"] >= 0
    detail = deck.call("GET", "/api/v1/clusters/alpha").body
    assert detail["name"] == "Alpha" and detail["health"]["reachable"]
    missing = deck.call("GET", "/api/v1/clusters/nope")
    assert missing.status == 404 and missing.body["error"] == "NotFound"
    assert missing.body["request_id"]


def test_active_cluster_is_kept_server_side(deck: Kubedeck) -> None:
    assert deck.call("GET", "/api/v1/clusters/active").body == {"cluster_id": "alpha"}
    assert deck.call("PUT", "/api/v1/clusters/active", {"cluster_id": "beta"}).status == 200
    assert deck.call("GET", "/api/v1/clusters/active").body == {"cluster_id": "beta"}
    bad = deck.call("PUT", "/api/v1/clusters/active", {"cluster_id": "ghost"})
    assert bad.status == 404
    invalid = deck.call("PUT", "/api/v1/clusters/active", {})
    assert invalid.status == 422 and invalid.body["error"] == "ValidationError"
    deck.call("PUT", "/api/v1/clusters/active", {"cluster_id": "alpha"})


def test_add_rename_label_and_remove_a_cluster(deck: Kubedeck, sim_b: Kubesim) -> None:
    kubeconfig = sim_b.kubeconfig.read_text()
    added = deck.call(
        "POST",
        "/api/v1/clusters",
        {
            "id": "beta-copy",
            "name": "Beta again",
            "kubeconfig": kubeconfig,
            "labels": {"env": "staging"},
        },
    )
    assert added.status == 201, added.body
    assert added.body["health"]["reachable"] and added.body["removable"]
    assert "kubeconfig" not in added.body and "token" not in str(added.body)
    renamed = deck.call(
        "PATCH", "/api/v1/clusters/beta-copy", {"name": "Beta prime", "labels": {"env": "prod"}}
    )
    assert renamed.body["name"] == "Beta prime" and renamed.body["labels"] == {"env": "prod"}
    duplicate = deck.call("POST", "/api/v1/clusters", {"id": "beta-copy", "kubeconfig": kubeconfig})
    assert duplicate.status == 409
    # A configured cluster can be renamed but not removed through the API.
    assert deck.call("PATCH", "/api/v1/clusters/alpha", {"labels": {"env": "dev"}}).status == 200
    refused = deck.call("DELETE", "/api/v1/clusters/alpha")
    assert refused.status == 409 and "config" in refused.body["detail"]
    assert deck.call("DELETE", "/api/v1/clusters/beta-copy").status == 204
    assert deck.call("GET", "/api/v1/clusters/beta-copy").status == 404


def test_bad_kubeconfigs_are_refused_clearly(deck: Kubedeck) -> None:
    for text, expected in (("{{{", "not valid YAML"), ("a: 1", "no contexts")):
        reply = deck.call("POST", "/api/v1/clusters", {"id": "broken", "kubeconfig": text})
        assert reply.status == 400 and expected in reply.body["detail"]
    wrong_ctx = deck.call(
        "POST",
        "/api/v1/clusters",
        {"id": "broken", "kubeconfig": "contexts: [{name: a, context: {}}]", "context": "b"},
    )
    assert (
        wrong_ctx.status == 400
        and "context 'b' is not in the kubeconfig" in (wrong_ctx.body["detail"])
    )
    bad_id = deck.call("POST", "/api/v1/clusters", {"id": "Bad_ID", "kubeconfig": "x"})
    assert bad_id.status == 422


def test_kubeconfig_is_encrypted_at_rest(deck: Kubedeck, sim_b: Kubesim) -> None:
    kubeconfig = sim_b.kubeconfig.read_text()
    token = sim_b.config()["users"][0]["user"]["token"]
    deck.call("POST", "/api/v1/clusters", {"id": "secret-check", "kubeconfig": kubeconfig})
    database = Path(deck.workdir / "data" / "kubedeck.db").read_bytes()
    wal = deck.workdir / "data" / "kubedeck.db-wal"
    stored = database + (wal.read_bytes() if wal.exists() else b"")
    assert token.encode() not in stored
    assert deck.call("DELETE", "/api/v1/clusters/secret-check").status == 204


def test_unreachable_cluster_reports_reason_and_fails_fast(deck: Kubedeck, tmp_path: Path) -> None:
    dead = (
        "apiVersion: v1\nkind: Config\nclusters: [{name: d, cluster: {server: "
        "'http://127.0.0.1:9'}}]\ncontexts: [{name: d, context: {cluster: d, user: u}}]\n"
        "users: [{name: u, user: {}}]\ncurrent-context: d\n"
    )
    added = deck.call("POST", "/api/v1/clusters", {"id": "dead", "kubeconfig": dead})
    assert added.status == 201
    health = added.body["health"]
    assert not health["reachable"] and health["status"] == "unreachable"
    assert "dead" in health["reason"]
    started = time.monotonic()
    fleet = deck.call("GET", "/api/v1/clusters/health").body
    assert {h["cluster_id"]: h["reachable"] for h in fleet}["alpha"] is True
    assert time.monotonic() - started < 5
    deck.call("DELETE", "/api/v1/clusters/dead")
