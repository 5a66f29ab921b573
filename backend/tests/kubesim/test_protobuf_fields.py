"""The protobuf decoder's field semantics: empty values dropped, timestamps, partial map
entries, unknown fields of every wire type skipped, and the envelope's field order."""

from __future__ import annotations

import pytest

from kubesim.protobuf import decode_object
from tests.kubesim.protobuf_support import (
    T1,
    empty_meta,
    envelope,
    fixed32,
    fixed64,
    ld,
    msg,
    timestamp,
    vint,
)


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
