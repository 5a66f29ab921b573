"""The install preview: a server dry run of an install, checked like the install itself, that
creates nothing (the wizard's review step shows it)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.chart_repo import ChartRepo
from tests.support.kubedeck_process import Kubedeck

BASE = "/api/v1/helm"
PREVIEW = f"{BASE}/install-preview?cluster_id=alpha"
NS = "helm-preview"


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory, deck: Kubedeck) -> Iterator[ChartRepo]:
    served = ChartRepo(tmp_path_factory.mktemp("preview-repo")).start()
    reply = deck.call("POST", f"{BASE}/repos", {"name": "pre", "url": served.url})
    assert reply.status == 201, reply.body
    yield served
    deck.call("DELETE", f"{BASE}/repos/pre")
    served.stop()


def _body(**changes: object) -> dict[str, object]:
    body: dict[str, object] = {
        "release_name": "shop",
        "chart": "pre/demo",
        "version": "0.1.0",
        "namespace": NS,
        "create_namespace": True,
        "values_yaml": "replicaCount: 3\nmessage: hello\n",
    }
    return body | changes


def test_preview_shows_what_an_install_would_create_and_creates_nothing(
    deck: Kubedeck, repo: ChartRepo
) -> None:
    reply = deck.call("POST", PREVIEW, _body())
    assert reply.status == 200, reply.body
    preview = reply.body
    assert preview["chart_version"] == "0.1.0"
    assert preview["values_after"] == {"replicaCount": 3, "message": "hello"}
    assert {c["change"] for c in preview["changes"]} == {"added"}
    assert {"Deployment", "Service", "Secret"} <= {c["kind"] for c in preview["changes"]}
    assert "kind: Deployment" in preview["manifest"] and "replicas: 3" in preview["manifest"]
    assert "top-secret" not in str(preview)  # Secret data redacted, in the manifest and diff
    assert "shop" in preview["notes"]
    # Nothing exists afterwards: no release, no operation, no namespace.
    releases = deck.call("GET", f"{BASE}/releases?cluster_id=alpha").body
    assert not [r for r in releases if r["name"] == "shop"]
    assert deck.call("GET", f"{BASE}/operations?cluster_id=alpha&release=shop").body == []
    assert deck.call("GET", f"/api/v1/namespaces/{NS}?cluster_id=alpha").status == 404


def test_preview_refuses_what_the_install_would_refuse(deck: Kubedeck, repo: ChartRepo) -> None:
    bad_yaml = deck.call("POST", PREVIEW, _body(values_yaml="a: [1,\n"))
    assert bad_yaml.status == 422 and bad_yaml.body["reason"] == "values_yaml", bad_yaml.body
    schema = deck.call("POST", PREVIEW, _body(values_yaml="replicaCount: many\n"))
    assert schema.status == 422 and schema.body["reason"] == "schema", schema.body
    assert any("/replicaCount" in v for v in schema.body["violations"])
    flag = deck.call("POST", PREVIEW, _body(release_name="--post-renderer=x"))
    assert flag.status in (400, 422), flag.body
    unknown = deck.call("POST", PREVIEW, _body(chart="pre/nope"))
    assert unknown.status == 404, unknown.body
