"""The StatefulSet controller: ordinal pods with stable names and their own volume claims.

OrderedReady sets create `<sts>-0`, then `-1` once `-0` is Running and Ready, and scale down
from the highest ordinal one pod at a time; Parallel sets do both at once. Rolling updates
replace pods from the highest ordinal down to the partition, one healthy pod at a time. Claims
made from volumeClaimTemplates are not owned by the pods, so they outlive a scale-down.
"""

from __future__ import annotations

import copy
import re
import time

from kubesim import meta
from kubesim.controllers.podtemplate import (
    PODS,
    PVCS,
    REVISION_HASH_LABEL,
    STATEFULSETS,
    PodOwnerController,
    available_at,
    compact,
    create_named,
    delete,
    int_or,
    is_running_ready,
    owned,
    pod_from_template,
    spec_of,
)
from kubesim.controllers.podutil import is_terminal
from kubesim.controllers.revisions import revision_template, sync_revision
from kubesim.controllers.runtime import Manager, Obj, ObjectRef, write_status

COMPONENT = "statefulset-controller"
POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name"
POD_INDEX_LABEL = "apps.kubernetes.io/pod-index"


def _terminating(pod: Obj) -> bool:
    return bool(pod["metadata"].get("deletionTimestamp"))


class StatefulSetController(PodOwnerController):
    owner_kind = "StatefulSet"
    name = "statefulset"
    primary = STATEFULSETS

    def reconcile(self, namespace: str, name: str) -> None:
        sts = self.get(STATEFULSETS, namespace, name)
        if sts is None or sts["metadata"].get("deletionTimestamp"):
            return
        spec = spec_of(sts)
        old_status = sts.get("status") or {}
        keep = {
            str(old_status.get("currentRevision", "")),
            str(old_status.get("updateRevision", "")),
        }
        rev_hash, _ = sync_revision(
            self,
            sts,
            spec.get("template") or {},
            int_or(spec.get("revisionHistoryLimit"), 10),
            keep,
        )
        update_rev = f"{name}-{rev_hash}"
        current_rev = str(old_status.get("currentRevision") or update_rev)
        pods = self._pods(sts)
        self._sync_pods(sts, pods, current_rev, update_rev)
        self._write_status(sts, self._pods(sts), current_rev, update_rev)

    def _pods(self, sts: Obj) -> dict[int, Obj]:
        pattern = re.compile(rf"^{re.escape(sts['metadata']['name'])}-(\d+)$")
        out: dict[int, Obj] = {}
        for pod in owned(self, PODS, sts):
            match = pattern.match(pod["metadata"]["name"])
            if match:
                out[int(match.group(1))] = pod
        return out

    # ---- pods -------------------------------------------------------------------------------
    def _sync_pods(self, sts: Obj, pods: dict[int, Obj], current_rev: str, update_rev: str) -> None:
        spec = spec_of(sts)
        replicas = max(int_or(spec.get("replicas"), 1), 0)
        ordered = spec.get("podManagementPolicy") != "Parallel"
        for ordinal in range(replicas):
            pod = pods.get(ordinal)
            if pod is not None and is_terminal(pod) and not _terminating(pod):
                # A failed (or finished) pod is deleted and made again under the same name.
                self._delete(sts, pod)
                pod = self.get(PODS, *_ref(pod))
            if pod is None:
                self._create(sts, ordinal, current_rev, update_rev)
                if ordered:
                    return
                continue
            if ordered and (_terminating(pod) or not is_running_ready(pod)):
                return  # OrderedReady: one pod at a time, each Ready before the next
        condemned = sorted((o for o in pods if o >= replicas), reverse=True)
        for ordinal in condemned:
            pod = pods[ordinal]
            if not _terminating(pod):
                self._delete(sts, pod)
            if ordered:
                return  # one at a time, waiting for each to be gone
        if condemned:
            return
        self._roll(sts, pods, replicas, update_rev)

    def _roll(self, sts: Obj, pods: dict[int, Obj], replicas: int, update_rev: str) -> None:
        strategy = spec_of(sts).get("updateStrategy") or {}
        if strategy.get("type", "RollingUpdate") != "RollingUpdate":
            return  # OnDelete: pods change only when someone deletes them
        partition = int_or((strategy.get("rollingUpdate") or {}).get("partition"), 0)
        for ordinal in range(replicas - 1, partition - 1, -1):
            pod = pods.get(ordinal)
            if pod is None or _terminating(pod) or not is_running_ready(pod):
                return  # wait until the previous replacement is up
            if (pod["metadata"].get("labels") or {}).get(REVISION_HASH_LABEL) != update_rev:
                self._delete(sts, pod)
                return

    def _create(self, sts: Obj, ordinal: int, current_rev: str, update_rev: str) -> None:
        md, spec = sts["metadata"], spec_of(sts)
        name = f"{md['name']}-{ordinal}"
        strategy = spec.get("updateStrategy") or {}
        partition = int_or((strategy.get("rollingUpdate") or {}).get("partition"), 0)
        revision, template = update_rev, spec.get("template") or {}
        if ordinal < partition and current_rev != update_rev:
            # Below the partition pods stay at the current revision.
            old = revision_template(self, md["namespace"], current_rev)
            if old is not None:
                revision, template = current_rev, old
        claims = self._claims(sts, ordinal, name)
        pod = pod_from_template(
            template,
            sts,
            name,
            labels={
                REVISION_HASH_LABEL: revision,
                POD_NAME_LABEL: name,
                POD_INDEX_LABEL: str(ordinal),
            },
        )
        pod_spec = pod["spec"]
        pod_spec["hostname"] = name
        if spec.get("serviceName"):
            pod_spec["subdomain"] = spec["serviceName"]
        volumes = [v for v in pod_spec.get("volumes") or [] if v.get("name") not in claims]
        pod_spec["volumes"] = volumes + [
            {"name": vol, "persistentVolumeClaim": {"claimName": claim}}
            for vol, claim in claims.items()
        ]
        if not pod_spec["volumes"]:
            del pod_spec["volumes"]
        if create_named(self, PODS, md["namespace"], pod) is not None:
            self.manager.events.record(
                sts,
                "Normal",
                "SuccessfulCreate",
                f"create Pod {name} in StatefulSet {md['name']} successful",
                component=COMPONENT,
            )

    def _claims(self, sts: Obj, ordinal: int, pod_name: str) -> dict[str, str]:
        """Create the pod's missing claims; returns volume name → claim name."""
        md, spec = sts["metadata"], spec_of(sts)
        match_labels = (spec.get("selector") or {}).get("matchLabels") or {}
        retention = spec.get("persistentVolumeClaimRetentionPolicy") or {}
        out: dict[str, str] = {}
        for template in spec.get("volumeClaimTemplates") or []:
            tmd = template.get("metadata") or {}
            claim = f"{tmd.get('name', '')}-{md['name']}-{ordinal}"
            out[str(tmd.get("name", ""))] = claim
            if self.get(PVCS, md["namespace"], claim) is not None:
                continue
            claim_md: Obj = {"name": claim, "labels": {**(tmd.get("labels") or {}), **match_labels}}
            if tmd.get("annotations"):
                claim_md["annotations"] = dict(tmd["annotations"])
            if retention.get("whenDeleted") == "Delete":
                claim_md["ownerReferences"] = [meta.owner_reference(sts, controller=False)]
            body = {
                "apiVersion": "v1",
                "kind": "PersistentVolumeClaim",
                "metadata": claim_md,
                "spec": copy.deepcopy(template.get("spec") or {}),
            }
            if create_named(self, PVCS, md["namespace"], body) is not None:
                self.manager.events.record(
                    sts,
                    "Normal",
                    "SuccessfulCreate",
                    f"create Claim {claim} Pod {pod_name} in StatefulSet {md['name']} success",
                    component=COMPONENT,
                )
        return out

    def _delete(self, sts: Obj, pod: Obj) -> None:
        if delete(self, PODS, *_ref(pod)):
            self.manager.events.record(
                sts,
                "Normal",
                "SuccessfulDelete",
                f"delete Pod {pod['metadata']['name']} in StatefulSet "
                f"{sts['metadata']['name']} successful",
                component=COMPONENT,
            )

    # ---- status -----------------------------------------------------------------------------
    def _write_status(
        self, sts: Obj, pods: dict[int, Obj], current_rev: str, update_rev: str
    ) -> None:
        spec = spec_of(sts)
        min_ready = int_or(spec.get("minReadySeconds"), 0)
        now = time.time()
        counts = {"replicas": 0, "ready": 0, "available": 0, "current": 0, "updated": 0}
        for pod in pods.values():
            counts["replicas"] += 1
            counts["ready"] += is_running_ready(pod)
            at = available_at(pod, min_ready)
            if at is not None and at <= now:
                counts["available"] += 1
            elif at is not None:
                self.wakeups.at(_ref(sts), at)
            if not _terminating(pod):
                revision = (pod["metadata"].get("labels") or {}).get(REVISION_HASH_LABEL)
                counts["current"] += revision == current_rev
                counts["updated"] += revision == update_rev
        rolling = (spec.get("updateStrategy") or {}).get("type", "RollingUpdate") == (
            "RollingUpdate"
        )
        if rolling and counts["updated"] == counts["replicas"] == counts["ready"]:
            # The rolling update is complete: the update revision becomes the current one.
            current_rev, counts["current"] = update_rev, counts["updated"]
        old = sts.get("status") or {}
        status = compact(
            {
                "observedGeneration": sts["metadata"].get("generation", 1),
                "replicas": counts["replicas"],
                "readyReplicas": counts["ready"],
                "currentReplicas": counts["current"],
                "updatedReplicas": counts["updated"],
                "availableReplicas": counts["available"],
                "currentRevision": current_rev,
                "updateRevision": update_rev,
                "collisionCount": int_or(old.get("collisionCount"), 0),
            },
            "replicas",
            "availableReplicas",
            "collisionCount",
            "observedGeneration",
        )
        if old.get("conditions"):
            status["conditions"] = old["conditions"]
        write_status(self, STATEFULSETS, sts, status)


def _ref(obj: Obj) -> ObjectRef:
    return obj["metadata"].get("namespace", ""), obj["metadata"]["name"]


def register(manager: Manager) -> None:
    manager.register(StatefulSetController(manager))
