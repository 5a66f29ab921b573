"""The DaemonSet controller: one pod on every node that should run it.

Pods are placed directly (`spec.nodeName`, plus the node affinity real daemon pods carry), so
the scheduler leaves them alone. A node should run the pod when the template's nodeSelector and
required node affinity match it and the pod tolerates its NoSchedule/NoExecute taints (daemon
pods tolerate the node-condition taints and cordoning, as upstream).
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from kubesim.controllers.podtemplate import (
    DAEMONSETS,
    NODES,
    PODS,
    REVISION_HASH_LABEL,
    PodOwnerController,
    available_at,
    compact,
    create_named,
    delete,
    int_or,
    is_active,
    is_running_ready,
    owned,
    pod_from_template,
    scaled,
    spec_of,
    ts,
)
from kubesim.controllers.podutil import fits_node_selector, is_terminal, tolerates
from kubesim.controllers.revisions import sync_revision
from kubesim.controllers.runtime import Manager, Obj, ObjectRef, write_status
from kubesim.store import WatchEvent

COMPONENT = "daemonset-controller"
GENERATION_LABEL = "pod-template-generation"
_DEFAULT_TOLERATIONS: list[Obj] = [
    {"key": f"node.kubernetes.io/{key}", "operator": "Exists", "effect": effect}
    for key, effect in (
        ("not-ready", "NoExecute"),
        ("unreachable", "NoExecute"),
        ("disk-pressure", "NoSchedule"),
        ("memory-pressure", "NoSchedule"),
        ("pid-pressure", "NoSchedule"),
        ("unschedulable", "NoSchedule"),
    )
]


def _node_facts(node: Obj | None) -> tuple[object, ...]:
    if node is None:
        return ()
    spec = node.get("spec") or {}
    return (node["metadata"].get("labels"), spec.get("taints"), spec.get("unschedulable"))


def daemon_tolerations(template_spec: Obj) -> list[Obj]:
    own = list(template_spec.get("tolerations") or [])
    return own + [t for t in _DEFAULT_TOLERATIONS if t not in own]


def _expression_matches(expr: Obj, value: str | None) -> bool:
    op, values = expr.get("operator"), expr.get("values") or []
    if op == "In":
        return value in values
    if op == "NotIn":
        return value not in values
    if op == "Exists":
        return value is not None
    if op == "DoesNotExist":
        return value is None
    return False


def affinity_matches(template_spec: Obj, node: Obj) -> bool:
    """Required node affinity: any term matches when all its expressions and fields do."""
    required = ((template_spec.get("affinity") or {}).get("nodeAffinity") or {}).get(
        "requiredDuringSchedulingIgnoredDuringExecution"
    ) or {}
    terms = required.get("nodeSelectorTerms") or []
    if not terms:
        return True
    labels = node["metadata"].get("labels") or {}
    for term in terms:
        exprs = [(e, labels.get(e.get("key", ""))) for e in term.get("matchExpressions") or []]
        fields = [
            (f, node["metadata"]["name"] if f.get("key") == "metadata.name" else None)
            for f in term.get("matchFields") or []
        ]
        if all(_expression_matches(e, v) for e, v in exprs + fields):
            return True
    return False


def should_run(template_spec: Obj, node: Obj) -> bool:
    probe = {"spec": {**template_spec, "tolerations": daemon_tolerations(template_spec)}}
    if not fits_node_selector(probe, node) or not affinity_matches(template_spec, node):
        return False
    return all(
        tolerates(probe, taint)
        for taint in (node.get("spec") or {}).get("taints") or []
        if taint.get("effect") in ("NoSchedule", "NoExecute")
    )


class DaemonSetController(PodOwnerController):
    owner_kind = "DaemonSet"
    name = "daemonset"
    primary = DAEMONSETS

    def map_event(self, event: WatchEvent) -> Iterable[ObjectRef]:
        yield from super().map_event(event)
        if event.key == NODES and (
            event.type != "MODIFIED" or _node_facts(event.obj) != _node_facts(event.old)
        ):
            yield from self.api.store.iter_keys(DAEMONSETS, None, None)

    def reconcile(self, namespace: str, name: str) -> None:
        ds = self.get(DAEMONSETS, namespace, name)
        if ds is None or ds["metadata"].get("deletionTimestamp"):
            return
        spec = spec_of(ds)
        pods = owned(self, PODS, ds)
        keep = {
            f"{name}-{(p['metadata'].get('labels') or {}).get(REVISION_HASH_LABEL)}" for p in pods
        }
        rev_hash, _ = sync_revision(
            self, ds, spec.get("template") or {}, int_or(spec.get("revisionHistoryLimit"), 10), keep
        )
        eligible = self._eligible_nodes(ds)
        self._sync_pods(ds, pods, eligible, rev_hash)
        self._write_status(ds, owned(self, PODS, ds), eligible, rev_hash)

    def _eligible_nodes(self, ds: Obj) -> list[str]:
        template_spec = (spec_of(ds).get("template") or {}).get("spec") or {}
        out = []
        for _, node_name in self.api.store.iter_keys(NODES, None, None):
            node = self.get(NODES, "", node_name)
            if node is not None and should_run(template_spec, node):
                out.append(node_name)
        return out

    def _sync_pods(self, ds: Obj, pods: list[Obj], eligible: list[str], rev_hash: str) -> None:
        by_node: dict[str, list[Obj]] = {}
        for pod in sorted(pods, key=ts):
            if is_terminal(pod) and not pod["metadata"].get("deletionTimestamp"):
                self._delete(ds, pod)  # a failed daemon pod is replaced
            elif is_active(pod):
                by_node.setdefault(str((pod.get("spec") or {}).get("nodeName")), []).append(pod)
        for node in eligible:
            running = by_node.get(node, [])
            if not running:
                self._create(ds, node, rev_hash)
            for extra in running[1:]:
                self._delete(ds, extra)
        for node, running in by_node.items():
            if node not in eligible:
                for pod in running:
                    self._delete(ds, pod)
        self._roll(ds, by_node, eligible, rev_hash)

    def _roll(
        self, ds: Obj, by_node: dict[str, list[Obj]], eligible: list[str], rev_hash: str
    ) -> None:
        strategy = spec_of(ds).get("updateStrategy") or {}
        if strategy.get("type", "RollingUpdate") != "RollingUpdate":
            return
        max_unavailable = max(
            scaled(
                (strategy.get("rollingUpdate") or {}).get("maxUnavailable"), len(eligible), True, 1
            ),
            1,
        )
        min_ready = int_or(spec_of(ds).get("minReadySeconds"), 0)
        now = time.time()
        old_ready: list[Obj] = []
        unavailable = 0
        for node in eligible:
            here = by_node.get(node)
            pod = here[0] if here else None
            at = available_at(pod, min_ready) if pod is not None else None
            is_available = at is not None and at <= now
            unavailable += not is_available
            if (
                pod is None
                or (pod["metadata"].get("labels") or {}).get(REVISION_HASH_LABEL) == rev_hash
            ):
                continue
            if is_available:
                old_ready.append(pod)
            else:
                self._delete(ds, pod)  # an old pod that is down costs nothing to replace
        for pod in old_ready[: max(max_unavailable - unavailable, 0)]:
            self._delete(ds, pod)

    def _create(self, ds: Obj, node: str, rev_hash: str) -> None:
        md = ds["metadata"]
        template = spec_of(ds).get("template") or {}
        pod = pod_from_template(
            template,
            ds,
            "",
            labels={REVISION_HASH_LABEL: rev_hash, GENERATION_LABEL: str(md.get("generation", 1))},
        )
        spec = pod["spec"]
        spec["nodeName"] = node
        spec["tolerations"] = daemon_tolerations(spec)
        spec["affinity"] = {
            **(spec.get("affinity") or {}),
            "nodeAffinity": {
                "requiredDuringSchedulingIgnoredDuringExecution": {
                    "nodeSelectorTerms": [
                        {
                            "matchFields": [
                                {"key": "metadata.name", "operator": "In", "values": [node]}
                            ]
                        }
                    ]
                }
            },
        }
        created = create_named(self, PODS, md["namespace"], pod, prefix=md["name"])
        if created is None:
            return
        pod_name = created["metadata"]["name"]
        self.manager.events.record(
            ds, "Normal", "SuccessfulCreate", f"Created pod: {pod_name}", component=COMPONENT
        )
        self.manager.events.record(
            created,
            "Normal",
            "Scheduled",
            f"Successfully assigned {md['namespace']}/{pod_name} to {node}",
            component="default-scheduler",
        )

    def _delete(self, ds: Obj, pod: Obj) -> None:
        md = pod["metadata"]
        if delete(self, PODS, md["namespace"], md["name"]):
            self.manager.events.record(
                ds, "Normal", "SuccessfulDelete", f"Deleted pod: {md['name']}", component=COMPONENT
            )

    def _write_status(self, ds: Obj, pods: list[Obj], eligible: list[str], rev_hash: str) -> None:
        min_ready = int_or(spec_of(ds).get("minReadySeconds"), 0)
        now = time.time()
        wanted = set(eligible)
        on_node: dict[str, Obj] = {}
        misscheduled: set[str] = set()
        for pod in sorted(pods, key=ts, reverse=True):
            if not is_active(pod):
                continue
            node = str((pod.get("spec") or {}).get("nodeName"))
            if node in wanted:
                on_node[node] = pod  # the oldest wins, as the one that is kept
            else:
                misscheduled.add(node)
        ready = available = updated = 0
        for pod in on_node.values():
            ready += is_running_ready(pod)
            at = available_at(pod, min_ready)
            if at is not None and at <= now:
                available += 1
            elif at is not None:
                self.wakeups.at((ds["metadata"]["namespace"], ds["metadata"]["name"]), at)
            updated += (pod["metadata"].get("labels") or {}).get(REVISION_HASH_LABEL) == rev_hash
        status = compact(
            {
                "currentNumberScheduled": len(on_node),
                "desiredNumberScheduled": len(wanted),
                "numberMisscheduled": len(misscheduled),
                "numberReady": ready,
                "numberAvailable": available,
                "numberUnavailable": len(wanted) - available,
                "updatedNumberScheduled": updated,
                "observedGeneration": ds["metadata"].get("generation", 1),
            },
            "currentNumberScheduled",
            "desiredNumberScheduled",
            "numberMisscheduled",
            "numberReady",
            "observedGeneration",
        )
        write_status(self, DAEMONSETS, ds, status)


def register(manager: Manager) -> None:
    manager.register(DaemonSetController(manager))
