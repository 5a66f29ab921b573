"""A tiny protobuf encoder for the protobuf decoder tests (test_protobuf_*.py): it builds
request bodies the way client-go writes them, envelope and ObjectMeta included."""

from __future__ import annotations

import datetime


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


GOOD = envelope("v1", "Secret", msg(1, ld(1, "s")))  # a minimal valid body
