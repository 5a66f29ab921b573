"""CustomResourceDefinitions: creating one serves its resource, deleting one stops serving it."""

from __future__ import annotations

import copy
from typing import Any

from kubesim.apiserver import ApiServer
from kubesim.catalogue import STATUS, ResourceType, Subresource

Obj = dict[str, Any]
CRD_KEY = ("apiextensions.k8s.io", "customresourcedefinitions")


def types_of(crd: Obj) -> list[ResourceType]:
    spec = crd.get("spec") or {}
    names = spec.get("names") or {}
    group, plural, kind = spec.get("group"), names.get("plural"), names.get("kind")
    if not (group and plural and kind):
        return []
    served = [v for v in spec.get("versions") or [] if v.get("served", True) and v.get("name")]
    types = []
    for version in served:
        subs = version.get("subresources") or {}
        subresources: list[Subresource] = []
        if "status" in subs:
            subresources.append(STATUS)
        if "scale" in subs:
            subresources.append(
                Subresource("scale", group="autoscaling", version="v1", kind="Scale")
            )
        types.append(
            ResourceType(
                group=group,
                version=version["name"],
                resource=plural,
                kind=kind,
                namespaced=spec.get("scope", "Namespaced") == "Namespaced",
                short_names=tuple(names.get("shortNames") or ()),
                categories=tuple(names.get("categories") or ()),
                subresources=tuple(subresources),
                crd=True,
            )
        )
    return types


def _established(crd: Obj) -> Obj:
    status = copy.deepcopy(crd.get("status") or {})
    status["acceptedNames"] = copy.deepcopy((crd.get("spec") or {}).get("names") or {})
    status["storedVersions"] = [
        v["name"] for v in (crd.get("spec") or {}).get("versions") or [] if v.get("storage")
    ]
    status["conditions"] = [
        {
            "type": "NamesAccepted",
            "status": "True",
            "reason": "NoConflicts",
            "message": "no conflicts found",
        },
        {
            "type": "Established",
            "status": "True",
            "reason": "InitialNamesAccepted",
            "message": "the initial names have been accepted",
        },
    ]
    return status


def install(api: ApiServer) -> None:
    """Keep the catalogue in step with the stored CRDs."""

    def on_write(rt: ResourceType, event: str, obj: Obj) -> None:
        if rt.storage_key != CRD_KEY:
            return
        spec = obj.get("spec") or {}
        group, plural = spec.get("group", ""), (spec.get("names") or {}).get("plural", "")
        if event == "DELETED":
            api.catalogue.unregister(group, plural)
            api.store.drop_storage((group, plural))
            return
        api.catalogue.register(types_of(obj))
        if obj.get("status") != (status := _established(obj)):
            updated = copy.deepcopy(obj)
            updated["status"] = status
            api.store.put(CRD_KEY, updated)

    api.write_hooks.append(on_write)
