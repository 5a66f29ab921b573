"""Apply multi-document YAML with server-side apply (field manager `kubedeck`), or dry-run it.

Every object is first checked and resolved against the cluster's discovery, so a typo in a
kind fails before anything is written. Objects are then applied in order; the first failure
stops the apply and its error reply lists what was already applied — a half-applied state is
never hidden. A dry run returns, per object, the diff between the live object and what the
server says the object would become.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from typing import Any

from app.core import errors
from app.schemas.actions import ApplyItem, ApplyResult
from app.services.actions_service import segment
from app.services.apply_diff import cleaned, unified
from app.services.apply_documents import Manifest, parse
from app.services.kube_gateway import KubeGateway
from app.services.resource_types import Kind

FIELD_MANAGER = "kubedeck"
_API_VERSION = re.compile(r"^([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?v[0-9]+[a-z0-9]*$")
_KIND = re.compile(r"^[A-Za-z][A-Za-z0-9]*$")
_CRD = ("apiextensions.k8s.io", "CustomResourceDefinition")
CRD_WAIT_SECONDS = 10.0


@dataclass
class _Planned:
    manifest: Manifest
    kind: Kind | None  # None: its CustomResourceDefinition is created earlier in this apply
    namespaced: bool


class _Discovery:
    """Kinds served by the cluster, one discovery GET per group/version per apply."""

    def __init__(self, gateway: KubeGateway) -> None:
        self.gateway = gateway
        self._cache: dict[str, list[dict[str, Any]]] = {}

    async def find(self, api_version: str, kind: str, *, fresh: bool = False) -> Kind | None:
        group, _, version = api_version.rpartition("/")
        if fresh or api_version not in self._cache:
            path = f"/apis/{api_version}" if group else f"/api/{version}"
            try:
                listing = await self.gateway.request("GET", path)
            except errors.NotFound:
                listing = {}
            self._cache[api_version] = list(listing.get("resources") or [])
        for entry in self._cache[api_version]:
            if entry.get("kind") == kind and "/" not in str(entry.get("name", "")):
                return Kind(str(entry["name"]), group, version, kind, bool(entry.get("namespaced")))
        return None


def _crd_scope(manifests: list[Manifest], before: int, api_version: str, kind: str) -> bool | None:
    """Whether a CRD earlier in this apply serves the kind: its scope (namespaced?), or None."""
    group, _, version = api_version.rpartition("/")
    for m in manifests[:before]:
        if (m.api_version.split("/")[0], m.kind) != _CRD:
            continue
        spec = m.obj.get("spec") or {}
        versions = {str(v.get("name")) for v in spec.get("versions") or [] if isinstance(v, dict)}
        if (
            spec.get("group") == group
            and (spec.get("names") or {}).get("kind") == kind
            and version in versions
        ):
            return bool(spec.get("scope", "Namespaced") == "Namespaced")
    return None


async def _plan(discovery: _Discovery, manifests: list[Manifest]) -> list[_Planned]:
    planned: list[_Planned] = []
    for position, m in enumerate(manifests):
        if not _API_VERSION.match(m.api_version) or not _KIND.match(m.kind):
            raise errors.Invalid(
                f"{m.label}: {m.api_version!r}/{m.kind!r} is not a valid apiVersion and kind",
                extra={"index": m.index},
            )
        kind = await discovery.find(m.api_version, m.kind)
        scope = kind.namespaced if kind else _crd_scope(manifests, position, m.api_version, m.kind)
        if scope is None:
            raise errors.Invalid(
                f'{m.label}: no kind "{m.kind}" is registered in the cluster '
                f'for apiVersion "{m.api_version}"',
                extra={"index": m.index},
            )
        planned.append(_Planned(m, kind, scope))
    return planned


class _Run:
    def __init__(
        self, gateway: KubeGateway, default_namespace: str, dry_run: bool, force: bool
    ) -> None:
        self.gateway = gateway
        self.discovery = _Discovery(gateway)
        self.default_namespace = segment(default_namespace, "namespace")
        self.dry_run = dry_run
        self.force = force
        self.results: list[ApplyItem] = []
        self.created_namespaces: set[str] = set()

    async def one(self, step: _Planned) -> ApplyItem:
        m = step.manifest
        kind = step.kind or await self._wait_for_kind(m)
        body = dict(m.obj)
        metadata = dict(body["metadata"])
        namespace: str | None = None
        if step.namespaced:
            namespace = segment(
                str(metadata.get("namespace") or self.default_namespace), "namespace"
            )
            metadata["namespace"] = namespace
        else:
            metadata.pop("namespace", None)  # the API server ignores it on cluster objects
        body["metadata"] = metadata
        segment(m.name, "name")
        item = ApplyItem(
            index=m.index,
            kind=m.kind,
            api_version=m.api_version,
            namespace=namespace,
            name=m.name,
            action="created",
        )
        blocked = self._unverifiable(kind, namespace)
        if kind is None or blocked:
            # A dry run cannot ask the server about an object whose namespace or CRD exists
            # only once this apply really runs: show it as it would be sent.
            item.warning = (
                blocked
                or "not checked by the server: its CustomResourceDefinition "
                "is created by this apply"
            )
            item.diff = unified(None, cleaned(body), _label(m, namespace))
            return item
        path = kind.path(namespace, m.name)
        try:
            live = await self.gateway.request("GET", path)
        except errors.NotFound:
            live = None
        query = {
            "fieldManager": FIELD_MANAGER,
            "force": self.force,
            "fieldValidation": "Strict",
            "dryRun": "All" if self.dry_run else None,
        }
        result = await self.gateway.request(
            "PATCH", path, query=query, body=body, content_type="application/apply-patch+yaml"
        )
        before, after = cleaned(live), cleaned(result if isinstance(result, dict) else None)
        if live is not None:
            item.action = "unchanged" if before == after else "configured"
        elif (kind.group, kind.kind) == ("", "Namespace"):
            self.created_namespaces.add(m.name)
        if item.action != "unchanged":
            item.diff = unified(before, after, _label(m, namespace))
        return item

    def _unverifiable(self, kind: Kind | None, namespace: str | None) -> str | None:
        if (
            self.dry_run
            and kind is not None
            and kind.namespaced
            and namespace in self.created_namespaces
        ):
            return "not checked by the server: its namespace is created by this apply"
        return None

    async def _wait_for_kind(self, m: Manifest) -> Kind | None:
        if self.dry_run:
            return None
        # A CRD applied a moment ago becomes served once it is Established.
        deadline = asyncio.get_running_loop().time() + CRD_WAIT_SECONDS
        while True:
            kind = await self.discovery.find(m.api_version, m.kind, fresh=True)
            if kind is not None:
                return kind
            if asyncio.get_running_loop().time() > deadline:
                raise errors.Invalid(
                    f'no kind "{m.kind}" is registered in the cluster for '
                    f'apiVersion "{m.api_version}" (its CustomResourceDefinition'
                    f" was applied but is not served after "
                    f"{CRD_WAIT_SECONDS:g}s)"
                )
            await asyncio.sleep(0.5)

    def failed(self, step: _Planned, cause: errors.AppError) -> errors.AppError:
        """The cause, with which object failed and every object applied before it."""
        m = step.manifest
        namespace = (
            m.obj["metadata"].get("namespace") or self.default_namespace
            if step.namespaced
            else None
        )
        target = f"{m.kind} {namespace + '/' if namespace else ''}{m.name}"
        applied = [r.model_dump() for r in self.results]
        verb = "checked" if self.dry_run else "applied"
        done = ", ".join(
            f"{r.kind} {r.namespace + '/' if r.namespace else ''}{r.name}" for r in self.results
        )
        before = (
            f"{len(applied)} object(s) before it were {verb}: {done}"
            if applied
            else f"nothing was {verb}"
        )
        error = errors.AppError(
            f"{m.label}, {target}: {cause.detail}; {before}",
            extra={
                **cause.extra,
                "applied": applied,
                "dry_run": self.dry_run,
                "failed": {
                    "index": m.index,
                    "item": m.item,
                    "kind": m.kind,
                    "namespace": namespace,
                    "name": m.name,
                },
            },
        )
        error.status_code, error.error = cause.status_code, cause.error
        return error


def _label(m: Manifest, namespace: str | None) -> str:
    return ".".join(p for p in (m.api_version.replace("/", "."), m.kind, namespace, m.name) if p)


async def apply(
    gateway: KubeGateway, text: str, default_namespace: str, *, dry_run: bool, force: bool
) -> ApplyResult:
    manifests = parse(text)
    run = _Run(gateway, default_namespace, dry_run, force)
    try:
        planned = await _plan(run.discovery, manifests)
    except errors.Invalid as exc:
        exc.extra.setdefault("applied", [])
        raise
    for step in planned:
        try:
            run.results.append(await run.one(step))
        except errors.AppError as exc:
            raise run.failed(step, exc) from exc
    return ApplyResult(results=run.results, dry_run=dry_run)


def context_namespace(kubeconfig: dict[str, Any], context: str | None) -> str:
    """The namespace the cluster's kubeconfig context names, as kubectl would default to."""
    name = context or kubeconfig.get("current-context")
    for entry in kubeconfig.get("contexts") or []:
        if isinstance(entry, dict) and entry.get("name") == name:
            namespace = (entry.get("context") or {}).get("namespace")
            if isinstance(namespace, str) and namespace:
                return namespace
    return "default"
