"""Server-side Tables: age and duration formatting (human_duration, the AGE cell of any
timestamp shape, the default and naive `now`)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from kubesim.tables import human_duration, render_table
from tests.kubesim.tables_support import NOW, ago, cells


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (-5, "<invalid>"),
        (-2, "<invalid>"),
        (-1.5, "0s"),  # up to a second of skew counts as now
        (-1, "0s"),
        (0, "0s"),
        (0.9, "0s"),
        (45, "45s"),
        (119, "119s"),
        (120, "2m"),
        (125, "2m5s"),
        (330, "5m30s"),
        (599, "9m59s"),
        (600, "10m"),
        (659, "10m"),
        (3 * 3600 - 1, "179m"),
        (3 * 3600, "3h"),
        (3 * 3600 + 60 * 30, "3h30m"),
        (8 * 3600 - 1, "7h59m"),
        (8 * 3600, "8h"),
        (48 * 3600 - 1, "47h"),
        (48 * 3600, "2d"),
        (53 * 3600, "2d5h"),
        (8 * 86400 - 1, "7d23h"),
        (8 * 86400, "8d"),
        (10 * 86400, "10d"),
        (730 * 86400 - 1, "729d"),
        (730 * 86400, "2y"),
        (780 * 86400, "2y50d"),
        (8 * 365 * 86400 - 1, "7y364d"),
        (8 * 365 * 86400, "8y"),
        (30 * 365 * 86400, "30y"),
    ],
)
def test_human_duration(seconds: float, expected: str) -> None:
    assert human_duration(timedelta(seconds=seconds)) == expected


def test_default_now_and_naive_now() -> None:
    fresh = {"metadata": {"name": "x", "creationTimestamp": datetime.now(UTC).isoformat()}}
    assert render_table("widgets", [fresh])["rows"][0]["cells"][1].endswith("s")
    naive = NOW.replace(tzinfo=None)
    obj = {"metadata": {"name": "x", "creationTimestamp": ago(hours=3)}}
    assert render_table("widgets", [obj], now=naive)["rows"][0]["cells"] == ["x", "3h"]


@pytest.mark.parametrize(
    ("timestamp", "age"),
    [
        ("2024-06-01T11:00:00Z", "60m"),
        ("2024-06-01T11:00:00.5Z", "59m"),
        ("2024-06-01T13:00:00+02:00", "60m"),
        ("2024-06-01T11:00:00", "60m"),  # no zone: taken as UTC
        ("2024-06-01T12:00:01Z", "0s"),  # a second in the future is "now"
        ("2024-06-01T12:00:30Z", "<invalid>"),
        ("yesterday", "<unknown>"),
        ("", "<unknown>"),
        (None, "<unknown>"),
        (12345, "<unknown>"),
    ],
)
def test_age_cell(timestamp: Any, age: str) -> None:
    obj = {"metadata": {"name": "x", "creationTimestamp": timestamp}}
    assert cells("configmaps", obj)["AGE"] == age
