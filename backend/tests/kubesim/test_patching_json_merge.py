"""JSON merge patch (RFC 7386): the RFC's examples, lists replaced wholesale on a Deployment
and inputs left untouched."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from kubesim.patching import json_merge_patch
from tests.kubesim.patching_support import deployment, pod_spec

RFC7386_EXAMPLES: list[tuple[Any, Any, Any]] = [
    ({"a": "b"}, {"a": "c"}, {"a": "c"}),
    ({"a": "b"}, {"b": "c"}, {"a": "b", "b": "c"}),
    ({"a": "b"}, {"a": None}, {}),
    ({"a": "b", "b": "c"}, {"a": None}, {"b": "c"}),
    ({"a": ["b"]}, {"a": "c"}, {"a": "c"}),
    ({"a": "c"}, {"a": ["b"]}, {"a": ["b"]}),
    ({"a": {"b": "c"}}, {"a": {"b": "d", "c": None}}, {"a": {"b": "d"}}),
    ({"a": [{"b": "c"}]}, {"a": [1]}, {"a": [1]}),
    (["a", "b"], ["c", "d"], ["c", "d"]),
    ({"a": "b"}, ["c"], ["c"]),
    ({"a": "foo"}, None, None),
    ({"a": "foo"}, "bar", "bar"),
    ({"e": None}, {"a": 1}, {"e": None, "a": 1}),
    ([1, 2], {"a": "b", "c": None}, {"a": "b"}),
    ({}, {"a": {"bb": {"ccc": None}}}, {"a": {"bb": {}}}),
]


@pytest.mark.parametrize(("target", "patch", "expected"), RFC7386_EXAMPLES)
def test_json_merge_patch_rfc7386_appendix_a(target: Any, patch: Any, expected: Any) -> None:
    assert json_merge_patch(target, patch) == expected


def test_json_merge_patch_rfc7386_section3_example() -> None:
    target = {
        "title": "Goodbye!",
        "author": {"givenName": "John", "familyName": "Doe"},
        "tags": ["example", "sample"],
        "content": "This will be unchanged",
    }
    patch = {
        "title": "Hello!",
        "phoneNumber": "+01-123-456-7890",
        "author": {"familyName": None},
        "tags": ["example"],
    }
    assert json_merge_patch(target, patch) == {
        "title": "Hello!",
        "author": {"givenName": "John"},
        "tags": ["example"],
        "content": "This will be unchanged",
        "phoneNumber": "+01-123-456-7890",
    }


def test_json_merge_patch_on_deployment_replaces_lists() -> None:
    result = json_merge_patch(
        deployment(),
        {
            "metadata": {"labels": {"tier": None, "team": "a"}},
            "spec": {"template": {"spec": {"containers": [{"name": "app", "image": "x"}]}}},
        },
    )
    assert result["metadata"]["labels"] == {"app": "web", "team": "a"}
    # Merge patch knows no merge keys: the container list is replaced wholesale.
    assert pod_spec(result)["containers"] == [{"name": "app", "image": "x"}]


def test_json_merge_patch_does_not_mutate_or_alias_inputs() -> None:
    target, patch = deployment(), {"spec": {"selector": {"matchLabels": {"x": "y"}}}}
    target_copy, patch_copy = copy.deepcopy(target), copy.deepcopy(patch)
    result = json_merge_patch(target, patch)
    assert (target, patch) == (target_copy, patch_copy)
    result["spec"]["selector"]["matchLabels"]["z"] = "1"
    result["metadata"]["labels"]["z"] = "1"
    assert (target, patch) == (target_copy, patch_copy)
