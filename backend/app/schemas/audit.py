from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from app.schemas.common import UtcDatetime


class AuditEntryOut(BaseModel):
    model_config = {"from_attributes": True}

    id: int
    timestamp: UtcDatetime
    username: str | None
    action: str
    cluster_id: str | None
    namespace: str | None
    resource_kind: str | None
    resource_name: str | None
    details: dict[str, Any]
    status_code: int
    client_ip: str | None
    request_id: str | None
    duration_ms: float | None
    hash: str


class AuditPage(BaseModel):
    items: list[AuditEntryOut]
    total: int
    limit: int
    offset: int


class AuditVerification(BaseModel):
    intact: bool
    entries: int
    first_bad_id: int | None
    detail: str | None
