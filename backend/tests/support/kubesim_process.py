"""Start a real `kubesim serve` on a free loopback port and drive the real kubectl/helm at it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from app.core import processes

REPO_ROOT = Path(__file__).resolve().parents[3]


def tools_bin() -> Path:
    return Path(os.environ.get("KUBEDECK_TOOLS_BIN", REPO_ROOT / ".tools" / "bin"))


def tool(name: str) -> str:
    path = tools_bin() / name
    if not path.exists():
        raise RuntimeError(f"{path} is missing: run `make tools` (make test does it)")
    return str(path)


@dataclass
class Kubesim:
    workdir: Path
    name: str
    plain_http: bool = False
    scenario: str = "empty"
    extra_args: tuple[str, ...] = ()
    process: subprocess.Popen[bytes] | None = None
    env: dict[str, str] = field(default_factory=dict)

    @property
    def kubeconfig(self) -> Path:
        return self.workdir / "kubeconfig"

    @property
    def log_path(self) -> Path:
        return self.workdir / "kubesim.log"

    def config(self) -> dict[str, Any]:
        loaded: dict[str, Any] = yaml.safe_load(self.kubeconfig.read_text())
        return loaded

    @property
    def server(self) -> str:
        return str(self.config()["clusters"][0]["cluster"]["server"])

    def start(self, timeout: float = 20.0) -> Kubesim:
        self.workdir.mkdir(parents=True, exist_ok=True)
        args = [
            sys.executable,
            "-m",
            "kubesim.cli",
            "serve",
            "--port",
            "0",
            "--name",
            self.name,
            "--scenario",
            self.scenario,
            "--kubeconfig-out",
            str(self.kubeconfig),
        ]
        if self.plain_http:
            args.append("--plain-http")
        args.extend(self.extra_args)
        log = self.log_path.open("wb")
        self.process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while not self.kubeconfig.exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"kubesim did not start:\n{self.log_path.read_text()}")
            time.sleep(0.05)
        self._wait_ready(deadline)
        self.env = self._client_env()
        return self

    def _wait_ready(self, deadline: float) -> None:
        import ssl

        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        while True:
            try:
                with urllib.request.urlopen(
                    f"{self.server}/readyz",
                    timeout=2,
                    context=context,
                ) as reply:
                    if reply.status == 200:
                        return
            except OSError:
                if time.monotonic() > deadline:
                    raise
            time.sleep(0.05)

    def _client_env(self) -> dict[str, str]:
        home = self.workdir / "home"
        env = {
            "PATH": f"{tools_bin()}:{os.environ.get('PATH', '')}",
            "HOME": str(home),
            "KUBECONFIG": str(self.kubeconfig),
            "KUBECACHEDIR": str(self.workdir / "kubecache"),
            "HELM_CONFIG_HOME": str(home / "helm-config"),
            "HELM_CACHE_HOME": str(home / "helm-cache"),
            "HELM_DATA_HOME": str(home / "helm-data"),
        }
        return env

    def stop(self) -> int | None:
        return processes.stop(self.process)

    def run(
        self,
        binary: str,
        *args: str,
        input_text: str | None = None,
        check: bool = True,
        timeout: float = 60.0,
    ) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [tool(binary), *args],
            input=input_text,
            capture_output=True,
            text=True,
            env=self.env,
            timeout=timeout,
            check=False,
        )
        if check and done.returncode != 0:
            raise AssertionError(
                f"{binary} {' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n"
                f"{done.stderr}"
            )
        return done

    def kubectl(self, *args: str, **kw: Any) -> subprocess.CompletedProcess[str]:
        return self.run("kubectl", *args, **kw)

    def helm(self, *args: str, **kw: Any) -> subprocess.CompletedProcess[str]:
        return self.run("helm", *args, **kw)


def remove(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
