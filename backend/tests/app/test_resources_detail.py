"""The resources read API over real kubesim clusters, one object at a time: detail with its
related objects (pods, services, nodes, a workload's owner chain), YAML, events, and secrets
masked unless revealed. Pod rows are checked against pods kubesim's kubelet really runs (crash
loops and pull errors included)."""

from __future__ import annotations

import time
from typing import Any

import yaml

from tests.support.kubedeck_process import Kubedeck
from tests.support.kubesim_process import Kubesim
from tests.support.resources import apply, eventually, get, names

POD = """apiVersion: v1
kind: Pod
metadata: {{name: {name}, namespace: rt-pods, labels: {{app: shop}}, annotations: {{{note}}}}}
spec:
  containers:
  - name: main
    image: nginx:1.25
    resources: {{requests: {{cpu: 250m, memory: 64Mi}}, limits: {{cpu: "1", memory: 128Mi}}}}
  - name: side
    image: busybox:1.36
    resources: {{requests: {{cpu: 50m, memory: 16Mi}}}}
"""


def test_pod_rows_detail_and_related(deck: Kubedeck, sim_a: Kubesim) -> None:
    apply(
        sim_a,
        "apiVersion: v1\nkind: Namespace\nmetadata: {name: rt-pods}\n---\n"
        + "---\n".join(
            [
                POD.format(name="ok", note=""),
                POD.format(name="crashy", note="kubesim.io/crash-loop: 'true'"),
                POD.format(name="pull", note="kubesim.io/image-pull-error: 'true'"),
                "apiVersion: v1\nkind: Service\nmetadata: {name: shop, namespace: rt-pods}\n"
                "spec: {selector: {app: shop}, ports: [{port: 80, targetPort: 8080}]}\n",
            ]
        ),
    )

    def rows() -> dict[str, Any] | None:
        reply = get(deck, "/api/v1/pods?namespace=rt-pods")
        found = {r["name"]: r for r in reply.body["items"]}
        wanted = {"ok": "Running", "crashy": "CrashLoopBackOff", "pull": "ImagePullBackOff"}
        done = all(
            found.get(n, {}).get("status") in (s, "ErrImagePull" if n == "pull" else s)
            for n, s in wanted.items()
        )
        return found if done else None

    found = eventually(rows, timeout=30)
    ok = found["ok"]
    assert ok["ready"] == "2/2" and ok["restarts"] == 0 and ok["node"]
    assert ok["cpu_requests_millicores"] == 300 and ok["memory_requests_bytes"] == 80 * 2**20
    assert ok["cpu_limits_millicores"] == 1000 and ok["qos_class"] == "Burstable"
    assert ok["images"] == ["nginx:1.25", "busybox:1.36"] and ok["pod_ip"]
    assert found["crashy"]["restarts"] >= 1
    by_restarts = names(get(deck, "/api/v1/pods?namespace=rt-pods&sort=-restarts"))
    assert by_restarts[0] == "crashy"

    detail = get(deck, "/api/v1/namespaces/rt-pods/pods/ok").body
    assert detail["object"]["kind"] == "Pod" and detail["summary"]["name"] == "ok"
    assert detail["related"]["node"]["name"] == ok["node"]
    assert [s["name"] for s in detail["related"]["services"]] == ["shop"]
    assert detail["related"]["owners"] == []
    reasons = [e["reason"] for e in detail["events"]]
    assert "Scheduled" in reasons
    seen = [e["last_seen"] for e in detail["events"]]
    assert seen == sorted(seen, reverse=True)

    service = eventually(
        lambda: (
            (r := get(deck, "/api/v1/namespaces/rt-pods/services/shop"))
            and len(r.body["related"]["endpoints"]) >= 1
            and r.body
        )
    )
    assert "ok" in [p["name"] for p in service["related"]["pods"]]
    assert service["summary"]["ports"] == "80/TCP" and service["summary"]["type"] == "ClusterIP"
    node = get(deck, f"/api/v1/nodes/{ok['node']}").body
    assert "ok" in [p["name"] for p in node["related"]["pods"]]


def test_workload_related_objects(deck: Kubedeck, sim_a: Kubesim) -> None:
    apply(
        sim_a,
        """apiVersion: v1
kind: Namespace
metadata: {name: rt-apps}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: rt-apps}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: nginx:1.25}]}
""",
    )
    uid = sim_a.kubectl(
        "get", "deploy", "web", "-n", "rt-apps", "-o", "jsonpath={.metadata.uid}"
    ).stdout
    time.sleep(2)  # the deployment controller, where kubesim runs one, makes its own
    owned = sim_a.kubectl("get", "rs", "-n", "rt-apps", "-o", "json").stdout
    if uid not in owned:  # no deployment controller yet: own a ReplicaSet and a pod by hand
        apply(
            sim_a,
            f"""apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: web-1
  namespace: rt-apps
  labels: {{app: web}}
  ownerReferences: [{{apiVersion: apps/v1, kind: Deployment, name: web, uid: {uid},
                      controller: true}}]
spec:
  replicas: 1
  selector: {{matchLabels: {{app: web}}}}
  template:
    metadata: {{labels: {{app: web}}}}
    spec: {{containers: [{{name: c, image: nginx:1.25}}]}}
""",
        )
        rs_uid = sim_a.kubectl(
            "get", "rs", "web-1", "-n", "rt-apps", "-o", "jsonpath={.metadata.uid}"
        ).stdout
        apply(
            sim_a,
            f"""apiVersion: v1
kind: Pod
metadata:
  name: web-1-abcde
  namespace: rt-apps
  labels: {{app: web}}
  ownerReferences: [{{apiVersion: apps/v1, kind: ReplicaSet, name: web-1, uid: {rs_uid},
                      controller: true}}]
spec: {{containers: [{{name: c, image: nginx:1.25}}]}}
""",
        )

    def related() -> dict[str, Any] | None:
        body = get(deck, "/api/v1/namespaces/rt-apps/deployments/web").body
        ok = body["related"]["replicasets"] and body["related"]["pods"]
        return body if ok else None

    body = eventually(related, timeout=20)
    assert body["summary"]["replicas"] == 1 and body["summary"]["images"] == ["nginx:1.25"]
    assert body["summary"]["selector"] == "app=web"
    rs_name = body["related"]["replicasets"][0]["name"]
    pod_name = body["related"]["pods"][0]["name"]
    pod = get(deck, f"/api/v1/namespaces/rt-apps/pods/{pod_name}").body
    chain = [(o["kind"], o["name"]) for o in pod["related"]["owners"]]
    assert chain == [("ReplicaSet", rs_name), ("Deployment", "web")]
    assert pod["related"]["owners"][1]["summary"]["name"] == "web"
    rows = get(deck, "/api/v1/deployments?namespace=rt-apps").body["items"]
    assert rows[0]["name"] == "web" and rows[0]["ready"].endswith("/1")


SECRET = """apiVersion: v1
kind: Secret
metadata: {name: db-pass, namespace: default}
type: Opaque
stringData: {password: hunter2, user: admin}
"""


def test_secret_values_are_masked_unless_revealed(deck: Kubedeck, sim_a: Kubesim) -> None:
    apply(sim_a, SECRET)  # kubectl apply keeps the values in its last-applied annotation
    row = eventually(
        lambda: next(
            (
                r
                for r in get(deck, "/api/v1/secrets?namespace=default").body["items"]
                if r["name"] == "db-pass"
            ),
            None,
        )
    )
    assert row["type"] == "Opaque" and row["data_keys"] == 2
    detail = get(deck, "/api/v1/namespaces/default/secrets/db-pass")
    assert "hunter2" not in str(detail.body) and "aHVudGVyMg" not in str(detail.body)
    assert detail.body["object"]["data"] == {"password": "***", "user": "***"}
    shown = get(deck, "/api/v1/namespaces/default/secrets/db-pass?reveal=true").body
    assert shown["object"]["data"]["password"] == "aHVudGVyMg=="
    made = deck.call(
        "POST",
        "/api/v1/users",
        {"username": "rt-viewer", "password": "pw-rt-viewer-123", "role": "viewer"},
    )
    assert made.status in (201, 409), made.body
    viewer = deck.login("rt-viewer", "pw-rt-viewer-123")
    path = "/api/v1/namespaces/default/secrets/db-pass?cluster_id=alpha"
    assert deck.call("GET", path, token=viewer).status == 200
    denied = deck.call("GET", f"{path}&reveal=true", token=viewer)
    assert denied.status == 403 and "secrets:read" in denied.body["detail"]
    text = get(deck, "/api/v1/namespaces/default/secrets/db-pass?format=yaml")
    assert text.headers["content-type"].startswith("text/yaml")
    assert "hunter2" not in text.body and "aHVudGVyMg" not in text.body
    assert yaml.safe_load(text.body)["data"]["password"] == "***"


def test_yaml_detail_strips_managed_fields(deck: Kubedeck, sim_a: Kubesim) -> None:
    sim_a.kubectl(
        "apply",
        "--server-side",
        "-f",
        "-",
        input_text=(
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ssa, namespace: default}\n"
            "data: {a: b}\n"
        ),
    )
    # (kubesim keeps no managedFields; a real API server's are dropped the same way)
    text = get(deck, "/api/v1/namespaces/default/configmaps/ssa?format=yaml").body
    loaded = yaml.safe_load(text)
    assert loaded["kind"] == "ConfigMap" and loaded["data"] == {"a": "b"}
    assert "managedFields" not in loaded["metadata"]
    ns = get(deck, "/api/v1/namespaces/default?format=yaml").body
    assert yaml.safe_load(ns)["kind"] == "Namespace"
