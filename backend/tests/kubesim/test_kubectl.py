"""The real kubectl (v1.37, from .tools/bin) against a real `kubesim serve` over TLS."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import yaml

from tests.kubesim.conftest import write
from tests.support.kubesim_process import Kubesim, tool

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web, tier: front}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: app
        image: nginx:1.27
        ports: [{containerPort: 80}]
        env: [{name: MODE, value: blue}, {name: EXTRA, value: "1"}]
"""


def test_version_and_api_resources(cluster: Kubesim) -> None:
    out = cluster.kubectl("version", "-o", "json").stdout
    assert json.loads(out)["serverVersion"]["minor"] == "37"
    resources = cluster.kubectl("api-resources").stdout
    for line in ("deployments", "deploy", "apps/v1", "Deployment", "customresourcedefinitions"):
        assert line in resources
    wide = cluster.kubectl("api-resources", "--api-group=batch", "-o", "wide").stdout
    assert "cronjobs" in wide and "watch" in wide


def test_fresh_cluster_holds_what_a_real_one_does(cluster: Kubesim) -> None:
    names = cluster.kubectl("get", "ns", "-o", "name").stdout.split()
    for ns in ("default", "kube-system", "kube-public", "kube-node-lease"):
        assert f"namespace/{ns}" in names
    nodes = cluster.kubectl("get", "nodes").stdout
    assert "sim-tls-node-1" in nodes and "Ready" in nodes and "v1.37.0" in nodes
    assert "default" in cluster.kubectl("get", "sa", "-n", "kube-public").stdout
    assert "kube-root-ca.crt" in cluster.kubectl("get", "cm", "-n", "kube-system").stdout


def test_create_imperative_kinds_sent_as_protobuf(cluster: Kubesim, namespace: str) -> None:
    cluster.kubectl("create", "configmap", "settings", "-n", namespace, "--from-literal=a=1")
    cluster.kubectl(
        "create", "secret", "generic", "creds", "-n", namespace, "--from-literal=password=s3cret"
    )
    secret = json.loads(
        cluster.kubectl("get", "secret", "creds", "-n", namespace, "-o", "json").stdout
    )
    assert secret["data"]["password"] == "czNjcmV0" and secret["type"] == "Opaque"
    cm = json.loads(cluster.kubectl("get", "cm", "settings", "-n", namespace, "-o", "json").stdout)
    assert cm["data"] == {"a": "1"}
    # A new namespace gets its default ServiceAccount and root CA, as on a real cluster.
    assert "kube-root-ca.crt" in cluster.kubectl("get", "cm", "-n", namespace).stdout
    again = cluster.kubectl("create", "configmap", "settings", "-n", namespace, check=False)
    assert again.returncode == 1
    assert 'configmaps "settings" already exists' in again.stderr
    missing = cluster.kubectl("create", "configmap", "x", "-n", "no-such-ns", check=False)
    assert 'namespaces "no-such-ns" not found' in missing.stderr


def test_get_outputs_selectors_and_chunks(cluster: Kubesim, namespace: str) -> None:
    for i in range(5):
        tier = "front" if i % 2 == 0 else "back"
        cluster.kubectl("create", "configmap", f"cm{i}", "-n", namespace)
        cluster.kubectl("label", "configmap", f"cm{i}", "-n", namespace, f"tier={tier}")
    table = cluster.kubectl("get", "cm", "-n", namespace, "-l", "tier=front").stdout
    assert table.split("\n")[0].split() == ["NAME", "DATA", "AGE"]
    assert [line.split()[0] for line in table.strip().split("\n")[1:]] == ["cm0", "cm2", "cm4"]
    notin = cluster.kubectl(
        "get", "cm", "-n", namespace, "-l", "tier notin (front),tier", "-o", "name"
    ).stdout.split()
    assert notin == ["configmap/cm1", "configmap/cm3"]
    by_name = cluster.kubectl(
        "get", "cm", "-n", namespace, "--field-selector", "metadata.name=cm3", "-o", "name"
    ).stdout.split()
    assert by_name == ["configmap/cm3"]
    chunked = cluster.kubectl(
        "get", "cm", "-n", namespace, "--chunk-size=2", "-o", "name", "-v=6"
    ).stdout.split()
    assert chunked == [
        "configmap/cm0",
        "configmap/cm1",
        "configmap/cm2",
        "configmap/cm3",
        "configmap/cm4",
        "configmap/kube-root-ca.crt",
    ]
    listed = yaml.safe_load(cluster.kubectl("get", "cm", "-n", namespace, "-o", "yaml").stdout)
    assert listed["kind"] == "List" and len(listed["items"]) == 6
    everywhere = cluster.kubectl("get", "cm", "-A").stdout
    assert everywhere.split("\n")[0].split()[:2] == ["NAMESPACE", "NAME"]
    assert namespace in everywhere and "kube-system" in everywhere
    bad = cluster.kubectl("get", "cm", "-n", namespace, "-l", "tier in (", check=False)
    assert bad.returncode == 1 and "Error" in bad.stderr
    bad_field = cluster.kubectl(
        "get", "pods", "-n", namespace, "--field-selector", "spec.bogus=1", check=False
    )
    assert "field label not supported: spec.bogus" in bad_field.stderr


def test_apply_client_side_then_change(cluster: Kubesim, namespace: str, tmp_path: Path) -> None:
    manifest = write(tmp_path, "d.yaml", DEPLOYMENT)
    out = cluster.kubectl("apply", "-n", namespace, "-f", str(manifest)).stdout
    assert "deployment.apps/web created" in out
    assert "unchanged" in cluster.kubectl("apply", "-n", namespace, "-f", str(manifest)).stdout
    changed = DEPLOYMENT.replace("nginx:1.27", "nginx:1.28").replace(
        ', {name: EXTRA, value: "1"}', ""
    )
    out = cluster.kubectl(
        "apply", "-n", namespace, "-f", str(write(tmp_path, "d2.yaml", changed))
    ).stdout
    assert "deployment.apps/web configured" in out
    dep = json.loads(cluster.kubectl("get", "deploy", "web", "-n", namespace, "-o", "json").stdout)
    container = dep["spec"]["template"]["spec"]["containers"][0]
    assert container["image"] == "nginx:1.28"
    assert container["env"] == [{"name": "MODE", "value": "blue"}]  # removed by the 3-way merge
    assert dep["metadata"]["generation"] == 2
    assert "kubectl.kubernetes.io/last-applied-configuration" in dep["metadata"]["annotations"]


def test_apply_server_side_then_change(cluster: Kubesim, namespace: str, tmp_path: Path) -> None:
    manifest = write(tmp_path, "d.yaml", DEPLOYMENT)
    out = cluster.kubectl("apply", "--server-side", "-n", namespace, "-f", str(manifest)).stdout
    assert "deployment.apps/web serverside-applied" in out
    changed = DEPLOYMENT.replace("replicas: 2", "replicas: 3").replace(
        ', {name: EXTRA, value: "1"}', ""
    )
    cluster.kubectl(
        "apply", "--server-side", "-n", namespace, "-f", str(write(tmp_path, "d2.yaml", changed))
    )
    dep = json.loads(cluster.kubectl("get", "deploy/web", "-n", namespace, "-o", "json").stdout)
    assert dep["spec"]["replicas"] == 3
    assert dep["spec"]["template"]["spec"]["containers"][0]["env"] == [
        {"name": "MODE", "value": "blue"}
    ]
    dry = cluster.kubectl(
        "apply",
        "--server-side",
        "--dry-run=server",
        "-n",
        namespace,
        "-f",
        str(write(tmp_path, "d3.yaml", changed.replace("replicas: 3", "replicas: 9"))),
    )
    assert "server dry run" in dry.stdout
    dep = json.loads(cluster.kubectl("get", "deploy/web", "-n", namespace, "-o", "json").stdout)
    assert dep["spec"]["replicas"] == 3  # dryRun=All changed nothing


def test_replace_patch_label_scale(cluster: Kubesim, namespace: str, tmp_path: Path) -> None:
    cluster.kubectl("create", "-n", namespace, "-f", str(write(tmp_path, "d.yaml", DEPLOYMENT)))
    got = yaml.safe_load(
        cluster.kubectl("get", "deploy", "web", "-n", namespace, "-o", "yaml").stdout
    )
    got["metadata"]["labels"]["replaced"] = "yes"
    out = cluster.kubectl("replace", "-f", str(write(tmp_path, "r.yaml", yaml.safe_dump(got))))
    assert "deployment.apps/web replaced" in out.stdout
    stale = cluster.kubectl("replace", "-f", str(tmp_path / "r.yaml"), check=False)
    assert "the object has been modified" in stale.stderr
    cluster.kubectl(
        "patch",
        "deploy",
        "web",
        "-n",
        namespace,
        "--type=merge",
        "-p",
        '{"metadata":{"labels":{"merged":"yes"}}}',
    )
    cluster.kubectl(
        "patch",
        "deploy",
        "web",
        "-n",
        namespace,
        "--type=json",
        "-p",
        '[{"op":"replace","path":"/spec/replicas","value":4}]',
    )
    cluster.kubectl(
        "patch",
        "deploy",
        "web",
        "-n",
        namespace,
        "--type=strategic",
        "-p",
        '{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"busybox"}]}}}}',
    )
    cluster.kubectl("label", "deploy", "web", "-n", namespace, "team=sre")
    cluster.kubectl("scale", "deploy", "web", "-n", namespace, "--replicas=5")
    dep = json.loads(cluster.kubectl("get", "deploy", "web", "-n", namespace, "-o", "json").stdout)
    labels = dep["metadata"]["labels"]
    assert labels["replaced"] == "yes" and labels["merged"] == "yes" and labels["team"] == "sre"
    assert dep["spec"]["replicas"] == 5
    names = [c["name"] for c in dep["spec"]["template"]["spec"]["containers"]]
    assert sorted(names) == ["app", "sidecar"]
    failed = cluster.kubectl(
        "patch",
        "deploy",
        "web",
        "-n",
        namespace,
        "--type=json",
        "-p",
        '[{"op":"test","path":"/spec/replicas","value":1}]',
        check=False,
    )
    assert failed.returncode == 1


def test_describe_and_delete_with_cascade(cluster: Kubesim, namespace: str, tmp_path: Path) -> None:
    cluster.kubectl("apply", "-n", namespace, "-f", str(write(tmp_path, "d.yaml", DEPLOYMENT)))
    owner = json.loads(
        cluster.kubectl("get", "deploy", "web", "-n", namespace, "-o", "json").stdout
    )
    dependent = {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {
            "name": "owned",
            "ownerReferences": [
                {
                    "apiVersion": "apps/v1",
                    "kind": "Deployment",
                    "name": "web",
                    "uid": owner["metadata"]["uid"],
                    "controller": True,
                }
            ],
        },
    }
    cluster.kubectl(
        "apply", "-n", namespace, "-f", str(write(tmp_path, "o.yaml", json.dumps(dependent)))
    )
    described = cluster.kubectl("describe", "deploy", "web", "-n", namespace).stdout
    assert "Name:" in described and "web" in described and "nginx:1.27" in described
    cluster.kubectl("delete", "deploy", "web", "-n", namespace)
    gone = cluster.kubectl("get", "cm", "owned", "-n", namespace, check=False)
    assert 'configmaps "owned" not found' in gone.stderr
    missing = cluster.kubectl("delete", "deploy", "web", "-n", namespace, check=False)
    assert 'deployments.apps "web" not found' in missing.stderr


def test_delete_namespace_removes_its_contents(cluster: Kubesim) -> None:
    cluster.kubectl("create", "namespace", "doomed")
    cluster.kubectl("create", "configmap", "c1", "-n", "doomed")
    cluster.kubectl("delete", "namespace", "doomed", "--timeout=30s")
    assert "doomed" not in cluster.kubectl("get", "ns", "-o", "name").stdout
    assert "c1" not in cluster.kubectl("get", "cm", "-A").stdout


def test_auth_can_i_and_whoami(cluster: Kubesim) -> None:
    assert cluster.kubectl("auth", "can-i", "create", "deployments").stdout.strip() == "yes"
    assert "*.*" in cluster.kubectl("auth", "can-i", "--list").stdout
    assert "kubesim-admin" in cluster.kubectl("auth", "whoami").stdout


def test_get_watch_streams_changes(cluster: Kubesim, namespace: str) -> None:
    watch = subprocess.Popen(
        [tool("kubectl"), "get", "cm", "-n", namespace, "-w", "--output-watch-events"],
        env=cluster.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        time.sleep(1.5)
        cluster.kubectl("create", "configmap", "watched", "-n", namespace)
        cluster.kubectl("label", "cm", "watched", "-n", namespace, "x=y")
        cluster.kubectl("delete", "cm", "watched", "-n", namespace)
        time.sleep(1.5)
    finally:
        watch.terminate()
        out, _ = watch.communicate(timeout=10)
    events = [line.split()[:2] for line in out.strip().split("\n")[1:]]
    assert ["ADDED", "kube-root-ca.crt"] in events
    assert ["ADDED", "watched"] in events
    assert ["MODIFIED", "watched"] in events
    assert ["DELETED", "watched"] in events


def test_crd_serves_new_resource(cluster: Kubesim, namespace: str, tmp_path: Path) -> None:
    crd = """\
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wd]}
  versions:
  - name: v1
    served: true
    storage: true
    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
"""
    cluster.kubectl("apply", "-f", str(write(tmp_path, "crd.yaml", crd)))
    cluster.kubectl(
        "wait", "--for=condition=Established", "crd/widgets.example.com", "--timeout=20s"
    )
    widget = "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w1}\nspec: {size: 3}\n"
    cluster.kubectl("apply", "-n", namespace, "-f", str(write(tmp_path, "w.yaml", widget)))
    assert "w1" in cluster.kubectl("get", "wd", "-n", namespace).stdout
    assert "widgets" in cluster.kubectl("api-resources", "--api-group=example.com").stdout
    cluster.kubectl("delete", "crd", "widgets.example.com")
    gone = cluster.kubectl("get", "widgets.example.com", "-n", namespace, check=False)
    assert gone.returncode != 0
