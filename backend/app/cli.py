"""`kubedeck serve [--demo]`: start kubedeck (and, on its embedded defaults, two sandboxes)."""

from __future__ import annotations

import argparse
import logging
import signal
from types import FrameType

import uvicorn

from app.core.config import Settings
from app.core.logging import configure
from app.main import create_app
from app.sandbox import SampleChartRepo, start_sandboxes

log = logging.getLogger("kubedeck")


def _exit_on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kubedeck")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="serve the kubedeck API and web app")
    serve.add_argument(
        "--demo",
        action="store_true",
        help="start two sandbox clusters (sandbox-a, sandbox-b) and use them, "
        "even when clusters are configured",
    )
    serve.add_argument("--host", help="default: KUBEDECK_HOST or 127.0.0.1")
    serve.add_argument("--port", type=int, help="default: KUBEDECK_PORT or 8000")
    return parser


def main(argv: list[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    settings = Settings()
    configure(settings.log_level)
    if args.host:
        settings.host = args.host
    if args.port:
        settings.port = args.port
    sandboxes = []
    samples = SampleChartRepo()
    if args.demo or (not settings.clusters and settings.kubeconfig is None):
        print("Starting two sandbox clusters (kubesim, demo scenario)...", flush=True)
        sandboxes = start_sandboxes(settings.data_dir)
        settings.clusters = [s.cluster_config(i == 0) for i, s in enumerate(sandboxes)]
        settings.kubeconfig = None
        settings.helm_repos.setdefault("samples", samples.start())
    # uvicorn shuts down gracefully on SIGTERM and then raises the signal again against the
    # handler it found; with the default one the process would die on the spot, skipping the
    # `finally` below and leaving the sandboxes running. This handler turns it into an exit.
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        print(
            f"kubedeck serving on http://{settings.host}:{settings.port} (API docs: /api/docs)",
            flush=True,
        )
        uvicorn.run(
            create_app(settings),
            host=settings.host,
            port=settings.port,
            log_config=None,
            ws="websockets-sansio",
        )
    finally:
        for sandbox in sandboxes:
            sandbox.stop()
        samples.stop()


if __name__ == "__main__":
    main()
