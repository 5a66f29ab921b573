"""The resources read API over real kubesim clusters: lists, filters, detail, YAML, events,
generic group/version routes, errors, and secrets masked. Summary rows are checked against
pods kubesim's kubelet really runs (crash loops and pull errors included)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

import yaml

from tests.support.kubedeck_process import Kubedeck, Reply
from tests.support.kubesim_process import Kubesim

T = TypeVar("T")


def eventually(probe: Callable[[], T | None], timeout: float = 10.0) -> T:
    """The first truthy result of `probe`, polled until `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        result = probe()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"not true within {timeout}s (last: {result!r})")
        time.sleep(0.1)


def get(deck: Kubedeck, path: str, cluster: str = "alpha") -> Reply:
    sep = "&" if "?" in path else "?"
    return deck.call("GET", f"{path}{sep}cluster_id={cluster}".replace(" ", "%20"))


def names(reply: Reply) -> list[str]:
    assert reply.status == 200, reply.body
    return [row["name"] for row in reply.body["items"]]


def apply(sim: Kubesim, doc: str) -> None:
    sim.kubectl("apply", "-f", "-", input_text=doc)


def configmaps(sim: Kubesim, namespace: str, count: int) -> None:
    docs = [f"apiVersion: v1\nkind: Namespace\nmetadata: {{name: {namespace}}}\n"]
    docs += [
        f"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: cm-{i:02d}, namespace: "
        f"{namespace}, labels: {{tier: {'web' if i % 2 else 'db'}, idx: '{i}'}}}}\n"
        f"data: {{k{i}: v}}\n"
        for i in range(count)
    ]
    apply(sim, "---\n".join(docs))


def test_lists_are_summary_pages(deck: Kubedeck) -> None:
    nss = get(deck, "/api/v1/namespaces")
    assert {"default", "kube-system"} <= set(names(nss))
    assert nss.body["limit"] == 100 and nss.body["offset"] == 0
    assert nss.body["total"] == len(nss.body["items"])
    row = nss.body["items"][0]
    assert {"name", "namespace", "uid", "created", "age_seconds", "labels", "status"} <= set(row)
    nodes = get(deck, "/api/v1/no").body["items"]  # kubectl aliases work too
    node = next(n for n in nodes if n["name"] == "alpha-node-1")
    assert node["status"] == "Ready" and node["cpu_capacity_millicores"] == 4000
    assert node["roles"] == ["control-plane"] and node["instance_type"] == "kubesim.large"


def test_pagination_sort_search_and_filters(deck: Kubedeck, sim_a: Kubesim) -> None:
    configmaps(sim_a, "rt-list", 12)
    base = "/api/v1/configmaps?namespace=rt-list"
    eventually(lambda: get(deck, base).body["total"] == 13)  # + kube-root-ca.crt
    page = get(deck, f"{base}&limit=5&offset=5&search=CM-")
    assert names(page) == [f"cm-{i:02d}" for i in range(5, 10)]
    assert (page.body["total"], page.body["limit"], page.body["offset"]) == (12, 5, 5)
    assert names(get(deck, f"{base}&sort=-name&limit=2")) == ["kube-root-ca.crt", "cm-11"]
    assert names(get(deck, f"{base}&label_selector=tier=web,idx in (1,3,4)")) == ["cm-01", "cm-03"]
    assert len(names(get(deck, f"{base}&label_selector=tier!=web&limit=0"))) == 7
    assert names(get(deck, f"{base}&label_selector=!tier")) == ["kube-root-ca.crt"]
    everything = get(deck, "/api/v1/configmaps?limit=0&sort=namespace")
    assert everything.body["total"] == len(everything.body["items"]) >= 13
    spaces = [r["namespace"] for r in everything.body["items"]]
    assert spaces == sorted(spaces)
    by_keys = get(deck, f"{base}&sort=-data_keys&limit=1").body["items"][0]
    assert by_keys["data_keys"] == 1
    assert names(get(deck, f"{base}&sort=age&limit=1")) != []


def test_bad_input_is_a_clear_4xx(deck: Kubedeck) -> None:
    cases = {
        "/api/v1/pods?label_selector=app in (a": (400, "unbalanced"),
        "/api/v1/pods?label_selector=bad key=1": (400, "cannot parse"),
        "/api/v1/pods?sort=shoe_size": (400, "cannot sort pods by 'shoe_size'"),
        "/api/v1/widgets": (404, "unknown resource 'widgets'"),
        "/api/v1/pods?limit=-1": (422, "limit"),
        "/api/v1/pods?offset=-3": (422, "offset"),
        "/api/v1/pods/x": (400, "pods are namespaced"),
        "/api/v1/namespaces/default/nodes/x": (400, "nodes are cluster-scoped"),
        "/api/v1/namespaces/default/pods/ghost": (404, "'ghost' not found"),
        "/api/v1/apis/nope.rt.kubedeck.test/v1/things": (404, "nope.rt.kubedeck.test/v1"),
    }
    for path, (status, text) in cases.items():
        reply = get(deck, path)
        assert reply.status == status, (path, reply.body)
        assert set(reply.body) >= {"error", "detail", "request_id"}, path
        assert text in reply.body["detail"], (path, reply.body)
    unknown = deck.call("GET", "/api/v1/pods?cluster_id=nowhere")
    assert unknown.status == 404 and "nowhere" in unknown.body["detail"]


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


def test_events_list_filters_and_newest_first(deck: Kubedeck, sim_a: Kubesim) -> None:
    apply(
        sim_a,
        "apiVersion: v1\nkind: Namespace\nmetadata: {name: rt-events}\n---\n"
        + "---\n".join(
            f"""apiVersion: v1
kind: Event
metadata: {{name: ev-{i}, namespace: rt-events}}
involvedObject: {{kind: ConfigMap, name: target, namespace: rt-events}}
type: {"Warning" if i % 2 else "Normal"}
reason: Reason{i}
message: message {i}
lastTimestamp: "2024-01-0{i + 1}T00:00:00Z"
count: {i + 1}
"""
            for i in range(4)
        ),
    )
    base = "/api/v1/events?namespace=rt-events"
    rows = eventually(lambda: (r := get(deck, base).body["items"]) and len(r) == 4 and r)
    assert [r["reason"] for r in rows] == ["Reason3", "Reason2", "Reason1", "Reason0"]
    assert rows[0]["object"] == "configmap/target" and rows[0]["count"] == 4
    warnings = get(deck, f"{base}&type=Warning").body
    assert [r["reason"] for r in warnings["items"]] == ["Reason3", "Reason1"]
    assert get(deck, f"{base}&involved_name=other").body["total"] == 0
    assert get(deck, f"{base}&involved_kind=ConfigMap&limit=1").body["total"] == 4
    assert get(deck, f"{base}&type=Bogus").status == 422


CRD = """apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.rt.kubedeck.test}
spec:
  group: rt.kubedeck.test
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget}
  versions:
  - name: v1
    served: true
    storage: true
    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
"""


def test_generic_group_version_routes(deck: Kubedeck, sim_a: Kubesim) -> None:
    apply(sim_a, CRD)
    eventually(lambda: sim_a.kubectl("get", "widgets", check=False).returncode == 0)
    apply(
        sim_a,
        "\n---\n".join(
            f"apiVersion: rt.kubedeck.test/v1\nkind: Widget\nmetadata: {{name: w{i}, namespace: "
            f"default, labels: {{size: {'big' if i else 'small'}}}}}\nspec: {{x: {i}}}"
            for i in range(3)
        ),
    )
    listed = get(
        deck, "/api/v1/apis/rt.kubedeck.test/v1/widgets?sort=-name&label_selector=size=big"
    )
    assert names(listed) == ["w2", "w1"] and listed.body["items"][0]["kind"] == "Widget"
    one = get(deck, "/api/v1/apis/rt.kubedeck.test/v1/namespaces/default/widgets/w1").body
    assert one["object"]["spec"] == {"x": 1} and one["summary"]["name"] == "w1"
    crd = get(
        deck,
        "/api/v1/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.rt.kubedeck.test",
    ).body
    assert crd["object"]["spec"]["group"] == "rt.kubedeck.test"
    core = get(deck, "/api/v1/apis/core/v1/nodes/alpha-node-1").body
    assert core["summary"]["status"] == "Ready"
    assert "default" in names(get(deck, "/api/v1/apis/core/v1/namespaces"))
    missing = get(deck, "/api/v1/apis/rt.kubedeck.test/v1/no-such-things")
    assert missing.status == 404 and "no-such-things" in missing.body["detail"]


def test_each_cluster_lists_its_own_objects(deck: Kubedeck, sim_b: Kubesim) -> None:
    apply(
        sim_b,
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: only-in-beta, namespace: default}\n",
    )
    eventually(lambda: "only-in-beta" in names(get(deck, "/api/v1/configmaps", "beta")))
    assert "only-in-beta" not in names(get(deck, "/api/v1/configmaps", "alpha"))
    status = get(deck, "/api/v1/clusters/beta/cache").body
    assert {"configmaps"} <= {s["resource"] for s in status if s["ready"]}


# ---- summary rows of crafted objects (pure functions) ----------------------------------------
def _pod(statuses: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    spec = {"containers": [{"name": f"c{i}"} for i in range(len(statuses) or 1)]}
    return {
        "metadata": {"name": "p", **extra.pop("meta", {})},
        "spec": spec,
        "status": {"phase": "Running", "containerStatuses": statuses, **extra},
    }


def test_pod_status_follows_kubectl() -> None:
    from app.services.summaries_pods import pod_status

    running = {"ready": True, "restartCount": 1, "state": {"running": {}}}
    crash = {"restartCount": 4, "state": {"waiting": {"reason": "CrashLoopBackOff"}}}
    done = {"state": {"terminated": {"reason": "Completed", "exitCode": 0}}}
    killed = {"state": {"terminated": {"signal": 9}}}
    assert pod_status(_pod([running, crash])) == ("CrashLoopBackOff", 1, 5)
    assert pod_status(_pod([running]))[:2] == ("Running", 1)
    assert pod_status(_pod([done], phase="Succeeded"))[0] == "Completed"
    assert pod_status(_pod([killed]))[0] == "Signal:9"
    assert pod_status(_pod([running], meta={"deletionTimestamp": "x"}))[0] == "Terminating"
    init = _pod([], initContainerStatuses=[{"state": {"waiting": {"reason": "PodInitializing"}}}])
    init["spec"]["initContainers"] = [{"name": "i"}]
    assert pod_status(init)[0] == "Init:0/1"
    init["status"]["initContainerStatuses"] = [crash]
    assert pod_status(init)[0] == "Init:CrashLoopBackOff"


def test_rows_of_crafted_objects() -> None:
    from app.services.summaries import summarize
    from app.services.summaries_base import SUMMARIZERS, as_bytes, millicores

    assert (millicores("1.5"), millicores("250m"), millicores("bogus")) == (1500, 250, None)
    assert (as_bytes("1Gi"), as_bytes("1e3"), as_bytes("128974848")) == (2**30, 1000, 128974848)
    same = {
        "requests": {"cpu": "1", "memory": "1Gi"},
        "limits": {"cpu": "1000m", "memory": "1024Mi"},
    }
    pod = summarize("pods", {"spec": {"containers": [{"resources": same}]}})
    assert pod["qos_class"] == "Guaranteed" and pod["cpu_requests_millicores"] == 1000
    node = summarize(
        "nodes",
        {
            "metadata": {"labels": {"node-role.kubernetes.io/worker": ""}},
            "spec": {"unschedulable": True},
            "status": {"conditions": [{"type": "Ready", "status": "False"}]},
        },
    )
    assert node["status"] == "NotReady,SchedulingDisabled" and node["roles"] == ["worker"]
    secret = summarize("secrets", {"type": "kubernetes.io/tls", "data": {"tls.key": "c2VjcmV0"}})
    assert secret["data_keys"] == 1 and "c2VjcmV0" not in str(secret)
    weird = {
        "metadata": "x",
        "spec": [],
        "status": {"conditions": "no", "containerStatuses": [None, 1]},
    }
    for resource in [*SUMMARIZERS, "widgets"]:
        for obj in ({}, weird, {"spec": {"replicas": "3"}, "status": None}):
            row = summarize(resource, obj)
            assert "summary_error" not in row and "name" in row, (resource, obj)
