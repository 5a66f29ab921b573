"""Overview, fleet and the live-updates WebSocket against real kubesim clusters."""

from __future__ import annotations

import asyncio
import base64
import json
import time
from typing import Any

import aiohttp
import jwt
import pytest

from tests.support.kubedeck_process import Kubedeck
from tests.support.kubesim_process import Kubesim


def _wait_for(check: Any, timeout: float = 20.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.3)


def test_overview_counts_and_resources(deck: Kubedeck, sim_a: Kubesim) -> None:
    sim_a.kubectl("create", "namespace", "ov")
    sim_a.kubectl(
        "run",
        "ov-pod",
        "-n",
        "ov",
        "--image=nginx",
        "--overrides",
        json.dumps(
            {
                "spec": {
                    "containers": [
                        {
                            "name": "ov-pod",
                            "image": "nginx",
                            "resources": {"requests": {"cpu": "250m", "memory": "64Mi"}},
                        }
                    ]
                }
            }
        ),
    )

    def running() -> dict[str, Any] | None:
        body: dict[str, Any] = deck.call("GET", "/api/v1/overview?cluster_id=alpha").body
        return body if body["pod_phases"].get("Running", 0) >= 1 else None

    overview = _wait_for(running)
    assert overview["cluster_id"] == "alpha"
    assert overview["counts"]["nodes"] == 1 and overview["nodes"]["ready"] == 1
    assert overview["counts"]["namespaces"] >= 5
    assert overview["cpu"]["requested_millicores"] >= 250
    assert overview["cpu"]["allocatable_millicores"] == 4000
    assert overview["cpu"]["used_millicores"] is not None  # kubesim serves metrics.k8s.io
    assert overview["memory"]["allocatable_bytes"] == 16 * 2**30
    sim_a.kubectl("delete", "namespace", "ov", "--wait=false")


def test_fleet_lists_every_cluster(deck: Kubedeck) -> None:
    fleet = deck.call("GET", "/api/v1/fleet").body
    by_id = {c["cluster_id"]: c for c in fleet}
    assert {"alpha", "beta"} <= set(by_id)
    assert by_id["beta"]["overview"]["counts"]["nodes"] == 1
    assert by_id["beta"]["error"] is None


async def test_live_updates_follow_changes(deck: Kubedeck, sim_b: Kubesim) -> None:
    sim_b.kubectl("create", "namespace", "live")
    url = deck.base.replace("http", "ws") + f"/api/v1/live?access_token={deck.token}"
    async with aiohttp.ClientSession() as session, session.ws_connect(url) as socket:
        await socket.send_json(
            {
                "type": "subscribe",
                "id": "cm",
                "cluster_id": "beta",
                "resource": "configmaps",
                "namespace": "live",
            }
        )
        await socket.send_json(
            {"type": "subscribe", "id": "bad", "cluster_id": "beta", "resource": "nonsense"}
        )
        seen: list[tuple[str, str, str]] = []

        async def read_until(predicate: Any) -> None:
            async with asyncio.timeout(20):
                while not predicate():
                    message = json.loads((await socket.receive()).data)
                    if message["type"] == "event":
                        seen.append((message["id"], message["event"], message["row"]["name"]))
                    else:
                        seen.append(
                            (str(message["id"]), message["type"], str(message.get("detail", "")))
                        )

        await read_until(lambda: any(s[1] == "subscribed" for s in seen))
        sim_b.kubectl("create", "configmap", "watched", "-n", "live")
        await read_until(lambda: ("cm", "ADDED", "watched") in seen)
        sim_b.kubectl("delete", "configmap", "watched", "-n", "live")
        await read_until(lambda: ("cm", "DELETED", "watched") in seen)
        errors = [s for s in seen if s[0] == "bad"]
        assert errors and errors[0][1] == "error" and "nonsense" in errors[0][2]
    sim_b.kubectl("delete", "namespace", "live", "--wait=false")


async def test_live_requires_a_token(deck: Kubedeck) -> None:
    url = deck.base.replace("http", "ws") + "/api/v1/live"
    async with aiohttp.ClientSession() as session:
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await session.ws_connect(url)
        assert refused.value.status in (401, 403)


async def test_live_closes_when_its_access_token_expires(deck: Kubedeck) -> None:
    """The socket ends with the token it opened with (4401), so the client reconnects with a
    fresh token and is checked again: a revoked session cannot keep a stream open."""
    assert deck.token is not None
    payload = deck.token.split(".")[1]
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    key = (deck.workdir / "data" / "jwt.key").read_text().strip()
    short = jwt.encode({**claims, "exp": int(time.time()) + 3}, key, algorithm="HS256")
    url = deck.base.replace("http", "ws") + f"/api/v1/live?access_token={short}"
    async with aiohttp.ClientSession() as session, session.ws_connect(url) as socket:
        await socket.send_json(
            {"type": "subscribe", "id": "ns", "cluster_id": "alpha", "resource": "namespaces"}
        )
        async with asyncio.timeout(20):
            while (message := await socket.receive()).type == aiohttp.WSMsgType.TEXT:
                assert json.loads(message.data)["type"] in ("subscribed", "event")
        assert message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
        assert socket.close_code == 4401
