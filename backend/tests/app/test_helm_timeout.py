"""A hung cluster (accepts TCP connections, never answers): a helm operation hits its timeout,
helm is stopped (SIGTERM, then SIGKILL), and the operation ends failed, cleanly."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from tests.support.blackhole import BlackHole
from tests.support.chart_repo import ChartRepo, wait_operation
from tests.support.kubedeck_process import Kubedeck

BASE = "/api/v1/helm"
LEFT_RUNNING: list[str] = []  # operations a test leaves running for the shutdown test


@pytest.fixture(scope="module")
def hung_deck(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Kubedeck, ChartRepo]]:
    hole = BlackHole()
    work = tmp_path_factory.mktemp("hung")
    kubeconfig = work / "hung.kubeconfig"
    kubeconfig.write_text(
        yaml.safe_dump(
            {
                "apiVersion": "v1",
                "kind": "Config",
                "current-context": "hung",
                "contexts": [{"name": "hung", "context": {"cluster": "hung", "user": "u"}}],
                "clusters": [
                    {
                        "name": "hung",
                        "cluster": {
                            "server": f"https://127.0.0.1:{hole.port}",
                            "insecure-skip-tls-verify": True,
                        },
                    }
                ],
                "users": [{"name": "u", "user": {"token": "t"}}],
            }
        )
    )
    repo = ChartRepo(work / "repo", charts=("demo",), versions=("0.1.0",)).start()
    deck = Kubedeck(
        work / "deck",
        clusters=[{"id": "hung", "kubeconfig_path": str(kubeconfig), "is_default": True}],
    ).start()
    assert deck.call("POST", f"{BASE}/repos", {"name": "r", "url": repo.url}).status == 201
    yield deck, repo
    deck.stop()
    repo.stop()
    hole.close()


def _helm_processes(marker: str) -> list[str]:
    found = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if marker in cmdline:
                found.append(cmdline)
    return found


def test_operation_on_a_hung_cluster_times_out_cleanly(
    hung_deck: tuple[Kubedeck, ChartRepo],
) -> None:
    deck, _ = hung_deck
    started = time.monotonic()
    reply = deck.call(
        "POST",
        f"{BASE}/releases?cluster_id=hung",
        {
            "release_name": "stuck",
            "chart": "r/demo",
            "namespace": "default",
            "timeout_seconds": 2,
        },
    )
    assert reply.status == 202, reply.body
    assert time.monotonic() - started < 10  # accepted at once, not after the timeout
    done = wait_operation(deck, reply.body["id"], timeout=90)
    assert done["status"] == "failed", done
    assert done["error"]["error"] == "Timeout", done
    assert "did not finish within" in done["error"]["detail"]
    assert done["finished_at"] and done["elapsed_seconds"] < 60
    # No helm left behind for this cluster.
    marker = str(deck.workdir / "data" / "helm" / "kube" / "hung.yaml")
    assert _helm_processes(marker) == []
    # The lock was released: the next operation is accepted. (Not waited for: it is still
    # running when kubedeck stops, which must stop its helm too.)
    again = deck.call(
        "POST",
        f"{BASE}/releases?cluster_id=hung",
        {"release_name": "stuck", "chart": "r/demo", "timeout_seconds": 60},
    )
    assert again.status == 202, again.body
    LEFT_RUNNING.append(again.body["id"])


def test_reads_on_a_hung_cluster_fail_fast_once_it_is_known_down(
    hung_deck: tuple[Kubedeck, ChartRepo],
) -> None:
    deck, _ = hung_deck
    deadline = time.monotonic() + 30
    while deck.call("GET", "/api/v1/clusters/hung/health").body.get("reachable", True):
        assert time.monotonic() < deadline
        time.sleep(0.5)
    started = time.monotonic()
    reply = deck.call("GET", f"{BASE}/releases?cluster_id=hung")
    assert reply.status == 503, reply.body
    assert time.monotonic() - started < 3


def test_stopping_kubedeck_stops_its_helm_and_records_why(
    hung_deck: tuple[Kubedeck, ChartRepo],
) -> None:
    deck, _ = hung_deck
    assert LEFT_RUNNING, "runs after test_operation_on_a_hung_cluster_times_out_cleanly"
    deck.stop()
    assert _helm_processes(str(deck.workdir / "data" / "helm" / "kube" / "hung.yaml")) == []
    deck.start()  # same data directory: the operation's record survived, and says what happened
    op = deck.call("GET", f"{BASE}/operations/{LEFT_RUNNING[0]}").body
    assert op["status"] == "failed" and op["error"]["error"] == "Cancelled", op
    assert "kubedeck" in op["phase"]
