"""Writes the audit entry of each request that must be audited, before its response goes out.

Audited: every mutating request (POST, PUT, PATCH, DELETE) under /api, whatever its outcome,
and any request whose handler or permission check marks it (`request.state.audit = True`:
denials, exec sessions). The entry is written when the response starts, so a client never sees
the answer to an action the log does not hold.
"""

from __future__ import annotations

import json
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

MUTATING = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_BODY_LIMIT = 64 * 1024
_TARGET_PARAMS = ("namespace", "resource", "name", "cluster_id", "release", "user_id")


class AuditMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/api/"):
            await self.app(scope, receive, send)
            return
        started = time.monotonic()
        body = bytearray()

        async def receive_and_keep(  # keep the start of the body for the entry's details
        ) -> Message:
            message = await receive()
            if message["type"] == "http.request" and len(body) < _BODY_LIMIT:
                body.extend(message.get("body", b"")[: _BODY_LIMIT - len(body)])
            return message

        async def send_after_audit(message: Message) -> None:
            if message["type"] == "http.response.start" and _wanted(scope, message["status"]):
                await _write(scope, message["status"], bytes(body), started)
            await send(message)

        await self.app(scope, receive_and_keep, send_after_audit)


def _wanted(scope: Scope, status: int) -> bool:
    state = scope.get("state") or {}
    if scope["method"] in MUTATING or state.get("audit"):
        return True
    # Denials of reads are audited too (someone probing for what they may not see).
    return status == 403


async def _write(scope: Scope, status: int, body: bytes, started: float) -> None:
    from app.services.audit_service import AuditRecord  # the app is built before services

    state: dict[str, Any] = scope.get("state") or {}
    params: dict[str, Any] = scope.get("path_params") or {}
    route = scope.get("route")
    action = (
        state.get("audit_action")
        or state.get("permission")
        or (f"{scope['method']} {getattr(route, 'path', scope['path'])}")
    )
    if status >= 400 and not state.get("audit_action"):
        action = f"{action} (refused)" if status in (401, 403) else action
    details: dict[str, Any] = {"method": scope["method"], "path": scope["path"]}
    query = scope.get("query_string", b"").decode("latin-1")
    if query:
        details["query"] = query[:500]
    if body:
        try:
            details["body"] = json.loads(body)
        except ValueError:
            details["body_bytes"] = len(body)
    details.update(state.get("audit_details") or {})
    client = scope.get("client")
    record = AuditRecord(
        action=str(action),
        status_code=status,
        username=state.get("username"),
        cluster_id=state.get("audit_cluster") or params.get("cluster_id"),
        namespace=params.get("namespace") or state.get("audit_namespace"),
        resource_kind=params.get("resource") or state.get("audit_kind"),
        resource_name=params.get("name") or params.get("release") or state.get("audit_name"),
        details=details,
        client_ip=client[0] if client else None,
        request_id=state.get("request_id"),
        duration_ms=round((time.monotonic() - started) * 1000, 1),
    )
    app = scope["app"]
    await app.state.audit.append(record)


class SecurityHeadersMiddleware:
    """Headers every response carries: no framing, no sniffing, a strict CSP."""

    HEADERS = [
        (
            b"content-security-policy",
            b"default-src 'self'; img-src 'self' data:; "
            b"style-src 'self' 'unsafe-inline'; connect-src 'self'; "
            b"frame-ancestors 'none'; base-uri 'self'; "
            b"form-action 'self'",
        ),
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        (b"referrer-policy", b"no-referrer"),
        (b"cross-origin-opener-policy", b"same-origin"),
    ]

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", []).extend(self.HEADERS)
            await send(message)

        await self.app(scope, receive, send_with_headers)
