from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Float, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class AuditEntry(Base):
    """Append-only. Each entry stores the hash of the previous one, so a changed or removed
    row breaks the chain (`GET /api/v1/audit/verify`)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    timestamp: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    username: Mapped[str | None] = mapped_column(String(64), index=True, nullable=True)
    action: Mapped[str] = mapped_column(String(100), index=True)
    cluster_id: Mapped[str | None] = mapped_column(String(63), index=True, nullable=True)
    namespace: Mapped[str | None] = mapped_column(String(253), nullable=True)
    resource_kind: Mapped[str | None] = mapped_column(String(100), nullable=True)
    resource_name: Mapped[str | None] = mapped_column(String(253), nullable=True)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status_code: Mapped[int] = mapped_column(Integer, index=True)
    client_ip: Mapped[str | None] = mapped_column(String(64), nullable=True)
    request_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    duration_ms: Mapped[float | None] = mapped_column(Float, nullable=True)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """The chain's newest hash in one row; appends compare-and-swap it, so concurrent writers
    (even several replicas) can never fork the chain."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hash: Mapped[str] = mapped_column(String(64))
    last_id: Mapped[int] = mapped_column(Integer, default=0)
    # Where verification starts: GENESIS, or the prev_hash of the oldest entry kept after
    # retention removed older ones.
    genesis: Mapped[str] = mapped_column(String(64))
