"""Pod logs: the generator (pure), the HTTP endpoint in-process, and the real kubectl and
kubernetes_asyncio against a real kubesim.

The helpers at the top (`ensure_status`, `make_running`) are shared with test_exec.py: they wait
for the kubelet to run a pod and, when nothing does within a few seconds, set the status the
kubelet would have set through the status subresource, so the tests hold with or without it.
"""

from __future__ import annotations

import json
import re
import subprocess
import time
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from kubernetes_asyncio import client, config

from kubesim import errors
from kubesim.apiserver import ApiServer, DeleteOptions
from kubesim.log_select import select_log
from kubesim.loglines import NS, ContainerLog, LineContext, LogSpec, format_lines, rfc3339_nano
from kubesim.logs import parse_options
from kubesim.podcontainers import parse_time_ns
from kubesim.server import build_api, create_app
from tests.kubesim.conftest import write
from tests.support.kubesim_process import Kubesim, tool

Obj = dict[str, Any]
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z ")
NGINX_ACCESS = re.compile(r'^\d+\.\d+\.\d+\.\d+ - - \[\d\d/\w{3}/\d{4}:\d\d:\d\d:\d\d \+0000\] "')
NGINX_ERROR = re.compile(r"^\d{4}/\d\d/\d\d \d\d:\d\d:\d\d \[error\] ")


def nginx_request_line(text: str | bytes) -> bool:
    """An access-log line, or the occasional error line nginx writes for a request."""
    line = text.decode() if isinstance(text, bytes) else text
    return bool(NGINX_ACCESS.match(line) or NGINX_ERROR.match(line))


# ---- helpers shared with test_exec.py ----------------------------------------------------------
def iso(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def pod_json(cluster: Kubesim, namespace: str, name: str) -> Obj:
    pod: Obj = json.loads(cluster.kubectl("get", "pod", name, "-n", namespace, "-o", "json").stdout)
    return pod


def _container_status(
    container: Obj, state: Obj, restarts: int = 0, last: Obj | None = None
) -> Obj:
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
            _container_status(c, {"running": {"startedAt": started}})
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


TWO_CONTAINERS = """\
apiVersion: v1
kind: Pod
metadata: {name: web, labels: {app: web}}
spec:
  containers:
  - {name: main, image: "nginx:1.27"}
  - {name: sidecar, image: "ghcr.io/acme/orders-api:2.3.1"}
"""


# ---- the generator (pure) ----------------------------------------------------------------------
START = 1_790_000_000 * NS  # a fixed moment, so these tests never depend on the clock


def _log(profile: str = "nginx", seed: str = "ns/pod/main/0", **kw: Any) -> ContainerLog:
    return ContainerLog(LogSpec(seed=seed, profile=profile, start_ns=START, **kw))


def test_lines_are_a_pure_function_of_pod_container_and_index() -> None:
    now = START + 60 * NS
    first, again = _log().select(now)[0], _log().select(now)[0]
    assert first == again and len(first) > 30
    other_container = _log(seed="ns/pod/sidecar/0").select(now)[0]
    startup = 17  # nginx's start-up lines are the same text for every pod; the rest differ
    assert [ln.text for ln in other_container[startup:]] != [ln.text for ln in first[startup:]]
    times = [ln.ts_ns for ln in first]
    assert times == sorted(times) and times[0] == START
    assert all(nginx_request_line(ln.text) for ln in first[startup:])


def test_the_log_grows_in_real_time() -> None:
    log = _log()
    counts = [log.count_at(START + s * NS) for s in (0, 10, 20, 40)]
    assert counts[0] == 1  # the first line is written the moment the container starts
    assert counts == sorted(counts) and 15 <= counts[3] - counts[1] <= 45  # about 1 line/s
    assert log.count_at(START - 1) == 0


def test_tail_since_and_timestamps() -> None:
    log, now = _log("app"), START + 30 * NS
    lines, count = log.select(now, tail=3)
    assert len(lines) == 3 and lines[-1] == log.line(count - 1)
    since = START + 20 * NS
    recent, _ = log.select(now, since_ns=since)
    assert recent and all(ln.ts_ns >= since for ln in recent)
    assert log.line(log.count_at(since - 1) - 1).ts_ns < since  # the one before is older
    both, _ = log.select(now, tail=50, since_ns=since)
    assert both == recent
    assert log.select(now, tail=0)[0] == []
    text = format_lines(lines, timestamps=True).decode()
    assert all(TIMESTAMP.match(row) for row in text.splitlines())
    assert rfc3339_nano(START + 123_456_789) == "2026-09-21T14:13:20.123456789Z"
    for row in format_lines(recent, timestamps=False).decode().splitlines():
        assert json.loads(row)["level"] in ("info", "warn", "error")


@pytest.mark.parametrize(
    ("profile", "marker"),
    [
        ("postgres", "database system is ready to accept connections"),
        ("redis", "Ready to accept connections tcp"),
        ("mysql", "ready for connections"),
        ("job", "starting"),
    ],
)
def test_images_log_like_themselves(profile: str, marker: str) -> None:
    text = format_lines(_log(profile).select(START + 20 * NS)[0], False).decode()
    assert marker in text


def test_a_shell_image_prints_what_its_command_echoes() -> None:
    ctx = LineContext(echo="tick", echo_interval_ns=5 * NS)
    lines, _ = _log("shell", context=ctx).select(START + 21 * NS)
    assert [ln.text for ln in lines] == ["tick"] * 4
    assert _log("shell").select(START + 60 * NS)[0] == []  # `sleep 3600` says nothing


def test_an_instance_that_ended_logs_why_and_nothing_after() -> None:
    crashed = _log("app", end_ns=START + 1_500_000_000, ending="crash")
    lines, count = crashed.select(START + 60 * NS)
    assert lines[-1].text.startswith("\t/src") and any(ln.text.startswith("panic:") for ln in lines)
    assert crashed.count_at(START + 3600 * NS) == count and crashed.complete_at(START + 2 * NS)
    stopped = _log("nginx", end_ns=START + 30 * NS, ending="completed")
    assert stopped.select(START + 60 * NS)[0][-1].text.endswith("[notice] 1#1: exit")


# ---- which log, and the errors (pure) --------------------------------------------------------
def _pod(status: Obj | None, annotations: dict[str, str] | None = None) -> Obj:
    pod: Obj = {
        "metadata": {"name": "p", "namespace": "ns", "annotations": annotations or {}},
        "spec": {"nodeName": "node-1", "containers": [{"name": "main", "image": "nginx:1.27"}]},
    }
    if status is not None:
        pod["status"] = status
    return pod


def _status(state: Obj, restarts: int = 0, last: Obj | None = None) -> Obj:
    cs = _container_status({"name": "main", "image": "nginx:1.27"}, state, restarts, last)
    return {"phase": "Running", "startTime": "2026-11-26T10:00:00Z", "containerStatuses": [cs]}


def _bad(pod: Obj, previous: bool = False) -> str:
    with pytest.raises(errors.StatusError) as raised:
        select_log(pod, "main", previous)
    assert raised.value.code == 400
    return raised.value.message


def test_the_kubelet_errors_for_containers_without_a_log() -> None:
    waiting = _pod(_status({"waiting": {"reason": "ContainerCreating"}}))
    assert _bad(waiting) == 'container "main" in pod "p" is waiting to start: ContainerCreating'
    pulling = _pod(_status({"waiting": {"reason": "ImagePullBackOff"}}))
    assert _bad(pulling).endswith("is waiting to start: trying and failing to pull image")
    running = _pod(_status({"running": {"startedAt": "2026-11-26T10:00:00Z"}}))
    assert _bad(running, previous=True) == (
        'previous terminated container "main" in pod "p" not found'
    )
    assert select_log(_pod(None) | {"spec": {"containers": [{"name": "main"}]}}, "main") is None


def test_previous_and_crash_loop_back_off_read_the_last_run() -> None:
    last = {
        "exitCode": 1,
        "reason": "Error",
        "startedAt": "2026-11-26T10:00:00Z",
        "finishedAt": "2026-11-26T10:00:02Z",
    }
    backoff = _pod(
        _status({"waiting": {"reason": "CrashLoopBackOff"}}, 1, last),
        {"kubesim.io/crash-loop": "true"},
    )
    log = select_log(backoff, "main")
    assert log is not None and log.finite and log.spec.ending == "crash"
    assert log.spec.seed.endswith("/main/0")  # the first run (restartCount 1, so instance 0)
    previous = select_log(backoff, "main", previous=True)
    assert previous is not None and previous.spec == log.spec
    lines, _ = log.select(time.time_ns())
    assert "[emerg]" in lines[-1].text  # nginx's way of dying


def test_query_parameters_are_validated_like_the_api_server() -> None:
    def status(query: dict[str, str]) -> tuple[int, str]:
        with pytest.raises(errors.StatusError) as raised:
            parse_options(query, "p", START)
        return raised.value.code, raised.value.message

    assert status({"tailLines": "x"}) == (400, 'tailLines: Invalid value: "x": must be an integer')
    assert status({"tailLines": "-1"})[0] == 422
    assert status({"limitBytes": "0"})[1].endswith(
        "limitBytes: Invalid value: 0: must be greater than 0"
    )
    assert (
        "at most one of `sinceTime` or `sinceSeconds`"
        in status({"sinceSeconds": "5", "sinceTime": "2026-11-26T10:00:00Z"})[1]
    )
    assert status({"sinceTime": "yesterday"})[0] == 400
    assert status({"follow": "maybe"})[0] == 400
    options = parse_options(
        {"follow": "True", "timestamps": "1", "previous": "false", "sinceSeconds": "10"}, "p", START
    )
    assert options.follow and options.timestamps and not options.previous
    assert options.since_ns == START - 10 * NS


# ---- the endpoint in-process (no controllers: the tests set the pod status) -------------------
@pytest.fixture
async def sim() -> AsyncIterator[tuple[ApiServer, TestClient[web.Request, web.Application]]]:
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


async def test_follow_streams_until_the_pod_is_deleted(
    sim: tuple[ApiServer, TestClient[web.Request, web.Application]],
) -> None:
    api, http = sim
    put_running_pod(api, "p")
    reply = await http.get(
        "/api/v1/namespaces/default/pods/p/log",
        params={"follow": "true", "tailLines": "1", "timestamps": "true"},
    )
    assert reply.status == 200 and reply.headers["Content-Type"] == "text/plain"
    lines = [await reply.content.readline() for _ in range(2)]
    received = time.time_ns()
    stamps = [parse_time_ns(line.split(b" ", 1)[0].decode()) or 0 for line in lines]
    assert all(nginx_request_line(line.split(b" ", 1)[1]) for line in lines)
    assert stamps[1] - stamps[0] >= 200_000_000  # lines are 0.2 s to 1.8 s apart
    assert stamps[1] <= received  # no line is written before its time
    api.delete(
        api.catalogue.versions_of("", "pods")[0],
        "default",
        "p",
        DeleteOptions(grace_period_seconds=0),
    )
    rest = await reply.content.read()  # the stream ends by itself
    assert rest.count(b"\n") <= 3


async def test_follow_ends_with_the_containers_shutdown(
    sim: tuple[ApiServer, TestClient[web.Request, web.Application]],
) -> None:
    api, http = sim
    pod = put_running_pod(api, "p")
    reply = await http.get(
        "/api/v1/namespaces/default/pods/p/log",
        params={"follow": "1", "tailLines": "0", "limitBytes": "100000"},
    )
    rt = api.catalogue.versions_of("", "pods")[0]
    cs = pod["status"]["containerStatuses"][0]
    started = cs["state"]["running"]["startedAt"]
    cs["state"] = {
        "terminated": {
            "exitCode": 0,
            "reason": "Completed",
            "startedAt": started,
            "finishedAt": iso(datetime.now(UTC)),
        }
    }
    pod["status"]["phase"] = "Succeeded"
    api.update(rt, "default", "p", pod, subresource="status")
    rest = (await reply.content.read()).decode()
    assert rest.rstrip().endswith("[notice] 1#1: exit")


async def test_raw_api_answers(
    sim: tuple[ApiServer, TestClient[web.Request, web.Application]],
) -> None:
    api, http = sim
    put_running_pod(
        api,
        "two",
        containers=[{"name": "main", "image": "nginx"}, {"name": "sidecar", "image": "redis:7"}],
    )
    base = "/api/v1/namespaces/default/pods/two/log"
    ambiguous = await http.get(base)
    assert ambiguous.status == 400
    assert (await ambiguous.json())["message"] == (
        "a container name must be specified for pod two, choose one of: [main sidecar]"
    )
    unknown = await http.get(base, params={"container": "nope"})
    assert (await unknown.json())["message"] == "container nope is not valid for pod two"
    limited = await http.get(base, params={"container": "sidecar", "limitBytes": "20"})
    assert len(await limited.read()) == 20
    missing = await http.get("/api/v1/namespaces/default/pods/ghost/log")
    assert missing.status == 404


# ---- the real kubectl and kubernetes_asyncio ---------------------------------------------------
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
