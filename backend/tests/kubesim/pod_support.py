"""Pods for the logs and exec tests (test_logs_*.py, test_exec_*.py).

`ensure_status` and `make_running` wait for the kubelet of a real kubesim to run a pod and, when
nothing does within a few seconds, set the status the kubelet would have set through the status
subresource, so the tests hold with or without it. `put_running_pod` does the same on an
in-process API server, which `in_process_api` serves with no controllers at all.
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from kubesim.apiserver import ApiServer
from kubesim.server import build_api, create_app
from tests.kubesim.conftest import write
from tests.support.kubesim_process import Kubesim

Obj = dict[str, Any]
Http = TestClient[web.Request, web.Application]


def iso(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def pod_json(cluster: Kubesim, namespace: str, name: str) -> Obj:
    pod: Obj = json.loads(cluster.kubectl("get", "pod", name, "-n", namespace, "-o", "json").stdout)
    return pod


def container_status(container: Obj, state: Obj, restarts: int = 0, last: Obj | None = None) -> Obj:
    image = str(container.get("image", ""))
    running = "running" in state
    return {
        "name": container["name"],
        "image": image,
        "imageID": f"docker.io/library/{image}@sha256:{'0' * 64}" if running or last else "",
        "containerID": f"containerd://{'1' * 64}" if running or last else None,
        "ready": running,
        "started": running,
        "restartCount": restarts,
        "state": state,
        "lastState": {"terminated": last} if last else {},
    }


def running_status(pod: Obj, seconds_ago: float = 5.0) -> Obj:
    """The status the kubelet gives a pod whose containers all run."""
    started = iso(datetime.now(UTC) - timedelta(seconds=seconds_ago))
    conditions = [
        {"type": t, "status": "True", "lastProbeTime": None, "lastTransitionTime": started}
        for t in ("Initialized", "Ready", "ContainersReady", "PodScheduled")
    ]
    return {
        "phase": "Running",
        "conditions": conditions,
        "hostIP": "10.0.0.1",
        "podIP": "10.244.0.77",
        "podIPs": [{"ip": "10.244.0.77"}],
        "startTime": started,
        "containerStatuses": [
            container_status(c, {"running": {"startedAt": started}})
            for c in pod["spec"]["containers"]
        ],
    }


def is_running(pod: Obj) -> bool:
    statuses = (pod.get("status") or {}).get("containerStatuses") or []
    return (
        (pod.get("status") or {}).get("phase") == "Running"
        and bool(statuses)
        and all("running" in (cs.get("state") or {}) for cs in statuses)
    )


def ensure_status(
    cluster: Kubesim,
    namespace: str,
    name: str,
    reached: Callable[[Obj], bool],
    fallback: Callable[[Obj], Obj],
    wait: float = 3.0,
) -> Obj:
    """Wait for the cluster to bring the pod where `reached` holds; if nothing does within
    `wait` seconds (no kubelet), write `fallback(pod)` through the status subresource."""
    deadline = time.monotonic() + wait
    while True:
        pod = pod_json(cluster, namespace, name)
        if reached(pod):
            return pod
        if time.monotonic() > deadline:
            break
        time.sleep(0.2)
    patch = json.dumps({"status": fallback(pod)})
    cluster.kubectl(
        "patch", "pod", name, "-n", namespace, "--subresource=status", "--type=merge", "-p", patch
    )
    pod = pod_json(cluster, namespace, name)
    assert reached(pod), pod.get("status")
    return pod


def make_running(cluster: Kubesim, namespace: str, name: str, wait: float = 3.0) -> Obj:
    return ensure_status(cluster, namespace, name, is_running, running_status, wait)


def create_pod(cluster: Kubesim, namespace: str, tmp_path: Path, manifest: str) -> None:
    cluster.kubectl("apply", "-n", namespace, "-f", str(write(tmp_path, "pod.yaml", manifest)))


@asynccontextmanager
async def in_process_api() -> AsyncIterator[tuple[ApiServer, Http]]:
    """An empty API server (no controllers: the tests set pod statuses) and a client for it."""
    api, _ = build_api("empty", "unit")
    async with TestClient(TestServer(create_app(api, None, "127.0.0.1:0"))) as http:
        yield api, http


def put_running_pod(api: ApiServer, name: str, image: str = "nginx:1.27", **spec: Any) -> Obj:
    rt = api.catalogue.versions_of("", "pods")[0]
    body = {"metadata": {"name": name}, "spec": {"nodeName": "node-1", **spec}}
    body["spec"].setdefault("containers", [{"name": "main", "image": image}])
    pod = api.create(rt, "default", body)
    pod["status"] = running_status(pod, seconds_ago=30)
    return api.update(rt, "default", name, pod, subresource="status")
