"""Field selectors: the fields each resource supports, matching (pods, events and others),
syntax errors, escaping and value stringification, checked against API server behaviour."""

from __future__ import annotations

from typing import Any

import pytest

from kubesim.selectors import (
    FieldSelector,
    SelectorError,
    escape_field_value,
    parse_field_selector,
    supported_fields,
    unescape_field_value,
)

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
