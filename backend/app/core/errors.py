"""One error model for the whole API: `{"error": ..., "detail": ..., "request_id": ...}`."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("kubedeck.errors")


class AppError(Exception):
    status_code = 400
    error = "BadRequest"

    def __init__(self, detail: str, *, extra: dict[str, Any] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra or {}


class BadRequest(AppError):
    pass


class Unauthorized(AppError):
    status_code, error = 401, "Unauthorized"


class Forbidden(AppError):
    status_code, error = 403, "Forbidden"


class NotFound(AppError):
    status_code, error = 404, "NotFound"


class Conflict(AppError):
    status_code, error = 409, "Conflict"


class Invalid(AppError):
    status_code, error = 422, "Invalid"


class TooManyRequests(AppError):
    status_code, error = 429, "TooManyRequests"


class ClusterUnavailable(AppError):
    status_code, error = 503, "ClusterUnavailable"


class UpstreamTimeout(AppError):
    status_code, error = 504, "Timeout"


def error_body(request: Request, error: str, detail: Any) -> dict[str, Any]:
    return {
        "error": error,
        "detail": detail,
        "request_id": getattr(request.state, "request_id", None),
    }


def install_handlers(app: FastAPI) -> None:
    @app.exception_handler(AppError)
    async def app_error(request: Request, exc: AppError) -> JSONResponse:
        body = error_body(request, exc.error, exc.detail) | exc.extra
        headers = {}
        if "retry_after" in exc.extra:
            headers["Retry-After"] = str(exc.extra["retry_after"])
        if exc.status_code == 401:
            headers["WWW-Authenticate"] = "Bearer"
        return JSONResponse(body, status_code=exc.status_code, headers=headers or None)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [
            f"{'.'.join(str(p) for p in err['loc'] if p != 'body')}: {err['msg']}"
            for err in exc.errors()
        ]
        return JSONResponse(
            error_body(request, "ValidationError", "; ".join(problems)), status_code=422
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        names = {404: "NotFound", 405: "MethodNotAllowed", 401: "Unauthorized", 403: "Forbidden"}
        return JSONResponse(
            error_body(request, names.get(exc.status_code, "HTTPError"), exc.detail),
            status_code=exc.status_code,
            headers=getattr(exc, "headers", None),
        )

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return JSONResponse(
            error_body(
                request, "InternalError", "an unexpected error occurred; see the server log"
            ),
            status_code=500,
        )
