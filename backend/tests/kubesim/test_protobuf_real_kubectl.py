"""The protobuf decoder on genuine output: request bodies captured from kubectl v1.37.1 talking
to a throwaway HTTP server, and a fuzz test seeded with them that may only raise the documented
errors."""

from __future__ import annotations

import random
from typing import Any

import pytest

from kubesim.protobuf import ProtobufDecodeError, UnsupportedProtobufKind, decode_object
from tests.kubesim.protobuf_support import GOOD, envelope, vint

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
