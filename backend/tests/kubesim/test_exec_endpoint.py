"""The exec and attach WebSocket endpoints in-process (no controllers: the tests set the pod
status): a tty session like a browser terminal's, scripts on stdin, the session ending with the
pod or the client, a shell bug that must not kill the server, the older channel protocols, attach,
and the requests refused before the upgrade."""

from __future__ import annotations

import asyncio
import base64
import json
import time
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from kubesim.apiserver import ApiServer, DeleteOptions
from kubesim.shell import Shell
from tests.kubesim.pod_support import Http, in_process_api, put_running_pod


@pytest.fixture
async def sim() -> AsyncIterator[tuple[ApiServer, Http]]:
    async with in_process_api() as served:
        yield served


def _path(pod: str, query: str) -> str:
    return f"/api/v1/namespaces/default/pods/{pod}/exec?{query}"


async def _frames(
    ws: aiohttp.ClientWebSocketResponse, within: float = 5.0
) -> list[tuple[int, bytes]]:
    frames = []
    async with asyncio.timeout(within):
        async for msg in ws:
            frames.append((msg.data[0], msg.data[1:]))
    return frames


async def _until(ws: aiohttp.ClientWebSocketResponse, text: bytes, within: float = 5.0) -> bytes:
    seen = b""
    async with asyncio.timeout(within):
        while text not in seen:
            msg = await ws.receive()
            assert msg.type == aiohttp.WSMsgType.BINARY, msg
            assert msg.data[0] == 1, msg.data
            seen += msg.data[1:]
    return seen


def _exit_code(frames: list[tuple[int, bytes]]) -> int:
    status = json.loads(dict(frames)[3])
    return 0 if status["status"] == "Success" else int(status["details"]["causes"][0]["message"])


async def test_a_tty_session_like_a_browser_terminal(sim: tuple[ApiServer, Http]) -> None:
    api, http = sim
    put_running_pod(api, "p", image="alpine:3.20")
    ws = await http.ws_connect(
        _path("p", "command=sh&stdin=true&stdout=true&tty=true"), protocols=["v5.channel.k8s.io"]
    )
    assert ws.protocol == "v5.channel.k8s.io"
    await _until(ws, b"/ # ")
    await ws.send_bytes(b'\x04{"Width":120,"Height":40}')
    await ws.send_bytes(b"\x00ecx\x7fho hi\r")  # a typo, a backspace, Enter
    assert await _until(ws, b"hi\r\n/ # ") == b"ecx\b \bho hi\r\nhi\r\n/ # "
    await ws.send_bytes(b"\x00stty size\r")
    assert b"40 120\r\n" in await _until(ws, b"/ # ")
    await ws.send_bytes(b"\x00sleep 30\r")
    await _until(ws, b"sleep 30\r\n")
    started = time.monotonic()
    await ws.send_bytes(b"\x00\x03")  # ^C interrupts the sleep
    assert (await _until(ws, b"/ # ")).startswith(b"^C")
    assert time.monotonic() - started < 2
    await ws.send_bytes(b"\x00exit 2\r")
    frames = await _frames(ws)
    assert _exit_code(frames) == 2 and ws.close_code == 1000


async def test_a_script_on_stdin_and_the_end_of_stdin(sim: tuple[ApiServer, Http]) -> None:
    api, http = sim
    put_running_pod(api, "p")
    query = "command=sh&stdin=true&stdout=true&stderr=true"
    ws = await http.ws_connect(_path("p", query), protocols=["v5.channel.k8s.io"])
    await ws.send_bytes(b"\x00echo one; nosuch\necho two\n")
    await ws.send_bytes(b"\xff\x00")  # v5: stdin is closed
    frames = await _frames(ws)
    assert [f for f in frames if f[0] in (1, 2)] == [
        (1, b"one\n"),
        (2, b"sh: nosuch: not found\n"),
        (1, b"two\n"),
    ]
    assert _exit_code(frames) == 0  # the status of the last command
    cat = await http.ws_connect(
        _path("p", "command=cat&stdin=true&stdout=true"), protocols=["v5.channel.k8s.io"]
    )
    await cat.send_bytes(b"\x00line 1\n")
    await cat.send_bytes(b"\x00line 2\n\xff")  # not UTF-8: passed through untouched
    await cat.send_bytes(b"\xff\x00")
    frames = await _frames(cat)
    assert b"".join(d for c, d in frames if c == 1) == b"line 1\nline 2\n\xff"


async def test_the_session_ends_with_137_when_the_pod_goes(sim: tuple[ApiServer, Http]) -> None:
    api, http = sim
    put_running_pod(api, "p")
    ws = await http.ws_connect(
        _path("p", "command=sh&stdin=true&stdout=true"), protocols=["v4.channel.k8s.io"]
    )
    await ws.send_bytes(b"\x00echo ready\n")
    await _until(ws, b"ready\n")
    pods = api.catalogue.versions_of("", "pods")[0]
    api.delete(pods, "default", "p", DeleteOptions(grace_period_seconds=0))
    frames = await _frames(ws, within=3.0)
    assert _exit_code(frames) == 137


def _session_tasks() -> list[asyncio.Task[Any]]:
    return [
        t for t in asyncio.all_tasks() if "_Session" in getattr(t.get_coro(), "__qualname__", "")
    ]


async def test_a_client_that_vanishes_does_not_hurt_the_server(sim: tuple[ApiServer, Http]) -> None:
    api, http = sim
    put_running_pod(api, "p")
    for query in (
        "command=sh&stdin=true&stdout=true&tty=true",  # sleeping at an interactive prompt
        "command=sleep&command=30&stdout=true",  # a one-shot command
    ):
        ws = await http.ws_connect(_path("p", query), protocols=["v5.channel.k8s.io"])
        await ws.send_bytes(b"\x00sleep 30\r")
        await asyncio.sleep(0.2)
        await ws.close()
        if remaining := _session_tasks():  # the session goes with its client
            _, still_running = await asyncio.wait(remaining, timeout=2)
            assert not still_running
    ws = await http.ws_connect(
        _path("p", "command=hostname&stdout=true"), protocols=["v5.channel.k8s.io"]
    )
    frames = await _frames(ws)
    assert (1, b"p\n") in frames and _exit_code(frames) == 0


async def test_a_bug_in_the_shell_is_a_failed_command_not_a_dead_server(
    sim: tuple[ApiServer, Http], monkeypatch: pytest.MonkeyPatch
) -> None:
    api, http = sim
    put_running_pod(api, "p")

    def broken(self: Shell, argv: list[str], stdin: str = "") -> Any:
        raise ZeroDivisionError("a kubesim bug")

    monkeypatch.setattr(Shell, "run_argv", broken)
    ws = await http.ws_connect(
        _path("p", "command=ls&stdout=true&stderr=true"), protocols=["v5.channel.k8s.io"]
    )
    frames = await _frames(ws)
    assert b"internal error" in dict(frames)[2] and _exit_code(frames) == 1
    monkeypatch.undo()
    ws = await http.ws_connect(
        _path("p", "command=pwd&stdout=true"), protocols=["v5.channel.k8s.io"]
    )
    assert (1, b"/\n") in await _frames(ws)


async def test_older_protocols(sim: tuple[ApiServer, Http]) -> None:
    api, http = sim
    put_running_pod(api, "p")
    query = "command=sh&command=-c&command=echo hi; exit 5&stdout=true&stderr=true"
    ws = await http.ws_connect(_path("p", query), protocols=["v4.base64.channel.k8s.io"])
    texts = [msg.data async for msg in ws]
    assert texts[0] == "1" + base64.b64encode(b"hi\n").decode()
    status = json.loads(base64.b64decode(texts[1][1:]))
    assert (
        status["reason"] == "NonZeroExitCode" and status["details"]["causes"][0]["message"] == "5"
    )
    plain = await http.ws_connect(_path("p", query))  # no subprotocol: channel.k8s.io
    frames = await _frames(plain)
    assert frames[0] == (1, b"hi\n")
    assert frames[1][0] == 3 and frames[1][1].startswith(b"command terminated with non-zero exit")


async def test_attach_shows_the_containers_output(sim: tuple[ApiServer, Http]) -> None:
    api, http = sim
    put_running_pod(api, "p")
    ws = await http.ws_connect(
        "/api/v1/namespaces/default/pods/p/attach?stdout=true&stderr=true",
        protocols=["v5.channel.k8s.io"],
    )
    line = await _until(ws, b"\n", within=4.0)
    assert b" HTTP/1.1" in line or b"[error]" in line
    await ws.close()


async def test_requests_refused_before_the_upgrade(sim: tuple[ApiServer, Http]) -> None:
    api, http = sim
    put_running_pod(
        api,
        "two",
        containers=[{"name": "main", "image": "nginx"}, {"name": "side", "image": "redis"}],
        initContainers=[{"name": "init", "image": "busybox"}],
    )
    plain = await http.get(_path("two", "command=ls&stdout=true&container=main"))
    assert plain.status == 400 and (await plain.json())["message"] == "Upgrade request required"

    async def refused(query: str) -> str:
        with pytest.raises(aiohttp.WSServerHandshakeError) as raised:
            await http.ws_connect(_path("two", query), protocols=["v5.channel.k8s.io"])
        assert raised.value.status == 400
        reply = await http.get(_path("two", query))  # the same request, read as a Status
        return str((await reply.json())["message"])

    assert await refused("command=ls&stdout=true") == (
        "a container name must be specified for pod two, choose one of: [main side] "
        "or one of the init containers: [init]"
    )
    assert await refused("command=ls&stdout=true&container=nope") == (
        "container nope is not valid for pod two"
    )
    assert await refused("command=ls&stdout=true&container=init") == (
        'container not found ("init")'
    )
    assert await refused("stdout=true&container=main") == (
        "you must specify at least one command for the container"
    )
