"""The sample chart repository shipped for `make run` (samples/charts/repo) works end to end:
served over HTTP, registered, searched, schema-checked, installed and upgraded."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from tests.support.chart_repo import wait_operation
from tests.support.kubedeck_process import Kubedeck
from tests.support.kubesim_process import REPO_ROOT

BASE = "/api/v1/helm"
NS = "helm-sample"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def sample_url(deck: Kubedeck) -> Iterator[str]:
    served = REPO_ROOT / "samples" / "charts" / "repo"
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(served)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    assert deck.call("POST", f"{BASE}/repos", {"name": "samples", "url": url}).status == 201
    yield url
    deck.call("DELETE", f"{BASE}/repos/samples")
    server.shutdown()
    server.server_close()


def test_sample_chart_installs_and_upgrades(deck: Kubedeck, sample_url: str) -> None:
    versions = deck.call("GET", f"{BASE}/charts/samples/hello/versions").body
    assert [v["version"] for v in versions] == ["0.2.0", "0.1.0"]
    schema = deck.call("GET", f"{BASE}/charts/samples/hello/schema").body["schema"]
    assert schema["properties"]["replicaCount"]["maximum"] == 10
    bad = deck.call(
        "POST",
        f"{BASE}/releases?cluster_id=alpha",
        {
            "release_name": "hello",
            "chart": "samples/hello",
            "namespace": NS,
            "values": {"replicaCount": 11, "greeting": ""},
        },
    )
    assert bad.status == 422 and len(bad.body["violations"]) == 2, bad.body

    reply = deck.call(
        "POST",
        f"{BASE}/releases?cluster_id=alpha",
        {
            "release_name": "hello",
            "chart": "samples/hello",
            "version": "0.1.0",
            "namespace": NS,
            "create_namespace": True,
        },
    )
    done = wait_operation(deck, reply.body["id"])
    assert done["status"] == "succeeded", done
    assert "Hello from kubedeck" in done["notes"]
    reply = deck.call(
        "PUT",
        f"{BASE}/releases/hello?cluster_id=alpha&namespace={NS}",
        {"chart": "samples/hello", "values_yaml": "greeting: Bonjour\nreplicaCount: 2\n"},
    )
    done = wait_operation(deck, reply.body["id"])
    assert done["status"] == "succeeded", done
    detail = deck.call("GET", f"{BASE}/releases/hello?cluster_id=alpha&namespace={NS}").body
    assert detail["chart_version"] == "0.2.0" and detail["revision"] == 2
    deployment = next(r for r in detail["resources"] if r["kind"] == "Deployment")
    assert deployment["status"] == "2/2 ready"
    reply = deck.call("DELETE", f"{BASE}/releases/hello?cluster_id=alpha&namespace={NS}")
    assert wait_operation(deck, reply.body["id"])["status"] == "succeeded"
