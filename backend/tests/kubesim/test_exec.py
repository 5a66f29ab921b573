"""Exec: the simulated shell and line editor (pure), the WebSocket endpoint in-process, and the
real kubectl and kubernetes_asyncio against a real kubesim."""

from __future__ import annotations

import asyncio
import base64
import json
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from kubernetes_asyncio import client, config
from kubernetes_asyncio.stream import WsApiClient

from kubesim.apiserver import ApiServer, DeleteOptions
from kubesim.server import build_api, create_app
from kubesim.shell import Output, Shell, Sleep
from kubesim.shellfs import container_context
from kubesim.terminal import Echo, EndOfInput, Interrupt, Line, LineEditor, Redraw
from tests.kubesim.test_logs import create_pod, ensure_status, make_running, put_running_pod
from tests.support.kubesim_process import Kubesim

Obj = dict[str, Any]
CLOCK = 1_790_000_000.0  # Mon Sep 21 14:13:20 UTC 2026


# ---- the shell (pure) --------------------------------------------------------------------------
def _pod(image: str = "nginx:1.27", **container: Any) -> Obj:
    return {
        "metadata": {"name": "web-0", "namespace": "shop", "uid": "u1", "labels": {"app": "web"}},
        "spec": {
            "nodeName": "node-1",
            "containers": [{"name": "main", "image": image, **container}],
            "volumes": [
                {"name": "cfg", "configMap": {"name": "settings"}},
                {"name": "creds", "secret": {"secretName": "db"}},
            ],
        },
        "status": {
            "podIP": "10.244.1.7",
            "containerStatuses": [
                {"name": "main", "state": {"running": {"startedAt": "2026-09-21T14:00:00Z"}}}
            ],
        },
    }


OBJECTS: dict[tuple[str, str, str], Obj] = {
    ("configmaps", "shop", "settings"): {"data": {"level": "debug", "app.yaml": "port: 8080\n"}},
    ("secrets", "shop", "db"): {"data": {"password": base64.b64encode(b"s3cret").decode()}},
}


def shell(
    image: str = "nginx:1.27", name: str = "sh", tty: bool = False, **container: Any
) -> Shell:
    pod = _pod(image, **container)
    ctx = container_context(pod, "main", lambda r, ns, n: OBJECTS.get((r, ns, n)))
    return Shell(ctx, name, clock=lambda: CLOCK, tty=tty)


def test_echo_env_and_variables() -> None:
    sh = shell(
        env=[
            {"name": "MODE", "value": "blue"},
            {"name": "URL", "value": "http://$(MODE).local"},
            {"name": "POD", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
            {
                "name": "LEVEL",
                "valueFrom": {"configMapKeyRef": {"name": "settings", "key": "level"}},
            },
            {"name": "PW", "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}},
        ]
    )
    assert sh.run("echo hello   world").stdout == "hello world\n"
    env = sh.run_argv(["env"]).stdout.splitlines()
    assert env[:2] == [
        "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "HOSTNAME=web-0",
    ]
    for line in (
        "MODE=blue",
        "URL=http://blue.local",
        "POD=web-0",
        "LEVEL=debug",
        "PW=s3cret",
        "KUBERNETES_SERVICE_HOST=10.96.0.1",
        "KUBERNETES_SERVICE_PORT=443",
        "NGINX_VERSION=1.27.3",
        "HOME=/root",
    ):
        assert line in env
    assert sh.run("echo \"$MODE\" '$MODE' ${NOPE:-dflt} $NOPE.").stdout == "blue $MODE dflt .\n"
    assert sh.run("false; echo $?").stdout == "1\n"
    assert sh.run("export X=1; printenv X; env | grep -c '^X='").stdout == "1\n1\n"
    assert sh.run("echo $(hostname)-$(echo x)").stdout == "web-0-x\n"


def test_files_of_the_container() -> None:
    sh = shell()
    assert sh.run("hostname; pwd; cd /etc && pwd; cd; pwd").stdout == "web-0\n/\n/etc\n/root\n"
    assert sh.run("cat /etc/hostname").stdout == "web-0\n"
    resolv = sh.run("cat /etc/resolv.conf").stdout
    assert resolv.startswith("search shop.svc.cluster.local svc.cluster.local cluster.local\n")
    assert 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"' in sh.run("cat /etc/os-release").stdout
    assert "Alpine Linux" in shell("redis:7-alpine").run("cat /etc/os-release").stdout
    listing = sh.run("ls /").stdout.split()
    assert {"bin", "etc", "usr", "var", "tmp", "proc"} <= set(listing)
    assert (
        "nginx" in sh.run("ls /var/log").stdout
        and "index.html" in sh.run("ls /usr/share/nginx/html").stdout
    )
    missing = sh.run("cat /etc/nope")
    assert (missing.code, missing.stderr) == (1, "cat: /etc/nope: No such file or directory\n")
    sa = "/var/run/secrets/kubernetes.io/serviceaccount"
    assert sh.run(f"cat {sa}/namespace").stdout == "shop"
    assert sh.run(f"ls {sa}").stdout.split() == ["ca.crt", "namespace", "token"]
    mounted = shell(
        volumeMounts=[
            {"name": "cfg", "mountPath": "/etc/app"},
            {"name": "creds", "mountPath": "/secrets"},
        ]
    )
    assert mounted.run("cat /etc/app/app.yaml /secrets/password").stdout == "port: 8080\ns3cret"
    denied = mounted.run("echo x > /etc/app/new")
    assert denied.code == 1 and "Read-only file system" in denied.stderr
    long = mounted.run("ls -l /etc/app").stdout.splitlines()
    assert (
        long[0].startswith("total")
        and long[1].startswith("-rw-r--r--")
        and long[1].endswith("app.yaml")
    )


def test_system_commands() -> None:
    sh = shell()
    assert sh.run("date").stdout == "Mon Sep 21 14:13:20 UTC 2026\n"
    assert sh.run("date +%Y-%m-%d").stdout == "2026-09-21\n"
    assert sh.run("whoami; id").stdout == "root\nuid=0(root) gid=0(root) groups=0(root)\n"
    assert sh.run("uname -a").stdout.startswith("Linux web-0 6.8.0-1019-aws #")
    assert sh.run("uname").stdout == "Linux\n"
    ps = sh.run("ps aux").stdout.splitlines()
    assert ps[0].startswith("USER") and "nginx: master process" in ps[1]
    assert any(line.endswith(" ps aux") for line in ps)
    nobody = shell(securityContext={"runAsUser": 1000})
    assert nobody.run("whoami").stderr == "whoami: cannot find name for user ID 1000\n"
    assert nobody.run("id -u").stdout == "1000\n"
    assert shell("busybox").run("ps").stdout.startswith("PID   USER     TIME  COMMAND\n")


def test_control_flow_pipes_redirects_and_globs() -> None:
    sh = shell()
    assert sh.run_argv(["sh", "-c", "echo a; exit 3; echo b"]).code == 3
    assert sh.run("true && echo yes || echo no; false && echo yes || echo no").stdout == "yes\nno\n"
    assert sh.run("env | grep -c KUBERNETES_PORT_443").stdout == "4\n"
    assert sh.run("printf 'b\\na\\n' | sort | head -n 1").stdout == "a\n"
    assert sh.run("echo hi > /tmp/f; echo there >> /tmp/f; cat /tmp/f | wc -l").stdout == "2\n"
    assert sh.run("cat < /tmp/f").stdout == "hi\nthere\n"
    both = sh.run("ls /nope 2>&1")
    assert both.stderr == "" and "No such file or directory" in both.stdout
    assert sh.run("ls /nope 2>/dev/null").stderr == ""
    assert sh.run("echo oops >&2").stderr == "oops\n"
    assert sh.run("ls /etc/*.conf").stdout == "/etc/resolv.conf\n"
    assert sh.run("[ -f /etc/hostname ] && [ ! -d /etc/hostname ] && echo file").stdout == "file\n"
    assert sh.run("test 3 -gt 2 && echo bigger").stdout == "bigger\n"


def test_errors_look_like_a_real_shell() -> None:
    sh = shell()
    unknown = sh.run("kubectl get pods")
    assert (unknown.code, unknown.stderr) == (127, "sh: kubectl: not found\n")
    bash = shell(name="bash").run("frobnicate")
    assert bash.stderr == "bash: frobnicate: command not found\n"
    syntax = sh.run("echo 'unterminated")
    assert syntax.code == 2 and "Unterminated quoted string" in syntax.stderr
    assert sh.run("echo a |").code == 2
    loop = sh.run("for i in 1 2; do echo $i; done")
    assert loop.code == 2 and "not supported" in loop.stderr and loop.stdout == ""
    cd = sh.run("cd /nope")
    assert cd.code == 2 and cd.stderr == "sh: cd: can't cd to /nope: No such file or directory\n"
    # No shell parses an exec request's command: a builtin or a missing binary fails to start.
    for argv in (["nosuch"], ["cd", "/"]):
        result = sh.run_argv(argv)
        assert result.code == 127 and "executable file not found in $PATH" in result.stderr
    distroless = shell("gcr.io/distroless/static:nonroot")
    assert distroless.run_argv(["sh"]).code == 127 and distroless.run_argv(["ls"]).code == 127


def test_sleep_and_exit_are_events_for_the_caller_to_play() -> None:
    sh = shell()
    result = sh.run("echo a; sleep 1.5; echo b")
    assert result.events == [Output(1, "a\n"), Sleep(1.5), Output(1, "b\n")]
    assert sh.run("sleep 2m").slept == 120.0
    assert sh.run("sleep x").code == 1
    done = sh.run("exit 4")
    assert done.code == 4 and sh.exited


def test_what_reads_stdin_and_what_is_interactive() -> None:
    sh = shell()
    assert sh.starts_interactive(["sh"]) and sh.starts_interactive(["/bin/bash", "-l"])
    assert not sh.starts_interactive(["sh", "-c", "echo"])
    assert not shell("busybox").starts_interactive(["bash"])  # busybox has no bash
    assert sh.wants_stdin(["cat"]) and sh.wants_stdin(["sh", "-c", "grep x | wc -l"])
    assert not sh.wants_stdin(["cat", "/etc/hostname"]) and not sh.wants_stdin(["echo", "x"])
    assert sh.run_argv(["wc", "-l"], stdin="a\nb\n").stdout == "2\n"


def test_prompts_and_nested_shells() -> None:
    assert shell(name="bash").prompt() == "root@web-0:/# "
    assert shell("alpine:3.20").prompt() == "/ # "
    assert shell().prompt() == "# "
    sh = shell(name="bash", tty=True)
    assert sh.run_argv(["bash", "-c", "exit 3"]).events == []  # says "exit" only interactively
    sh.interactive = True
    sh.run("cd /tmp")
    assert sh.prompt() == "root@web-0:/tmp# "
    assert sh.run("sh").code == 0 and sh.prompt() == "# "  # a shell inside the shell
    assert sh.run("exit").code == 0 and not sh.exited and sh.prompt() == "root@web-0:/tmp# "
    assert sh.run("exit 7").stdout == "exit\n" and sh.exited
    assert sh.run("stty size").stdout == "24 80\n"
    assert shell().run("stty size").code == 1  # no tty


def test_ls_uses_columns_only_on_a_terminal() -> None:
    sh = shell(tty=True)
    assert "hostname  " in sh.run("ls /etc").stdout  # columns
    assert sh.run("ls /etc | head -2").stdout == "debian_version\ngroup\n"
    assert sh.run("echo $(ls /etc | head -3)").stdout == "debian_version group hostname\n"
    assert sh.run('echo "$(ls /etc | head -2)"').stdout == "debian_version\ngroup\n"
    assert shell().run("ls /etc").stdout.count("\n") == len(shell().run("ls /etc").stdout.split())


def test_line_editor() -> None:
    editor = LineEditor()
    assert editor.feed("ls") == [Echo("ls")]
    assert editor.feed("\x7f\x7fpwd\r") == [Echo("\b \b\b \bpwd\r\n"), Line("pwd")]
    assert editor.feed("echo a\r\nb\n") == [
        Echo("echo a\r\n"),
        Line("echo a"),
        Echo("b\r\n"),
        Line("b"),
    ]
    assert editor.feed("x\x03") == [Echo("x^C\r\n"), Interrupt()]
    assert editor.feed("\x04") == [EndOfInput()]
    history = LineEditor(["first", "second"])
    assert history.feed("\x1b[A") == [Redraw("second")]
    assert history.feed("\x1b[A\x1b[A") == [Redraw("first"), Redraw("first")]
    assert history.feed("\x1b[B\r") == [Redraw("second"), Echo("\r\n"), Line("second")]
    assert history.feed("\x1b[C\x1b[3~") == []  # cursor keys are ignored, not echoed


# ---- the endpoint in-process -------------------------------------------------------------------
Http = TestClient[web.Request, web.Application]


@pytest.fixture
async def sim() -> AsyncIterator[tuple[ApiServer, Http]]:
    api, _ = build_api("empty", "unit")
    async with TestClient(TestServer(create_app(api, None, "127.0.0.1:0"))) as http:
        yield api, http


def _path(pod: str, query: str) -> str:
    return f"/api/v1/namespaces/default/pods/{pod}/exec?{query}"


async def _frames(
    ws: aiohttp.ClientWebSocketResponse, within: float = 5.0
) -> list[tuple[int, bytes]]:
    frames = []
    async with asyncio.timeout(within):
        async for msg in ws:
            frames.append((msg.data[0], msg.data[1:]))
    return frames


async def _until(ws: aiohttp.ClientWebSocketResponse, text: bytes, within: float = 5.0) -> bytes:
    seen = b""
    async with asyncio.timeout(within):
        while text not in seen:
            msg = await ws.receive()
            assert msg.type == aiohttp.WSMsgType.BINARY, msg
            assert msg.data[0] == 1, msg.data
            seen += msg.data[1:]
    return seen


def _exit_code(frames: list[tuple[int, bytes]]) -> int:
    status = json.loads(dict(frames)[3])
    return 0 if status["status"] == "Success" else int(status["details"]["causes"][0]["message"])


async def test_a_tty_session_like_a_browser_terminal(sim: tuple[ApiServer, Http]) -> None:
    api, http = sim
    put_running_pod(api, "p", image="alpine:3.20")
    ws = await http.ws_connect(
        _path("p", "command=sh&stdin=true&stdout=true&tty=true"), protocols=["v5.channel.k8s.io"]
    )
    assert ws.protocol == "v5.channel.k8s.io"
    await _until(ws, b"/ # ")
    await ws.send_bytes(b'\x04{"Width":120,"Height":40}')
    await ws.send_bytes(b"\x00ecx\x7fho hi\r")  # a typo, a backspace, Enter
    assert await _until(ws, b"hi\r\n/ # ") == b"ecx\b \bho hi\r\nhi\r\n/ # "
    await ws.send_bytes(b"\x00stty size\r")
    assert b"40 120\r\n" in await _until(ws, b"/ # ")
    await ws.send_bytes(b"\x00sleep 30\r")
    await _until(ws, b"sleep 30\r\n")
    started = time.monotonic()
    await ws.send_bytes(b"\x00\x03")  # ^C interrupts the sleep
    assert (await _until(ws, b"/ # ")).startswith(b"^C")
    assert time.monotonic() - started < 2
    await ws.send_bytes(b"\x00exit 2\r")
    frames = await _frames(ws)
    assert _exit_code(frames) == 2 and ws.close_code == 1000


async def test_a_script_on_stdin_and_the_end_of_stdin(sim: tuple[ApiServer, Http]) -> None:
    api, http = sim
    put_running_pod(api, "p")
    query = "command=sh&stdin=true&stdout=true&stderr=true"
    ws = await http.ws_connect(_path("p", query), protocols=["v5.channel.k8s.io"])
    await ws.send_bytes(b"\x00echo one; nosuch\necho two\n")
    await ws.send_bytes(b"\xff\x00")  # v5: stdin is closed
    frames = await _frames(ws)
    assert [f for f in frames if f[0] in (1, 2)] == [
        (1, b"one\n"),
        (2, b"sh: nosuch: not found\n"),
        (1, b"two\n"),
    ]
    assert _exit_code(frames) == 0  # the status of the last command
    cat = await http.ws_connect(
        _path("p", "command=cat&stdin=true&stdout=true"), protocols=["v5.channel.k8s.io"]
    )
    await cat.send_bytes(b"\x00line 1\n")
    await cat.send_bytes(b"\x00line 2\n\xff")  # not UTF-8: passed through untouched
    await cat.send_bytes(b"\xff\x00")
    frames = await _frames(cat)
    assert b"".join(d for c, d in frames if c == 1) == b"line 1\nline 2\n\xff"


async def test_the_session_ends_with_137_when_the_pod_goes(sim: tuple[ApiServer, Http]) -> None:
    api, http = sim
    put_running_pod(api, "p")
    ws = await http.ws_connect(
        _path("p", "command=sh&stdin=true&stdout=true"), protocols=["v4.channel.k8s.io"]
    )
    await ws.send_bytes(b"\x00echo ready\n")
    await _until(ws, b"ready\n")
    pods = api.catalogue.versions_of("", "pods")[0]
    api.delete(pods, "default", "p", DeleteOptions(grace_period_seconds=0))
    frames = await _frames(ws, within=3.0)
    assert _exit_code(frames) == 137


def _session_tasks() -> list[asyncio.Task[Any]]:
    return [
        t for t in asyncio.all_tasks() if "_Session" in getattr(t.get_coro(), "__qualname__", "")
    ]


async def test_a_client_that_vanishes_does_not_hurt_the_server(sim: tuple[ApiServer, Http]) -> None:
    api, http = sim
    put_running_pod(api, "p")
    for query in (
        "command=sh&stdin=true&stdout=true&tty=true",  # sleeping at an interactive prompt
        "command=sleep&command=30&stdout=true",  # a one-shot command
    ):
        ws = await http.ws_connect(_path("p", query), protocols=["v5.channel.k8s.io"])
        await ws.send_bytes(b"\x00sleep 30\r")
        await asyncio.sleep(0.2)
        await ws.close()
        if remaining := _session_tasks():  # the session goes with its client
            _, still_running = await asyncio.wait(remaining, timeout=2)
            assert not still_running
    ws = await http.ws_connect(
        _path("p", "command=hostname&stdout=true"), protocols=["v5.channel.k8s.io"]
    )
    frames = await _frames(ws)
    assert (1, b"p\n") in frames and _exit_code(frames) == 0


async def test_a_bug_in_the_shell_is_a_failed_command_not_a_dead_server(
    sim: tuple[ApiServer, Http], monkeypatch: pytest.MonkeyPatch
) -> None:
    api, http = sim
    put_running_pod(api, "p")

    def broken(self: Shell, argv: list[str], stdin: str = "") -> Any:
        raise ZeroDivisionError("a kubesim bug")

    monkeypatch.setattr(Shell, "run_argv", broken)
    ws = await http.ws_connect(
        _path("p", "command=ls&stdout=true&stderr=true"), protocols=["v5.channel.k8s.io"]
    )
    frames = await _frames(ws)
    assert b"internal error" in dict(frames)[2] and _exit_code(frames) == 1
    monkeypatch.undo()
    ws = await http.ws_connect(
        _path("p", "command=pwd&stdout=true"), protocols=["v5.channel.k8s.io"]
    )
    assert (1, b"/\n") in await _frames(ws)


async def test_older_protocols(sim: tuple[ApiServer, Http]) -> None:
    api, http = sim
    put_running_pod(api, "p")
    query = "command=sh&command=-c&command=echo hi; exit 5&stdout=true&stderr=true"
    ws = await http.ws_connect(_path("p", query), protocols=["v4.base64.channel.k8s.io"])
    texts = [msg.data async for msg in ws]
    assert texts[0] == "1" + base64.b64encode(b"hi\n").decode()
    status = json.loads(base64.b64decode(texts[1][1:]))
    assert (
        status["reason"] == "NonZeroExitCode" and status["details"]["causes"][0]["message"] == "5"
    )
    plain = await http.ws_connect(_path("p", query))  # no subprotocol: channel.k8s.io
    frames = await _frames(plain)
    assert frames[0] == (1, b"hi\n")
    assert frames[1][0] == 3 and frames[1][1].startswith(b"command terminated with non-zero exit")


async def test_attach_shows_the_containers_output(sim: tuple[ApiServer, Http]) -> None:
    api, http = sim
    put_running_pod(api, "p")
    ws = await http.ws_connect(
        "/api/v1/namespaces/default/pods/p/attach?stdout=true&stderr=true",
        protocols=["v5.channel.k8s.io"],
    )
    line = await _until(ws, b"\n", within=4.0)
    assert b" HTTP/1.1" in line or b"[error]" in line
    await ws.close()


async def test_requests_refused_before_the_upgrade(sim: tuple[ApiServer, Http]) -> None:
    api, http = sim
    put_running_pod(
        api,
        "two",
        containers=[{"name": "main", "image": "nginx"}, {"name": "side", "image": "redis"}],
        initContainers=[{"name": "init", "image": "busybox"}],
    )
    plain = await http.get(_path("two", "command=ls&stdout=true&container=main"))
    assert plain.status == 400 and (await plain.json())["message"] == "Upgrade request required"

    async def refused(query: str) -> str:
        with pytest.raises(aiohttp.WSServerHandshakeError) as raised:
            await http.ws_connect(_path("two", query), protocols=["v5.channel.k8s.io"])
        assert raised.value.status == 400
        reply = await http.get(_path("two", query))  # the same request, read as a Status
        return str((await reply.json())["message"])

    assert await refused("command=ls&stdout=true") == (
        "a container name must be specified for pod two, choose one of: [main side] "
        "or one of the init containers: [init]"
    )
    assert await refused("command=ls&stdout=true&container=nope") == (
        "container nope is not valid for pod two"
    )
    assert await refused("command=ls&stdout=true&container=init") == (
        'container not found ("init")'
    )
    assert await refused("stdout=true&container=main") == (
        "you must specify at least one command for the container"
    )


# ---- the real kubectl and kubernetes_asyncio ---------------------------------------------------
POD = """\
apiVersion: v1
kind: Pod
metadata: {name: box%(annotations)s}
spec:
  containers:
  - name: main
    image: nginx:1.27
    env: [{name: MODE, value: blue}]
"""


def _box(cluster: Kubesim, namespace: str, tmp_path: Path, annotations: str = "") -> None:
    create_pod(cluster, namespace, tmp_path, POD % {"annotations": annotations})


def test_kubectl_exec(cluster: Kubesim, namespace: str, tmp_path: Path) -> None:
    _box(cluster, namespace, tmp_path)
    make_running(cluster, namespace, "box")
    hello = cluster.kubectl("exec", "box", "-n", namespace, "-c", "main", "--", "echo", "hello")
    assert hello.stdout == "hello\n"
    failed = cluster.kubectl(
        "exec", "box", "-n", namespace, "--", "sh", "-c", "exit 3", check=False
    )
    assert failed.returncode == 3 and "command terminated with exit code 3" in failed.stderr
    unknown = cluster.kubectl("exec", "box", "-n", namespace, "--", "nosuch", check=False)
    assert unknown.returncode == 127
    assert 'exec: "nosuch": executable file not found in $PATH' in unknown.stderr
    env = cluster.kubectl("exec", "box", "-n", namespace, "--", "env").stdout.splitlines()
    assert "MODE=blue" in env and "HOSTNAME=box" in env
    resolv = cluster.kubectl("exec", "box", "-n", namespace, "--", "cat", "/etc/resolv.conf")
    assert f"search {namespace}.svc.cluster.local svc.cluster.local" in resolv.stdout
    script = cluster.kubectl(
        "exec",
        "-i",
        "box",
        "-n",
        namespace,
        "--",
        "sh",
        input_text="echo hi\nexit 4\n",
        check=False,
    )
    assert (script.returncode, script.stdout) == (4, "hi\n")
    cat = cluster.kubectl("exec", "-i", "box", "-n", namespace, "--", "cat", input_text="a\nb\n")
    assert cat.stdout == "a\nb\n"


def test_kubectl_exec_into_a_container_that_is_not_running(
    cluster: Kubesim, namespace: str, tmp_path: Path
) -> None:
    _box(cluster, namespace, tmp_path, ', annotations: {kubesim.io/image-pull-error: "true"}')

    def waiting(pod: Obj) -> bool:
        statuses = (pod.get("status") or {}).get("containerStatuses") or []
        return bool(statuses) and all("waiting" in (cs.get("state") or {}) for cs in statuses)

    def waiting_status(pod: Obj) -> Obj:
        return {
            "phase": "Pending",
            "containerStatuses": [
                {
                    "name": "main",
                    "image": "nginx:1.27",
                    "imageID": "",
                    "ready": False,
                    "restartCount": 0,
                    "state": {"waiting": {"reason": "ImagePullBackOff"}},
                }
            ],
        }

    ensure_status(cluster, namespace, "box", waiting, waiting_status, wait=2.0)
    failed = cluster.kubectl("exec", "box", "-n", namespace, "--", "ls", check=False)
    assert failed.returncode == 1
    assert 'unable to upgrade connection: container not found ("main")' in failed.stderr


async def test_kubernetes_asyncio_exec(cluster: Kubesim, namespace: str, tmp_path: Path) -> None:
    _box(cluster, namespace, tmp_path)
    make_running(cluster, namespace, "box")
    loaded = client.Configuration()
    await config.load_kube_config(config_file=str(cluster.kubeconfig), client_configuration=loaded)
    async with WsApiClient(loaded) as ws_api:
        core: Any = client.CoreV1Api(ws_api)
        output = await core.connect_get_namespaced_pod_exec(
            "box",
            namespace,
            command=["sh", "-c", "echo out; echo err >&2; hostname"],
            stderr=True,
            stdin=False,
            stdout=True,
            tty=False,
        )
        assert output == "out\nerr\nbox\n"
        connection = await core.connect_get_namespaced_pod_exec(
            "box",
            namespace,
            command=["sh", "-c", "echo bye; exit 3"],
            stderr=True,
            stdin=False,
            stdout=True,
            tty=False,
            _preload_content=False,
        )
        channels: dict[int, bytes] = {}
        async with connection as ws:
            async for msg in ws:
                channels[msg.data[0]] = channels.get(msg.data[0], b"") + msg.data[1:]
        assert channels[1] == b"bye\n"
        assert WsApiClient.parse_error_data(channels[3]) == 3
