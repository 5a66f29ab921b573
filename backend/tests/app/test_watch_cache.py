"""The watch cache against real kubesim servers: it follows changes, relists on 410 Expired,
survives a server restart, fails fast (503 naming the cluster) while a cluster is down or a
black hole, never slows the other clusters, fans out live events and stops when idle."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import cast

import pytest

from app.core import errors
from app.services.cluster_service import ClusterService
from app.services.kube_gateway import KubeGateway
from app.services.resource_types import BUILTIN
from app.services.watch_cache import WatchCache
from app.services.watch_sync import SyncConfig
from tests.support.blackhole import BlackHole
from tests.support.kubedeck_process import Kubedeck, free_port
from tests.support.kubesim_process import Kubesim
from tests.support.resources import apply, eventually, get, names

CONFIGMAPS = BUILTIN["configmaps"]


class OneCluster:
    """What WatchCache needs of ClusterService, for one real kubesim."""

    def __init__(self, sim: Kubesim) -> None:
        self.id = sim.name
        self.gw = KubeGateway(sim.name, sim.config(), None, timeout=2.0)

    def get(self, cluster_id: str) -> None:
        if cluster_id != self.id:
            raise errors.NotFound(f"cluster {cluster_id!r} is not configured")

    def gateway(self, cluster_id: str) -> KubeGateway:
        self.get(cluster_id)
        return self.gw


def plain_sim(workdir: Path, name: str, port: int, *extra: str) -> Kubesim:
    # Plain HTTP on a fixed port: a restarted server is reachable through the same kubeconfig.
    return Kubesim(workdir, name, plain_http=True, extra_args=("--port", str(port), *extra))


@pytest.fixture
def gamma(tmp_path: Path) -> Iterator[Kubesim]:
    sim = plain_sim(tmp_path / "gamma", "gamma", free_port(), "--watch-history", "5").start()
    yield sim
    sim.stop()


@asynccontextmanager
async def watch_cache(sim: Kubesim, idle: float = 300.0) -> AsyncIterator[WatchCache]:
    # Watches the server ends after 1s: reconnects (and so 410s) happen within a test.
    cluster = OneCluster(sim)
    cache = WatchCache(
        cast(ClusterService, cluster),
        idle_seconds=idle,
        timeout=2.0,
        config=SyncConfig(timeout=2.0, watch_seconds=(1, 1), backoff_cap=1.0),
    )
    try:
        yield cache
    finally:
        await cache.stop()
        await cluster.gw.close()


async def until(probe: Callable[[], object], seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not probe():
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.05)


def timed(check: Callable[[], object]) -> float:
    """Seconds `check` took; it must hold."""
    started = time.monotonic()
    assert check()
    return time.monotonic() - started


async def cm_names(cache: WatchCache, sim: Kubesim) -> set[str]:
    return {o["metadata"]["name"] for o in await cache.list(sim.name, CONFIGMAPS, "default")}


async def test_relists_when_the_watch_history_expired(gamma: Kubesim) -> None:
    async with watch_cache(gamma) as cache:
        store = await cache.store("gamma", CONFIGMAPS)
        assert store.relists == 1 and "kube-root-ca.crt" in await cm_names(cache, gamma)
        # Ten secrets push the server's 5-event history past the configmap watch's version:
        # its next reconnect (the server ends watches after 1s) gets 410 and must relist.
        await asyncio.to_thread(
            apply,
            gamma,
            "---\n".join(
                f"apiVersion: v1\nkind: Secret\nmetadata: {{name: s{i}, namespace: default}}\n"
                for i in range(10)
            ),
        )
        await until(lambda: store.relists >= 2)
        assert "410" in (store.last_error or "") and store.ready.is_set()
        await asyncio.to_thread(
            apply,
            gamma,
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: after-expiry, namespace: default}\n",
        )
        await until(lambda: ("default", "after-expiry") in store.entries)


async def test_survives_a_server_restart(gamma: Kubesim) -> None:
    async with watch_cache(gamma) as cache:
        await asyncio.to_thread(
            apply,
            gamma,
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: before, namespace: default}\n",
        )
        store = await cache.store("gamma", CONFIGMAPS)
        await until(lambda: ("default", "before") in store.entries)
        gamma.stop()
        # The broken watch cannot reconnect: the store fails and reads get 503 at once.
        await until(lambda: store.failure is not None, seconds=5)
        with pytest.raises(errors.ClusterUnavailable, match="gamma"):
            await cache.store("gamma", CONFIGMAPS)
        gamma.start()  # a new, empty server on the same port
        deadline = time.monotonic() + 15
        while True:
            try:
                found = await cm_names(cache, gamma)
                break
            except errors.ClusterUnavailable:
                assert time.monotonic() < deadline
                await asyncio.sleep(0.2)
        assert "before" not in found and "kube-root-ca.crt" in found  # relisted, not resumed


async def test_subscribers_get_live_events(gamma: Kubesim) -> None:
    async with watch_cache(gamma) as cache:
        events: list[tuple[str, str]] = []
        async with cache.subscribe("gamma", CONFIGMAPS, namespace="default") as subscription:

            async def read() -> None:
                async for kind, obj in subscription:
                    events.append((kind, obj["metadata"]["name"]))

            reader = asyncio.create_task(read())
            await asyncio.to_thread(
                apply,
                gamma,
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: live, namespace: default}\n",
            )
            await asyncio.to_thread(gamma.kubectl, "label", "cm", "live", "x=1")
            await asyncio.to_thread(
                apply,
                gamma,
                "apiVersion: v1\nkind: ConfigMap\nmetadata: "
                "{name: elsewhere, namespace: kube-system}\n",
            )
            await asyncio.to_thread(gamma.kubectl, "delete", "cm", "live")
            await until(lambda: ("DELETED", "live") in events)
            reader.cancel()
        assert events == [("ADDED", "live"), ("MODIFIED", "live"), ("DELETED", "live")]


async def test_idle_stores_stop_but_subscribed_ones_stay(gamma: Kubesim) -> None:
    async with watch_cache(gamma, idle=0.2) as cache:
        await cache.store("gamma", CONFIGMAPS)
        async with cache.subscribe("gamma", BUILTIN["namespaces"]):
            await asyncio.sleep(0.4)
            cache.reap()
            assert [s["resource"] for s in cache.status()] == ["namespaces"]
        await asyncio.sleep(0.4)
        cache.reap()
        assert cache.status() == []
        with pytest.raises(errors.NotFound):
            await cache.store("gamma", BUILTIN["customresourcedefinitions"])


def test_follows_creates_updates_and_deletes(deck: Kubedeck, sim_a: Kubesim) -> None:
    base = "/api/v1/configmaps?namespace=default&search=follow"
    names(get(deck, base))  # warm: the cache exists before the changes
    apply(
        sim_a,
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: follow-me, namespace: "
        "default}\ndata: {a: b}\n",
    )
    eventually(lambda: names(get(deck, base)) == ["follow-me"], timeout=5)
    sim_a.kubectl("label", "cm", "follow-me", "stage=two")
    eventually(lambda: get(deck, f"{base}&label_selector=stage=two").body["total"] == 1, 5)
    sim_a.kubectl("delete", "cm", "follow-me")
    eventually(lambda: get(deck, base).body["total"] == 0, timeout=5)


def test_down_cluster_fails_fast_and_others_stay_fast(tmp_path: Path, sim_b: Kubesim) -> None:
    port = free_port()
    gamma = plain_sim(tmp_path / "gamma", "gamma", port).start()
    deck = Kubedeck(
        tmp_path / "deck",
        clusters=[
            {"id": "gamma", "kubeconfig_path": str(gamma.kubeconfig), "is_default": True},
            {"id": "beta", "kubeconfig_path": str(sim_b.kubeconfig)},
        ],
    ).start()
    try:
        assert "default" in names(get(deck, "/api/v1/namespaces", "gamma"))
        names(get(deck, "/api/v1/namespaces", "beta"))
        gamma.stop()

        def refused() -> bool:
            reply = get(deck, "/api/v1/namespaces", "gamma")
            return reply.status == 503 and "gamma" in reply.body["detail"]

        eventually(refused, timeout=5)
        for _ in range(5):  # each call well under the 2s cluster timeout: nothing waits on it
            assert timed(refused) < 1.0
            assert timed(lambda: names(get(deck, "/api/v1/namespaces", "beta"))) < 1.0
        gamma.start()
        eventually(lambda: get(deck, "/api/v1/namespaces", "gamma").status == 200, timeout=20)
    finally:
        deck.stop()
        gamma.stop()


def test_black_hole_cluster_costs_only_its_own_timeout(deck: Kubedeck) -> None:
    hole = BlackHole()
    kubeconfig = hole.kubeconfig()
    try:
        assert (
            deck.call("POST", "/api/v1/clusters", {"id": "hole", "kubeconfig": kubeconfig}).status
            == 201
        )
        started = time.monotonic()
        first = get(deck, "/api/v1/pods", "hole")
        assert first.status == 503 and "hole" in first.body["detail"]
        assert time.monotonic() - started < 5  # the cluster timeout (2s here), not more
        for _ in range(5):  # then it fails fast, and the healthy cluster never waits on it
            assert timed(lambda: get(deck, "/api/v1/pods", "hole").status == 503) < 1.0
            assert timed(lambda: get(deck, "/api/v1/namespaces", "alpha").status == 200) < 1.0
    finally:
        deck.call("DELETE", "/api/v1/clusters/hole")
        hole.close()
