"""kubedeck's resources API against a direct LIST, side by side in one run (issue 4).

    backend/.venv/bin/python bench/kubedeck_bench.py [--pods 10000] [--nodes 20] [--runs 7]

Starts kubesim with `--scenario scale:NODES:PODS` (or, while that scenario is missing, an empty
kubesim filled with generated pods through its API) and a real `kubedeck serve`, then measures:
the warm first page (100 rows, all namespaces, by name) and the whole summary list versus a
direct `LIST /api/v1/pods`; kubedeck's RSS with the cache warm; and a healthy cluster's list
latency with and without a black-hole cluster (accepts TCP connections, never answers)
registered beside it and being asked at the same time. Prints figures and ratios; asserts
nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import multiprocessing
import shutil
import ssl
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "backend"))

from tests.support.blackhole import BlackHole
from tests.support.kubedeck_process import Kubedeck
from tests.support.kubesim_process import Kubesim


class EventLike(Protocol):
    def wait(self, timeout: float | None = None) -> bool: ...


class Client:
    """Keep-alive HTTP(S) to one server, so both sides pay the same connection costs."""

    def __init__(self, url: str, token: str | None = None) -> None:
        scheme, _, rest = url.partition("://")
        host, _, port = rest.partition(":")
        if scheme == "https":
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            self.conn: http.client.HTTPConnection = http.client.HTTPSConnection(
                host, int(port), context=context, timeout=120
            )
        else:
            self.conn = http.client.HTTPConnection(host, int(port), timeout=120)
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, path: str) -> tuple[int, bytes]:
        for attempt in range(2):
            try:
                self.conn.request("GET", path, headers=self.headers)
                reply = self.conn.getresponse()
                return reply.status, reply.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.conn.close()  # the server closed an idle keep-alive connection: redial
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def get_json(self, path: str) -> Any:
        status, raw = self.get(path)
        if status != 200:
            raise RuntimeError(f"GET {path}: {status} {raw[:300]!r}")
        return json.loads(raw)


def once(fn: Callable[[], Any]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def interleaved(fns: dict[str, Callable[[], Any]], rounds: int) -> dict[str, float]:
    """Median seconds of each call, sampled in alternation (after one warm-up each), so
    that load from other processes on the machine weighs on every side alike."""
    samples: dict[str, list[float]] = {name: [] for name in fns}
    for fn in fns.values():
        fn()
    for _ in range(rounds):
        for name, fn in fns.items():
            samples[name].append(once(fn))
    return {name: statistics.median(values) for name, values in samples.items()}


def start_kubesim(work: Path, nodes: int, pods: int) -> tuple[Kubesim, bool]:
    sim = Kubesim(work / "sim", "big", scenario=f"scale:{nodes}:{pods}")
    try:
        return sim.start(timeout=300), True
    except RuntimeError:
        sim.stop()
        print("(scenario scale:NODES:PODS not available yet: generating pods through the API)")
        return Kubesim(work / "sim-empty", "big").start(), False


async def generate(sim: Kubesim, nodes: int, pods: int) -> None:
    """Nodes, namespaces and pods shaped like a real cluster's, created through the API."""
    config = sim.config()
    token = config["users"][0]["user"].get("token")
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    namespaces = [f"team-{i:02d}" for i in range(max(1, pods // 200))]
    async with aiohttp.ClientSession(
        base_url=sim.server, headers=headers, connector=aiohttp.TCPConnector(ssl=context)
    ) as http:

        async def post(path: str, body: dict[str, Any]) -> None:
            async with http.post(path, json=body) as reply:
                if reply.status >= 300:
                    raise RuntimeError(f"POST {path}: {reply.status} {await reply.text()}")

        for i in range(nodes):
            await post(
                "/api/v1/nodes",
                {
                    "metadata": {
                        "name": f"node-{i:03d}",
                        "labels": {
                            "node.kubernetes.io/instance-type": "m5.4xlarge",
                            "topology.kubernetes.io/zone": f"zone-{i % 3}",
                        },
                    },
                    "status": {
                        "capacity": {"cpu": "64", "memory": "256Gi", "pods": "1000"},
                        "allocatable": {"cpu": "64", "memory": "256Gi", "pods": "1000"},
                    },
                },
            )
        for ns in namespaces:
            await post("/api/v1/namespaces", {"metadata": {"name": ns}})
        semaphore = asyncio.Semaphore(32)

        async def pod(i: int) -> None:
            ns, app = namespaces[i % len(namespaces)], f"app-{i % 50}"
            body = {
                "metadata": {"name": f"{app}-{i:06d}", "labels": {"app": app, "tier": "web"}},
                "spec": {
                    "containers": [
                        {
                            "name": "main",
                            "image": f"registry.example.com/{app}:1.{i % 7}",
                            "resources": {
                                "requests": {"cpu": "10m", "memory": "32Mi"},
                                "limits": {"cpu": "500m", "memory": "256Mi"},
                            },
                            "ports": [{"containerPort": 8080}],
                            "env": [{"name": "MODE", "value": "production"}],
                        }
                    ]
                },
            }
            async with semaphore:
                await post(f"/api/v1/namespaces/{ns}/pods", body)

        await asyncio.gather(*(pod(i) for i in range(pods)))


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def wait_for(check: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out waiting for {what}")
        time.sleep(0.5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pods", type=int, default=10_000)
    parser.add_argument("--nodes", type=int, default=20)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kubedeck-bench-"))
    sim, scenario = start_kubesim(work, args.nodes, args.pods)
    deck: Kubedeck | None = None
    try:
        if not scenario:
            started = time.monotonic()
            asyncio.run(generate(sim, args.nodes, args.pods))
            print(f"generated {args.pods} pods in {time.monotonic() - started:.1f}s")
        deck = Kubedeck(
            work / "deck",
            clusters=[{"id": "big", "kubeconfig_path": str(sim.kubeconfig), "is_default": True}],
            env_extra={
                "KUBEDECK_CLUSTER_TIMEOUT_SECONDS": "5",
                "KUBEDECK_HEALTH_INTERVAL_SECONDS": "15",
            },
        ).start(60)
        run(sim, deck, args)
    finally:
        if deck is not None:
            deck.stop()
        sim.stop()
        shutil.rmtree(work, ignore_errors=True)


def run(sim: Kubesim, deck: Kubedeck, args: argparse.Namespace) -> None:
    token = sim.config()["users"][0]["user"].get("token")
    direct = Client(sim.server, token)
    ours = Client(deck.base, deck.token)
    first_page = "/api/v1/pods?cluster_id=big&limit=100&sort=name"
    everything = "/api/v1/pods?cluster_id=big&limit=0&sort=name"
    total = len(direct.get_json("/api/v1/pods")["items"])
    wait_for(lambda: ours.get_json(first_page)["total"] == total, 120, "the cache to fill")
    settle(ours)
    # The first page with the memoised view bypassed (a selector matching every pod, new each
    # time): what the first request after any change costs, filtering and sorting all rows.
    fresh = iter(range(1_000_000))
    t = interleaved(
        {
            "list": lambda: direct.get("/api/v1/pods"),
            "page": lambda: ours.get(first_page),
            "cold": lambda: ours.get(f"{first_page}&label_selector=!bench-{next(fresh)}"),
            "all": lambda: ours.get(everything),
        },
        args.runs,
    )
    rss = rss_mb(deck.process.pid) if deck.process else float("nan")
    print(f"\n{total} pods on kubesim; medians of {args.runs} interleaved rounds\n")
    line = "{:<52} {:>10} {:>8} {:>8}"
    print(line.format("measure", "value", "ratio", "target"))
    for label, key, target in (
        ("direct LIST /api/v1/pods (baseline)", "list", ""),
        ("kubedeck first page (100 rows by name, warm)", "page", "<= 0.1"),
        ("... the same, view not memoised (after a change)", "cold", "<= 0.1"),
        (f"kubedeck all {total} summary rows", "all", "<= 1.0"),
    ):
        ratio = f"{t[key] / t['list']:.3f}" if target else ""
        print(line.format(label, f"{t[key] * 1000:.1f} ms", ratio, target))
    print(line.format("kubedeck RSS with the cache warm", f"{rss:.0f} MB", "", "< 500 MB"))
    black_hole(deck, ours, first_page, args.runs * 4, line)


def settle(client: Client) -> None:
    """Until the cached pods stop changing (controllers' status updates have arrived)."""
    last = None
    for _ in range(120):
        stores = client.get_json("/api/v1/clusters/big/cache")
        marker = [(s["resource"], s["events_applied"]) for s in stores]
        if marker == last:
            return
        last = marker
        time.sleep(1.0)


def poll_the_hole(base: str, token: str | None, every: float, stop: EventLike) -> None:
    """A browser tab on the dead cluster, polling three of its lists every `every` seconds
    (in its own process, so it never competes with the measuring client for a GIL)."""
    client = Client(base, token)
    while not stop.wait(every):
        for resource in ("pods", "deployments", "nodes"):
            client.get(f"/api/v1/{resource}?cluster_id=hole")


def black_hole(deck: Kubedeck, ours: Client, path: str, samples: int, line: str) -> None:
    """The healthy cluster's first page without, then with, a black-hole cluster registered
    (health-checked, and polled by browser tabs), in three alternating rounds; medians."""
    hole = BlackHole()
    context = multiprocessing.get_context("fork")
    modes = {"none": (0, 0.0), "tab": (1, 2.0), "storm": (4, 0.5)}  # (tabs, poll interval)
    times: dict[str, list[float]] = {mode: [] for mode in modes}
    for _ in range(3):
        for mode, (tabs, every) in modes.items():
            if tabs:
                deck.call(
                    "POST", "/api/v1/clusters", {"id": "hole", "kubeconfig": hole.kubeconfig()}
                )
            stop = context.Event()
            pollers = [
                context.Process(target=poll_the_hole, args=(deck.base, deck.token, every, stop))
                for _ in range(tabs)
            ]
            for poller in pollers:
                poller.start()
            time.sleep(1.0 if tabs else 0.0)
            times[mode] += [once(lambda: ours.get(path)) for _ in range(samples)]
            stop.set()
            for poller in pollers:
                poller.join()
            if tabs:
                deck.call("DELETE", "/api/v1/clusters/hole")
    base = statistics.median(times["none"])
    print(line.format("healthy first page, no black hole", f"{base * 1000:.1f} ms", "", ""))
    for mode, label, target in (
        ("tab", "... black hole beside it, 1 tab polls it every 2s", "<= 1.2"),
        ("storm", "... black hole beside it, 4 tabs poll it every 0.5s", ""),
    ):
        value = statistics.median(times[mode])
        print(line.format(label, f"{value * 1000:.1f} ms", f"{value / base:.2f}", target))


if __name__ == "__main__":
    main()
