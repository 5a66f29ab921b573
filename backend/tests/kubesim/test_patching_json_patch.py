"""JSON patch (RFC 6902): the RFC's examples and error cases, atomicity, kubectl-style
operations on a Deployment and the type-strict equality the `test` op uses."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from kubesim.patching import PatchError, json_equal, json_patch
from tests.kubesim.patching_support import container, deployment

RFC6902_EXAMPLES: list[tuple[Any, list[Any], Any]] = [
    # A.1 adding an object member
    ({"foo": "bar"}, [{"op": "add", "path": "/baz", "value": "qux"}], {"baz": "qux", "foo": "bar"}),
    # A.2 adding an array element
    (
        {"foo": ["bar", "baz"]},
        [{"op": "add", "path": "/foo/1", "value": "qux"}],
        {"foo": ["bar", "qux", "baz"]},
    ),
    # A.3 removing an object member
    ({"baz": "qux", "foo": "bar"}, [{"op": "remove", "path": "/baz"}], {"foo": "bar"}),
    # A.4 removing an array element
    ({"foo": ["bar", "qux", "baz"]}, [{"op": "remove", "path": "/foo/1"}], {"foo": ["bar", "baz"]}),
    # A.5 replacing a value
    (
        {"baz": "qux", "foo": "bar"},
        [{"op": "replace", "path": "/baz", "value": "boo"}],
        {"baz": "boo", "foo": "bar"},
    ),
    # A.6 moving a value
    (
        {"foo": {"bar": "baz", "waldo": "fred"}, "qux": {"corge": "grault"}},
        [{"op": "move", "from": "/foo/waldo", "path": "/qux/thud"}],
        {"foo": {"bar": "baz"}, "qux": {"corge": "grault", "thud": "fred"}},
    ),
    # A.7 moving an array element
    (
        {"foo": ["all", "grass", "cows", "eat"]},
        [{"op": "move", "from": "/foo/1", "path": "/foo/3"}],
        {"foo": ["all", "cows", "eat", "grass"]},
    ),
    # A.8 testing a value: success
    (
        {"baz": "qux", "foo": ["a", 2, "c"]},
        [
            {"op": "test", "path": "/baz", "value": "qux"},
            {"op": "test", "path": "/foo/1", "value": 2},
        ],
        {"baz": "qux", "foo": ["a", 2, "c"]},
    ),
    # A.10 adding a nested member object
    (
        {"foo": "bar"},
        [{"op": "add", "path": "/child", "value": {"grandchild": {}}}],
        {"foo": "bar", "child": {"grandchild": {}}},
    ),
    # A.11 ignoring unrecognized elements
    (
        {"foo": "bar"},
        [{"op": "add", "path": "/baz", "value": "qux", "xyz": 123}],
        {"foo": "bar", "baz": "qux"},
    ),
    # A.14 ~ escape ordering
    ({"/": 9, "~1": 10}, [{"op": "test", "path": "/~01", "value": 10}], {"/": 9, "~1": 10}),
    # A.16 adding an array value
    (
        {"foo": ["bar"]},
        [{"op": "add", "path": "/foo/-", "value": ["abc", "def"]}],
        {"foo": ["bar", ["abc", "def"]]},
    ),
    # Beyond the appendix: copy, root operations, "/" escape, number equality.
    (
        {"a": {"b": [1]}},
        [{"op": "copy", "from": "/a", "path": "/c"}],
        {"a": {"b": [1]}, "c": {"b": [1]}},
    ),
    ({"a": 1}, [{"op": "replace", "path": "", "value": [1]}], [1]),
    ({"a": 1}, [{"op": "add", "path": "", "value": {"b": 2}}], {"b": 2}),
    ({"a/b": 1}, [{"op": "replace", "path": "/a~1b", "value": 2}], {"a/b": 2}),
    ({"a": 1}, [{"op": "test", "path": "/a", "value": 1.0}], {"a": 1}),
    ({"a": [1]}, [{"op": "move", "from": "/a", "path": "/a"}], {"a": [1]}),
    ({"": 1}, [{"op": "remove", "path": "/"}], {}),
    ([], [], []),
]


@pytest.mark.parametrize(("target", "operations", "expected"), RFC6902_EXAMPLES)
def test_json_patch_rfc6902_examples(target: Any, operations: list[Any], expected: Any) -> None:
    assert json_patch(target, operations) == expected


@pytest.mark.parametrize(
    ("target", "operations", "message"),
    [
        # A.9 testing a value: error
        ({"baz": "qux"}, [{"op": "test", "path": "/baz", "value": "bar"}], "test failed"),
        # A.12 adding to a nonexistent target
        ({"foo": "bar"}, [{"op": "add", "path": "/baz/bat", "value": "qux"}], "not found"),
        # A.15 comparing strings and numbers
        ({"/": 9, "~1": 10}, [{"op": "test", "path": "/~01", "value": "10"}], "test failed"),
        ({"a": True}, [{"op": "test", "path": "/a", "value": 1}], "test failed"),
        ({"a": [1, 2]}, [{"op": "test", "path": "/a", "value": [2, 1]}], "test failed"),
        ({"a": 1}, [{"op": "test", "path": "/b", "value": None}], "not found"),
        ({"a": 1}, [{"op": "remove", "path": "/b"}], "not found"),
        ({"a": 1}, [{"op": "replace", "path": "/b", "value": 2}], "not found"),
        ({"a": 1}, [{"op": "move", "from": "/b", "path": "/c"}], "not found"),
        ({"a": 1}, [{"op": "copy", "from": "/b", "path": "/c"}], "not found"),
        ({"a": 1}, [{"op": "add", "path": "/a/b", "value": 2}], "not an object or array"),
        ({"a": [1]}, [{"op": "add", "path": "/a/2", "value": 2}], "out of range"),
        ({"a": [1]}, [{"op": "remove", "path": "/a/1"}], "out of range"),
        ({"a": [1]}, [{"op": "remove", "path": "/a/-"}], "out of range"),
        ({"a": [1, 2]}, [{"op": "remove", "path": "/a/01"}], "out of range"),
        ({"a": [1]}, [{"op": "replace", "path": "/a/-1", "value": 0}], "out of range"),
        ({"a": [1]}, [{"op": "test", "path": "/a/x", "value": 1}], "out of range"),
        ({"a": 1}, [{"op": "frobnicate", "path": "/a"}], "unknown op"),
        ({"a": 1}, [{"path": "/a"}], "unknown op"),
        ({"a": 1}, [{"op": "add", "value": 1}], "needs a 'path'"),
        ({"a": 1}, [{"op": "add", "path": "/b"}], "needs a 'value'"),
        ({"a": 1}, [{"op": "replace", "path": "/a"}], "needs a 'value'"),
        ({"a": 1}, [{"op": "test", "path": "/a"}], "needs a 'value'"),
        ({"a": 1}, [{"op": "move", "path": "/b"}], "needs a 'from'"),
        ({"a": 1}, [{"op": "copy", "path": "/b"}], "needs a 'from'"),
        ({"a": 1}, [{"op": "add", "path": "a", "value": 1}], "not a JSON pointer"),
        ({"a": 1}, [{"op": "add", "path": 7, "value": 1}], "not a JSON pointer"),
        ({"a": 1}, [{"op": "add", "path": "/~2", "value": 1}], "invalid ~ escape"),
        ({"a": {"b": 1}}, [{"op": "move", "from": "/a", "path": "/a/b/c"}], "own child"),
        ({"a": 1}, [{"op": "remove", "path": ""}], "whole document"),
        ({"a": 1}, ["add"], "must be an object"),
    ],
)
def test_json_patch_errors(target: Any, operations: list[Any], message: str) -> None:
    with pytest.raises(PatchError, match=message):
        json_patch(target, operations)


@pytest.mark.parametrize("operations", [{"op": "add", "path": "/a", "value": 1}, "x", None])
def test_json_patch_requires_a_list(operations: Any) -> None:
    with pytest.raises(PatchError, match="list of operations"):
        json_patch({}, operations)


def test_json_patch_error_names_the_failing_operation() -> None:
    ops = [
        {"op": "add", "path": "/a", "value": 1},
        {"op": "test", "path": "/a", "value": 2},
    ]
    with pytest.raises(PatchError, match=r"operation 1: test failed"):
        json_patch({}, ops)


def test_json_patch_is_atomic_and_does_not_mutate_inputs() -> None:
    target = deployment()
    target_copy = copy.deepcopy(target)
    ops = [
        {"op": "replace", "path": "/spec/replicas", "value": 5},
        {"op": "remove", "path": "/metadata/labels/nope"},
    ]
    with pytest.raises(PatchError):
        json_patch(target, ops)
    assert target == target_copy


def test_json_patch_on_deployment_like_kubectl() -> None:
    value = {"name": "NEW", "value": "1"}
    ops = [
        {"op": "replace", "path": "/spec/replicas", "value": 4},
        {"op": "add", "path": "/spec/template/spec/containers/0/env/-", "value": value},
        {"op": "remove", "path": "/metadata/finalizers/0"},
        {"op": "add", "path": "/metadata/annotations/example.com~1owner", "value": "me"},
        {"op": "test", "path": "/spec/template/spec/containers/1/name", "value": "sidecar"},
    ]
    target = deployment()
    result = json_patch(target, ops)
    assert result["spec"]["replicas"] == 4
    assert container(result, "app")["env"][-1] == value
    assert result["metadata"]["finalizers"] == ["example.com/b"]
    assert result["metadata"]["annotations"]["example.com/owner"] == "me"
    # The inserted value is a copy: changing the result leaves the operation alone.
    container(result, "app")["env"][-1]["value"] = "changed"
    assert value == {"name": "NEW", "value": "1"}
    assert target == deployment()


def test_json_patch_replace_keeps_key_position() -> None:
    result = json_patch({"a": 1, "b": 2, "c": 3}, [{"op": "replace", "path": "/b", "value": 9}])
    assert list(result) == ["a", "b", "c"]


def test_json_equal_is_strict_about_types() -> None:
    assert json_equal({"a": [1, 2.0]}, {"a": [1.0, 2]})
    assert not json_equal(True, 1)
    assert not json_equal(0, False)
    assert not json_equal(None, False)
    assert not json_equal("1", 1)
    assert not json_equal({"a": 1}, {"a": 1, "b": None})
