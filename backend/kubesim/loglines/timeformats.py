"""Timestamp formats of the simulated logs (RFC 3339, CLF, postgres, redis, ...) and JSON lines."""

from __future__ import annotations

import functools
import json
import time

NS = 1_000_000_000
MS = 1_000_000
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


# ---- time formats ----------------------------------------------------------------------------
@functools.lru_cache(maxsize=4096)
def _gmtime(seconds: int) -> time.struct_time:
    return time.gmtime(seconds)


def _parts(ts_ns: int) -> tuple[time.struct_time, int]:
    seconds, nanos = divmod(ts_ns, NS)
    return _gmtime(seconds), nanos


@functools.lru_cache(maxsize=4096)
def _second(seconds: int) -> str:
    t = _gmtime(seconds)
    return (
        f"{t.tm_year:04d}-{t.tm_mon:02d}-{t.tm_mday:02d}T{t.tm_hour:02d}:{t.tm_min:02d}:"
        f"{t.tm_sec:02d}"
    )


def rfc3339_nano(ts_ns: int) -> str:
    """The kubelet's timestamp prefix: RFC 3339 with exactly nine fraction digits."""
    seconds, nanos = divmod(ts_ns, NS)
    return f"{_second(seconds)}.{nanos:09d}Z"


def _iso_ms(ts_ns: int) -> str:
    return rfc3339_nano(ts_ns)[:23] + "Z"


def _hms(t: time.struct_time) -> str:
    return f"{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d}"


def _clf(ts_ns: int) -> str:  # 26/Nov/2026:10:00:01 +0000
    t, _ = _parts(ts_ns)
    return f"{t.tm_mday:02d}/{_MONTHS[t.tm_mon - 1]}/{t.tm_year}:{_hms(t)} +0000"


def _slashed(ts_ns: int) -> str:  # 2026/11/26 10:00:01
    t, _ = _parts(ts_ns)
    return f"{t.tm_year}/{t.tm_mon:02d}/{t.tm_mday:02d} {_hms(t)}"


def _pg(ts_ns: int) -> str:  # 2026-11-26 10:00:01.123 UTC
    t, nanos = _parts(ts_ns)
    return f"{t.tm_year}-{t.tm_mon:02d}-{t.tm_mday:02d} {_hms(t)}.{nanos // MS:03d} UTC"


def _redis(ts_ns: int) -> str:  # 26 Nov 2026 10:00:01.123
    t, nanos = _parts(ts_ns)
    return f"{t.tm_mday:02d} {_MONTHS[t.tm_mon - 1]} {t.tm_year} {_hms(t)}.{nanos // MS:03d}"


def _mysql(ts_ns: int) -> str:  # 2026-11-26T10:00:01.123456Z
    return rfc3339_nano(ts_ns)[:26] + "Z"


_ENCODER = json.JSONEncoder(separators=(",", ":"))


def _json(**fields: object) -> str:
    return _ENCODER.encode(fields)
