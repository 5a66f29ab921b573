"""Exec through the real kubectl and kubernetes_asyncio against a real kubesim: commands and
their exit codes, the container's environment and files, stdin, and a container that is not
running."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kubernetes_asyncio import client, config
from kubernetes_asyncio.stream import WsApiClient

from tests.kubesim.pod_support import Obj, create_pod, ensure_status, make_running
from tests.support.kubesim_process import Kubesim

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
