"""Cron schedules as CronJobs write them: five fields (names and ranges, steps, lists) or a
macro, evaluated in the CronJob's time zone. `next_fire` and `latest_fire` answer in unix time.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

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


def zone_of(name: object) -> tzinfo:
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
