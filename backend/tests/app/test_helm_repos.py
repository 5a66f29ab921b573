"""Chart repositories and charts through the API: add/remove (good, bad URL, bad credentials,
basic auth), search, versions, values, README and schema; only admins manage repositories."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.chart_repo import ChartRepo, free_port
from tests.support.kubedeck_process import Kubedeck

BASE = "/api/v1/helm"


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChartRepo]:
    repo = ChartRepo(tmp_path_factory.mktemp("pub-repo")).start()
    yield repo
    repo.stop()


@pytest.fixture(scope="module")
def private(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChartRepo]:
    repo = ChartRepo(
        tmp_path_factory.mktemp("priv-repo"),
        username="alice",
        password="s3cret-pw",
        charts=("secretapp",),
        versions=("1.0.0",),
    ).start()
    yield repo
    repo.stop()


@pytest.fixture(scope="module")
def roles(deck: Kubedeck) -> dict[str, str]:
    tokens = {}
    for role in ("viewer", "developer"):
        name = f"helm-repo-{role}"
        reply = deck.call(
            "POST", "/api/v1/users", {"username": name, "password": f"pw-{name}-123", "role": role}
        )
        assert reply.status in (201, 409), reply.body
        tokens[role] = deck.login(name, f"pw-{name}-123")
    return tokens


def test_add_search_inspect_and_remove_a_repository(
    deck: Kubedeck, public: ChartRepo, roles: dict[str, str]
) -> None:
    added = deck.call("POST", f"{BASE}/repos", {"name": "pub", "url": public.url})
    assert added.status == 201, added.body
    assert added.body["kind"] == "http" and not added.body["has_password"]
    again = deck.call("POST", f"{BASE}/repos", {"name": "pub", "url": public.url})
    assert again.status == 409, again.body

    latest = deck.call("GET", f"{BASE}/charts?q=demo&repo=pub", token=roles["viewer"])
    assert latest.status == 200, latest.body
    assert [(c["name"], c["version"]) for c in latest.body] == [("pub/demo", "0.2.0")]
    every = deck.call("GET", f"{BASE}/charts?q=demo&repo=pub&versions=true").body
    assert [c["version"] for c in every] == ["0.2.0", "0.1.0"]
    assert {c["name"] for c in deck.call("GET", f"{BASE}/charts?repo=pub").body} == {
        "pub/demo",
        "pub/plain",
    }
    assert deck.call("GET", f"{BASE}/charts?q=no-such-chart-anywhere").body == []
    versions = deck.call("GET", f"{BASE}/charts/pub/demo/versions").body
    assert [v["version"] for v in versions] == ["0.2.0", "0.1.0"]

    values = deck.call("GET", f"{BASE}/charts/pub/demo/values?version=0.1.0", token=roles["viewer"])
    assert values.status == 200, values.body
    assert "# Default values for demo." in values.body["values_yaml"]  # comments kept
    assert values.body["values"]["message"] == "hello from 0.1.0"
    readme = deck.call("GET", f"{BASE}/charts/pub/demo/readme").body
    assert readme["readme"].startswith("# demo")
    schema = deck.call("GET", f"{BASE}/charts/pub/demo/schema").body
    assert schema["schema"]["properties"]["replicaCount"]["type"] == "integer"
    assert deck.call("GET", f"{BASE}/charts/pub/plain/schema").body == {"schema": None}
    info = deck.call("GET", f"{BASE}/charts/pub/demo?version=^0.1").body
    assert info["version"] == "0.1.0" and info["app_version"] == "0.1.0-app"

    missing = deck.call("GET", f"{BASE}/charts/pub/nope/values")
    assert missing.status == 404, missing.body
    bad_version = deck.call("GET", f"{BASE}/charts/pub/demo/values?version=9.9.9")
    assert bad_version.status == 404, bad_version.body
    assert deck.call("GET", f"{BASE}/charts/nope/demo/values").status == 404

    updated = deck.call("POST", f"{BASE}/repos/pub/update")
    assert updated.status == 200 and updated.body == {"name": "pub", "updated": True, "error": None}
    assert deck.call("POST", f"{BASE}/repos/update").status == 200

    assert deck.call("DELETE", f"{BASE}/repos/pub").status == 204
    assert deck.call("DELETE", f"{BASE}/repos/pub").status == 404
    assert deck.call("GET", f"{BASE}/charts?repo=pub").body == []
    assert deck.call("GET", f"{BASE}/charts/pub/demo/values").status == 404


def test_bad_url_and_unreachable_repositories_are_refused(deck: Kubedeck) -> None:
    for url in ("not a url", "ftp://x/y", "-http://x", "http://x\n--insecure"):
        reply = deck.call("POST", f"{BASE}/repos", {"name": "broken", "url": url})
        assert reply.status in (400, 422), (url, reply.body)
    nobody = deck.call(
        "POST", f"{BASE}/repos", {"name": "broken", "url": f"http://127.0.0.1:{free_port()}"}
    )
    assert nobody.status == 422, nobody.body
    assert nobody.body["reason"] == "repo_unreachable"
    assert "cannot be reached" in nobody.body["detail"]
    assert deck.call("GET", f"{BASE}/repos").body == [] or all(
        r["name"] != "broken" for r in deck.call("GET", f"{BASE}/repos").body
    )
    bad_name = deck.call("POST", f"{BASE}/repos", {"name": "--force", "url": "http://x"})
    assert bad_name.status == 400, bad_name.body


def test_private_repository_with_basic_auth(deck: Kubedeck, private: ChartRepo) -> None:
    wrong = deck.call(
        "POST",
        f"{BASE}/repos",
        {"name": "priv", "url": private.url, "username": "alice", "password": "wrong-pw-7731"},
    )
    assert wrong.status == 422, wrong.body
    assert wrong.body["reason"] == "repo_auth_failed" and "401" in wrong.body["detail"]
    none = deck.call("POST", f"{BASE}/repos", {"name": "priv", "url": private.url})
    assert none.status == 422 and none.body["reason"] == "repo_auth_failed"

    good = deck.call(
        "POST",
        f"{BASE}/repos",
        {"name": "priv", "url": private.url, "username": "alice", "password": "s3cret-pw"},
    )
    assert good.status == 201, good.body
    assert good.body["has_password"] and "password" not in good.body
    listed = deck.call("GET", f"{BASE}/repos").body
    assert "s3cret-pw" not in str(listed)
    found = deck.call("GET", f"{BASE}/charts?q=secretapp").body
    assert [c["name"] for c in found] == ["priv/secretapp"]
    values = deck.call("GET", f"{BASE}/charts/priv/secretapp/values")  # pulls with credentials
    assert values.status == 200, values.body

    audit = deck.call("GET", "/api/v1/audit?limit=50").body
    assert "s3cret-pw" not in str(audit) and "wrong-pw-7731" not in str(audit)
    assert deck.call("DELETE", f"{BASE}/repos/priv").status == 204


def test_only_admins_manage_repositories(
    deck: Kubedeck, public: ChartRepo, roles: dict[str, str]
) -> None:
    body = {"name": "devrepo", "url": public.url}
    for role in ("viewer", "developer"):
        reply = deck.call("POST", f"{BASE}/repos", body, token=roles[role])
        assert reply.status == 403, reply.body
        assert deck.call("DELETE", f"{BASE}/repos/x", token=roles[role]).status == 403
        assert deck.call("POST", f"{BASE}/repos/update", token=roles[role]).status == 403
        assert deck.call("GET", f"{BASE}/repos", token=roles[role]).status == 200
