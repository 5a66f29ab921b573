"""Auth, users and the audit chain on PostgreSQL: login, refresh rotation and logout, a forced
password change, user create/edit/delete, the audit chain under concurrent writers on one
replica and on both, racing upserts and oversized audited paths, and audit retention racing
appends (the audit service itself, on a database of its own)."""

from __future__ import annotations

import asyncio

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.services.audit_service import AuditRecord, AuditService
from tests.support.kubedeck_process import Kubedeck
from tests.support.postgres import (
    CLUSTER,
    Postgres,
    bad_login,
    in_parallel,
    new_user,
    ok,
    rename_many,
    tokens,
    verify,
)


def test_login_refresh_and_logout(deck: Kubedeck) -> None:
    first = tokens(deck, "ADMIN", deck.admin_password)  # usernames ignore case
    refresh = {"refresh_token": first["refresh_token"]}
    second = deck.call("POST", "/api/v1/auth/refresh", refresh, token=None)
    rotated = ok(second.status, second.body)
    replay = deck.call("POST", "/api/v1/auth/refresh", refresh, token=None)
    assert replay.status == 401  # a rotated token reused: the whole family is revoked
    newest = {"refresh_token": rotated["refresh_token"]}
    assert deck.call("POST", "/api/v1/auth/refresh", newest, token=None).status == 401
    third = tokens(deck, "admin", deck.admin_password)
    access = third["access_token"]
    assert deck.call("GET", "/api/v1/auth/me", token=access).status == 200
    out = {"refresh_token": third["refresh_token"]}
    assert deck.call("POST", "/api/v1/auth/logout", out, token=access).status == 204
    assert deck.call("GET", "/api/v1/auth/me", token=access).status == 401
    assert deck.call("POST", "/api/v1/auth/refresh", out, token=None).status == 401


def test_must_change_password(deck: Kubedeck) -> None:
    new_user(deck, "pgnewbie", must_change_password=True)
    token = tokens(deck, "pgnewbie", "pw-pgnewbie-1")["access_token"]
    blocked = deck.call("GET", "/api/v1/clusters", token=token)
    assert blocked.status == 403 and "password must be changed" in blocked.body["detail"]
    change = {"current_password": "pw-pgnewbie-1", "new_password": "a-better-one"}
    assert deck.call("POST", "/api/v1/auth/password", change, token=token).status == 204
    fresh = tokens(deck, "pgnewbie", "a-better-one")["access_token"]
    assert deck.call("GET", "/api/v1/clusters", token=fresh).status == 200


def test_user_create_edit_delete(deck: Kubedeck) -> None:
    user_id = new_user(deck, "pgeditor", display_name="Ed", cluster_roles={CLUSTER: "developer"})
    edit = {"display_name": "Edited", "role": "developer", "disabled": True}
    changed = deck.call("PUT", f"/api/v1/users/{user_id}", edit)
    body = ok(changed.status, changed.body)
    assert (body["display_name"], body["role"], body["disabled"]) == ("Edited", "developer", True)
    listed = {u["username"]: u for u in deck.call("GET", "/api/v1/users").body}
    assert listed["pgeditor"]["cluster_roles"] == {CLUSTER: "developer"}
    duplicate = deck.call(
        "POST", "/api/v1/users", {"username": "PGEDITOR", "password": "whatever1", "role": "viewer"}
    )
    assert duplicate.status == 409, duplicate.body
    assert deck.call("DELETE", f"/api/v1/users/{user_id}").status == 204
    assert "pgeditor" not in {u["username"] for u in deck.call("GET", "/api/v1/users").body}


def test_audit_chain_holds_under_concurrent_writers(deck: Kubedeck) -> None:
    users = [new_user(deck, f"pgconc{i}") for i in range(8)]
    before = verify(deck)["entries"]
    results = in_parallel([rename_many(deck, uid, 6) for uid in users])
    assert results == [6] * 8
    check = verify(deck)
    assert check["intact"] is True, check
    assert check["entries"] == before + 48  # none lost, none doubled


def test_two_replicas_write_one_audit_chain(
    pg: Postgres, replicas: tuple[Kubedeck, Kubedeck]
) -> None:
    first, second = replicas
    # Failed-login counters for one new key, first written by both replicas at once.
    assert in_parallel([bad_login(app) for app in replicas * 2]) == [401] * 4
    counted = "SELECT count FROM login_failures WHERE key = 'user:pg-ghost'"
    assert pg.sql(counted, "kubedeck") == [["4"]]  # none lost
    ids = [new_user(first, "pgrep1"), new_user(second, "pgrep2")]
    # A token issued by one replica works on the other (shared keys and revocations).
    assert second.call("GET", "/api/v1/auth/me", token=first.token).status == 200
    before = verify(first)["entries"]
    results = in_parallel([rename_many(app, uid, 8) for app in replicas for uid in ids])
    assert results == [8] * 4
    for app in replicas:
        check = verify(app)
        assert check["intact"] is True, check
        assert check["entries"] == before + 32


def test_racing_upserts_and_oversized_paths_are_not_errors(deck: Kubedeck) -> None:
    def switch() -> int:
        return deck.call("PUT", "/api/v1/clusters/active", {"cluster_id": CLUSTER}).status

    # The same user's preference row, first written by eight requests at once.
    assert in_parallel([switch] * 8) == [200] * 8
    assert deck.call("GET", "/api/v1/clusters/active").body == {"cluster_id": CLUSTER}
    # Every mutating request is audited, its path parameters too: longer than their columns.
    for method, path in (
        ("DELETE", "/api/v1/clusters/" + "c" * 100),
        ("DELETE", f"/api/v1/clusters/{CLUSTER}/namespaces/" + "n" * 300),
        ("POST", "/api/v1/" + "p" * 300),
    ):
        reply = deck.call(method, path, None if method == "DELETE" else {})
        assert 400 <= reply.status < 500, (path, reply.status, reply.body)
    newest = deck.call("GET", "/api/v1/audit?limit=3").body["items"]
    assert len(newest[0]["action"]) == 100  # kept, cut to its column
    assert verify(deck)["intact"] is True


async def test_retention_racing_appends_keeps_the_chain_verifiable(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    """Retention (every replica runs it) while other writers append: the genesis it records
    must be the prev_hash of the oldest entry that exists once both are done. It once read
    "no entries" before an append committed and then the head after it, so entry 1 no longer
    matched the chain (seen with two replicas starting together)."""
    audit = AuditService(sessions, retention_days=30)

    async def appends(writer: int) -> None:
        for n in range(15):
            await audit.append(AuditRecord(action=f"race.{writer}.{n}", status_code=200))

    async def purges() -> None:
        for _ in range(40):
            await audit.purge_expired()

    await asyncio.gather(*(appends(w) for w in range(4)), purges(), purges())
    async with sessions() as session:
        check = await audit.verify(session)
    assert check == {"intact": True, "entries": 60, "first_bad_id": None, "detail": None}
