"""The kubectl console: the real kubectl binary run against one cluster, never through a shell.

Per call: a private temp dir (0700) holding a kubeconfig (0600) reduced to that cluster's
context, with its relative file paths made absolute; kubectl gets `--kubeconfig` pointing at
it (users cannot pass that flag, see kubectl_args), a HOME inside the temp dir, an environment
without kubedeck's own settings and secrets, stdin from /dev/null, its own process group
(killed whole on timeout), and captured output up to a size cap. The dir goes afterwards.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import tempfile
import time
from pathlib import Path

import yaml

from app.core import errors
from app.core.config import Settings
from app.schemas.actions import KubectlResult
from app.services import kubectl_args
from app.services.actions_service import segment
from app.services.cluster_files import cluster_kubeconfig, inherited_env, write_private
from app.services.cluster_sources import ClusterDef

DEFAULT_TIMEOUT = 30.0
MAX_OUTPUT_BYTES = 1024 * 1024  # per stream


class ToolMissing(errors.AppError):
    status_code, error = 503, "ToolMissing"


async def _drain(stream: asyncio.StreamReader | None, cap: int) -> tuple[bytes, bool]:
    """Everything up to `cap` bytes; the rest is read and dropped so kubectl never blocks."""
    kept, truncated = bytearray(), False
    if stream is None:
        return b"", False
    while chunk := await stream.read(65536):
        room = cap - len(kept)
        if len(chunk) > room:
            truncated = True
        kept += chunk[: max(room, 0)]
    return bytes(kept), truncated


def _kill_group(process: asyncio.subprocess.Process) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)  # kubectl and any credential plugin it started


async def run(
    cluster: ClusterDef,
    settings: Settings,
    args: list[str],
    namespace: str | None,
    timeout_seconds: float | None,
) -> KubectlResult:
    kubectl_args.check(args)
    if namespace is not None:
        segment(namespace, "namespace")
    binary = settings.kubectl_path
    if not binary.is_file():
        raise ToolMissing(f"kubectl is not installed at {binary} (run `make tools`)")
    limit = timeout_seconds or DEFAULT_TIMEOUT
    private = settings.data_dir / "tmp"
    workdir = Path(tempfile.mkdtemp(prefix="kubectl-", dir=private if private.is_dir() else None))
    try:
        kubeconfig = workdir / "kubeconfig"
        write_private(kubeconfig, yaml.safe_dump(cluster_kubeconfig(cluster, namespace)))
        cache = settings.data_dir / "kubectl-cache" / cluster.id  # discovery, kept per cluster
        cache.mkdir(parents=True, exist_ok=True, mode=0o700)
        env = inherited_env()
        env |= {
            "HOME": str(workdir),
            "KUBECACHEDIR": str(cache),
            "KUBERC": "off",
            "KUBECTL_INTERACTIVE_DELETE": "false",
        }
        return await _execute(
            [str(binary), f"--kubeconfig={kubeconfig}", *args], env, workdir, limit
        )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


async def _execute(argv: list[str], env: dict[str, str], cwd: Path, limit: float) -> KubectlResult:
    started = time.monotonic()
    process = await asyncio.create_subprocess_exec(
        *argv,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=env,
        cwd=cwd,
        start_new_session=True,
    )
    outputs = asyncio.gather(
        _drain(process.stdout, MAX_OUTPUT_BYTES), _drain(process.stderr, MAX_OUTPUT_BYTES)
    )
    timed_out = False
    try:
        await asyncio.wait_for(process.wait(), timeout=limit)
    except TimeoutError:
        timed_out = True
        _kill_group(process)
        await process.wait()
    except BaseException:  # the request was cancelled: never leave kubectl running
        _kill_group(process)
        outputs.cancel()
        raise
    try:
        (out, out_cut), (err, err_cut) = await asyncio.wait_for(outputs, timeout=5)
    except TimeoutError:  # a grandchild that left our process group still holds the pipes
        out, out_cut, err, err_cut = b"", True, b"", True
    result = KubectlResult(
        exit_code=None if timed_out else process.returncode,
        stdout=out.decode(errors="replace"),
        stderr=err.decode(errors="replace"),
        duration_ms=round((time.monotonic() - started) * 1000),
        truncated=out_cut or err_cut,
        timed_out=timed_out,
    )
    if timed_out:
        raise errors.UpstreamTimeout(
            f"kubectl did not finish within {limit:g}s and was stopped", extra=result.model_dump()
        )
    return result
