"""Pod logs through the real kubectl and kubernetes_asyncio against a real kubesim: tail,
timestamps, limits, since, follow, previous runs of a crash-looping pod, a container that cannot
start, and the errors kubectl prints."""

from __future__ import annotations

import json
import subprocess
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from kubernetes_asyncio import client, config

from kubesim.loglines import NS, rfc3339_nano
from kubesim.podcontainers import parse_time_ns
from tests.kubesim.logs_support import TIMESTAMP, nginx_request_line
from tests.kubesim.pod_support import (
    Obj,
    create_pod,
    ensure_status,
    iso,
    make_running,
    pod_json,
    running_status,
)
from tests.support.kubesim_process import Kubesim, tool

TWO_CONTAINERS = """\
apiVersion: v1
kind: Pod
metadata: {name: web, labels: {app: web}}
spec:
  containers:
  - {name: main, image: "nginx:1.27"}
  - {name: sidecar, image: "ghcr.io/acme/orders-api:2.3.1"}
"""


def test_kubectl_logs(cluster: Kubesim, namespace: str, tmp_path: Path) -> None:
    create_pod(cluster, namespace, tmp_path, TWO_CONTAINERS)
    make_running(cluster, namespace, "web")
    logs = cluster.kubectl("logs", "web", "-n", namespace, "-c", "main")
    assert "Configuration complete; ready for start up" in logs.stdout
    again = cluster.kubectl("logs", "web", "-n", namespace, "-c", "main", "--tail=3")
    assert len(again.stdout.splitlines()) == 3
    assert again.stdout.splitlines()[0] in logs.stdout.splitlines()  # the same history
    # kubectl picks the first container itself and says so; the API alone refuses to guess.
    defaulted = cluster.kubectl("logs", "web", "-n", namespace, "--tail=1")
    assert 'Defaulted container "main" out of: main, sidecar' in defaulted.stderr
    raw = cluster.kubectl(
        "get", "--raw", f"/api/v1/namespaces/{namespace}/pods/web/log", check=False
    )
    assert raw.returncode == 1 and (
        "a container name must be specified for pod web, choose one of: [main sidecar]"
        in raw.stderr
    )
    stamped = cluster.kubectl(
        "logs", "web", "-n", namespace, "-c", "sidecar", "--tail=2", "--timestamps"
    ).stdout.splitlines()
    assert len(stamped) == 2 and all(TIMESTAMP.match(row) for row in stamped)
    assert json.loads(stamped[1].split(" ", 1)[1])["time"]
    limited = cluster.kubectl("logs", "web", "-n", namespace, "-c", "main", "--limit-bytes=40")
    assert len(limited.stdout.encode()) == 40
    previous = cluster.kubectl(
        "logs", "web", "-n", namespace, "-c", "main", "--previous", check=False
    )
    assert previous.returncode == 1
    assert 'previous terminated container "main" in pod "web" not found' in previous.stderr
    bad = cluster.kubectl(
        "get",
        "--raw",
        f"/api/v1/namespaces/{namespace}/pods/web/log?container=main&tailLines=x",
        check=False,
    )
    assert "tailLines" in bad.stderr and "must be an integer" in bad.stderr
    # --since: only lines of the last 2 s, once the pod is old enough to have older ones.
    pod = pod_json(cluster, namespace, "web")
    started = datetime.strptime(pod["status"]["startTime"], "%Y-%m-%dT%H:%M:%SZ")
    age = (datetime.now(UTC) - started.replace(tzinfo=UTC)).total_seconds()
    time.sleep(max(0.0, 3.5 - age))
    recent = cluster.kubectl(
        "logs", "web", "-n", namespace, "-c", "main", "--since=2s", "--timestamps"
    ).stdout.splitlines()
    cutoff = rfc3339_nano(time.time_ns() - 4 * NS)
    assert recent and all(row.split(" ", 1)[0] >= cutoff for row in recent)
    assert "Configuration complete" not in "\n".join(recent)


def test_kubectl_logs_follow_streams_new_lines(
    cluster: Kubesim, namespace: str, tmp_path: Path
) -> None:
    create_pod(cluster, namespace, tmp_path, TWO_CONTAINERS)
    make_running(cluster, namespace, "web")
    args = [tool("kubectl"), "logs", "-f", "web", "-n", namespace, "-c", "main", "--tail=1"]
    args.append("--timestamps")
    follower = subprocess.Popen(args, env=cluster.env, stdout=subprocess.PIPE, text=True)
    try:
        assert follower.stdout is not None
        lines: list[tuple[int, str]] = []  # (when it arrived, the line)
        deadline = time.monotonic() + 15
        while len(lines) < 3 and time.monotonic() < deadline:
            line = follower.stdout.readline()
            lines.append((time.time_ns(), line))
        assert len(lines) == 3
        for arrived, line in lines:
            stamp, text = line.split(" ", 1)
            assert TIMESTAMP.match(line) and nginx_request_line(text)
            assert (parse_time_ns(stamp) or 0) <= arrived  # written when its time came
        assert follower.poll() is None  # still following
    finally:
        follower.kill()
        follower.wait()


def test_kubectl_logs_of_a_crash_looping_pod(
    cluster: Kubesim, namespace: str, tmp_path: Path
) -> None:
    manifest = TWO_CONTAINERS.replace(
        "labels: {app: web}", 'labels: {app: web}, annotations: {kubesim.io/crash-loop: "true"}'
    )
    create_pod(cluster, namespace, tmp_path, manifest)

    def crashed(pod: Obj) -> bool:
        statuses = (pod.get("status") or {}).get("containerStatuses") or []
        return any((cs.get("lastState") or {}).get("terminated") for cs in statuses)

    def crash_status(pod: Obj) -> Obj:
        status = running_status(pod, seconds_ago=10)
        started = datetime.now(UTC) - timedelta(seconds=10)
        for cs in status["containerStatuses"]:
            cs["state"] = {"waiting": {"reason": "CrashLoopBackOff"}}
            cs.update(ready=False, started=False, restartCount=1)
            cs["lastState"] = {
                "terminated": {
                    "exitCode": 1,
                    "reason": "Error",
                    "startedAt": iso(started),
                    "finishedAt": iso(started + timedelta(seconds=2)),
                    "containerID": f"containerd://{'2' * 64}",
                }
            }
        return status

    ensure_status(cluster, namespace, "web", crashed, crash_status, wait=8.0)
    previous = cluster.kubectl("logs", "web", "-n", namespace, "-c", "sidecar", "--previous")
    assert "panic: failed to connect to database" in previous.stdout
    assert previous.stdout.rstrip().splitlines()[-1].startswith("\t/src/cmd/server/main.go")
    nginx = cluster.kubectl("logs", "web", "-n", namespace, "-c", "main", "--previous").stdout
    assert "[emerg]" in nginx.splitlines()[-1]


def test_kubectl_logs_of_a_container_that_cannot_start(
    cluster: Kubesim, namespace: str, tmp_path: Path
) -> None:
    manifest = TWO_CONTAINERS.replace(
        "labels: {app: web}",
        'labels: {app: web}, annotations: {kubesim.io/image-pull-error: "true"}',
    )
    create_pod(cluster, namespace, tmp_path, manifest)

    def pulling(pod: Obj) -> bool:
        statuses = (pod.get("status") or {}).get("containerStatuses") or []
        return any(
            ((cs.get("state") or {}).get("waiting") or {}).get("reason") == "ImagePullBackOff"
            for cs in statuses
        )

    def pull_status(pod: Obj) -> Obj:
        status = running_status(pod)
        status["phase"] = "Pending"
        for cs in status["containerStatuses"]:
            cs["state"] = {"waiting": {"reason": "ImagePullBackOff"}}
            cs.update(ready=False, started=False, imageID="")
        return status

    ensure_status(cluster, namespace, "web", pulling, pull_status, wait=4.0)
    failed = cluster.kubectl("logs", "web", "-n", namespace, "-c", "main", check=False)
    assert failed.returncode == 1
    assert (
        'container "main" in pod "web" is waiting to start: trying and failing to pull image'
        in failed.stderr
    )


async def test_kubernetes_asyncio_reads_and_follows_logs(
    cluster: Kubesim, namespace: str, tmp_path: Path
) -> None:
    create_pod(cluster, namespace, tmp_path, TWO_CONTAINERS)
    make_running(cluster, namespace, "web")
    loaded = client.Configuration()
    await config.load_kube_config(config_file=str(cluster.kubeconfig), client_configuration=loaded)
    async with client.ApiClient(loaded) as api:
        core: Any = client.CoreV1Api(api)
        tail = await core.read_namespaced_pod_log(
            "web", namespace, container="sidecar", tail_lines=2
        )
        assert len(tail.splitlines()) == 2
        reply = await core.read_namespaced_pod_log(
            "web",
            namespace,
            container="main",
            follow=True,
            tail_lines=1,
            timestamps=True,
            _preload_content=False,
        )
        try:
            lines = [await reply.content.readline() for _ in range(3)]
        finally:
            reply.release()
        stamps = [line.decode().split(" ", 1)[0] for line in lines]
        assert all(TIMESTAMP.match(line.decode()) for line in lines)
        assert stamps == sorted(stamps) and len(set(stamps)) == 3
