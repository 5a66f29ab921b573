"""Sandbox clusters for the embedded defaults: kubesim processes reached through kubeconfigs.

kubedeck never imports kubesim; it starts `kubesim serve` like any other program and talks to it
over HTTPS with the kubeconfig kubesim writes, exactly as it would to a real cluster.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from app.core import processes
from app.core.config import ClusterConfig


@dataclass
class Sandbox:
    cluster_id: str
    seed: int
    scenario: str
    workdir: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def kubeconfig(self) -> Path:
        return self.workdir / "kubeconfig"

    def start(self) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.kubeconfig.unlink(missing_ok=True)
        log = (self.workdir / "kubesim.log").open("wb")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "kubesim.cli",
                "serve",
                "--port",
                "0",
                "--name",
                self.cluster_id,
                "--scenario",
                self.scenario,
                "--seed",
                str(self.seed),
                "--kubeconfig-out",
                str(self.kubeconfig),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while not self.kubeconfig.exists():
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(
                    f"sandbox {self.cluster_id} exited; see {self.workdir / 'kubesim.log'}"
                )
            if time.monotonic() > deadline:
                raise RuntimeError(f"sandbox {self.cluster_id} did not start in {timeout:.0f}s")
            time.sleep(0.1)

    def stop(self) -> None:
        processes.stop(self.process)

    def cluster_config(self, is_default: bool) -> ClusterConfig:
        return ClusterConfig(
            id=self.cluster_id,
            name=self.cluster_id,
            kubeconfig_path=str(self.kubeconfig),
            is_default=is_default,
        )


def start_sandboxes(data_dir: Path, scenario: str = "demo") -> list[Sandbox]:
    """Two demo clusters with different seeds, started side by side."""
    sandboxes = [
        Sandbox(f"sandbox-{suffix}", seed, scenario, data_dir / "sandboxes" / suffix)
        for suffix, seed in (("a", 1), ("b", 2))
    ]
    for sandbox in sandboxes:
        sandbox.start()
    try:
        for sandbox in sandboxes:
            sandbox.wait_ready()
    except RuntimeError:
        for sandbox in sandboxes:
            sandbox.stop()
        raise
    return sandboxes


SAMPLE_CHARTS = Path(__file__).resolve().parents[2] / "samples" / "charts" / "repo"


@dataclass
class SampleChartRepo:
    """The bundled sample Helm repository, served on loopback for the embedded defaults."""

    process: subprocess.Popen[bytes] | None = None
    url: str = ""

    def start(self, timeout: float = 10.0) -> str:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "http.server",
                str(port),
                "--bind",
                "127.0.0.1",
                "--directory",
                str(SAMPLE_CHARTS),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + timeout
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    return self.url
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("the sample chart repository did not start") from None
                time.sleep(0.1)

    def stop(self) -> None:
        processes.stop(self.process, grace_seconds=5)
