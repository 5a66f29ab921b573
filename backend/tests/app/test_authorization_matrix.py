"""Every route x every role x (global, per-cluster binding) and anonymous, from the route table.

A route without exactly one declared permission fails here, so no route can be added unguarded.
"""

from __future__ import annotations

import re

import pytest

from app.api.route_table import RouteInfo, route_table
from app.main import create_app
from app.services import permissions
from tests.support.kubedeck_process import Kubedeck

ROUTES = [r for r in route_table(create_app()) if r.method != "WS"]
PLACEHOLDERS = {
    "cluster_id": "alpha",
    "user_id": "999999",
    "namespace": "default",
    "resource": "configmaps",
    "name": "no-such-object",
    "group": "apps",
    "version": "v1",
    "workload": "deployments",
    "release": "no-such-release",
}
# (username, global role, per-cluster bindings on the test's cluster `alpha`)
IDENTITIES = [
    ("m-viewer", "viewer", {}),
    ("m-operator", "operator", {}),
    ("m-developer", "developer", {}),
    ("m-admin", "admin", {}),
    ("m-bound-operator", "viewer", {"alpha": "operator"}),
    ("m-bound-developer", "viewer", {"alpha": "developer"}),
    ("m-bound-admin", "viewer", {"alpha": "admin"}),
    ("m-demoted-admin", "admin", {"alpha": "viewer"}),
]


def test_every_route_declares_exactly_one_permission() -> None:
    unguarded = [
        f"{r.method} {r.path}" for r in route_table(create_app()) if len(r.permissions) != 1
    ]
    assert unguarded == []
    known = permissions.ALL_PERMISSIONS | {permissions.PUBLIC, permissions.AUTHENTICATED}
    unknown = [
        f"{r.method} {r.path}: {r.permissions}" for r in ROUTES if not set(r.permissions) <= known
    ]
    assert unknown == []


def _concrete(route: RouteInfo) -> str:
    def fill(match: re.Match[str]) -> str:
        return PLACEHOLDERS.get(match.group(1).split(":")[0], "x")

    path = re.sub(r"\{([^}]+)\}", fill, route.path)
    return f"{path}{'&' if '?' in path else '?'}cluster_id=alpha"


@pytest.fixture(scope="module")
def tokens(deck: Kubedeck) -> dict[str, str]:
    out = {}
    for username, role, bindings in IDENTITIES:
        reply = deck.call(
            "POST",
            "/api/v1/users",
            {
                "username": username,
                "password": f"pw-{username}-123",
                "role": role,
                "cluster_roles": bindings,
            },
        )
        assert reply.status in (201, 409), reply.body
        out[username] = deck.login(username, f"pw-{username}-123")
    return out


def _expected(permission: str, role: str, bindings: dict[str, str]) -> bool:
    return permissions.allowed(permission, role, bindings, "alpha")


@pytest.mark.parametrize(
    "route",
    [r for r in ROUTES if r.permissions[:1] not in ((), ("public",))],
    ids=lambda r: f"{r.method} {r.path}",
)
def test_route_authorization(route: RouteInfo, deck: Kubedeck, tokens: dict[str, str]) -> None:
    path, permission = _concrete(route), route.permissions[0]
    # Bodies are deliberately invalid: an allowed caller gets a validation error (or a
    # harmless 404 on a placeholder object), so the matrix changes nothing.
    body = "not-an-object" if route.method in ("POST", "PUT", "PATCH") else None
    anonymous = deck.call(route.method, path, body, token=None)
    assert anonymous.status == 401, (route, anonymous.body)
    for username, role, bindings in IDENTITIES:
        if route.path == "/api/v1/auth/logout":
            continue  # allowed for everyone; calling it would end the matrix's own sessions
        reply = deck.call(route.method, path, body, token=tokens[username])
        if _expected(permission, role, bindings):
            assert reply.status not in (401, 403), (username, route, reply.status, reply.body)
        else:
            assert reply.status == 403, (username, route, reply.status, reply.body)
