"""Decode Kubernetes protobuf request bodies into the JSON dicts the API server would have seen.

kubectl and helm may send bodies as ``application/vnd.kubernetes.protobuf``: the magic
``k8s\\x00`` followed by a ``runtime.Unknown`` envelope whose ``raw`` field holds the encoded
object. We decode the kinds kubectl/helm send as protobuf (kubectl v1.37 does so for
``create secret|configmap|namespace`` and ``auth can-i|whoami``); anything else raises
:class:`UnsupportedProtobufKind` so the server can answer 415. Note that kubectl does NOT retry
as JSON after a 415, so every kind real clients send this way needs a table here.

The design is a generic wire reader plus one declarative field table per message type, so
supporting another kind means writing one more table. Field numbers come from the
``generated.proto`` files in k8s.io/api and k8s.io/apimachinery.
"""

from __future__ import annotations

import base64
import datetime
from collections.abc import Iterator
from typing import Any, Literal, NamedTuple

PROTOBUF_CONTENT_TYPE = "application/vnd.kubernetes.protobuf"

_MAGIC = b"k8s\x00"

# Protobuf wire types; groups (3, 4) were never used by Kubernetes, so they count as malformed.
_VARINT, _FIXED64, _LEN, _FIXED32 = 0, 1, 2, 5


class ProtobufDecodeError(ValueError):
    """The body is not valid Kubernetes protobuf (the server answers 400)."""


class UnsupportedProtobufKind(ValueError):
    """A well-formed envelope around a kind this decoder does not know (the server answers 415)."""

    def __init__(self, api_version: str, kind: str) -> None:
        super().__init__(
            f"protobuf decoding of {api_version or '<none>'}/{kind or '<none>'} is not supported"
        )
        self.api_version = api_version
        self.kind = kind


# "bytes" stays raw bytes (only for the envelope); map_bytes values become base64 like in JSON.
Scalar = Literal["string", "bytes", "int64", "bool", "time", "map_string", "map_bytes"]


class Field(NamedTuple):
    name: str
    type: Scalar | dict[int, Field]  # a dict is a nested message table
    repeated: bool = False
    # Go pointer fields (*int64, *bool) are only put on the wire when set, so an explicit 0/false
    # is meaningful (e.g. gracePeriodSeconds=0 means "delete now"). Plain Go ints are always
    # written and their zero value is omitted from JSON, so those are dropped.
    keep_zero: bool = False


Table = dict[int, Field]

# metav1.Time is {1 seconds, 2 nanos}; nanos are ignored because JSON only carries seconds.
_TIME_SECONDS = 1
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
_GO_ZERO_TIME = -62135596800  # time.Time{}.Unix()

_OWNER_REFERENCE: Table = {
    1: Field("kind", "string"),
    3: Field("name", "string"),
    4: Field("uid", "string"),
    5: Field("apiVersion", "string"),
    6: Field("controller", "bool", keep_zero=True),
    7: Field("blockOwnerDeletion", "bool", keep_zero=True),
}

# selfLink (4) and managedFields (17) are deliberately absent: the server ignores/rebuilds them.
_OBJECT_META: Table = {
    1: Field("name", "string"),
    2: Field("generateName", "string"),
    3: Field("namespace", "string"),
    5: Field("uid", "string"),
    6: Field("resourceVersion", "string"),
    7: Field("generation", "int64"),
    8: Field("creationTimestamp", "time"),
    9: Field("deletionTimestamp", "time"),
    10: Field("deletionGracePeriodSeconds", "int64", keep_zero=True),
    11: Field("labels", "map_string"),
    12: Field("annotations", "map_string"),
    13: Field("ownerReferences", _OWNER_REFERENCE, repeated=True),
    14: Field("finalizers", "string", repeated=True),
}

_SECRET: Table = {
    1: Field("metadata", _OBJECT_META),
    2: Field("data", "map_bytes"),
    3: Field("type", "string"),
    4: Field("stringData", "map_string"),
    5: Field("immutable", "bool", keep_zero=True),
}

_CONFIG_MAP: Table = {
    1: Field("metadata", _OBJECT_META),
    2: Field("data", "map_string"),
    3: Field("binaryData", "map_bytes"),
    4: Field("immutable", "bool", keep_zero=True),
}

_NAMESPACE: Table = {
    1: Field("metadata", _OBJECT_META),
    2: Field("spec", {1: Field("finalizers", "string", repeated=True)}),
    3: Field("status", {1: Field("phase", "string")}),
}

_DELETE_OPTIONS: Table = {
    1: Field("gracePeriodSeconds", "int64", keep_zero=True),
    2: Field("preconditions", {1: Field("uid", "string"), 2: Field("resourceVersion", "string")}),
    3: Field("orphanDependents", "bool", keep_zero=True),
    4: Field("propagationPolicy", "string"),
    5: Field("dryRun", "string", repeated=True),
}

_RESOURCE_ATTRIBUTES: Table = {
    1: Field("namespace", "string"),
    2: Field("verb", "string"),
    3: Field("group", "string"),
    4: Field("version", "string"),
    5: Field("resource", "string"),
    6: Field("subresource", "string"),
    7: Field("name", "string"),
}

_SELF_SUBJECT_ACCESS_REVIEW: Table = {
    1: Field("metadata", _OBJECT_META),
    2: Field(
        "spec",
        {
            1: Field("resourceAttributes", _RESOURCE_ATTRIBUTES),
            2: Field(
                "nonResourceAttributes", {1: Field("path", "string"), 2: Field("verb", "string")}
            ),
        },
    ),
}

_KINDS: dict[tuple[str, str], Table] = {
    ("v1", "Secret"): _SECRET,
    ("v1", "ConfigMap"): _CONFIG_MAP,
    ("v1", "Namespace"): _NAMESPACE,
    ("authorization.k8s.io/v1", "SelfSubjectAccessReview"): _SELF_SUBJECT_ACCESS_REVIEW,
    ("authorization.k8s.io/v1", "SelfSubjectRulesReview"): {
        1: Field("metadata", _OBJECT_META),
        2: Field("spec", {1: Field("namespace", "string")}),
    },
    ("authentication.k8s.io/v1", "SelfSubjectReview"): {1: Field("metadata", _OBJECT_META)},
}

# DeleteOptions is registered in every API group version (legacy client-go code paths encode it
# with the target resource's group version), so it is accepted under any apiVersion.
_ANY_VERSION_KINDS: dict[str, Table] = {"DeleteOptions": _DELETE_OPTIONS}

_UNKNOWN_ENVELOPE: Table = {
    1: Field("typeMeta", {1: Field("apiVersion", "string"), 2: Field("kind", "string")}),
    2: Field("raw", "bytes"),  # the object message, decoded once typeMeta says what it is
    3: Field("contentEncoding", "string"),
    4: Field("contentType", "string"),
}


def _read_varint(data: bytes, pos: int) -> tuple[int, int]:
    result = 0
    for shift in range(0, 70, 7):  # a 64-bit varint is at most 10 bytes
        if pos >= len(data):
            raise ProtobufDecodeError("truncated varint")
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            if result >> 64:
                raise ProtobufDecodeError("varint overflows 64 bits")
            return result, pos
    raise ProtobufDecodeError("varint longer than 10 bytes")


def _iter_fields(data: bytes) -> Iterator[tuple[int, int, int | bytes]]:
    """Yield (field number, wire type, value): ints for numeric wire types, bytes for LEN."""
    pos = 0
    while pos < len(data):
        key, pos = _read_varint(data, pos)
        number, wire = key >> 3, key & 7
        if not 1 <= number < 1 << 29:
            raise ProtobufDecodeError(f"invalid field number {number}")
        value: int | bytes
        if wire == _VARINT:
            value, pos = _read_varint(data, pos)
        elif wire in (_FIXED64, _FIXED32):
            size = 8 if wire == _FIXED64 else 4
            if pos + size > len(data):
                raise ProtobufDecodeError(f"truncated fixed-width field {number}")
            value = int.from_bytes(data[pos : pos + size], "little")
            pos += size
        elif wire == _LEN:
            length, pos = _read_varint(data, pos)
            if pos + length > len(data):
                raise ProtobufDecodeError(f"field {number} length {length} exceeds remaining bytes")
            value = data[pos : pos + length]
            pos += length
        else:
            raise ProtobufDecodeError(f"unsupported wire type {wire} for field {number}")
        yield number, wire, value


def _string(value: bytes, what: str) -> str:
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProtobufDecodeError(f"{what}: invalid UTF-8") from exc


def _int64(value: int) -> int:
    # Varints carry int64 as two's complement in 64 bits.
    return value - (1 << 64) if value >> 63 else value


def _time(value: bytes) -> str | None:
    seconds = 0
    for number, wire, raw in _iter_fields(value):
        if number == _TIME_SECONDS:
            if not isinstance(raw, int) or wire != _VARINT:
                raise ProtobufDecodeError("Time.seconds: expected varint")
            seconds = _int64(raw)
    # metav1.Time writes an empty message for Go's zero time, which JSON renders as null.
    if not value or seconds == _GO_ZERO_TIME:
        return None
    try:
        moment = _EPOCH + datetime.timedelta(seconds=seconds)
    except OverflowError as exc:
        raise ProtobufDecodeError(f"Time.seconds {seconds} out of range") from exc
    # isoformat() zero-pads the year (strftime's %Y does not on glibc); no fraction is printed.
    return moment.replace(tzinfo=None).isoformat() + "Z"


def _map_entry(value: bytes, as_bytes: bool, what: str) -> tuple[str, str]:
    # Entries are messages {1 key, 2 value}; either may be omitted and then defaults to empty.
    key, item = b"", b""
    for number, wire, raw in _iter_fields(value):
        if number in (1, 2):
            if not isinstance(raw, bytes) or wire != _LEN:
                raise ProtobufDecodeError(
                    f"{what}: map entry field {number} must be length-delimited"
                )
            if number == 1:
                key = raw
            else:
                item = raw
    text = base64.b64encode(item).decode("ascii") if as_bytes else _string(item, what)
    return _string(key, what), text


def _decode_message(data: bytes, table: Table, path: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for number, wire, raw in _iter_fields(data):
        field = table.get(number)
        if field is None:
            continue  # unknown fields are skipped, as in any protobuf decoder
        what = f"{path}{field.name}"
        expected = _VARINT if field.type in ("int64", "bool") else _LEN
        if wire != expected:
            raise ProtobufDecodeError(f"{what}: wire type {wire}, expected {expected}")
        value: Any
        if isinstance(raw, int):
            value = bool(raw) if field.type == "bool" else _int64(raw)
        elif isinstance(field.type, dict):
            value = _decode_message(raw, field.type, f"{what}.")
        elif field.type == "bytes":
            value = raw
        elif field.type == "string":
            value = _string(raw, what)
        elif field.type == "time":
            value = _time(raw)
        else:
            key, text = _map_entry(raw, field.type == "map_bytes", what)
            out.setdefault(field.name, {})[key] = text  # a repeated key: last one wins
            continue
        if field.repeated:
            out.setdefault(field.name, []).append(value)
        else:
            out[field.name] = value  # last occurrence wins (Go would merge messages; rare)
    # Drop what Go's JSON encoding would have omitted, so the result matches a JSON request body.
    keep_zero = {field.name for field in table.values() if field.keep_zero}
    return {
        name: value
        for name, value in out.items()
        if value is not None
        and value not in ("", b"", {}, [])
        and (name in keep_zero or not (isinstance(value, int) and value == 0))
    }


def decode_object(data: bytes) -> dict[str, Any]:
    """Decode a ``k8s\\x00``-prefixed protobuf body into the equivalent JSON object dict.

    Raises ProtobufDecodeError for malformed bytes and UnsupportedProtobufKind for kinds
    without a field table; nothing else escapes.
    """
    if not data.startswith(_MAGIC):
        raise ProtobufDecodeError("missing k8s protobuf magic prefix")
    envelope = _decode_message(data[len(_MAGIC) :], _UNKNOWN_ENVELOPE, "Unknown.")
    if envelope.get("contentEncoding"):
        raise ProtobufDecodeError(f"unsupported contentEncoding {envelope['contentEncoding']!r}")
    type_meta: dict[str, str] = envelope.get("typeMeta", {})
    api_version, kind = type_meta.get("apiVersion", ""), type_meta.get("kind", "")
    if not kind:
        raise ProtobufDecodeError("envelope has no typeMeta.kind")  # apiserver: "Kind is missing"
    table = _KINDS.get((api_version, kind)) or _ANY_VERSION_KINDS.get(kind)
    if table is None:
        raise UnsupportedProtobufKind(api_version, kind)
    obj = _decode_message(envelope.get("raw", b""), table)
    return {"apiVersion": api_version, "kind": kind, **obj}
