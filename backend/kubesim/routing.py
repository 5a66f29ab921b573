"""Turning a request path into what it addresses: discovery, a collection, an object."""

from __future__ import annotations

from dataclasses import dataclass

from kubesim import errors
from kubesim.catalogue import Catalogue, ResourceType


@dataclass(frozen=True)
class GroupVersion:
    group: str
    version: str | None  # None: the group itself (`/apis/apps`)


@dataclass(frozen=True)
class Target:
    rt: ResourceType
    namespace: str | None  # None: cluster-scoped, or every namespace
    name: str | None
    subresource: str = ""


def split_path(path: str) -> tuple[GroupVersion, list[str]] | None:
    """`/api/v1/...` or `/apis/g/v/...` → (group/version, the rest); None for other paths."""
    segs = [s for s in path.split("/") if s]
    if segs[:1] == ["api"] and len(segs) >= 2:
        return GroupVersion("", segs[1]), segs[2:]
    if segs[:1] == ["apis"] and len(segs) >= 2:
        return GroupVersion(segs[1], segs[2] if len(segs) >= 3 else None), segs[3:]
    return None


def resolve(catalogue: Catalogue, gv: GroupVersion, rest: list[str]) -> Target:
    if gv.version is None:
        raise errors.path_not_found()
    namespace: str | None = None
    if len(rest) >= 3 and rest[0] == "namespaces":
        nested = catalogue.lookup(gv.group, gv.version, rest[2])
        if nested is not None and nested.namespaced:
            namespace, rest = rest[1], rest[2:]
    if not rest or len(rest) > 3:
        raise errors.path_not_found()
    rt = catalogue.lookup(gv.group, gv.version, rest[0])
    if rt is None:
        raise errors.path_not_found()
    name = rest[1] if len(rest) > 1 else None
    sub = rest[2] if len(rest) > 2 else ""
    if rt.namespaced and namespace is None and name is not None:
        raise errors.path_not_found()
    if sub and rt.subresource(sub) is None:
        raise errors.path_not_found()
    return Target(rt, namespace, name, sub)
