"""The OpenAPI v3 stub kubectl and helm need before they write (surface doc §4.5).

Each group/version document holds one PATCH operation per kind, tagged with its GVK and the
`fieldValidation` parameter: enough for the clients to send `fieldValidation=Strict` and leave
validation to the server. `/openapi/v2` stays 404, which the clients accept.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from kubesim.catalogue import Catalogue

Doc = dict[str, Any]


def _gv_path(group: str, version: str) -> str:
    return f"api/{version}" if not group else f"apis/{group}/{version}"


def group_version_document(catalogue: Catalogue, group: str, version: str) -> Doc | None:
    types = [t for t in catalogue.in_group_version(group, version) if "patch" in t.verbs]
    if not catalogue.in_group_version(group, version):
        return None
    paths: Doc = {}
    for rt in types:
        scope = "namespaces/{namespace}/" if rt.namespaced else ""
        path = f"/{_gv_path(group, version)}/{scope}{rt.resource}/{{name}}"
        paths[path] = {
            "patch": {
                "x-kubernetes-group-version-kind": {
                    "group": group,
                    "version": version,
                    "kind": rt.kind,
                },
                "parameters": [
                    {
                        "name": "fieldValidation",
                        "in": "query",
                        "schema": {"type": "string", "uniqueItems": True},
                    }
                ],
                "responses": {"200": {"description": "OK"}},
            }
        }
    return {
        "openapi": "3.0.0",
        "info": {"title": "Kubernetes", "version": "kubesim"},
        "paths": paths,
    }


def _hash(doc: Doc) -> str:
    return hashlib.sha512(json.dumps(doc, sort_keys=True).encode()).hexdigest()[:32].upper()


def root_document(catalogue: Catalogue) -> Doc:
    paths: Doc = {}
    for group, versions in catalogue.group_versions().items():
        for version in versions:
            doc = group_version_document(catalogue, group, version)
            if doc is None:
                continue
            gv_path = _gv_path(group, version)
            paths[gv_path] = {"serverRelativeURL": f"/openapi/v3/{gv_path}?hash={_hash(doc)}"}
    return {"paths": paths}


def document_for_path(catalogue: Catalogue, gv_path: str) -> Doc | None:
    parts = gv_path.strip("/").split("/")
    if len(parts) == 2 and parts[0] == "api":
        return group_version_document(catalogue, "", parts[1])
    if len(parts) == 3 and parts[0] == "apis":
        return group_version_document(catalogue, parts[1], parts[2])
    return None
