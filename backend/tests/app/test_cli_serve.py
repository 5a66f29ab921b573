"""`kubedeck serve` on its embedded defaults (what `make run` starts): two sandbox clusters and
the sample chart repository as child processes, which must go when kubedeck is stopped."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from tests.support.kubedeck_process import Kubedeck


def _children(pid: int) -> list[int]:
    """Live child processes of `pid`, from /proc (zombies count as gone)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        state, ppid = stat.rsplit(")", 1)[1].split()[:2]
        if int(ppid) == pid and state != "Z":
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def test_sigterm_stops_the_sandboxes_and_the_sample_repo(tmp_path: Path) -> None:
    deck = Kubedeck(tmp_path, clusters=[]).start(timeout=90)
    assert deck.process is not None
    children = _children(deck.process.pid)
    try:
        listed = deck.call("GET", "/api/v1/clusters").body
        assert sorted(c["id"] for c in listed) == ["sandbox-a", "sandbox-b"]
        assert len(children) == 3, children  # two kubesim sandboxes, the chart repo server
        deck.process.send_signal(signal.SIGTERM)  # as systemd, Docker or Kubernetes stop it
        assert deck.process.wait(timeout=30) == 128 + signal.SIGTERM
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert [pid for pid in children if _alive(pid)] == []
    finally:
        deck.stop()
        for pid in children:  # whatever a failure left behind
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
