"""Manifests and values as a user compares them: Secrets redacted, unified diffs, per-object
changes. Release manifests hold Secret data in clear (helm renders it); helm:read does not
grant secrets, so every manifest leaving the API goes through `redact_manifest`."""

from __future__ import annotations

import difflib
from typing import Any, Literal

import yaml

from app.schemas.helm import DiffOut, ResourceChange

REDACTED = "[redacted]"
_Key = tuple[str, str, str | None]  # kind, name, namespace


def _redact_doc(doc: Any) -> Any:
    if isinstance(doc, dict) and doc.get("kind") == "Secret":
        doc = dict(doc)
        for field in ("data", "stringData"):
            if isinstance(doc.get(field), dict):
                doc[field] = dict.fromkeys(doc[field], REDACTED)
    return doc


def redact_object(obj: dict[str, Any]) -> dict[str, Any]:
    """A live object for display: Secret values redacted, server bookkeeping dropped."""
    out = _redact_doc(obj)
    metadata = out.get("metadata")
    if isinstance(metadata, dict) and "managedFields" in metadata:
        out = {**out, "metadata": {k: v for k, v in metadata.items() if k != "managedFields"}}
    if isinstance(out, dict) and out.get("kind") == "Secret":
        annotations = (out.get("metadata") or {}).get("annotations") or {}
        if "kubectl.kubernetes.io/last-applied-configuration" in annotations:
            trimmed = {
                k: v
                for k, v in annotations.items()
                if k != "kubectl.kubernetes.io/last-applied-configuration"
            }
            out = {**out, "metadata": {**out["metadata"], "annotations": trimmed}}
    result: dict[str, Any] = out
    return result


def split_manifest(text: str) -> dict[_Key, str]:
    """Each object of a rendered manifest, keyed by kind/name/namespace, as redacted YAML."""
    out: dict[_Key, str] = {}
    for chunk in text.split("\n---"):
        source = ""
        for line in chunk.splitlines():
            if line.startswith("# Source: "):
                source = line[len("# Source: ") :]
                break
        try:
            doc = yaml.safe_load(chunk)
        except yaml.YAMLError:
            continue  # helm wrote it, so this is not expected; skip rather than fail a diff
        if not isinstance(doc, dict) or not doc.get("kind"):
            continue
        metadata = doc.get("metadata") or {}
        key = (str(doc["kind"]), str(metadata.get("name", "")), metadata.get("namespace"))
        body = yaml.safe_dump(_redact_doc(doc), sort_keys=False, default_flow_style=False)
        out[key] = (f"# Source: {source}\n" if source else "") + body
    return out


def redact_manifest(text: str) -> str:
    return "---\n".join(split_manifest(text).values())


def _unified(before: str, after: str, from_label: str, to_label: str) -> str:
    return "".join(
        difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            fromfile=from_label,
            tofile=to_label,
        )
    )


def values_yaml(values: dict[str, Any]) -> str:
    return yaml.safe_dump(values, sort_keys=True, default_flow_style=False) if values else ""


def diff(
    before_label: str,
    after_label: str,
    values_before: dict[str, Any],
    values_after: dict[str, Any],
    manifest_before: str,
    manifest_after: str,
) -> DiffOut:
    old, new = split_manifest(manifest_before), split_manifest(manifest_after)
    changes: list[ResourceChange] = []
    parts: list[str] = []
    for key in sorted(set(old) | set(new), key=lambda k: (k[0], k[2] or "", k[1])):
        kind, name, namespace = key
        if old.get(key) == new.get(key):
            continue
        change: Literal["added", "removed", "changed"] = (
            "added" if key not in old else "removed" if key not in new else "changed"
        )
        changes.append(ResourceChange(kind=kind, name=name, namespace=namespace, change=change))
        label = f"{kind}/{namespace + '/' if namespace else ''}{name}"
        parts.append(
            _unified(
                old.get(key, ""),
                new.get(key, ""),
                f"{before_label}/{label}",
                f"{after_label}/{label}",
            )
        )
    return DiffOut(
        before=before_label,
        after=after_label,
        values_before=values_before,
        values_after=values_after,
        values_diff=_unified(
            values_yaml(values_before),
            values_yaml(values_after),
            f"{before_label}/values.yaml",
            f"{after_label}/values.yaml",
        ),
        manifest_diff="".join(parts),
        changes=changes,
    )
