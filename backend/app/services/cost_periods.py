"""Windows of time the cost endpoints take: `period=` names and `days=` for trends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.core import errors

_ROLLING = {
    "1h": timedelta(hours=1),
    "24h": timedelta(hours=24),
    "1d": timedelta(days=1),
    "7d": timedelta(days=7),
    "30d": timedelta(days=30),
}
CALENDAR = ("today", "yesterday", "week", "month")
PERIODS = (*_ROLLING, *CALENDAR)
MAX_TREND_DAYS = 400


def window(period: str, now: datetime) -> tuple[datetime, datetime]:
    """[start, end) of `period` ending at (or, for `yesterday`, before) `now`, in UTC."""
    now = now.astimezone(UTC)
    if period in _ROLLING:
        return now - _ROLLING[period], now
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    if period == "today":
        return midnight, now
    if period == "yesterday":
        return midnight - timedelta(days=1), midnight
    if period == "week":  # ISO weeks start on Monday
        return midnight - timedelta(days=midnight.weekday()), now
    if period == "month":
        return midnight.replace(day=1), now
    raise errors.BadRequest(f"period {period!r} is not one of: {', '.join(PERIODS)}")


def previous(start: datetime, end: datetime) -> tuple[datetime, datetime]:
    """The window of the same length just before."""
    return start - (end - start), start


def trend_window(days: int, step: str, now: datetime) -> tuple[datetime, datetime]:
    if not 1 <= days <= MAX_TREND_DAYS:
        raise errors.BadRequest(f"days must be between 1 and {MAX_TREND_DAYS}, not {days}")
    if step not in ("5m", "hour", "day"):
        raise errors.BadRequest(f"step must be '5m', 'hour' or 'day', not {step!r}")
    if step == "hour" and days > 31:
        raise errors.BadRequest("hourly steps cover at most 31 days; use step=day")
    if step == "5m" and days != 1:
        raise errors.BadRequest("five-minute steps cover the last day only: use days=1")
    now = now.astimezone(UTC)
    if step == "5m":
        return now - timedelta(days=1), now
    if step == "day":
        start = now.replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=days - 1)
    else:
        start = now.replace(minute=0, second=0, microsecond=0) - timedelta(hours=24 * days - 1)
    return start, now
