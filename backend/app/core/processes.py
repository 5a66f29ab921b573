"""Child processes kubedeck (and its tests) start and must not leave behind."""

from __future__ import annotations

import subprocess


def stop(process: subprocess.Popen[bytes] | None, grace_seconds: float = 10.0) -> int | None:
    """SIGTERM, then SIGKILL when it has not exited within the grace period; its exit code."""
    if process is None:
        return None
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=grace_seconds)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.returncode
