"""`/api/v1/audit`: the audit log, its verification and CSV export."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlalchemy import func, select

from app.api.deps import SessionDep
from app.api.permissions import require_permission
from app.models import AuditEntry
from app.schemas.audit import AuditEntryOut, AuditPage, AuditVerification
from app.schemas.common import naive_utc
from app.services.audit_service import AuditService, to_csv

router = APIRouter(prefix="/api/v1/audit", tags=["audit"])
READ = require_permission("audit:read")
_CSV_LIMIT = 100_000


def _service(request: Request) -> AuditService:
    service: AuditService = request.app.state.audit
    return service


@router.get(
    "",
    response_model=AuditPage,
    dependencies=[READ],
    responses={200: {"content": {"text/csv": {}}}},
)
async def list_audit(
    request: Request,
    session: SessionDep,
    user: str | None = None,
    action: str | None = None,
    cluster_id: str | None = None,
    resource: str | None = None,
    status: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
    format: Annotated[str, Query(pattern="^(json|csv)$")] = "json",
) -> AuditPage | Response:
    stmt = _service(request).query(
        username=user,
        action=action,
        cluster_id=cluster_id,
        resource=resource,
        status_code=status,
        since=naive_utc(since),
        until=naive_utc(until),
    )
    newest_first = stmt.order_by(AuditEntry.id.desc())
    if format == "csv":
        rows = (await session.scalars(newest_first.limit(_CSV_LIMIT))).all()
        return Response(
            to_csv(list(rows)),
            media_type="text/csv",
            headers={"Content-Disposition": 'attachment; filename="kubedeck-audit.csv"'},
        )
    total = await session.scalar(select(func.count()).select_from(stmt.subquery()))
    rows = (await session.scalars(newest_first.limit(limit).offset(offset))).all()
    return AuditPage(
        items=[AuditEntryOut.model_validate(r) for r in rows],
        total=total or 0,
        limit=limit,
        offset=offset,
    )


@router.get("/verify", response_model=AuditVerification, dependencies=[READ])
async def verify(request: Request, session: SessionDep) -> AuditVerification:
    return AuditVerification(**await _service(request).verify(session))
