"""The built web app is served at `/` with client-side routes falling back to index.html."""

from __future__ import annotations

from pathlib import Path

from tests.support.kubedeck_process import Kubedeck
from tests.support.kubesim_process import Kubesim


def test_serves_dist_with_fallback(tmp_path: Path, sim_a: Kubesim) -> None:
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><title>kubedeck</title>")
    (dist / "assets" / "app-123.js").write_text("console.log('kubedeck')")
    (tmp_path / "secret.txt").write_text("outside dist")
    deck = Kubedeck(
        tmp_path / "deck",
        clusters=[{"id": "alpha", "kubeconfig_path": str(sim_a.kubeconfig)}],
        env_extra={"KUBEDECK_FRONTEND_DIST": str(dist)},
    ).start()
    try:
        assert "<title>kubedeck</title>" in deck.call("GET", "/").body
        assert "<title>kubedeck</title>" in deck.call("GET", "/c/alpha/pods").body
        asset = deck.call("GET", "/assets/app-123.js")
        assert asset.status == 200 and "immutable" in asset.headers["cache-control"]
        assert "outside dist" not in deck.call("GET", "/../secret.txt").body
        assert "outside dist" not in deck.call("GET", "/assets/..%2F..%2Fsecret.txt").body
        api_miss = deck.call("GET", "/api/v1/nothing/here/at/all")
        assert api_miss.status == 404 and api_miss.body["error"] == "NotFound"
    finally:
        deck.stop()
