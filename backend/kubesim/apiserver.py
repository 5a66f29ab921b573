"""The API semantics on top of the store: the verbs, validation, defaulting and cascades.

The HTTP layer parses requests and calls one method here; controllers and scenarios call the
same methods, so every write (whoever makes it) follows the same rules and emits watch events.
"""

from __future__ import annotations

import base64
import copy
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kubesim import defaults, errors, meta
from kubesim.catalogue import Catalogue, ResourceType
from kubesim.patching import (
    PatchError,
    json_merge_patch,
    json_patch,
    server_side_apply,
    strategic_merge_patch,
)
from kubesim.selectors import FieldSelector, LabelSelector
from kubesim.store import Obj, ObjectKey, Store

# A write hook sees (resource type, event type, object) after the store took the write.
WriteHook = Callable[[ResourceType, str, Obj], None]

PATCH_TYPES = {
    "application/merge-patch+json": "merge",
    "application/json-patch+json": "json",
    "application/strategic-merge-patch+json": "strategic",
    "application/apply-patch+yaml": "apply",
    "application/apply-patch+json": "apply",  # not sent by kubectl, accepted for symmetry
}
_SERVER_MANAGED = ("uid", "resourceVersion", "creationTimestamp", "generation", "deletionTimestamp")


@dataclass
class ListResult:
    items: list[Obj]
    resource_version: str
    continue_token: str = ""
    remaining: int | None = None


@dataclass
class DeleteOptions:
    propagation_policy: str = "Background"
    grace_period_seconds: int | None = None
    precondition_uid: str | None = None
    precondition_rv: str | None = None
    dry_run: bool = False

    @classmethod
    def from_body(cls, body: Obj | None, dry_run: bool) -> DeleteOptions:
        body = body or {}
        orphan = body.get("orphanDependents")
        policy = body.get("propagationPolicy") or ("Orphan" if orphan else "Background")
        if policy not in ("Orphan", "Background", "Foreground"):
            raise errors.bad_request(
                f'DeleteOptions.propagationPolicy: Unsupported value: "{policy}"'
            )
        pre = body.get("preconditions") or {}
        return cls(
            propagation_policy=policy,
            grace_period_seconds=body.get("gracePeriodSeconds"),
            precondition_uid=pre.get("uid"),
            precondition_rv=pre.get("resourceVersion"),
            dry_run=dry_run or "All" in (body.get("dryRun") or []),
        )


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


class ApiServer:
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

    # ---- create ----------------------------------------------------------------------------
    def create(
        self, rt: ResourceType, ns: str, body: Obj, dry_run: bool = False, keep_status: bool = False
    ) -> Obj:
        obj = self._checked_body(rt, ns, body)
        md = obj["metadata"]
        if not md.get("name"):
            if md.get("generateName"):
                md["name"] = md["generateName"] + meta.random_suffix()
            else:
                raise errors.required(
                    rt.kind, "", "metadata.name", "name or generateName is required"
                )
        meta.validate_name(rt.kind, md["name"])
        if rt.namespaced:
            md["namespace"] = ns
            if self.store.get(("", "namespaces"), "", ns) is None:
                raise errors.not_found("namespaces", ns)
        else:
            md.pop("namespace", None)
        if self.store.get(rt.storage_key, md.get("namespace", ""), md["name"]) is not None:
            raise errors.already_exists(rt.qualified_name, md["name"])
        for key in _SERVER_MANAGED:
            md.pop(key, None)
        md["uid"] = meta.new_uid()
        md["creationTimestamp"] = meta.now_rfc3339()
        if "spec" in obj:
            md["generation"] = 1
        if rt.has_status() and not keep_status:
            obj.pop("status", None)
        defaults.apply(rt, obj, None, self.allocator)
        if dry_run:
            md["resourceVersion"] = str(self.store.rv)
            return obj
        stored = self.store.put(rt.storage_key, obj)
        self._after_write(rt, "ADDED", stored)
        return self._served(rt, stored)

    def _checked_body(self, rt: ResourceType, ns: str, body: Obj) -> Obj:
        if not isinstance(body, dict):
            raise errors.bad_request("the body of the request was not a JSON object")
        obj = copy.deepcopy(body)
        api_version, kind = obj.get("apiVersion"), obj.get("kind")
        if api_version and api_version != rt.api_version and not self._same_group(rt, api_version):
            raise errors.bad_request(
                f"the API version in the data ({api_version}) does not match the expected "
                f"API version ({rt.api_version})"
            )
        if kind and kind != rt.kind:
            raise errors.bad_request(
                f"the kind in the data ({kind}) does not match the expected kind ({rt.kind})"
            )
        md = obj.get("metadata")
        if md is None:
            md = obj["metadata"] = {}
        if not isinstance(md, dict):
            raise errors.bad_request("metadata must be an object")
        body_ns = md.get("namespace")
        if rt.namespaced and body_ns and body_ns != ns:
            raise errors.bad_request(
                "the namespace of the provided object does not match the namespace sent on the "
                "request"
            )
        obj["apiVersion"], obj["kind"] = rt.api_version, rt.kind
        return obj

    def _same_group(self, rt: ResourceType, api_version: str) -> bool:
        group = api_version.rpartition("/")[0]
        return group == rt.group and any(
            t.api_version == api_version for t in self.catalogue.versions_of(rt.group, rt.resource)
        )

    # ---- update ----------------------------------------------------------------------------
    def update(
        self,
        rt: ResourceType,
        ns: str,
        name: str,
        body: Obj,
        dry_run: bool = False,
        subresource: str = "",
    ) -> Obj:
        current = self._current(rt, ns, name)
        obj = self._checked_body(rt, ns, body)
        body_name = obj["metadata"].get("name")
        if body_name and body_name != name:
            raise errors.bad_request(
                f"the name of the object ({body_name}) does not match the name on the URL ({name})"
            )
        rv = obj["metadata"].get("resourceVersion")
        if rv and rv != current["metadata"]["resourceVersion"]:
            raise errors.conflict(rt.qualified_name, name)
        return self._replace(rt, current, obj, dry_run, subresource)

    def _current(self, rt: ResourceType, ns: str, name: str) -> Obj:
        obj = self.store.get(rt.storage_key, ns if rt.namespaced else "", name)
        if obj is None:
            raise errors.not_found(rt.qualified_name, name)
        return obj

    def _replace(
        self, rt: ResourceType, current: Obj, new: Obj, dry_run: bool, subresource: str
    ) -> Obj:
        """Write `new` over `current`, keeping what the server owns (shared by PUT and PATCH)."""
        if subresource == "status":
            merged = copy.deepcopy(current)
            merged["status"] = new.get("status")
            if merged["status"] is None:
                merged.pop("status")
            new = merged
        elif rt.has_status():
            new.pop("status", None)
            if "status" in current:
                new["status"] = copy.deepcopy(current["status"])
        md, old_md = new["metadata"], current["metadata"]
        md["name"] = old_md["name"]
        if rt.namespaced:
            md["namespace"] = old_md["namespace"]
        else:
            md.pop("namespace", None)
        for key in ("uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds"):
            if key in old_md:
                md[key] = old_md[key]
            else:
                md.pop(key, None)
        defaults.apply(rt, new, current, self.allocator)
        if "generation" in old_md or "spec" in new:
            changed = meta.spec_part(new) != meta.spec_part(current)
            md["generation"] = old_md.get("generation", 0) + (1 if changed else 0) or 1
        if dry_run:
            md["resourceVersion"] = old_md["resourceVersion"]
            return self._served(rt, new)
        if old_md.get("deletionTimestamp") and old_md.get("finalizers") and not md.get("finalizers"):
            # The last finalizer went away: the pending delete completes now.
            return self._remove_now(rt, new, DeleteOptions())
        stored = self.store.put(rt.storage_key, new)
        self._after_write(rt, "MODIFIED", stored)
        return self._served(rt, stored)

    # ---- patch -----------------------------------------------------------------------------
    def patch(
        self,
        rt: ResourceType,
        ns: str,
        name: str,
        patch_type: str,
        patch: Any,
        dry_run: bool = False,
        field_manager: str = "",
        subresource: str = "",
    ) -> tuple[Obj, bool]:
        """Apply a patch; returns (object, created). Only apply patches may create."""
        ns = ns if rt.namespaced else ""
        current = self.store.get(rt.storage_key, ns, name)
        if patch_type == "apply":
            return self._apply(rt, ns, name, current, patch, dry_run, field_manager, subresource)
        if current is None:
            raise errors.not_found(rt.qualified_name, name)
        if patch_type == "strategic" and rt.crd:
            # Custom resources have no Go structs to carry merge keys: the real server refuses.
            raise errors.unsupported_media(
                "the body of the request was in an unknown format - accepted media types "
                "include: application/json-patch+json, application/merge-patch+json, "
                "application/apply-patch+yaml"
            )
        served = self._served(rt, current)
        try:
            if patch_type == "merge":
                result = json_merge_patch(served, patch)
            elif patch_type == "json":
                result = json_patch(served, patch)
            else:
                if not isinstance(patch, dict):
                    raise PatchError("a strategic merge patch must be a JSON object")
                result = strategic_merge_patch(served, patch)
        except PatchError as exc:
            raise errors.StatusError(422, "Invalid", str(exc)) from exc
        if not isinstance(result, dict) or not isinstance(result.get("metadata"), dict):
            raise errors.StatusError(422, "Invalid", "the patched object is not a valid object")
        self._check_patch_rv(rt, current, result)
        result["metadata"].pop("resourceVersion", None)
        return self._replace(
            rt, current, self._checked_body(rt, ns, result), dry_run, subresource
        ), False

    def _check_patch_rv(self, rt: ResourceType, current: Obj, result: Obj) -> None:
        rv = result["metadata"].get("resourceVersion")
        if rv and rv != current["metadata"]["resourceVersion"]:
            raise errors.conflict(rt.qualified_name, current["metadata"]["name"])

    def _apply(
        self,
        rt: ResourceType,
        ns: str,
        name: str,
        current: Obj | None,
        applied: Any,
        dry_run: bool,
        field_manager: str,
        subresource: str,
    ) -> tuple[Obj, bool]:
        if not isinstance(applied, dict):
            raise errors.bad_request("the apply patch must be a YAML or JSON object")
        if not field_manager:
            raise errors.StatusError(
                422,
                "Invalid",
                'PatchOptions.meta.k8s.io "" is invalid: fieldManager: '
                "Required value: is required for apply patch",
            )
        body = self._checked_body(rt, ns, applied)
        body_name = body["metadata"].get("name")
        if body_name and body_name != name:
            raise errors.bad_request(
                f"the name of the object ({body_name}) does not match the name on the URL ({name})"
            )
        body["metadata"]["name"] = name
        okey = (ns, name)
        config_key = (rt.storage_key, okey, field_manager)
        if current is None:
            created = self.create(rt, ns, body, dry_run, keep_status=subresource == "status")
            if not dry_run:
                self.store.applied_configs[config_key] = body
            return created, True
        self._check_patch_rv(rt, current, body)
        body["metadata"].pop("resourceVersion", None)
        previous = self.store.applied_configs.get(config_key)
        try:
            merged = server_side_apply(self._served(rt, current), body, previous)
        except PatchError as exc:
            raise errors.StatusError(422, "Invalid", str(exc)) from exc
        result = self._replace(rt, current, merged, dry_run, subresource)
        if not dry_run:
            self.store.applied_configs[config_key] = body
        return result, False

    # ---- delete ----------------------------------------------------------------------------
    def delete(self, rt: ResourceType, ns: str, name: str, options: DeleteOptions) -> Obj:
        current = self._current(rt, ns, name)
        md = current["metadata"]
        if options.precondition_uid and options.precondition_uid != md["uid"]:
            raise errors.StatusError(
                409,
                "Conflict",
                f"Precondition failed: UID in precondition: {options.precondition_uid}, "
                f"UID in object meta: {md['uid']}",
            )
        if options.precondition_rv and options.precondition_rv != md["resourceVersion"]:
            raise errors.conflict(rt.qualified_name, name)
        if options.dry_run:
            return self._served(rt, current)
        grace = _grace_period(rt, current, options)
        if md.get("finalizers") or grace:
            return self._mark_deleting(rt, current, grace)
        return self._remove_now(rt, current, options)

    def finish_deletion(self, rt: ResourceType, ns: str, name: str) -> None:
        """Complete a graceful deletion (the kubelet calls it once the pod has stopped)."""
        current = self.store.get(rt.storage_key, ns, name)
        if current is not None and current["metadata"].get("deletionTimestamp"):
            self._remove_now(rt, current, DeleteOptions())

    def _mark_deleting(self, rt: ResourceType, current: Obj, grace: int) -> Obj:
        old_grace = current["metadata"].get("deletionGracePeriodSeconds")
        if current["metadata"].get("deletionTimestamp") and (old_grace or 0) <= grace:
            return self._served(rt, current)  # already going, at least as fast
        marked = copy.deepcopy(current)
        marked["metadata"]["deletionTimestamp"] = meta.rfc3339_in(grace)
        marked["metadata"]["deletionGracePeriodSeconds"] = grace
        stored = self.store.put(rt.storage_key, marked)
        self._after_write(rt, "MODIFIED", stored)
        return self._served(rt, stored)

    def _remove_now(self, rt: ResourceType, obj: Obj, options: DeleteOptions) -> Obj:
        md = obj["metadata"]
        okey = (md.get("namespace", ""), md["name"])
        if rt.kind == "Namespace" and rt.group == "":
            self._delete_namespace_contents(md["name"])
        self._cascade(md["uid"], options.propagation_policy)
        if self.store.get(rt.storage_key, *okey) is None:
            raise errors.not_found(rt.qualified_name, md["name"])  # removed by its own cascade
        gone = self.store.remove(rt.storage_key, okey)
        self._after_write(rt, "DELETED", gone)
        return _success_status(rt, gone)

    def _cascade(self, uid: str, policy: str) -> None:
        for key, okey in self.store.dependents_of(uid):
            dep = self.store.get(key, *okey)
            dep_rt = self._type_for_storage(key)
            if dep is None or dep_rt is None:
                continue
            if policy == "Orphan":
                orphaned = copy.deepcopy(dep)
                refs = [
                    r
                    for r in orphaned["metadata"].get("ownerReferences", [])
                    if r.get("uid") != uid
                ]
                orphaned["metadata"]["ownerReferences"] = refs
                if not refs:
                    del orphaned["metadata"]["ownerReferences"]
                self.store.put(key, orphaned)
                continue
            other_owners = [
                r for r in dep["metadata"].get("ownerReferences", []) if r.get("uid") != uid
            ]
            if other_owners:
                continue  # the garbage collector keeps objects that another owner still holds
            self.delete(dep_rt, okey[0], okey[1], DeleteOptions(propagation_policy=policy))

    def _delete_namespace_contents(self, namespace: str) -> None:
        for key in self.store.storage_keys():
            rt = self._type_for_storage(key)
            if rt is None or not rt.namespaced:
                continue
            for okey in list(self.store.iter_keys(key, namespace, None)):
                if self.store.get(key, *okey) is not None:
                    self._remove_now(rt, self.store.get_by_key(key, okey), DeleteOptions())

    def _type_for_storage(self, key: tuple[str, str]) -> ResourceType | None:
        versions = self.catalogue.versions_of(*key)
        return versions[0] if versions else None

    def delete_collection(
        self,
        rt: ResourceType,
        ns: str | None,
        labels: LabelSelector | None,
        fields: FieldSelector | None,
        options: DeleteOptions,
    ) -> ListResult:
        listed = self.list(rt, ns, labels, fields)
        deleted: list[Obj] = []
        for obj in listed.items:
            md = obj["metadata"]
            if self.store.get(rt.storage_key, md.get("namespace", ""), md["name"]) is None:
                continue  # already gone through a cascade
            self.delete(rt, md.get("namespace", ""), md["name"], options)
            deleted.append(obj)
        return ListResult(deleted, str(self.store.rv))

    # ---- hooks -----------------------------------------------------------------------------
    def _after_write(self, rt: ResourceType, event: str, obj: Obj) -> None:
        for hook in self.write_hooks:
            hook(rt, event, obj)


def _grace_period(rt: ResourceType, obj: Obj, options: DeleteOptions) -> int:
    """Seconds a delete waits. Only pods on a node that still run terminate gracefully (the
    kubelet finishes them); everything else goes at once, as on a real API server."""
    if rt.group or rt.resource != "pods":
        return 0
    if not (obj.get("spec") or {}).get("nodeName"):
        return 0
    if (obj.get("status") or {}).get("phase") in ("Succeeded", "Failed"):
        return 0
    if options.grace_period_seconds is not None:
        return max(int(options.grace_period_seconds), 0)
    return int((obj.get("spec") or {}).get("terminationGracePeriodSeconds", 30))


def _success_status(rt: ResourceType, obj: Obj) -> Obj:
    details: Obj = {
        "name": obj["metadata"]["name"],
        "kind": rt.resource,
        "uid": obj["metadata"]["uid"],
    }
    if rt.group:
        details["group"] = rt.group
    return {
        "kind": "Status",
        "apiVersion": "v1",
        "metadata": {},
        "status": "Success",
        "details": details,
    }
