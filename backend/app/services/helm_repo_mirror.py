"""The DB -> helm mirror of chart repositories and OCI registries.

The DB row is the truth (password encrypted with SecretBox); each replica rebuilds helm's
`repositories.yaml` / `registry/config.json` from the rows it has not synced yet, so a repo
added through one replica is usable on all. Passwords reach helm only on stdin
(`--password-stdin`). Tradeoff, documented: helm itself keeps repository passwords in plain
text in `repositories.yaml` (0600, in the 0700 helm home under the data directory, next to the
key that encrypts the DB copy); the DB, which may be a shared PostgreSQL, never holds them in
clear.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.core import errors
from app.core.security import SecretBox
from app.models.helm import HelmRepository
from app.services import helm_validate as check
from app.services.helm_runner import HelmRunner

log = logging.getLogger("kubedeck.helm")
_RETRY_SECONDS = 60.0


def _stamp(moment: datetime) -> str:
    """A comparable form of updated_at: SQLite hands datetimes back without their zone."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat()


class RepoMirror:
    """Keeps helm's repository and registry configuration in step with the DB rows; RepoService
    (its subclass) is the API over those rows."""

    def __init__(
        self,
        runner: HelmRunner,
        box: SecretBox,
        sessions: async_sessionmaker[AsyncSession],
        timeout: float = 60.0,
    ) -> None:
        self.runner = runner
        self.box = box
        self.sessions = sessions
        self.timeout = timeout
        self._lock = asyncio.Lock()  # one writer of helm's repositories.yaml at a time
        self._synced: dict[str, str] = {}  # name -> the row's updated_at mirrored here
        self._rows: dict[str, HelmRepository] = {}
        self._first_sync = True
        self.sync_errors: dict[str, str] = {}
        self._retry_at: dict[str, float] = {}  # a repo that failed to register: next attempt

    async def sync(self) -> dict[str, HelmRepository]:
        """Mirror rows added, changed or removed (here or by another replica) into helm."""
        async with self.sessions() as session:
            rows = {r.name: r for r in (await session.scalars(select(HelmRepository))).all()}
        now = time.monotonic()
        stale = {
            n
            for n, r in rows.items()
            if self._synced.get(n) != _stamp(r.updated_at) and self._retry_at.get(n, 0) <= now
        }
        gone = set(self._synced) - set(rows)
        if not stale and not gone and not self._first_sync:
            self._rows = rows
            return rows
        async with self._lock:
            if self._first_sync:  # entries left in helm's config by an earlier database
                gone |= await self._helm_repo_names() - set(rows)
                self._first_sync = False
            for name in gone:
                await self._forget(name, self._rows.get(name))
            for name in stale:
                try:
                    await self._register(rows[name])
                except errors.AppError as exc:  # keep going: one bad repo must not hide others
                    log.warning("helm repo %s could not be registered: %s", name, exc.detail)
                    self.sync_errors[name] = exc.detail
                    self._retry_at[name] = now + _RETRY_SECONDS  # not on every search
                    continue
                self.sync_errors.pop(name, None)
                self._synced[name] = _stamp(rows[name].updated_at)
            self._rows = rows
        return rows

    async def _helm_repo_names(self) -> set[str]:
        result = await self.runner.run(
            ["repo", "list", "--output=json"], what="helm repo list", timeout=30, check=False
        )
        listed = result.json() if result.returncode == 0 else []
        return {str(r.get("name")) for r in listed or [] if isinstance(r, dict)}

    def _ca_file(self, name: str) -> Path:
        return self.runner.ca_dir / f"{name}.pem"

    async def _register(self, row: HelmRepository) -> None:
        password = self.box.decrypt(row.password_encrypted) if row.password_encrypted else None
        flags = []
        if row.ca_cert:
            path = self._ca_file(row.name)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as handle:
                handle.write(row.ca_cert)
            flags.append(f"--ca-file={path}")
        if row.username and password is not None:
            flags += [f"--username={row.username}", "--password-stdin"]
        if row.kind == "oci":
            if row.plain_http:
                flags.append("--plain-http")
            if row.insecure_skip_tls_verify:
                flags.append("--insecure")
            if not (row.username and password is not None):
                return  # nothing to log in with: OCI sources are used by reference only
            host = check.oci_host(row.url)
            await self.runner.run(
                ["registry", "login", *flags, "--", host],
                what=f"helm registry login {host}",
                timeout=self.timeout,
                stdin=password,
            )
            return
        if row.insecure_skip_tls_verify:
            flags.append("--insecure-skip-tls-verify")
        if row.pass_credentials:
            flags.append("--pass-credentials")
        await self.runner.run(
            ["repo", "add", "--force-update", *flags, "--", row.name, row.url],
            what=f"helm repo add {row.name}",
            timeout=self.timeout,
            stdin=password,
        )

    async def _forget(self, name: str, row: HelmRepository | None) -> None:
        self._synced.pop(name, None)
        self.sync_errors.pop(name, None)
        self._retry_at.pop(name, None)
        with contextlib.suppress(FileNotFoundError):
            self._ca_file(name).unlink()
        if row is not None and row.kind == "oci":
            host = check.oci_host(row.url)
            others = [r for r in self._rows.values() if r.name != name and r.kind == "oci"]
            if row.username and not any(check.oci_host(r.url) == host for r in others):
                await self.runner.run(
                    ["registry", "logout", "--", host],
                    what="helm registry logout",
                    timeout=30,
                    check=False,
                )
            return
        await self.runner.run(
            ["repo", "remove", "--", name],
            what=f"helm repo remove {name}",
            timeout=30,
            check=False,
        )

    async def _add_to_helm(self, row: HelmRepository) -> None:
        """A repository just added here: helm checks its URL and credentials now (a 4xx if they
        fail), rather than at the next sync."""
        async with self._lock:
            try:
                await self._register(row)
            except errors.AppError:
                with contextlib.suppress(FileNotFoundError):
                    self._ca_file(row.name).unlink()
                raise
            self._synced[row.name] = _stamp(row.updated_at)
            self._rows[row.name] = row

    async def _remove_from_helm(self, row: HelmRepository) -> None:
        async with self._lock:
            await self._forget(row.name, row)
            self._rows.pop(row.name, None)
