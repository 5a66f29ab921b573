"""Delete, scale and rollout restart of one object, through the cluster's own API verbs.

Each function takes the cluster's gateway and a resolved `Kind`, so the routes stay one line
and the RBAC layer can see the action and its target (kind, namespace, name) before the call.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from app.core import errors
from app.schemas.actions import DeleteResult, RestartResult, ScaleResult
from app.services.kube_gateway import KubeGateway
from app.services.resource_types import RESTARTABLE, SCALABLE, Kind, builtin, discover

Propagation = Literal["Background", "Foreground", "Orphan"]
RESTARTED_AT = "kubectl.kubernetes.io/restartedAt"
_FORBIDDEN_IN_SEGMENT = set("/%?#\\")


def segment(value: str, what: str) -> str:
    """A name or namespace that is safe inside an API path.

    Kubernetes refuses "." and ".." and names with "/" or "%" (ValidatePathSegmentName); we also
    refuse "?", "#" and control characters, because the path is joined into a URL and a ".."
    would be normalised away — `configmaps/..` must never turn into a namespace delete."""
    if (
        not value
        or value in (".", "..")
        or len(value) > 253
        or any(c in _FORBIDDEN_IN_SEGMENT or ord(c) < 0x21 or ord(c) == 0x7F for c in value)
    ):
        raise errors.BadRequest(
            f"invalid {what} {value!r}: it may not be empty, '.' or '..', "
            "nor contain '/', '%', '?', '#', spaces or control characters"
        )
    return value


def builtin_kind(resource: str, namespaced: bool) -> Kind:
    """A resource named by its plural kubectl name, used on the namespaced or cluster path."""
    kind = builtin(resource)
    return _check_scope(kind, namespaced)


async def discovered_kind(
    gateway: KubeGateway, group: str, version: str, resource: str, namespaced: bool
) -> Kind:
    """A resource outside the built-in list (CRDs included), from the cluster's discovery."""
    for value, what in ((group, "group"), (version, "version"), (resource, "resource")):
        segment(value, what)
    return _check_scope(await discover(gateway, group, version, resource), namespaced)


def _check_scope(kind: Kind, namespaced: bool) -> Kind:
    if kind.namespaced and not namespaced:
        raise errors.BadRequest(
            f"{kind.resource} are namespaced: use "
            f".../namespaces/{{namespace}}/{kind.resource}/{{name}}"
        )
    if namespaced and not kind.namespaced:
        raise errors.BadRequest(
            f"{kind.resource} are cluster-scoped: use "
            f".../{kind.resource}/{{name}} without a namespace"
        )
    return kind


# ---- delete -------------------------------------------------------------------------------------
async def delete(
    gateway: KubeGateway,
    kind: Kind,
    namespace: str | None,
    name: str,
    propagation: Propagation,
    grace_period_seconds: int | None,
) -> DeleteResult:
    ns = segment(namespace, "namespace") if kind.namespaced and namespace else None
    segment(name, "name")
    options: dict[str, Any] = {
        "kind": "DeleteOptions",
        "apiVersion": "v1",
        "propagationPolicy": propagation,
    }
    if grace_period_seconds is not None:
        options["gracePeriodSeconds"] = grace_period_seconds
    reply = await gateway.request("DELETE", kind.path(ns, name), body=options)
    # The API returns a Status once the object is gone, or the object itself; an object that
    # still carries a deletionTimestamp is waiting for finalizers or graceful termination.
    metadata = reply.get("metadata") if isinstance(reply, dict) else None
    pending = (
        isinstance(metadata, dict)
        and bool(metadata.get("deletionTimestamp"))
        and reply.get("kind") != "Status"
    )
    return DeleteResult(
        deleted=not pending,
        pending=pending,
        kind=kind.kind,
        namespace=ns,
        name=name,
        propagation=propagation,
        object=reply if pending else None,
    )


# ---- scale --------------------------------------------------------------------------------------
def scalable(resource: str) -> Kind:
    kind = builtin_kind(resource, namespaced=True)
    if kind.resource not in SCALABLE:
        raise errors.BadRequest(
            f"{kind.resource} cannot be scaled; scalable kinds: {', '.join(SCALABLE)}"
        )
    return kind


async def scale(
    gateway: KubeGateway, kind: Kind, namespace: str, name: str, replicas: int
) -> ScaleResult:
    path = kind.path(segment(namespace, "namespace"), segment(name, "name"), "scale")
    # What `kubectl scale` sends: a merge patch of the Scale subresource, so only the
    # replica count changes and nobody's template edits race with ours.
    reply = await gateway.request(
        "PATCH",
        path,
        body={"spec": {"replicas": replicas}},
        content_type="application/merge-patch+json",
    )
    spec, status = reply.get("spec") or {}, reply.get("status") or {}
    return ScaleResult(
        kind=kind.kind,
        namespace=namespace,
        name=name,
        replicas=int(spec.get("replicas", replicas)),
        status_replicas=int(status.get("replicas", 0)),
        selector=str(status.get("selector", "")),
    )


# ---- rollout restart ----------------------------------------------------------------------------
def restartable(resource: str) -> Kind:
    kind = builtin_kind(resource, namespaced=True)
    if kind.resource not in RESTARTABLE:
        raise errors.BadRequest(
            f"{kind.resource} cannot be restarted; restartable kinds: {', '.join(RESTARTABLE)}"
        )
    return kind


async def restart(gateway: KubeGateway, kind: Kind, namespace: str, name: str) -> RestartResult:
    path = kind.path(segment(namespace, "namespace"), segment(name, "name"))
    current = await gateway.request("GET", path)
    # kubectl refuses too: a paused Deployment would record the change and never roll it out.
    if (current.get("spec") or {}).get("paused"):
        raise errors.Conflict(
            f"{kind.kind.lower()} {namespace}/{name} is paused; resume its "
            "rollout before restarting it"
        )
    now = datetime.now(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
    patch = {"spec": {"template": {"metadata": {"annotations": {RESTARTED_AT: now}}}}}
    await gateway.request(
        "PATCH",
        path,
        query={"fieldManager": "kubedeck"},
        body=patch,
        content_type="application/strategic-merge-patch+json",
    )
    return RestartResult(kind=kind.kind, namespace=namespace, name=name, restarted_at=now)
