"""What an apply changes, as a user reads it: YAML without server bookkeeping, and a diff."""

from __future__ import annotations

import copy
import difflib
from typing import Any

import yaml

# Fields the server maintains on every write: they change on each apply and would drown the
# lines a user actually edited. `status` is the controllers' business, not the manifest's.
_NOISY_METADATA = (
    "managedFields",
    "resourceVersion",
    "generation",
    "uid",
    "creationTimestamp",
    "selfLink",
)
_NOISY_ANNOTATIONS = ("kubectl.kubernetes.io/last-applied-configuration",)


def cleaned(obj: dict[str, Any] | None) -> dict[str, Any] | None:
    if obj is None:
        return None
    out = copy.deepcopy(obj)
    out.pop("status", None)
    metadata = out.get("metadata")
    if isinstance(metadata, dict):
        for field in _NOISY_METADATA:
            metadata.pop(field, None)
        annotations = metadata.get("annotations")
        if isinstance(annotations, dict):
            for key in _NOISY_ANNOTATIONS:
                annotations.pop(key, None)
            if not annotations:
                metadata.pop("annotations")
    return out


def as_yaml(obj: dict[str, Any] | None) -> str:
    # Sorted keys: both sides then list fields in the same order, like `kubectl get -o yaml`.
    return "" if obj is None else yaml.safe_dump(obj, sort_keys=True, default_flow_style=False)


def unified(before: dict[str, Any] | None, after: dict[str, Any] | None, label: str) -> str:
    lines = difflib.unified_diff(
        as_yaml(before).splitlines(keepends=True),
        as_yaml(after).splitlines(keepends=True),
        fromfile=f"live/{label}",
        tofile=f"applied/{label}",
    )
    return "".join(lines)
