"""The audit log: one entry per mutating request, secrets redacted, hash chain, queries, CSV."""

from __future__ import annotations

import sqlite3
from typing import Any

from tests.support.kubedeck_process import Kubedeck
from tests.support.kubesim_process import Kubesim


def _entries(deck: Kubedeck, **filters: str) -> list[dict[str, Any]]:
    query = "&".join(f"{k}={v}" for k, v in filters.items())
    reply = deck.call("GET", f"/api/v1/audit?limit=1000&{query}")
    assert reply.status == 200, reply.body
    items: list[dict[str, Any]] = reply.body["items"]
    return items


def test_mutations_are_audited_once_without_secrets(deck: Kubedeck, sim_b: Kubesim) -> None:
    before = {e["id"] for e in _entries(deck)}
    created = deck.call(
        "POST",
        "/api/v1/users",
        {"username": "audited", "password": "Sup3r-secret-pw", "role": "viewer"},
    )
    assert created.status == 201
    kubeconfig = sim_b.kubeconfig.read_text()
    token = sim_b.config()["users"][0]["user"]["token"]
    added = deck.call("POST", "/api/v1/clusters", {"id": "audit-c", "kubeconfig": kubeconfig})
    assert added.status == 201
    assert deck.call("DELETE", "/api/v1/clusters/audit-c").status == 204
    new = [e for e in _entries(deck) if e["id"] not in before]
    by_action: dict[str, list[dict[str, Any]]] = {}
    for entry in new:
        by_action.setdefault(entry["action"], []).append(entry)
    assert len(by_action["users:manage"]) == 1
    user_entry = by_action["users:manage"][0]
    assert user_entry["username"] == "admin" and user_entry["status_code"] == 201
    assert user_entry["details"]["body"]["password"] == "[redacted]"
    assert user_entry["request_id"] and user_entry["client_ip"] == "127.0.0.1"
    assert [e["status_code"] for e in by_action["clusters:manage"]] == [204, 201]
    delete_entry = by_action["clusters:manage"][0]
    assert delete_entry["cluster_id"] == "audit-c"
    dump = str(new)
    assert "Sup3r-secret-pw" not in dump and token not in dump
    database = (deck.workdir / "data" / "kubedeck.db").read_bytes()
    assert b"Sup3r-secret-pw" not in database


def test_logins_and_denials_are_audited(deck: Kubedeck) -> None:
    deck.call(
        "POST",
        "/api/v1/users",
        {"username": "snoop", "password": "snoop-password", "role": "viewer"},
    )
    deck.call("POST", "/api/v1/auth/login", {"username": "snoop", "password": "wrong"}, token=None)
    token = deck.login("snoop", "snoop-password")
    assert deck.call("GET", "/api/v1/users", token=token).status == 403
    mine = _entries(deck, user="snoop")
    actions = [(e["action"], e["status_code"]) for e in mine]
    assert ("auth.login_failed", 401) in actions
    assert ("auth.login", 200) in actions
    assert ("users:manage (refused)", 403) in actions


def test_filters_pagination_and_csv(deck: Kubedeck) -> None:
    page = deck.call("GET", "/api/v1/audit?limit=2&offset=0").body
    assert len(page["items"]) == 2 and page["total"] >= 2
    assert page["items"][0]["id"] > page["items"][1]["id"]  # newest first
    logins = _entries(deck, action="auth.login")
    assert logins and all(e["action"].startswith("auth.login") for e in logins)
    csv = deck.call("GET", "/api/v1/audit?format=csv")
    assert csv.status == 200 and csv.body.splitlines()[0].startswith("id,timestamp,username")
    bad = deck.call("GET", "/api/v1/audit?limit=0")
    assert bad.status == 422


def test_tampering_breaks_the_chain(deck: Kubedeck) -> None:
    assert deck.call("GET", "/api/v1/audit/verify").body["intact"] is True
    entries = _entries(deck)
    victim = entries[len(entries) // 2]["id"]
    with sqlite3.connect(deck.workdir / "data" / "kubedeck.db") as db:
        original = db.execute("SELECT action FROM audit_log WHERE id = ?", (victim,)).fetchone()
        db.execute("UPDATE audit_log SET action = 'nothing to see' WHERE id = ?", (victim,))
    broken = deck.call("GET", "/api/v1/audit/verify").body
    assert broken["intact"] is False and broken["first_bad_id"] == victim
    with sqlite3.connect(deck.workdir / "data" / "kubedeck.db") as db:
        db.execute("UPDATE audit_log SET action = ? WHERE id = ?", (original[0], victim))
    assert deck.call("GET", "/api/v1/audit/verify").body["intact"] is True


def test_time_filters_and_aware_timestamps(deck: Kubedeck) -> None:
    newest = _entries(deck)[0]
    assert newest["timestamp"].endswith(("Z", "+00:00"))
    stamp = newest["timestamp"].replace("+00:00", "Z")
    since = _entries(deck, since=stamp)
    assert since and all(e["id"] >= newest["id"] for e in since)
    assert _entries(deck, until="2000-01-01T00:00:00Z") == []
