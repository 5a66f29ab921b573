"""Discovery documents: aggregated (apidiscovery.k8s.io/v2 and v2beta1) and legacy forms."""

from __future__ import annotations

from typing import Any

from kubesim.catalogue import Catalogue, ResourceType

AGGREGATED_V2 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"
AGGREGATED_V2BETA1 = "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList"

Doc = dict[str, Any]


def negotiate_aggregated(accept: str) -> str | None:
    """The aggregated media type the client asked for first, or None for the legacy form."""
    for part in accept.split(","):
        params = {p.strip() for p in part.split(";")[1:]}
        if "as=APIGroupDiscoveryList" in params and "g=apidiscovery.k8s.io" in params:
            if "v=v2" in params:
                return AGGREGATED_V2
            if "v=v2beta1" in params:
                return AGGREGATED_V2BETA1
    return None


def _aggregated_resource(rt: ResourceType) -> Doc:
    entry: Doc = {
        "resource": rt.resource,
        "responseKind": {"group": rt.group, "version": rt.version, "kind": rt.kind},
        "scope": "Namespaced" if rt.namespaced else "Cluster",
        "singularResource": rt.singular,
        "verbs": sorted(rt.verbs),
    }
    if rt.short_names:
        entry["shortNames"] = list(rt.short_names)
    if rt.categories:
        entry["categories"] = list(rt.categories)
    if rt.subresources:
        entry["subresources"] = [
            {
                "subresource": sub.name,
                "responseKind": {
                    "group": rt.group if sub.group is None else sub.group,
                    "version": sub.version or rt.version,
                    "kind": sub.kind or rt.kind,
                },
                "verbs": sorted(sub.verbs),
            }
            for sub in rt.subresources
        ]
    return entry


def aggregated(catalogue: Catalogue, core: bool, media_type: str) -> Doc:
    """`GET /api` (core=True) or `GET /apis` in the aggregated format."""
    version_tag = "v2" if media_type == AGGREGATED_V2 else "v2beta1"
    items = []
    for group, versions in catalogue.group_versions().items():
        if (group == "") != core:
            continue
        items.append(
            {
                "metadata": {"name": group} if group else {},
                "versions": [
                    {
                        "version": v,
                        "freshness": "Current",
                        "resources": [
                            _aggregated_resource(rt) for rt in catalogue.in_group_version(group, v)
                        ],
                    }
                    for v in versions
                ],
            }
        )
    return {
        "kind": "APIGroupDiscoveryList",
        "apiVersion": f"apidiscovery.k8s.io/{version_tag}",
        "metadata": {},
        "items": items,
    }


def legacy_api_versions(server_address: str) -> Doc:
    return {
        "kind": "APIVersions",
        "versions": ["v1"],
        "serverAddressByClientCIDRs": [
            {"clientCIDR": "0.0.0.0/0", "serverAddress": server_address}
        ],
    }


def _legacy_group(group: str, versions: list[str]) -> Doc:
    gvs = [{"groupVersion": f"{group}/{v}", "version": v} for v in versions]
    return {"name": group, "versions": gvs, "preferredVersion": gvs[0]}


def legacy_group_list(catalogue: Catalogue) -> Doc:
    groups = [_legacy_group(g, vs) for g, vs in catalogue.group_versions().items() if g]
    return {"kind": "APIGroupList", "apiVersion": "v1", "groups": groups}


def legacy_group(catalogue: Catalogue, group: str) -> Doc | None:
    versions = catalogue.group_versions().get(group)
    if not group or versions is None:
        return None
    return {"kind": "APIGroup", "apiVersion": "v1", **_legacy_group(group, versions)}


def resource_list(catalogue: Catalogue, group: str, version: str) -> Doc | None:
    types = catalogue.in_group_version(group, version)
    if not types:
        return None
    resources: list[Doc] = []
    for rt in types:
        entry: Doc = {
            "name": rt.resource,
            "singularName": rt.singular,
            "namespaced": rt.namespaced,
            "kind": rt.kind,
            "verbs": sorted(rt.verbs),
        }
        if rt.short_names:
            entry["shortNames"] = list(rt.short_names)
        if rt.categories:
            entry["categories"] = list(rt.categories)
        resources.append(entry)
        for sub in rt.subresources:
            sub_entry: Doc = {
                "name": f"{rt.resource}/{sub.name}",
                "singularName": "",
                "namespaced": rt.namespaced,
                "kind": sub.kind or rt.kind,
                "verbs": sorted(sub.verbs),
            }
            if sub.group is not None:
                sub_entry["group"], sub_entry["version"] = sub.group, sub.version
            resources.append(sub_entry)
    gv = f"{group}/{version}" if group else version
    return {
        "kind": "APIResourceList",
        "apiVersion": "v1",
        "groupVersion": gv,
        "resources": resources,
    }
