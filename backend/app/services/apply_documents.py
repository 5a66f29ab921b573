"""The objects of an apply: multi-document YAML parsed, checked and numbered for messages.

Documents are numbered from 1 in the order they appear, empty ones included, so "document 3"
is the third `---` section the user wrote. A `kind: List` document (what `kubectl get -o yaml`
prints) contributes its items.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from app.core import errors
from app.schemas.actions import MAX_APPLY_BYTES

MAX_OBJECTS = 500


class PayloadTooLarge(errors.AppError):
    status_code, error = 413, "PayloadTooLarge"


@dataclass(frozen=True)
class Manifest:
    index: int  # the document's 1-based position
    item: int | None  # the position inside a List document, 1-based
    line: int  # where the document starts, 1-based
    obj: dict[str, Any]

    @property
    def api_version(self) -> str:
        return str(self.obj["apiVersion"])

    @property
    def kind(self) -> str:
        return str(self.obj["kind"])

    @property
    def name(self) -> str:
        return str(self.obj["metadata"]["name"])

    @property
    def label(self) -> str:
        where = f"document {self.index}" + (f" item {self.item}" if self.item else "")
        return f"{where} (line {self.line})"


def parse(text: str) -> list[Manifest]:
    if len(text.encode()) > MAX_APPLY_BYTES:
        raise PayloadTooLarge(
            f"the YAML is larger than {MAX_APPLY_BYTES // (1024 * 1024)} MiB; "
            "split it into several applies"
        )
    manifests: list[Manifest] = []
    for index, (line, doc) in enumerate(_documents(text), start=1):
        if doc is None:
            continue  # an empty document, e.g. after a trailing `---`
        if isinstance(doc, dict) and doc.get("kind") == "List" and "items" in doc:
            items = doc.get("items") or []
            if not isinstance(items, list):
                raise errors.Invalid(
                    f"document {index} (line {line}): a List's items must be a list"
                )
            manifests.extend(
                _checked(Manifest(index, n, line, item)) for n, item in enumerate(items, start=1)
            )
        else:
            manifests.append(_checked(Manifest(index, None, line, doc)))
        if len(manifests) > MAX_OBJECTS:
            raise PayloadTooLarge(f"more than {MAX_OBJECTS} objects in one apply; split it")
    if not manifests:
        raise errors.Invalid("the YAML holds no objects")
    return manifests


def _documents(text: str) -> list[tuple[int, Any]]:
    """Every document with its first line; bad YAML is a 400 with the parser's position."""
    loader = yaml.SafeLoader(text)
    documents: list[tuple[int, Any]] = []
    try:
        while loader.check_node():
            node = loader.get_node()
            line = node.start_mark.line + 1 if node is not None else 1
            documents.append((line, loader.construct_document(node)))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = " ".join(p for p in (exc.context, exc.problem) if p)
        raise errors.BadRequest(
            f"the YAML does not parse: {where}{problem}",
            extra={
                "line": mark.line + 1 if mark else None,
                "column": mark.column + 1 if mark else None,
            },
        ) from exc
    except yaml.YAMLError as exc:
        raise errors.BadRequest(f"the YAML does not parse: {exc}") from exc
    finally:
        loader.dispose()
    return documents


def _checked(manifest: Manifest) -> Manifest:
    obj = manifest.obj
    if not isinstance(obj, dict):
        raise errors.Invalid(
            f"{manifest.label}: expected a Kubernetes object (a mapping), got {type(obj).__name__}"
        )
    problems = [
        f'missing "{field}"'
        for field in ("apiVersion", "kind")
        if not isinstance(obj.get(field), str) or not obj.get(field)
    ]
    metadata = obj.get("metadata")
    if not isinstance(metadata, dict):
        problems.append('missing "metadata"')
    elif not isinstance(metadata.get("name"), str) or not metadata.get("name"):
        problems.append(
            'missing "metadata.name"'
            + (" (generateName cannot be applied)" if metadata.get("generateName") else "")
        )
    elif "namespace" in metadata and not isinstance(metadata["namespace"], str):
        problems.append('"metadata.namespace" must be a string')
    if problems:
        raise errors.Invalid(
            f"{manifest.label}: {', '.join(problems)}", extra={"index": manifest.index}
        )
    return manifest
