"""core/v1 Events, recorded the way kubelet and the controllers do (`describe` reads them)."""

from __future__ import annotations

import time
from typing import Any

from kubesim import meta
from kubesim.apiserver import ApiServer
from kubesim.catalogue import ResourceType

Obj = dict[str, Any]
# Events per involved object and reason are aggregated into one with a count, as the real
# recorder does, so a crash-looping pod does not flood the store.
_AggregateKey = tuple[str, str, str, str]


class EventRecorder:
    def __init__(self, api: ApiServer) -> None:
        self.api = api
        self._events_rt = self._core_events()
        self._aggregated: dict[_AggregateKey, tuple[str, str]] = {}

    def _core_events(self) -> ResourceType:
        rt = self.api.catalogue.lookup("", "v1", "events")
        assert rt is not None
        return rt

    def record(
        self,
        involved: Obj,
        event_type: str,
        reason: str,
        message: str,
        component: str = "kubelet",
        host: str = "",
        field_path: str = "",
    ) -> None:
        md = involved["metadata"]
        # Events about cluster-scoped objects (nodes) live in `default`, like the real ones.
        namespace = md.get("namespace") or "default"
        key = (md.get("uid", ""), reason, message, field_path)
        now = meta.now_rfc3339()
        existing_ref = self._aggregated.get(key)
        if existing_ref is not None:
            existing = self.api.store.get(self._events_rt.storage_key, *existing_ref)
            if existing is not None:
                existing = {
                    **existing,
                    "count": int(existing.get("count", 1)) + 1,
                    "lastTimestamp": now,
                    "metadata": dict(existing["metadata"]),
                }
                existing["metadata"].pop("resourceVersion", None)
                self.api.update(self._events_rt, existing_ref[0], existing_ref[1], existing)
                return
        if self.api.store.get(("", "namespaces"), "", namespace) is None:
            return  # the namespace is gone (being deleted): nowhere to put the event
        involved_ref: Obj = {
            "kind": involved.get("kind", ""),
            "namespace": md.get("namespace"),
            "name": md["name"],
            "uid": md.get("uid", ""),
            "apiVersion": involved.get("apiVersion", ""),
            "resourceVersion": md.get("resourceVersion", ""),
        }
        if field_path:
            involved_ref["fieldPath"] = field_path
        if not md.get("namespace"):
            involved_ref.pop("namespace")
        name = f"{md['name']}.{time.time_ns():x}"
        source: Obj = {"component": component}
        if host:
            source["host"] = host
        event = {
            "apiVersion": "v1",
            "kind": "Event",
            "metadata": {"name": name, "namespace": namespace},
            "involvedObject": involved_ref,
            "reason": reason,
            "message": message,
            "source": source,
            "firstTimestamp": now,
            "lastTimestamp": now,
            "count": 1,
            "type": event_type,
            "eventTime": None,
            "reportingComponent": component,
            "reportingInstance": host,
        }
        self.api.create(self._events_rt, namespace, event)
        self._aggregated[key] = (namespace, name)
