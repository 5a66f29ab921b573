"""Bad input never reaches helm: argument injection, bad YAML, schema violations; roles;
audit entries without values or secrets."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.chart_repo import ChartRepo, wait_operation
from tests.support.kubedeck_process import Kubedeck

NS = "helm-val"
BASE = "/api/v1/helm"
INSTALL = f"{BASE}/releases?cluster_id=alpha"


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory, deck: Kubedeck) -> Iterator[ChartRepo]:
    served = ChartRepo(tmp_path_factory.mktemp("val-repo"), charts=("demo",)).start()
    assert deck.call("POST", f"{BASE}/repos", {"name": "val", "url": served.url}).status == 201
    yield served
    deck.call("DELETE", f"{BASE}/repos/val")
    served.stop()


@pytest.fixture(scope="module")
def tokens(deck: Kubedeck) -> dict[str, str]:
    out = {}
    for role in ("viewer", "operator", "developer"):
        name = f"helm-val-{role}"
        reply = deck.call(
            "POST", "/api/v1/users", {"username": name, "password": f"pw-{name}-123", "role": role}
        )
        assert reply.status in (201, 409), reply.body
        out[role] = deck.login(name, f"pw-{name}-123")
    return out


def _install(**changes: Any) -> dict[str, Any]:
    return {
        "release_name": "val",
        "chart": "val/demo",
        "namespace": NS,
        "create_namespace": True,
        **changes,
    }


@pytest.mark.parametrize(
    "changes",
    [
        {"release_name": "--post-renderer=x"},
        {"release_name": "-n"},
        {"release_name": "web\n--set=x"},
        {"release_name": "web\0"},
        {"chart": "--post-renderer=x"},
        {"chart": "val/demo --post-renderer=x"},
        {"chart": "/etc/passwd"},
        {"chart": "./demo"},
        {"chart": "http://127.0.0.1:1/x.tgz"},
        {"version": "--devel"},
        {"version": "-1"},
        {"version": "1.0\n--set=a=b"},
        {"namespace": "-n"},
        {"namespace": "kube-system --all"},
        {"namespace": "a\nb"},
    ],
)
def test_argument_injection_is_refused(
    deck: Kubedeck, repo: ChartRepo, changes: dict[str, str]
) -> None:
    reply = deck.call("POST", INSTALL, _install(**changes))
    assert reply.status in (400, 422), (changes, reply.body)


def test_injection_in_paths_and_queries(deck: Kubedeck, repo: ChartRepo) -> None:
    for path in (
        f"{BASE}/releases/-n?cluster_id=alpha",
        f"{BASE}/releases/--all?cluster_id=alpha",
        f"{BASE}/releases/web?cluster_id=alpha&namespace=-A",
        f"{BASE}/releases/web/history?cluster_id=alpha&namespace=--kubeconfig=/x",
        f"{BASE}/charts?q=--regexp",
        f"{BASE}/charts/-x/demo/values",
        f"{BASE}/charts/val/--untardir=x/values",
        f"{BASE}/charts/val/demo/values?version=--devel",
        f"{BASE}/oci-chart?ref=oci://--insecure/x",
    ):
        reply = deck.call("GET", path)
        assert reply.status in (400, 422), (path, reply.body)
    reply = deck.call(
        "POST", f"{BASE}/releases/web/rollback?cluster_id=alpha&namespace=-n", {"revision": 1}
    )
    assert reply.status == 400, reply.body


def test_bad_yaml_names_line_and_column(deck: Kubedeck, repo: ChartRepo) -> None:
    reply = deck.call("POST", INSTALL, _install(values_yaml="replicaCount: 2\nimage: [a,\n"))
    assert reply.status == 422, reply.body
    assert reply.body["reason"] == "values_yaml" and reply.body["line"] == 3
    assert "line 3" in reply.body["detail"]
    both = deck.call("POST", INSTALL, _install(values={"a": 1}, values_yaml="a: 1"))
    assert both.status == 422, both.body
    listish = deck.call("POST", INSTALL, _install(values_yaml="- a\n"))
    assert listish.status == 422 and "mapping" in listish.body["detail"]


def test_schema_violations_are_all_listed(deck: Kubedeck, repo: ChartRepo) -> None:
    reply = deck.call(
        "POST",
        INSTALL,
        _install(values={"replicaCount": "three", "service": {"port": 0}, "message": "m" * 50}),
    )
    assert reply.status == 422, reply.body
    assert reply.body["reason"] == "schema"
    violations = reply.body["violations"]
    assert len(violations) == 3, violations
    assert any("/replicaCount" in v for v in violations)
    assert any("/service/port" in v for v in violations)
    assert any("/message" in v for v in violations)
    # Nothing was started: no operation, no release.
    ops = deck.call("GET", f"{BASE}/operations?cluster_id=alpha&release=val").body
    assert ops == []
    unknown = deck.call("POST", INSTALL, _install(chart="val/nope"))
    assert unknown.status == 404, unknown.body
    bad_version = deck.call("POST", INSTALL, _install(version="9.9.9"))
    assert bad_version.status == 404, bad_version.body


def test_roles_and_audit(deck: Kubedeck, repo: ChartRepo, tokens: dict[str, str]) -> None:
    body = _install(
        values={"replicaCount": 1, "adminPassword": "pa55-in-values", "message": "hello"},
        wait=False,
    )
    for role in ("viewer", "operator"):
        denied = deck.call("POST", INSTALL, body, token=tokens[role])
        assert denied.status == 403, denied.body
        assert deck.call("GET", INSTALL, token=tokens[role]).status == 200
    accepted = deck.call("POST", INSTALL, body, token=tokens["developer"])
    assert accepted.status == 202, accepted.body
    done = wait_operation(deck, accepted.body["id"], token=tokens["viewer"])
    assert done["status"] == "succeeded", done
    assert done["created_by"] == "helm-val-developer"
    assert "pa55" not in str(done)
    path = f"{BASE}/releases/val?cluster_id=alpha&namespace={NS}"
    assert deck.call("DELETE", path, token=tokens["viewer"]).status == 403
    assert (
        deck.call(
            "POST",
            f"{BASE}/releases/val/rollback?cluster_id=alpha&namespace={NS}",
            {"revision": 1},
            token=tokens["operator"],
        ).status
        == 403
    )
    assert deck.call("GET", path, token=tokens["viewer"]).status == 200
    gone = deck.call("DELETE", path + "&wait=false", token=tokens["developer"])
    assert gone.status == 202, gone.body
    assert wait_operation(deck, gone.body["id"])["status"] == "succeeded"

    entries = deck.call("GET", "/api/v1/audit?limit=200").body
    items = entries["items"] if isinstance(entries, dict) else entries
    assert "pa55-in-values" not in str(items)
    actions = [(e["action"], e["username"], e.get("resource_name")) for e in items]
    assert ("helm:install", "helm-val-developer", "val") in actions
    assert ("helm:install:succeeded", "helm-val-developer", "val") in actions
    assert ("helm:uninstall", "helm-val-developer", "val") in actions
    assert ("helm:uninstall:succeeded", "helm-val-developer", "val") in actions
    assert any(a[0].startswith("helm:install") and a[1] == "helm-val-viewer" for a in actions)
    install = next(
        e for e in items if e["action"] == "helm:install" and e["username"] == "helm-val-developer"
    )
    assert install["namespace"] == NS and install["resource_kind"] == "HelmRelease"
    assert install["details"]["body"]["values"] == "[values not logged]"
    assert install["details"]["operation_id"] == accepted.body["id"]
