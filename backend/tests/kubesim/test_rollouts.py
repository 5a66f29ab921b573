"""Workloads under the real kubectl and helm: rollouts, scaling, StatefulSets, DaemonSets, Jobs,
CronJobs and `helm install --wait` / `helm test` against a real `kubesim serve`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.kubesim.conftest import write
from tests.kubesim.test_pods import eventually, get_json
from tests.support.kubesim_process import Kubesim

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - {name: main, image: "nginx:1.27", ports: [{containerPort: 80}]}
"""


def image_of(cluster: Kubesim, namespace: str) -> str:
    dep = get_json(cluster, "deploy", "web", "-n", namespace)
    return str(dep["spec"]["template"]["spec"]["containers"][0]["image"])


def rollout_status(cluster: Kubesim, namespace: str, what: str = "deploy/web") -> str:
    return cluster.kubectl(
        "rollout", "status", what, "-n", namespace, "--timeout=60s", timeout=90
    ).stdout


def test_deployment_rollouts(cluster: Kubesim, namespace: str, tmp_path: Path) -> None:
    cluster.kubectl("apply", "-n", namespace, "-f", str(write(tmp_path, "d.yaml", DEPLOYMENT)))
    assert 'deployment "web" successfully rolled out' in rollout_status(cluster, namespace)
    dep = get_json(cluster, "deploy", "web", "-n", namespace)
    assert dep["status"]["availableReplicas"] == 3
    conditions = {c["type"]: c["reason"] for c in dep["status"]["conditions"]}
    assert conditions == {
        "Available": "MinimumReplicasAvailable",
        "Progressing": "NewReplicaSetAvailable",
    }

    cluster.kubectl("set", "image", "deploy/web", "main=nginx:1.28", "-n", namespace)
    assert "successfully rolled out" in rollout_status(cluster, namespace)
    cluster.kubectl("rollout", "restart", "deploy/web", "-n", namespace)
    assert "successfully rolled out" in rollout_status(cluster, namespace)
    history = cluster.kubectl("rollout", "history", "deploy/web", "-n", namespace).stdout
    assert [line.split()[0] for line in history.splitlines()[2:] if line.strip()] == ["1", "2", "3"]

    # Undo goes back to the restart's previous template (nginx:1.28), undo to 1 to nginx:1.27.
    cluster.kubectl("rollout", "undo", "deploy/web", "-n", namespace, "--to-revision=1")
    assert "successfully rolled out" in rollout_status(cluster, namespace)
    assert image_of(cluster, namespace) == "nginx:1.27"
    rses = get_json(cluster, "rs", "-n", namespace, "-l", "app=web")["items"]
    assert len(rses) == 3  # the undo reused the first ReplicaSet
    by_revision = {
        r["metadata"]["annotations"]["deployment.kubernetes.io/revision"]: r for r in rses
    }
    assert sorted(by_revision, key=int) == ["2", "3", "4"]
    assert by_revision["4"]["spec"]["replicas"] == 3
    assert by_revision["4"]["spec"]["template"]["spec"]["containers"][0]["image"] == "nginx:1.27"

    cluster.kubectl("scale", "deploy/web", "--replicas=5", "-n", namespace)
    assert "successfully rolled out" in rollout_status(cluster, namespace)
    pods = get_json(cluster, "pods", "-n", namespace, "-l", "app=web")["items"]
    assert len([p for p in pods if "deletionTimestamp" not in p["metadata"]]) == 5
    cluster.kubectl("scale", "deploy/web", "--replicas=1", "-n", namespace)
    eventually(
        lambda: get_json(cluster, "deploy", "web", "-n", namespace)["status"].get("replicas") == 1
    )
    events = cluster.kubectl(
        "get", "events", "-n", namespace, "--field-selector", "involvedObject.kind=Deployment"
    ).stdout
    assert "ScalingReplicaSet" in events and "Scaled down replica set web-" in events


STATEFULSET = """\
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  replicas: 3
  serviceName: db
  selector: {matchLabels: {app: db}}
  updateStrategy: {type: RollingUpdate}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers:
      - name: main
        image: postgres:16
        volumeMounts: [{name: data, mountPath: /var/lib/postgresql}]
  volumeClaimTemplates:
  - metadata: {name: data}
    spec:
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 1Gi}}
"""


def test_statefulset_with_claims(cluster: Kubesim, namespace: str, tmp_path: Path) -> None:
    cluster.kubectl("apply", "-n", namespace, "-f", str(write(tmp_path, "s.yaml", STATEFULSET)))
    # The API server defaults rollingUpdate.partition to 0, so kubectl reports a partitioned
    # roll out, exactly as on a real cluster.
    assert "roll out complete: 3 new pods" in rollout_status(cluster, namespace, "sts/db")
    pods = get_json(cluster, "pods", "-n", namespace, "-l", "app=db")["items"]
    assert sorted(p["metadata"]["name"] for p in pods) == ["db-0", "db-1", "db-2"]
    pod = next(p for p in pods if p["metadata"]["name"] == "db-1")
    assert pod["metadata"]["labels"]["statefulset.kubernetes.io/pod-name"] == "db-1"
    assert pod["metadata"]["labels"]["apps.kubernetes.io/pod-index"] == "1"
    claims = [
        v["persistentVolumeClaim"]["claimName"]
        for v in pod["spec"]["volumes"]
        if "persistentVolumeClaim" in v
    ]
    assert claims == ["data-db-1"]

    def bound_claims() -> list[str]:
        items = get_json(cluster, "pvc", "-n", namespace)["items"]
        return sorted(
            c["metadata"]["name"] for c in items if c.get("status", {}).get("phase") == "Bound"
        )

    assert eventually(bound_claims) == ["data-db-0", "data-db-1", "data-db-2"]
    cluster.kubectl("scale", "sts/db", "--replicas=1", "-n", namespace)

    def one_pod_left() -> bool:
        return [
            p["metadata"]["name"]
            for p in get_json(cluster, "pods", "-n", namespace, "-l", "app=db")["items"]
        ] == ["db-0"]

    eventually(one_pod_left, timeout=30)
    assert len(bound_claims()) == 3  # claims outlive the pods


DAEMONSET = """\
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  updateStrategy: {type: RollingUpdate}
  template:
    metadata: {labels: {app: agent}}
    spec:
      containers: [{name: main, image: "fluent-bit:3"}]
"""

EXTRA_NODE = """\
apiVersion: v1
kind: Node
metadata:
  name: %s
  labels: {kubernetes.io/hostname: %s, kubernetes.io/os: linux}
"""


def test_daemonset_runs_one_pod_per_node(cluster: Kubesim, namespace: str, tmp_path: Path) -> None:
    node = f"{namespace}-extra"[:60]
    cluster.kubectl("apply", "-n", namespace, "-f", str(write(tmp_path, "ds.yaml", DAEMONSET)))
    try:
        assert "successfully rolled out" in rollout_status(cluster, namespace, "ds/agent")
        nodes = get_json(cluster, "nodes")["items"]
        pods = get_json(cluster, "pods", "-n", namespace, "-l", "app=agent")["items"]
        assert sorted(p["spec"]["nodeName"] for p in pods) == sorted(
            n["metadata"]["name"] for n in nodes
        )
        cluster.kubectl("apply", "-f", str(write(tmp_path, "n.yaml", EXTRA_NODE % (node, node))))

        def on_extra_node() -> Any:
            return [
                p
                for p in get_json(cluster, "pods", "-n", namespace, "-l", "app=agent")["items"]
                if p["spec"]["nodeName"] == node
            ]

        assert len(eventually(on_extra_node)) == 1
        ds = get_json(cluster, "ds", "agent", "-n", namespace)
        assert ds["status"]["desiredNumberScheduled"] == len(nodes) + 1
    finally:
        cluster.kubectl("delete", "node", node, "--ignore-not-found")
    eventually(lambda: not on_extra_node())


JOB = """\
apiVersion: batch/v1
kind: Job
metadata: {name: %(name)s, annotations: {%(annotations)s}}
spec:
  backoffLimit: 1
  template:
    metadata: {annotations: {kubesim.io/run-seconds: "0.5"}}
    spec:
      restartPolicy: Never
      containers: [{name: main, image: "busybox:1.36", command: [sh, -c, "echo done"]}]
"""


def test_jobs_complete_or_fail(cluster: Kubesim, namespace: str, tmp_path: Path) -> None:
    good = JOB % {"name": "ok", "annotations": ""}
    bad = JOB % {"name": "bad", "annotations": '"kubesim.io/fail": "true"'}
    cluster.kubectl("apply", "-n", namespace, "-f", str(write(tmp_path, "j.yaml", good)))
    cluster.kubectl("apply", "-n", namespace, "-f", str(write(tmp_path, "b.yaml", bad)))
    cluster.kubectl(
        "wait", "-n", namespace, "--for=condition=complete", "job/ok", "--timeout=60s", timeout=90
    )
    cluster.kubectl(
        "wait", "-n", namespace, "--for=condition=failed", "job/bad", "--timeout=60s", timeout=90
    )
    job = get_json(cluster, "job", "ok", "-n", namespace)
    assert job["status"]["succeeded"] == 1 and job["status"]["completionTime"]
    failed = get_json(cluster, "job", "bad", "-n", namespace)
    assert failed["status"]["failed"] == 2
    assert {c["type"]: c["reason"] for c in failed["status"]["conditions"]}["Failed"] == (
        "BackoffLimitExceeded"
    )
    table = cluster.kubectl("get", "jobs", "-n", namespace).stdout
    assert "Complete" in table and "Failed" in table
    # The selector the API server would have added finds the Job's pod (`kubectl logs job/ok`).
    selector = job["spec"]["selector"]["matchLabels"]
    assert selector == {"batch.kubernetes.io/controller-uid": job["metadata"]["uid"]}
    pods = get_json(cluster, "pods", "-n", namespace, "-l", "job-name=ok")["items"]
    assert len(pods) == 1 and pods[0]["status"]["phase"] == "Succeeded"


CRONJOB = """\
apiVersion: batch/v1
kind: CronJob
metadata: {name: tick}
spec:
  schedule: "*/1 * * * *"
  jobTemplate:
    spec:
      template:
        metadata: {annotations: {kubesim.io/run-seconds: "0.5"}}
        spec:
          restartPolicy: OnFailure
          containers: [{name: main, image: "busybox:1.36"}]
"""


def test_job_from_cronjob(cluster: Kubesim, namespace: str, tmp_path: Path) -> None:
    cluster.kubectl("apply", "-n", namespace, "-f", str(write(tmp_path, "c.yaml", CRONJOB)))
    # The Job kubectl builds client-side from the CronJob, sent as JSON (see the test below
    # for the protobuf body `kubectl create job` sends itself).
    manifest = cluster.kubectl(
        "create",
        "job",
        "--from=cronjob/tick",
        "manual",
        "-n",
        namespace,
        "--dry-run=client",
        "-o",
        "json",
    ).stdout
    cluster.kubectl("create", "-n", namespace, "-f", "-", input_text=manifest)
    cluster.kubectl(
        "wait",
        "-n",
        namespace,
        "--for=condition=complete",
        "job/manual",
        "--timeout=60s",
        timeout=90,
    )
    job = get_json(cluster, "job", "manual", "-n", namespace)
    assert job["metadata"]["ownerReferences"][0]["kind"] == "CronJob"
    table = cluster.kubectl("get", "cronjob", "tick", "-n", namespace).stdout
    assert "*/1 * * * *" in table


def test_create_job_from_cronjob_is_refused_with_advice(
    cluster: Kubesim, namespace: str, tmp_path: Path
) -> None:
    """kubectl sends this Job as protobuf, which kubesim does not decode (only the kinds of
    surface doc §5 are): the answer must be a clear 415 pointing at `kubectl apply -f`."""
    cluster.kubectl("apply", "-n", namespace, "-f", str(write(tmp_path, "c.yaml", CRONJOB)))
    refused = cluster.kubectl(
        "create", "job", "--from=cronjob/tick", "direct", "-n", namespace, check=False
    )
    assert refused.returncode != 0
    assert "kubectl apply -f" in refused.stderr


@pytest.fixture(scope="module")
def chart(tmp_path_factory: pytest.TempPathFactory, cluster: Kubesim) -> Path:
    where = tmp_path_factory.mktemp("wait-charts")
    cluster.helm("create", str(where / "app"))
    return where / "app"


@pytest.mark.parametrize("wait", ["--wait", "--wait=legacy"])
def test_helm_install_waits_and_tests(
    cluster: Kubesim, namespace: str, chart: Path, wait: str
) -> None:
    out = cluster.helm(
        "install", "app", str(chart), "-n", namespace, wait, "--timeout", "60s", timeout=90
    ).stdout
    assert "STATUS: deployed" in out
    dep = get_json(cluster, "deploy", "app", "-n", namespace)
    assert dep["status"]["readyReplicas"] == 1
    tested = cluster.helm("test", "app", "-n", namespace, "--timeout", "60s", timeout=90).stdout
    assert "Succeeded" in tested
    history = json.loads(cluster.helm("history", "app", "-n", namespace, "-o", "json").stdout)
    assert history[-1]["status"] == "deployed"
