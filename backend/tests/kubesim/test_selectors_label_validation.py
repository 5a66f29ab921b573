"""Label selectors: syntax errors with the API server's messages, label key and value
validation, and `label_selector_from_match` (matchLabels/matchExpressions) with its errors."""

from __future__ import annotations

from typing import Any

import pytest

from kubesim.selectors import (
    SelectorError,
    label_key_errors,
    label_selector_from_match,
    label_value_errors,
    parse_label_selector,
)

# ---- label selectors: errors ---------------------------------------------------------------

_NAME_REGEX_MSG = (
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
    "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
    "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "a b",
            "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt",
        ),
        ("a=b c", "found 'c', expected: ',' or 'end of string'"),
        ("a=b,", "found '', expected: identifier after ','"),
        ("a=b,,c", "found ',', expected: identifier after ','"),
        (",", "found ',', expected: !, identifier, or 'end of string'"),
        ("=a", "found '=', expected: !, identifier, or 'end of string'"),
        ("!", "unable to parse requirement: found '', expected: identifier"),
        ("!a=b", "found '=', expected: ',' or 'end of string'"),
        ("a in (b", "unable to parse requirement: found '', expected: ',' or ')'"),
        ("a in b", "unable to parse requirement: found 'b' expected: '('"),
        ("a in (b c)", "unable to parse requirement: found 'c', expected: ',' or ')'"),
        ("a in (=)", "unable to parse requirement: found '=', expected: ',', ')' or identifier"),
        ("a=>b", "unable to parse requirement: found '>', expected: identifier"),
        ("a in ()x", "found 'x', expected: ',' or 'end of string'"),
        (
            "a>b",
            'unable to parse requirement: values[0]: Invalid value: "b": '
            "for 'Gt', 'Lt' operators, the value must be an integer",
        ),
        (
            "-a=b",
            'unable to parse requirement: <nil>: Invalid value: "-a": name part ' + _NAME_REGEX_MSG,
        ),
        (
            "/a",
            'unable to parse requirement: <nil>: Invalid value: "/a": '
            "prefix part must be non-empty",
        ),
    ],
)
def test_label_selector_syntax_errors(text: str, message: str) -> None:
    with pytest.raises(SelectorError) as caught:
        parse_label_selector(text)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    "text",
    [
        "a=-b",  # values must start with an alphanumeric character
        "a=b-",
        "a=" + "v" * 64,  # values are at most 63 characters
        "a in (ok,bad_)",
        "a>-5",  # Gt/Lt values must still be valid label values
    ],
)
def test_label_value_validation(text: str) -> None:
    with pytest.raises(SelectorError, match=r"^unable to parse requirement: values\[0\]\[a\]"):
        parse_label_selector(text)


def test_selector_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="unable to parse requirement"):
        parse_label_selector("a b")


# ---- label key and value validation --------------------------------------------------------


@pytest.mark.parametrize(
    "key",
    [
        "app",
        "A",
        "a.b_c-d",
        "k" * 63,
        "example.com/key",
        "app.kubernetes.io/name",
        "node-role.kubernetes.io/control-plane",
        "a/b",
        ("d" * 63 + ".") * 3 + "com/name",
    ],
)
def test_valid_label_keys(key: str) -> None:
    assert label_key_errors(key) == []
    assert parse_label_selector(f"{key}=v").requirements[0].key == key


@pytest.mark.parametrize(
    ("key", "problem"),
    [
        ("", "name part must be non-empty"),
        ("k" * 64, "name part must be no more than 63 characters"),
        ("-app", "name part must consist of alphanumeric"),
        ("app_", "name part must consist of alphanumeric"),
        ("a b", "name part must consist of alphanumeric"),
        ("Example.com/key", "prefix part a lowercase RFC 1123 subdomain"),
        ("/key", "prefix part must be non-empty"),
        ("example.com/", "name part must be non-empty"),
        ("a/b/c", "a qualified name must consist of alphanumeric characters"),
        ("d" * 254 + "/key", "prefix part must be no more than 253 characters"),
    ],
)
def test_invalid_label_keys(key: str, problem: str) -> None:
    assert any(problem in err for err in label_key_errors(key))


@pytest.mark.parametrize("value", ["", "a", "A-b_c.d", "v" * 63, "123"])
def test_valid_label_values(value: str) -> None:
    assert label_value_errors(value) == []


@pytest.mark.parametrize("value", ["-a", "a-", ".a", "a b", "a/b", "v" * 64])
def test_invalid_label_values(value: str) -> None:
    assert label_value_errors(value)


# ---- label_selector_from_match -------------------------------------------------------------


def test_from_match_labels_and_expressions() -> None:
    selector = label_selector_from_match(
        {
            "matchLabels": {"app": "web"},
            "matchExpressions": [
                {"key": "tier", "operator": "In", "values": ["frontend", "edge"]},
                {"key": "env", "operator": "NotIn", "values": ["prod"]},
                {"key": "team", "operator": "Exists"},
                {"key": "legacy", "operator": "DoesNotExist", "values": []},
            ],
        }
    )
    assert str(selector) == "app=web,env notin (prod),!legacy,team,tier in (edge,frontend)"
    assert selector.matches({"app": "web", "tier": "edge", "team": "x"})
    assert not selector.matches({"app": "web", "tier": "edge"})
    assert not selector.matches({"app": "web", "tier": "edge", "team": "x", "env": "prod"})
    assert not selector.matches({"app": "web", "tier": "edge", "team": "x", "legacy": "1"})


def test_from_match_empty_selects_everything_and_none_selects_nothing() -> None:
    assert label_selector_from_match({}).matches({"any": "thing"})
    assert label_selector_from_match({"matchLabels": {}, "matchExpressions": []}).empty
    nothing = label_selector_from_match(None)
    assert not nothing.matches({})
    assert not nothing.matches({"a": "b"})
    assert not nothing.empty
    assert str(nothing) == ""


@pytest.mark.parametrize(
    ("selector", "message"),
    [
        (
            {"matchExpressions": [{"key": "a", "operator": "Equals", "values": ["b"]}]},
            '"Equals" is not a valid label selector operator',
        ),
        (
            {"matchExpressions": [{"key": "a", "operator": "In", "values": []}]},
            "values: Invalid value: []string{}: for 'in', 'notin' operators, "
            "values set can't be empty",
        ),
        (
            {"matchExpressions": [{"key": "a", "operator": "Exists", "values": ["x"]}]},
            'values: Invalid value: []string{"x"}: values set must be empty for exists and '
            "does not exist",
        ),
        (
            {"matchLabels": {"-a": "b"}},
            'key: Invalid value: "-a": name part ' + _NAME_REGEX_MSG,
        ),
    ],
)
def test_from_match_errors(selector: dict[str, Any], message: str) -> None:
    with pytest.raises(SelectorError) as caught:
        label_selector_from_match(selector)
    assert str(caught.value) == message


def test_from_match_reports_every_problem_of_a_requirement() -> None:
    with pytest.raises(SelectorError, match=r"^\[key: Invalid value: .*values\[0\]\[-a\]"):
        label_selector_from_match({"matchLabels": {"-a": "b c"}})


@pytest.mark.parametrize(
    "selector",
    [
        {"matchLabels": ["a"]},
        {"matchExpressions": {"key": "a"}},
        {"matchExpressions": ["a"]},
        {"matchExpressions": [{"key": "a", "operator": "In", "values": "b"}]},
    ],
)
def test_from_match_rejects_malformed_objects(selector: dict[str, Any]) -> None:
    with pytest.raises(SelectorError):
        label_selector_from_match(selector)
