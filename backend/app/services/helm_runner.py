"""HelmRunner: the one place the real helm binary is started.

Every call: an argument list (never a shell), `--kubeconfig` of a per-cluster file (0600,
holding only that cluster's context) and `--namespace` whenever a cluster is involved,
isolated HELM_CONFIG_HOME/CACHE_HOME/DATA_HOME under the data directory (helm's config and
cache must move together, helm-cli-notes §2.3), no plugins, no colour, a minimal environment
(kubedeck's own holds its database URL and keys), stdin carrying values or a password and
nothing else, its own process group, and our own timeout: helm's `--timeout` bounds only hooks
and waiting, not API calls, so against a silent API server helm hangs for ever. On timeout the
group gets SIGTERM first (helm then marks the release failed, cleanly) and SIGKILL after a
grace period (helm ignores SIGTERM while blocked in a network call).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import os
import signal
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from app.core import errors
from app.services.cluster_files import cluster_kubeconfig, inherited_env, write_private
from app.services.cluster_sources import ClusterDef
from app.services.helm_errors import HelmTimeout, ToolMissing, classify

MAX_STDOUT = 64 * 1024 * 1024
MAX_STDERR = 1024 * 1024


@dataclass
class HelmResult:
    returncode: int
    stdout: str
    stderr: str
    duration_ms: int

    def json(self) -> Any:
        return json.loads(self.stdout) if self.stdout.strip() else None


class HelmRunner:
    def __init__(
        self, binary: Path, home: Path, *, grace_seconds: float = 5.0, max_parallel: int = 8
    ) -> None:
        self.binary = binary
        self.home = home
        self.grace = grace_seconds
        self._slots = asyncio.Semaphore(max_parallel)  # a 2-core box: bound concurrent helms
        self._kubeconfigs: dict[str, tuple[str, Path]] = {}
        for sub in ("config", "cache", "data", "home", "kube", "ca"):
            (home / sub).mkdir(parents=True, exist_ok=True, mode=0o700)
        home.chmod(0o700)

    @property
    def config_home(self) -> Path:
        return self.home / "config"

    @property
    def ca_dir(self) -> Path:
        return self.home / "ca"

    def env(self) -> dict[str, str]:
        env = inherited_env()
        return env | {
            "HOME": str(self.home / "home"),  # client-go's discovery cache goes under it
            "HELM_CONFIG_HOME": str(self.home / "config"),
            "HELM_CACHE_HOME": str(self.home / "cache"),
            "HELM_DATA_HOME": str(self.home / "data"),
            "HELM_COLOR": "never",
            "NO_COLOR": "1",
            "HELM_NO_PLUGINS": "1",  # --post-renderer takes a plugin name in helm 4: none exist
            "HELM_DRIVER": "secret",
        }

    def kubeconfig_for(self, cluster: ClusterDef) -> Path:
        """The cluster's own kubeconfig file, rewritten only when the cluster's config changes."""
        if cluster.load_error:
            raise errors.ClusterUnavailable(
                f"cluster {cluster.id}: {cluster.load_error}",
                extra={"cluster_id": cluster.id, "reason": "bad_kubeconfig"},
            )
        text = yaml.safe_dump(cluster_kubeconfig(cluster, None))
        digest = hashlib.sha256(text.encode()).hexdigest()
        known = self._kubeconfigs.get(cluster.id)
        if known is not None and known[0] == digest and known[1].exists():
            return known[1]
        path = self.home / "kube" / f"{cluster.id}.yaml"
        write_private(path, text)
        self._kubeconfigs[cluster.id] = (digest, path)
        return path

    async def run(
        self,
        args: list[str],
        *,
        what: str,
        timeout: float,
        cluster: ClusterDef | None = None,
        namespace: str | None = None,
        stdin: str | None = None,
        check: bool = True,
        grace: float | None = None,
    ) -> HelmResult:
        """Run `helm ARGS`; raise the classified error when it fails and `check` is set.
        `grace`: seconds between SIGTERM and SIGKILL (reads need none: nothing to clean up)."""
        if not self.binary.is_file():
            raise ToolMissing(f"helm is not installed at {self.binary} (run `make tools`)")
        argv = [str(self.binary), *args]
        if cluster is not None:
            # Global flags after the command's own: pflag accepts them anywhere before `--`.
            flags = [f"--kubeconfig={self.kubeconfig_for(cluster)}"]
            flags.append(f"--namespace={namespace or 'default'}")  # never the context's default
            cut = argv.index("--") if "--" in argv else len(argv)
            argv[cut:cut] = flags
        async with self._slots:
            result = await self._execute(argv, stdin, timeout, what, grace)
        if check and result.returncode != 0:
            raise classify(result.stderr, what, cluster_call=cluster is not None)
        return result

    async def _execute(
        self, argv: list[str], stdin: str | None, timeout: float, what: str, grace: float | None
    ) -> HelmResult:
        started = time.monotonic()
        process = await asyncio.create_subprocess_exec(
            *argv,
            stdin=asyncio.subprocess.PIPE if stdin is not None else asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=self.env(),
            cwd=self.home / "home",
            start_new_session=True,  # its own process group: killed whole
        )
        outputs = asyncio.gather(
            _drain(process.stdout, MAX_STDOUT), _drain(process.stderr, MAX_STDERR)
        )

        async def feed_and_wait() -> None:  # inside the timeout: a hung helm may never read
            if stdin is not None and process.stdin is not None:
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    process.stdin.write(stdin.encode())
                    await process.stdin.drain()
                process.stdin.close()
            await process.wait()

        try:
            await asyncio.wait_for(feed_and_wait(), timeout=timeout)
        except TimeoutError:
            await self._stop(process, grace)
            outputs.cancel()
            raise HelmTimeout(
                f"{what}: helm did not finish within {timeout:g}s and was stopped",
                extra={"reason": "timeout", "timeout_seconds": timeout},
            ) from None
        except BaseException:  # cancelled (shutdown, client gone): never leave helm running
            await asyncio.shield(self._stop(process, grace))
            outputs.cancel()
            raise
        try:
            out, err = await asyncio.wait_for(outputs, timeout=5)
        except TimeoutError:  # a grandchild outside the group still holds the pipes
            out, err = b"", b""
        return HelmResult(
            returncode=process.returncode if process.returncode is not None else -1,
            stdout=out.decode(errors="replace"),
            stderr=err.decode(errors="replace"),
            duration_ms=round((time.monotonic() - started) * 1000),
        )

    async def _stop(self, process: asyncio.subprocess.Process, grace: float | None) -> None:
        """SIGTERM to the group, SIGKILL after the grace period if it is still there."""
        _signal_group(process, signal.SIGTERM)
        try:
            await asyncio.wait_for(process.wait(), timeout=self.grace if grace is None else grace)
        except TimeoutError:
            _signal_group(process, signal.SIGKILL)
            await process.wait()


def _signal_group(process: asyncio.subprocess.Process, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, sig)


async def _drain(stream: asyncio.StreamReader | None, cap: int) -> bytes:
    """Everything up to `cap` bytes; the rest is read and dropped so helm never blocks."""
    kept = bytearray()
    if stream is None:
        return b""
    while chunk := await stream.read(65536):
        kept += chunk[: max(cap - len(kept), 0)]
    return bytes(kept)
