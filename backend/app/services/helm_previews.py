"""Previews: what an install or an upgrade would do, from a server dry run (nothing applied).

`helm --dry-run=server` renders the chart with the computed values and reads the cluster only
for what the chart looks up (and whether the release exists); the answer is the same diff shape
the history view shows, so the UI reviews an install the way it reviews an upgrade.
"""

from __future__ import annotations

import asyncio
import json

from app.schemas.helm import DiffOut, InstallPreviewOut, InstallRequest, UpgradeRequest
from app.services import helm_diff
from app.services import helm_validate as check
from app.services.helm_op_results import process_timeout
from app.services.helm_service import HelmService


async def proposed_upgrade(
    helm: HelmService, cluster_id: str, namespace: str, name: str, body: UpgradeRequest
) -> DiffOut:
    """The current release against what `upgrade` with this body would render."""
    name, namespace = check.release_name(name), check.namespace(namespace)
    values = check.parse_values(body.values, body.values_yaml)
    cluster = helm.cluster(cluster_id)
    args = await helm.upgrade_args(cluster, namespace, name, body, values)
    args[1:1] = ["--dry-run=server"]
    current_values, current_manifest, proposed = await asyncio.gather(
        helm.releases.values(cluster, namespace, name, None, False),
        helm.releases.manifest(cluster, namespace, name, None),
        helm.runner.run(
            args,
            what=f"helm upgrade --dry-run {name}",
            timeout=process_timeout(helm.releases.timeout),
            cluster=cluster,
            namespace=namespace,
            stdin=json.dumps(values),
        ),
    )
    rendered = proposed.json() or {}
    return helm_diff.diff(
        "current",
        "proposed",
        current_values,
        rendered.get("config") or {},
        current_manifest,
        str(rendered.get("manifest", "")),
    )


async def proposed_install(
    helm: HelmService, cluster_id: str, body: InstallRequest
) -> InstallPreviewOut:
    """What `install` with this body would create: its manifest (Secrets redacted), notes and
    values, checked exactly as the install itself checks them."""
    release = check.release_name(body.release_name)
    namespace = check.namespace(body.namespace)
    version = check.version(body.version)
    values = check.parse_values(body.values, body.values_yaml)
    cluster = helm.cluster(cluster_id)
    resolved = await helm.repos.resolve(body.chart)
    await helm.checked_values(body.chart, version, values)
    args = ["install", "--dry-run=server", "--output=json", "--values=-", *resolved.flags]
    if version:
        args.append(f"--version={version}")
    if body.create_namespace:
        args.append("--create-namespace")
    result = await helm.runner.run(
        [*args, "--", release, resolved.ref],
        what=f"helm install --dry-run {release}",
        timeout=process_timeout(helm.releases.timeout),
        cluster=cluster,
        namespace=namespace,
        stdin=json.dumps(values),
    )
    rendered = result.json() or {}
    manifest = str(rendered.get("manifest", ""))
    diff = helm_diff.diff("nothing", "install", {}, values, "", manifest)
    chart_meta = (rendered.get("chart") or {}).get("metadata") or {}
    return InstallPreviewOut(
        **diff.model_dump(),
        manifest=helm_diff.redact_manifest(manifest),
        notes=str((rendered.get("info") or {}).get("notes") or ""),
        chart_version=str(chart_meta.get("version") or version or ""),
    )
