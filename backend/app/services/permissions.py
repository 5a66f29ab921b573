"""Roles and the permissions each grants: viewer < operator < developer < admin.

Cluster-scoped permissions are checked against the role the user has on the request's cluster
(a per-cluster binding wins over the global role); global ones against the global role only.
"""

from __future__ import annotations

ROLES = ("viewer", "operator", "developer", "admin")

_VIEWER = ("clusters:read", "resources:read", "pods:read", "events:read", "helm:read", "cost:read")
_OPERATOR = (*_VIEWER, "pods:logs", "deployments:scale", "workloads:restart")
_DEVELOPER = (
    *_OPERATOR,
    "resources:apply",
    "resources:delete",
    "pods:exec",
    "secrets:read",
    "kubectl:run",
    "helm:install",
    "helm:upgrade",
    "helm:rollback",
    "helm:uninstall",
    "cost:apply",
)
# Permissions about kubedeck itself rather than one cluster.
GLOBAL_PERMISSIONS = (
    "clusters:manage",
    "users:manage",
    "audit:read",
    "helm:repos",
    "cost:settings",
)
_ADMIN = (*_DEVELOPER, *GLOBAL_PERMISSIONS)

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    "viewer": frozenset(_VIEWER),
    "operator": frozenset(_OPERATOR),
    "developer": frozenset(_DEVELOPER),
    "admin": frozenset(_ADMIN),
}
ALL_PERMISSIONS = frozenset(_ADMIN)
# Routes anyone may call: these never carry a permission dependency.
PUBLIC = "public"
# Routes any signed-in user may call (their own session, their own password).
AUTHENTICATED = "authenticated"


def role_for(global_role: str, cluster_roles: dict[str, str], cluster_id: str | None) -> str:
    if cluster_id is not None and cluster_id in cluster_roles:
        return cluster_roles[cluster_id]
    return global_role


def allowed(
    permission: str, global_role: str, cluster_roles: dict[str, str], cluster_id: str | None
) -> bool:
    if permission == AUTHENTICATED:
        return True
    if permission in GLOBAL_PERMISSIONS:
        return permission in ROLE_PERMISSIONS.get(global_role, frozenset())
    role = role_for(global_role, cluster_roles, cluster_id)
    return permission in ROLE_PERMISSIONS.get(role, frozenset())


def effective(
    global_role: str, cluster_roles: dict[str, str], cluster_ids: list[str]
) -> dict[str, list[str]]:
    """Per cluster, every permission the user holds there (for `/auth/me` and the UI)."""
    out = {}
    for cluster_id in cluster_ids:
        out[cluster_id] = sorted(
            p for p in ALL_PERMISSIONS if allowed(p, global_role, cluster_roles, cluster_id)
        )
    return out
