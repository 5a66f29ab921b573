"""POST /api/v1/apply: server-side apply of multi-document YAML, dry-run diffs, failures."""

from __future__ import annotations

from tests.app.test_actions import fresh_namespace, kube_get
from tests.support.kubedeck_process import Kubedeck, Reply
from tests.support.kubesim_process import Kubesim

CONFIGMAP = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  color: %s
"""
DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, labels: {app: web}}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: main, image: "nginx:1.27"}]
"""


def apply(deck: Kubedeck, text: str, cluster: str = "alpha", **options: object) -> Reply:
    return deck.call("POST", f"/api/v1/apply?cluster_id={cluster}", {"yaml": text, **options})


def test_multi_document_create_then_unchanged(
    deck: Kubedeck, sim_a: Kubesim, sim_b: Kubesim
) -> None:
    ns = fresh_namespace(sim_a, sim_b, prefix="apply")
    text = f"---\n{CONFIGMAP % 'blue'}---\n---\n{DEPLOYMENT}---\n"
    reply = apply(deck, text, "beta", namespace=ns)
    assert reply.status == 200, reply.body
    results = reply.body["results"]
    assert [(r["index"], r["kind"], r["namespace"], r["name"], r["action"]) for r in results] == [
        (1, "ConfigMap", ns, "settings", "created"),
        (3, "Deployment", ns, "web", "created"),
    ]
    assert "+  color: blue" in results[0]["diff"] and reply.body["dry_run"] is False
    # (kubesim keeps no managedFields, so the field manager cannot be checked here.)
    assert kube_get(sim_b, "cm", "settings", "-n", ns)["data"] == {"color": "blue"}
    assert kube_get(sim_a, "cm", "settings", "-n", ns) is None  # only the chosen cluster
    again = apply(deck, text, "beta", namespace=ns)
    assert [r["action"] for r in again.body["results"]] == ["unchanged", "unchanged"]
    assert all(r["diff"] == "" for r in again.body["results"])


def test_dry_run_diff_changes_nothing(deck: Kubedeck, sim_a: Kubesim) -> None:
    ns = fresh_namespace(sim_a, prefix="apply")
    assert apply(deck, CONFIGMAP % "blue", namespace=ns).status == 200
    reply = apply(deck, CONFIGMAP % "green", namespace=ns, dry_run=True)
    assert reply.status == 200, reply.body
    assert reply.body["dry_run"] is True
    (item,) = reply.body["results"]
    assert item["action"] == "configured"
    diff = item["diff"]
    assert "-  color: blue" in diff and "+  color: green" in diff
    assert f"live/v1.ConfigMap.{ns}.settings" in diff
    for noise in ("managedFields", "resourceVersion", "uid:", "creationTimestamp"):
        assert noise not in diff
    assert kube_get(sim_a, "cm", "settings", "-n", ns)["data"] == {"color": "blue"}
    new = apply(deck, DEPLOYMENT, namespace=ns, dry_run=True)
    assert new.body["results"][0]["action"] == "created"
    assert "+kind: Deployment" in new.body["results"][0]["diff"]
    assert kube_get(sim_a, "deploy", "web", "-n", ns) is None
    real = apply(deck, CONFIGMAP % "green", namespace=ns)
    assert real.body["results"][0]["action"] == "configured"
    assert kube_get(sim_a, "cm", "settings", "-n", ns)["data"] == {"color": "green"}


def test_dry_run_of_objects_in_a_namespace_it_creates(deck: Kubedeck, sim_a: Kubesim) -> None:
    text = (
        "apiVersion: v1\nkind: Namespace\nmetadata: {name: apply-brand-new}\n---\n"
        + CONFIGMAP % "red"
    ).replace("name: settings", "name: settings\n  namespace: apply-brand-new")
    reply = apply(deck, text, dry_run=True)
    assert reply.status == 200, reply.body
    ns_item, cm_item = reply.body["results"]
    assert ns_item["action"] == cm_item["action"] == "created"
    assert cm_item["warning"] and "namespace" in cm_item["warning"]
    assert kube_get(sim_a, "ns", "apply-brand-new") is None


def test_bad_yaml_is_400_with_its_position(deck: Kubedeck) -> None:
    reply = apply(deck, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: [oops\n")
    assert reply.status == 400, reply.body
    assert "line" in reply.body["detail"] and reply.body["line"] >= 3
    assert reply.body["column"] >= 1


def test_document_problems_are_422_naming_the_document(deck: Kubedeck) -> None:
    no_kind = apply(deck, f"{CONFIGMAP % 'x'}---\napiVersion: v1\nmetadata: {{name: a}}\n")
    assert no_kind.status == 422
    assert no_kind.body["detail"].startswith("document 2 (line 8)")
    assert 'missing "kind"' in no_kind.body["detail"]
    no_name = apply(deck, "apiVersion: v1\nkind: ConfigMap\nmetadata: {generateName: a-}\n")
    assert no_name.status == 422 and 'missing "metadata.name"' in no_name.body["detail"]
    scalar = apply(deck, "just a string\n")
    assert scalar.status == 422 and "document 1" in scalar.body["detail"]
    empty = apply(deck, "---\n---\n")
    assert empty.status == 422 and "no objects" in empty.body["detail"]


def test_unknown_kind_is_422_before_anything_is_written(deck: Kubedeck, sim_a: Kubesim) -> None:
    ns = fresh_namespace(sim_a, prefix="apply")
    text = f"{CONFIGMAP % 'x'}---\napiVersion: x/v1\nkind: Foo\nmetadata: {{name: f}}\n"
    reply = apply(deck, text, namespace=ns)
    assert reply.status == 422, reply.body
    assert (
        'no kind "Foo" is registered in the cluster for apiVersion "x/v1"' in reply.body["detail"]
    )
    assert reply.body["applied"] == []
    assert kube_get(sim_a, "cm", "settings", "-n", ns) is None
    wrong_version = apply(deck, "apiVersion: apps/v9\nkind: Deployment\nmetadata: {name: d}\n")
    assert wrong_version.status == 422 and '"apps/v9"' in wrong_version.body["detail"]


def test_partial_failure_reports_what_was_applied(deck: Kubedeck, sim_a: Kubesim) -> None:
    ns = fresh_namespace(sim_a, prefix="apply")
    missing_ns = CONFIGMAP.replace("name: settings", "name: other\n  namespace: no-such-ns")
    text = f"{CONFIGMAP % 'x'}---\n{missing_ns % 'y'}---\n{DEPLOYMENT}"
    reply = apply(deck, text, namespace=ns)
    assert reply.status == 404, reply.body
    body = reply.body
    assert body["failed"] == {
        "index": 2,
        "item": None,
        "kind": "ConfigMap",
        "namespace": "no-such-ns",
        "name": "other",
    }
    assert [(a["kind"], a["name"], a["action"]) for a in body["applied"]] == [
        ("ConfigMap", "settings", "created")
    ]
    assert "document 2" in body["detail"] and "1 object(s) before it were applied" in body["detail"]
    assert kube_get(sim_a, "cm", "settings", "-n", ns) is not None  # really applied
    assert kube_get(sim_a, "deploy", "web", "-n", ns) is None  # never reached


def test_list_documents_and_limits(deck: Kubedeck, sim_a: Kubesim) -> None:
    ns = fresh_namespace(sim_a, prefix="apply")
    listed = (
        "apiVersion: v1\nkind: List\nitems:\n"
        "- {apiVersion: v1, kind: ConfigMap, metadata: {name: l1}}\n"
        "- {apiVersion: v1, kind: ConfigMap, metadata: {name: l2}}\n"
    )
    reply = apply(deck, listed, namespace=ns)
    assert reply.status == 200, reply.body
    assert [r["name"] for r in reply.body["results"]] == ["l1", "l2"]
    huge = apply(deck, "# " + "x" * (2 * 1024 * 1024) + "\n")
    assert huge.status == 413 and huge.body["error"] == "PayloadTooLarge"


CRD_AND_OBJECT = """\
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: %(plural)s.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: %(plural)s, singular: %(singular)s, kind: %(kind)s}
  versions:
  - name: v1
    served: true
    storage: true
    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
---
apiVersion: example.com/v1
kind: %(kind)s
metadata: {name: first}
spec: {size: 3}
"""


def test_a_crd_and_its_objects_in_one_apply(deck: Kubedeck, sim_a: Kubesim) -> None:
    ns = fresh_namespace(sim_a, prefix="apply")
    names = {"plural": "gadgets", "singular": "gadget", "kind": "Gadget"}
    dry = apply(deck, CRD_AND_OBJECT % names, namespace=ns, dry_run=True)
    assert dry.status == 200, dry.body
    crd, obj = dry.body["results"]
    assert crd["action"] == obj["action"] == "created" and obj["namespace"] == ns
    assert "CustomResourceDefinition" in obj["warning"]
    assert kube_get(sim_a, "crd", "gadgets.example.com") is None
    real = apply(deck, CRD_AND_OBJECT % names, namespace=ns)
    assert real.status == 200, real.body
    assert [r["action"] for r in real.body["results"]] == ["created", "created"]
    assert kube_get(sim_a, "gadgets", "first", "-n", ns)["spec"] == {"size": 3}
    gone = deck.call("DELETE", f"/api/v1/apis/example.com/v1/namespaces/{ns}/gadgets/first")
    assert gone.status == 200 and gone.body["kind"] == "Gadget", gone.body
