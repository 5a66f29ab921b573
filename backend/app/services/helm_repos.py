"""Chart repositories and OCI registries as the API manages them: listing, adding, removing and
updating them, and resolving chart references against them.

The rows live in the DB; RepoMirror (helm_repo_mirror.py), which RepoService extends, mirrors
them into helm's configuration on every replica.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core import errors
from app.models.helm import HelmRepository
from app.schemas.helm import RepoCreate, RepoOut, RepoUpdateResult
from app.services import helm_validate as check
from app.services.helm_errors import RepoUnavailable
from app.services.helm_repo_mirror import RepoMirror


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


class RepoService(RepoMirror):
    """The repositories' API; the mirror into helm (construction, `sync`) is RepoMirror's."""

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
        await self._add_to_helm(row)
        return repo_out(row)

    async def remove(self, session: AsyncSession, name: str) -> None:
        row = await session.get(HelmRepository, check.repo_name(name))
        if row is None:
            raise errors.NotFound(f"helm repository {name!r} is not configured")
        await session.delete(row)
        await session.flush()
        await self._remove_from_helm(row)

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
