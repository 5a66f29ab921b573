"""The resources read API over real kubesim clusters: list pages (summary rows, pagination,
sort, search, label selectors), bad input as a clear 4xx, the events list and its filters,
generic group/version routes (custom resources, CRDs, core), and each cluster its own objects."""

from __future__ import annotations

from tests.support.kubedeck_process import Kubedeck
from tests.support.kubesim_process import Kubesim
from tests.support.resources import apply, eventually, get, names


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
