"""The Deployment controller: ReplicaSets per pod template, rolled over step by step.

It follows the real controller's arithmetic (NewRSNewReplicas, reconcileOldReplicaSets,
syncRolloutStatus) so `kubectl rollout status`, `helm --wait` and dashboards see the same
sequence of statuses and ScalingReplicaSet events as on a real cluster. Proportional scaling
of several live ReplicaSets is left out: a scale mid-rollout converges through the rollout.

The replica arithmetic is in deployment_counts, the status in deployment_status.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable

from kubesim import meta
from kubesim.controllers.deployment_counts import (
    _NOT_COPIED,
    COMPONENT,
    DESIRED,
    MAX,
    REVISION,
    REVISION_HISTORY,
    _ref,
    desired,
    is_recreate,
    revision,
    rs_replicas,
    rs_status,
    surge_and_unavailable,
)
from kubesim.controllers.deployment_status import DeploymentStatus, _complete
from kubesim.controllers.podtemplate import (
    DEPLOYMENTS,
    PODS,
    REPLICASETS,
    TEMPLATE_HASH_LABEL,
    Wakeups,
    controllers_of,
    create_named,
    delete,
    int_or,
    owned,
    owner_refs,
    same_template,
    set_condition,
    spec_of,
    template_hash,
    ts,
    write,
)
from kubesim.controllers.podutil import is_terminal
from kubesim.controllers.runtime import Controller, Manager, Obj, ObjectRef, write_status
from kubesim.store import WatchEvent


class DeploymentController(DeploymentStatus, Controller):
    name = "deployment"
    primary = DEPLOYMENTS

    def __init__(self, manager: Manager) -> None:
        super().__init__(manager)
        self.wakeups = Wakeups(manager, self.name)

    def map_event(self, event: WatchEvent) -> Iterable[ObjectRef]:
        yield from super().map_event(event)
        yield from owner_refs(event, REPLICASETS, "Deployment")
        if event.key == PODS and event.type == "DELETED":
            # Recreate waits for the old pods to be gone, not merely scaled away.
            for ref in owner_refs(event, PODS, "ReplicaSet"):
                rs = self.get(REPLICASETS, *ref)
                if rs is not None:
                    yield from [(ref[0], n) for n in controllers_of(rs, "Deployment")]

    # ---- reconcile --------------------------------------------------------------------------
    def reconcile(self, namespace: str, name: str) -> None:
        d = self.get(DEPLOYMENTS, namespace, name)
        if d is None or d["metadata"].get("deletionTimestamp"):
            return
        new_rs, olds = self._replica_sets(d)
        if spec_of(d).get("paused"):
            if new_rs is not None and not any(rs_replicas(r) for r in olds):
                self._scale(d, new_rs, desired(d))  # scaling still works while paused
        elif is_recreate(d):
            self._recreate(d, new_rs, olds)
        else:
            self._rolling(d, new_rs, olds)
        d = self.get(DEPLOYMENTS, namespace, name) or d
        new_rs, olds = self._replica_sets(d)
        if new_rs is not None:
            d = self._sync_revision(d, new_rs, olds)
        status = self._status(d, new_rs, olds)
        write_status(self, DEPLOYMENTS, d, status)
        if _complete(d, status):
            self._cleanup(d, olds)

    def _replica_sets(self, d: Obj) -> tuple[Obj | None, list[Obj]]:
        """The ReplicaSet whose template is the Deployment's (if any) and the others, oldest
        first."""
        rses = sorted(owned(self, REPLICASETS, d), key=lambda r: (ts(r), r["metadata"]["name"]))
        template = spec_of(d).get("template") or {}
        new_rs = next(
            (
                r
                for r in rses
                if not r["metadata"].get("deletionTimestamp")
                and same_template(spec_of(r).get("template") or {}, template)
            ),
            None,
        )
        return new_rs, [r for r in rses if r is not new_rs]

    def _rolling(self, d: Obj, new_rs: Obj | None, olds: list[Obj]) -> None:
        replicas = desired(d)
        surge, max_unavailable = surge_and_unavailable(d)
        total = sum(rs_replicas(r) for r in olds) + (rs_replicas(new_rs) if new_rs else 0)
        # Scale up the new ReplicaSet as far as maxSurge lets us.
        current_new = rs_replicas(new_rs) if new_rs else 0
        if current_new > replicas and new_rs is not None:
            self._scale(d, new_rs, replicas)
            return
        target = current_new
        if current_new < replicas and total < replicas + surge:
            target = current_new + min(replicas + surge - total, replicas - current_new)
        if new_rs is None:
            self._create_rs(d, olds, target)
            return
        if target != current_new:
            self._scale(d, new_rs, target)
            return
        # Scale the old ones down as far as maxUnavailable lets us.
        old_total = sum(rs_replicas(r) for r in olds)
        if old_total == 0:
            return
        min_available = replicas - max_unavailable
        new_unavailable = rs_replicas(new_rs) - rs_status(new_rs, "availableReplicas")
        budget = total - min_available - new_unavailable
        if budget <= 0:
            return
        # Unhealthy old pods go first: they cost no availability.
        for rs in olds:
            unhealthy = rs_replicas(rs) - rs_status(rs, "availableReplicas")
            cut = min(budget, unhealthy)
            if cut > 0:
                self._scale(d, rs, rs_replicas(rs) - cut)
                budget -= cut
        available = sum(rs_status(r, "availableReplicas") for r in [*olds, new_rs])
        room = available - min_available
        for rs in olds:
            current = rs_replicas(self.get(REPLICASETS, *_ref(rs)) or rs)
            cut = min(current, room)
            if cut > 0:
                self._scale(d, rs, current - cut)
                room -= cut

    def _recreate(self, d: Obj, new_rs: Obj | None, olds: list[Obj]) -> None:
        active_olds = [r for r in olds if rs_replicas(r) > 0]
        for rs in active_olds:
            self._scale(d, rs, 0)
        if active_olds:
            return
        for rs in olds:  # pods still shutting down count as running until they are gone
            if any(not is_terminal(p) for p in owned(self, PODS, rs)):
                return
        if new_rs is None:
            self._create_rs(d, olds, desired(d))
        else:
            self._scale(d, new_rs, desired(d))

    # ---- writes -----------------------------------------------------------------------------
    def _create_rs(self, d: Obj, olds: list[Obj], replicas: int) -> None:
        md = d["metadata"]
        template = copy.deepcopy(spec_of(d).get("template") or {})
        collisions = int_or((d.get("status") or {}).get("collisionCount"), 0)
        pod_hash = template_hash(template, collisions)
        tmd = template.setdefault("metadata", {})
        tmd["labels"] = {**(tmd.get("labels") or {}), TEMPLATE_HASH_LABEL: pod_hash}
        selector = copy.deepcopy(spec_of(d).get("selector") or {})
        selector["matchLabels"] = {
            **(selector.get("matchLabels") or {}),
            TEMPLATE_HASH_LABEL: pod_hash,
        }
        annotations = self._annotations(d, replicas)
        annotations[REVISION] = str(max((revision(r) for r in olds), default=0) + 1)
        rs: Obj = {
            "apiVersion": "apps/v1",
            "kind": "ReplicaSet",
            "metadata": {
                "name": f"{md['name']}-{pod_hash}",
                "labels": dict(tmd["labels"]),
                "annotations": annotations,
                "ownerReferences": [meta.owner_reference(d)],
            },
            "spec": {
                "replicas": replicas,
                "selector": selector,
                "template": template,
                "minReadySeconds": int_or(spec_of(d).get("minReadySeconds"), 0),
            },
        }
        created = create_named(self, REPLICASETS, md["namespace"], rs)
        if created is None:
            # The name is taken by a ReplicaSet with another template: hash again, as upstream.
            status = {**(d.get("status") or {}), "collisionCount": collisions + 1}
            write_status(self, DEPLOYMENTS, d, status)
            return
        if replicas > 0:
            self._scaled_event(d, created, 0, replicas)
        conditions = set_condition(
            list((d.get("status") or {}).get("conditions") or []),
            "Progressing",
            "True",
            "NewReplicaSetCreated",
            f'Created new replica set "{created["metadata"]["name"]}"',
        )
        write_status(self, DEPLOYMENTS, d, {**(d.get("status") or {}), "conditions": conditions})

    def _annotations(self, d: Obj, replicas: int) -> dict[str, str]:
        copied = {
            k: v
            for k, v in (d["metadata"].get("annotations") or {}).items()
            if k not in _NOT_COPIED
        }
        surge, _ = surge_and_unavailable(d)
        return {**copied, DESIRED: str(desired(d)), MAX: str(desired(d) + surge)}

    def _scale(self, d: Obj, rs: Obj, replicas: int) -> None:
        rs = self.get(REPLICASETS, *_ref(rs)) or rs
        before = rs_replicas(rs)
        annotations = dict(rs["metadata"].get("annotations") or {})
        surge, _ = surge_and_unavailable(d)
        wanted = {DESIRED: str(desired(d)), MAX: str(desired(d) + surge)}
        if before == replicas and all(annotations.get(k) == v for k, v in wanted.items()):
            return
        updated = copy.deepcopy(rs)
        updated["spec"]["replicas"] = replicas
        updated["metadata"]["annotations"] = {**annotations, **wanted}
        write(self, REPLICASETS, updated)
        if before != replicas:
            self._scaled_event(d, rs, before, replicas)

    def _scaled_event(self, d: Obj, rs: Obj, before: int, after: int) -> None:
        direction = "up" if after > before else "down"
        self.manager.events.record(
            d,
            "Normal",
            "ScalingReplicaSet",
            f"Scaled {direction} replica set {rs['metadata']['name']} from {before} to {after}",
            component=COMPONENT,
        )

    def _sync_revision(self, d: Obj, new_rs: Obj, olds: list[Obj]) -> Obj:
        """The new ReplicaSet carries the highest revision (an undo bumps an old one's) and the
        Deployment's annotations; the Deployment carries that revision too."""
        newest = max((revision(r) for r in olds), default=0) + 1
        annotations = dict(new_rs["metadata"].get("annotations") or {})
        wanted = {
            **annotations,
            **{k: v for k, v in self._annotations(d, 0).items() if k not in (DESIRED, MAX)},
        }
        current = revision(new_rs)
        if current < newest:
            wanted[REVISION] = str(newest)
            if current:
                history = [h for h in annotations.get(REVISION_HISTORY, "").split(",") if h]
                wanted[REVISION_HISTORY] = ",".join([*history, str(current)])
        if wanted != annotations:
            updated = copy.deepcopy(new_rs)
            updated["metadata"]["annotations"] = wanted
            new_rs = write(self, REPLICASETS, updated)
        d_annotations = dict(d["metadata"].get("annotations") or {})
        if d_annotations.get(REVISION) != str(revision(new_rs)):
            updated = copy.deepcopy(d)
            updated["metadata"]["annotations"] = {**d_annotations, REVISION: str(revision(new_rs))}
            d = write(self, DEPLOYMENTS, updated)
        return d

    def _cleanup(self, d: Obj, olds: list[Obj]) -> None:
        limit = int_or(spec_of(d).get("revisionHistoryLimit"), 10)
        idle = [
            r
            for r in olds
            if rs_replicas(r) == 0
            and rs_status(r, "replicas") == 0
            and not r["metadata"].get("deletionTimestamp")
        ]
        for rs in sorted(idle, key=revision)[: max(len(idle) - limit, 0)]:
            delete(self, REPLICASETS, *_ref(rs))


def register(manager: Manager) -> None:
    manager.register(DeploymentController(manager))
