"""The HTTP contract at the wire: discovery, OpenAPI, auth, watch framing and bad input."""

from __future__ import annotations

import asyncio
import json
import ssl
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from tests.support.kubesim_process import Kubesim

AGG = (
    "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
    "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,"
    "application/json"
)
TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json"


class Http:
    def __init__(self, session: aiohttp.ClientSession, base: str) -> None:
        self.session = session
        self.base = base

    async def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        content_type: str = "application/json",
        headers: dict[str, str] | None = None,
        raw: bytes | None = None,
    ) -> tuple[int, Any, str]:
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        hdrs = {"Content-Type": content_type, **(headers or {})}
        async with self.session.request(method, self.base + path, data=data, headers=hdrs) as reply:
            text = await reply.text()
            ctype = reply.headers.get("Content-Type", "")
            parsed = json.loads(text) if "json" in ctype else text
            return reply.status, parsed, ctype


@pytest.fixture
async def http(plain_cluster: Kubesim) -> AsyncIterator[Http]:
    async with aiohttp.ClientSession() as session:
        yield Http(session, plain_cluster.server)


@pytest.fixture
async def ns(http: Http, request: pytest.FixtureRequest) -> str:
    name: str = request.node.name.replace("_", "-")[:50].strip("-")
    status, _, _ = await http.call("POST", "/api/v1/namespaces", {"metadata": {"name": name}})
    assert status == 201
    return name


def cm(name: str, **labels: str) -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": name, "labels": labels},
        "data": {"k": "v"},
    }


async def test_aggregated_and_legacy_discovery(http: Http) -> None:
    status, doc, ctype = await http.call("GET", "/apis", headers={"Accept": AGG})
    assert status == 200
    assert ctype == "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"
    apps = next(g for g in doc["items"] if g["metadata"]["name"] == "apps")
    deploy = next(r for r in apps["versions"][0]["resources"] if r["resource"] == "deployments")
    assert deploy["shortNames"] == ["deploy"] and deploy["categories"] == ["all"]
    assert deploy["subresources"][1]["responseKind"]["kind"] == "Scale"
    autoscaling = next(g for g in doc["items"] if g["metadata"]["name"] == "autoscaling")
    assert [v["version"] for v in autoscaling["versions"]] == ["v2", "v1"]
    _, core, _ = await http.call("GET", "/api", headers={"Accept": AGG})
    assert core["items"][0]["metadata"] == {} and core["items"][0]["versions"][0]["version"] == "v1"
    _, legacy, ctype = await http.call("GET", "/apis", headers={"Accept": "application/json"})
    assert ctype == "application/json" and legacy["kind"] == "APIGroupList"
    _, versions, _ = await http.call("GET", "/api")
    assert versions["versions"] == ["v1"]
    _, resources, _ = await http.call("GET", "/apis/apps/v1")
    names = [r["name"] for r in resources["resources"]]
    assert "deployments/scale" in names and "deployments/status" in names
    status, missing, _ = await http.call("GET", "/apis/nope.example.com/v1")
    assert status == 404 and missing["kind"] == "Status"


async def test_openapi_v3_stub(http: Http) -> None:
    _, root, _ = await http.call("GET", "/openapi/v3")
    url = root["paths"]["apis/apps/v1"]["serverRelativeURL"]
    assert url.startswith("/openapi/v3/apis/apps/v1?hash=")
    _, doc, _ = await http.call("GET", url)
    op = doc["paths"]["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"]["patch"]
    assert op["x-kubernetes-group-version-kind"] == {
        "group": "apps",
        "version": "v1",
        "kind": "Deployment",
    }
    status, _, _ = await http.call("GET", "/openapi/v2")
    assert status == 404


async def test_tls_cluster_requires_its_token(cluster: Kubesim) -> None:
    context = ssl.create_default_context(cadata=_ca(cluster))
    async with aiohttp.ClientSession() as session:
        async with session.get(cluster.server + "/api/v1/namespaces", ssl=context) as reply:
            assert reply.status == 401
            assert (await reply.json())["reason"] == "Unauthorized"
        async with session.get(cluster.server + "/readyz", ssl=context) as reply:
            assert reply.status == 200
        token = cluster.config()["users"][0]["user"]["token"]
        async with session.get(
            cluster.server + "/api/v1/namespaces",
            ssl=context,
            headers={"Authorization": f"Bearer {token}"},
        ) as reply:
            assert reply.status == 200


def _ca(cluster: Kubesim) -> str:
    import base64

    data = cluster.config()["clusters"][0]["cluster"]["certificate-authority-data"]
    return base64.b64decode(data).decode()


async def test_bad_input_gets_real_status_codes(http: Http, ns: str) -> None:
    base = f"/api/v1/namespaces/{ns}/configmaps"
    status, body, _ = await http.call("POST", base, raw=b'{"metadata": ')
    assert status == 400 and body["reason"] == "BadRequest"
    status, body, _ = await http.call("POST", base, raw=b"a: [", content_type="application/yaml")
    assert status == 400
    status, body, _ = await http.call("GET", f"/api/v1/namespaces/{ns}/widgets")
    assert (status, body["message"]) == (404, "the server could not find the requested resource")
    status, body, _ = await http.call("GET", base + "?labelSelector=a%20in%20(")
    assert status == 400
    status, body, _ = await http.call("POST", base, {"metadata": {"name": "Bad_Name"}})
    assert status == 422 and body["reason"] == "Invalid"
    status, body, _ = await http.call("POST", base, {"metadata": {}})
    assert status == 422
    status, body, _ = await http.call("POST", base, cm("x"), content_type="text/csv")
    assert status == 415
    status, body, _ = await http.call(
        "POST", base, {"apiVersion": "apps/v1", "kind": "Pod", "metadata": {"name": "p"}}
    )
    assert status == 400 and "does not match the expected API version" in body["message"]
    # A protobuf kind we do not decode: 415 with advice.
    envelope = b"k8s\x00" + _unknown(b"apps/v1", b"Deployment")
    status, body, _ = await http.call(
        "POST",
        f"/apis/apps/v1/namespaces/{ns}/deployments",
        raw=envelope,
        content_type="application/vnd.kubernetes.protobuf",
    )
    assert status == 415 and "kubectl apply -f" in body["message"]
    status, body, _ = await http.call(
        "POST", base, raw=b"k8s\x00\xff\xff", content_type="application/vnd.kubernetes.protobuf"
    )
    assert status == 400
    status, body, _ = await http.call("GET", base + "?limit=abc")
    assert status == 400
    status, body, _ = await http.call("DELETE", "/api/v1/nodes/nope")
    assert status == 404 and body["message"] == 'nodes "nope" not found'


def _unknown(api_version: bytes, kind: bytes) -> bytes:
    type_meta = (
        b"\x0a" + bytes([len(api_version)]) + api_version + b"\x12" + bytes([len(kind)]) + kind
    )
    return b"\x0a" + bytes([len(type_meta)]) + type_meta + b"\x12\x00"


async def test_update_conflict_generation_and_status(http: Http, ns: str) -> None:
    path = f"/apis/apps/v1/namespaces/{ns}/deployments"
    dep = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "d"},
        "spec": {
            "replicas": 1,
            "selector": {"matchLabels": {"a": "b"}},
            "template": {
                "metadata": {"labels": {"a": "b"}},
                "spec": {"containers": [{"name": "c", "image": "i"}]},
            },
        },
        "status": {"replicas": 99},
    }
    status, created, _ = await http.call("POST", path, dep)
    assert status == 201 and created["metadata"]["generation"] == 1
    assert "status" not in created  # the status subresource owns status
    stale = dict(created, metadata={**created["metadata"], "resourceVersion": "1"})
    status, body, _ = await http.call("PUT", f"{path}/d", stale)
    assert status == 409 and body["reason"] == "Conflict"
    # Controllers write status meanwhile, so take the current version before updating.
    _, current, _ = await http.call("GET", f"{path}/d")
    current["spec"]["replicas"] = 2
    status, updated, _ = await http.call("PUT", f"{path}/d", current)
    assert status == 200 and updated["metadata"]["generation"] == 2
    del updated["metadata"]["resourceVersion"]  # helm's style: no RV means unconditional
    updated["metadata"]["labels"] = {"x": "y"}
    status, again, _ = await http.call("PUT", f"{path}/d", updated)
    assert status == 200 and again["metadata"]["generation"] == 2  # metadata only
    status, with_status, _ = await http.call(
        "PATCH",
        f"{path}/d/status",
        {"status": {"observedGeneration": 7}},
        content_type="application/merge-patch+json",
    )
    assert status == 200 and with_status["status"]["observedGeneration"] == 7
    assert with_status["metadata"]["generation"] == 2


async def test_pagination_with_continue(http: Http, ns: str) -> None:
    base = f"/api/v1/namespaces/{ns}/configmaps"
    for i in range(7):
        await http.call("POST", base, cm(f"c{i}"))
    names: list[str] = []
    token = ""
    pages = 0
    while True:
        _, page, _ = await http.call("GET", f"{base}?limit=3&continue={token}")
        names += [i["metadata"]["name"] for i in page["items"]]
        pages += 1
        token = page["metadata"].get("continue", "")
        if not token:
            break
        assert page["metadata"]["remainingItemCount"] > 0
    assert pages == 3 and names == [f"c{i}" for i in range(7)] + ["kube-root-ca.crt"]
    status, _, _ = await http.call("GET", f"{base}?limit=3&continue=garbage!")
    assert status == 400


async def test_table_responses(http: Http, ns: str) -> None:
    await http.call("POST", f"/api/v1/namespaces/{ns}/configmaps", cm("t1"))
    _, table, ctype = await http.call(
        "GET", f"/api/v1/namespaces/{ns}/configmaps", headers={"Accept": TABLE}
    )
    assert table["kind"] == "Table" and "as=Table" in ctype
    assert [c["name"] for c in table["columnDefinitions"]] == ["Name", "Data", "Age"]
    assert table["rows"][1]["object"]["kind"] == "PartialObjectMetadata"


async def test_watch_list_bookmark_and_timeout(http: Http, ns: str) -> None:
    base = f"/api/v1/namespaces/{ns}/configmaps"
    await http.call("POST", base, cm("w1"))
    url = (
        f"{http.base}{base}?watch=true&sendInitialEvents=true&allowWatchBookmarks=true"
        "&resourceVersionMatch=NotOlderThan&timeoutSeconds=2"
    )
    events: list[dict[str, Any]] = []

    async def consume() -> None:
        async with http.session.get(url) as reply:
            assert reply.headers["Content-Type"] == "application/json"
            async for line in reply.content:
                events.append(json.loads(line))

    task = asyncio.create_task(consume())
    await asyncio.sleep(0.5)
    await http.call("POST", base, cm("w2"))
    await asyncio.wait_for(task, timeout=10)  # the server closes at timeoutSeconds
    kinds = [(e["type"], e["object"]["metadata"].get("name")) for e in events]
    assert ("ADDED", "w1") in kinds and ("ADDED", "kube-root-ca.crt") in kinds
    bookmark = next(e for e in events if e["type"] == "BOOKMARK")
    assert bookmark["object"]["metadata"]["annotations"] == {"k8s.io/initial-events-end": "true"}
    assert kinds.index(("ADDED", "w2")) > events.index(bookmark)


async def test_filtered_watch_sees_objects_leave_the_selector(http: Http, ns: str) -> None:
    base = f"/api/v1/namespaces/{ns}/configmaps"
    _, listed, _ = await http.call("GET", base)
    rv = listed["metadata"]["resourceVersion"]
    await http.call("POST", base, cm("f1", team="a"))
    await http.call(
        "PATCH",
        f"{base}/f1",
        {"metadata": {"labels": {"team": "b"}}},
        content_type="application/merge-patch+json",
    )
    url = f"{http.base}{base}?watch=1&labelSelector=team%3Da&resourceVersion={rv}&timeoutSeconds=1"
    async with http.session.get(url) as reply:
        events = [json.loads(line) async for line in reply.content]
    assert [(e["type"], e["object"]["metadata"]["name"]) for e in events] == [
        ("ADDED", "f1"),
        ("DELETED", "f1"),
    ]


async def test_finalizers_hold_deletion(http: Http, ns: str) -> None:
    base = f"/api/v1/namespaces/{ns}/configmaps"
    held = cm("held")
    held["metadata"]["finalizers"] = ["example.com/keep"]
    await http.call("POST", base, held)
    status, body, _ = await http.call("DELETE", f"{base}/held")
    assert status == 200 and body["metadata"]["deletionTimestamp"]
    status, _, _ = await http.call("GET", f"{base}/held")
    assert status == 200
    await http.call(
        "PATCH",
        f"{base}/held",
        {"metadata": {"finalizers": None}},
        content_type="application/merge-patch+json",
    )
    status, _, _ = await http.call("GET", f"{base}/held")
    assert status == 404


async def test_deletecollection_and_dry_run(http: Http, ns: str) -> None:
    base = f"/api/v1/namespaces/{ns}/configmaps"
    for name, team in (("a", "x"), ("b", "x"), ("c", "y")):
        await http.call("POST", base, cm(name, team=team))
    status, _, _ = await http.call("POST", base + "?dryRun=All", cm("ghost"))
    assert status == 201
    assert (await http.call("GET", f"{base}/ghost"))[0] == 404
    status, deleted, _ = await http.call("DELETE", base + "?labelSelector=team%3Dx")
    assert status == 200 and len(deleted["items"]) == 2
    _, left, _ = await http.call("GET", base + "?labelSelector=team")
    assert [i["metadata"]["name"] for i in left["items"]] == ["c"]
