"""Login, tokens (rotation, revocation, attacks), must-change-password, throttling, users."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jwt
import pytest

from tests.support.kubedeck_process import Kubedeck
from tests.support.kubesim_process import Kubesim


def _user(deck: Kubedeck, username: str, role: str = "viewer", **extra: object) -> int:
    reply = deck.call(
        "POST",
        "/api/v1/users",
        {"username": username, "password": "password-" + username, "role": role, **extra},
    )
    assert reply.status == 201, reply.body
    user_id: int = reply.body["id"]
    return user_id


def _tokens(deck: Kubedeck, username: str, password: str) -> dict[str, Any]:
    reply = deck.call(
        "POST", "/api/v1/auth/login", {"username": username, "password": password}, token=None
    )
    assert reply.status == 200, reply.body
    body: dict[str, Any] = reply.body
    return body


def test_login_me_and_roles(deck: Kubedeck) -> None:
    tokens = _tokens(deck, "ADMIN", deck.admin_password)  # usernames ignore case
    assert tokens["token_type"] == "bearer" and tokens["expires_in"] == 900
    me = deck.call("GET", "/api/v1/auth/me", token=tokens["access_token"]).body
    assert me["user"]["username"] == "admin" and me["role"] == "admin"
    assert (
        "pods:exec" in me["permissions"]["alpha"] and "users:manage" in (me["global_permissions"])
    )
    roles = deck.call("GET", "/api/v1/auth/roles").body
    viewer = next(r for r in roles["roles"] if r["role"] == "viewer")
    assert "pods:logs" not in viewer["permissions"] and "secrets:read" not in viewer["permissions"]
    bad = deck.call(
        "POST", "/api/v1/auth/login", {"username": "admin", "password": "nope"}, token=None
    )
    unknown = deck.call(
        "POST", "/api/v1/auth/login", {"username": "ghost", "password": "nope"}, token=None
    )
    assert bad.status == unknown.status == 401
    assert bad.body["detail"] == unknown.body["detail"]  # no user enumeration
    assert deck.call("GET", "/api/v1/clusters", token=None).status == 401


def test_refresh_rotates_and_reuse_revokes_the_family(deck: Kubedeck) -> None:
    first = _tokens(deck, "admin", deck.admin_password)
    second = deck.call(
        "POST", "/api/v1/auth/refresh", {"refresh_token": first["refresh_token"]}, token=None
    )
    assert second.status == 200 and second.body["refresh_token"] != first["refresh_token"]
    third = deck.call(
        "POST", "/api/v1/auth/refresh", {"refresh_token": second.body["refresh_token"]}, token=None
    )
    assert third.status == 200
    replay = deck.call(
        "POST", "/api/v1/auth/refresh", {"refresh_token": first["refresh_token"]}, token=None
    )
    assert replay.status == 401 and "already used" in replay.body["detail"]
    # The whole family is gone, including the newest token.
    newest = deck.call(
        "POST", "/api/v1/auth/refresh", {"refresh_token": third.body["refresh_token"]}, token=None
    )
    assert newest.status == 401
    garbage = deck.call("POST", "/api/v1/auth/refresh", {"refresh_token": "x.y"}, token=None)
    assert garbage.status == 401


def test_logout_revokes_access_and_refresh(deck: Kubedeck) -> None:
    tokens = _tokens(deck, "admin", deck.admin_password)
    access = tokens["access_token"]
    assert deck.call("GET", "/api/v1/auth/me", token=access).status == 200
    out = deck.call(
        "POST", "/api/v1/auth/logout", {"refresh_token": tokens["refresh_token"]}, token=access
    )
    assert out.status == 204
    assert deck.call("GET", "/api/v1/auth/me", token=access).status == 401
    again = deck.call(
        "POST", "/api/v1/auth/refresh", {"refresh_token": tokens["refresh_token"]}, token=None
    )
    assert again.status == 401


def test_jwt_attacks_are_refused(deck: Kubedeck) -> None:
    access = _tokens(deck, "admin", deck.admin_password)["access_token"]
    header, payload, signature = access.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))

    def b64(data: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    none_alg = f"{b64({'alg': 'none', 'typ': 'JWT'})}.{payload}."
    tampered = f"{header}.{b64({**claims, 'sub': '2', 'role': 'admin'})}.{signature}"
    wrong_key = jwt.encode({**claims}, "not-the-signing-key-of-this-kubedeck", algorithm="HS256")
    expired = jwt.encode(
        {**claims, "exp": int(time.time()) - 10},
        "not-the-signing-key-of-this-kubedeck",
        algorithm="HS256",
    )
    key = (deck.workdir / "data" / "jwt.key").read_text().strip()
    really_expired = jwt.encode({**claims, "exp": int(time.time()) - 10}, key, algorithm="HS256")
    hs512 = jwt.encode({**claims}, key, algorithm="HS512")
    for token in (none_alg, tampered, wrong_key, expired, really_expired, hs512, "garbage"):
        assert deck.call("GET", "/api/v1/auth/me", token=token).status == 401, token
    assert (deck.workdir / "data" / "jwt.key").stat().st_mode & 0o777 == 0o600


def test_must_change_password_blocks_everything_else(deck: Kubedeck) -> None:
    _user(deck, "newbie", "developer", must_change_password=True)
    token = _tokens(deck, "newbie", "password-newbie")["access_token"]
    blocked = deck.call("GET", "/api/v1/clusters", token=token)
    assert blocked.status == 403 and "password must be changed" in blocked.body["detail"]
    assert deck.call("GET", "/api/v1/auth/me", token=token).status == 200
    weak = deck.call(
        "POST",
        "/api/v1/auth/password",
        {"current_password": "password-newbie", "new_password": "short"},
        token=token,
    )
    assert weak.status == 422
    wrong = deck.call(
        "POST",
        "/api/v1/auth/password",
        {"current_password": "nope", "new_password": "a-better-one"},
        token=token,
    )
    assert wrong.status == 422
    done = deck.call(
        "POST",
        "/api/v1/auth/password",
        {"current_password": "password-newbie", "new_password": "a-better-one"},
        token=token,
    )
    assert done.status == 204
    fresh = _tokens(deck, "newbie", "a-better-one")["access_token"]
    assert deck.call("GET", "/api/v1/clusters", token=fresh).status == 200


def test_last_admin_and_self_protection(deck: Kubedeck) -> None:
    admins = [u for u in deck.call("GET", "/api/v1/users").body if u["role"] == "admin"]
    assert len(admins) == 1
    admin_id = admins[0]["id"]
    demote = deck.call("PUT", f"/api/v1/users/{admin_id}", {"role": "viewer"})
    assert demote.status == 409 and "last active admin" in demote.body["detail"]
    assert deck.call("PUT", f"/api/v1/users/{admin_id}", {"disabled": True}).status == 409
    assert deck.call("DELETE", f"/api/v1/users/{admin_id}").status == 409
    second = _user(deck, "second-admin", "admin")
    token = _tokens(deck, "second-admin", "password-second-admin")["access_token"]
    assert deck.call("DELETE", f"/api/v1/users/{second}", token=token).status == 409  # self
    assert deck.call("DELETE", f"/api/v1/users/{second}").status == 204
    duplicate = deck.call(
        "POST", "/api/v1/users", {"username": "ADMIN", "password": "whatever1", "role": "viewer"}
    )
    assert duplicate.status == 409
    bad_role = deck.call(
        "POST", "/api/v1/users", {"username": "x1", "password": "whatever1", "role": "root"}
    )
    assert bad_role.status == 422
    bad_binding = deck.call(
        "POST",
        "/api/v1/users",
        {
            "username": "x2",
            "password": "whatever1",
            "role": "viewer",
            "cluster_roles": {"nowhere": "admin"},
        },
    )
    assert bad_binding.status == 422 and "nowhere" in bad_binding.body["detail"]


def test_disabled_user_cannot_sign_in(deck: Kubedeck) -> None:
    user_id = _user(deck, "leaver")
    token = _tokens(deck, "leaver", "password-leaver")["access_token"]
    assert deck.call("PUT", f"/api/v1/users/{user_id}", {"disabled": True}).status == 200
    assert deck.call("GET", "/api/v1/auth/me", token=token).status == 401
    refused = deck.call(
        "POST",
        "/api/v1/auth/login",
        {"username": "leaver", "password": "password-leaver"},
        token=None,
    )
    assert refused.status == 401


def test_security_headers(deck: Kubedeck) -> None:
    headers = {k.lower(): v for k, v in deck.call("GET", "/healthz").headers.items()}
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"


@pytest.fixture
def strict_deck(tmp_path: Path, sim_a: Kubesim) -> Iterator[Kubedeck]:
    app = Kubedeck(
        tmp_path / "strict",
        clusters=[{"id": "alpha", "kubeconfig_path": str(sim_a.kubeconfig)}],
        env_extra={"KUBEDECK_LOGIN_MAX_FAILURES": "3", "KUBEDECK_LOGIN_WINDOW_SECONDS": "60"},
    )
    app.start()
    yield app
    app.stop()


def test_login_throttling(strict_deck: Kubedeck) -> None:
    for _ in range(3):
        reply = strict_deck.call(
            "POST", "/api/v1/auth/login", {"username": "admin", "password": "wrong"}, token=None
        )
        assert reply.status == 401
    limited = strict_deck.call(
        "POST",
        "/api/v1/auth/login",
        {"username": "admin", "password": strict_deck.admin_password},
        token=None,
    )
    assert limited.status == 429
    retry = {k.lower(): v for k, v in limited.headers.items()}["retry-after"]
    assert 0 < int(retry) <= 61
    # A user that does not exist is throttled the same way (nothing to learn from the limit).
    for _ in range(4):
        last = strict_deck.call(
            "POST", "/api/v1/auth/login", {"username": "nobody", "password": "wrong"}, token=None
        )
    assert last.status == 429


def test_password_hashing_does_not_stall_other_requests(deck: Kubedeck) -> None:
    """Argon2 runs in worker threads: while logins hash, the server keeps answering."""
    from concurrent.futures import ThreadPoolExecutor

    def login() -> float:
        started = time.monotonic()
        _tokens(deck, "admin", deck.admin_password)
        return time.monotonic() - started

    def probe() -> float:
        started = time.monotonic()
        assert deck.call("GET", "/api/v1/auth/me").status == 200
        return time.monotonic() - started

    with ThreadPoolExecutor(max_workers=4) as pool:
        logins = [pool.submit(login) for _ in range(3)]
        time.sleep(0.05)  # the logins are hashing now
        probes = [probe() for _ in range(3)]
        login_times = [f.result() for f in logins]
    # With hashing on the event loop, each probe queued behind the logins' hashes: as slow as
    # the logins themselves. Off the loop, a probe is a small fraction of one login.
    assert max(probes) < 0.5 * max(login_times), (probes, login_times)
