"""POST /api/v1/kubectl: the real kubectl against the chosen cluster, and what it refuses."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from app.core import errors
from app.services import cluster_files, kubectl_args, kubectl_console
from app.services.cluster_sources import ClusterDef
from tests.app.test_actions import fresh_namespace
from tests.support.kubedeck_process import Kubedeck, Reply
from tests.support.kubesim_process import Kubesim

POD = (
    '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s"},'
    '"spec":{"containers":[{"name":"main","image":"nginx:1.27"}]}}'
)


def kubectl(deck: Kubedeck, *args: str, cluster: str = "alpha", **extra: object) -> Reply:
    return deck.call(
        "POST", f"/api/v1/kubectl?cluster_id={cluster}", {"args": list(args), **extra}, timeout=90
    )


def test_get_pods_runs_in_the_chosen_cluster(
    deck: Kubedeck, sim_a: Kubesim, sim_b: Kubesim
) -> None:
    ns = fresh_namespace(sim_a, sim_b, prefix="kc")
    sim_a.kubectl("apply", "-n", ns, "-f", "-", input_text=POD % "only-in-alpha")
    sim_b.kubectl("apply", "-n", ns, "-f", "-", input_text=POD % "only-in-beta")
    beta = kubectl(deck, "get", "pods", "-A", cluster="beta")
    assert beta.status == 200, beta.body
    assert beta.body["exit_code"] == 0 and not beta.body["truncated"]
    assert "only-in-beta" in beta.body["stdout"] and "only-in-alpha" not in beta.body["stdout"]
    assert beta.body["duration_ms"] > 0
    alpha = kubectl(deck, "get", "pods", "-A")  # the active cluster
    assert "only-in-alpha" in alpha.body["stdout"] and "only-in-beta" not in alpha.body["stdout"]
    in_ns = kubectl(deck, "get", "pods", "-o", "name", namespace=ns)
    assert in_ns.body["stdout"].strip() == "pod/only-in-alpha"
    before = kubectl(deck, "-n", ns, "get", "pods", "-o", "name")
    assert before.body["stdout"].strip() == "pod/only-in-alpha"


def test_kubectl_failures_are_results(deck: Kubedeck) -> None:
    reply = kubectl(deck, "get", "pod", "no-such-pod", "-n", "default")
    assert reply.status == 200
    assert reply.body["exit_code"] == 1 and 'pods "no-such-pod" not found' in reply.body["stderr"]


def test_per_call_kubeconfig_is_removed_and_env_is_clean(deck: Kubedeck) -> None:
    private = deck.workdir / "data" / "tmp"
    reply = kubectl(deck, "version", "-o", "json")
    assert reply.status == 200 and reply.body["exit_code"] == 0, reply.body
    assert "v1.37.0-kubesim" in reply.body["stdout"]
    assert not [p for p in private.iterdir() if p.name.startswith("kubectl-")]


@pytest.mark.parametrize(
    "args",
    [
        ["get", "pods", "--kubeconfig", "/etc/passwd"],
        ["get", "pods", "--kubeconfig=/etc/passwd"],
        ["--kubeconfig=/etc/passwd", "get", "pods"],
        ["get", "pods", "-kubeconfig=/etc/passwd"],
        ["get", "pods", "--server", "https://evil:6443"],
        ["get", "pods", "--server=https://evil:6443"],
        ["get", "pods", "-s", "https://evil:6443"],
        ["get", "pods", "-shttps://evil:6443"],
        ["get", "pods", "-s=https://evil:6443"],
        ["get", "pods", "-As", "https://evil:6443"],
        ["get", "pods", "--token=abc"],
        ["get", "pods", "--context", "other"],
        ["get", "pods", "--cluster=other"],
        ["get", "pods", "--user=other"],
        ["get", "pods", "--as=system:admin"],
        ["get", "pods", "--as-group=system:masters"],
        ["get", "pods", "--as-uid=0"],
        ["get", "pods", "--certificate-authority=/x"],
        ["get", "pods", "--client-certificate=/x"],
        ["get", "pods", "--client-key=/x"],
        ["get", "pods", "--insecure-skip-tls-verify"],
        ["get", "pods", "--insecure_skip_tls_verify=true"],
        ["get", "pods", "--username=u"],
        ["get", "pods", "--password=p"],
        ["get", "pods", "--tls-server-name=x"],
        ["get", "pods", "--cache-dir=/tmp/x"],
        ["apply", "-f", "/etc/passwd"],
        ["apply", "--filename=/etc/passwd"],
        ["create", "-f/etc/passwd"],
        ["create", "configmap", "x", "--from-file=/etc/passwd"],
        ["apply", "-k", "/"],
        ["get", "pods", "-o", "go-template-file=/etc/passwd"],
        ["get", "pods", "-ojsonpath-file=/etc/passwd"],
        ["exec", "p", "-it", "--", "sh"],
        ["exec", "p", "--stdin", "--tty", "--", "sh"],
    ],
)
def test_forbidden_flags_are_400(deck: Kubedeck, args: list[str]) -> None:
    reply = kubectl(deck, *args)
    assert reply.status == 400, (args, reply.body)
    assert "not allowed" in reply.body["detail"] and "flag" in reply.body


@pytest.mark.parametrize(
    ("args", "word"),
    [
        (["proxy"], "proxy"),
        (["port-forward", "pod/p", "80"], "port-forward"),
        (["plugin", "list"], "plugin"),
        (["config", "view"], "config"),
        (["cp", "a", "b"], "cp"),
        (["edit", "cm", "x"], "edit"),
        (["debug", "p"], "debug"),
        (["attach", "p"], "attach"),
        (["evilplugin"], "evilplugin"),
        (["-n", "default", "whoami-plugin"], "whoami-plugin"),
        (["--match-server-version=true", "oidc-login"], "oidc-login"),
    ],
)
def test_commands_outside_the_allowlist_are_400(deck: Kubedeck, args: list[str], word: str) -> None:
    reply = kubectl(deck, *args)
    assert reply.status == 400, reply.body
    assert word in reply.body["detail"] and reply.body["command"] == word


def test_flags_before_the_command_are_limited(deck: Kubedeck) -> None:
    reply = kubectl(deck, "--some-flag", "value", "get", "pods")
    assert reply.status == 400 and "must come after the command" in reply.body["detail"]


def test_argument_validation(deck: Kubedeck) -> None:
    assert kubectl(deck).status == 422
    assert kubectl(deck, "get", "pods\x00").status == 422
    assert kubectl(deck, "get", "x" * 5000).status == 422
    assert kubectl(deck, "get", "pods", timeout_seconds=61).status == 422


def test_timeout_stops_kubectl(deck: Kubedeck) -> None:
    started = time.monotonic()
    reply = kubectl(deck, "get", "configmaps", "-A", "--watch", timeout_seconds=2)
    elapsed = time.monotonic() - started
    assert reply.status == 504, reply.body
    assert reply.body["timed_out"] and reply.body["exit_code"] is None
    assert "kube-root-ca.crt" in reply.body["stdout"]  # what it printed before
    assert 1.8 < elapsed < 10


@pytest.mark.parametrize(
    "args",
    [
        ["get", "pods", "-n", "kube-system"],
        ["get", "pods", "-nkube-system"],
        ["logs", "-f", "pod/p"],
        ["logs", "-pf", "p"],
        ["get", "pods", "-l", "app=x"],
        ["apply", "view-last-applied", "cm/x"],
        ["apply", "--server-side", "view-last-applied"],
        ["exec", "p", "--", "sh", "-c", "echo --kubeconfig=/x"],
        ["get", "pods", "-o", "yaml"],
        ["-v", "6", "get", "pods"],
        ["--request-timeout=5s", "get", "pods"],
        ["patch", "deploy", "x", "-p", '{"spec":{"replicas":1}}'],
    ],
)
def test_ordinary_command_lines_pass_the_check(args: list[str]) -> None:
    assert kubectl_args.check(args) == next(a for a in args if a[0] != "-" and a not in ("6", "5s"))


def test_logs_previous_does_not_hide_a_server_flag() -> None:
    with pytest.raises(errors.BadRequest):
        kubectl_args.check(["logs", "-ps", "https://evil", "p"])
    with pytest.raises(errors.BadRequest):
        kubectl_args.check(["apply", "edit-last-applied", "cm/x"])


async def test_output_is_capped_but_drained() -> None:
    stream = asyncio.StreamReader()
    stream.feed_data(b"x" * (kubectl_console.MAX_OUTPUT_BYTES + 10))
    stream.feed_eof()
    kept, truncated = await kubectl_console._drain(stream, kubectl_console.MAX_OUTPUT_BYTES)
    assert truncated and len(kept) == kubectl_console.MAX_OUTPUT_BYTES
    assert stream.at_eof()


def test_the_per_call_kubeconfig_holds_only_the_cluster(tmp_path: Path) -> None:
    config = {
        "current-context": "other",
        "contexts": [
            {"name": "mine", "context": {"cluster": "c1", "user": "u1"}},
            {"name": "other", "context": {"cluster": "c2", "user": "u2"}},
        ],
        "clusters": [
            {"name": "c1", "cluster": {"server": "https://a", "certificate-authority": "ca.crt"}},
            {"name": "c2", "cluster": {"server": "https://b"}},
        ],
        "users": [
            {"name": "u1", "user": {"client-key": "/abs/key", "token": "t1"}},
            {"name": "u2", "user": {"token": "t2"}},
        ],
    }
    cluster = ClusterDef(
        id="c", name="c", source="config", kubeconfig=config, context="mine", base_path=tmp_path
    )
    out = cluster_files.cluster_kubeconfig(cluster, "team-a")
    assert out["current-context"] == "mine" and len(out["contexts"]) == 1
    assert out["contexts"][0]["context"]["namespace"] == "team-a"
    assert out["clusters"] == [
        {
            "name": "c1",
            "cluster": {"server": "https://a", "certificate-authority": str(tmp_path / "ca.crt")},
        }
    ]
    assert out["users"] == [{"name": "u1", "user": {"client-key": "/abs/key", "token": "t1"}}]
    assert "t2" not in str(out)
