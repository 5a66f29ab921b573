"""Log profiles of nginx and CoreDNS."""

from __future__ import annotations

from kubesim.loglines.profile import LineContext, Profile, Rng, _client_ip
from kubesim.loglines.timeformats import (
    _clf,
    _slashed,
)


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
