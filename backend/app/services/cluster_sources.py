"""Where clusters come from: the config file, KUBEDECK_KUBECONFIG, and the API (the DB)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from app.core.config import Settings
from app.services.kube_gateway import BadKubeconfig, context_names, parse_kubeconfig

SOURCE_CONFIG = "config"
SOURCE_KUBECONFIG = "kubeconfig"
SOURCE_API = "api"
_ID_CHARS = re.compile(r"[^a-z0-9-]+")


@dataclass(frozen=True)
class ClusterDef:
    id: str
    name: str
    source: str
    kubeconfig: dict[str, Any] = field(repr=False)
    context: str | None = None
    base_path: Path | None = None  # where relative paths in the kubeconfig are resolved
    labels: dict[str, str] = field(default_factory=dict)
    is_default: bool = False
    load_error: str | None = None  # a configured cluster whose kubeconfig cannot be read

    @property
    def server(self) -> str:
        ctx_name = self.context or self.kubeconfig.get("current-context")
        ctx = next(
            (
                c.get("context") or {}
                for c in self.kubeconfig.get("contexts") or []
                if isinstance(c, dict) and c.get("name") == ctx_name
            ),
            {},
        )
        cluster = next(
            (
                c.get("cluster") or {}
                for c in self.kubeconfig.get("clusters") or []
                if isinstance(c, dict) and c.get("name") == ctx.get("cluster")
            ),
            {},
        )
        return str(cluster.get("server", ""))


def slug(text: str) -> str:
    """A cluster id from a context name: lowercase DNS label."""
    cleaned = _ID_CHARS.sub("-", text.lower()).strip("-")
    return cleaned[:63].strip("-") or "cluster"


def _read(path: Path) -> tuple[dict[str, Any], str | None]:
    try:
        return parse_kubeconfig(path.expanduser().read_text()), None
    except OSError as exc:
        return {"contexts": []}, f"cannot read kubeconfig {path}: {exc.strerror}"
    except BadKubeconfig as exc:
        return {"contexts": []}, f"{path}: {exc.detail}"


def from_settings(settings: Settings) -> list[ClusterDef]:
    clusters: list[ClusterDef] = []
    for entry in settings.clusters:
        path = Path(entry.kubeconfig_path).expanduser()
        config, error = _read(path)
        clusters.append(
            ClusterDef(
                id=entry.id,
                name=entry.name or entry.id,
                source=SOURCE_CONFIG,
                kubeconfig=config,
                context=entry.context,
                base_path=path.parent,
                is_default=entry.is_default,
                load_error=error,
            )
        )
    if settings.kubeconfig is not None:
        path = settings.kubeconfig.expanduser()
        config, error = _read(path)
        taken = {c.id for c in clusters}
        if error:
            clusters.append(
                ClusterDef(
                    id=slug(path.stem),
                    name=path.name,
                    source=SOURCE_KUBECONFIG,
                    kubeconfig=config,
                    load_error=error,
                )
            )
        for context in context_names(config):
            cluster_id = slug(context)
            if cluster_id in taken:
                continue
            taken.add(cluster_id)
            clusters.append(
                ClusterDef(
                    id=cluster_id,
                    name=context,
                    source=SOURCE_KUBECONFIG,
                    kubeconfig=config,
                    context=context,
                    base_path=path.parent,
                    is_default=context == config.get("current-context")
                    and not any(c.is_default for c in clusters),
                )
            )
    return clusters


def from_record(
    cluster_id: str, name: str, kubeconfig_text: str, context: str | None, labels: dict[str, str]
) -> ClusterDef:
    return ClusterDef(
        id=cluster_id,
        name=name,
        source=SOURCE_API,
        kubeconfig=parse_kubeconfig(kubeconfig_text),
        context=context,
        labels=dict(labels),
    )


def with_overrides(
    cluster: ClusterDef, name: str | None, labels: dict[str, str] | None
) -> ClusterDef:
    return replace(
        cluster,
        name=name or cluster.name,
        labels=dict(labels) if labels is not None else cluster.labels,
    )


def validate_context(kubeconfig_text: str, context: str | None) -> tuple[dict[str, Any], str]:
    """Parse an uploaded kubeconfig and pick the context (the only one, or the named one)."""
    config = parse_kubeconfig(kubeconfig_text)
    names = context_names(config)
    if not names:
        raise BadKubeconfig("the kubeconfig has no contexts")
    if context is None:
        current = config.get("current-context")
        context = current if current in names else names[0]
    if context not in names:
        raise BadKubeconfig(
            f"context {context!r} is not in the kubeconfig; it has: {', '.join(names)}"
        )
    return config, context


def dump(config: dict[str, Any]) -> str:
    return yaml.safe_dump(config, sort_keys=False)
