"""The read side of the API, shared by every verb: get, list with pagination, served copies.

`ApiServer` (apiserver.py) builds on it with the write verbs, and `DeletionVerbs`
(deletion.py) with deletes and their cascades.
"""

from __future__ import annotations

import base64
import copy
import json
from collections.abc import Callable
from dataclasses import dataclass

from kubesim import defaults, errors
from kubesim.catalogue import Catalogue, ResourceType
from kubesim.selectors import FieldSelector, LabelSelector
from kubesim.store import Obj, ObjectKey, Store

# A write hook sees (resource type, event type, object) after the store took the write.
WriteHook = Callable[[ResourceType, str, Obj], None]


@dataclass
class ListResult:
    items: list[Obj]
    resource_version: str
    continue_token: str = ""
    remaining: int | None = None


def encode_continue(rv: str, last: ObjectKey) -> str:
    raw = json.dumps({"rv": rv, "ns": last[0], "name": last[1]}).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_continue(token: str) -> tuple[str, ObjectKey]:
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        data = json.loads(raw)
        return str(data["rv"]), (str(data["ns"]), str(data["name"]))
    except (ValueError, KeyError, TypeError) as exc:
        raise errors.bad_request(f"continue key is not valid: {exc}") from exc


class ApiReads:
    def __init__(self, catalogue: Catalogue, store: Store) -> None:
        self.catalogue = catalogue
        self.store = store
        self.write_hooks: list[WriteHook] = []
        self.allocator = defaults.Allocator()

    # ---- reads -----------------------------------------------------------------------------
    def get(self, rt: ResourceType, ns: str, name: str) -> Obj:
        obj = self.store.get(rt.storage_key, ns if rt.namespaced else "", name)
        if obj is None:
            raise errors.not_found(rt.qualified_name, name)
        return self._served(rt, obj)

    def list(
        self,
        rt: ResourceType,
        ns: str | None,
        labels: LabelSelector | None = None,
        fields: FieldSelector | None = None,
        limit: int = 0,
        continue_token: str = "",
    ) -> ListResult:
        start = None
        if continue_token:
            _, start = decode_continue(continue_token)
        items: list[Obj] = []
        last: ObjectKey | None = None
        remaining = 0
        for okey in self.store.iter_keys(rt.storage_key, ns if rt.namespaced else None, start):
            obj = self.store.get_by_key(rt.storage_key, okey)
            if labels is not None and not labels.matches(obj["metadata"].get("labels")):
                continue
            if fields is not None and not fields.matches(obj):
                continue
            if limit and len(items) >= limit:
                remaining += 1
                continue
            items.append(self._served(rt, obj, deep=False))
            last = okey
        rv = str(self.store.rv)
        if limit and remaining and last is not None:
            return ListResult(items, rv, encode_continue(rv, last), remaining)
        return ListResult(items, rv)

    def _served(self, rt: ResourceType, obj: Obj, deep: bool = True) -> Obj:
        """A copy in the requested version. Lists take shallow copies (they are serialised
        straight away and copying 10,000 pods deeply is slow); callers must not mutate those."""
        out = copy.deepcopy(obj) if deep else dict(obj)
        out["apiVersion"] = rt.api_version
        out["kind"] = rt.kind
        return out

    def _current(self, rt: ResourceType, ns: str, name: str) -> Obj:
        obj = self.store.get(rt.storage_key, ns if rt.namespaced else "", name)
        if obj is None:
            raise errors.not_found(rt.qualified_name, name)
        return obj

    def _type_for_storage(self, key: tuple[str, str]) -> ResourceType | None:
        versions = self.catalogue.versions_of(*key)
        return versions[0] if versions else None

    # ---- hooks -----------------------------------------------------------------------------
    def _after_write(self, rt: ResourceType, event: str, obj: Obj) -> None:
        for hook in self.write_hooks:
            hook(rt, event, obj)
