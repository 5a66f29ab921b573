"""Log profiles of application, job and plain-shell containers."""

from __future__ import annotations

import re
import shlex
from collections.abc import Sequence

from kubesim.loglines.profile import LineContext, Profile, Rng
from kubesim.loglines.timeformats import (
    NS,
    _iso_ms,
    _json,
)


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
