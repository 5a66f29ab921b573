"""Self reviews: kubesim has one identity (the kubeconfig's token) and it may do everything."""

from __future__ import annotations

import copy
from typing import Any

from kubesim import errors, meta

Obj = dict[str, Any]

USERNAME = "kubesim-admin"
GROUPS = ["system:masters", "system:authenticated"]

_RULES = {
    "resourceRules": [{"verbs": ["*"], "apiGroups": ["*"], "resources": ["*"]}],
    "nonResourceRules": [{"verbs": ["*"], "nonResourceURLs": ["*"]}],
    "incomplete": False,
}


def answer(kind: str, api_version: str, body: Any) -> Obj:
    """The reply (201) to a POSTed review; reviews are answered, never stored."""
    if not isinstance(body, dict):
        raise errors.bad_request("the body of the request was not a JSON object")
    if body.get("kind") and body["kind"] != kind:
        raise errors.bad_request(
            f"the kind in the data ({body['kind']}) does not match the expected kind ({kind})"
        )
    review = copy.deepcopy(body)
    review["kind"], review["apiVersion"] = kind, api_version
    review.setdefault("metadata", {})["creationTimestamp"] = None
    if kind in ("SelfSubjectAccessReview", "SubjectAccessReview"):
        spec = review.get("spec") or {}
        if not spec.get("resourceAttributes") and not spec.get("nonResourceAttributes"):
            raise errors.StatusError(
                422,
                "Invalid",
                f'{kind}.authorization.k8s.io "" is invalid: spec: Invalid '
                "value: exactly one of nonResourceAttributes or resourceAttributes must be "
                "specified",
            )
        review["status"] = {"allowed": True, "reason": "kubesim grants its token every action"}
    elif kind == "SelfSubjectRulesReview":
        review["status"] = copy.deepcopy(_RULES)
    elif kind == "SelfSubjectReview":
        review["status"] = {"userInfo": {"username": USERNAME, "groups": list(GROUPS)}}
    elif kind == "TokenReview":
        review["status"] = {
            "authenticated": True,
            "user": {"username": USERNAME, "groups": list(GROUPS)},
        }
    review["metadata"].setdefault("uid", meta.new_uid())
    return review
