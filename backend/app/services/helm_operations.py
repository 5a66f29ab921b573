"""Tracked operations: install, upgrade, rollback and uninstall run in the background.

The API answers 202 with the operation's id at once; the row in the DB says how it goes, so
any replica can answer `GET /helm/operations/{id}`. The replica running it refreshes the row's
heartbeat; a running row whose heartbeat stopped (its replica died) reads as `lost`.
One lock per (cluster, namespace, release) in this process refuses a second operation on a
release with 409 at once; across replicas, helm's own pending-* state does the same (its
"another operation is in progress" error is classified as a conflict).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.core import errors
from app.models.base import utcnow
from app.models.helm import HelmOperation
from app.schemas.helm import OperationOut
from app.services.audit_service import AuditRecord, AuditService
from app.services.helm_op_results import OpSpec, failed, process_timeout, succeeded
from app.services.helm_runner import HelmRunner

log = logging.getLogger("kubedeck.helm")
_Key = tuple[str, str, str]


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class OperationService:
    def __init__(
        self,
        runner: HelmRunner,
        sessions: async_sessionmaker[AsyncSession],
        audit: AuditService | None,
        heartbeat_seconds: float = 5.0,
        lost_after_seconds: float = 60.0,
    ) -> None:
        self.runner = runner
        self.sessions = sessions
        self.audit = audit
        self.heartbeat = heartbeat_seconds
        self.lost_after = timedelta(seconds=lost_after_seconds)
        self._locks: dict[_Key, asyncio.Lock] = {}
        self._running: dict[_Key, str] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    # ---- reading --------------------------------------------------------------------------------
    def out(self, row: HelmOperation) -> OperationOut:
        status = row.status
        beat = _aware(row.heartbeat_at or row.started_at or row.created_at)
        if status in ("queued", "running") and beat and utcnow() - beat > self.lost_after:
            status = "lost"  # the replica running it stopped: helm may have left it pending
        started, finished = _aware(row.started_at), _aware(row.finished_at)
        elapsed = ((finished or utcnow()) - started).total_seconds() if started else None
        return OperationOut(
            id=row.id,
            action=row.action,  # type: ignore[arg-type]
            cluster_id=row.cluster_id,
            namespace=row.namespace,
            release=row.release,
            status=status,  # type: ignore[arg-type]
            phase=row.phase if status != "lost" else "lost: the replica running it stopped",
            request=row.request or {},
            result=row.result,
            error=row.error,
            notes=row.notes,
            revision=row.revision,
            created_by=row.created_by,
            created_at=_aware(row.created_at) or utcnow(),
            started_at=started,
            finished_at=finished,
            elapsed_seconds=round(elapsed, 1) if elapsed is not None else None,
        )

    async def get(self, session: AsyncSession, op_id: str) -> HelmOperation:
        row = await session.get(HelmOperation, op_id) if len(op_id) <= 36 else None
        if row is None:
            raise errors.NotFound(f"helm operation {op_id!r} not found")
        return row

    async def recent(
        self,
        session: AsyncSession,
        cluster_id: str,
        namespace: str | None,
        release: str | None,
        limit: int,
    ) -> list[HelmOperation]:
        query = select(HelmOperation).where(HelmOperation.cluster_id == cluster_id)
        if namespace is not None:
            query = query.where(HelmOperation.namespace == namespace)
        if release is not None:
            query = query.where(HelmOperation.release == release)
        query = query.order_by(HelmOperation.created_at.desc()).limit(limit)
        return list((await session.scalars(query)).all())

    # ---- running --------------------------------------------------------------------------------
    async def submit(self, spec: OpSpec, user: str | None) -> HelmOperation:
        key = (spec.cluster.id, spec.namespace, spec.release)
        lock = self._locks.setdefault(key, asyncio.Lock())
        if lock.locked():
            running = self._running.get(key)
            raise errors.Conflict(
                f"release {spec.namespace}/{spec.release} has an operation running ({running}); "
                "wait for it to finish",
                extra={"reason": "operation_in_progress", "operation_id": running},
            )
        await lock.acquire()  # never waits: it was free just above, with no await in between
        try:
            row = HelmOperation(
                id=str(uuid.uuid4()),
                action=spec.action,
                cluster_id=spec.cluster.id,
                namespace=spec.namespace,
                release=spec.release,
                status="queued",
                phase="queued",
                request=spec.request,
                created_by=user,
                created_at=utcnow(),
            )
            # Its own transaction, committed before the 202: another replica may be asked next.
            async with self.sessions() as session:
                session.add(row)
                await session.commit()
            self._running[key] = row.id
        except BaseException:
            self._release(key, lock)
            raise
        task = asyncio.get_running_loop().create_task(self._run(row.id, spec, key, lock, user))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return row

    def _release(self, key: _Key, lock: asyncio.Lock) -> None:
        lock.release()
        self._running.pop(key, None)
        if not lock.locked():
            self._locks.pop(key, None)

    async def _update(self, op_id: str, **changes: Any) -> HelmOperation | None:
        async with self.sessions() as session:
            row = await session.get(HelmOperation, op_id)
            if row is None:
                return None
            for name, value in changes.items():
                setattr(row, name, value)
            await session.commit()
            return row

    async def _beat(self, op_id: str, spec: OpSpec) -> None:
        started = asyncio.get_running_loop().time()
        while True:
            await asyncio.sleep(self.heartbeat)
            elapsed = asyncio.get_running_loop().time() - started
            with contextlib.suppress(Exception):  # a busy DB must not fail the operation
                await self._update(
                    op_id,
                    heartbeat_at=utcnow(),
                    phase=f"helm {spec.action} running for {elapsed:.0f}s "
                    f"(helm timeout {spec.timeout:g}s)",
                )

    async def _run(
        self, op_id: str, spec: OpSpec, key: _Key, lock: asyncio.Lock, user: str | None
    ) -> None:
        beat: asyncio.Task[None] | None = None
        outcome: dict[str, Any] = {}
        try:
            now = utcnow()
            await self._update(
                op_id,
                status="running",
                started_at=now,
                heartbeat_at=now,
                phase=f"helm {spec.action} started",
            )
            beat = asyncio.get_running_loop().create_task(self._beat(op_id, spec))
            result = await self.runner.run(
                spec.args,
                what=f"helm {spec.action} {spec.release}",
                timeout=process_timeout(spec.timeout),
                cluster=spec.cluster,
                namespace=spec.namespace,
                stdin=spec.stdin,
            )
            outcome = await succeeded(spec, result)
        except errors.AppError as exc:
            outcome = await failed(spec, exc)
        except asyncio.CancelledError:
            outcome = {
                "status": "failed",
                "phase": "stopped: kubedeck shut down",
                "error": {
                    "error": "Cancelled",
                    "status_code": 503,
                    "detail": "kubedeck stopped while the operation ran",
                },
            }
            raise
        except Exception as exc:  # never leave a row running because of a bug
            log.exception("helm operation %s failed unexpectedly", op_id)
            outcome = {
                "status": "failed",
                "phase": "failed",
                "error": {
                    "error": "InternalError",
                    "status_code": 500,
                    "detail": f"{type(exc).__name__}: {exc}",
                },
            }
        finally:
            if beat is not None:
                beat.cancel()
            outcome.setdefault("status", "failed")
            await asyncio.shield(self._finish(op_id, spec, outcome, user))
            self._release(key, lock)

    async def _finish(
        self, op_id: str, spec: OpSpec, outcome: dict[str, Any], user: str | None
    ) -> None:
        outcome.setdefault("phase", outcome["status"])
        with contextlib.suppress(Exception):
            await self._update(op_id, finished_at=utcnow(), heartbeat_at=utcnow(), **outcome)
        if self.audit is None:
            return
        error = outcome.get("error") or {}
        with contextlib.suppress(Exception):  # the request itself was audited already
            await self.audit.append(
                AuditRecord(
                    action=f"helm:{spec.action}:{outcome['status']}",
                    status_code=int(error.get("status_code", 200)),
                    username=user,
                    cluster_id=spec.cluster.id,
                    namespace=spec.namespace,
                    resource_kind="HelmRelease",
                    resource_name=spec.release,
                    details={
                        "operation_id": op_id,
                        "revision": outcome.get("revision"),
                        "error": error.get("detail"),
                    },
                )
            )

    async def stop(self) -> None:
        """Shutdown: helm gets SIGTERM (the release ends failed, not pending) then SIGKILL."""
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
