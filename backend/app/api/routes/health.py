"""Liveness and readiness of kubedeck itself (not of the clusters)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text

from app.api.permissions import require_permission
from app.services.permissions import PUBLIC

router = APIRouter(tags=["health"], dependencies=[require_permission(PUBLIC)])


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz")
async def readyz(request: Request) -> JSONResponse:
    try:
        async with request.app.state.sessions() as session:
            await session.execute(text("SELECT 1"))
    except Exception as exc:  # any DB failure means not ready
        return JSONResponse({"status": "unavailable", "detail": f"database: {exc}"}, 503)
    return JSONResponse({"status": "ok"})
