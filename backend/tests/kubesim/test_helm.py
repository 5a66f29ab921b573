"""The real helm (v4.3) against a real `kubesim serve`: release storage in protobuf Secrets,
server-side apply, upgrade, rollback, history, status, values and uninstall."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.kubesim_process import Kubesim


@pytest.fixture(scope="module")
def chart(tmp_path_factory: pytest.TempPathFactory, cluster: Kubesim) -> Path:
    where = tmp_path_factory.mktemp("charts")
    cluster.helm("create", str(where / "demo"))
    return where / "demo"


def test_helm_release_lifecycle(cluster: Kubesim, namespace: str, chart: Path) -> None:
    out = cluster.helm("install", "demo", str(chart), "-n", namespace).stdout
    assert "STATUS: deployed" in out
    dep = json.loads(cluster.kubectl("get", "deploy", "demo", "-n", namespace, "-o", "json").stdout)
    assert dep["spec"]["replicas"] == 1
    assert dep["metadata"]["labels"]["app.kubernetes.io/managed-by"] == "Helm"
    assert "demo" in cluster.kubectl("get", "svc,sa", "-n", namespace).stdout

    cluster.helm("upgrade", "demo", str(chart), "-n", namespace, "--set", "replicaCount=3")
    dep = json.loads(cluster.kubectl("get", "deploy", "demo", "-n", namespace, "-o", "json").stdout)
    assert dep["spec"]["replicas"] == 3
    values = json.loads(cluster.helm("get", "values", "demo", "-n", namespace, "-o", "json").stdout)
    assert values == {"replicaCount": 3}

    cluster.helm("rollback", "demo", "1", "-n", namespace)
    dep = json.loads(cluster.kubectl("get", "deploy", "demo", "-n", namespace, "-o", "json").stdout)
    assert dep["spec"]["replicas"] == 1
    history = json.loads(cluster.helm("history", "demo", "-n", namespace, "-o", "json").stdout)
    assert [(h["revision"], h["status"]) for h in history] == [
        (1, "superseded"),
        (2, "superseded"),
        (3, "deployed"),
    ]
    status = cluster.helm("status", "demo", "-n", namespace).stdout
    assert "STATUS: deployed" in status and "REVISION: 3" in status
    listed = json.loads(cluster.helm("list", "-A", "-o", "json").stdout)
    assert any(r["name"] == "demo" and r["namespace"] == namespace for r in listed)
    # Release records are Secrets that helm writes as protobuf and labels for lookup.
    secrets = cluster.kubectl(
        "get", "secrets", "-n", namespace, "-l", "owner=helm", "-o", "name"
    ).stdout.split()
    assert sorted(secrets) == [f"secret/sh.helm.release.v1.demo.v{i}" for i in (1, 2, 3)]

    cluster.helm("uninstall", "demo", "-n", namespace)
    assert cluster.kubectl("get", "deploy,svc", "-n", namespace, "-o", "name").stdout == ""
    assert (
        cluster.kubectl("get", "secrets", "-n", namespace, "-l", "owner=helm", "-o", "name").stdout
        == ""
    )


def test_helm_client_side_apply_and_dry_run(cluster: Kubesim, namespace: str, chart: Path) -> None:
    dry = cluster.helm("install", "dry", str(chart), "-n", namespace, "--dry-run=server").stdout
    assert "kind: Deployment" in dry
    assert cluster.kubectl("get", "deploy", "-n", namespace, "-o", "name").stdout == ""
    cluster.helm("install", "csa", str(chart), "-n", namespace, "--server-side=false")
    cluster.helm(
        "upgrade",
        "csa",
        str(chart),
        "-n",
        namespace,
        "--server-side=false",
        "--set",
        "replicaCount=2",
    )
    dep = json.loads(
        cluster.kubectl("get", "deploy", "csa-demo", "-n", namespace, "-o", "json").stdout
    )
    assert dep["spec"]["replicas"] == 2
    again = cluster.helm("install", "csa", str(chart), "-n", namespace, check=False)
    assert again.returncode != 0 and "cannot reuse a name" in again.stderr
