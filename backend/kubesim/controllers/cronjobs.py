"""The CronJob controller (its schedule parser: cron_schedule.py).

Jobs are named `<cronjob>-<scheduled time in unix minutes>` as upstream, so a schedule that
fires twice for the same minute (a restart, a resync) creates one Job. The controller wakes
itself at the next fire time; a missed time is caught up once (the most recent), like the real
controller, unless startingDeadlineSeconds says it is too late.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable, Iterable

from kubesim import meta
from kubesim.controllers.cron_schedule import (
    CronError,
    latest_fire,
    next_fire,
    parse_cron,
    zone_of,
)
from kubesim.controllers.job_status import finished
from kubesim.controllers.podstatus import iso
from kubesim.controllers.podtemplate import (
    CRONJOBS,
    JOBS,
    Wakeups,
    create_named,
    delete,
    int_or,
    owned,
    owner_refs,
    parse_time,
    spec_of,
)
from kubesim.controllers.runtime import Controller, Manager, Obj, ObjectRef, write_status
from kubesim.store import WatchEvent

COMPONENT = "cronjob-controller"
SCHEDULED = "cronjob.kubernetes.io/scheduled-timestamp"


class CronJobController(Controller):
    name = "cronjob"
    primary = CRONJOBS

    def __init__(self, manager: Manager) -> None:
        super().__init__(manager)
        self.wakeups = Wakeups(manager, self.name)
        self.clock: Callable[[], float] = time.time  # tests move time by replacing it

    def map_event(self, event: WatchEvent) -> Iterable[ObjectRef]:
        yield from super().map_event(event)
        yield from owner_refs(event, JOBS, "CronJob")

    def reconcile(self, namespace: str, name: str) -> None:
        cj = self.get(CRONJOBS, namespace, name)
        if cj is None or cj["metadata"].get("deletionTimestamp"):
            return
        spec = spec_of(cj)
        status = copy.deepcopy(cj.get("status") or {})
        jobs = owned(self, JOBS, cj)
        self._track(cj, jobs, status)
        self._cleanup(cj, jobs)
        try:
            schedule = parse_cron(str(spec.get("schedule", "")))
        except CronError as exc:
            self.manager.events.record(
                cj,
                "Warning",
                "UnparseableSchedule",
                f"unparseable schedule: {spec.get('schedule')!r} : {exc}",
                component=COMPONENT,
            )
            write_status(self, CRONJOBS, cj, status)
            return
        zone, now = zone_of(spec.get("timeZone")), self.clock()
        if not spec.get("suspend"):
            due = latest_fire(schedule, now, zone)
            earliest = (
                parse_time(status.get("lastScheduleTime"))
                or parse_time(cj["metadata"].get("creationTimestamp"))
                or now
            )
            deadline = spec.get("startingDeadlineSeconds")
            if due is not None and due > earliest:
                if isinstance(deadline, int) and due + deadline < now:
                    self.manager.events.record(
                        cj,
                        "Warning",
                        "MissSchedule",
                        f"Missed scheduled time to start a job: {iso(due)}",
                        component=COMPONENT,
                    )
                else:
                    self._start(cj, status, due)
        upcoming = next_fire(schedule, now, zone)
        if upcoming is not None:
            self.wakeups.at((namespace, name), upcoming - now + time.time())
        write_status(self, CRONJOBS, cj, {k: v for k, v in status.items() if v})

    def _track(self, cj: Obj, jobs: list[Obj], status: Obj) -> None:
        """Rebuild the active list and note finished Jobs (lastSuccessfulTime)."""
        known = {ref.get("uid"): ref for ref in status.get("active") or []}
        active: list[Obj] = []
        for job in sorted(jobs, key=lambda j: str(j["metadata"]["name"])):
            md = job["metadata"]
            outcome = finished(job)
            if not outcome:
                active.append(
                    known.get(md["uid"])
                    or {
                        "apiVersion": "batch/v1",
                        "kind": "Job",
                        "name": md["name"],
                        "namespace": md["namespace"],
                        "uid": md["uid"],
                        "resourceVersion": md.get("resourceVersion", ""),
                    }
                )
                continue
            if md["uid"] in known:
                self.manager.events.record(
                    cj,
                    "Normal",
                    "SawCompletedJob",
                    f"Saw completed job: {md['name']}, condition: {outcome}",
                    component=COMPONENT,
                )
            ended = (job.get("status") or {}).get("completionTime")
            if (
                outcome == "Complete"
                and ended
                and ended > str(status.get("lastSuccessfulTime") or "")
            ):
                status["lastSuccessfulTime"] = ended
        status["active"] = active

    def _cleanup(self, cj: Obj, jobs: list[Obj]) -> None:
        spec = spec_of(cj)
        limits = {
            "Complete": int_or(spec.get("successfulJobsHistoryLimit"), 3),
            "Failed": int_or(spec.get("failedJobsHistoryLimit"), 1),
        }
        for outcome, limit in limits.items():
            done = sorted(
                (j for j in jobs if finished(j) == outcome),
                key=lambda j: (
                    (j.get("status") or {}).get("startTime") or "",
                    j["metadata"].get("creationTimestamp") or "",
                ),
            )
            for job in done[: max(len(done) - limit, 0)]:
                self._delete_job(cj, job["metadata"]["name"])

    def _delete_job(self, cj: Obj, name: str) -> None:
        if delete(self, JOBS, cj["metadata"]["namespace"], name):
            self.manager.events.record(
                cj, "Normal", "SuccessfulDelete", f"Deleted job {name}", component=COMPONENT
            )

    def _start(self, cj: Obj, status: Obj, due: float) -> None:
        md, spec = cj["metadata"], spec_of(cj)
        policy = spec.get("concurrencyPolicy", "Allow")
        if policy == "Forbid" and status.get("active"):
            self.manager.events.record(
                cj,
                "Normal",
                "JobAlreadyActive",
                "Not starting job because prior execution is "
                "running and concurrency policy is Forbid",
                component=COMPONENT,
            )
            return
        if policy == "Replace":
            for ref in status.get("active") or []:
                self._delete_job(cj, str(ref.get("name")))
            status["active"] = []
        template = spec.get("jobTemplate") or {}
        tmd = template.get("metadata") or {}
        name = f"{md['name']}-{int(due // 60)}"
        job: Obj = {
            "apiVersion": "batch/v1",
            "kind": "Job",
            "metadata": {
                "name": name,
                "labels": dict(tmd.get("labels") or {}),
                "annotations": {**(tmd.get("annotations") or {}), SCHEDULED: iso(due)},
                "ownerReferences": [meta.owner_reference(cj)],
            },
            "spec": copy.deepcopy(template.get("spec") or {}),
        }
        created = create_named(self, JOBS, md["namespace"], job)
        status["lastScheduleTime"] = iso(due)
        if created is None:
            return  # made already (the same minute came round again)
        cmd = created["metadata"]
        status["active"] = [
            *(status.get("active") or []),
            {
                "apiVersion": "batch/v1",
                "kind": "Job",
                "name": name,
                "namespace": md["namespace"],
                "uid": cmd["uid"],
                "resourceVersion": cmd["resourceVersion"],
            },
        ]
        self.manager.events.record(
            cj, "Normal", "SuccessfulCreate", f"Created job {name}", component=COMPONENT
        )


def register(manager: Manager) -> None:
    manager.register(CronJobController(manager))
