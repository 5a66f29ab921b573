"""Pod and workload logs (plain and followed) and the exec WebSocket, over real kubesim pods."""

from __future__ import annotations

import asyncio
import json
import os
import re
from pathlib import Path
from urllib.parse import urlparse

import aiohttp
import pytest

from tests.app.test_actions import eventually, fresh_namespace
from tests.support.kubedeck_process import Kubedeck
from tests.support.kubesim_process import Kubesim

TICKER = {
    "name": "main",
    "image": "busybox:1.36",
    "command": ["sh", "-c", "while true; do echo tick; sleep 0.2; done"],
}
_STAMP = re.compile(r"^(\S+) (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?Z (.*)$")


def ticking_pod(sim: Kubesim, ns: str, name: str = "ticker") -> None:
    pod = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": name},
        "spec": {"containers": [TICKER, {"name": "web", "image": "nginx:1.27"}]},
    }
    sim.kubectl("apply", "-n", ns, "-f", "-", input_text=json.dumps(pod))
    sim.kubectl("wait", "-n", ns, "--for=condition=Ready", f"pod/{name}", "--timeout=30s")
    has_lines(sim, ns, f"pod/{name}")


def has_lines(sim: Kubesim, ns: str, target: str, count: int = 5) -> None:
    """Wait until the target's log has a few lines, so tails have something to cut."""
    eventually(
        lambda: (
            len(
                sim.kubectl(
                    "logs", "-n", ns, target, "-c", "main", "--all-pods", f"--tail={count}"
                ).stdout.splitlines()
            )
            >= count
        )
    )


def auth(deck: Kubedeck) -> dict[str, str]:
    return {"Authorization": f"Bearer {deck.token}"}


def upstream_connections(deck: Kubedeck, sim: Kubesim) -> set[int]:
    """Local ports of kubedeck's established TCP connections to this kubesim (from /proc)."""
    assert deck.process is not None
    pid, port = deck.process.pid, urlparse(sim.server).port
    sockets = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            sockets.add(target[8:-1])
    found = set()
    for table in ("tcp", "tcp6"):
        for row in Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]:
            cols = row.split()
            remote_port = int(cols[2].rsplit(":", 1)[1], 16)
            if cols[3] == "01" and cols[9] in sockets and remote_port == port:
                found.add(int(cols[1].rsplit(":", 1)[1], 16))
    return found


async def wait_until_closed(deck: Kubedeck, sim: Kubesim, during: set[int]) -> None:
    """Some connection kubedeck held to the cluster during a stream is gone afterwards."""
    for _ in range(50):
        if not during <= upstream_connections(deck, sim):
            return
        await asyncio.sleep(0.2)
    pytest.fail(f"kubedeck kept its upstream connection(s) open: {during}")


@pytest.fixture(scope="module")
def pod_ns(sim_a: Kubesim) -> str:
    ns = fresh_namespace(sim_a, prefix="logs")
    ticking_pod(sim_a, ns)
    return ns


# ---- pod logs -----------------------------------------------------------------------------------
def test_pod_logs_plain_tail_and_timestamps(deck: Kubedeck, pod_ns: str) -> None:
    base = f"/api/v1/namespaces/{pod_ns}/pods/ticker/logs"
    reply = deck.call("GET", base)  # no container: the first one, as kubectl does
    assert reply.status == 200, reply.body
    assert reply.headers["content-type"].startswith("text/plain")
    assert "tick" in reply.body
    tail = deck.call("GET", f"{base}?tail_lines=2&container=main&timestamps=true")
    lines = tail.body.splitlines()
    assert len(lines) == 2 and all(re.match(r"^\d{4}-\d\d-\d\dT\S+Z tick$", ln) for ln in lines)
    web = deck.call("GET", f"{base}?container=web&tail_lines=1")
    assert web.status == 200 and "tick" not in web.body
    bad = deck.call("GET", f"{base}?container=nope")
    assert bad.status == 400 and "main, web" in bad.body["detail"]
    missing = deck.call("GET", f"/api/v1/namespaces/{pod_ns}/pods/ghost/logs")
    assert missing.status == 404
    limited = deck.call("GET", f"{base}?limit_bytes=10")
    assert len(limited.body.encode()) <= 10


async def test_follow_streams_until_the_client_leaves(
    deck: Kubedeck, sim_a: Kubesim, pod_ns: str
) -> None:
    url = f"{deck.base}/api/v1/namespaces/{pod_ns}/pods/ticker/logs"
    received: list[bytes] = []
    async with (
        aiohttp.ClientSession(headers=auth(deck)) as client,
        client.get(url, params={"follow": "true", "tail_lines": "1", "container": "main"}) as reply,
    ):
        assert reply.status == 200
        while len(received) < 6:  # 1 from the tail, then live lines every 0.2 s
            line = await asyncio.wait_for(reply.content.readline(), timeout=10)
            assert line, "the stream ended early"
            received.append(line)
        during = upstream_connections(deck, sim_a)
    assert all(line == b"tick\n" for line in received)
    assert during
    # kubedeck must drop its connection to the cluster once its client has gone.
    await wait_until_closed(deck, sim_a, during)


def test_follow_errors_come_before_the_stream(deck: Kubedeck, pod_ns: str) -> None:
    reply = deck.call("GET", f"/api/v1/namespaces/{pod_ns}/pods/ghost/logs?follow=true")
    assert reply.status == 404 and reply.body["error"] == "NotFound"


# ---- workload logs ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def deployment_ns(sim_a: Kubesim) -> str:
    ns = fresh_namespace(sim_a, prefix="wlogs")
    deploy = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "tick"},
        "spec": {
            "replicas": 2,
            "selector": {"matchLabels": {"app": "tick"}},
            "template": {"metadata": {"labels": {"app": "tick"}}, "spec": {"containers": [TICKER]}},
        },
    }
    sim_a.kubectl("apply", "-n", ns, "-f", "-", input_text=json.dumps(deploy))
    sim_a.kubectl("rollout", "status", "-n", ns, "deploy/tick", "--timeout=60s")
    for pod in sim_a.kubectl("get", "pods", "-n", ns, "-o", "name").stdout.split():
        has_lines(sim_a, ns, pod)
    return ns


def _key(match: re.Match[str]) -> tuple[str, int]:
    return match.group(2), int((match.group(3) or "").ljust(9, "0"))


def test_workload_logs_are_merged_by_time(deck: Kubedeck, deployment_ns: str) -> None:
    base = f"/api/v1/namespaces/{deployment_ns}/deployments/tick/logs"
    reply = deck.call("GET", f"{base}?timestamps=true")
    assert reply.status == 200, reply.body
    matches = [_STAMP.match(line) for line in reply.body.splitlines()]
    assert matches and all(matches), reply.body[:500]
    parsed = [m for m in matches if m is not None]
    prefixes = {m.group(1) for m in parsed}
    assert len(prefixes) == 2 and all(
        p.startswith("[tick-") and p.endswith("/main]") for p in prefixes
    )
    keys = [_key(m) for m in parsed]
    assert keys == sorted(keys)
    tail = deck.call("GET", f"{base}?tail_lines=3")
    lines = tail.body.splitlines()
    assert len(lines) == 3 and all(re.match(r"^\[tick-\S+/main\] tick$", ln) for ln in lines)
    short = deck.call("GET", f"/api/v1/namespaces/{deployment_ns}/deploy/tick/logs?tail_lines=1")
    assert short.status == 200
    refused = deck.call("GET", f"/api/v1/namespaces/{deployment_ns}/configmaps/x/logs")
    assert refused.status == 400 and "deployments" in refused.body["detail"]


async def test_workload_follow_merges_live_streams(deck: Kubedeck, deployment_ns: str) -> None:
    url = f"{deck.base}/api/v1/namespaces/{deployment_ns}/deployments/tick/logs"
    seen: set[str] = set()
    async with (
        aiohttp.ClientSession(headers=auth(deck)) as client,
        client.get(url, params={"follow": "true", "tail_lines": "0"}) as reply,
    ):
        assert reply.status == 200
        while len(seen) < 2:
            line = (await asyncio.wait_for(reply.content.readline(), timeout=10)).decode()
            assert re.match(r"^\[tick-\S+/main\] tick\n$", line), line
            seen.add(line.split("]")[0])


# ---- exec ---------------------------------------------------------------------------------------
def exec_url(deck: Kubedeck, ns: str, pod: str, **params: str) -> str:
    query = "&".join(f"{k}={v}" for k, v in {"access_token": deck.token or "", **params}.items())
    return f"ws://127.0.0.1:{deck.port}/api/v1/namespaces/{ns}/pods/{pod}/exec?{query}"


async def _until_exit(ws: aiohttp.ClientWebSocketResponse) -> tuple[bytes, dict[str, object]]:
    output = b""
    while True:
        message = await asyncio.wait_for(ws.receive(), timeout=10)
        if message.type == aiohttp.WSMsgType.BINARY:
            output += message.data
        elif message.type == aiohttp.WSMsgType.TEXT:
            return output, json.loads(message.data)
        else:
            raise AssertionError(f"closed without an exit message: {message}; got {output!r}")


async def test_exec_round_trip(deck: Kubedeck, pod_ns: str) -> None:
    url = exec_url(deck, pod_ns, "ticker", container="main", command="sh", tty="false")
    async with aiohttp.ClientSession() as client, client.ws_connect(url) as ws:
        await ws.send_bytes(b"echo hi\n")
        output = b""
        while b"hi\n" not in output:
            message = await asyncio.wait_for(ws.receive(), timeout=10)
            assert message.type == aiohttp.WSMsgType.BINARY, message
            output += message.data
        await ws.send_str(json.dumps({"type": "stdin", "data": "exit 3\n"}))
        _, final = await _until_exit(ws)
        assert final == {"type": "exit", "code": 3}
        closing = await asyncio.wait_for(ws.receive(), timeout=10)
        assert closing.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
        assert ws.close_code == 1000
    audit = deck.call("GET", "/api/v1/audit?action=pods:exec&limit=10").body["items"]
    entry = next(e for e in audit if e["resource_name"] == "ticker" and e["action"] == "pods:exec")
    assert entry["namespace"] == pod_ns and entry["status_code"] == 101
    assert entry["cluster_id"] == "alpha" and entry["username"] == "admin"
    # The session's end is recorded too, with how long it lasted.
    for _ in range(50):
        audit = deck.call("GET", "/api/v1/audit?action=pods:exec.end&limit=10").body["items"]
        ended = [e for e in audit if e["resource_name"] == "ticker" and e["id"] > entry["id"]]
        if ended:
            break
        await asyncio.sleep(0.1)
    assert ended and "duration_seconds" in ended[0]["details"]


async def test_exec_session_ends_upstream_when_the_browser_leaves(
    deck: Kubedeck, sim_a: Kubesim, pod_ns: str
) -> None:
    url = exec_url(deck, pod_ns, "ticker", container="main", tty="false")
    async with aiohttp.ClientSession() as client, client.ws_connect(url) as ws:
        await ws.send_bytes(b"echo still-here\n")
        output = b""
        while b"still-here" not in output:
            output += (await asyncio.wait_for(ws.receive(), timeout=10)).data
        during = upstream_connections(deck, sim_a)
    await wait_until_closed(deck, sim_a, during)


async def test_exec_with_a_tty_and_resize(deck: Kubedeck, pod_ns: str) -> None:
    url = exec_url(deck, pod_ns, "ticker", container="main", command="sh")
    async with aiohttp.ClientSession() as client, client.ws_connect(url) as ws:
        await ws.send_str(json.dumps({"type": "resize", "cols": 120, "rows": 40}))
        await ws.send_str("echo tty-ok\r")  # a plain text frame is stdin
        await ws.send_bytes(b"exit\r")
        output, final = await _until_exit(ws)
        assert b"tty-ok" in output and final == {"type": "exit", "code": 0}


async def test_exec_errors_arrive_as_messages(deck: Kubedeck, pod_ns: str) -> None:
    url = exec_url(deck, pod_ns, "ghost")
    async with aiohttp.ClientSession() as client, client.ws_connect(url) as ws:
        message = await asyncio.wait_for(ws.receive(), timeout=10)
        error = json.loads(message.data)
        assert error["type"] == "error" and error["status"] == 404
        await asyncio.wait_for(ws.receive(), timeout=10)
        assert ws.close_code == 4404
    async with aiohttp.ClientSession() as client:
        with pytest.raises(aiohttp.WSServerHandshakeError):  # no token: refused at once
            await client.ws_connect(
                f"ws://127.0.0.1:{deck.port}/api/v1/namespaces/{pod_ns}/pods/ticker/exec"
            )


async def test_exec_idle_sessions_are_closed(tmp_path: Path, sim_a: Kubesim, pod_ns: str) -> None:
    deck = Kubedeck(
        tmp_path / "idle",
        clusters=[{"id": "alpha", "kubeconfig_path": str(sim_a.kubeconfig), "is_default": True}],
        env_extra={"KUBEDECK_EXEC_IDLE_TIMEOUT_SECONDS": "1"},
    ).start()
    try:
        url = exec_url(deck, pod_ns, "ticker", container="main", tty="false")
        async with aiohttp.ClientSession() as client, client.ws_connect(url) as ws:
            message = await asyncio.wait_for(ws.receive(), timeout=10)
            assert json.loads(message.data)["error"] == "IdleTimeout"
            await asyncio.wait_for(ws.receive(), timeout=10)
            assert ws.close_code == 4408
    finally:
        deck.stop()
