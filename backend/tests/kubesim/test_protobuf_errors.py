"""The protobuf decoder's errors: unsupported kinds and every way a body can be malformed (each
raises ProtobufDecodeError naming the problem); binary Secret values are not UTF-8 checked."""

from __future__ import annotations

import pytest

from kubesim.protobuf import ProtobufDecodeError, UnsupportedProtobufKind, decode_object
from tests.kubesim.protobuf_support import (
    GOOD,
    entry,
    envelope,
    ld,
    msg,
    tag,
    timestamp,
    varint,
    vint,
)


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
