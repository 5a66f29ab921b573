"""Files kubedeck writes for the CLI tools it runs (kubectl, helm) against one cluster.

A tool gets a kubeconfig reduced to that cluster's own context (nothing to switch to), with the
relative file paths of the original made absolute, written 0600.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from app.core import errors
from app.services.cluster_sources import ClusterDef

# What a tool may inherit from kubedeck's environment: PATH (kubeconfig exec credential plugins
# live there), locale, time zone and proxies. Nothing else: kubedeck's environment holds its
# database URL and keys.
_PROXIES = ("HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY")
_PASSED_ENV = ("PATH", "LANG", "LC_ALL", "TZ", *_PROXIES, *(name.lower() for name in _PROXIES))
_FILE_FIELDS = {
    "cluster": ("certificate-authority",),
    "user": ("client-certificate", "client-key", "tokenFile"),
}


def _named(entries: Any, name: Any) -> dict[str, Any] | None:
    for entry in entries or []:
        if isinstance(entry, dict) and entry.get("name") == name:
            return entry
    return None


def _absolute(
    section: dict[str, Any], fields: tuple[str, ...], base: Path | None
) -> dict[str, Any]:
    out = dict(section)
    for field in fields:
        value = out.get(field)
        if isinstance(value, str) and value and base is not None and not Path(value).is_absolute():
            out[field] = str((base / value).resolve())
    command = (out.get("exec") or {}).get("command") if isinstance(out.get("exec"), dict) else None
    if isinstance(command, str) and "/" in command and not Path(command).is_absolute() and base:
        out["exec"] = {**out["exec"], "command": str((base / command).resolve())}
    return out


def cluster_kubeconfig(cluster: ClusterDef, namespace: str | None) -> dict[str, Any]:
    """Only the cluster's own context, cluster and user: nothing to switch to."""
    config = cluster.kubeconfig
    context_name = cluster.context or config.get("current-context")
    context_entry = _named(config.get("contexts"), context_name)
    if context_entry is None:
        raise errors.ClusterUnavailable(
            f"cluster {cluster.id}: its kubeconfig has no context {context_name!r}",
            extra={"cluster_id": cluster.id},
        )
    context = dict(context_entry.get("context") or {})
    if namespace:
        context["namespace"] = namespace
    cluster_entry = _named(config.get("clusters"), context.get("cluster")) or {}
    user_entry = _named(config.get("users"), context.get("user")) or {}
    return {
        "apiVersion": "v1",
        "kind": "Config",
        "preferences": {},
        "current-context": context_name,
        "contexts": [{"name": context_name, "context": context}],
        "clusters": [
            {
                "name": context.get("cluster"),
                "cluster": _absolute(
                    cluster_entry.get("cluster") or {}, _FILE_FIELDS["cluster"], cluster.base_path
                ),
            }
        ],
        "users": [
            {
                "name": context.get("user"),
                "user": _absolute(
                    user_entry.get("user") or {}, _FILE_FIELDS["user"], cluster.base_path
                ),
            }
        ],
    }


def inherited_env() -> dict[str, str]:
    """The part of kubedeck's environment a tool it runs may see."""
    return {k: os.environ[k] for k in _PASSED_ENV if k in os.environ}


def write_private(path: Path, text: str) -> None:
    """Write a 0600 file atomically: a concurrent tool run may be reading the old one."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(text)
    os.replace(temp, path)
