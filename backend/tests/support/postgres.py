"""A throwaway PostgreSQL server for the tests, from Debian's `postgresql` package.

It listens on 127.0.0.1 only (no unix socket), trusts loopback connections, keeps its data in
a temporary directory, and trades durability for speed (fsync off): it lives for one session.
PostgreSQL refuses to run as root, so under root (CI) it runs as `nobody` through `runuser`.
Below it: kubedeck replicas on such a database, the requests the PostgreSQL tests repeat, and
the cost samples they read back.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.support.kubedeck_process import Kubedeck, free_port
from tests.support.kubesim_process import Kubesim

PG_ROOT = Path("/usr/lib/postgresql")
SUPERUSER = "postgres"
RUN_AS = "nobody"
CLUSTER = "pgsim"  # the kubesim cluster's id; spelled out in some SQL text of the tests
# Replicas share the keys, as they would from one Kubernetes Secret. The zone is not UTC, so a
# naive datetime that asyncpg would read as local time shows up as a shift.
SHARED_ENV = {
    "KUBEDECK_JWT_SECRET": "postgres-tests-jwt-secret-0123456789abcdef",
    "KUBEDECK_SECRET_KEY": base64.urlsafe_b64encode(b"k" * 32).decode(),
    "TZ": "PGT+07",  # seven hours west of UTC, without daylight saving
}


def pg_bin() -> Path:
    """The newest installed server's bin directory, or a clear failure saying how to get one."""
    versions = sorted(
        (p for p in PG_ROOT.glob("*/bin") if (p / "initdb").exists()),
        key=lambda p: int(re.sub(r"\D", "", p.parent.name) or 0),
    )
    if not versions:
        raise RuntimeError(
            f"PostgreSQL is not installed (no {PG_ROOT}/<version>/bin/initdb): run `make test`, "
            "which installs Debian's `postgresql`, or `apt-get install postgresql`"
        )
    return versions[-1]


def _as_server_user() -> list[str]:
    # Root may not run the server; any other user runs it as itself.
    return ["runuser", "-u", RUN_AS, "--"] if os.geteuid() == 0 else []


@dataclass
class Postgres:
    root: Path | None = None
    port: int = 0
    process_log: Path | None = None

    @property
    def data(self) -> Path:
        assert self.root is not None, "start() first"
        return self.root / "data"

    def start(self, timeout: float = 30.0) -> Postgres:
        bindir = pg_bin()
        try:
            self._start(bindir, timeout)
        except BaseException:
            self.stop()  # no server or temporary directory left behind
            raise
        return self

    def _start(self, bindir: Path, timeout: float) -> None:
        # Not under pytest's tmp dir: that is private (0700) to root, and the server user
        # must reach its data directory.
        self.root = Path(tempfile.mkdtemp(prefix="kubedeck-pg-"))
        self.root.chmod(0o755)
        self.data.mkdir(mode=0o700)
        self.process_log = self.root / "postgres.log"
        self.process_log.touch()
        if os.geteuid() == 0:
            for path in (self.data, self.process_log):
                shutil.chown(path, RUN_AS)
        self._run(
            [
                str(bindir / "initdb"),
                "--pgdata",
                str(self.data),
                "--username",
                SUPERUSER,
                "--auth",
                "trust",
                "--encoding",
                "UTF8",
                "--no-locale",
                "--no-sync",
            ],
            timeout,
        )
        self.port = free_port()
        options = " ".join(
            [
                "-c listen_addresses=127.0.0.1",
                f"-c port={self.port}",
                "-c unix_socket_directories=''",
                "-c max_connections=200",
                "-c fsync=off",
                "-c synchronous_commit=off",
                "-c full_page_writes=off",
            ]
        )
        self._run(
            [
                str(bindir / "pg_ctl"),
                "start",
                "--pgdata",
                str(self.data),
                "--wait",
                "--timeout",
                str(int(timeout)),
                "--log",
                str(self.process_log),
                "--options",
                options,
            ],
            timeout + 5,
        )

    def stop(self) -> None:
        if self.root is None:
            return
        if (self.data / "postmaster.pid").exists():
            self._run(
                [str(pg_bin() / "pg_ctl"), "stop", "--pgdata", str(self.data), "-m", "immediate"],
                30.0,
            )
        shutil.rmtree(self.root, ignore_errors=True)
        self.root = None

    def _run(self, args: list[str], timeout: float) -> None:
        done = subprocess.run(
            [*_as_server_user(), *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=self.root,
            check=False,
        )
        if done.returncode != 0:
            log = self.process_log.read_text(errors="replace") if self.process_log else ""
            output = f"{done.stdout}{done.stderr}\n{log}"
            raise RuntimeError(f"{Path(args[0]).name} failed ({done.returncode}):\n{output}")

    def sql(self, statement: str, database: str = SUPERUSER) -> list[list[str]]:
        """Run one statement with psql; its rows as lists of text (NULL is "")."""
        done = subprocess.run(
            [
                str(pg_bin() / "psql"),
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--username",
                SUPERUSER,
                "--dbname",
                database,
                "--no-psqlrc",
                "--tuples-only",
                "--no-align",
                "--field-separator",
                "\t",
                "--set",
                "ON_ERROR_STOP=1",
                "--command",
                statement,
            ],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"psql failed: {statement}\n{done.stderr}")
        return [line.split("\t") for line in done.stdout.splitlines() if line]

    def create_database(self, name: str) -> str:
        """A fresh, empty database; its SQLAlchemy URL (asyncpg, as kubedeck uses)."""
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
            raise ValueError(f"not a plain database name: {name!r}")
        self.sql(f"CREATE DATABASE {name}")
        return self.url(name)

    def url(self, database: str) -> str:
        return f"postgresql+asyncpg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"


def wait_for(predicate: Callable[[], bool], timeout: float, interval: float = 0.2) -> None:
    """Poll `predicate()` until it is true; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout}s")
        time.sleep(interval)


def sample_times(pg: Postgres, database: str) -> list[float]:
    rows = pg.sql(
        "SELECT extract(epoch FROM at) FROM cost_samples WHERE cluster_id = 'pgsim' ORDER BY at",
        database,
    )
    return [float(row[0]) for row in rows]


def samples_after(pg: Postgres, moment: float) -> bool:
    return any(t > moment for t in sample_times(pg, "kubedeck"))


def replica(workdir: Path, url: str, sim: Kubesim, interval: int = 600) -> Kubedeck:
    """A kubedeck process (not yet started) on the database at `url`, over `sim` as CLUSTER."""
    return Kubedeck(
        workdir,
        clusters=[{"id": CLUSTER, "name": "PG Sim", "kubeconfig_path": str(sim.kubeconfig)}],
        env_extra={
            **SHARED_ENV,
            "KUBEDECK_DATABASE_URL": url,
            "KUBEDECK_COST_SAMPLE_INTERVAL": str(interval),
        },
    )


def in_parallel(jobs: list[Callable[[], int]]) -> list[int]:
    """Run the jobs at once, one thread each; their results in order."""
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return list(pool.map(lambda job: job(), jobs))


# What the PostgreSQL tests ask of kubedeck, as the admin unless told otherwise.
def ok(reply_status: int, body: Any, expected: int = 200) -> Any:
    assert reply_status == expected, body
    return body


def tokens(deck: Kubedeck, username: str, password: str) -> dict[str, Any]:
    reply = deck.call(
        "POST", "/api/v1/auth/login", {"username": username, "password": password}, token=None
    )
    body: dict[str, Any] = ok(reply.status, reply.body)
    return body


def new_user(deck: Kubedeck, username: str, **extra: object) -> int:
    body = {"username": username, "password": f"pw-{username}-1", "role": "viewer", **extra}
    reply = deck.call("POST", "/api/v1/users", body)
    user_id: int = ok(reply.status, reply.body, 201)["id"]
    return user_id


def verify(deck: Kubedeck) -> dict[str, Any]:
    reply = deck.call("GET", "/api/v1/audit/verify")
    body: dict[str, Any] = ok(reply.status, reply.body)
    return body


def rename_many(deck: Kubedeck, user_id: int, times: int) -> Callable[[], int]:
    """A job renaming one user `times` times; how many requests succeeded."""

    def job() -> int:
        done = 0
        for n in range(times):
            reply = deck.call("PUT", f"/api/v1/users/{user_id}", {"display_name": f"n{n}"})
            done += reply.status == 200
        return done

    return job


def bad_login(app: Kubedeck) -> Callable[[], int]:
    def job() -> int:
        wrong = {"username": "pg-ghost", "password": "wrong"}
        return app.call("POST", "/api/v1/auth/login", wrong, token=None).status

    return job
