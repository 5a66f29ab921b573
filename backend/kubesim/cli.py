"""`kubesim serve`: start an emulated cluster and write a kubeconfig for it."""

from __future__ import annotations

import argparse
import asyncio
import logging
import secrets
import signal
import socket
import sys
from pathlib import Path

from aiohttp import web

from kubesim import kubeconfig, scenarios, tls
from kubesim.controllers.runtime import SimSettings
from kubesim.server import build_api, create_app

log = logging.getLogger("kubesim")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kubesim", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="serve an emulated Kubernetes API")
    serve.add_argument(
        "--port",
        type=int,
        required=True,
        help="port to listen on (0 picks a free one; the kubeconfig tells which)",
    )
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument(
        "--plain-http",
        action="store_true",
        help="serve plain HTTP with no token (kubectl and helm never send tokens over http)",
    )
    serve.add_argument(
        "--scenario",
        default="empty",
        help=f"what the cluster holds: {', '.join(scenarios.SCENARIO_NAMES)}",
    )
    serve.add_argument(
        "--seed", type=int, default=0, help="makes the scenario and simulated usage reproducible"
    )
    serve.add_argument("--kubeconfig-out", type=Path, help="where to write the kubeconfig")
    serve.add_argument("--name", default="kubesim", help="cluster and context name")
    serve.add_argument(
        "--watch-history",
        type=int,
        default=20_000,
        help="events kept for watch replay; older resourceVersions get 410 Expired",
    )
    serve.add_argument(
        "--no-metrics",
        action="store_true",
        help="serve no metrics.k8s.io, like a cluster without metrics-server",
    )
    return parser


def _bind(host: str, port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(512)
    sock.setblocking(False)
    return sock


async def serve(args: argparse.Namespace) -> None:
    sock = _bind(args.host, args.port)
    port = sock.getsockname()[1]
    certs = None if args.plain_http else tls.generate([args.host], args.name)
    token = None if args.plain_http else secrets.token_urlsafe(32)
    host_in_url = f"[{args.host}]" if ":" in args.host else args.host
    url = f"{'http' if args.plain_http else 'https'}://{host_in_url}:{port}"
    api, manager = build_api(
        args.scenario,
        args.name,
        args.watch_history,
        SimSettings(seed=args.seed),
        metrics_api=not args.no_metrics,
    )
    runner = web.AppRunner(
        create_app(api, token, f"{args.host}:{port}"),
        access_log=None,
        handle_signals=False,
        shutdown_timeout=2.0,
    )
    await runner.setup()
    site = web.SockSite(runner, sock, ssl_context=certs.server_context() if certs else None)
    await site.start()
    manager.start()
    if args.kubeconfig_out:
        kubeconfig.write(
            args.kubeconfig_out,
            kubeconfig.render(args.name, url, certs.ca_pem if certs else None, token),
        )
    print(f"kubesim {args.name!r} ({args.scenario}) serving on {url}", flush=True)
    if args.kubeconfig_out:
        print(f"kubeconfig: {args.kubeconfig_out}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    print("kubesim stopping", flush=True)
    await manager.stop()
    await runner.cleanup()


def main(argv: list[str] | None = None) -> None:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        scenarios.resolve(args.scenario)
    except scenarios.ScenarioError as exc:
        parser.error(str(exc))
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    try:
        asyncio.run(serve(args))
    except OSError as exc:
        print(f"kubesim: cannot serve: {exc}", file=sys.stderr)
        raise SystemExit(1) from exc


if __name__ == "__main__":
    main()
