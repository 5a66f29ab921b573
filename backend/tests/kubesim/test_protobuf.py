"""Tests for the Kubernetes protobuf request-body decoder.

Bodies are built with a tiny protobuf encoder below; the REAL_KUBECTL cases are bytes captured
from kubectl v1.37.1 talking to a throwaway HTTP server, proving the decoder on genuine output.
"""

from __future__ import annotations

import datetime
import random
from typing import Any

import pytest

from kubesim.protobuf import (
    PROTOBUF_CONTENT_TYPE,
    ProtobufDecodeError,
    UnsupportedProtobufKind,
    decode_object,
)

# --- minimal protobuf encoder ----------------------------------------------------------------


def varint(n: int) -> bytes:
    n &= (1 << 64) - 1  # negative int64 -> two's complement, 10 bytes
    out = bytearray()
    while True:
        low, n = n & 0x7F, n >> 7
        if not n:
            out.append(low)
            return bytes(out)
        out.append(low | 0x80)


def tag(number: int, wire: int) -> bytes:
    return varint(number << 3 | wire)


def vint(number: int, n: int) -> bytes:
    return tag(number, 0) + varint(n)


def ld(number: int, payload: bytes | str) -> bytes:
    data = payload.encode() if isinstance(payload, str) else payload
    return tag(number, 2) + varint(len(data)) + data


def msg(number: int, *parts: bytes) -> bytes:
    return ld(number, b"".join(parts))


def entry(number: int, key: bytes | str, value: bytes | str) -> bytes:
    return msg(number, ld(1, key), ld(2, value))


def fixed64(number: int, n: int) -> bytes:
    return tag(number, 1) + n.to_bytes(8, "little")


def fixed32(number: int, n: int) -> bytes:
    return tag(number, 5) + n.to_bytes(4, "little")


def timestamp(number: int, seconds: int, nanos: int = 0) -> bytes:
    return msg(number, vint(1, seconds), vint(2, nanos))


def envelope(api_version: str, kind: str, *raw_parts: bytes) -> bytes:
    # Mirrors what client-go writes: typeMeta, raw, and empty contentEncoding/contentType.
    type_meta = msg(1, ld(1, api_version), ld(2, kind))
    return b"k8s\x00" + type_meta + ld(2, b"".join(raw_parts)) + ld(3, "") + ld(4, "")


def empty_meta(*parts: bytes) -> bytes:
    """ObjectMeta as Go writes it: every non-pointer string present and empty, zero time."""
    always = ld(2, "") + ld(3, "") + ld(4, "") + ld(5, "") + ld(6, "") + vint(7, 0) + ld(8, b"")
    return msg(1, *parts, always)


T1 = int(datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.UTC).timestamp())


# --- per-kind decoding ---------------------------------------------------------------------------


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


# --- field semantics --------------------------------------------------------------------------


def test_empty_values_are_dropped() -> None:
    # All-empty metadata, empty spec/status and a plain-int zero disappear entirely.
    body = envelope("v1", "Namespace", empty_meta(ld(1, "")), msg(2), msg(3, ld(1, "")))
    assert decode_object(body) == {"apiVersion": "v1", "kind": "Namespace"}


@pytest.mark.parametrize(
    ("time_message", "expected"),
    [
        (msg(8), None),  # Go zero time is written as an empty message -> JSON null -> absent
        (timestamp(8, -62135596800), None),  # explicit Go zero time
        (timestamp(8, 0), "1970-01-01T00:00:00Z"),
        (msg(8, vint(2, 5)), "1970-01-01T00:00:00Z"),  # nanos only: seconds default to 0
        (timestamp(8, -1), "1969-12-31T23:59:59Z"),
        (timestamp(8, -62135596799), "0001-01-01T00:00:01Z"),  # year zero-padded
        (timestamp(8, T1, nanos=500_000_000), "2024-01-02T03:04:05Z"),  # nanos ignored
    ],
)
def test_timestamps(time_message: bytes, expected: str | None) -> None:
    meta = decode_object(envelope("v1", "Secret", msg(1, ld(1, "s"), time_message)))["metadata"]
    assert meta.get("creationTimestamp") == expected


def test_map_entry_may_omit_key_or_value() -> None:
    body = envelope(
        "v1",
        "Secret",
        msg(2, ld(1, "novalue")),
        msg(2, ld(2, b"v")),
        msg(4, ld(2, "sv")),
        msg(4),
    )
    decoded = decode_object(body)
    assert decoded["data"] == {"novalue": "", "": "dg=="}
    assert decoded["stringData"] == {"": ""}  # the empty entry overwrote {"": "sv"}


def test_unknown_fields_of_every_wire_type_are_skipped() -> None:
    junk = vint(99, 12345) + fixed64(98, 1) + ld(97, b"\xff\xfe") + fixed32(96, 7)
    meta = msg(1, ld(1, "s"), junk, msg(11, ld(1, "a"), ld(2, "b"), junk))
    body = envelope("v1", "Secret", junk, meta, junk) + junk
    assert decode_object(body) == {
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": {"name": "s", "labels": {"a": "b"}},
    }


def test_envelope_without_raw_and_field_order() -> None:
    # raw omitted, typeMeta after other fields, contentType set: still fine.
    body = b"k8s\x00" + ld(4, "application/vnd.kubernetes.protobuf") + msg(1, ld(2, "Secret"))
    body += msg(1, ld(1, "v1"), ld(2, "Secret"))
    assert decode_object(body) == {"apiVersion": "v1", "kind": "Secret"}


# --- errors -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("api_version", "kind"),
    [("apps/v1", "Deployment"), ("v1", "Pod"), ("v2", "Secret"), ("", "Secret")],
)
def test_unsupported_kind(api_version: str, kind: str) -> None:
    with pytest.raises(UnsupportedProtobufKind) as info:
        decode_object(envelope(api_version, kind, ld(1, b"whatever")))
    assert (info.value.api_version, info.value.kind) == (api_version, kind)
    assert isinstance(info.value, ValueError)
    assert not isinstance(info.value, ProtobufDecodeError)


GOOD = envelope("v1", "Secret", msg(1, ld(1, "s")))


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "magic"),
        (b"{}", "magic"),
        (b"k8s", "magic"),
        (b"k8s\x01" + GOOD[4:], "magic"),
        (b"k8s\x00", "kind"),
        (b"k8s\x00" + msg(1, ld(1, "v1")), "kind"),
        (b"k8s\x00" + tag(1, 2) + varint(10) + b"abc", "length 10 exceeds"),
        (b"k8s\x00\x80", "truncated varint"),
        (b"k8s\x00" + tag(9, 0) + b"\xff" * 11, "longer than 10"),
        (b"k8s\x00" + tag(9, 0) + b"\xff" * 9 + b"\x02", "overflows"),
        (b"k8s\x00" + tag(9, 1) + b"\x00" * 7, "truncated fixed"),
        (b"k8s\x00" + tag(9, 5) + b"\x00" * 3, "truncated fixed"),
        (b"k8s\x00" + tag(9, 3), "wire type 3"),
        (b"k8s\x00" + tag(9, 4), "wire type 4"),
        (b"k8s\x00" + tag(9, 6), "wire type 6"),
        (b"k8s\x00" + tag(9, 7), "wire type 7"),
        (b"k8s\x00" + tag(0, 0) + b"\x00", "field number 0"),
        (b"k8s\x00" + vint(1, 5), "Unknown.typeMeta"),
        (b"k8s\x00" + vint(2, 5), "Unknown.raw"),
        (envelope("v1", "Secret") + ld(3, "gzip"), "contentEncoding"),
        (b"k8s\x00" + msg(1, ld(1, "v1"), ld(2, b"Sec\xffret")), "UTF-8"),
        (envelope("v1", "Secret", msg(1, vint(1, 1))), "metadata.name"),
        (envelope("v1", "Secret", msg(1, ld(1, b"\xc3"))), "UTF-8"),
        (envelope("v1", "Secret", msg(1, ld(7, "3"))), "generation"),
        (envelope("v1", "Secret", msg(1, vint(8, 1))), "creationTimestamp"),
        (envelope("v1", "Secret", msg(1, msg(8, ld(1, "x")))), "Time.seconds"),
        (envelope("v1", "Secret", msg(1, timestamp(8, 1 << 62))), "out of range"),
        (envelope("v1", "Secret", msg(1, msg(11, vint(1, 1)))), "map entry"),
        (envelope("v1", "Secret", msg(1, entry(11, b"\xff", "v"))), "UTF-8"),
        (envelope("v1", "Secret", entry(4, "k", b"\xff")), "UTF-8"),
        (envelope("v1", "Secret", vint(2, 1)), "data"),
        (envelope("v1", "Secret", ld(5, "true")), "immutable"),
        (envelope("v1", "DeleteOptions", ld(1, "0")), "gracePeriodSeconds"),
        (envelope("v1", "DeleteOptions", vint(5, 1)), "dryRun"),
        (envelope("v1", "Secret", msg(1, msg(13, vint(3, 1)))), "ownerReferences.name"),
    ],
)
def test_malformed(body: bytes, message: str) -> None:
    with pytest.raises(ProtobufDecodeError, match=message):
        decode_object(body)


def test_binary_secret_value_is_not_utf8_checked() -> None:
    decoded = decode_object(envelope("v1", "Secret", entry(2, "k", b"\xff\xfe")))
    assert decoded["data"] == {"k": "//4="}


def _decode_or_known_error(body: bytes) -> dict[str, Any] | None:
    try:
        return decode_object(body)
    except (ProtobufDecodeError, UnsupportedProtobufKind):
        return None


def test_fuzz_only_raises_documented_errors() -> None:
    rng = random.Random(1234)
    seeds = [case[0] for case in REAL_KUBECTL] + [
        GOOD,
        envelope("v1", "DeleteOptions", vint(1, 30)),
    ]
    for seed in seeds:
        for cut in range(len(seed)):  # every truncation
            _decode_or_known_error(seed[:cut])
    for _ in range(3000):
        mutated = bytearray(rng.choice(seeds))
        for _ in range(rng.randint(1, 4)):  # flip, insert or delete a few bytes after the magic
            pos = rng.randrange(4, len(mutated))
            action = rng.random()
            if action < 0.5:
                mutated[pos] = rng.randrange(256)
            elif action < 0.75:
                mutated.insert(pos, rng.randrange(256))
            elif len(mutated) > 5:
                del mutated[pos]
        _decode_or_known_error(bytes(mutated))
    for _ in range(2000):  # pure noise behind the magic
        _decode_or_known_error(b"k8s\x00" + rng.randbytes(rng.randrange(64)))


# --- real kubectl v1.37.1 request bodies --------------------------------------------------------

_META = b'"\x00*\x002\x008\x00B\x00'  # kubectl's always-written empty ObjectMeta tail

REAL_KUBECTL: list[tuple[bytes, dict[str, Any]]] = [
    (  # kubectl create secret generic s2 --from-literal=empty= --from-literal=bin=$'\xff'
        b"k8s\x00\n\x0c\n\x02v1\x12\x06Secret\x121\n\x12\n\x02s2\x12\x00\x1a\x00"
        + _META
        + b'\x12\x08\n\x03bin\x12\x01\xff\x12\t\n\x05empty\x12\x00\x1a\x06Opaque\x1a\x00"\x00',
        {
            "apiVersion": "v1",
            "kind": "Secret",
            "metadata": {"name": "s2"},
            "data": {"bin": "/w==", "empty": ""},
            "type": "Opaque",
        },
    ),
    (  # kubectl create configmap cm1 --from-literal=k=v --from-literal=empty=
        b"k8s\x00\n\x0f\n\x02v1\x12\tConfigMap\x12(\n\x13\n\x03cm1\x12\x00\x1a\x00"
        + _META
        + b'\x12\t\n\x05empty\x12\x00\x12\x06\n\x01k\x12\x01v\x1a\x00"\x00',
        {
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "metadata": {"name": "cm1"},
            "data": {"empty": "", "k": "v"},
        },
    ),
    (  # kubectl create namespace ns1
        b"k8s\x00\n\x0f\n\x02v1\x12\tNamespace\x12\x1b\n\x13\n\x03ns1\x12\x00\x1a\x00"
        + _META
        + b'\x12\x00\x1a\x02\n\x00\x1a\x00"\x00',
        {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "ns1"}},
    ),
    (  # kubectl auth can-i get pods -n kube-system
        b"k8s\x00\n2\n\x17authorization.k8s.io/v1\x12\x17SelfSubjectAccessReview\x12@\n\x10\n"
        + b"\x00\x12\x00\x1a\x00"
        + _META
        + b'\x12"\n \n\x0bkube-system\x12\x03get\x1a\x00"\x00'
        + b'*\x04pods2\x00:\x00\x1a\x08\x08\x00\x12\x00\x1a\x00 \x00\x1a\x00"\x00',
        {
            "apiVersion": "authorization.k8s.io/v1",
            "kind": "SelfSubjectAccessReview",
            "spec": {
                "resourceAttributes": {
                    "namespace": "kube-system",
                    "verb": "get",
                    "resource": "pods",
                }
            },
        },
    ),
    (  # kubectl auth can-i get /healthz
        b"k8s\x00\n2\n\x17authorization.k8s.io/v1\x12\x17SelfSubjectAccessReview\x12/\n\x10\n"
        + b"\x00\x12\x00\x1a\x00"
        + _META
        + b"\x12\x11\x12\x0f\n\x08/healthz\x12\x03get"
        + b'\x1a\x08\x08\x00\x12\x00\x1a\x00 \x00\x1a\x00"\x00',
        {
            "apiVersion": "authorization.k8s.io/v1",
            "kind": "SelfSubjectAccessReview",
            "spec": {"nonResourceAttributes": {"path": "/healthz", "verb": "get"}},
        },
    ),
    (  # kubectl auth can-i --list
        b"k8s\x00\n1\n\x17authorization.k8s.io/v1\x12\x16SelfSubjectRulesReview\x12#\n\x10\n"
        + b"\x00\x12\x00\x1a\x00"
        + _META
        + b'\x12\t\n\x07default\x1a\x04\x18\x00"\x00\x1a\x00"\x00',
        {
            "apiVersion": "authorization.k8s.io/v1",
            "kind": "SelfSubjectRulesReview",
            "spec": {"namespace": "default"},
        },
    ),
    (  # kubectl auth whoami
        b"k8s\x00\n-\n\x18authentication.k8s.io/v1\x12\x11SelfSubjectReview\x12\x1a\n\x10\n"
        + b"\x00\x12\x00\x1a\x00"
        + _META
        + b'\x12\x06\n\x04\n\x00\x12\x00\x1a\x00"\x00',
        {"apiVersion": "authentication.k8s.io/v1", "kind": "SelfSubjectReview"},
    ),
]


@pytest.mark.parametrize(("body", "expected"), REAL_KUBECTL)
def test_real_kubectl_bodies(body: bytes, expected: dict[str, Any]) -> None:
    assert decode_object(body) == expected
