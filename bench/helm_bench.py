"""kubedeck's Helm release list against `helm list -A -o json` run directly (issue 7).

    backend/.venv/bin/python bench/helm_bench.py [--releases 300] [--namespaces 50] [--runs 7]

Starts kubesim and a real `kubedeck serve`, installs one real release with the real helm,
then clones its release Secret into RELEASES releases spread over NAMESPACES namespaces
through the Kubernetes API (installing 300 charts through helm would take minutes and measure
nothing the list does: the list reads only the release Secrets). Then, interleaved, medians of
RUNS: the direct `helm list` (same flags kubedeck passes: all namespaces, `--max=0`, JSON) and
`GET /api/v1/helm/releases`, body read to the end over keep-alive HTTP. Prints the ratio
(target <= 1.5x); asserts nothing.
"""

from __future__ import annotations

import argparse
import base64
import gzip
import http.client
import json
import shutil
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "backend"))

from tests.support.kubedeck_process import Kubedeck
from tests.support.kubesim_process import Kubesim


class Api:
    """Keep-alive HTTPS to kubesim with its bearer token."""

    def __init__(self, sim: Kubesim) -> None:
        server = sim.server.removeprefix("https://")
        host, _, port = server.partition(":")
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        self.conn = http.client.HTTPSConnection(host, int(port), context=context, timeout=60)
        token = sim.config()["users"][0]["user"].get("token")
        self.headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if token:
            self.headers["Authorization"] = f"Bearer {token}"

    def call(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body)
        self.conn.request(method, path, body=data, headers=self.headers)
        reply = self.conn.getresponse()
        raw = reply.read()
        if reply.status >= 300 and reply.status != 409:
            raise RuntimeError(f"{method} {path}: {reply.status} {raw[:300]!r}")
        return json.loads(raw) if raw else None


def decode_release(secret: dict[str, Any]) -> dict[str, Any]:
    # Secret data is base64; helm's payload inside is itself base64(gzip(JSON)).
    inner = base64.b64decode(base64.b64decode(secret["data"]["release"]))
    loaded: dict[str, Any] = json.loads(gzip.decompress(inner))
    return loaded


def encode_release(release: dict[str, Any]) -> str:
    payload = base64.b64encode(gzip.compress(json.dumps(release).encode()))
    return base64.b64encode(payload).decode()


def populate(sim: Kubesim, api: Api, releases: int, namespaces: int, work: Path) -> None:
    chart = work / "benchchart"
    sim.helm("create", str(chart))
    sim.helm("install", "seed", str(chart), "-n", "default")
    seed = api.call("GET", "/api/v1/namespaces/default/secrets/sh.helm.release.v1.seed.v1")
    template = decode_release(seed)
    for n in range(namespaces):
        api.call("POST", "/api/v1/namespaces", {"metadata": {"name": f"bench-{n:02d}"}})
    for i in range(releases - 1):  # the seed is one of them
        namespace, name = f"bench-{i % namespaces:02d}", f"app-{i:03d}"
        release = {**template, "name": name, "namespace": namespace, "version": 1}
        labels = {**seed["metadata"]["labels"], "name": name, "version": "1"}
        api.call(
            "POST",
            f"/api/v1/namespaces/{namespace}/secrets",
            {
                "apiVersion": "v1",
                "kind": "Secret",
                "type": seed["type"],
                "metadata": {"name": f"sh.helm.release.v1.{name}.v1", "labels": labels},
                "data": {"release": encode_release(release)},
            },
        )


def median_of(fns: dict[str, Callable[[], Any]], runs: int) -> dict[str, float]:
    """Interleaved samples after one warm-up each, so machine load weighs on both alike."""
    samples: dict[str, list[float]] = {name: [] for name in fns}
    for fn in fns.values():
        fn()
    for _ in range(runs):
        for name, fn in fns.items():
            started = time.perf_counter()
            fn()
            samples[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) for name, values in samples.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--releases", type=int, default=300)
    parser.add_argument("--namespaces", type=int, default=50)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="helm-bench-"))
    sim = Kubesim(work / "sim", "helmbench").start()
    deck: Kubedeck | None = None
    try:
        started = time.monotonic()
        populate(sim, Api(sim), args.releases, args.namespaces, work)
        print(
            f"{args.releases} releases in {args.namespaces} namespaces created in "
            f"{time.monotonic() - started:.1f}s (1 by helm install, the rest cloned Secrets)"
        )
        deck = Kubedeck(
            work / "deck",
            clusters=[{"id": "bench", "kubeconfig_path": str(sim.kubeconfig), "is_default": True}],
        ).start(60)
        measure(sim, deck, args)
    finally:
        if deck is not None:
            deck.stop()
        sim.stop()
        shutil.rmtree(work, ignore_errors=True)


def measure(sim: Kubesim, deck: Kubedeck, args: argparse.Namespace) -> None:
    direct_args = [
        "list",
        "--all-namespaces",
        "--output=json",
        "--max=0",
        "--time-format=2006-01-02T15:04:05Z07:00",
        f"--kubeconfig={sim.kubeconfig}",
    ]
    host, _, port = deck.base.removeprefix("http://").partition(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=120)
    headers = {"Authorization": f"Bearer {deck.token}"}

    def direct() -> int:
        done = subprocess.run(
            [sim.env["PATH"].split(":")[0] + "/helm", *direct_args],
            env=sim.env,
            capture_output=True,
            check=True,
        )
        return len(json.loads(done.stdout))

    def ours() -> int:
        conn.request("GET", "/api/v1/helm/releases?cluster_id=bench", headers=headers)
        reply = conn.getresponse()
        body = reply.read()
        if reply.status != 200:
            raise RuntimeError(f"kubedeck: {reply.status} {body[:300]!r}")
        return len(json.loads(body))

    counts = (direct(), ours())
    print(f"releases listed: helm {counts[0]}, kubedeck {counts[1]}")
    plain = subprocess.run(
        [
            sim.env["PATH"].split(":")[0] + "/helm",
            "list",
            "-A",
            "-o",
            "json",
            f"--kubeconfig={sim.kubeconfig}",
        ],
        env=sim.env,
        capture_output=True,
        check=True,
    )
    print(
        f"(plain `helm list -A -o json` returns {len(json.loads(plain.stdout))}: "
        "helm's default --max is 256, so kubedeck passes --max=0)"
    )
    medians = median_of(
        {"helm list -A -o json": direct, "kubedeck GET /helm/releases": ours}, args.runs
    )
    for name, seconds in medians.items():
        print(f"{name:32s} {seconds * 1000:8.1f} ms (median of {args.runs})")
    ratio = medians["kubedeck GET /helm/releases"] / medians["helm list -A -o json"]
    print(f"ratio kubedeck / helm: {ratio:.2f}x (target <= 1.5x)")


if __name__ == "__main__":
    main()
