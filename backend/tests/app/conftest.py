from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.kubedeck_process import Kubedeck
from tests.support.kubesim_process import Kubesim


@pytest.fixture(scope="session")
def sim_a(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Kubesim]:
    sim = Kubesim(tmp_path_factory.mktemp("sim-a"), "alpha").start()
    yield sim
    sim.stop()


@pytest.fixture(scope="session")
def sim_b(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Kubesim]:
    sim = Kubesim(tmp_path_factory.mktemp("sim-b"), "beta").start()
    yield sim
    sim.stop()


@pytest.fixture(scope="session")
def deck(
    tmp_path_factory: pytest.TempPathFactory, sim_a: Kubesim, sim_b: Kubesim
) -> Iterator[Kubedeck]:
    """kubedeck over two real kubesim clusters (alpha is the default)."""
    app = Kubedeck(
        tmp_path_factory.mktemp("kubedeck"),
        clusters=[
            {
                "id": "alpha",
                "name": "Alpha",
                "kubeconfig_path": str(sim_a.kubeconfig),
                "is_default": True,
            },
            {"id": "beta", "name": "Beta", "kubeconfig_path": str(sim_b.kubeconfig)},
        ],
    ).start()
    yield app
    app.stop()
