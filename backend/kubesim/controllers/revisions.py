"""ControllerRevisions: the template history StatefulSets and DaemonSets keep, which
`kubectl rollout history/undo` read."""

from __future__ import annotations

import copy

from kubesim import meta
from kubesim.controllers.podtemplate import (
    REVISIONS,
    create_named,
    delete,
    int_or,
    owned,
    template_hash,
    write,
)
from kubesim.controllers.runtime import Controller, Obj

REVISION_KEY_LABEL = "controller.kubernetes.io/hash"


def sync_revision(
    ctl: Controller, owner: Obj, template: Obj, history_limit: int, keep: set[str]
) -> tuple[str, int]:
    """Make sure a ControllerRevision `<owner>-<hash>` records `template` (what `kubectl rollout
    history/undo` read); returns (hash, revision number). Going back to an old template bumps
    that revision's number, as upstream."""
    md = owner["metadata"]
    rev_hash = template_hash(template)
    name = f"{md['name']}-{rev_hash}"
    revisions = owned(ctl, REVISIONS, owner)
    top = max((int_or(r.get("revision"), 0) for r in revisions), default=0)
    existing = next((r for r in revisions if r["metadata"]["name"] == name), None)
    number = int_or((existing or {}).get("revision"), 0)
    if existing is None:
        labels = ((template or {}).get("metadata") or {}).get("labels") or {}
        cause = (md.get("annotations") or {}).get("kubernetes.io/change-cause")
        body: Obj = {
            "apiVersion": "apps/v1",
            "kind": "ControllerRevision",
            "metadata": {
                "name": name,
                "labels": {**labels, REVISION_KEY_LABEL: rev_hash},
                "ownerReferences": [meta.owner_reference(owner)],
            },
            # The same shape as upstream: a strategic patch that `rollout undo` applies.
            "data": {"spec": {"template": {**copy.deepcopy(template or {}), "$patch": "replace"}}},
            "revision": top + 1,
        }
        if cause:
            body["metadata"]["annotations"] = {"kubernetes.io/change-cause": cause}
        number = top + 1
        if create_named(ctl, REVISIONS, md["namespace"], body) is None:
            return rev_hash, number  # the name belongs to something else: no history kept
    elif number < top:
        number = top + 1
        write(ctl, REVISIONS, {**existing, "revision": number})
    spare = sorted(
        (r for r in revisions if r["metadata"]["name"] not in keep | {name}),
        key=lambda r: int_or(r.get("revision"), 0),
    )
    for old in spare[: max(len(spare) - history_limit, 0)]:
        delete(ctl, REVISIONS, md["namespace"], old["metadata"]["name"])
    return rev_hash, number


def revision_template(ctl: Controller, namespace: str, name: str) -> Obj | None:
    """The pod template a ControllerRevision recorded."""
    rev = ctl.get(REVISIONS, namespace, name)
    template = (((rev or {}).get("data") or {}).get("spec") or {}).get("template")
    if not isinstance(template, dict):
        return None
    return {k: v for k, v in template.items() if k != "$patch"}
