"""Chart repositories and OCI registries: stored in the DB, mirrored into helm's config.

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
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.core import errors
from app.core.security import SecretBox
from app.models.helm import HelmRepository
from app.schemas.helm import RepoCreate, RepoOut, RepoUpdateResult
from app.services import helm_validate as check
from app.services.helm_errors import RepoUnavailable
from app.services.helm_runner import HelmRunner

log = logging.getLogger("kubedeck.helm")
_RETRY_SECONDS = 60.0


@dataclass(frozen=True)
class Resolved:
    """A chart reference as helm takes it, with the flags its source needs."""

    ref: str
    flags: tuple[str, ...] = ()


def repo_out(row: HelmRepository) -> RepoOut:
    return RepoOut(
        name=row.name,
        url=row.url,
        kind="oci" if row.kind == "oci" else "http",
        username=row.username,
        has_password=bool(row.password_encrypted),
        has_ca_cert=bool(row.ca_cert),
        insecure_skip_tls_verify=row.insecure_skip_tls_verify,
        plain_http=row.plain_http,
        pass_credentials=row.pass_credentials,
        created_by=row.created_by,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def _stamp(moment: datetime) -> str:
    """A comparable form of updated_at: SQLite hands datetimes back without their zone."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat()


class RepoService:
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

    async def seed(self, repos: Sequence[tuple[str, str]]) -> None:
        """Repositories from kubedeck's configuration (e.g. the sample repo of `make run`):
        added once, unauthenticated; an admin may remove them like any other."""
        async with self.sessions() as session:
            for name, url in repos:
                check.repo_name(name)
                kind = "oci" if url.startswith("oci://") else "http"
                existing = await session.get(HelmRepository, name)
                if existing is None:
                    session.add(
                        HelmRepository(
                            name=name, url=check.repo_url(url, kind), kind=kind, created_by="config"
                        )
                    )
                elif existing.created_by == "config" and existing.url != url:
                    # The configuration moved it (the sample repo gets a new port each start).
                    existing.url = check.repo_url(url, kind)
            await session.commit()

    # ---- the DB -> helm mirror ------------------------------------------------------------------
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

    # ---- the API --------------------------------------------------------------------------------
    async def listing(self, session: AsyncSession) -> list[RepoOut]:
        rows = (await session.scalars(select(HelmRepository).order_by(HelmRepository.name))).all()
        return [
            repo_out(r).model_copy(update={"error": self.sync_errors.get(r.name)}) for r in rows
        ]

    async def add(self, session: AsyncSession, body: RepoCreate, user: str | None) -> RepoOut:
        name = check.repo_name(body.name)
        kind = "oci" if body.url.startswith("oci://") else "http"
        url = check.repo_url(body.url, kind)
        if body.username is not None:
            check.plain(body.username, "username")
        if body.password and not body.username:
            raise errors.Invalid("a password needs a username")
        if await session.get(HelmRepository, name) is not None:
            raise errors.Conflict(f"a helm repository named {name!r} already exists")
        row = HelmRepository(
            name=name,
            url=url,
            kind=kind,
            username=body.username or None,
            password_encrypted=self.box.encrypt(body.password) if body.password else None,
            ca_cert=body.ca_cert or None,
            insecure_skip_tls_verify=body.insecure_skip_tls_verify,
            plain_http=body.plain_http,
            pass_credentials=body.pass_credentials,
            created_by=user,
        )
        session.add(row)
        await session.flush()
        async with self._lock:  # helm checks the URL and credentials now: 4xx if they fail
            try:
                await self._register(row)
            except errors.AppError:
                with contextlib.suppress(FileNotFoundError):
                    self._ca_file(name).unlink()
                raise
            self._synced[name] = _stamp(row.updated_at)
            self._rows[name] = row
        return repo_out(row)

    async def remove(self, session: AsyncSession, name: str) -> None:
        row = await session.get(HelmRepository, check.repo_name(name))
        if row is None:
            raise errors.NotFound(f"helm repository {name!r} is not configured")
        await session.delete(row)
        await session.flush()
        async with self._lock:
            await self._forget(name, row)
            self._rows.pop(name, None)

    async def update(self, name: str | None) -> list[RepoUpdateResult]:
        """`helm repo update`, one repository at a time: one that is down fails alone."""
        rows = await self.sync()
        if name is not None and check.repo_name(name) not in rows:
            raise errors.NotFound(f"helm repository {name!r} is not configured")
        out = []
        for row in [rows[name]] if name is not None else list(rows.values()):
            if row.kind == "oci":
                out.append(
                    RepoUpdateResult(
                        name=row.name, updated=False, error="OCI registries have no index to update"
                    )
                )
                continue
            try:
                await self.runner.run(
                    ["repo", "update", "--", row.name],
                    what=f"helm repo update {row.name}",
                    timeout=self.timeout,
                )
                out.append(RepoUpdateResult(name=row.name, updated=True))
            except errors.AppError as exc:
                if name is not None:
                    raise
                out.append(RepoUpdateResult(name=row.name, updated=False, error=exc.detail))
        return out

    # ---- chart references -----------------------------------------------------------------------
    async def resolve(self, ref: str) -> Resolved:
        """`repo/chart` of an HTTP repo as it is; of an OCI repo as `oci://url/chart`; and the
        TLS/HTTP flags of the registry an `oci://` reference points at, when it is known."""
        check.chart_ref(ref)
        rows = await self.sync()
        if ref.startswith("oci://"):
            host = check.oci_host(ref)
            row = next(
                (r for r in rows.values() if r.kind == "oci" and check.oci_host(r.url) == host),
                None,
            )
            return Resolved(ref, self._oci_flags(row) if row else ())
        repo, _, chart = ref.partition("/")
        row = rows.get(repo)
        if repo in self.sync_errors:
            raise RepoUnavailable(
                f"helm repository {repo!r} is not usable: {self.sync_errors[repo]}",
                extra={"reason": "repo_unavailable"},
            )
        if row is None:
            raise errors.NotFound(
                f"helm repository {repo!r} is not configured", extra={"reason": "repo_not_found"}
            )
        if row.kind == "oci":
            return Resolved(f"{row.url}/{chart}", self._oci_flags(row))
        return Resolved(ref)

    def _oci_flags(self, row: HelmRepository) -> tuple[str, ...]:
        flags = []
        if row.plain_http:
            flags.append("--plain-http")
        if row.insecure_skip_tls_verify:
            flags.append("--insecure-skip-tls-verify")
        if row.ca_cert:
            flags.append(f"--ca-file={self._ca_file(row.name)}")
        return tuple(flags)
