"""Objects related to one object, found in the watch cache (owners, owned pods, selectors).

Each section is looked up on its own: a kind the cluster forbids or cannot list leaves its
section out (named under "unavailable") instead of failing the whole detail view.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

from app.core import errors
from app.services import summaries
from app.services.kube_gateway import KubeGateway
from app.services.resource_types import BUILTIN
from app.services.watch_cache import WatchCache
from app.services.watch_store import Entry

Obj = dict[str, Any]
Row = dict[str, Any]
# Owner kinds the cache holds, by Kubernetes kind (for a pod's owner chain).
_OWNER_RESOURCES = {
    "ReplicaSet": "replicasets",
    "Deployment": "deployments",
    "StatefulSet": "statefulsets",
    "DaemonSet": "daemonsets",
    "Job": "jobs",
    "CronJob": "cronjobs",
    "Node": "nodes",
}


def _meta(obj: Obj) -> Obj:
    meta = obj.get("metadata")
    return meta if isinstance(meta, dict) else {}


def _owner_uids(obj: Obj) -> set[str]:
    return {
        str(r.get("uid")) for r in _meta(obj).get("ownerReferences") or [] if isinstance(r, dict)
    }


class Related:
    def __init__(self, cache: WatchCache, cluster_id: str, gateway: KubeGateway) -> None:
        self.cache, self.cluster_id, self.gateway = cache, cluster_id, gateway
        self.now = time.time()
        self.sections: dict[str, Any] = {}
        self.unavailable: dict[str, str] = {}

    async def _entries(self, resource: str, namespace: str | None = None) -> list[Entry]:
        store = await self.cache.store(self.cluster_id, BUILTIN[resource])
        if namespace is None:
            return list(store.entries.values())
        return [e for k, e in store.entries.items() if k[0] == namespace]

    def _rows(self, entries: list[Entry]) -> list[Row]:
        entries = sorted(entries, key=lambda e: (e.row["namespace"] or "", e.row["name"]))
        return [summaries.with_age(e.row, e.created, self.now) for e in entries]

    async def section(self, name: str, find: Callable[[], Awaitable[Any]]) -> None:
        try:
            self.sections[name] = await find()
        except errors.AppError as exc:
            self.unavailable[name] = exc.detail

    async def owned(
        self, resource: str, owner_uids: set[str], namespace: str | None
    ) -> list[Entry]:
        return [
            e for e in await self._entries(resource, namespace) if _owner_uids(e.obj) & owner_uids
        ]

    async def owned_rows(
        self, resource: str, owner_uids: set[str], namespace: str | None
    ) -> list[Row]:
        return self._rows(await self.owned(resource, owner_uids, namespace))

    async def selected_pods(self, selector: Obj, namespace: str | None) -> list[Row]:
        """Pods whose labels include every pair of a map selector (services); none if empty."""
        if not selector:
            return []
        pairs = selector.items()
        return self._rows(
            [e for e in await self._entries("pods", namespace) if pairs <= e.row["labels"].items()]
        )

    async def owner_chain(self, obj: Obj) -> list[Row]:
        """Controller owners up the chain (pod → ReplicaSet → Deployment), nearest first."""
        chain: list[Row] = []
        current, namespace = obj, _meta(obj).get("namespace")
        while len(chain) < 5:
            refs = [r for r in _meta(current).get("ownerReferences") or [] if isinstance(r, dict)]
            ref = next((r for r in refs if r.get("controller")), refs[0] if refs else None)
            if ref is None:
                break
            link: Row = {"kind": ref.get("kind"), "name": ref.get("name"), "summary": None}
            chain.append(link)
            resource = _OWNER_RESOURCES.get(str(ref.get("kind")))
            if resource is None:
                break
            found = next(
                (
                    e
                    for e in await self._entries(resource, namespace)
                    if e.row["uid"] == ref.get("uid")
                ),
                None,
            )
            if found is None:
                break
            link["summary"] = summaries.with_age(found.row, found.created, self.now)
            current = found.obj
        return chain

    async def node(self, name: str | None) -> Row | None:
        if not name:
            return None
        found = next((e for e in await self._entries("nodes") if e.row["name"] == name), None)
        return summaries.with_age(found.row, found.created, self.now) if found else None

    async def services_selecting(self, labels: dict[str, str], namespace: str | None) -> list[Row]:
        def selects(entry: Entry) -> bool:
            selector = (entry.obj.get("spec") or {}).get("selector") or {}
            return bool(selector) and selector.items() <= labels.items()

        return self._rows([e for e in await self._entries("services", namespace) if selects(e)])

    async def endpoints(self, namespace: str, name: str) -> list[Row]:
        """The service's endpoints (not cached: read when a detail view asks)."""
        try:
            found = await self.gateway.request("GET", BUILTIN["endpoints"].path(namespace, name))
        except errors.NotFound:
            return []
        out: list[Row] = []
        for subset in found.get("subsets") or []:
            ports = [
                f"{p.get('port')}/{p.get('protocol') or 'TCP'}" for p in subset.get("ports") or []
            ]
            for ready, key in ((True, "addresses"), (False, "notReadyAddresses")):
                for addr in subset.get(key) or []:
                    target = addr.get("targetRef") or {}
                    out.append(
                        {
                            "ip": addr.get("ip"),
                            "node": addr.get("nodeName"),
                            "target_kind": target.get("kind"),
                            "target_name": target.get("name"),
                            "ready": ready,
                            "ports": ports,
                        }
                    )
        return out

    async def pods_on_node(self, name: str) -> list[Row]:
        return self._rows([e for e in await self._entries("pods") if e.row.get("node") == name])

    async def pods_using_claim(self, namespace: str, claim: str) -> list[Row]:
        def uses(entry: Entry) -> bool:
            volumes = (entry.obj.get("spec") or {}).get("volumes") or []
            return any(
                (v.get("persistentVolumeClaim") or {}).get("claimName") == claim
                for v in volumes
                if isinstance(v, dict)
            )

        return self._rows([e for e in await self._entries("pods", namespace) if uses(e)])

    async def events_for(self, obj: Obj) -> list[Row]:
        """Events about `obj`, newest first: by uid, or by kind/name when an event has none."""
        meta = _meta(obj)
        uid, name, kind = meta.get("uid"), meta.get("name"), obj.get("kind")
        namespace = meta.get("namespace")

        def about(e: Entry) -> bool:
            row = e.row
            if row.get("involved_uid"):
                return bool(row["involved_uid"] == uid)
            return row.get("involved_kind") == kind and row.get("involved_name") == name

        found = [e for e in await self._entries("events", namespace) if about(e)]
        found.sort(key=lambda e: e.row.get("last_seen") or "", reverse=True)
        return [summaries.with_age(e.row, e.created, self.now) for e in found]
