from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.kubesim_process import Kubesim

_counter = itertools.count()


@pytest.fixture(scope="session")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Kubesim]:
    """One TLS kubesim for the session; tests keep to their own namespaces."""
    sim = Kubesim(tmp_path_factory.mktemp("kubesim-tls"), "sim-tls").start()
    yield sim
    sim.stop()


@pytest.fixture(scope="session")
def plain_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Kubesim]:
    sim = Kubesim(tmp_path_factory.mktemp("kubesim-plain"), "sim-plain", plain_http=True).start()
    yield sim
    sim.stop()


@pytest.fixture
def namespace(cluster: Kubesim, request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh namespace per test, removed afterwards."""
    name = f"t{next(_counter)}-{request.node.name.replace('_', '-')[:40].strip('-').lower()}"
    name = "".join(c for c in name if c.isalnum() or c == "-").strip("-")
    cluster.kubectl("create", "namespace", name)
    yield name
    cluster.kubectl("delete", "namespace", name, "--wait=false", check=False)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path
