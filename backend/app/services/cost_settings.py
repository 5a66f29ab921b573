"""The cost settings: one JSON row over the schema's defaults; validated before saving."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncSession

from app.core import errors
from app.models.base import utcnow
from app.models.cost import CostSettingsRow
from app.schemas.cost import CostSettings, CostSettingsUpdate, Pricing

_ROW_ID = 1


async def load(session: AsyncSession, sample_interval: int) -> CostSettings:
    """The stored settings (defaults when never saved); the interval always from the config."""
    row = await session.get(CostSettingsRow, _ROW_ID)
    data = dict(row.data) if row is not None else {}
    data["sample_interval_seconds"] = sample_interval
    return CostSettings.model_validate(data)


def merge(
    current: CostSettings, update: CostSettingsUpdate, cluster_ids: Iterable[str]
) -> CostSettings:
    """`current` with the fields the update sets; overrides must name configured clusters."""
    changes = update.model_dump(exclude_unset=True, exclude_none=True)
    merged = CostSettings.model_validate(current.model_dump() | changes)
    for where, pricing in (("pricing", merged.pricing), *merged.cluster_overrides.items()):
        negative = sorted(t for t, price in pricing.instance_types.items() if price < 0)
        if negative:
            raise errors.BadRequest(
                f"{where}: instance type prices must not be negative ({', '.join(negative)})"
            )
    unknown = sorted(set(merged.cluster_overrides) - set(cluster_ids))
    if unknown:
        raise errors.BadRequest(
            f"cluster_overrides names clusters that are not configured: {', '.join(unknown)}"
        )
    return merged


async def save(session: AsyncSession, settings: CostSettings) -> None:
    data = settings.model_dump(exclude={"sample_interval_seconds"})
    row = await session.get(CostSettingsRow, _ROW_ID)
    if row is None:
        session.add(CostSettingsRow(id=_ROW_ID, data=data, updated_at=utcnow()))
    else:
        row.data, row.updated_at = data, utcnow()


def pricing_for(settings: CostSettings, cluster_id: str) -> Pricing:
    """A cluster's override, else the global pricing."""
    return settings.cluster_overrides.get(cluster_id, settings.pricing)
