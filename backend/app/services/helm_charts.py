"""Charts: search the repositories' indexes, and read one chart's files.

Search is `helm search repo -o json` over the local index copies (no network). A chart's
values, README and `values.schema.json` come from one `helm pull --untar` (helm 4 has no
`show schema`, helm-cli-notes §2.1), read once and cached for a while: exact versions for ten
minutes, ranges and "latest" for thirty seconds.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from collections import OrderedDict
from pathlib import Path
from typing import Any

import yaml

from app.core import errors
from app.schemas.helm import ChartInfo, ChartOut
from app.services import helm_validate as check
from app.services.helm_repos import RepoService
from app.services.helm_runner import HelmRunner

_README_NAMES = ("README.md", "readme.md", "README.MD", "README.txt", "README")
_MAX_README = 512 * 1024
_CACHE_SIZE = 64


def _chart_out(entry: dict[str, Any]) -> ChartOut:
    name = str(entry.get("name", ""))
    repo, _, chart = name.partition("/")
    return ChartOut(
        name=name,
        repo=repo,
        chart=chart,
        version=str(entry.get("version", "")),
        app_version=str(entry.get("app_version", "")),
        description=str(entry.get("description", "")),
    )


def _read_text(path: Path, limit: int) -> str | None:
    if not path.is_file():
        return None
    with path.open("rb") as handle:
        return handle.read(limit).decode(errors="replace")


class ChartService:
    def __init__(self, runner: HelmRunner, repos: RepoService, timeout: float = 60.0) -> None:
        self.runner = runner
        self.repos = repos
        self.timeout = timeout
        self._cache: OrderedDict[tuple[str, str], tuple[float, ChartInfo]] = OrderedDict()

    async def search(
        self,
        query: str | None,
        repo: str | None = None,
        all_versions: bool = False,
        devel: bool = False,
        version: str | None = None,
    ) -> list[ChartOut]:
        query = check.search_query(query)
        if repo is not None:
            check.repo_name(repo)
        rows = await self.repos.sync()
        if not any(r.kind == "http" for r in rows.values()):
            return []  # helm says "no repositories configured" (rc 1): that is an empty list
        args = ["search", "repo", "--output=json"]
        if all_versions:
            args.append("--versions")
        if devel:
            args.append("--devel")
        if version := check.version(version):
            args.append(f"--version={version}")
        if query:
            args += ["--", query]
        result = await self.runner.run(args, what="helm search repo", timeout=self.timeout)
        charts = [_chart_out(e) for e in result.json() or [] if isinstance(e, dict)]
        return [c for c in charts if repo is None or c.repo == repo]

    async def versions(self, repo: str, chart: str) -> list[ChartOut]:
        check.repo_name(repo)
        check.chart_name(chart)
        rows = await self.repos.sync()
        row = rows.get(repo)
        if row is None:
            raise errors.NotFound(f"helm repository {repo!r} is not configured")
        if row.kind == "oci":
            raise errors.Invalid("OCI registries cannot be searched: give the version exactly")
        # Names are checked above ([A-Za-z0-9._-]): escaping the dots gives a literal regexp.
        # helm matches it against more than the name (anchors do not work), so filter after.
        pattern = f"{repo}/{chart}".replace(".", "\\.")
        result = await self.runner.run(
            ["search", "repo", "--regexp", "--versions", "--devel", "--output=json", "--", pattern],
            what="helm search repo",
            timeout=self.timeout,
        )
        found = [_chart_out(e) for e in result.json() or [] if isinstance(e, dict)]
        found = [c for c in found if c.name == f"{repo}/{chart}"]
        if not found:
            raise errors.NotFound(f"chart {repo}/{chart} is not in repository {repo}")
        return found

    async def info(self, ref: str, version: str | None) -> ChartInfo:
        """The chart's metadata, values.yaml, README and schema, from one pull."""
        version = check.version(version)
        resolved = await self.repos.resolve(ref)
        key = (resolved.ref, version or "")
        cached = self._cache.get(key)
        if cached is not None and cached[0] > time.monotonic():
            self._cache.move_to_end(key)
            return cached[1].model_copy(update={"ref": ref})
        scratch = self.runner.home / "tmp"
        scratch.mkdir(exist_ok=True, mode=0o700)
        where = Path(tempfile.mkdtemp(prefix="pull-", dir=scratch))
        try:
            args = ["pull", "--untar", f"--untardir={where}", *resolved.flags]
            if version:
                args.append(f"--version={version}")
            await self.runner.run(
                [*args, "--", resolved.ref], what=f"helm pull {ref}", timeout=self.timeout
            )
            info = self._read(ref, where)
        finally:
            shutil.rmtree(where, ignore_errors=True)
        ttl = 600.0 if check.is_exact_version(version) else 30.0
        self._cache[key] = (time.monotonic() + ttl, info)
        while len(self._cache) > _CACHE_SIZE:
            self._cache.popitem(last=False)
        return info

    def _read(self, ref: str, where: Path) -> ChartInfo:
        dirs = [p for p in where.iterdir() if p.is_dir()]
        if len(dirs) != 1:
            raise errors.Invalid(f"chart {ref}: the archive does not hold exactly one chart")
        root = dirs[0]
        metadata = yaml.safe_load(_read_text(root / "Chart.yaml", 1 << 20) or "") or {}
        values_yaml = _read_text(root / "values.yaml", check.MAX_VALUES_BYTES) or ""
        try:
            values = yaml.safe_load(values_yaml) or {}
        except yaml.YAMLError:
            values = {}
        schema_text = _read_text(root / "values.schema.json", 1 << 20)
        schema = None
        if schema_text:
            try:
                schema = json.loads(schema_text)
            except ValueError as exc:
                raise errors.Invalid(f"chart {ref}: values.schema.json is not JSON: {exc}") from exc
        readme = next(
            (t for n in _README_NAMES if (t := _read_text(root / n, _MAX_README)) is not None),
            None,
        )
        return ChartInfo(
            ref=ref,
            name=str(metadata.get("name", root.name)),
            version=str(metadata.get("version", "")),
            app_version=str(metadata.get("appVersion", "")),
            description=str(metadata.get("description", "")),
            metadata=metadata if isinstance(metadata, dict) else {},
            values_yaml=values_yaml,
            values=json.loads(json.dumps(values, default=str)) if isinstance(values, dict) else {},
            readme=readme,
            schema=schema if isinstance(schema, dict) else None,
        )
