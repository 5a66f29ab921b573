"""The Job controller: runs pods to completion, retrying failures up to backoffLimit.

The kubelet decides how pods end (Succeeded after their run time, Failed when they carry
`kubesim.io/fail: "true"`); this controller counts them, keeps `parallelism` pods running until
`completions` succeeded, and sets the Complete/Failed conditions `kubectl wait` looks for.
Retries start at once (no exponential back-off) so failing Jobs finish quickly.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Iterable

from kubesim import meta
from kubesim.controllers.job_status import (
    COMPLETION_INDEX,
    completion_index,
    finished,
    format_indexes,
    job_condition,
    parse_indexes,
)
from kubesim.controllers.podstatus import FAIL, iso
from kubesim.controllers.podtemplate import (
    JOBS,
    PODS,
    Wakeups,
    create_named,
    delete,
    int_or,
    is_active,
    is_running_ready,
    owned,
    owner_refs,
    parse_time,
    pod_from_template,
    spec_of,
    ts,
    write,
)
from kubesim.controllers.podutil import is_terminal
from kubesim.controllers.runtime import Controller, Manager, Obj, ObjectRef, write_status
from kubesim.store import WatchEvent

COMPONENT = "job-controller"
JOB_NAME = "batch.kubernetes.io/job-name"
CONTROLLER_UID = "batch.kubernetes.io/controller-uid"


class JobController(Controller):
    name = "job"
    primary = JOBS

    def __init__(self, manager: Manager) -> None:
        super().__init__(manager)
        self.wakeups = Wakeups(manager, self.name)
        # Pods whose end was counted, per Job uid: the counts survive pods being deleted.
        self.counted: dict[str, set[str]] = {}

    def map_event(self, event: WatchEvent) -> Iterable[ObjectRef]:
        if event.key == JOBS and event.type == "DELETED":
            self.counted.pop(event.obj["metadata"].get("uid", ""), None)
        yield from super().map_event(event)
        yield from owner_refs(event, PODS, "Job")

    def reconcile(self, namespace: str, name: str) -> None:
        job = self.get(JOBS, namespace, name)
        if job is None or job["metadata"].get("deletionTimestamp"):
            return
        job = self._backfill_selector(job)
        pods = owned(self, PODS, job)
        outcome = finished(job)
        if outcome:
            if outcome == "Failed":
                self._delete_pods(p for p in pods if is_active(p))
            self._expire(job)
            return
        self._sync(job, pods)

    def _backfill_selector(self, job: Obj) -> Obj:
        """What the API server adds to a Job on create (selector and pod labels keyed by the
        Job's uid); `kubectl logs job/x` finds pods through that selector."""
        spec = spec_of(job)
        if spec.get("selector") or spec.get("manualSelector"):
            return job
        md = job["metadata"]
        labels = {
            CONTROLLER_UID: md["uid"],
            JOB_NAME: md["name"],
            "controller-uid": md["uid"],
            "job-name": md["name"],
        }
        updated = copy.deepcopy(job)
        updated["spec"]["selector"] = {"matchLabels": {CONTROLLER_UID: md["uid"]}}
        template_md = updated["spec"].setdefault("template", {}).setdefault("metadata", {})
        template_md["labels"] = {**(template_md.get("labels") or {}), **labels}
        return write(self, JOBS, updated)

    def _sync(self, job: Obj, pods: list[Obj]) -> None:
        md, spec = job["metadata"], spec_of(job)
        status = copy.deepcopy(job.get("status") or {})
        succeeded, failed = int_or(status.get("succeeded"), 0), int_or(status.get("failed"), 0)
        done_indexes = parse_indexes(str(status.get("completedIndexes") or ""))
        counted = self._counted(job, pods)
        for pod in pods:
            if is_terminal(pod) and pod["metadata"]["uid"] not in counted:
                counted.add(pod["metadata"]["uid"])
                if (pod.get("status") or {}).get("phase") == "Succeeded":
                    succeeded += 1
                    index = completion_index(pod)
                    if index is not None:
                        done_indexes.add(index)
                else:
                    failed += 1
        active = sorted((p for p in pods if is_active(p)), key=ts)
        conditions = list(status.get("conditions") or [])
        now = time.time()
        indexed = spec.get("completionMode") == "Indexed"
        completions = spec.get("completions")
        if completions is None and spec.get("parallelism") is None:
            completions = 1  # what the API server defaults
        done = len(done_indexes) if indexed else succeeded
        start = parse_time(status.get("startTime"))
        deadline = int_or(spec.get("activeDeadlineSeconds"), 0)
        failure, message = "", ""
        if failed > int_or(spec.get("backoffLimit"), 6):
            failure, message = "BackoffLimitExceeded", "Job has reached the specified backoff limit"
        elif deadline and start is not None and now >= start + deadline:
            failure, message = "DeadlineExceeded", "Job was active longer than specified deadline"
        complete = (
            done >= completions if isinstance(completions, int) else succeeded > 0 and not active
        )
        if failure:
            self._delete_pods(active)
            active = []
            for kind in ("FailureTarget", "Failed"):
                conditions = job_condition(conditions, kind, "True", failure, message)
            self.manager.events.record(job, "Warning", failure, message, component=COMPONENT)
        elif complete:
            self._delete_pods(active)
            active = []
            for kind in ("SuccessCriteriaMet", "Complete"):
                conditions = job_condition(
                    conditions,
                    kind,
                    "True",
                    "CompletionsReached",
                    "Reached expected number of succeeded pods",
                )
            status["completionTime"] = meta.now_rfc3339()
            self.manager.events.record(
                job, "Normal", "Completed", "Job completed", component=COMPONENT
            )
        elif spec.get("suspend"):
            self._delete_pods(active)
            active = []
            status.pop("startTime", None)
            if not any(
                c.get("type") == "Suspended" and c.get("status") == "True" for c in conditions
            ):
                conditions = job_condition(
                    conditions, "Suspended", "True", "JobSuspended", "Job suspended"
                )
                self.manager.events.record(
                    job, "Normal", "Suspended", "Job suspended", component=COMPONENT
                )
        else:
            if any(c.get("type") == "Suspended" and c.get("status") == "True" for c in conditions):
                conditions = job_condition(
                    conditions, "Suspended", "False", "JobResumed", "Job resumed"
                )
                self.manager.events.record(
                    job, "Normal", "Resumed", "Job resumed", component=COMPONENT
                )
            status.setdefault("startTime", iso(now))
            if deadline:
                self.wakeups.at(
                    (md["namespace"], md["name"]),
                    (parse_time(status["startTime"]) or now) + deadline,
                )
            active = self._scale(job, active, succeeded, done_indexes, completions)
        status.update(
            {
                "active": len(active),
                "succeeded": succeeded,
                "failed": failed,
                "ready": sum(is_running_ready(p) for p in active),
                "terminating": sum(
                    1 for p in pods if p["metadata"].get("deletionTimestamp") and not is_terminal(p)
                ),
                "uncountedTerminatedPods": {},
                "conditions": conditions,
            }
        )
        if indexed:
            status["completedIndexes"] = format_indexes(done_indexes)
        for key in ("active", "succeeded", "failed", "conditions", "completedIndexes"):
            if not status.get(key):
                status.pop(key, None)  # omitempty, as the real status
        write_status(self, JOBS, job, status)
        if failure or complete:
            self._expire(self.get(JOBS, md["namespace"], md["name"]) or job)

    def _counted(self, job: Obj, pods: list[Obj]) -> set[str]:
        uid = job["metadata"]["uid"]
        if uid not in self.counted:
            # A Job we have not seen (a scenario built it): what its status counts is counted.
            status = job.get("status") or {}
            already = status.get("succeeded") or status.get("failed")
            self.counted[uid] = {p["metadata"]["uid"] for p in pods if already and is_terminal(p)}
        return self.counted[uid]

    def _scale(
        self,
        job: Obj,
        active: list[Obj],
        succeeded: int,
        done_indexes: set[int],
        completions: int | None,
    ) -> list[Obj]:
        spec = spec_of(job)
        parallelism = max(int_or(spec.get("parallelism"), 1), 0)
        if isinstance(completions, int):
            done = len(done_indexes) if spec.get("completionMode") == "Indexed" else succeeded
            wanted = min(parallelism, max(completions - done, 0))
        else:
            wanted = 0 if succeeded else parallelism  # work queue: stop once one succeeded
        if len(active) > wanted:
            self._delete_pods(active[wanted:])
            return active[:wanted]
        busy = {completion_index(p) for p in active}
        free = (i for i in range(completions or 0) if i not in done_indexes and i not in busy)
        for _ in range(wanted - len(active)):
            index = next(free, None) if spec.get("completionMode") == "Indexed" else None
            created = self._create(job, index)
            if created is not None:
                active.append(created)
        return active

    def _create(self, job: Obj, index: int | None) -> Obj | None:
        md, spec = job["metadata"], spec_of(job)
        labels = {
            CONTROLLER_UID: md["uid"],
            JOB_NAME: md["name"],
            "controller-uid": md["uid"],
            "job-name": md["name"],
        }
        annotations: dict[str, str] = {}
        if str((md.get("annotations") or {}).get(FAIL, "")).lower() == "true":
            annotations[FAIL] = "true"  # a Job marked to fail makes its pods fail
        prefix = md["name"]
        if index is not None:
            labels[COMPLETION_INDEX] = annotations[COMPLETION_INDEX] = str(index)
            prefix = f"{md['name']}-{index}"
        pod = pod_from_template(spec.get("template") or {}, job, "", labels, annotations)
        if pod["spec"].get("restartPolicy") not in ("Never", "OnFailure"):
            pod["spec"]["restartPolicy"] = "Never"  # the API server rejects other policies
        if index is not None:
            pod["spec"].setdefault("hostname", prefix)
        created = create_named(self, PODS, md["namespace"], pod, prefix=prefix)
        if created is not None:
            self.manager.events.record(
                job,
                "Normal",
                "SuccessfulCreate",
                f"Created pod: {created['metadata']['name']}",
                component=COMPONENT,
            )
        return created

    def _delete_pods(self, pods: Iterable[Obj]) -> None:
        for pod in pods:
            delete(self, PODS, pod["metadata"]["namespace"], pod["metadata"]["name"])

    def _expire(self, job: Obj) -> None:
        """ttlSecondsAfterFinished: a finished Job (and, by cascade, its pods) goes away."""
        ttl = spec_of(job).get("ttlSecondsAfterFinished")
        if not isinstance(ttl, int):
            return
        status = job.get("status") or {}
        ended = parse_time(status.get("completionTime"))
        if ended is None:
            ended = max(
                (
                    parse_time(c.get("lastTransitionTime")) or 0.0
                    for c in status.get("conditions") or []
                ),
                default=time.time(),
            )
        md = job["metadata"]
        if time.time() >= ended + ttl:
            delete(self, JOBS, md["namespace"], md["name"])
        else:
            self.wakeups.at((md["namespace"], md["name"]), ended + ttl)


def register(manager: Manager) -> None:
    manager.register(JobController(manager))
