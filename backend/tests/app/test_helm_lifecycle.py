"""Install → upgrade → history → diffs → rollback → uninstall through the API, with the real
helm against a real kubesim cluster and a local chart repository."""

from __future__ import annotations

import base64
import gzip
import json
from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.chart_repo import ChartRepo, wait_operation
from tests.support.kubedeck_process import Kubedeck
from tests.support.kubesim_process import Kubesim

NS = "helm-life"
BASE = "/api/v1/helm"


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory, deck: Kubedeck) -> Iterator[ChartRepo]:
    served = ChartRepo(tmp_path_factory.mktemp("life-repo")).start()
    reply = deck.call("POST", f"{BASE}/repos", {"name": "life", "url": served.url})
    assert reply.status == 201, reply.body
    yield served
    deck.call("DELETE", f"{BASE}/repos/life")
    served.stop()


def _op(deck: Kubedeck, method: str, path: str, body: Any = None) -> dict[str, Any]:
    reply = deck.call(method, path, body)
    assert reply.status == 202, reply.body
    assert reply.body["status"] in ("queued", "running")
    return wait_operation(deck, reply.body["id"])


def test_release_lifecycle(deck: Kubedeck, repo: ChartRepo) -> None:
    done = _op(
        deck,
        "POST",
        f"{BASE}/releases?cluster_id=alpha",
        {
            "release_name": "web",
            "chart": "life/demo",
            "version": "0.1.0",
            "namespace": NS,
            "create_namespace": True,
            "values_yaml": "replicaCount: 2\nmessage: first\n",
            "timeout_seconds": 60,
        },
    )
    assert done["status"] == "succeeded", done
    assert done["revision"] == 1 and "NOTES" not in (done["notes"] or "x")
    assert done["notes"] and "web" in done["notes"]
    assert done["result"]["release_status"] == "deployed"

    listed = deck.call("GET", f"{BASE}/releases?cluster_id=alpha").body
    mine = [r for r in listed if r["name"] == "web" and r["namespace"] == NS]
    assert mine and mine[0]["chart"] == "demo" and mine[0]["chart_version"] == "0.1.0"
    assert mine[0]["status"] == "deployed" and not mine[0]["pending"]
    only_ns = deck.call("GET", f"{BASE}/releases?cluster_id=alpha&namespace={NS}").body
    assert [r["name"] for r in only_ns] == ["web"]

    detail = deck.call("GET", f"{BASE}/releases/web?cluster_id=alpha&namespace={NS}").body
    assert detail["values"] == {"replicaCount": 2, "message": "first"}
    kinds = {r["kind"]: r for r in detail["resources"]}
    assert {"Deployment", "Service", "ConfigMap", "Secret", "Pod"} <= set(kinds)
    assert kinds["Deployment"]["ready"] is True and kinds["Deployment"]["status"] == "2/2 ready"
    secret = kinds["Secret"]["object"]
    assert set(secret["data"].values()) == {"[redacted]"}
    assert "top-secret" not in str(detail)
    manifest = deck.call("GET", f"{BASE}/releases/web/manifest?cluster_id=alpha&namespace={NS}")
    assert "kind: Deployment" in manifest.body["manifest"]
    assert "top-secret" not in manifest.body["manifest"]

    # Upgrade to 0.2.0 with a changed value; the default mode keeps replicaCount from before.
    done = _op(
        deck,
        "PUT",
        f"{BASE}/releases/web?cluster_id=alpha&namespace={NS}",
        {
            "chart": "life/demo",
            "version": "0.2.0",
            "values": {"message": "second"},
        },
    )
    assert done["status"] == "succeeded", done
    assert done["revision"] == 2 and done["request"]["values_mode"] == "reset_then_reuse"
    values = deck.call("GET", f"{BASE}/releases/web/values?cluster_id=alpha&namespace={NS}").body
    assert values["values"] == {"replicaCount": 2, "message": "second"}
    computed = deck.call(
        "GET", f"{BASE}/releases/web/values?cluster_id=alpha&namespace={NS}&all=true"
    ).body["values"]
    assert computed["replicaCount"] == 2 and computed["service"]["port"] == 80

    history = deck.call("GET", f"{BASE}/releases/web/history?cluster_id=alpha&namespace={NS}")
    assert [(h["revision"], h["status"], h["chart_version"]) for h in history.body] == [
        (1, "superseded", "0.1.0"),
        (2, "deployed", "0.2.0"),
    ]

    diff = deck.call(
        "GET",
        f"{BASE}/releases/web/diff?cluster_id=alpha&namespace={NS}&from_revision=1&to_revision=2",
    ).body
    assert '-  message: "first"' in diff["manifest_diff"] or "first" in diff["manifest_diff"]
    assert "+message: second" in diff["values_diff"]
    assert any(c["kind"] == "ConfigMap" and c["change"] == "changed" for c in diff["changes"])
    assert "top-secret" not in str(diff)

    # A proposed upgrade: a server dry run, nothing applied.
    proposed = deck.call(
        "POST",
        f"{BASE}/releases/web/diff?cluster_id=alpha&namespace={NS}",
        {
            "chart": "life/demo",
            "version": "0.2.0",
            "values": {"replicaCount": 3},
            "values_mode": "reuse",
        },
    )
    assert proposed.status == 200, proposed.body
    assert proposed.body["values_after"] == {"replicaCount": 3, "message": "second"}
    assert "+replicaCount: 3" in proposed.body["values_diff"]
    assert "+  replicas: 3" in proposed.body["manifest_diff"]
    assert (
        len(deck.call("GET", f"{BASE}/releases/web/history?cluster_id=alpha&namespace={NS}").body)
        == 2
    )

    done = _op(
        deck,
        "POST",
        f"{BASE}/releases/web/rollback?cluster_id=alpha&namespace={NS}",
        {"revision": 1},
    )
    assert done["status"] == "succeeded", done
    assert done["revision"] == 3 and done["result"]["release_status"] == "deployed"
    history = deck.call("GET", f"{BASE}/releases/web/history?cluster_id=alpha&namespace={NS}")
    assert history.body[-1]["description"] == "Rollback to 1"
    values = deck.call("GET", f"{BASE}/releases/web/values?cluster_id=alpha&namespace={NS}").body
    assert values["values"] == {"replicaCount": 2, "message": "first"}

    done = _op(deck, "DELETE", f"{BASE}/releases/web?cluster_id=alpha&namespace={NS}")
    assert done["status"] == "succeeded", done
    assert done["result"]["release_status"] == "uninstalled"
    gone = deck.call("GET", f"{BASE}/releases/web?cluster_id=alpha&namespace={NS}")
    assert gone.status == 404, gone.body

    ops = deck.call("GET", f"{BASE}/operations?cluster_id=alpha&release=web").body
    assert [o["action"] for o in ops] == ["uninstall", "rollback", "upgrade", "install"]


def test_upgrade_values_modes(deck: Kubedeck, repo: ChartRepo) -> None:
    base = f"{BASE}/releases/modes?cluster_id=alpha&namespace={NS}"
    done = _op(
        deck,
        "POST",
        f"{BASE}/releases?cluster_id=alpha",
        {
            "release_name": "modes",
            "chart": "life/plain",
            "namespace": NS,
            "create_namespace": True,
            "values": {"replicaCount": 2, "message": "kept?"},
            "wait": False,
        },
    )
    assert done["status"] == "succeeded", done
    done = _op(
        deck,
        "PUT",
        base,
        {
            "chart": "life/plain",
            "values": {"message": "reuse"},
            "values_mode": "reuse",
            "wait": False,
        },
    )
    assert done["status"] == "succeeded", done
    values = deck.call("GET", base.replace("modes?", "modes/values?")).body["values"]
    assert values == {"replicaCount": 2, "message": "reuse"}
    done = _op(
        deck,
        "PUT",
        base,
        {
            "chart": "life/plain",
            "values": {"message": "reset"},
            "values_mode": "reset",
            "wait": False,
        },
    )
    assert done["status"] == "succeeded", done
    values = deck.call("GET", base.replace("modes?", "modes/values?")).body["values"]
    assert values == {"message": "reset"}
    done = _op(deck, "DELETE", base + "&wait=false")
    assert done["status"] == "succeeded", done


def test_a_second_operation_on_a_busy_release_is_refused(deck: Kubedeck, repo: ChartRepo) -> None:
    body = {
        "release_name": "busy",
        "chart": "life/plain",
        "namespace": NS,
        "create_namespace": True,
    }
    first = deck.call("POST", f"{BASE}/releases?cluster_id=alpha", body)
    assert first.status == 202, first.body
    second = deck.call("POST", f"{BASE}/releases?cluster_id=alpha", body)
    assert second.status == 409, second.body
    assert second.body["operation_id"] == first.body["id"]
    assert wait_operation(deck, first.body["id"])["status"] == "succeeded"
    again = deck.call("POST", f"{BASE}/releases?cluster_id=alpha", body)
    assert again.status == 202
    failed = wait_operation(deck, again.body["id"])
    assert failed["status"] == "failed"
    assert failed["error"]["error"] == "Conflict" and "in use" in failed["error"]["detail"]
    assert (
        _op(deck, "DELETE", f"{BASE}/releases/busy?cluster_id=alpha&namespace={NS}")["status"]
        == "succeeded"
    )


def _set_status(sim: Kubesim, name: str, revision: int, status: str) -> None:
    """Rewrite a release record as a killed helm leaves it (helm-cli-notes §2.5: SIGKILL
    mid-upgrade leaves the revision pending-upgrade)."""
    secret_name = f"sh.helm.release.v1.{name}.v{revision}"
    secret = json.loads(sim.kubectl("get", "secret", secret_name, "-n", NS, "-o", "json").stdout)
    inner = base64.b64decode(base64.b64decode(secret["data"]["release"]))
    release = json.loads(gzip.decompress(inner))
    release["info"]["status"] = status
    payload = base64.b64encode(gzip.compress(json.dumps(release).encode()))
    secret["data"]["release"] = base64.b64encode(payload).decode()
    secret["metadata"]["labels"]["status"] = status
    sim.kubectl("replace", "-f", "-", input_text=json.dumps(secret))


def test_a_release_stuck_pending_is_shown_and_rolled_back(
    deck: Kubedeck, repo: ChartRepo, sim_a: Kubesim
) -> None:
    base = f"{BASE}/releases/stuck?cluster_id=alpha&namespace={NS}"
    install = {
        "release_name": "stuck",
        "chart": "life/plain",
        "namespace": NS,
        "create_namespace": True,
        "wait": False,
    }
    assert _op(deck, "POST", f"{BASE}/releases?cluster_id=alpha", install)["status"] == "succeeded"
    upgrade = {"chart": "life/plain", "values": {"replicaCount": 2}, "wait": False}
    assert _op(deck, "PUT", base, upgrade)["status"] == "succeeded"
    _set_status(sim_a, "stuck", 2, "pending-upgrade")

    listed = deck.call("GET", f"{BASE}/releases?cluster_id=alpha&namespace={NS}").body
    stuck = next(r for r in listed if r["name"] == "stuck")
    assert stuck["status"] == "pending-upgrade" and stuck["pending"]
    assert stuck["suggested_action"] == "rollback"
    refused = deck.call("PUT", base, upgrade)
    assert refused.status == 409, refused.body
    assert refused.body["suggested_action"] == "rollback"

    done = _op(deck, "POST", base.replace("stuck?", "stuck/rollback?"), {"revision": 1})
    assert done["status"] == "succeeded", done
    detail = deck.call("GET", base).body
    assert detail["status"] == "deployed" and not detail["pending"] and detail["revision"] == 3
    assert _op(deck, "DELETE", base + "&wait=false")["status"] == "succeeded"
