"""Helpers the workload controllers share: template hashes, owned objects, pods from templates,
conditions and wake-up timers (controller revisions: revisions.py).

Controllers read the store directly (it is the informer cache and the truth at once) and write
through ApiServer, so what they create is visible to their next read at once: no expectations
bookkeeping as in the real controllers is needed.
"""

from __future__ import annotations

import asyncio
import copy
import json
import math
import time
from collections.abc import Iterable
from typing import Any

from kubesim import errors, meta
from kubesim.apiserver import DeleteOptions
from kubesim.controllers.podstatus import parse_iso
from kubesim.controllers.podutil import is_ready, is_terminal
from kubesim.controllers.runtime import Controller, Manager, Obj, ObjectRef
from kubesim.store import StorageKey, WatchEvent

PODS: StorageKey = ("", "pods")
NODES: StorageKey = ("", "nodes")
PVCS: StorageKey = ("", "persistentvolumeclaims")
DEPLOYMENTS: StorageKey = ("apps", "deployments")
REPLICASETS: StorageKey = ("apps", "replicasets")
STATEFULSETS: StorageKey = ("apps", "statefulsets")
DAEMONSETS: StorageKey = ("apps", "daemonsets")
REVISIONS: StorageKey = ("apps", "controllerrevisions")
JOBS: StorageKey = ("batch", "jobs")
CRONJOBS: StorageKey = ("batch", "cronjobs")

TEMPLATE_HASH_LABEL = "pod-template-hash"
REVISION_HASH_LABEL = "controller-revision-hash"
# The alphabet of rand.SafeEncodeString: no vowels, so hashes never spell words.
_SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"


# ---- hashing and template comparison ----------------------------------------------------------
def normalized(value: Any) -> Any:
    """Drop nulls and empty maps/lists: a template round-tripped through Go structs (kubectl
    rollout undo sends one back) gains `creationTimestamp: null` and `resources: {}`."""
    if isinstance(value, dict):
        out = {k: normalized(v) for k, v in value.items()}
        return {k: v for k, v in out.items() if v not in (None, {}, [])}
    if isinstance(value, list):
        return [normalized(v) for v in value]
    return value


def _fnv32a(data: bytes) -> int:
    h = 0x811C9DC5
    for byte in data:
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


def template_hash(template: Any, collision_count: int = 0) -> str:
    """A stable short hash like the real pod-template-hash: FNV-32a of the template, printed in
    decimal and mapped through the safe alphabet (so it reads like `5d78c9869d`)."""
    text = json.dumps(normalized(template), sort_keys=True, separators=(",", ":"))
    if collision_count:
        text += f"#{collision_count}"
    digits = str(_fnv32a(text.encode()))
    return "".join(_SAFE_ALPHABET[ord(c) % len(_SAFE_ALPHABET)] for c in digits)


def without_label(template: Obj, label: str) -> Obj:
    out = copy.deepcopy(template or {})
    labels = (out.get("metadata") or {}).get("labels")
    if isinstance(labels, dict):
        labels.pop(label, None)
    return out


def same_template(a: Obj, b: Obj, ignore_label: str = TEMPLATE_HASH_LABEL) -> bool:
    return bool(
        normalized(without_label(a, ignore_label)) == normalized(without_label(b, ignore_label))
    )


# ---- small readers ----------------------------------------------------------------------------
def int_or(value: Any, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def scaled(value: Any, total: int, round_up: bool, default: Any) -> int:
    """Resolve an intOrString like maxSurge: `2` or `"25%"` of `total`."""
    if value is None:
        value = default
    if isinstance(value, str) and value.endswith("%"):
        try:
            share = total * float(value[:-1]) / 100
        except ValueError:
            return 0
        return math.ceil(share) if round_up else math.floor(share)
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return int_or(value, 0)


def spec_of(obj: Obj) -> Obj:
    spec = obj.get("spec")
    return spec if isinstance(spec, dict) else {}


def ts(obj: Obj) -> str:
    return str(obj["metadata"].get("creationTimestamp") or "")


# ---- pods -------------------------------------------------------------------------------------
def is_active(pod: Obj) -> bool:
    """Counts toward a controller's replicas: not terminating and not finished."""
    return not pod["metadata"].get("deletionTimestamp") and not is_terminal(pod)


def is_running_ready(pod: Obj) -> bool:
    return (pod.get("status") or {}).get("phase") == "Running" and is_ready(pod)


def ready_since(pod: Obj) -> float | None:
    for cond in (pod.get("status") or {}).get("conditions") or []:
        if cond.get("type") == "Ready" and cond.get("status") == "True":
            return parse_time(cond.get("lastTransitionTime")) or 0.0
    return None


def available_at(pod: Obj, min_ready_seconds: int) -> float | None:
    """When a ready pod counts as available (None while it is not ready)."""
    if not is_running_ready(pod):
        return None
    since = ready_since(pod)
    return (since or 0.0) + min_ready_seconds if min_ready_seconds > 0 else 0.0


def parse_time(text: Any) -> float | None:
    return parse_iso(text) if isinstance(text, str) else None


def pod_from_template(
    template: Obj,
    owner: Obj,
    name: str,
    labels: dict[str, str] | None = None,
    annotations: dict[str, str] | None = None,
) -> Obj:
    """A pod as a controller stamps it out of its template, owned by `owner`."""
    tmd = (template or {}).get("metadata") or {}
    pod_labels = {**(tmd.get("labels") or {}), **(labels or {})}
    pod_annotations = {**(tmd.get("annotations") or {}), **(annotations or {})}
    pod_meta: Obj = {
        "name": name,
        "labels": pod_labels,
        "ownerReferences": [meta.owner_reference(owner)],
    }
    if pod_annotations:
        pod_meta["annotations"] = pod_annotations
    if tmd.get("finalizers"):
        pod_meta["finalizers"] = list(tmd["finalizers"])
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": pod_meta,
        "spec": copy.deepcopy((template or {}).get("spec") or {}),
    }


def create_named(
    ctl: Controller, key: StorageKey, namespace: str, obj: Obj, prefix: str = ""
) -> Obj | None:
    """Create `obj`; with a `prefix`, under a fresh random name (retrying the rare clash).
    Returns None when a fixed name is taken already."""
    rt = ctl.type_of(key)
    for _ in range(5):
        if prefix:
            obj["metadata"]["generateName"] = f"{prefix}-"
            obj["metadata"]["name"] = f"{prefix}-{meta.random_suffix()}"
        try:
            return ctl.api.create(rt, namespace, obj)
        except errors.StatusError as exc:
            if exc.code != 409:
                raise
            if not prefix:
                return None
    return None


def delete(
    ctl: Controller, key: StorageKey, namespace: str, name: str, propagation: str = "Background"
) -> bool:
    try:
        ctl.api.delete(
            ctl.type_of(key), namespace, name, DeleteOptions(propagation_policy=propagation)
        )
    except errors.StatusError as exc:
        if exc.code == 404:
            return False
        raise
    return True


def write(ctl: Controller, key: StorageKey, obj: Obj) -> Obj:
    """Update an object's spec/metadata (last writer wins: controllers own these fields)."""
    body = copy.deepcopy(obj)
    body["metadata"].pop("resourceVersion", None)
    md = body["metadata"]
    return ctl.api.update(ctl.type_of(key), md.get("namespace", ""), md["name"], body)


# ---- ownership --------------------------------------------------------------------------------
def owned(ctl: Controller, key: StorageKey, owner: Obj) -> list[Obj]:
    """Objects of `key` whose controller is `owner`, through the store's owner index."""
    uid = owner["metadata"]["uid"]
    out: list[Obj] = []
    for dep_key, okey in ctl.api.store.dependents_of(uid):
        if dep_key != key:
            continue
        obj = ctl.api.store.get(key, *okey)
        if obj is not None and any(
            r.get("uid") == uid and r.get("controller")
            for r in obj["metadata"].get("ownerReferences") or []
        ):
            out.append(obj)
    return out


def owner_refs(event: WatchEvent, key: StorageKey, kind: str) -> list[ObjectRef]:
    """Map an event on a dependent of `key` to its controller of `kind`."""
    if event.key != key:
        return []
    return [(event.namespace, name) for name in controllers_of(event.obj, kind)]


def controllers_of(obj: Obj, kind: str) -> list[str]:
    return [
        r["name"]
        for r in obj["metadata"].get("ownerReferences") or []
        if r.get("kind") == kind and r.get("controller")
    ]


# ---- conditions -------------------------------------------------------------------------------
def set_condition(
    conditions: list[Obj],
    kind: str,
    status: str,
    reason: str,
    message: str,
    update_time: bool = True,
    force: bool = False,
) -> list[Obj]:
    """Set a condition as the real controllers do: an unchanged status and reason leave it be
    (so reconciles converge); a changed reason keeps lastTransitionTime if status stayed."""
    now = meta.now_rfc3339()
    current = next((c for c in conditions if c.get("type") == kind), None)
    if (
        current is not None
        and not force
        and (current.get("status"), current.get("reason")) == (status, reason)
    ):
        return conditions
    cond: Obj = {"type": kind, "status": status}
    if update_time:
        cond["lastUpdateTime"] = now
    same_status = current is not None and current.get("status") == status
    cond["lastTransitionTime"] = current["lastTransitionTime"] if same_status and current else now
    cond["reason"], cond["message"] = reason, message
    # Like SetDeploymentCondition: a changed condition moves to the end of the list.
    return [*(c for c in conditions if c is not current), cond]


def compact(status: Obj, *always: str) -> Obj:
    """Drop zero counts, as Go's omitempty does, except the fields clients require."""
    return {k: v for k, v in status.items() if k in always or v not in (0, None, [], {})}


# ---- timers -----------------------------------------------------------------------------------
class Wakeups:
    """One pending wake-up per object: many reconciles asking for the same future moment must
    not pile up timers."""

    def __init__(self, manager: Manager, controller: str) -> None:
        self.manager = manager
        self.controller = controller
        self._pending: dict[ObjectRef, float] = {}

    def at(self, ref: ObjectRef, when: float) -> None:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return  # not serving yet (a scenario being built): the start-up resync covers it
        now = time.time()
        pending = self._pending.get(ref)
        if pending is not None and now < pending <= when + 0.001:
            return  # an earlier (or the same) wake-up is due anyway
        self._pending[ref] = when
        self.manager.after(when - now + 0.02, self.controller, *ref)


class PodOwnerController(Controller):
    """A controller whose objects own pods (ReplicaSet, StatefulSet, DaemonSet): it wakes up
    for its own objects and for events of the pods they control."""

    owner_kind = ""

    def __init__(self, manager: Manager) -> None:
        super().__init__(manager)
        self.wakeups = Wakeups(manager, self.name)

    def map_event(self, event: WatchEvent) -> Iterable[ObjectRef]:
        yield from super().map_event(event)
        yield from owner_refs(event, PODS, self.owner_kind)
