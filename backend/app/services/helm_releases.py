"""Releases as read from a cluster: list, detail, history, values, manifests, diffs.

The list is one `helm list -o json` (helm reads the release Secrets in one LIST); it never
calls `helm status` per release (helm-dashboard's failure at scale). Details are loaded
lazily, per release, when asked for.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any

from app.schemas.helm import (
    DiffOut,
    HistoryEntry,
    ReleaseDetail,
    ReleaseOut,
    ReleaseResource,
)
from app.services import helm_diff
from app.services.cluster_sources import ClusterDef
from app.services.helm_runner import HelmRunner

TIME_FORMAT = "2006-01-02T15:04:05Z07:00"  # RFC 3339 instead of helm's Go default
_CHART_VERSION = re.compile(r"^(.+?)-(v?\d+\.\d+\.\d+([-+].*)?)$")


def split_chart(joined: str) -> tuple[str, str]:
    """helm joins chart name and version (`my-app-1.2.3-rc.1`); take them apart again."""
    match = _CHART_VERSION.match(joined)
    return (match.group(1), match.group(2)) if match else (joined, "")


def suggested_action(status: str, revision: int) -> str | None:
    """What to offer for a release stuck in pending-* (a killed helm leaves it locked)."""
    if not status.startswith("pending-"):
        return None
    return "rollback" if revision > 1 else "uninstall"


def release_out(entry: dict[str, Any]) -> ReleaseOut:
    chart, chart_version = split_chart(str(entry.get("chart", "")))
    status = str(entry.get("status", ""))
    revision = int(entry.get("revision") or 0)  # a string in `helm list`, an int elsewhere
    return ReleaseOut(
        name=str(entry.get("name", "")),
        namespace=str(entry.get("namespace", "")),
        revision=revision,
        status=status,
        chart=chart,
        chart_version=chart_version,
        app_version=str(entry.get("app_version", "")),
        updated=str(entry.get("updated", "")),
        pending=status.startswith("pending-"),
        suggested_action=suggested_action(status, revision),  # type: ignore[arg-type]
    )


def _ready(obj: dict[str, Any]) -> tuple[bool | None, str]:
    """A one-line live status per kind, like `kubectl get` prints it."""
    kind = obj.get("kind")
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    if kind in ("Deployment", "StatefulSet", "ReplicaSet"):
        want, ready = int(spec.get("replicas", 1) or 0), int(status.get("readyReplicas", 0) or 0)
        return ready >= want, f"{ready}/{want} ready"
    if kind == "DaemonSet":
        want, ready = (
            int(status.get("desiredNumberScheduled", 0)),
            int(status.get("numberReady", 0)),
        )
        return ready >= want, f"{ready}/{want} ready"
    if kind == "Pod":
        phase = str(status.get("phase", ""))
        conditions = {c.get("type"): c.get("status") for c in status.get("conditions") or []}
        return conditions.get("Ready") == "True" or phase == "Succeeded", phase
    if kind == "Job":
        done = int(status.get("succeeded", 0) or 0)
        return done >= int(spec.get("completions", 1) or 1), f"{done} succeeded"
    if kind == "PersistentVolumeClaim":
        phase = str(status.get("phase", ""))
        return phase == "Bound", phase
    if kind == "Service":
        return True, str(spec.get("type", "ClusterIP"))
    return None, ""


def resources(info: dict[str, Any]) -> list[ReleaseResource]:
    """`info.resources` of `helm status -o json`: live objects by "v1/Kind", and pods as lists."""
    out: list[ReleaseResource] = []
    for group in (info.get("resources") or {}).values():
        for item in group or []:
            objects = item.get("items") if isinstance(item, dict) and "items" in item else [item]
            for obj in objects or []:
                if not isinstance(obj, dict):
                    continue
                metadata = obj.get("metadata") or {}
                ready, text = _ready(obj)
                out.append(
                    ReleaseResource(
                        api_version=str(obj.get("apiVersion", "")),
                        kind=str(obj.get("kind", "")),
                        name=str(metadata.get("name", "")),
                        namespace=metadata.get("namespace"),
                        ready=ready,
                        status=text,
                        object=helm_diff.redact_object(obj),
                    )
                )
    return out


class ReleaseReader:
    def __init__(self, runner: HelmRunner, timeout: float = 30.0) -> None:
        self.runner = runner
        self.timeout = timeout

    async def _json(
        self, args: list[str], cluster: ClusterDef, namespace: str | None, what: str
    ) -> Any:
        result = await self.runner.run(
            args, what=what, timeout=self.timeout, cluster=cluster, namespace=namespace, grace=1
        )
        return result.json()

    async def listing(self, cluster: ClusterDef, namespace: str | None) -> list[ReleaseOut]:
        args = ["list", "--output=json", f"--time-format={TIME_FORMAT}", "--max=0"]
        if namespace is None:
            args.append("--all-namespaces")
        found = await self._json(args, cluster, namespace, "helm list")
        return [release_out(e) for e in found or [] if isinstance(e, dict)]

    async def metadata(self, cluster: ClusterDef, namespace: str, name: str) -> dict[str, Any]:
        found = await self._json(
            ["get", "metadata", "--output=json", "--", name],
            cluster,
            namespace,
            f"helm get metadata {name}",
        )
        return found if isinstance(found, dict) else {}

    async def detail(self, cluster: ClusterDef, namespace: str, name: str) -> ReleaseDetail:
        status, meta = await asyncio.gather(
            self._json(
                ["status", "--output=json", "--", name], cluster, namespace, f"helm status {name}"
            ),
            self.metadata(cluster, namespace, name),
        )
        info = status.get("info") or {}
        revision = int(status.get("version") or meta.get("revision") or 0)
        state = str(info.get("status", meta.get("status", "")))
        return ReleaseDetail(
            name=name,
            namespace=str(status.get("namespace", namespace)),
            revision=revision,
            status=state,
            chart=str(meta.get("chart", "")),
            chart_version=str(meta.get("version", "")),
            app_version=str(meta.get("appVersion", "")),
            updated=str(info.get("last_deployed", "")),
            pending=state.startswith("pending-"),
            suggested_action=suggested_action(state, revision),  # type: ignore[arg-type]
            description=str(info.get("description", "")),
            first_deployed=str(info.get("first_deployed", "")),
            last_deployed=str(info.get("last_deployed", "")),
            apply_method=str(status.get("apply_method", "")),
            notes=str(info.get("notes", "")),
            values=status.get("config") or {},
            resources=resources(info),
        )

    async def history(
        self, cluster: ClusterDef, namespace: str, name: str, limit: int
    ) -> list[HistoryEntry]:
        found = await self._json(
            ["history", "--output=json", f"--max={limit}", "--", name],
            cluster,
            namespace,
            f"helm history {name}",
        )
        out = []
        for entry in found or []:
            chart, version = split_chart(str(entry.get("chart", "")))
            out.append(
                HistoryEntry(
                    revision=int(entry.get("revision", 0)),
                    updated=str(entry.get("updated", "")),
                    status=str(entry.get("status", "")),
                    chart=chart,
                    chart_version=version,
                    app_version=str(entry.get("app_version", "")),
                    description=str(entry.get("description", "")),
                )
            )
        return out

    async def values(
        self, cluster: ClusterDef, namespace: str, name: str, revision: int | None, computed: bool
    ) -> dict[str, Any]:
        args = ["get", "values", "--output=json"]
        if revision is not None:
            args.append(f"--revision={revision}")
        if computed:
            args.append("--all")
        found = await self._json([*args, "--", name], cluster, namespace, f"helm get values {name}")
        return found if isinstance(found, dict) else {}  # helm prints `null` for none

    async def manifest(
        self, cluster: ClusterDef, namespace: str, name: str, revision: int | None
    ) -> str:
        args = ["get", "manifest"] + ([f"--revision={revision}"] if revision is not None else [])
        result = await self.runner.run(
            [*args, "--", name],
            what=f"helm get manifest {name}",
            timeout=self.timeout,
            cluster=cluster,
            namespace=namespace,
            grace=1,
        )
        return result.stdout

    async def revision_diff(
        self, cluster: ClusterDef, namespace: str, name: str, before: int, after: int
    ) -> DiffOut:
        values_a, values_b, manifest_a, manifest_b = await asyncio.gather(
            self.values(cluster, namespace, name, before, False),
            self.values(cluster, namespace, name, after, False),
            self.manifest(cluster, namespace, name, before),
            self.manifest(cluster, namespace, name, after),
        )
        return helm_diff.diff(
            f"revision {before}", f"revision {after}", values_a, values_b, manifest_a, manifest_b
        )
