"""Merging the logs of several containers into one timeline, by their RFC3339Nano timestamps.

Each container's log is fetched with `timestamps=true`; every line starts with the kubelet's
timestamp and a space. Lines are ordered by that instant (string order would be wrong:
RFC3339Nano drops trailing zeros, so ".1Z" sorts after ".123Z"), each prefixed with
`[pod/container]`, and the timestamp is kept only when the caller asked for it.
"""

from __future__ import annotations

import heapq
import re
from dataclasses import dataclass
from datetime import datetime

_TIMESTAMP = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$")
Key = tuple[float, int]


@dataclass(frozen=True)
class Line:
    key: Key  # (whole seconds since the epoch, nanoseconds)
    prefix: str  # pod/container
    timestamp: str  # as the cluster wrote it; "" when the line had none
    text: str  # without its newline


def timestamp_key(value: str) -> Key | None:
    match = _TIMESTAMP.match(value)
    if match is None:
        return None
    base, fraction, zone = match.groups()
    seconds = datetime.fromisoformat(base + ("+00:00" if zone == "Z" else zone)).timestamp()
    return (seconds, int((fraction or "").ljust(9, "0")))


def split_lines(prefix: str, text: str, previous: Key = (0.0, 0)) -> list[Line]:
    """A container's log text as lines; a line without a timestamp (a wrapped or odd line)
    keeps the previous line's instant so it stays next to it."""
    lines: list[Line] = []
    key = previous
    for raw in text.splitlines():
        stamp, _, rest = raw.partition(" ")
        parsed = timestamp_key(stamp)
        if parsed is None:
            lines.append(Line(key, prefix, "", raw))
        else:
            key = parsed
            lines.append(Line(key, prefix, stamp, rest))
    return lines


def merge_sorted(streams: list[list[Line]]) -> list[Line]:
    """One timeline; each stream is already in order, and ties keep the streams' order."""
    return list(heapq.merge(*streams, key=lambda line: line.key))


def tail(lines: list[Line], count: int | None) -> list[Line]:
    # Each container was fetched with the same tailLines, so the last `count` of the merged
    # timeline are exactly the workload's last `count` lines.
    if count is None:
        return lines
    return lines[-count:] if count > 0 else []


def format_line(line: Line, timestamps: bool) -> str:
    stamp = f"{line.timestamp} " if timestamps and line.timestamp else ""
    return f"[{line.prefix}] {stamp}{line.text}\n"
