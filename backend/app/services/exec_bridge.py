"""A browser terminal (xterm.js) bridged to a pod's exec over the Kubernetes WebSocket protocol.

The browser's protocol, on `WS /api/v1/namespaces/{ns}/pods/{name}/exec`
(`?container=&command=sh&command=-c&command=...&tty=true&cluster_id=`):

browser → kubedeck
  * binary frame: bytes for the process's stdin (keystrokes, pastes).
  * text frame holding a JSON object with a known "type", a control message:
      {"type": "resize", "cols": C, "rows": R}  the terminal's size (tty sessions only)
      {"type": "stdin", "data": "..."}          text for stdin
      {"type": "close_stdin"}                   end of input (v5 clusters; ignored on v4)
  * any other text frame is stdin as UTF-8, so a plain-text client works as well.

kubedeck → browser
  * binary frame: the process's output (stdout and stderr; with a tty they are one stream).
  * text frame {"type": "exit", "code": N}: the command ended with exit code N (`code` is null,
    with a "reason", when the cluster closed without saying); then a normal close (1000).
  * text frame {"type": "error", "error": "NotFound", "detail": "...", "status": 404}: the
    session could not start or was ended (error "IdleTimeout" after
    KUBEDECK_EXEC_IDLE_TIMEOUT_SECONDS without data either way, default 1800); then a close
    with code 4000 + status (4404, 4400, 4403, 4503, 4408 ...).

Either side closing closes the other: a browser that leaves ends the pod's session, a command
that ends closes the browser's socket. Upstream, kubedeck speaks `v5.channel.k8s.io` (or
`v4.channel.k8s.io`): binary frames whose first byte is the channel — 0 stdin, 1 stdout,
2 stderr, 3 the final Status, 4 resize, 255 close (v5).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
from collections.abc import AsyncIterator, MutableMapping
from contextlib import asynccontextmanager
from typing import Any, Protocol

import aiohttp

from app.core import errors
from app.services.actions_service import segment
from app.services.kube_gateway import KubeGateway
from app.services.logs_service import pick_container
from app.services.resource_types import BUILTIN

PROTOCOLS = ("v5.channel.k8s.io", "v4.channel.k8s.io")
STDIN, STDOUT, STDERR, STATUS, RESIZE, CLOSE = 0, 1, 2, 3, 4, 255
DEFAULT_IDLE_SECONDS = 1800.0
MAX_COMMAND_ARGS = 64


class Terminal(Protocol):
    """The browser's side: what a Starlette WebSocket offers, after accept()."""

    async def receive(self) -> MutableMapping[str, Any]: ...
    async def send_bytes(self, data: bytes) -> None: ...
    async def send_text(self, data: str) -> None: ...
    async def close(self, code: int = 1000, reason: str | None = None) -> None: ...


class IdleTimeout(errors.AppError):
    status_code, error = 408, "IdleTimeout"


def idle_timeout(settings: object) -> float:
    """Settings field `exec_idle_timeout_seconds` when it exists, else the environment."""
    value = (
        getattr(settings, "exec_idle_timeout_seconds", None)
        or os.environ.get("KUBEDECK_EXEC_IDLE_TIMEOUT_SECONDS")
        or DEFAULT_IDLE_SECONDS
    )
    return float(value)


@asynccontextmanager
async def reporting(terminal: Terminal) -> AsyncIterator[None]:
    """Errors of the session as the protocol's error message and close code."""
    try:
        yield
    except errors.AppError as exc:
        message = {
            "type": "error",
            "error": exc.error,
            "detail": exc.detail,
            "status": exc.status_code,
        }
        with contextlib.suppress(Exception):  # the browser may already be gone
            await terminal.send_text(json.dumps(message))
            await terminal.close(4000 + exc.status_code, exc.error)


async def open_exec(
    gateway: KubeGateway,
    namespace: str,
    name: str,
    container: str | None,
    command: list[str],
    tty: bool,
) -> aiohttp.ClientWebSocketResponse:
    if not command or len(command) > MAX_COMMAND_ARGS or any("\x00" in c for c in command):
        raise errors.BadRequest(f"command needs 1 to {MAX_COMMAND_ARGS} arguments without NUL")
    pods = BUILTIN["pods"]
    pod = await gateway.request(
        "GET", pods.path(segment(namespace, "namespace"), segment(name, "name"))
    )
    phase = (pod.get("status") or {}).get("phase")
    if phase in ("Succeeded", "Failed"):
        raise errors.BadRequest(
            f"cannot exec into a container in a completed pod; current phase is {phase}"
        )
    chosen = pick_container(pod, container)
    query = [("command", c) for c in command] + [
        ("container", chosen),
        ("stdin", "true"),
        ("stdout", "true"),
        # With a tty the terminal merges stderr into stdout; Kubernetes refuses both at once.
        ("stderr", "false" if tty else "true"),
        ("tty", "true" if tty else "false"),
    ]
    return await gateway.websocket(pods.path(namespace, name, "exec"), query, PROTOCOLS)


def exit_message(status: dict[str, Any]) -> dict[str, Any]:
    if status.get("status") == "Success":
        return {"type": "exit", "code": 0}
    for cause in (status.get("details") or {}).get("causes") or []:
        if cause.get("reason") == "ExitCode":
            with contextlib.suppress(TypeError, ValueError):
                return {"type": "exit", "code": int(cause.get("message"))}
    return {"type": "exit", "code": None, "reason": str(status.get("message") or "failed")}


class _Bridge:
    def __init__(self, terminal: Terminal, pod: aiohttp.ClientWebSocketResponse, tty: bool) -> None:
        self.terminal = terminal
        self.pod = pod
        self.tty = tty
        self.last_activity = asyncio.get_running_loop().time()

    def touch(self) -> None:
        self.last_activity = asyncio.get_running_loop().time()

    async def pod_to_browser(self) -> dict[str, Any]:
        async for message in self.pod:
            if message.type != aiohttp.WSMsgType.BINARY or not message.data:
                continue  # text frames are not part of the channel protocol
            channel, payload = message.data[0], message.data[1:]
            if channel in (STDOUT, STDERR) and payload:
                self.touch()
                await self.terminal.send_bytes(payload)
            elif channel == STATUS:
                try:
                    return exit_message(json.loads(payload))
                except ValueError:
                    return {"type": "exit", "code": None, "reason": "unreadable exit status"}
        return {"type": "exit", "code": None, "reason": "the connection to the pod ended"}

    async def browser_to_pod(self) -> None:
        while True:
            message = await self.terminal.receive()
            if message["type"] == "websocket.disconnect":
                return
            data: bytes | None = message.get("bytes")
            text: str | None = message.get("text")
            if data is None and text is not None:
                data = await self._control(text)
            if data:
                self.touch()
                await self.pod.send_bytes(bytes([STDIN]) + data)

    async def _control(self, text: str) -> bytes | None:
        """A control message's effect, or the stdin bytes a plain text frame stands for."""
        try:
            control = json.loads(text)
        except ValueError:
            control = None
        kind = control.get("type") if isinstance(control, dict) else None
        if kind == "resize":
            cols, rows = control.get("cols"), control.get("rows")
            if self.tty and _dimension(cols) and _dimension(rows):
                size = json.dumps({"Width": cols, "Height": rows}).encode()
                await self.pod.send_bytes(bytes([RESIZE]) + size)
            return None
        if kind == "stdin":
            return str(control.get("data", "")).encode()
        if kind == "close_stdin":
            if self.pod.protocol == PROTOCOLS[0]:
                await self.pod.send_bytes(bytes([CLOSE, STDIN]))
            return None
        return text.encode()

    async def idle_watch(self, limit: float) -> None:
        loop = asyncio.get_running_loop()
        while True:
            remaining = self.last_activity + limit - loop.time()
            if remaining <= 0:
                raise IdleTimeout(f"the session was idle for {limit:g}s and has been closed")
            await asyncio.sleep(remaining)


def _dimension(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= 10_000


async def bridge(
    terminal: Terminal, pod: aiohttp.ClientWebSocketResponse, *, tty: bool, idle_seconds: float
) -> None:
    """Relay both ways until the command ends, the browser leaves or the session idles out."""
    session = _Bridge(terminal, pod, tty)
    loop = asyncio.get_running_loop()
    outbound = loop.create_task(session.pod_to_browser())
    inbound = loop.create_task(session.browser_to_pod())
    idle = loop.create_task(session.idle_watch(idle_seconds))
    try:
        await asyncio.wait((outbound, inbound, idle), return_when=asyncio.FIRST_COMPLETED)
        if inbound.done() and not inbound.cancelled() and inbound.exception() is not None:
            # Writing stdin failed because the pod closed: its exit status may be in flight.
            await asyncio.wait((outbound,), timeout=2)
        if outbound.done() and not outbound.cancelled() and outbound.exception() is None:
            with contextlib.suppress(Exception):  # the browser may have left at the same time
                await terminal.send_text(json.dumps(outbound.result()))
                await terminal.close(1000)
        elif idle.done() and not idle.cancelled():
            idle.result()  # raises IdleTimeout, reported by `reporting`
    finally:
        for task in (outbound, inbound, idle):
            task.cancel()
        await asyncio.gather(outbound, inbound, idle, return_exceptions=True)
        await pod.close()  # the browser left, or we are done: end the pod's session too
