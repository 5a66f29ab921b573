"""Local chart sources for the Helm tests, built with the real helm and served on loopback.

`ChartRepo`: an HTTP chart repository (`helm create` + a schema and README, `helm package`
of two versions, `helm repo index`), optionally behind basic auth. `OciRegistry`: Debian's
`docker-registry` with htpasswd auth, charts pushed with `helm push`; skipped where the
package is not installed.
"""

from __future__ import annotations

import base64
import json
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
import warnings
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import yaml

from app.core import processes
from tests.support.kubesim_process import tool

SCHEMA: dict[str, Any] = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object",
    "properties": {
        "replicaCount": {"type": "integer", "minimum": 0},
        "service": {
            "type": "object",
            "properties": {"port": {"type": "integer", "minimum": 1, "maximum": 65535}},
        },
        "message": {"type": "string", "maxLength": 40},
    },
}


def helm_env(home: Path) -> dict[str, str]:
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "HELM_CONFIG_HOME": str(home / "config"),
        "HELM_CACHE_HOME": str(home / "cache"),
        "HELM_DATA_HOME": str(home / "data"),
        "HELM_COLOR": "never",
    }


def helm(home: Path, *args: str, input_text: str | None = None) -> str:
    done = subprocess.run(
        [tool("helm"), *args],
        env=helm_env(home),
        capture_output=True,
        text=True,
        input=input_text,
        timeout=120,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"helm {' '.join(args)}: {done.stderr}")
    return done.stdout


def build_chart(home: Path, where: Path, name: str, version: str, *, schema: bool = True) -> Path:
    """A `helm create` chart at `version`, with a README, a `message` ConfigMap value and (by
    default) a values.schema.json; returns the chart's directory."""
    chart = where / name
    if not chart.exists():
        helm(home, "create", str(chart))
    meta = yaml.safe_load((chart / "Chart.yaml").read_text())
    meta.update(version=version, appVersion=f"{version}-app", description=f"{name} for tests")
    (chart / "Chart.yaml").write_text(yaml.safe_dump(meta))
    # Text, not a YAML round trip: the chart's comments must survive (the API keeps them).
    lines = (chart / "values.yaml").read_text().splitlines()
    lines = [line for line in lines if not line.startswith("message:")]
    (chart / "values.yaml").write_text("\n".join([*lines, f"message: hello from {version}", ""]))
    (chart / "templates" / "configmap.yaml").write_text(
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ include "'
        f'{name}.fullname" . }}}}-msg\ndata:\n  message: {{{{ .Values.message | quote }}}}\n'
    )
    (chart / "templates" / "secret.yaml").write_text(
        'apiVersion: v1\nkind: Secret\nmetadata:\n  name: {{ include "'
        f'{name}.fullname" . }}}}-secret\nstringData:\n'
        "  token: top-secret-{{ .Release.Name }}\n"
    )
    (chart / "README.md").write_text(f"# {name}\n\nA chart for kubedeck's tests, {version}.\n")
    schema_file = chart / "values.schema.json"
    if schema:
        schema_file.write_text(json.dumps(SCHEMA))
    elif schema_file.exists():
        schema_file.unlink()
    return chart


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class _Handler(SimpleHTTPRequestHandler):
    credentials: str | None = None  # "user:password" when the repo requires basic auth

    def log_message(self, format: str, *args: Any) -> None:  # quiet test output
        pass

    def do_GET(self) -> None:
        if self.credentials is not None:
            expected = "Basic " + base64.b64encode(self.credentials.encode()).decode()
            if self.headers.get("Authorization") != expected:
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="charts"')
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
        super().do_GET()


@dataclass
class ChartRepo:
    workdir: Path
    username: str | None = None
    password: str | None = None
    charts: tuple[str, ...] = ("demo", "plain")
    versions: tuple[str, ...] = ("0.1.0", "0.2.0")
    port: int = 0
    _server: ThreadingHTTPServer | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def home(self) -> Path:
        return self.workdir / "helm-home"

    def start(self) -> ChartRepo:
        served = self.workdir / "repo"
        served.mkdir(parents=True, exist_ok=True)
        sources = self.workdir / "src"
        sources.mkdir(exist_ok=True)
        for name in self.charts:
            for version in self.versions:
                chart = build_chart(self.home, sources, name, version, schema=name == "demo")
                helm(self.home, "package", str(chart), "-d", str(served))
        credentials = f"{self.username}:{self.password}" if self.username else None
        handler = type("Handler", (_Handler,), {"credentials": credentials})
        self._server = ThreadingHTTPServer(
            ("127.0.0.1", 0), partial(handler, directory=str(served))
        )
        self.port = self._server.server_address[1]
        helm(self.home, "repo", "index", str(served), "--url", self.url)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()


def _bcrypt(password: str) -> str:
    try:
        import bcrypt  # type: ignore[import-not-found,unused-ignore]

        hashed: bytes = bcrypt.hashpw(password.encode(), bcrypt.gensalt())
        return hashed.decode()
    except ImportError:
        with warnings.catch_warnings():  # `crypt` is deprecated (gone in 3.13): a test helper
            warnings.simplefilter("ignore", DeprecationWarning)
            import crypt

            return crypt.crypt(password, crypt.mksalt(crypt.METHOD_BLOWFISH))  # noqa: S324 (bcrypt)


@dataclass
class OciRegistry:
    """Debian's docker-registry on loopback, plain HTTP, htpasswd auth."""

    workdir: Path
    username: str = "ociuser"
    password: str = "oci-pass-123"
    port: int = 0
    process: subprocess.Popen[bytes] | None = None

    BINARY = "/usr/bin/docker-registry"

    @classmethod
    def available(cls) -> bool:
        return Path(cls.BINARY).exists() or shutil.which("docker-registry") is not None

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> OciRegistry:
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        htpasswd = self.workdir / "htpasswd"
        htpasswd.write_text(f"{self.username}:{_bcrypt(self.password)}\n")
        config = {
            "version": 0.1,
            "log": {"level": "warn"},
            "storage": {"filesystem": {"rootdirectory": str(self.workdir / "data")}},
            "http": {"addr": self.host},
            "auth": {"htpasswd": {"realm": "charts", "path": str(htpasswd)}},
        }
        (self.workdir / "config.yml").write_text(yaml.safe_dump(config))
        binary = self.BINARY if Path(self.BINARY).exists() else "docker-registry"
        log = (self.workdir / "registry.log").open("wb")
        self.process = subprocess.Popen(
            [binary, "serve", str(self.workdir / "config.yml")], stdout=log, stderr=log
        )
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(f"http://{self.host}/v2/", timeout=1)
                break
            except urllib.error.HTTPError:
                break  # 401: up, and asking for credentials
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError("docker-registry did not start") from None
                time.sleep(0.1)
        return self

    def push(self, home: Path, package: Path) -> None:
        helm(
            home,
            "registry",
            "login",
            self.host,
            "--username",
            self.username,
            "--password-stdin",
            "--plain-http",
            input_text=self.password,
        )
        helm(home, "push", str(package), f"oci://{self.host}/charts", "--plain-http")

    def stop(self) -> None:
        processes.stop(self.process)


def wait_operation(deck: Any, op_id: str, timeout: float = 120.0, **kw: Any) -> dict[str, Any]:
    """Poll `GET /helm/operations/{id}` until it is no longer queued or running."""
    deadline = time.monotonic() + timeout
    while True:
        reply = deck.call("GET", f"/api/v1/helm/operations/{op_id}", **kw)
        assert reply.status == 200, reply.body
        body: dict[str, Any] = reply.body
        if body["status"] not in ("queued", "running"):
            return body
        if time.monotonic() > deadline:
            raise AssertionError(f"operation {op_id} still {body['status']}: {body}")
        time.sleep(0.25)
