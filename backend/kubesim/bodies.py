"""Decoding request bodies: JSON, YAML, Kubernetes protobuf, and the four patch media types."""

from __future__ import annotations

import json
from typing import Any

import yaml

from kubesim import errors
from kubesim.protobuf import (
    PROTOBUF_CONTENT_TYPE,
    ProtobufDecodeError,
    UnsupportedProtobufKind,
    decode_object,
)

_ACCEPTED = "application/json, application/yaml, application/vnd.kubernetes.protobuf"


def media_type(content_type: str | None) -> str:
    return (content_type or "").split(";")[0].strip().lower()


def decode(raw: bytes, content_type: str | None) -> Any:
    """The body as JSON-like data. The Python client POSTs JSON without a Content-Type."""
    kind = media_type(content_type)
    if kind == PROTOBUF_CONTENT_TYPE:
        return _decode_protobuf(raw)
    if kind in ("application/yaml", "application/apply-patch+yaml"):
        return _decode_yaml(raw)
    if kind in ("", "application/json", "*/*", "text/plain") or kind.endswith("+json"):
        return _decode_json(raw)
    raise errors.unsupported_media(
        f"the body of the request was in an unknown format - accepted media types include: "
        f"{_ACCEPTED}"
    )


def _decode_json(raw: bytes) -> Any:
    if not raw.strip():
        raise errors.bad_request("the body of the request was empty")
    try:
        return json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise errors.bad_request(f"couldn't get version/kind; json parse error: {exc}") from exc


def _decode_yaml(raw: bytes) -> Any:
    try:
        data = yaml.safe_load(raw)
    except (yaml.YAMLError, RecursionError) as exc:
        raise errors.bad_request(f"error converting YAML to JSON: {exc}") from exc
    # YAML timestamps and the like must come back as the strings the client wrote.
    return json.loads(json.dumps(data, default=str))


def _decode_protobuf(raw: bytes) -> Any:
    try:
        return decode_object(raw)
    except UnsupportedProtobufKind as exc:
        raise errors.unsupported_media(
            f"kubesim decodes protobuf bodies only for Secret, ConfigMap, Namespace, "
            f"DeleteOptions and the self reviews, not {exc.api_version} {exc.kind}; send JSON "
            "instead (for example `kubectl apply -f <file>` in place of `kubectl create <kind>`)"
        ) from exc
    except ProtobufDecodeError as exc:
        raise errors.bad_request(f"unable to decode the protobuf body: {exc}") from exc
