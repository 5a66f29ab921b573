"""Pods that run: scheduling, the kubelet's timeline, graceful deletion, services and volumes."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.kubesim.conftest import write
from tests.support.kubesim_process import Kubesim


def eventually(check: Callable[[], Any], timeout: float = 20.0, interval: float = 0.3) -> Any:
    """Poll until `check` returns something truthy without raising; return it."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            result = check()
            if result:
                return result
        except AssertionError:
            if time.monotonic() > deadline:
                raise
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout}s")
        time.sleep(interval)


def get_json(cluster: Kubesim, *args: str) -> Any:
    return json.loads(cluster.kubectl("get", *args, "-o", "json").stdout)


POD = """\
apiVersion: v1
kind: Pod
metadata: {name: %(name)s, labels: {app: %(app)s}, annotations: {%(annotations)s}}
spec:
  containers:
  - name: main
    image: nginx:1.27
    resources: {requests: {cpu: %(cpu)s, memory: 64Mi}}
    ports: [{containerPort: 80}]
"""


def pod_yaml(name: str, app: str = "web", cpu: str = "100m", annotations: str = "") -> str:
    return POD % {"name": name, "app": app, "cpu": cpu, "annotations": annotations}


def test_pod_runs_with_full_status(cluster: Kubesim, namespace: str, tmp_path: Path) -> None:
    cluster.kubectl("apply", "-n", namespace, "-f", str(write(tmp_path, "p.yaml", pod_yaml("p1"))))
    cluster.kubectl("wait", "-n", namespace, "--for=condition=Ready", "pod/p1", "--timeout=20s")
    pod = get_json(cluster, "pod", "p1", "-n", namespace)
    status = pod["status"]
    assert status["phase"] == "Running" and status["podIP"] and status["hostIP"]
    assert pod["spec"]["nodeName"] == "sim-tls-node-1"
    assert {c["type"]: c["status"] for c in status["conditions"]} == {
        "PodReadyToStartContainers": "True",
        "Initialized": "True",
        "Ready": "True",
        "ContainersReady": "True",
        "PodScheduled": "True",
    }
    container = status["containerStatuses"][0]
    assert container["imageID"].startswith("docker.io/library/nginx@sha256:")
    assert container["ready"] and container["started"] and container["restartCount"] == 0
    assert "startedAt" in container["state"]["running"]
    assert status["qosClass"] == "Burstable"
    described = cluster.kubectl("describe", "pod", "p1", "-n", namespace).stdout
    for reason in ("Scheduled", "Pulling", "Pulled", "Created", "Started"):
        assert reason in described


def test_delete_pod_waits_for_graceful_termination(
    cluster: Kubesim, namespace: str, tmp_path: Path
) -> None:
    cluster.kubectl("apply", "-n", namespace, "-f", str(write(tmp_path, "p.yaml", pod_yaml("p2"))))
    cluster.kubectl("wait", "-n", namespace, "--for=condition=Ready", "pod/p2", "--timeout=20s")
    started = time.monotonic()
    out = cluster.kubectl("delete", "pod", "p2", "-n", namespace, "--timeout=30s").stdout
    assert 'pod "p2" deleted' in out
    assert time.monotonic() - started >= 0.5  # it waited for the kubelet to stop the pod
    gone = cluster.kubectl("get", "pod", "p2", "-n", namespace, check=False)
    assert "NotFound" in gone.stderr


def test_unschedulable_pod_stays_pending_with_event(
    cluster: Kubesim, namespace: str, tmp_path: Path
) -> None:
    cluster.kubectl(
        "apply", "-n", namespace, "-f", str(write(tmp_path, "p.yaml", pod_yaml("huge", cpu="512")))
    )

    def scheduled_condition() -> Any:
        pod = get_json(cluster, "pod", "huge", "-n", namespace)
        return pod if pod["status"].get("conditions") else None

    pod = eventually(scheduled_condition)
    assert pod["status"]["phase"] == "Pending"
    assert pod["status"]["conditions"][0]["reason"] == "Unschedulable"
    events = cluster.kubectl(
        "get", "events", "-n", namespace, "--field-selector", "involvedObject.name=huge"
    ).stdout
    assert "FailedScheduling" in events and "Insufficient cpu" in events


def test_crash_loop_and_image_pull_error(cluster: Kubesim, namespace: str, tmp_path: Path) -> None:
    crash = pod_yaml("crashy", annotations='"kubesim.io/crash-loop": "true"')
    broken = pod_yaml("broken", annotations='"kubesim.io/image-pull-error": "true"')
    cluster.kubectl("apply", "-n", namespace, "-f", str(write(tmp_path, "c.yaml", crash)))
    cluster.kubectl("apply", "-n", namespace, "-f", str(write(tmp_path, "b.yaml", broken)))

    def restarted() -> int:
        pod = get_json(cluster, "pod", "crashy", "-n", namespace)
        count: int = pod["status"]["containerStatuses"][0]["restartCount"]
        return count

    assert eventually(restarted, timeout=20) >= 1
    table = cluster.kubectl("get", "pods", "-n", namespace).stdout
    assert "ImagePullBackOff" in table
    crashy = get_json(cluster, "pod", "crashy", "-n", namespace)
    assert crashy["status"]["containerStatuses"][0]["lastState"]["terminated"]["exitCode"] == 1


def test_service_gets_ip_and_endpoints(cluster: Kubesim, namespace: str, tmp_path: Path) -> None:
    service = """\
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  type: LoadBalancer
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: 80}]
"""
    cluster.kubectl("apply", "-n", namespace, "-f", str(write(tmp_path, "s.yaml", service)))
    cluster.kubectl("apply", "-n", namespace, "-f", str(write(tmp_path, "p.yaml", pod_yaml("w1"))))
    svc = get_json(cluster, "svc", "web", "-n", namespace)
    assert svc["spec"]["clusterIP"].startswith("10.96.")
    assert 30000 <= svc["spec"]["ports"][0]["nodePort"] <= 32767

    def endpoint_ips() -> list[str]:
        ep = get_json(cluster, "endpoints", "web", "-n", namespace)
        return [a["ip"] for s in ep["subsets"] for a in s.get("addresses", [])]

    ips = eventually(endpoint_ips)
    pod = get_json(cluster, "pod", "w1", "-n", namespace)
    assert ips == [pod["status"]["podIP"]]
    slices = get_json(
        cluster, "endpointslices", "-n", namespace, "-l", "kubernetes.io/service-name=web"
    )
    assert slices["items"][0]["endpoints"][0]["conditions"]["ready"] is True
    lb = eventually(
        lambda: get_json(cluster, "svc", "web", "-n", namespace)["status"]["loadBalancer"].get(
            "ingress"
        )
    )
    assert lb[0]["ip"].startswith("172.18.255.")
    # Re-applying without the cluster IP keeps it: it is immutable.
    cluster.kubectl("apply", "-n", namespace, "-f", str(tmp_path / "s.yaml"))
    assert (
        get_json(cluster, "svc", "web", "-n", namespace)["spec"]["clusterIP"]
        == (svc["spec"]["clusterIP"])
    )


def test_pvc_binds_to_generated_volume(cluster: Kubesim, namespace: str, tmp_path: Path) -> None:
    claims = """\
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 5Gi}}}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: nowhere}
spec:
  storageClassName: missing
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
"""
    cluster.kubectl("apply", "-n", namespace, "-f", str(write(tmp_path, "c.yaml", claims)))

    def bound() -> Any:
        claim = get_json(cluster, "pvc", "data", "-n", namespace)
        return claim if claim.get("status", {}).get("phase") == "Bound" else None

    pvc = eventually(bound)
    assert pvc["status"]["capacity"] == {"storage": "5Gi"}
    pv = get_json(cluster, "pv", pvc["spec"]["volumeName"])
    assert pv["spec"]["claimRef"]["name"] == "data" and pv["status"]["phase"] == "Bound"
    assert pvc["spec"]["storageClassName"] == "standard"
    pending = get_json(cluster, "pvc", "nowhere", "-n", namespace)
    assert pending["status"]["phase"] == "Pending"
