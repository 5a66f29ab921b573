"""The CronJob controller and the cron schedule parser it needs.

Jobs are named `<cronjob>-<scheduled time in unix minutes>` as upstream, so a schedule that
fires twice for the same minute (a restart, a resync) creates one Job. The controller wakes
itself at the next fire time; a missed time is caught up once (the most recent), like the real
controller, unless startingDeadlineSeconds says it is too late.
"""

from __future__ import annotations

import bisect
import copy
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from kubesim import meta
from kubesim.controllers.jobs import finished
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
_MACROS = {
    "@yearly": "0 0 1 1 *",
    "@annually": "0 0 1 1 *",
    "@monthly": "0 0 1 * *",
    "@weekly": "0 0 * * 0",
    "@daily": "0 0 * * *",
    "@midnight": "0 0 * * *",
    "@hourly": "0 * * * *",
}
_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    )
}
_DAYS = {d: i for i, d in enumerate(["sun", "mon", "tue", "wed", "thu", "fri", "sat"])}
_SEARCH_YEARS = 5  # `0 0 30 2 *` never fires: give up after this long


class CronError(ValueError):
    pass


def _value(text: str, names: dict[str, int]) -> int:
    if text.lower() in names:
        return names[text.lower()]
    if not text.isdigit():
        raise CronError(f"failed to parse int from {text}")
    return int(text)


def _field(text: str, lo: int, hi: int, names: dict[str, int]) -> tuple[list[int], bool]:
    """Values of one field and whether it was a bare `*` (day matching depends on it)."""
    values: set[int] = set()
    star = False
    for part in text.split(","):
        body, slash, step_text = part.partition("/")
        step = _value(step_text, {}) if slash else 1
        if step <= 0:
            raise CronError(f"step of range should be a positive number: {part}")
        if body in ("*", "?"):
            start, end = lo, hi
            star = star or step == 1
        elif "-" in body:
            first, _, last = body.partition("-")
            start, end = _value(first, names), _value(last, names)
        else:
            start = _value(body, names)
            end = hi if slash else start  # `5/15` means 5-max/15
        if start < lo or end > hi or start > end:
            raise CronError(
                f"end of range ({end}) out of bounds: {part}"
                if end > hi
                else f"beginning of range ({start}) out of bounds: {part}"
            )
        values.update(range(start, end + 1, step))
    return sorted(values), star


@dataclass(frozen=True)
class Schedule:
    minutes: list[int]
    hours: list[int]
    days: list[int]
    months: list[int]
    weekdays: list[int]
    any_day: bool  # day-of-month or day-of-week is `*`: both must match, else either

    def _day_ok(self, t: datetime) -> bool:
        dom, dow = t.day in self.days, t.isoweekday() % 7 in self.weekdays
        return (dom and dow) if self.any_day else (dom or dow)

    def next_after(self, after: datetime) -> datetime | None:
        """The first fire time strictly after `after` (naive wall-clock times)."""
        t = after.replace(second=0, microsecond=0) + timedelta(minutes=1)
        limit = t.year + _SEARCH_YEARS
        while t.year <= limit:
            if t.month not in self.months:
                t = (t.replace(day=1, hour=0, minute=0) + timedelta(days=32)).replace(day=1)
            elif not self._day_ok(t):
                t = t.replace(hour=0, minute=0) + timedelta(days=1)
            elif t.hour not in self.hours:
                t = t.replace(minute=0) + timedelta(hours=1)
            else:
                i = bisect.bisect_left(self.minutes, t.minute)
                if i < len(self.minutes):
                    return t.replace(minute=self.minutes[i])
                t = t.replace(minute=0) + timedelta(hours=1)
        return None

    def latest_at(self, at: datetime) -> datetime | None:
        """The last fire time at or before `at` (naive wall-clock times)."""
        t = at.replace(second=0, microsecond=0)
        limit = t.year - _SEARCH_YEARS
        while t.year >= limit:
            if t.month not in self.months:
                t = t.replace(day=1, hour=0, minute=0) - timedelta(minutes=1)
            elif not self._day_ok(t):
                t = t.replace(hour=0, minute=0) - timedelta(minutes=1)
            elif t.hour not in self.hours:
                t = t.replace(minute=0) - timedelta(minutes=1)
            else:
                i = bisect.bisect_right(self.minutes, t.minute)
                if i > 0:
                    return t.replace(minute=self.minutes[i - 1])
                t = t.replace(minute=0) - timedelta(minutes=1)
        return None


def parse_cron(text: str) -> Schedule:
    """Five fields (minute hour day-of-month month day-of-week) with `*`, lists, ranges, steps
    and month/day names, or one of the @hourly/@daily/... macros."""
    expr = _MACROS.get(text.strip().lower(), text.strip())
    fields = expr.split()
    if len(fields) != 5:
        raise CronError(f"expected exactly 5 fields, found {len(fields)}: {text}")
    minutes, _ = _field(fields[0], 0, 59, {})
    hours, _ = _field(fields[1], 0, 23, {})
    days, dom_star = _field(fields[2], 1, 31, {})
    months, _ = _field(fields[3], 1, 12, _MONTHS)
    weekdays, dow_star = _field(fields[4], 0, 7, _DAYS)
    weekdays = sorted({d % 7 for d in weekdays})  # 7 is Sunday too
    return Schedule(minutes, hours, days, months, weekdays, dom_star or dow_star)


def _zone(name: object) -> tzinfo:
    try:
        return ZoneInfo(str(name)) if name else UTC
    except (ValueError, KeyError, OSError):
        return UTC


def next_fire(schedule: Schedule, after: float, zone: tzinfo = UTC) -> float | None:
    local = datetime.fromtimestamp(after, zone).replace(tzinfo=None)
    found = schedule.next_after(local)
    return None if found is None else found.replace(tzinfo=zone).timestamp()


def latest_fire(schedule: Schedule, at: float, zone: tzinfo = UTC) -> float | None:
    local = datetime.fromtimestamp(at, zone).replace(tzinfo=None)
    found = schedule.latest_at(local)
    return None if found is None else found.replace(tzinfo=zone).timestamp()


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
        zone, now = _zone(spec.get("timeZone")), self.clock()
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
