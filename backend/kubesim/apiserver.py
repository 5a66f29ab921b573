"""The API semantics on top of the store: the verbs, validation, defaulting and cascades.

The HTTP layer parses requests and calls one method here; controllers and scenarios call the
same methods, so every write (whoever makes it) follows the same rules and emits watch events.
"""

from __future__ import annotations

import copy
from typing import Any

from kubesim import defaults, errors, meta
from kubesim.catalogue import ResourceType
from kubesim.deletion import DeleteOptions, DeletionVerbs
from kubesim.patching import (
    PatchError,
    json_merge_patch,
    json_patch,
    server_side_apply,
    strategic_merge_patch,
)
from kubesim.reads import ListResult, WriteHook
from kubesim.store import Obj

__all__ = ["PATCH_TYPES", "ApiServer", "DeleteOptions", "ListResult", "WriteHook"]

PATCH_TYPES = {
    "application/merge-patch+json": "merge",
    "application/json-patch+json": "json",
    "application/strategic-merge-patch+json": "strategic",
    "application/apply-patch+yaml": "apply",
    "application/apply-patch+json": "apply",  # not sent by kubectl, accepted for symmetry
}
_SERVER_MANAGED = ("uid", "resourceVersion", "creationTimestamp", "generation", "deletionTimestamp")


class ApiServer(DeletionVerbs):
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
        if (
            old_md.get("deletionTimestamp")
            and old_md.get("finalizers")
            and not md.get("finalizers")
        ):
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
