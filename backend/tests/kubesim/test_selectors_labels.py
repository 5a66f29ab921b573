"""Label selectors: parsing, matching, the canonical string form, operators, exact matches and
equality, checked against API server behaviour."""

from __future__ import annotations

import pytest

from kubesim.selectors import LabelSelector, Operator, parse_label_selector

WEB = {"app": "web", "tier": "frontend", "replicas": "3"}


@pytest.mark.parametrize(
    ("selector", "labels", "expected"),
    [
        ("", WEB, True),
        ("", None, True),
        ("", {}, True),
        ("app=web", WEB, True),
        ("app=db", WEB, False),
        ("app==web", WEB, True),
        ("app!=web", WEB, False),
        ("app!=db", WEB, True),
        ("env!=prod", WEB, True),  # != matches objects lacking the key
        ("app in (web,db)", WEB, True),
        ("app in (db,cache)", WEB, False),
        ("env in (prod)", WEB, False),
        ("app notin (web)", WEB, False),
        ("app notin (db)", WEB, True),
        ("env notin (prod)", WEB, True),  # notin also matches a missing key
        ("app", WEB, True),
        ("env", WEB, False),
        ("!env", WEB, True),
        ("!app", WEB, False),
        ("replicas>2", WEB, True),
        ("replicas>3", WEB, False),
        ("replicas<4", WEB, True),
        ("replicas<3", WEB, False),
        ("app>1", WEB, False),  # a non-integer label value never satisfies Gt/Lt
        ("missing>1", WEB, False),
        ("missing<1", WEB, False),
        ("app=web,tier=frontend", WEB, True),
        ("app=web,tier=backend", WEB, False),
        ("app=web,!env,tier in (frontend)", WEB, True),
        ("app=web", None, False),
        ("env!=prod", None, True),
        ("empty=", {"empty": ""}, True),
        ("empty=", {}, False),
        ("k in ()", {"k": ""}, True),
        ("k in (a,,b)", {"k": ""}, True),
    ],
)
def test_label_selector_matches(
    selector: str, labels: dict[str, str] | None, expected: bool
) -> None:
    assert parse_label_selector(selector).matches(labels) is expected


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("", ""),
        ("a=b", "a=b"),
        ("a==b", "a==b"),
        ("a!=b", "a!=b"),
        ("  a  =  b  ,  c  ", "a=b,c"),
        ("\ta=b\n", "a=b"),
        ("z=1,a=2", "a=2,z=1"),  # requirements are sorted by key
        ("x in (foo,,baz),y,z notin ()", "x in (,baz,foo),y,z notin ()"),
        ("app in ( b , a )", "app in (a,b)"),
        ("!a", "!a"),
        ("a>5,b<7", "a>5,b<7"),
        ("in in (in,notin)", "in in (in,notin)"),  # keywords are plain words as key/value
        ("notin notin (x)", "notin notin (x)"),
        ("example.com/role=db", "example.com/role=db"),
        ("a=", "a="),
    ],
)
def test_label_selector_canonical_string(text: str, canonical: str) -> None:
    assert str(parse_label_selector(text)) == canonical


def test_parsed_requirements_expose_operators() -> None:
    selector = parse_label_selector("a=1,b==2,c!=3,d in (4),e notin (5),f,!g,h>8,i<9")
    operators = {r.key: r.operator for r in selector.requirements}
    assert operators == {
        "a": Operator.EQUALS,
        "b": Operator.DOUBLE_EQUALS,
        "c": Operator.NOT_EQUALS,
        "d": Operator.IN,
        "e": Operator.NOT_IN,
        "f": Operator.EXISTS,
        "g": Operator.DOES_NOT_EXIST,
        "h": Operator.GREATER_THAN,
        "i": Operator.LESS_THAN,
    }


def test_empty_and_exact_match() -> None:
    assert parse_label_selector("").empty
    assert not parse_label_selector("a").empty
    selector = parse_label_selector("app=web,tier in (a),env in (x,y),!gone")
    assert selector.exact_match("app") == "web"
    assert selector.exact_match("tier") == "a"
    assert selector.exact_match("env") is None
    assert selector.exact_match("gone") is None
    assert selector.exact_match("other") is None


def test_selectors_compare_by_meaning() -> None:
    assert parse_label_selector("b=1,a=2") == parse_label_selector("a=2, b=1")
    assert hash(parse_label_selector("a")) == hash(parse_label_selector(" a "))
    assert parse_label_selector("a") != LabelSelector.nothing()
