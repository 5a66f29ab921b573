"""The Kubernetes protobuf request-body decoder, kind by kind: Secret (with full metadata),
ConfigMap, Namespace, DeleteOptions and the self-subject reviews, from bodies built with the
encoder in protobuf_support.py."""

from __future__ import annotations

import pytest

from kubesim.protobuf import PROTOBUF_CONTENT_TYPE, decode_object
from tests.kubesim.protobuf_support import T1, empty_meta, entry, envelope, ld, msg, timestamp, vint


def test_content_type_constant() -> None:
    assert PROTOBUF_CONTENT_TYPE == "application/vnd.kubernetes.protobuf"


def test_secret_with_full_metadata() -> None:
    owner = msg(
        13,
        ld(1, "ReplicaSet"),
        ld(3, "rs1"),
        ld(4, "uid-rs"),
        ld(5, "apps/v1"),
        vint(6, 1),
        vint(7, 0),
    )
    meta = msg(
        1,
        ld(1, "s1"),
        ld(2, ""),
        ld(3, "default"),
        ld(4, "/api/v1/namespaces/default/secrets/s1"),  # selfLink: dropped
        ld(5, "uid-1"),
        ld(6, "42"),
        vint(7, 3),
        timestamp(8, T1, nanos=999),
        timestamp(9, T1 + 60),
        vint(10, 0),
        entry(11, "app", "web"),
        entry(11, "empty", ""),
        entry(12, "note", "x: y"),
        owner,
        msg(13, ld(1, "Deployment"), ld(3, "d1"), ld(4, "uid-d"), ld(5, "apps/v1")),
        ld(14, "example.com/f1"),
        ld(14, "example.com/f2"),
        msg(17, ld(1, "kubectl"), ld(2, "Apply")),  # managedFields: ignored
    )
    body = envelope(
        "v1",
        "Secret",
        meta,
        entry(2, "bin", b"\x00\xff"),
        entry(2, "txt", b"hello"),
        ld(3, "Opaque"),
        entry(4, "plain", "text"),
        vint(5, 0),
    )
    assert decode_object(body) == {
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": {
            "name": "s1",
            "namespace": "default",
            "uid": "uid-1",
            "resourceVersion": "42",
            "generation": 3,
            "creationTimestamp": "2024-01-02T03:04:05Z",
            "deletionTimestamp": "2024-01-02T03:05:05Z",
            "deletionGracePeriodSeconds": 0,
            "labels": {"app": "web", "empty": ""},
            "annotations": {"note": "x: y"},
            "ownerReferences": [
                {
                    "kind": "ReplicaSet",
                    "name": "rs1",
                    "uid": "uid-rs",
                    "apiVersion": "apps/v1",
                    "controller": True,
                    "blockOwnerDeletion": False,
                },
                {"kind": "Deployment", "name": "d1", "uid": "uid-d", "apiVersion": "apps/v1"},
            ],
            "finalizers": ["example.com/f1", "example.com/f2"],
        },
        "data": {"bin": "AP8=", "txt": "aGVsbG8="},
        "type": "Opaque",
        "stringData": {"plain": "text"},
        "immutable": False,
    }


def test_configmap() -> None:
    body = envelope(
        "v1",
        "ConfigMap",
        empty_meta(ld(1, "cm")),
        entry(2, "k", "v"),
        entry(2, "k", "v2"),  # repeated key: last one wins
        entry(3, "blob", b"\x01\x02\x03"),
        vint(4, 1),
    )
    assert decode_object(body) == {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": "cm"},
        "data": {"k": "v2"},
        "binaryData": {"blob": "AQID"},
        "immutable": True,
    }


def test_namespace() -> None:
    body = envelope(
        "v1",
        "Namespace",
        empty_meta(ld(1, "ns1")),
        msg(2, ld(1, "kubernetes")),
        msg(3, ld(1, "Active"), msg(2, ld(1, "cond"))),  # conditions (2): unknown, skipped
    )
    assert decode_object(body) == {
        "apiVersion": "v1",
        "kind": "Namespace",
        "metadata": {"name": "ns1"},
        "spec": {"finalizers": ["kubernetes"]},
        "status": {"phase": "Active"},
    }


@pytest.mark.parametrize("api_version", ["meta.k8s.io/v1", "v1", "apps/v1"])
def test_delete_options(api_version: str) -> None:
    body = envelope(
        api_version,
        "DeleteOptions",
        vint(1, 0),
        msg(2, ld(1, "uid-1"), ld(2, "7")),
        vint(3, 0),
        ld(4, "Foreground"),
        ld(5, "All"),
    )
    assert decode_object(body) == {
        "apiVersion": api_version,
        "kind": "DeleteOptions",
        "gracePeriodSeconds": 0,  # present on the wire, so "delete now" survives
        "preconditions": {"uid": "uid-1", "resourceVersion": "7"},
        "orphanDependents": False,
        "propagationPolicy": "Foreground",
        "dryRun": ["All"],
    }


def test_delete_options_absent_and_negative_fields() -> None:
    assert decode_object(envelope("v1", "DeleteOptions", ld(4, ""))) == {
        "apiVersion": "v1",
        "kind": "DeleteOptions",
    }
    decoded = decode_object(envelope("meta.k8s.io/v1", "DeleteOptions", vint(1, -1)))
    assert decoded["gracePeriodSeconds"] == -1


def test_self_subject_access_review_resource() -> None:
    attrs = msg(
        1,
        ld(1, "ns"),
        ld(2, "get"),
        ld(3, "apps"),
        ld(4, "v1"),
        ld(5, "deployments"),
        ld(6, "scale"),
        ld(7, "web"),
    )
    body = envelope(
        "authorization.k8s.io/v1", "SelfSubjectAccessReview", empty_meta(), msg(2, attrs)
    )
    assert decode_object(body) == {
        "apiVersion": "authorization.k8s.io/v1",
        "kind": "SelfSubjectAccessReview",
        "spec": {
            "resourceAttributes": {
                "namespace": "ns",
                "verb": "get",
                "group": "apps",
                "version": "v1",
                "resource": "deployments",
                "subresource": "scale",
                "name": "web",
            }
        },
    }


def test_self_subject_access_review_non_resource() -> None:
    body = envelope(
        "authorization.k8s.io/v1",
        "SelfSubjectAccessReview",
        msg(2, msg(2, ld(1, "/healthz"), ld(2, "get"))),
    )
    assert decode_object(body)["spec"] == {
        "nonResourceAttributes": {"path": "/healthz", "verb": "get"}
    }


def test_self_subject_rules_review_and_self_subject_review() -> None:
    rules = envelope("authorization.k8s.io/v1", "SelfSubjectRulesReview", msg(2, ld(1, "dev")))
    assert decode_object(rules) == {
        "apiVersion": "authorization.k8s.io/v1",
        "kind": "SelfSubjectRulesReview",
        "spec": {"namespace": "dev"},
    }
    review = envelope("authentication.k8s.io/v1", "SelfSubjectReview", empty_meta(ld(1, "me")))
    assert decode_object(review) == {
        "apiVersion": "authentication.k8s.io/v1",
        "kind": "SelfSubjectReview",
        "metadata": {"name": "me"},
    }
