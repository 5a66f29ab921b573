"""Kubernetes `Status` errors with the real reasons, codes and messages (surface doc §4.3)."""

from __future__ import annotations

from typing import Any


class StatusError(Exception):
    """Raised anywhere in kubesim; the HTTP layer turns it into a `Status` reply."""

    def __init__(
        self, code: int, reason: str, message: str, details: dict[str, Any] | None = None
    ) -> None:
        super().__init__(message)
        self.code = code
        self.reason = reason
        self.message = message
        self.details = details

    def to_status(self) -> dict[str, Any]:
        status: dict[str, Any] = {
            "kind": "Status",
            "apiVersion": "v1",
            "metadata": {},
            "status": "Failure",
            "message": self.message,
            "reason": self.reason,
            "code": self.code,
        }
        if self.details:
            status["details"] = self.details
        return status


def _details(name: str, qualified: str, kind_plural: str) -> dict[str, Any]:
    group = qualified.partition(".")[2]
    details: dict[str, Any] = {"name": name, "kind": kind_plural}
    if group:
        details["group"] = group
    return details


def not_found(qualified: str, name: str) -> StatusError:
    plural = qualified.partition(".")[0]
    return StatusError(
        404, "NotFound", f'{qualified} "{name}" not found', _details(name, qualified, plural)
    )


def already_exists(qualified: str, name: str) -> StatusError:
    plural = qualified.partition(".")[0]
    return StatusError(
        409,
        "AlreadyExists",
        f'{qualified} "{name}" already exists',
        _details(name, qualified, plural),
    )


def conflict(qualified: str, name: str) -> StatusError:
    plural = qualified.partition(".")[0]
    return StatusError(
        409,
        "Conflict",
        f'Operation cannot be fulfilled on {qualified} "{name}": the object has been modified; '
        "please apply your changes to the latest version and try again",
        _details(name, qualified, plural),
    )


def invalid(kind: str, name: str, field: str, value: Any, why: str) -> StatusError:
    shown = f'"{value}"' if isinstance(value, str) else repr(value)
    message = f'{kind} "{name}" is invalid: {field}: Invalid value: {shown}: {why}'
    details = {
        "name": name,
        "kind": kind,
        "causes": [
            {
                "reason": "FieldValueInvalid",
                "message": f"Invalid value: {shown}: {why}",
                "field": field,
            }
        ],
    }
    return StatusError(422, "Invalid", message, details)


def required(kind: str, name: str, field: str, why: str) -> StatusError:
    details = {
        "name": name,
        "kind": kind,
        "causes": [
            {"reason": "FieldValueRequired", "message": f"Required value: {why}", "field": field}
        ],
    }
    return StatusError(
        422, "Invalid", f'{kind} "{name}" is invalid: {field}: Required value: {why}', details
    )


def bad_request(message: str) -> StatusError:
    return StatusError(400, "BadRequest", message)


def unsupported_media(message: str) -> StatusError:
    return StatusError(415, "UnsupportedMediaType", message)


def unauthorized() -> StatusError:
    return StatusError(401, "Unauthorized", "Unauthorized")


def method_not_supported(qualified: str, verb: str) -> StatusError:
    return StatusError(
        405, "MethodNotAllowed", f'{verb} is not supported on resources of kind "{qualified}"'
    )


def path_not_found() -> StatusError:
    return StatusError(404, "NotFound", "the server could not find the requested resource")


def expired(message: str) -> StatusError:
    return StatusError(410, "Expired", message)


def namespace_terminating(namespace: str, qualified: str, name: str) -> StatusError:
    plural = qualified.partition(".")[0]
    return StatusError(
        403,
        "Forbidden",
        f'{qualified} "{name}" is forbidden: unable to create new content in namespace '
        f"{namespace} because it is being terminated",
        _details(name, qualified, plural),
    )
