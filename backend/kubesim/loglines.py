"""Deterministic, plausible container logs.

A container instance's log is a pure function of a seed (namespace, pod, container and instance
number), what the image is (kubesim.images), when the instance started and, once it stopped,
when and how it ended. Line i has a fixed timestamp; a line exists once the clock passes it, so
the log grows in real time and the same pod always shows the same history.

Layout of the line indices: a few start-up lines a few milliseconds apart, then steady lines
roughly one interval apart (a deterministic jitter keeps them irregular but ordered), and for an
instance that ended, the lines of its ending (a panic, a shutdown) at the moment it ended.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import shlex
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

NS = 1_000_000_000
MS = 1_000_000
STARTUP_STEP_NS = 3 * MS
CRASH_AFTER_NS = 1_500 * MS  # a crash-looping container panics this long after it starts
MAX_LINES = 5_000  # older lines are "rotated away" (the kubelet keeps ~10 MiB)
T = TypeVar("T")

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class LogLine:
    ts_ns: int
    text: str


@dataclass(frozen=True)
class LineContext:
    """What lines may mention: names, versions, addresses."""

    pod: str = "pod"
    namespace: str = "default"
    container: str = "main"
    app: str = "app"  # the app label, else the container name
    version: str = "1.0.0"
    pod_ip: str = "10.244.0.5"
    echo: str = ""  # for plain shell images: what their command echoes
    echo_interval_ns: int = 0


# ---- time formats ----------------------------------------------------------------------------
@functools.lru_cache(maxsize=4096)
def _gmtime(seconds: int) -> time.struct_time:
    return time.gmtime(seconds)


def _parts(ts_ns: int) -> tuple[time.struct_time, int]:
    seconds, nanos = divmod(ts_ns, NS)
    return _gmtime(seconds), nanos


@functools.lru_cache(maxsize=4096)
def _second(seconds: int) -> str:
    t = _gmtime(seconds)
    return (
        f"{t.tm_year:04d}-{t.tm_mon:02d}-{t.tm_mday:02d}T{t.tm_hour:02d}:{t.tm_min:02d}:"
        f"{t.tm_sec:02d}"
    )


def rfc3339_nano(ts_ns: int) -> str:
    """The kubelet's timestamp prefix: RFC 3339 with exactly nine fraction digits."""
    seconds, nanos = divmod(ts_ns, NS)
    return f"{_second(seconds)}.{nanos:09d}Z"


def _iso_ms(ts_ns: int) -> str:
    return rfc3339_nano(ts_ns)[:23] + "Z"


def _hms(t: time.struct_time) -> str:
    return f"{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d}"


def _clf(ts_ns: int) -> str:  # 26/Nov/2026:10:00:01 +0000
    t, _ = _parts(ts_ns)
    return f"{t.tm_mday:02d}/{_MONTHS[t.tm_mon - 1]}/{t.tm_year}:{_hms(t)} +0000"


def _slashed(ts_ns: int) -> str:  # 2026/11/26 10:00:01
    t, _ = _parts(ts_ns)
    return f"{t.tm_year}/{t.tm_mon:02d}/{t.tm_mday:02d} {_hms(t)}"


def _pg(ts_ns: int) -> str:  # 2026-11-26 10:00:01.123 UTC
    t, nanos = _parts(ts_ns)
    return f"{t.tm_year}-{t.tm_mon:02d}-{t.tm_mday:02d} {_hms(t)}.{nanos // MS:03d} UTC"


def _redis(ts_ns: int) -> str:  # 26 Nov 2026 10:00:01.123
    t, nanos = _parts(ts_ns)
    return f"{t.tm_mday:02d} {_MONTHS[t.tm_mon - 1]} {t.tm_year} {_hms(t)}.{nanos // MS:03d}"


def _mysql(ts_ns: int) -> str:  # 2026-11-26T10:00:01.123456Z
    return rfc3339_nano(ts_ns)[:26] + "Z"


_ENCODER = json.JSONEncoder(separators=(",", ":"))


def _json(**fields: object) -> str:
    return _ENCODER.encode(fields)


# ---- profiles --------------------------------------------------------------------------------
_MASK = 2**64 - 1


class Rng:
    """splitmix64: a small, fast generator; one per line, seeded from the line's identity."""

    __slots__ = ("state",)

    def __init__(self, seed: int) -> None:
        self.state = seed & _MASK

    def _next(self) -> int:
        self.state = z = (self.state + 0x9E3779B97F4A7C15) & _MASK
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
        return z ^ (z >> 31)

    def random(self) -> float:
        return (self._next() >> 11) / 9007199254740992.0

    def randint(self, low: int, high: int) -> int:
        return low + self._next() % (high - low + 1)

    def uniform(self, low: float, high: float) -> float:
        return low + (high - low) * self.random()

    def choice(self, items: Sequence[T]) -> T:
        return items[self._next() % len(items)]

    def getrandbits(self, bits: int) -> int:
        return self._next() >> (64 - bits)


class Profile:
    """How one kind of image logs. Subclasses fill in the three kinds of lines."""

    interval_ns = NS

    def startup(self, ctx: LineContext, start_ns: int) -> list[str]:
        return []

    def has_steady(self, ctx: LineContext) -> bool:
        return True

    def interval(self, ctx: LineContext) -> int:
        return self.interval_ns

    def steady(self, ctx: LineContext, rng: Rng, ts_ns: int) -> str:
        raise NotImplementedError

    def ending(self, ctx: LineContext, kind: str, ts_ns: int) -> list[str]:
        """kind: crash (it failed), completed (it exited 0 or was stopped), killed (no words)."""
        return []


def _client_ip(rng: Rng) -> str:
    return f"10.244.{rng.randint(0, 3)}.{rng.randint(2, 250)}"


class Nginx(Profile):
    _PATHS = (
        ("/", 615),
        ("/index.html", 615),
        ("/static/app.js", 48213),
        ("/static/style.css", 9120),
        ("/api/v1/items", 1843),
        ("/api/v1/items/42", 312),
        ("/login", 2210),
        ("/images/logo.png", 10432),
        ("/robots.txt", 67),
    )
    _AGENTS = (
        "kube-probe/1.37",
        "kube-probe/1.37",
        "Prometheus/2.53.1",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/130.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        "Version/18.0 Safari/605.1.15",
        "curl/8.10.1",
        "Go-http-client/1.1",
    )

    def startup(self, ctx: LineContext, start_ns: int) -> list[str]:
        d = _slashed(start_ns)
        return [
            "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform "
            "configuration",
            "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
            "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
            "10-listen-on-ipv6-by-default.sh: info: Getting the checksum of "
            "/etc/nginx/conf.d/default.conf",
            "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in "
            "/etc/nginx/conf.d/default.conf",
            "/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh",
            "/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh",
            "/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh",
            "/docker-entrypoint.sh: Configuration complete; ready for start up",
            f'{d} [notice] 1#1: using the "epoll" event method',
            f"{d} [notice] 1#1: nginx/{ctx.version}",
            f"{d} [notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14)",
            f"{d} [notice] 1#1: OS: Linux 6.8.0-1019-aws",
            f"{d} [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576",
            f"{d} [notice] 1#1: start worker processes",
            f"{d} [notice] 1#1: start worker process 29",
            f"{d} [notice] 1#1: start worker process 30",
        ]

    def steady(self, ctx: LineContext, rng: Rng, ts_ns: int) -> str:
        ip = _client_ip(rng)
        roll = rng.random()
        if roll < 0.04:
            return (
                f"{_slashed(ts_ns)} [error] 29#29: *{rng.randint(10, 9999)} open() "
                f'"/usr/share/nginx/html/favicon.ico" failed (2: No such file or directory), '
                f'client: {ip}, server: localhost, request: "GET /favicon.ico HTTP/1.1", '
                f'host: "{ctx.pod_ip}"'
            )
        path, size = rng.choice(self._PATHS)
        agent = rng.choice(self._AGENTS)
        status = 200
        if agent.startswith("kube-probe"):
            path, size = "/", 615  # the liveness and readiness probes
        elif roll > 0.97:
            status, size = 502, 157
        elif roll > 0.93:
            status, size = 404, 153
        elif roll > 0.85 and path.startswith(("/static", "/images")):
            status, size = 304, 0
        method = "POST" if path == "/login" and not agent.startswith("Mozilla/5.0 (X") else "GET"
        referer = f"http://{ctx.app}/" if agent.startswith("Mozilla") else "-"
        return (
            f'{ip} - - [{_clf(ts_ns)}] "{method} {path} HTTP/1.1" {status} {size} '
            f'"{referer}" "{agent}" "-"'
        )

    def ending(self, ctx: LineContext, kind: str, ts_ns: int) -> list[str]:
        d = _slashed(ts_ns)
        if kind == "crash":
            return [
                f'{d} [emerg] 1#1: host not found in upstream "backend:8080" in '
                "/etc/nginx/conf.d/default.conf:14",
                'nginx: [emerg] host not found in upstream "backend:8080" in '
                "/etc/nginx/conf.d/default.conf:14",
            ]
        if kind == "completed":
            return [
                f"{d} [notice] 1#1: signal 3 (SIGQUIT) received, shutting down",
                f"{d} [notice] 29#29: gracefully shutting down",
                f"{d} [notice] 29#29: exiting",
                f"{d} [notice] 29#29: exit",
                f"{d} [notice] 1#1: signal 17 (SIGCHLD) received from 29",
                f"{d} [notice] 1#1: worker process 29 exited with code 0",
                f"{d} [notice] 1#1: exit",
            ]
        return []


class Postgres(Profile):
    interval_ns = 2 * NS

    def startup(self, ctx: LineContext, start_ns: int) -> list[str]:
        p = _pg(start_ns)
        return [
            "",
            "PostgreSQL Database directory appears to contain a database; Skipping initialization",
            "",
            f"{p} [1] LOG:  starting PostgreSQL {ctx.version} (Debian {ctx.version}-1.pgdg120+2) "
            "on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit",
            f'{p} [1] LOG:  listening on IPv4 address "0.0.0.0", port 5432',
            f'{p} [1] LOG:  listening on IPv6 address "::", port 5432',
            f'{p} [1] LOG:  listening on Unix socket "/var/run/postgresql/.s.PGSQL.5432"',
            f"{p} [29] LOG:  database system was shut down at {_pg(start_ns - 7 * NS)[:19]} UTC",
            f"{p} [1] LOG:  database system is ready to accept connections",
        ]

    def steady(self, ctx: LineContext, rng: Rng, ts_ns: int) -> str:
        p, pid = _pg(ts_ns), rng.randint(100, 9999)
        roll = rng.random()
        if roll < 0.35:
            return (
                f"{p} [{pid}] LOG:  connection received: host={_client_ip(rng)} "
                f"port={rng.randint(32768, 60999)}"
            )
        if roll < 0.65:
            return (
                f"{p} [{pid}] LOG:  connection authorized: user=app database=app "
                "application_name=psql"
            )
        if roll < 0.8:
            secs = rng.uniform(0.05, 4.0)
            return (
                f"{p} [{pid}] LOG:  disconnection: session time: 0:00:{secs:06.3f} user=app "
                f"database=app host={_client_ip(rng)} port={rng.randint(32768, 60999)}"
            )
        if roll < 0.88:
            return f"{p} [27] LOG:  checkpoint starting: time"
        if roll < 0.95:
            buffers = rng.randint(3, 400)
            return (
                f"{p} [27] LOG:  checkpoint complete: wrote {buffers} buffers "
                f"({buffers / 163.84:.1f}%); 0 WAL file(s) added, 0 removed, 0 recycled; "
                f"write={rng.uniform(0.1, 30):.3f} s, sync={rng.uniform(0, 0.05):.3f} s, "
                f"total={rng.uniform(0.1, 30):.3f} s"
            )
        if roll < 0.98:
            return (
                f"{p} [{pid}] ERROR:  duplicate key value violates unique constraint "
                f'"users_email_key"'
            )
        return f'{p} [{pid}] LOG:  automatic vacuum of table "app.public.orders": index scans: 1'

    def ending(self, ctx: LineContext, kind: str, ts_ns: int) -> list[str]:
        p = _pg(ts_ns)
        if kind == "crash":
            return [
                f'{p} [1] FATAL:  could not load library "/usr/lib/postgresql/16/lib/'
                'pg_stat_statements.so": No such file or directory',
                f"{p} [1] LOG:  database system is shut down",
            ]
        if kind == "completed":
            return [
                f"{p} [1] LOG:  received fast shutdown request",
                f"{p} [1] LOG:  aborting any active transactions",
                f'{p} [1] LOG:  background worker "logical replication launcher" (PID 32) '
                "exited with exit code 1",
                f"{p} [27] LOG:  shutting down",
                f"{p} [1] LOG:  database system is shut down",
            ]
        return []


class Redis(Profile):
    interval_ns = 2 * NS

    def startup(self, ctx: LineContext, start_ns: int) -> list[str]:
        r = _redis(start_ns)
        return [
            f"1:C {r} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo",
            f"1:C {r} * Redis version={ctx.version}, bits=64, commit=00000000, modified=0, "
            "pid=1, just started",
            f"1:C {r} # Warning: no config file specified, using the default config. In order "
            "to specify a config file use redis-server /path/to/redis.conf",
            f"1:M {r} * monotonic clock: POSIX clock_gettime",
            f"1:M {r} * Running mode=standalone, port=6379.",
            f"1:M {r} * Server initialized",
            f"1:M {r} * Loading RDB produced by version {ctx.version}",
            f"1:M {r} * RDB age 12 seconds",
            f"1:M {r} * Done loading RDB, keys loaded: 1843, keys expired: 0.",
            f"1:M {r} * DB loaded from disk: 0.004 seconds",
            f"1:M {r} * Ready to accept connections tcp",
        ]

    def steady(self, ctx: LineContext, rng: Rng, ts_ns: int) -> str:
        r = _redis(ts_ns)
        step = rng.randint(0, 3)
        child = rng.randint(20, 900)
        return (
            f"1:M {r} * {rng.choice((1, 10, 100))} changes in {rng.choice((60, 300))} seconds. "
            "Saving...",
            f"1:M {r} * Background saving started by pid {child}",
            f"{child}:C {r} * DB saved on disk",
            f"1:M {r} * Background saving terminated with success",
        )[step]

    def ending(self, ctx: LineContext, kind: str, ts_ns: int) -> list[str]:
        r = _redis(ts_ns)
        if kind == "crash":
            return [
                f"1:M {r} # Can't handle RDB format version 12",
                f"1:M {r} # Fatal error loading the DB, check server logs. Exiting.",
            ]
        if kind == "completed":
            return [
                f"1:signal-handler ({ts_ns // NS}) Received SIGTERM scheduling shutdown...",
                f"1:M {r} * User requested shutdown...",
                f"1:M {r} * Saving the final RDB snapshot before exiting.",
                f"1:M {r} * DB saved on disk",
                f"1:M {r} # Redis is now ready to exit, bye bye...",
            ]
        return []


class Mysql(Profile):
    interval_ns = 2 * NS

    def startup(self, ctx: LineContext, start_ns: int) -> list[str]:
        m = _mysql(start_ns)
        return [
            f"{_iso_ms(start_ns)[:19]}+00:00 [Note] [Entrypoint]: Entrypoint script for MySQL "
            f"Server {ctx.version}-1.el9 started.",
            f"{m} 0 [System] [MY-015015] [Server] MySQL Server - start.",
            f"{m} 0 [System] [MY-010116] [Server] /usr/sbin/mysqld (mysqld {ctx.version}) "
            "starting as process 1",
            f"{m} 1 [System] [MY-013576] [InnoDB] InnoDB initialization has started.",
            f"{m} 1 [System] [MY-013577] [InnoDB] InnoDB initialization has ended.",
            f"{m} 0 [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. "
            f"Version: '{ctx.version}'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  "
            "MySQL Community Server - GPL.",
        ]

    def steady(self, ctx: LineContext, rng: Rng, ts_ns: int) -> str:
        m = _mysql(ts_ns)
        if rng.random() < 0.7:
            return (
                f"{m} {rng.randint(8, 900)} [Warning] [MY-010055] [Server] IP address "
                f"'{_client_ip(rng)}' could not be resolved: Name or service not known"
            )
        return (
            f"{m} {rng.randint(8, 900)} [Note] [MY-010914] [Server] Aborted connection "
            f"{rng.randint(8, 900)} to db: 'app' user: 'app' host: '{_client_ip(rng)}' "
            "(Got an error reading communication packets)."
        )

    def ending(self, ctx: LineContext, kind: str, ts_ns: int) -> list[str]:
        m = _mysql(ts_ns)
        if kind == "crash":
            return [
                f"{m} 0 [ERROR] [MY-010273] [Server] Could not create unix socket lock file "
                "/var/run/mysqld/mysqld.sock.lock.",
                f"{m} 0 [ERROR] [MY-010119] [Server] Aborting",
            ]
        if kind == "completed":
            return [
                f"{m} 0 [System] [MY-013172] [Server] Received SHUTDOWN from user <via user "
                "signal>. Shutting down mysqld (Version: " + ctx.version + ").",
                f"{m} 0 [System] [MY-010910] [Server] /usr/sbin/mysqld: Shutdown complete "
                f"(mysqld {ctx.version})  MySQL Community Server - GPL.",
            ]
        return []


class CoreDns(Profile):
    _NAMES = (
        "kubernetes.default.svc.cluster.local.",
        "payments-api.shop.svc.cluster.local.",
        "postgres.shop.svc.cluster.local.",
        "redis.shop.svc.cluster.local.",
        "api.github.com.",
        "registry.acme.io.",
        "sts.amazonaws.com.",
    )

    def startup(self, ctx: LineContext, start_ns: int) -> list[str]:
        return [
            ".:53",
            "[INFO] plugin/reload: Running configuration SHA512 = 591cf328cccc12bc490481273e738df"
            "59329c62c0b729d94e8b61db9961c2fa5f046dd37f1cf888b953814040d180f52594972691cd6ff41be9"
            "6639138a43908",
            f"CoreDNS-{ctx.version}",
            "linux/amd64, go1.22.7, a6338e9",
        ]

    def steady(self, ctx: LineContext, rng: Rng, ts_ns: int) -> str:
        name = rng.choice(self._NAMES)
        kind = "AAAA" if rng.random() < 0.3 else "A"
        internal = name.endswith("cluster.local.")
        code = "NOERROR" if internal or rng.random() < 0.9 else "NXDOMAIN"
        flags = "qr,aa,rd" if internal else "qr,rd,ra"
        return (
            f"[INFO] {_client_ip(rng)}:{rng.randint(32768, 60999)} - {rng.randint(1, 65535)} "
            f'"{kind} IN {name} udp {rng.randint(40, 90)} false 512" {code} {flags} '
            f"{rng.randint(60, 200)} {rng.uniform(0.00004, 0.02):.6f}s"
        )

    def ending(self, ctx: LineContext, kind: str, ts_ns: int) -> list[str]:
        if kind == "crash":
            return ['[FATAL] plugin/loop: Loop (127.0.0.1:53 -> :53) detected for zone "."']
        if kind == "completed":
            return [
                "[INFO] SIGTERM: Shutting down servers then terminating",
                "[INFO] plugin/health: Going into lameduck mode for 5s",
            ]
        return []


class App(Profile):
    """A JSON-logging HTTP service, the default for images kubesim does not know."""

    _ROUTES = (
        ("GET", "/api/orders"),
        ("GET", "/api/orders/{id}"),
        ("POST", "/api/orders"),
        ("GET", "/api/users/{id}"),
        ("GET", "/healthz"),
        ("GET", "/readyz"),
        ("GET", "/metrics"),
        ("PUT", "/api/cart/{id}"),
        ("DELETE", "/api/sessions/{id}"),
    )

    def startup(self, ctx: LineContext, start_ns: int) -> list[str]:
        t = _iso_ms(start_ns)
        return [
            _json(
                time=t,
                level="info",
                msg="starting service",
                service=ctx.app,
                version=ctx.version,
                pid=1,
            ),
            _json(
                time=t,
                level="info",
                msg="loaded configuration",
                source="/app/config.yaml",
                env="production",
            ),
            _json(
                time=t,
                level="info",
                msg="connected to database",
                host="postgres:5432",
                pool_size=10,
            ),
            _json(time=t, level="info", msg="http server listening", addr=":8080"),
        ]

    def steady(self, ctx: LineContext, rng: Rng, ts_ns: int) -> str:
        t = _iso_ms(ts_ns)
        roll = rng.random()
        request_id = f"{rng.getrandbits(64):016x}"
        if roll < 0.03:
            return _json(
                time=t,
                level="error",
                msg="upstream request failed",
                upstream="payments:8080",
                error="context deadline exceeded",
                request_id=request_id,
            )
        if roll < 0.08:
            return _json(
                time=t,
                level="warn",
                msg="slow query",
                query="SELECT * FROM orders WHERE customer_id = $1",
                duration_ms=rng.randint(500, 2500),
                request_id=request_id,
            )
        if roll < 0.12:
            return _json(
                time=t, level="info", msg="cache refreshed", entries=rng.randint(100, 5000)
            )
        method, route = rng.choice(self._ROUTES)
        path = route.replace("{id}", str(rng.randint(1, 99999)))
        status = 200 if method == "GET" else (201 if method == "POST" else 204)
        if roll > 0.96:
            status = 500
        elif roll > 0.9:
            status = rng.choice((400, 401, 404))
        return _json(
            time=t,
            level="info",
            msg="request completed",
            method=method,
            path=path,
            status=status,
            duration_ms=round(rng.uniform(0.4, 120.0), 1),
            request_id=request_id,
        )

    def ending(self, ctx: LineContext, kind: str, ts_ns: int) -> list[str]:
        t = _iso_ms(ts_ns)
        if kind == "crash":
            return [
                _json(
                    time=t,
                    level="error",
                    msg="failed to connect to database",
                    error="dial tcp 10.96.0.15:5432: connect: connection refused",
                ),
                "panic: failed to connect to database: dial tcp 10.96.0.15:5432: connect: "
                "connection refused",
                "",
                "goroutine 1 [running]:",
                "main.mustConnect(...)",
                "\t/src/cmd/server/db.go:41",
                "main.main()",
                "\t/src/cmd/server/main.go:27 +0x1c5",
            ]
        if kind == "completed":
            return [
                _json(time=t, level="info", msg="received signal, shutting down", signal="SIGTERM"),
                _json(time=t, level="info", msg="http server stopped"),
                _json(time=t, level="info", msg="shutdown complete"),
            ]
        return []


class Job(Profile):
    """A run-to-completion batch job (restartPolicy Never or OnFailure)."""

    interval_ns = NS // 2

    def startup(self, ctx: LineContext, start_ns: int) -> list[str]:
        return [
            f"{_iso_ms(start_ns)} INFO  starting {ctx.app} (version {ctx.version})",
            f"{_iso_ms(start_ns)} INFO  reading work queue from s3://batch-input/{ctx.app}/",
        ]

    def steady(self, ctx: LineContext, rng: Rng, ts_ns: int) -> str:
        done = rng.randint(100, 900)
        if rng.random() < 0.1:
            return (
                f"{_iso_ms(ts_ns)} WARN  retrying record {rng.randint(1, 99999)}: "
                "temporary failure in name resolution"
            )
        return (
            f"{_iso_ms(ts_ns)} INFO  processed batch: {done} records "
            f"({rng.uniform(800, 4000):.0f} records/s)"
        )

    def ending(self, ctx: LineContext, kind: str, ts_ns: int) -> list[str]:
        t = _iso_ms(ts_ns)
        if kind == "crash":
            return [
                f"{t} ERROR failed to process batch: connection reset by peer",
                f"{t} ERROR job failed after 3 attempts",
                "exit status 1",
            ]
        if kind == "completed":
            return [f"{t} INFO  all batches processed", f"{t} INFO  done"]
        return []


class Shell(Profile):
    """busybox/alpine/ubuntu images: they print what their command echoes, or nothing."""

    def has_steady(self, ctx: LineContext) -> bool:
        return bool(ctx.echo)

    def interval(self, ctx: LineContext) -> int:
        return ctx.echo_interval_ns or self.interval_ns

    def steady(self, ctx: LineContext, rng: Rng, ts_ns: int) -> str:
        return ctx.echo

    def ending(self, ctx: LineContext, kind: str, ts_ns: int) -> list[str]:
        return (
            ["sh: can't open '/config/run.sh': No such file or directory"]
            if kind == "crash"
            else []
        )


PROFILES: dict[str, Profile] = {
    "nginx": Nginx(),
    "postgres": Postgres(),
    "redis": Redis(),
    "mysql": Mysql(),
    "coredns": CoreDns(),
    "app": App(),
    "job": Job(),
    "shell": Shell(),
}


def shell_echo(command: Sequence[str]) -> tuple[str, int]:
    """What a `while true; do echo X; sleep N; done` style command prints, and how often."""
    script = " ".join(command)
    match = re.search(r"\becho\s+(\"[^\"]*\"|'[^']*'|[^;&|\n]+)", script)
    if not match:
        return "", 0
    try:
        words = shlex.split(match.group(1))
    except ValueError:
        words = [match.group(1)]
    text = " ".join(w for w in words if "$" not in w) or "ok"
    sleep = re.search(r"\bsleep\s+(\d+(?:\.\d+)?)", script)
    interval = int(float(sleep.group(1)) * NS) if sleep else 0
    if interval <= 0 or interval > 3600 * NS:
        interval = 5 * NS if sleep else 0
    return text, interval


# ---- one instance's log ----------------------------------------------------------------------
@dataclass(frozen=True)
class LogSpec:
    """Everything a container instance's log is a function of."""

    seed: str
    profile: str
    start_ns: int
    context: LineContext = LineContext()
    end_ns: int | None = None  # when the instance ends (known for stopped or crashing ones)
    ending: str = ""  # crash | completed | killed | ""


def _hash(seed: str, index: int, salt: str) -> int:
    digest = hashlib.blake2b(f"{seed}{salt}{index}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def _unit(seed: str, index: int) -> float:
    return _hash(seed, index, "|") / 2**64


class ContainerLog:
    """The lines of one container instance, computed on demand."""

    def __init__(self, spec: LogSpec) -> None:
        self.spec = spec
        self.profile = PROFILES.get(spec.profile, PROFILES["app"])
        ctx = spec.context
        self._startup = self.profile.startup(ctx, spec.start_ns)
        self._steady = self.profile.has_steady(ctx)
        self._interval = max(self.profile.interval(ctx), MS)
        self._base = spec.start_ns + len(self._startup) * STARTUP_STEP_NS
        self._ending: list[str] = (
            self.profile.ending(ctx, spec.ending, spec.end_ns) if spec.end_ns is not None else []
        )
        # Lines before the end; the ending's lines come after them.
        self._regular = self._regular_upto(spec.end_ns - 1) if spec.end_ns is not None else None

    @property
    def finite(self) -> bool:
        return self.spec.end_ns is not None

    @property
    def regular_count(self) -> int | None:
        """For a finite log, how many lines come before its ending's lines."""
        return self._regular

    def _steady_ts(self, j: int) -> int:
        frac = 0.1 + 0.8 * _unit(self.spec.seed, j)
        return self._base + j * self._interval + int(frac * self._interval)

    def _regular_upto(self, t: int) -> int:
        """How many start-up and steady lines have a timestamp at or before t."""
        if t < self.spec.start_ns:
            return 0
        startup = len(self._startup)
        k = (t - self.spec.start_ns) // STARTUP_STEP_NS + 1
        if k < startup:
            return int(k)
        if not self._steady or t < self._base:
            return startup
        m = (t - self._base) // self._interval
        return startup + int(m) + (1 if self._steady_ts(int(m)) <= t else 0)

    def count_at(self, now_ns: int) -> int:
        """How many lines exist at now_ns (older ones may since have been rotated away)."""
        end = self.spec.end_ns
        if end is not None and self._regular is not None:
            if now_ns >= end:
                return self._regular + len(self._ending)
            return min(self._regular, self._regular_upto(now_ns))
        return self._regular_upto(now_ns)

    def complete_at(self, now_ns: int) -> bool:
        """True once a finite log has all its lines."""
        return self.spec.end_ns is not None and now_ns >= self.spec.end_ns

    def ts_of(self, index: int) -> int:
        startup = len(self._startup)
        if self._regular is not None and index >= self._regular:
            assert self.spec.end_ns is not None
            return self.spec.end_ns + (index - self._regular) * 1000
        if index < startup:
            return self.spec.start_ns + index * STARTUP_STEP_NS
        return self._steady_ts(index - startup)

    def line(self, index: int) -> LogLine:
        ts = self.ts_of(index)
        startup = len(self._startup)
        if self._regular is not None and index >= self._regular:
            return LogLine(ts, self._ending[index - self._regular])
        if index < startup:
            return LogLine(ts, self._startup[index])
        rng = Rng(_hash(self.spec.seed, index - startup, "#"))
        return LogLine(ts, self.profile.steady(self.spec.context, rng, ts))

    def first_kept(self, count: int) -> int:
        return max(0, count - MAX_LINES)

    def select(
        self, now_ns: int, tail: int | None = None, since_ns: int | None = None
    ) -> tuple[list[LogLine], int]:
        """The lines a request sees (tail first, then since, like the kubelet) and the count."""
        count = self.count_at(now_ns)
        first = self.first_kept(count)
        if tail is not None:
            first = max(first, count - tail)
        if since_ns is not None:
            first = max(first, self._first_at_or_after(since_ns, first, count))
        return [self.line(i) for i in range(first, count)], count

    def _first_at_or_after(self, ts_ns: int, lo: int, hi: int) -> int:
        """Binary search: timestamps grow with the index."""
        while lo < hi:
            mid = (lo + hi) // 2
            if self.ts_of(mid) < ts_ns:
                lo = mid + 1
            else:
                hi = mid
        return lo


def format_lines(lines: Sequence[LogLine], timestamps: bool) -> bytes:
    if timestamps:
        return "".join(f"{rfc3339_nano(ln.ts_ns)} {ln.text}\n" for ln in lines).encode()
    return "".join(f"{ln.text}\n" for ln in lines).encode()
