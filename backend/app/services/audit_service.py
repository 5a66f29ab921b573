"""The audit log: append-only entries chained by hash, redaction of secrets, queries, export."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Select, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.models import AuditEntry, AuditHead

GENESIS = "0" * 64
REDACTED = "[redacted]"
# Keys whose values never reach the audit log, wherever they appear in a request.
_SECRET_KEYS = (
    "password",
    "token",
    "kubeconfig",
    "secret",
    "authorization",
    "private",
    "credential",
    "apikey",
    "api_key",
)
_SECRET_KINDS = ("Secret",)
_MAX_DETAIL_CHARS = 4000


@dataclass
class AuditRecord:
    action: str
    status_code: int
    username: str | None = None
    cluster_id: str | None = None
    namespace: str | None = None
    resource_kind: str | None = None
    resource_name: str | None = None
    details: dict[str, Any] = field(default_factory=dict)
    client_ip: str | None = None
    request_id: str | None = None
    duration_ms: float | None = None


def redact(value: Any, parent_kind: str | None = None) -> Any:
    """Replace secret values (by key name, and all data of Secret objects) with a marker."""
    if isinstance(value, dict):
        kind = value.get("kind") if isinstance(value.get("kind"), str) else parent_kind
        out = {}
        for key, item in value.items():
            lowered = str(key).lower()
            if any(s in lowered for s in _SECRET_KEYS) or (
                kind in _SECRET_KINDS and key in ("data", "stringData")
            ):
                out[key] = REDACTED
            else:
                out[key] = redact(item, kind)
        return out
    if isinstance(value, list):
        return [redact(item, parent_kind) for item in value]
    if isinstance(value, str) and ("kind: Secret" in value or "BEGIN " in value):
        return REDACTED  # YAML documents with secrets, PEM blocks
    return value


def _canonical(entry: AuditEntry) -> bytes:
    fields = {
        "timestamp": _iso(entry.timestamp),
        "username": entry.username,
        "action": entry.action,
        "cluster_id": entry.cluster_id,
        "namespace": entry.namespace,
        "resource_kind": entry.resource_kind,
        "resource_name": entry.resource_name,
        "details": entry.details,
        "status_code": entry.status_code,
        "client_ip": entry.client_ip,
        "request_id": entry.request_id,
        "duration_ms": entry.duration_ms,
        "prev_hash": entry.prev_hash,
    }
    return json.dumps(fields, sort_keys=True, default=str).encode()


def _iso(moment: datetime) -> str:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat(timespec="microseconds")


_TEXT_FIELDS = (
    "username",
    "action",
    "cluster_id",
    "namespace",
    "resource_kind",
    "resource_name",
    "client_ip",
    "request_id",
)


def _clipped(record: AuditRecord) -> dict[str, str | None]:
    """The record's text fields cut to their columns' lengths: PostgreSQL refuses longer values
    (SQLite stores them), and a request for a 300-character path must still be logged."""
    out: dict[str, str | None] = {}
    for name in _TEXT_FIELDS:
        value = getattr(record, name)
        length = getattr(AuditEntry.__table__.c[name].type, "length", None)
        out[name] = value[:length] if isinstance(value, str) and length else value
    return out


def entry_hash(entry: AuditEntry) -> str:
    return hashlib.sha256(_canonical(entry)).hexdigest()


class AuditService:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], retention_days: int) -> None:
        self.sessions = sessions
        self.retention = timedelta(days=retention_days)

    async def append(self, record: AuditRecord, attempts: int = 20) -> None:
        """Write one entry in its own transaction, compare-and-swapping the chain head."""
        details = redact(record.details)
        text = json.dumps(details, default=str)
        if len(text) > _MAX_DETAIL_CHARS:
            details = {"truncated": text[:_MAX_DETAIL_CHARS]}
        for _ in range(attempts):
            async with self.sessions() as session:
                # Locked where the database can (PostgreSQL): writers queue instead of racing;
                # the compare-and-swap below still guards SQLite, which ignores the lock.
                head = await session.get(AuditHead, 1, with_for_update=True)
                prev = head.hash if head else GENESIS
                entry = AuditEntry(
                    timestamp=datetime.now(UTC),
                    details=details,
                    status_code=record.status_code,
                    duration_ms=record.duration_ms,
                    prev_hash=prev,
                    hash="",
                    **_clipped(record),
                )
                entry.hash = entry_hash(entry)
                session.add(entry)
                await session.flush()
                swapped = await session.execute(
                    update(AuditHead)
                    .where(AuditHead.id == 1, AuditHead.hash == prev)
                    .values(hash=entry.hash, last_id=entry.id)
                )
                if getattr(swapped, "rowcount", 0) == 1:
                    await session.commit()
                    return
                await session.rollback()  # another writer got there first: chain onto it
        raise RuntimeError("the audit log is too busy to append to")

    async def verify(self, session: AsyncSession) -> dict[str, Any]:
        head = await session.get(AuditHead, 1)
        prev, count = (head.genesis if head else GENESIS), 0
        result = await session.stream_scalars(select(AuditEntry).order_by(AuditEntry.id))
        async for entry in result:
            if entry.prev_hash != prev or entry_hash(entry) != entry.hash:
                return {
                    "intact": False,
                    "entries": count,
                    "first_bad_id": entry.id,
                    "detail": f"entry {entry.id} does not match the chain",
                }
            prev, count = entry.hash, count + 1
        if head is not None and head.hash != prev:
            return {
                "intact": False,
                "entries": count,
                "first_bad_id": None,
                "detail": "the newest entries have been removed",
            }
        return {"intact": True, "entries": count, "first_bad_id": None, "detail": None}

    def query(
        self,
        *,
        username: str | None = None,
        action: str | None = None,
        cluster_id: str | None = None,
        resource: str | None = None,
        status_code: int | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> Select[AuditEntry]:
        stmt = select(AuditEntry)
        if username:
            stmt = stmt.where(AuditEntry.username == username)
        if action:
            stmt = stmt.where(AuditEntry.action.startswith(action))
        if cluster_id:
            stmt = stmt.where(AuditEntry.cluster_id == cluster_id)
        if resource:
            stmt = stmt.where(
                (AuditEntry.resource_kind == resource) | (AuditEntry.resource_name == resource)
            )
        if status_code is not None:
            stmt = stmt.where(AuditEntry.status_code == status_code)
        if since is not None:
            stmt = stmt.where(AuditEntry.timestamp >= since)
        if until is not None:
            stmt = stmt.where(AuditEntry.timestamp <= until)
        return stmt

    async def purge_expired(self) -> int:
        """Retention: drop entries older than the window. The chain then starts at the oldest
        kept entry, whose prev_hash is recorded as the new genesis for verification."""
        cutoff = datetime.now(UTC) - self.retention
        async with self.sessions() as session:
            # The head row first, locked: appends update it in their transaction, so none can
            # commit between reading the oldest entry and recording the genesis (PostgreSQL reads
            # each statement at its own moment; SQLite already serialises the writers).
            head = await session.get(AuditHead, 1, with_for_update=True)
            result = await session.execute(delete(AuditEntry).where(AuditEntry.timestamp < cutoff))
            oldest = await session.scalar(select(AuditEntry).order_by(AuditEntry.id).limit(1))
            if head is not None:
                # With nothing left, the next entry chains onto the newest hash.
                head.genesis = oldest.prev_hash if oldest else head.hash
            await session.commit()
            return int(getattr(result, "rowcount", 0) or 0)


def to_csv(entries: list[AuditEntry]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    columns = [
        "id",
        "timestamp",
        "username",
        "action",
        "cluster_id",
        "namespace",
        "resource_kind",
        "resource_name",
        "status_code",
        "client_ip",
        "request_id",
        "duration_ms",
        "details",
        "hash",
    ]
    writer.writerow(columns)
    for e in entries:
        writer.writerow(
            [
                e.id,
                _iso(e.timestamp),
                e.username,
                e.action,
                e.cluster_id,
                e.namespace,
                e.resource_kind,
                e.resource_name,
                e.status_code,
                e.client_ip,
                e.request_id,
                e.duration_ms,
                json.dumps(e.details, default=str),
                e.hash,
            ]
        )
    return out.getvalue()
