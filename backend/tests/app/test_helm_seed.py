"""RepoService in-process (real helm, a real SQLite file, a local chart repo): repositories
seeded from configuration, the DB → helm mirror, and a repository that cannot be registered."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from app.core import errors
from app.core.db import make_engine, migrate, session_factory
from app.core.security import SecretBox
from app.services.helm_charts import ChartService
from app.services.helm_errors import RepoUnavailable
from app.services.helm_repos import RepoService
from app.services.helm_runner import HelmRunner
from tests.support.chart_repo import ChartRepo, free_port
from tests.support.kubesim_process import tool


async def test_seeded_repositories_are_mirrored_into_helm(tmp_path: Path) -> None:
    served = ChartRepo(tmp_path / "repo", charts=("demo",), versions=("0.1.0",)).start()
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite'}")
    try:
        await migrate(engine)
        sessions = session_factory(engine)
        runner = HelmRunner(Path(tool("helm")), tmp_path / "helm")
        repos = RepoService(runner, SecretBox(Fernet.generate_key()), sessions, timeout=20)
        dead = f"http://127.0.0.1:{free_port()}"
        await repos.seed([("samples", served.url), ("dead", dead)])
        await repos.seed([("samples", served.url)])  # seeding again changes nothing
        await repos.sync()
        charts = ChartService(runner, repos)
        found = await charts.search("demo")
        assert [c.name for c in found] == ["samples/demo"]
        async with sessions() as session:
            listed = {r.name: r for r in await repos.listing(session)}
        assert listed["samples"].url == served.url and listed["samples"].error is None
        assert listed["dead"].error and "cannot be reached" in listed["dead"].error
        with pytest.raises(RepoUnavailable):
            await repos.resolve("dead/demo")
        with pytest.raises(errors.NotFound):
            await repos.resolve("nope/demo")
        # A fresh replica (its own helm home, same DB) mirrors the same repositories.
        other = RepoService(
            HelmRunner(Path(tool("helm")), tmp_path / "helm2"),
            SecretBox(Fernet.generate_key()),
            sessions,
            timeout=20,
        )
        assert [c.name for c in await ChartService(other.runner, other).search("demo")] == [
            "samples/demo"
        ]
        # A repository the configuration moved (the sample repo's port) follows it.
        await repos.seed([("samples", dead)])
        async with sessions() as session:
            moved = {r.name: r for r in await repos.listing(session)}
        assert moved["samples"].url == dead
    finally:
        await engine.dispose()
        served.stop()
