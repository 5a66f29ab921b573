"""One container instance's log: which lines exist at a given time, and their text."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from kubesim.loglines.databases import Mysql, Postgres, Redis
from kubesim.loglines.profile import LineContext, LogLine, Profile, Rng
from kubesim.loglines.timeformats import (
    MS,
    rfc3339_nano,
)
from kubesim.loglines.web_servers import CoreDns, Nginx
from kubesim.loglines.workloads import App, Job, Shell

STARTUP_STEP_NS = 3 * MS
CRASH_AFTER_NS = 1_500 * MS  # a crash-looping container panics this long after it starts
MAX_LINES = 5_000  # older lines are "rotated away" (the kubelet keeps ~10 MiB)


PROFILES: dict[str, Profile] = {
    "nginx": Nginx(),
    "postgres": Postgres(),
    "redis": Redis(),
    "mysql": Mysql(),
    "coredns": CoreDns(),
    "app": App(),
    "job": Job(),
    "shell": Shell(),
}


@dataclass(frozen=True)
class LogSpec:
    """Everything a container instance's log is a function of."""

    seed: str
    profile: str
    start_ns: int
    context: LineContext = LineContext()  # noqa: RUF009  (a frozen dataclass)
    end_ns: int | None = None  # when the instance ends (known for stopped or crashing ones)
    ending: str = ""  # crash | completed | killed | ""


def _hash(seed: str, index: int, salt: str) -> int:
    digest = hashlib.blake2b(f"{seed}{salt}{index}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def _unit(seed: str, index: int) -> float:
    return _hash(seed, index, "|") / 2**64


class ContainerLog:
    """The lines of one container instance, computed on demand."""

    def __init__(self, spec: LogSpec) -> None:
        self.spec = spec
        self.profile = PROFILES.get(spec.profile, PROFILES["app"])
        ctx = spec.context
        self._startup = self.profile.startup(ctx, spec.start_ns)
        self._steady = self.profile.has_steady(ctx)
        self._interval = max(self.profile.interval(ctx), MS)
        self._base = spec.start_ns + len(self._startup) * STARTUP_STEP_NS
        self._ending: list[str] = (
            self.profile.ending(ctx, spec.ending, spec.end_ns) if spec.end_ns is not None else []
        )
        # Lines before the end; the ending's lines come after them.
        self._regular = self._regular_upto(spec.end_ns - 1) if spec.end_ns is not None else None

    @property
    def finite(self) -> bool:
        return self.spec.end_ns is not None

    @property
    def regular_count(self) -> int | None:
        """For a finite log, how many lines come before its ending's lines."""
        return self._regular

    def _steady_ts(self, j: int) -> int:
        frac = 0.1 + 0.8 * _unit(self.spec.seed, j)
        return self._base + j * self._interval + int(frac * self._interval)

    def _regular_upto(self, t: int) -> int:
        """How many start-up and steady lines have a timestamp at or before t."""
        if t < self.spec.start_ns:
            return 0
        startup = len(self._startup)
        k = (t - self.spec.start_ns) // STARTUP_STEP_NS + 1
        if k < startup:
            return int(k)
        if not self._steady or t < self._base:
            return startup
        m = (t - self._base) // self._interval
        return startup + int(m) + (1 if self._steady_ts(int(m)) <= t else 0)

    def count_at(self, now_ns: int) -> int:
        """How many lines exist at now_ns (older ones may since have been rotated away)."""
        end = self.spec.end_ns
        if end is not None and self._regular is not None:
            if now_ns >= end:
                return self._regular + len(self._ending)
            return min(self._regular, self._regular_upto(now_ns))
        return self._regular_upto(now_ns)

    def complete_at(self, now_ns: int) -> bool:
        """True once a finite log has all its lines."""
        return self.spec.end_ns is not None and now_ns >= self.spec.end_ns

    def ts_of(self, index: int) -> int:
        startup = len(self._startup)
        if self._regular is not None and index >= self._regular:
            assert self.spec.end_ns is not None
            return self.spec.end_ns + (index - self._regular) * 1000
        if index < startup:
            return self.spec.start_ns + index * STARTUP_STEP_NS
        return self._steady_ts(index - startup)

    def line(self, index: int) -> LogLine:
        ts = self.ts_of(index)
        startup = len(self._startup)
        if self._regular is not None and index >= self._regular:
            return LogLine(ts, self._ending[index - self._regular])
        if index < startup:
            return LogLine(ts, self._startup[index])
        rng = Rng(_hash(self.spec.seed, index - startup, "#"))
        return LogLine(ts, self.profile.steady(self.spec.context, rng, ts))

    def first_kept(self, count: int) -> int:
        return max(0, count - MAX_LINES)

    def select(
        self, now_ns: int, tail: int | None = None, since_ns: int | None = None
    ) -> tuple[list[LogLine], int]:
        """The lines a request sees (tail first, then since, like the kubelet) and the count."""
        count = self.count_at(now_ns)
        first = self.first_kept(count)
        if tail is not None:
            first = max(first, count - tail)
        if since_ns is not None:
            first = max(first, self._first_at_or_after(since_ns, first, count))
        return [self.line(i) for i in range(first, count)], count

    def _first_at_or_after(self, ts_ns: int, lo: int, hi: int) -> int:
        """Binary search: timestamps grow with the index."""
        while lo < hi:
            mid = (lo + hi) // 2
            if self.ts_of(mid) < ts_ns:
                lo = mid + 1
            else:
                hi = mid
        return lo


def format_lines(lines: Sequence[LogLine], timestamps: bool) -> bytes:
    if timestamps:
        return "".join(f"{rfc3339_nano(ln.ts_ns)} {ln.text}\n" for ln in lines).encode()
    return "".join(f"{ln.text}\n" for ln in lines).encode()
