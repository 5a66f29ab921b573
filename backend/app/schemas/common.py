"""Types shared by the schemas."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator


def as_utc(moment: datetime) -> datetime:
    """SQLite hands datetimes back without their zone; everything is stored in UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def naive_utc(moment: datetime | None) -> datetime | None:
    """For comparisons with stored columns, which SQLite keeps as naive UTC."""
    return None if moment is None else as_utc(moment).replace(tzinfo=None)


UtcDatetime = Annotated[datetime, AfterValidator(as_utc)]
