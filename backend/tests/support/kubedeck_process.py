"""Start a real `kubedeck serve` (uvicorn, SQLite file) against real kubesim clusters."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from types import EllipsisType
from typing import Any

import yaml

from app.core import processes
from tests.support.kubesim_process import REPO_ROOT, tools_bin


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Reply:
    status: int
    body: Any
    headers: dict[str, str]


@dataclass
class Kubedeck:
    workdir: Path
    clusters: list[dict[str, Any]] = field(default_factory=list)
    env_extra: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen[bytes] | None = None
    port: int = 0
    admin_password: str = "admin-test-password"  # given through the environment: not forced
    token: str | None = None  # the admin's access token, used by `call` unless told otherwise

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> Kubedeck:
        self.workdir.mkdir(parents=True, exist_ok=True)
        config = self.workdir / "kubedeck.yaml"
        config.write_text(yaml.safe_dump({"clusters": self.clusters}))
        self.port = free_port()
        env = {
            **os.environ,
            "KUBEDECK_CONFIG_FILE": str(config),
            "KUBEDECK_DATA_DIR": str(self.workdir / "data"),
            "KUBEDECK_PORT": str(self.port),
            "KUBEDECK_TOOLS_BIN": str(tools_bin()),
            "KUBEDECK_HEALTH_INTERVAL_SECONDS": "2",
            "KUBEDECK_CLUSTER_TIMEOUT_SECONDS": "2",
            "KUBEDECK_ADMIN_PASSWORD": self.admin_password,
            **self.env_extra,
        }
        env.pop("KUBEDECK_KUBECONFIG", None)
        log = (self.workdir / "kubedeck.log").open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "app.cli", "serve"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=REPO_ROOT / "backend",
        )
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"kubedeck exited:\n{self.log()}")
            try:
                if self.call("GET", "/readyz").status == 200:
                    self.token = self.login("admin", self.admin_password)
                    return self
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"kubedeck did not become ready:\n{self.log()}")
            time.sleep(0.1)

    def log(self) -> str:
        return (self.workdir / "kubedeck.log").read_text(errors="replace")

    def stop(self) -> None:
        processes.stop(self.process)

    def login(self, username: str, password: str) -> str:
        reply = self.call(
            "POST", "/api/v1/auth/login", {"username": username, "password": password}, token=None
        )
        if reply.status != 200:
            raise RuntimeError(f"login as {username} failed: {reply.status} {reply.body}")
        token: str = reply.body["access_token"]
        return token

    def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        headers: dict[str, str] | None = None,
        timeout: float = 30.0,
        token: str | EllipsisType | None = ...,
    ) -> Reply:
        """One request; as the admin unless `token` says otherwise (None: anonymous)."""
        bearer = self.token if token is ... else token
        auth = {"Authorization": f"Bearer {bearer}"} if bearer else {}
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.base + path,
            data=data,
            method=method,
            headers={"Content-Type": "application/json", **auth, **(headers or {})},
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as reply:
                raw = reply.read()
                status, hdrs = reply.status, dict(reply.headers)
        except urllib.error.HTTPError as err:
            raw, status, hdrs = err.read(), err.code, dict(err.headers)
        ctype = str(hdrs.get("content-type") or hdrs.get("Content-Type") or "")
        parsed = json.loads(raw) if raw and "json" in ctype else raw.decode(errors="replace")
        return Reply(status, parsed, hdrs)
