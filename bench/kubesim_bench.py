"""How fast kubesim comes up with a large cluster, how much memory it holds, how fast it lists.

Run: backend/.venv/bin/python bench/kubesim_bench.py [--sizes 1000,10000] [--pods-per-node 100]

For each size it starts a real `kubesim serve --plain-http --scenario scale:NODES:PODS` and
prints the figures that bench/README.md explains, then ratios between the sizes measured side by
side in this run (the machine is noisy; ratios travel better than absolute times). It prints and
never asserts: the targets are in the README.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BACKEND = Path(__file__).resolve().parents[1] / "backend"
TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json"


@dataclass
class Figures:
    label: str
    pods: int
    ready_s: float = math.nan  # process start → /readyz answers
    running_s: float = math.nan  # process start → every pod reported Running
    rss_mb: float = math.nan  # VmRSS once settled
    peak_mb: float = math.nan  # VmHWM at the end (peak, lists included)
    list_s: float = math.nan  # median full GET /api/v1/pods (JSON)
    list_mb: float = math.nan  # its size
    table_s: float = math.nan  # median `kubectl get pods -A` equivalent: Table pages of 500
    metrics_s: float = math.nan  # median GET /apis/metrics.k8s.io/v1beta1/pods


def _get(url: str, accept: str = "application/json", timeout: float = 120) -> bytes:
    request = urllib.request.Request(url, headers={"Accept": accept})  # noqa: S310 (loopback)
    with urllib.request.urlopen(request, timeout=timeout) as reply:  # noqa: S310
        data: bytes = reply.read()
        return data


def _json(url: str, **kw: Any) -> Any:
    return json.loads(_get(url, **kw))


def _status_kb(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return float(line.split()[1])
    return math.nan


def _median_time(action: Any, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _running(base: str) -> int:
    """How many pods are Running, without serialising them all (limit=1 + remainingItemCount)."""
    page = _json(f"{base}/api/v1/pods?fieldSelector=status.phase%3DRunning&limit=1")
    return len(page["items"]) + int(page["metadata"].get("remainingItemCount") or 0)


def _table_pages(base: str) -> None:
    token = ""
    while True:
        url = f"{base}/api/v1/pods?limit=500" + (f"&continue={token}" if token else "")
        page = _json(url, accept=TABLE)
        token = page["metadata"].get("continue", "")
        if not token:
            return


def measure(label: str, scenario: str, pods: int, repeat: int, timeout: float) -> Figures:
    figures = Figures(label, pods)
    with tempfile.TemporaryDirectory(prefix="kubesim-bench-") as tmp:
        kubeconfig = Path(tmp) / "kubeconfig"
        log = (Path(tmp) / "kubesim.log").open("wb")
        args = [
            sys.executable,
            "-m",
            "kubesim.cli",
            "serve",
            "--port",
            "0",
            "--plain-http",
            "--name",
            "bench",
            "--scenario",
            scenario,
            "--kubeconfig-out",
            str(kubeconfig),
        ]
        started = time.perf_counter()
        process = subprocess.Popen(args, cwd=BACKEND, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = started + timeout
            while not kubeconfig.exists():
                if process.poll() is not None or time.perf_counter() > deadline:
                    log.flush()
                    raise RuntimeError(f"kubesim did not start:\n{Path(log.name).read_text()}")
                time.sleep(0.01)
            server = next(
                line.split("server:", 1)[1].strip()
                for line in kubeconfig.read_text().splitlines()
                if "server:" in line
            )
            while True:
                try:
                    _get(f"{server}/readyz", timeout=5)
                    break
                except OSError:
                    if time.perf_counter() > deadline:
                        raise
                    time.sleep(0.01)
            figures.ready_s = time.perf_counter() - started
            while _running(server) < pods:
                if time.perf_counter() > deadline:
                    raise RuntimeError(f"{label}: not every pod Running within {timeout}s")
                time.sleep(0.05)
            figures.running_s = time.perf_counter() - started
            time.sleep(1.0)  # let the start-up resync finish before measuring memory
            figures.rss_mb = _status_kb(process.pid, "VmRSS") / 1024
            if pods:
                body = _get(f"{server}/api/v1/pods")
                figures.list_mb = len(body) / 2**20
                figures.list_s = _median_time(lambda: _get(f"{server}/api/v1/pods"), repeat)
                figures.table_s = _median_time(lambda: _table_pages(server), max(repeat // 2, 1))
                figures.metrics_s = _median_time(
                    lambda: _get(f"{server}/apis/metrics.k8s.io/v1beta1/pods"), repeat
                )
            figures.peak_mb = _status_kb(process.pid, "VmHWM") / 1024
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            log.close()
    return figures


def _fmt(value: float, unit: str, digits: int = 2) -> str:
    return "n/a" if math.isnan(value) else f"{value:.{digits}f} {unit}"


def report(results: list[Figures]) -> None:
    rows: list[tuple[str, Callable[[Figures], str]]] = [
        ("start → /readyz", lambda f: _fmt(f.ready_s, "s")),
        ("start → all pods Running", lambda f: _fmt(f.running_s, "s")),
        ("RSS settled (VmRSS)", lambda f: _fmt(f.rss_mb, "MB", 0)),
        ("RSS peak (VmHWM)", lambda f: _fmt(f.peak_mb, "MB", 0)),
        ("GET /api/v1/pods, median", lambda f: _fmt(f.list_s, "s", 3)),
        ("  its size", lambda f: _fmt(f.list_mb, "MB", 1)),
        ("Table pages of 500, median", lambda f: _fmt(f.table_s, "s", 3)),
        ("GET metrics pods, median", lambda f: _fmt(f.metrics_s, "s", 3)),
    ]
    width = max(len(r[0]) for r in rows) + 2
    print("".ljust(width) + "".join(f.label.rjust(16) for f in results))
    for name, cell in rows:
        print(name.ljust(width) + "".join(cell(f).rjust(16) for f in results))
    base = next((f for f in results if f.pods == 0), None)
    sized = [f for f in results if f.pods]
    print()
    for f in sized:
        per_k = f.pods / 1000
        extra = f"{(f.rss_mb - base.rss_mb) / per_k:.1f} MB" if base else "n/a"
        print(
            f"{f.label}: list {f.list_s * 1000 / per_k:.0f} ms per 1k pods, "
            f"table {f.table_s * 1000 / per_k:.0f} ms per 1k, "
            f"metrics {f.metrics_s * 1000 / per_k:.0f} ms per 1k, "
            f"RSS above empty {extra} per 1k pods"
        )
    if len(sized) >= 2:
        small, large = sized[0], sized[-1]
        scale = large.pods / small.pods
        print(
            f"{large.label} / {small.label} (pods x{scale:.0f}): "
            f"start→Running x{large.running_s / small.running_s:.1f}, "
            f"list x{large.list_s / small.list_s:.1f}, "
            f"RSS x{large.rss_mb / small.rss_mb:.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="pod counts, comma-separated")
    parser.add_argument("--pods-per-node", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5, help="samples per latency median")
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args()
    results = [measure("empty", "empty", 0, args.repeat, args.timeout)]
    for pods in (int(s) for s in args.sizes.split(",") if s.strip()):
        nodes = max(1, math.ceil(pods / args.pods_per_node))
        label = f"{pods // 1000}k" if pods % 1000 == 0 else str(pods)
        print(f"measuring scale:{nodes}:{pods} ...", file=sys.stderr, flush=True)
        results.append(measure(label, f"scale:{nodes}:{pods}", pods, args.repeat, args.timeout))
    report(results)


if __name__ == "__main__":
    main()
