"""OCI charts: a registry with basic auth (Debian's docker-registry, plain HTTP on loopback),
registered as a repository; install straight from an `oci://` reference. `make test` installs
the docker-registry package; without it these tests fail rather than pass unseen."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.chart_repo import OciRegistry, build_chart, helm, wait_operation
from tests.support.kubedeck_process import Kubedeck

BASE = "/api/v1/helm"
NS = "helm-oci"


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OciRegistry]:
    work = tmp_path_factory.mktemp("oci")
    served = OciRegistry(work / "registry").start()
    home = work / "helm-home"
    chart = build_chart(home, work, "ocidemo", "0.3.0")
    helm(home, "package", str(chart), "-d", str(work))
    served.push(home, work / "ocidemo-0.3.0.tgz")
    yield served
    served.stop()


def test_oci_registry_login_show_and_install(deck: Kubedeck, registry: OciRegistry) -> None:
    ref = f"oci://{registry.host}/charts/ocidemo"
    # Without credentials the registry refuses: a clear 4xx, not a 500.
    anonymous = deck.call("GET", f"{BASE}/oci-chart?ref={ref}&version=0.3.0")
    assert anonymous.status in (404, 422), anonymous.body

    wrong = deck.call(
        "POST",
        f"{BASE}/repos",
        {
            "name": "oci-wrong",
            "url": f"oci://{registry.host}/charts",
            "username": "ociuser",
            "password": "nope",
            "plain_http": True,
        },
    )
    assert wrong.status == 422, wrong.body
    added = deck.call(
        "POST",
        f"{BASE}/repos",
        {
            "name": "ocir",
            "url": f"oci://{registry.host}/charts",
            "username": "ociuser",
            "password": registry.password,
            "plain_http": True,
        },
    )
    assert added.status == 201, added.body
    assert added.body["kind"] == "oci" and added.body["has_password"]

    info = deck.call("GET", f"{BASE}/oci-chart?ref={ref}&version=0.3.0")
    assert info.status == 200, info.body
    assert info.body["name"] == "ocidemo" and info.body["schema"]["type"] == "object"
    # A registered OCI repository also answers to repo/chart.
    values = deck.call("GET", f"{BASE}/charts/ocir/ocidemo/values?version=0.3.0")
    assert values.status == 200 and values.body["values"]["message"] == "hello from 0.3.0"
    search = deck.call("GET", f"{BASE}/charts/ocir/ocidemo/versions")
    assert search.status == 422 and "cannot be searched" in search.body["detail"]

    reply = deck.call(
        "POST",
        f"{BASE}/releases?cluster_id=alpha",
        {
            "release_name": "fromoci",
            "chart": ref,
            "version": "0.3.0",
            "namespace": NS,
            "create_namespace": True,
            "values": {"message": "from oci"},
        },
    )
    assert reply.status == 202, reply.body
    done = wait_operation(deck, reply.body["id"])
    assert done["status"] == "succeeded", done
    detail = deck.call("GET", f"{BASE}/releases/fromoci?cluster_id=alpha&namespace={NS}").body
    assert detail["chart"] == "ocidemo" and detail["chart_version"] == "0.3.0"
    gone = deck.call("DELETE", f"{BASE}/releases/fromoci?cluster_id=alpha&namespace={NS}")
    assert wait_operation(deck, gone.body["id"])["status"] == "succeeded"

    assert "oci-pass" not in str(deck.call("GET", "/api/v1/audit?limit=50").body)
    assert deck.call("DELETE", f"{BASE}/repos/ocir").status == 204
