"""HelmRunner with a stand-in binary (a real process): argument placement, environment,
stdin, the per-cluster kubeconfig, and the SIGTERM-then-SIGKILL timeout."""

from __future__ import annotations

import json
import os
import stat
import sys
import time
from pathlib import Path

import pytest
import yaml

from app.services.cluster_sources import ClusterDef
from app.services.helm_errors import HelmTimeout
from app.services.helm_runner import HelmRunner

FAKE = """#!{python}
import json, os, signal, sys, time
mode = os.environ.get("FAKE_MODE") or open(os.path.join(os.environ["HOME"], "mode")).read()
def on_term(*_):
    open(os.path.join(os.environ["HOME"], "got-term"), "w").write("yes")
    if mode != "stubborn":
        sys.exit(143)
signal.signal(signal.SIGTERM, on_term)
if mode in ("hang", "stubborn"):
    while True:
        time.sleep(0.05)
print(json.dumps({{"argv": sys.argv[1:], "stdin": sys.stdin.read(),
                  "env": {{k: v for k, v in os.environ.items()}}}}))
"""


@pytest.fixture
def runner(tmp_path: Path) -> HelmRunner:
    binary = tmp_path / "helm"
    binary.write_text(FAKE.format(python=sys.executable))
    binary.chmod(binary.stat().st_mode | stat.S_IEXEC)
    return HelmRunner(binary, tmp_path / "home", grace_seconds=1.0)


def _cluster() -> ClusterDef:
    config = {
        "current-context": "b",
        "contexts": [
            {"name": "a", "context": {"cluster": "a", "user": "a"}},
            {"name": "b", "context": {"cluster": "b", "user": "b", "namespace": "x"}},
        ],
        "clusters": [
            {"name": "a", "cluster": {"server": "https://a"}},
            {"name": "b", "cluster": {"server": "https://b"}},
        ],
        "users": [{"name": "a", "user": {"token": "ta"}}, {"name": "b", "user": {"token": "tb"}}],
    }
    return ClusterDef(id="c1", name="c1", source="config", kubeconfig=config, context="b")


def _mode(runner: HelmRunner, mode: str) -> None:
    (runner.home / "home" / "mode").write_text(mode)


async def test_arguments_environment_stdin_and_kubeconfig(
    runner: HelmRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    _mode(runner, "echo")
    monkeypatch.setenv("KUBEDECK_SECRET_KEY", "must-not-leak")
    result = await runner.run(
        ["install", "--output=json", "--", "rel", "repo/chart"],
        what="t",
        timeout=10,
        cluster=_cluster(),
        namespace="team",
        stdin='{"a": 1}',
    )
    seen = json.loads(result.stdout)
    argv = seen["argv"]
    cut = argv.index("--")
    assert argv[cut:] == ["--", "rel", "repo/chart"]  # positionals stay after --
    assert "--namespace=team" in argv[:cut]
    kubeconfig = Path(next(a for a in argv if a.startswith("--kubeconfig="))[13:])
    assert stat.S_IMODE(os.stat(kubeconfig).st_mode) == 0o600
    with open(kubeconfig) as handle:  # noqa: ASYNC230 - a test reading a small local file
        config = yaml.safe_load(handle)
    assert [c["name"] for c in config["contexts"]] == ["b"]
    assert config["users"][0]["user"] == {"token": "tb"}
    assert seen["stdin"] == '{"a": 1}'
    env = seen["env"]
    assert "KUBEDECK_SECRET_KEY" not in env
    assert env["HELM_COLOR"] == "never" and env["HELM_NO_PLUGINS"] == "1"
    assert env["HELM_CONFIG_HOME"].startswith(str(runner.home))
    assert env["HELM_CACHE_HOME"].startswith(str(runner.home))
    assert env["HELM_DATA_HOME"].startswith(str(runner.home))
    # The kubeconfig is written once and reused while the cluster is the same.
    again = json.loads(
        (
            await runner.run(["list"], what="t", timeout=10, cluster=_cluster(), namespace=None)
        ).stdout
    )["argv"]
    assert f"--kubeconfig={kubeconfig}" in again and "--namespace=default" in again


async def test_timeout_sends_sigterm_first(runner: HelmRunner) -> None:
    _mode(runner, "hang")
    started = time.monotonic()
    with pytest.raises(HelmTimeout, match=r"did not finish within 0\.5s"):
        await runner.run(["upgrade"], what="t", timeout=0.5)
    assert (runner.home / "home" / "got-term").exists()
    assert time.monotonic() - started < 1.4  # exited on SIGTERM: no need to wait for SIGKILL


async def test_timeout_kills_what_ignores_sigterm(runner: HelmRunner) -> None:
    _mode(runner, "stubborn")
    started = time.monotonic()
    with pytest.raises(HelmTimeout):
        await runner.run(["upgrade"], what="t", timeout=0.5)
    took = time.monotonic() - started
    assert (runner.home / "home" / "got-term").exists()
    assert 1.4 <= took < 5  # the grace period passed, then SIGKILL
