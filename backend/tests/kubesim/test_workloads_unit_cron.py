"""The cron schedule parser used by the CronJob controller: next and latest fire times, macros,
ranges and steps, day-of-month OR day-of-week, time zones, and the expressions it rejects."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from kubesim.controllers.cron_schedule import CronError, latest_fire, next_fire, parse_cron


def at(text: str) -> float:
    return datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp()


def iso(ts: float | None) -> str:
    assert ts is not None
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d %H:%M")


@pytest.mark.parametrize(
    ("expr", "after", "expected"),
    [
        ("*/15 * * * *", "2026-03-01 10:07", "2026-03-01 10:15"),
        ("*/1 * * * *", "2026-03-01 10:07:30", "2026-03-01 10:08"),
        ("0 * * * *", "2026-03-01 10:00", "2026-03-01 11:00"),
        ("@hourly", "2026-03-01 23:59", "2026-03-02 00:00"),
        ("@daily", "2026-12-31 12:00", "2027-01-01 00:00"),
        ("30 9 * * mon-fri", "2026-03-06 10:00", "2026-03-09 09:30"),  # Friday → Monday
        ("0 0 1,15 * *", "2026-03-02 00:00", "2026-03-15 00:00"),
        ("5-10/5 8-9 * jan,mar *", "2026-03-01 09:10", "2026-03-02 08:05"),
        ("5-10/5 8-9 * jan,mar *", "2026-03-31 09:10", "2027-01-01 08:05"),
        ("0 12 13 * 5", "2026-03-01 00:00", "2026-03-06 12:00"),  # day 13 OR a Friday
        ("0 0 29 2 *", "2026-03-01 00:00", "2028-02-29 00:00"),
        ("0 0 * * 7", "2026-03-01 00:00", "2026-03-08 00:00"),  # 7 is Sunday
    ],
)
def test_cron_next_fire(expr: str, after: str, expected: str) -> None:
    assert iso(next_fire(parse_cron(expr), at(after))) == expected


@pytest.mark.parametrize(
    "expr",
    [
        "* * * *",
        "60 * * * *",
        "* 24 * * *",
        "*/0 * * * *",
        "5-1 * * * *",
        "x * * * *",
        "@fortnightly",
    ],
)
def test_cron_rejects_bad_expressions(expr: str) -> None:
    with pytest.raises(CronError):
        parse_cron(expr)


def test_cron_that_never_fires() -> None:
    assert next_fire(parse_cron("0 0 30 2 *"), at("2026-01-01 00:00")) is None


def test_cron_latest_fire_and_time_zones() -> None:
    assert iso(latest_fire(parse_cron("*/15 * * * *"), at("2026-03-01 10:07"))) == (
        "2026-03-01 10:00"
    )
    assert iso(latest_fire(parse_cron("0 0 1 * *"), at("2026-03-01 00:00"))) == ("2026-03-01 00:00")
    assert iso(latest_fire(parse_cron("30 9 * * 1"), at("2026-03-01 00:00"))) == (
        "2026-02-23 09:30"
    )
    # 09:00 in Berlin (UTC+1 in winter) is 08:00 UTC.
    assert (
        iso(next_fire(parse_cron("0 9 * * *"), at("2026-01-10 00:00"), ZoneInfo("Europe/Berlin")))
        == "2026-01-10 08:00"
    )
