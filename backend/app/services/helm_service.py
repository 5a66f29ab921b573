"""HelmService: what the Helm routes call (`app.state.helm`).

It checks every input before helm runs (names, references, versions, values and the chart's
schema), builds helm's argument lists, and hands long operations to OperationService.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.core import errors
from app.core.security import SecretBox
from app.schemas.helm import (
    InstallRequest,
    OperationOut,
    RollbackRequest,
    UpgradeRequest,
)
from app.services import helm_validate as check
from app.services.audit_service import AuditService
from app.services.cluster_service import ClusterService
from app.services.cluster_sources import ClusterDef
from app.services.helm_charts import ChartService
from app.services.helm_op_results import OpSpec
from app.services.helm_operations import OperationService
from app.services.helm_releases import ReleaseReader
from app.services.helm_repos import RepoService
from app.services.helm_runner import HelmRunner

log = logging.getLogger("kubedeck.helm")
_VALUES_MODE_FLAG = {
    "reset_then_reuse": "--reset-then-reuse-values",
    "reset": "--reset-values",
    "reuse": "--reuse-values",
}


class HelmService:
    def __init__(
        self,
        binary: Path,
        home: Path,
        box: SecretBox,
        sessions: async_sessionmaker[AsyncSession],
        clusters: ClusterService,
        audit: AuditService | None = None,
        read_timeout: float = 30.0,
        seed_repos: Sequence[tuple[str, str]] = (),
    ) -> None:
        self.runner = HelmRunner(binary, home)
        self.clusters = clusters
        self.repos = RepoService(self.runner, box, sessions)
        self.charts = ChartService(self.runner, self.repos)
        self.releases = ReleaseReader(self.runner, read_timeout)
        self.ops = OperationService(self.runner, sessions, audit)
        self._sync_task: asyncio.Task[Any] | None = None
        self._seed = tuple(seed_repos)

    async def start(self) -> None:
        # In the background: a repository that is slow to answer must not delay start-up.
        self._sync_task = asyncio.get_running_loop().create_task(self._first_sync())

    async def _first_sync(self) -> None:
        try:
            await self.repos.seed(self._seed)
            await self.repos.sync()
        except Exception:  # logged; the next use of the repositories syncs again
            log.exception("helm repositories could not be synced at start-up")

    async def stop(self) -> None:
        if self._sync_task is not None:
            self._sync_task.cancel()
            await asyncio.gather(self._sync_task, return_exceptions=True)
        await self.ops.stop()

    # ---- clusters -------------------------------------------------------------------------------
    def cluster(self, cluster_id: str, *, reading: bool = True) -> ClusterDef:
        """The cluster; reads fail at once (503) while health checks say it is down, like the
        resource API. Operations are not refused on that word: they have their own timeout."""
        cluster = self.clusters.get(cluster_id)
        down = self.clusters.health.known_down(cluster_id) if reading else None
        if down is not None:
            raise errors.ClusterUnavailable(
                f"cluster {cluster_id} is down ({down.status}): {down.reason}",
                extra={"cluster_id": cluster_id, "reason": down.status},
            )
        return cluster

    # ---- operations -----------------------------------------------------------------------------
    async def _describe(self, cluster: ClusterDef, namespace: str, name: str) -> dict[str, Any]:
        meta = await self.releases.metadata(cluster, namespace, name)
        return {"revision": meta.get("revision"), "status": meta.get("status")}

    def _spec(
        self,
        action: str,
        cluster: ClusterDef,
        namespace: str,
        release: str,
        args: list[str],
        timeout: float,
        request: dict[str, Any],
        stdin: str | None = None,
    ) -> OpSpec:
        async def describe() -> dict[str, Any]:
            # Only says what state helm left the release in: skipped when the cluster is known
            # to be down, and short otherwise (a hung API server would hang it too).
            if self.clusters.health.known_down(cluster.id) is not None:
                return {}
            try:
                return await asyncio.wait_for(self._describe(cluster, namespace, release), 10)
            except (TimeoutError, errors.AppError):
                return {}

        return OpSpec(action, cluster, namespace, release, args, timeout, stdin, request, describe)

    @staticmethod
    def _wait_flags(wait: bool, timeout: int, rollback_on_failure: bool = False) -> list[str]:
        flags = [f"--timeout={timeout}s"]
        if wait:
            flags.append("--wait=watcher")  # kstatus watches; bare --wait means the same
        if rollback_on_failure:
            flags.append("--rollback-on-failure")
        return flags

    async def checked_values(
        self,
        chart: str,
        version: str | None,
        user_values: dict[str, Any],
        previous: dict[str, Any] | None = None,
    ) -> None:
        """The chart's schema against what helm will compute, every violation listed.
        Pulling the chart also turns an unknown chart or version into a 404 before the 202."""
        info = await self.charts.info(chart, version)
        merged = check.merge(info.values, previous or {}, user_values)
        check.check_schema(info.schema_, merged, f"{info.name}-{info.version}")

    async def install(
        self, cluster_id: str, body: InstallRequest, user: str | None
    ) -> OperationOut:
        release = check.release_name(body.release_name)
        namespace = check.namespace(body.namespace)
        version = check.version(body.version)
        values = check.parse_values(body.values, body.values_yaml)
        cluster = self.cluster(cluster_id, reading=False)
        resolved = await self.repos.resolve(body.chart)
        await self.checked_values(body.chart, version, values)
        args = ["install", "--output=json", "--values=-", *resolved.flags]
        args += self._wait_flags(body.wait, body.timeout_seconds, body.rollback_on_failure)
        if version:
            args.append(f"--version={version}")
        if body.create_namespace:
            args.append("--create-namespace")
        request = {"chart": body.chart, "version": version, "values_keys": sorted(values)}
        spec = self._spec(
            "install",
            cluster,
            namespace,
            release,
            [*args, "--", release, resolved.ref],
            body.timeout_seconds,
            request,
            json.dumps(values),
        )
        return self.ops.out(await self.ops.submit(spec, user))

    async def _existing(self, cluster: ClusterDef, namespace: str, name: str) -> dict[str, Any]:
        """The release's metadata (404 when there is none); reads, so a bounded wait."""
        return await self.releases.metadata(cluster, namespace, name)

    async def upgrade_args(
        self,
        cluster: ClusterDef,
        namespace: str,
        name: str,
        body: UpgradeRequest,
        values: dict[str, Any],
    ) -> list[str]:
        version = check.version(body.version)
        resolved = await self.repos.resolve(body.chart)
        previous = None
        if body.values_mode != "reset":
            previous = await self.releases.values(cluster, namespace, name, None, False)
        await self.checked_values(body.chart, version, values, previous)
        args = ["upgrade", "--output=json", "--values=-", _VALUES_MODE_FLAG[body.values_mode]]
        args += resolved.flags
        if version:
            args.append(f"--version={version}")
        return [*args, "--", name, resolved.ref]

    async def upgrade(
        self, cluster_id: str, namespace: str, name: str, body: UpgradeRequest, user: str | None
    ) -> OperationOut:
        name, namespace = check.release_name(name), check.namespace(namespace)
        values = check.parse_values(body.values, body.values_yaml)
        cluster = self.cluster(cluster_id, reading=False)
        meta = await self._existing(cluster, namespace, name)
        status = str(meta.get("status", ""))
        if status.startswith("pending-"):
            raise errors.Conflict(
                f"release {namespace}/{name} is {status}: an earlier operation did not finish; "
                "roll it back to a previous revision first",
                extra={"reason": "pending", "suggested_action": "rollback"},
            )
        args = await self.upgrade_args(cluster, namespace, name, body, values)
        args[1:1] = self._wait_flags(body.wait, body.timeout_seconds, body.rollback_on_failure)
        request = {
            "chart": body.chart,
            "version": body.version,
            "values_mode": body.values_mode,
            "values_keys": sorted(values),
            "from_revision": meta.get("revision"),
        }
        spec = self._spec(
            "upgrade",
            cluster,
            namespace,
            name,
            args,
            body.timeout_seconds,
            request,
            json.dumps(values),
        )
        return self.ops.out(await self.ops.submit(spec, user))

    async def rollback(
        self, cluster_id: str, namespace: str, name: str, body: RollbackRequest, user: str | None
    ) -> OperationOut:
        name, namespace = check.release_name(name), check.namespace(namespace)
        cluster = self.cluster(cluster_id, reading=False)
        history = await self.releases.history(cluster, namespace, name, 256)
        if body.revision not in {h.revision for h in history}:
            raise errors.NotFound(
                f"release {namespace}/{name} has no revision {body.revision} "
                f"(known: {', '.join(str(h.revision) for h in history)})"
            )
        args = ["rollback", *self._wait_flags(body.wait, body.timeout_seconds)]
        args += ["--", name, str(body.revision)]
        request = {"revision": body.revision, "from_revision": history[-1].revision}
        spec = self._spec("rollback", cluster, namespace, name, args, body.timeout_seconds, request)
        return self.ops.out(await self.ops.submit(spec, user))

    async def uninstall(
        self,
        cluster_id: str,
        namespace: str,
        name: str,
        keep_history: bool,
        timeout: int,
        wait: bool,
        user: str | None,
    ) -> OperationOut:
        name, namespace = check.release_name(name), check.namespace(namespace)
        cluster = self.cluster(cluster_id, reading=False)
        meta = await self._existing(cluster, namespace, name)
        args = ["uninstall", *self._wait_flags(wait, timeout)]
        if keep_history:
            args.append("--keep-history")
        request = {"keep_history": keep_history, "from_revision": meta.get("revision")}
        spec = self._spec(
            "uninstall", cluster, namespace, name, [*args, "--", name], timeout, request
        )
        return self.ops.out(await self.ops.submit(spec, user))
