"""The streams of one exec or attach session: input frames in, output frames out.

Input (stdin data, terminal resizes, stdin closing) arrives from a reader task into a queue;
output is written in real time, and a command's sleeps are played out so that ^C typed at a
terminal can cut them short, as in a real container.
"""

from __future__ import annotations

import asyncio
import contextlib
import json

from aiohttp import WSMsgType, web

from kubesim.exec.protocol import CLOSE, RESIZE, STDIN, STDOUT, ExecOptions, _Codec, _text
from kubesim.shell import Output, Shell, Sleep


class _SessionStreams:
    """The input and output half of _Session (its subclass, which sets `shell`)."""

    shell: Shell  # the shell the session runs: a resize message resizes its terminal

    def __init__(self, ws: web.WebSocketResponse, options: ExecOptions) -> None:
        self.ws = ws
        self.codec = _Codec(ws.ws_protocol)
        self.options = options
        self.stdin: asyncio.Queue[bytes | None] = asyncio.Queue()
        self.typeahead: list[bytes | None] = []

    # -- input
    async def _read(self) -> None:
        try:
            while True:
                msg = await self.ws.receive()
                if msg.type in (
                    WSMsgType.CLOSE,
                    WSMsgType.CLOSING,
                    WSMsgType.CLOSED,
                    WSMsgType.ERROR,
                ):
                    return
                frame = self.codec.decode(msg.type, msg.data)
                if frame is not None:
                    self._on_frame(*frame)
        finally:
            self.stdin.put_nowait(None)

    def _on_frame(self, channel: int, data: bytes) -> None:
        if channel == STDIN and self.options.stdin and data:
            self.stdin.put_nowait(data)
        elif channel == RESIZE:
            with contextlib.suppress(ValueError, TypeError, AttributeError):
                size = json.loads(data)
                width, height = int(size.get("Width", 0)), int(size.get("Height", 0))
                if width > 0 and height > 0:
                    self.shell.size = (width, height)
        elif channel == CLOSE and self.codec.v5 and data[:1] == bytes([STDIN]):
            self.stdin.put_nowait(None)

    async def _next_input(self) -> bytes | None:
        if self.typeahead:
            return self.typeahead.pop(0)
        return await self.stdin.get()

    async def _read_all(self) -> str:
        """All of stdin, until the client closes it: what a one-shot command reads."""
        chunks: list[bytes] = []
        while (chunk := await self._next_input()) is not None:
            chunks.append(chunk)
        return _text(b"".join(chunks))

    async def _discard_input(self) -> None:
        """Input that nothing reads (attached to a process that is not a shell) is dropped."""
        while await self._next_input() is not None:
            pass

    # -- output
    async def _out(self, text: str, stream: int = STDOUT) -> None:
        if self.options.tty:
            text = text.replace("\r\n", "\n").replace("\n", "\r\n")
            stream = STDOUT  # a terminal has one output
        wanted = self.options.stdout if stream == STDOUT else self.options.stderr
        if text and wanted:
            await self.codec.send(self.ws, stream, text.encode("utf-8", "surrogateescape"))

    async def _play(self, events: list[Output | Sleep]) -> bool:
        """Write a command's output in real time; True if ^C interrupted it."""
        for event in events:
            if isinstance(event, Output):
                await self._out(event.text, event.stream)
            elif await self._sleep(event.seconds):
                return True
        return False

    async def _sleep(self, seconds: float) -> bool:
        if not (self.options.tty and self.options.stdin):
            await asyncio.sleep(seconds)
            return False
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while (remaining := deadline - loop.time()) > 0:
            try:
                # Not asyncio.wait_for: on Python 3.11 it can swallow a cancellation that races
                # with the input arriving, and the session would outlive its client.
                async with asyncio.timeout(remaining):
                    chunk = await self._next_input()
            except TimeoutError:
                return False
            if chunk is not None and b"\x03" in chunk:
                rest = chunk[chunk.index(b"\x03") + 1 :]
                if rest:
                    self.typeahead.insert(0, rest)
                return True
            self.typeahead.append(chunk)
            if chunk is None:
                await asyncio.sleep(max(deadline - loop.time(), 0))
                return False
        return False
