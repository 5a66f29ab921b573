"""Deletes: preconditions, finalizers, graceful pod termination and garbage-collection cascades."""

from __future__ import annotations

import copy
from dataclasses import dataclass

from kubesim import errors, meta
from kubesim.catalogue import ResourceType
from kubesim.reads import ApiReads, ListResult
from kubesim.selectors import FieldSelector, LabelSelector
from kubesim.store import Obj


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


class DeletionVerbs(ApiReads):
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
