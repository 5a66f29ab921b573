"""The exec wire protocol: request options, channels, framing per subprotocol, the status."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any

from aiohttp import WSMsgType, web

from kubesim import params

Obj = dict[str, Any]
PODS = ("", "pods")
PROTOCOLS = (
    "v5.channel.k8s.io",
    "v4.channel.k8s.io",
    "v4.base64.channel.k8s.io",
    "base64.channel.k8s.io",
    "channel.k8s.io",
)
STDIN, STDOUT, STDERR, ERROR, RESIZE, CLOSE = 0, 1, 2, 3, 4, 255
FRAME_BYTES = 32 * 1024
POLL_SECONDS = 1.0
KILLED = 137  # SIGKILL: what an exec'd process exits with when its container is removed


@dataclass(frozen=True)
class ExecOptions:
    command: tuple[str, ...]
    container: str
    stdin: bool
    stdout: bool
    stderr: bool
    tty: bool
    attach: bool


def parse_options(request: web.Request) -> ExecOptions:
    q = request.query
    return ExecOptions(
        command=tuple(q.getall("command", [])),
        container=q.get("container", ""),
        stdin=params.flag(q, "stdin"),
        stdout=params.flag(q, "stdout"),
        stderr=params.flag(q, "stderr"),
        tty=params.flag(q, "tty"),
        attach=request.path.rstrip("/").endswith("/attach"),
    )


def _text(data: bytes) -> str:
    """Input as text, losslessly: bytes that are not UTF-8 come back out unchanged."""
    return data.decode("utf-8", "surrogateescape")


def status_message(code: int, argv: list[str]) -> Obj:
    """The channel-3 status the kubelet sends when a command ends."""
    if code == 0:
        return {"metadata": {}, "status": "Success"}
    return {
        "metadata": {},
        "status": "Failure",
        "message": (
            "command terminated with non-zero exit code: error executing command "
            f"[{' '.join(argv)}], exit code {code}"
        ),
        "reason": "NonZeroExitCode",
        "details": {"causes": [{"reason": "ExitCode", "message": str(code)}]},
    }


class _Codec:
    """How channels travel over the negotiated subprotocol."""

    def __init__(self, protocol: str | None) -> None:
        self.protocol = protocol or "channel.k8s.io"
        self.base64 = "base64" in self.protocol
        self.json_status = self.protocol.startswith(("v4.", "v5."))
        self.v5 = self.protocol.startswith("v5.")

    async def send(self, ws: web.WebSocketResponse, channel: int, data: bytes) -> None:
        for start in range(0, max(len(data), 1), FRAME_BYTES):
            piece = data[start : start + FRAME_BYTES]
            if self.base64:
                await ws.send_str(str(channel) + base64.b64encode(piece).decode())
            else:
                await ws.send_bytes(bytes([channel]) + piece)

    def decode(self, kind: WSMsgType, payload: Any) -> tuple[int, bytes] | None:
        if kind == WSMsgType.BINARY and isinstance(payload, bytes | bytearray) and payload:
            return payload[0], bytes(payload[1:])
        if kind == WSMsgType.TEXT and isinstance(payload, str) and payload:
            if self.base64:
                if not payload[0].isdigit():
                    return None
                try:
                    return int(payload[0]), base64.b64decode(payload[1:])
                except (binascii.Error, ValueError):
                    return None
            return ord(payload[0]), payload[1:].encode()  # old clients' text frames
        return None
