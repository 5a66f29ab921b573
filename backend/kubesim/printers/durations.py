"""kubectl's AGE format (k8s.io/apimachinery/pkg/util/duration.HumanDuration)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from kubesim.printers.values import parse_time

_MINUTE, _HOUR, _DAY, _YEAR = 60, 3600, 86400, 365 * 86400


def _two_units(big: int, big_unit: str, small: int, small_unit: str) -> str:
    return f"{big}{big_unit}{small}{small_unit}" if small else f"{big}{big_unit}"


def human_duration(delta: timedelta) -> str:
    """kubectl's AGE format: precise while small, coarser as it grows ("5m30s", "3h", "2y50d")."""
    seconds = int(delta.total_seconds())  # truncates toward zero, like Go's int(d.Seconds())
    if seconds < -1:
        return "<invalid>"
    if seconds < 0:
        return "0s"  # up to a second of clock skew reads as "just now"
    if seconds < 2 * _MINUTE:
        return f"{seconds}s"
    minutes = seconds // _MINUTE
    if minutes < 10:
        return _two_units(minutes, "m", seconds % _MINUTE, "s")
    if minutes < 3 * 60:
        return f"{minutes}m"
    hours = seconds // _HOUR
    if hours < 8:
        return _two_units(hours, "h", minutes % 60, "m")
    if hours < 48:
        return f"{hours}h"
    days = hours // 24
    if days < 8:
        return _two_units(days, "d", hours % 24, "h")
    if days < 2 * 365:
        return f"{days}d"
    years = days // 365
    if years < 8:
        return _two_units(years, "y", days % 365, "d")
    return f"{years}y"


def since(value: Any, now: datetime) -> str:
    """translateTimestampSince: the age of a timestamp, "<unknown>" when unset."""
    moment = parse_time(value)
    return human_duration(now - moment) if moment else "<unknown>"
