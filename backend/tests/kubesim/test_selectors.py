"""Label and field selector parsing and matching, checked against API server behaviour."""

from __future__ import annotations

from typing import Any

import pytest

from kubesim.selectors import (
    FieldSelector,
    LabelSelector,
    Operator,
    SelectorError,
    escape_field_value,
    label_key_errors,
    label_selector_from_match,
    label_value_errors,
    parse_field_selector,
    parse_label_selector,
    supported_fields,
    unescape_field_value,
)

# ---- label selectors: matching -------------------------------------------------------------

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


# ---- field selectors -----------------------------------------------------------------------

POD: dict[str, Any] = {
    "metadata": {"name": "web-1", "namespace": "prod"},
    "spec": {
        "nodeName": "node-a",
        "restartPolicy": "Always",
        "schedulerName": "default-scheduler",
        "serviceAccountName": "default",
    },
    "status": {"phase": "Running", "podIPs": [{"ip": "10.0.0.7"}], "podIP": "10.0.0.7"},
}


@pytest.mark.parametrize(
    ("selector", "expected"),
    [
        ("", True),
        ("metadata.name=web-1", True),
        ("metadata.name==web-1", True),
        ("metadata.name!=web-1", False),
        ("metadata.name=web-2", False),
        ("metadata.namespace=prod", True),
        ("spec.nodeName=node-a", True),
        ("spec.nodeName=", False),
        ("spec.restartPolicy=Always", True),
        ("spec.schedulerName=default-scheduler", True),
        ("spec.serviceAccountName=default", True),
        ("spec.hostNetwork=false", True),  # unset bools compare as "false"
        ("spec.hostNetwork=true", False),
        ("status.phase=Running", True),
        ("status.phase!=Pending", True),
        ("status.podIP=10.0.0.7", True),
        ("status.nominatedNodeName=", True),  # missing compares as ""
        ("status.phase=Running,spec.nodeName=node-a", True),
        ("status.phase=Running,spec.nodeName!=node-a", False),
        ("status.phase=Running,,spec.nodeName=node-a", True),  # empty terms are skipped
    ],
)
def test_pod_field_selectors(selector: str, expected: bool) -> None:
    assert parse_field_selector(selector, "pods").matches(POD) is expected


def test_field_selector_on_sparse_objects() -> None:
    selector = parse_field_selector("spec.nodeName=,status.phase!=Running", "pods")
    assert selector.matches({})
    assert selector.matches({"spec": None, "status": "garbage"})
    assert parse_field_selector("metadata.namespace=", "nodes").matches({"metadata": {}})


def test_pod_ip_prefers_pod_ips_and_falls_back_to_pod_ip() -> None:
    selector = parse_field_selector("status.podIP=10.1.1.1", "pods")
    assert selector.matches({"status": {"podIPs": [{"ip": "10.1.1.1"}, {"ip": "fd00::1"}]}})
    assert selector.matches({"status": {"podIP": "10.1.1.1"}})


@pytest.mark.parametrize(
    ("resource", "selector", "obj"),
    [
        ("pods", "spec.hostNetwork=true", {"spec": {"hostNetwork": True}}),
        ("nodes", "spec.unschedulable=true", {"spec": {"unschedulable": True}}),
        ("nodes", "spec.unschedulable=false", {"spec": {}}),
        ("namespaces", "status.phase=Terminating", {"status": {"phase": "Terminating"}}),
        ("secrets", "type=kubernetes.io/tls", {"type": "kubernetes.io/tls"}),
        ("replicasets", "status.replicas=3", {"status": {"replicas": 3}}),
        ("replicasets", "status.replicas=0", {"status": {}}),
        ("replicationcontrollers", "status.replicas=2", {"status": {"replicas": 2}}),
        ("jobs", "status.successful=1", {"status": {"succeeded": 1}}),
        ("jobs", "status.successful=0", {}),
        ("persistentvolumeclaims", "metadata.name=data", {"metadata": {"name": "data"}}),
        ("persistentvolumes", "metadata.name=pv1", {"metadata": {"name": "pv1"}}),
        ("deployments", "metadata.namespace=prod", {"metadata": {"namespace": "prod"}}),
    ],
)
def test_resource_specific_fields(resource: str, selector: str, obj: dict[str, Any]) -> None:
    assert parse_field_selector(selector, resource).matches(obj)


EVENT: dict[str, Any] = {
    "metadata": {"name": "web-1.17a", "namespace": "prod"},
    "involvedObject": {
        "kind": "Pod",
        "namespace": "prod",
        "name": "web-1",
        "uid": "u-1",
        "apiVersion": "v1",
        "resourceVersion": "42",
        "fieldPath": "spec.containers{app}",
    },
    "reason": "BackOff",
    "type": "Warning",
    "source": {"component": "kubelet", "host": "node-a"},
    "reportingComponent": "kubelet",
}


@pytest.mark.parametrize(
    "selector",
    [
        "involvedObject.kind=Pod",
        "involvedObject.namespace=prod",
        "involvedObject.name=web-1",
        "involvedObject.uid=u-1",
        "involvedObject.apiVersion=v1",
        "involvedObject.resourceVersion=42",
        "involvedObject.fieldPath=spec.containers{app}",
        "reason=BackOff",
        "reportingComponent=kubelet",
        "source=kubelet",
        "type=Warning",
        "involvedObject.kind=Pod,involvedObject.name=web-1,type!=Normal",
    ],
)
def test_event_field_selectors(selector: str) -> None:
    assert parse_field_selector(selector, "events").matches(EVENT)


def test_event_source_falls_back_to_reporting_component() -> None:
    selector = parse_field_selector("source=scheduler", "events")
    assert selector.matches({"reportingComponent": "scheduler"})
    assert not selector.matches({"source": {"component": "kubelet"}, "reportingComponent": "x"})


@pytest.mark.parametrize(
    ("resource", "selector", "field"),
    [
        ("pods", "foo=bar", "foo"),
        ("pods", "spec.containers=x", "spec.containers"),
        ("deployments", "status.phase=Running", "status.phase"),
        ("events", "message=x", "message"),
        ("secrets", "data=x", "data"),
        ("nodes", "status.phase=x", "status.phase"),
        ("pods", "metadata.name =x", "metadata.name "),  # no whitespace trimming upstream
    ],
)
def test_unsupported_field(resource: str, selector: str, field: str) -> None:
    with pytest.raises(SelectorError) as caught:
        parse_field_selector(selector, resource)
    assert str(caught.value) == f"field label not supported: {field}"


@pytest.mark.parametrize(
    ("selector", "message"),
    [
        ("metadata.name", "invalid selector: 'metadata.name'; can't understand 'metadata.name'"),
        (
            "metadata.name=a,status.phase",
            "invalid selector: 'metadata.name=a,status.phase'; can't understand 'status.phase'",
        ),
        ("metadata.name=a=b", "invalid field selector: unescaped character in value: 61"),
        ("metadata.name=a\\x", "invalid field selector: invalid escape sequence: \\x"),
        ("metadata.name=a\\", "invalid field selector: invalid escape sequence: \\"),
    ],
)
def test_field_selector_syntax_errors(selector: str, message: str) -> None:
    with pytest.raises(SelectorError) as caught:
        parse_field_selector(selector, "pods")
    assert str(caught.value) == message


def test_syntax_errors_win_over_unsupported_fields() -> None:
    with pytest.raises(SelectorError, match="can't understand"):
        parse_field_selector("foo=bar,broken", "pods")


@pytest.mark.parametrize(
    ("selector", "value"),
    [
        ("metadata.name=a\\,b", "a,b"),
        ("metadata.name=a\\=b", "a=b"),
        ("metadata.name=a\\\\b", "a\\b"),
        ("metadata.name==b", "b"),  # "==" is one operator, not "=" and a value "=b"
        ("metadata.name!=b", "b"),
        ("metadata.name=", ""),
    ],
)
def test_field_selector_escapes(selector: str, value: str) -> None:
    parsed = parse_field_selector(selector, "configmaps")
    assert [r.value for r in parsed.requirements] == [value]


def test_escaped_comma_does_not_split_terms() -> None:
    selector = parse_field_selector("metadata.name=a\\,b,metadata.namespace=ns", "configmaps")
    assert selector.matches({"metadata": {"name": "a,b", "namespace": "ns"}})
    assert str(selector) == "metadata.name=a\\,b,metadata.namespace=ns"
    assert selector.exact_match("metadata.name") == "a,b"
    assert selector.exact_match("metadata.uid") is None


def test_escape_round_trip() -> None:
    raw = "a,b=c\\d"
    assert unescape_field_value(escape_field_value(raw)) == raw


def test_field_selector_value_types_are_stringified() -> None:
    obj = {"status": {"replicas": 3.0}}
    assert parse_field_selector("status.replicas=3", "replicasets").matches(obj)
    assert parse_field_selector("metadata.name=5", "pods").matches({"metadata": {"name": 5}})
    # Values that are not scalars compare as if the field were unset.
    assert parse_field_selector("metadata.name=", "pods").matches({"metadata": {"name": {}}})


def test_supported_fields_and_empty_selector() -> None:
    assert supported_fields("events")[:2] == ["metadata.name", "metadata.namespace"]
    assert "spec.nodeName" in supported_fields("pods")
    assert supported_fields("widgets") == ["metadata.name", "metadata.namespace"]
    empty = parse_field_selector("", "pods")
    assert isinstance(empty, FieldSelector)
    assert empty.empty
    assert empty.matches({})
