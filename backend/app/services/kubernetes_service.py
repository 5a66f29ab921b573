"""Reads of a cluster's resources: lists (from the watch cache, or paginated LISTs for kinds it
does not hold), detail with related objects and events, and YAML.

Secrets never leave masked unless the caller asks to reveal them; the route decides who may.
"""

from __future__ import annotations

import copy
from dataclasses import replace
from typing import Any

import yaml

from app.core import errors
from app.services import summaries
from app.services.cluster_service import ClusterService
from app.services.resource_types import BUILTIN, Kind, discover
from app.services.watch_cache import WatchCache
from app.services.watch_query import ListQuery, Page, from_store, page_of, select
from app.services.watch_related import Related
from app.services.watch_store import make_entry
from app.services.watch_sync import get_json

Obj = dict[str, Any]
Objects = list[Obj]  # `list` is a method name below
MASK = "***"
_LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"
_DEFAULT_SORT = {"events": "-last_seen"}  # the newest events first, like `kubectl events`


class KubernetesService:
    def __init__(self, clusters: ClusterService, cache: WatchCache) -> None:
        self.clusters = clusters
        self.cache = cache

    # ---- kinds ----------------------------------------------------------------------
    async def resolve(self, cluster_id: str, group: str, version: str, resource: str) -> Kind:
        """A kind by group/version/resource ("core" for the core group), via discovery unless
        it is a built-in one (which is then served from the cache as usual)."""
        group_name = "" if group == "core" else group
        known = BUILTIN.get(resource)
        if known is not None and (known.group, known.version) == (group_name, version):
            return known
        return await discover(self.clusters.gateway(cluster_id), group, version, resource)

    # ---- lists ----------------------------------------------------------------------
    async def list(self, cluster_id: str, kind: Kind, query: ListQuery) -> Page:
        query.validate()  # a bad selector is our 400, before any cluster is asked
        if not kind.namespaced:
            query = replace(query, namespace=None)
        default_sort = _DEFAULT_SORT.get(kind.resource, "name")
        if self.cache.caches(kind):
            store = await self.cache.store(cluster_id, kind)
            return from_store(store, query, default_sort)
        items = await self._list_direct(cluster_id, kind, query)
        entries = [make_entry(kind.resource, obj) for obj in items]
        return page_of(select(entries, query, kind.resource, default_sort), query)

    async def _list_direct(self, cluster_id: str, kind: Kind, query: ListQuery) -> Objects:
        """Every matching object, 500 per page (kinds the cache does not hold)."""
        gateway = self.clusters.gateway(cluster_id)
        timeout = self.cache.timeout
        items: Objects = []
        token: str | None = None
        while True:
            page = await get_json(
                gateway,
                kind.path(query.namespace),
                {
                    "limit": 500,
                    "continue": token,
                    "labelSelector": query.label_selector or None,
                },
                timeout,
            )
            for item in page.get("items") or []:
                if isinstance(item, dict):
                    item.setdefault("kind", kind.kind)
                    item.setdefault("apiVersion", kind.api_version)
                    items.append(item)
            token = (page.get("metadata") or {}).get("continue") or None
            if token is None:
                return items

    async def events(self, cluster_id: str, query: ListQuery) -> Page:
        return await self.list(cluster_id, BUILTIN["events"], query)

    # ---- one object ----------------------------------------------------------------------
    async def get(self, cluster_id: str, kind: Kind, namespace: str | None, name: str) -> Obj:
        """The full object, straight from the cluster (the freshest state for a detail view)."""
        _check_scope(kind, namespace)
        gateway = self.clusters.gateway(cluster_id)
        try:
            obj: Obj = await gateway.request("GET", kind.path(namespace, name))
        except errors.NotFound as exc:
            where = f" in namespace {namespace}" if namespace else ""
            raise errors.NotFound(
                f"{kind.resource} {name!r} not found{where} on cluster {cluster_id}"
            ) from exc
        obj.setdefault("kind", kind.kind)
        obj.setdefault("apiVersion", kind.api_version)
        return obj

    async def detail(
        self, cluster_id: str, kind: Kind, namespace: str | None, name: str, reveal: bool = False
    ) -> Obj:
        obj = await self.get(cluster_id, kind, namespace, name)
        related = Related(self.cache, cluster_id, self.clusters.gateway(cluster_id))
        await _find_related(related, kind, obj)
        await related.section("events", lambda: related.events_for(obj))
        events = related.sections.pop("events", [])
        if related.unavailable:
            related.sections["unavailable"] = related.unavailable
        return {
            "object": shown(kind, obj, reveal),
            "summary": summaries.with_age(
                summaries.summarize(kind.resource, obj), summaries.created_epoch(obj), related.now
            ),
            "related": related.sections,
            "events": events,
        }

    async def yaml(
        self, cluster_id: str, kind: Kind, namespace: str | None, name: str, reveal: bool = False
    ) -> str:
        obj = shown(kind, await self.get(cluster_id, kind, namespace, name), reveal)
        (obj.get("metadata") or {}).pop("managedFields", None)
        return yaml.safe_dump(obj, sort_keys=False, default_flow_style=False, width=120)


async def _find_related(related: Related, kind: Kind, obj: Obj) -> None:
    meta = obj.get("metadata") or {}
    uid, name, ns = {str(meta.get("uid"))}, str(meta.get("name")), meta.get("namespace")
    spec = obj.get("spec") or {}
    if kind.resource == "deployments":

        async def pods_of_replicasets() -> list[Obj]:
            replicasets = await related.owned("replicasets", uid, ns)
            return await related.owned_rows("pods", {e.row["uid"] for e in replicasets}, ns)

        await related.section("replicasets", lambda: related.owned_rows("replicasets", uid, ns))
        await related.section("pods", pods_of_replicasets)
    elif kind.resource in ("statefulsets", "daemonsets", "jobs", "replicasets"):
        await related.section("pods", lambda: related.owned_rows("pods", uid, ns))
        if kind.resource in ("replicasets", "jobs"):
            await related.section("owners", lambda: related.owner_chain(obj))
    elif kind.resource == "cronjobs":
        await related.section("jobs", lambda: related.owned_rows("jobs", uid, ns))
    elif kind.resource == "pods":
        labels = meta.get("labels") or {}
        await related.section("owners", lambda: related.owner_chain(obj))
        await related.section("node", lambda: related.node(spec.get("nodeName")))
        await related.section("services", lambda: related.services_selecting(labels, ns))
    elif kind.resource == "services":
        await related.section("endpoints", lambda: related.endpoints(str(ns), name))
        await related.section("pods", lambda: related.selected_pods(spec.get("selector") or {}, ns))
    elif kind.resource == "nodes":
        await related.section("pods", lambda: related.pods_on_node(name))
    elif kind.resource == "persistentvolumeclaims":
        await related.section("pods", lambda: related.pods_using_claim(str(ns), name))


def _check_scope(kind: Kind, namespace: str | None) -> None:
    if kind.namespaced and not namespace:
        raise errors.BadRequest(
            f"{kind.resource} are namespaced: use "
            f"/api/v1/namespaces/{{namespace}}/{kind.resource}/{{name}}"
        )
    if not kind.namespaced and namespace:
        raise errors.BadRequest(
            f"{kind.resource} are cluster-scoped: use /api/v1/{kind.resource}/{{name}}"
        )


def shown(kind: Kind, obj: Obj, reveal: bool) -> Obj:
    """The object as a response shows it: a secret's values (and the last-applied annotation,
    which holds them in clear after `kubectl apply`) masked unless `reveal`."""
    if kind.resource != "secrets" or kind.group or reveal:
        return obj
    masked = copy.deepcopy(obj)
    for field in ("data", "stringData"):
        if isinstance(masked.get(field), dict):
            masked[field] = dict.fromkeys(masked[field], MASK)
    annotations = (masked.get("metadata") or {}).get("annotations")
    if isinstance(annotations, dict) and _LAST_APPLIED in annotations:
        annotations[_LAST_APPLIED] = MASK
    return masked
