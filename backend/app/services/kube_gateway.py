"""One cluster's Kubernetes API, reached only through its kubeconfig.

kubernetes_asyncio loads the kubeconfig (tokens, client certificates, exec plugins, OIDC);
requests go over one aiohttp session per cluster and come back as raw JSON dicts, because big
lists must never become generated model objects. Kubernetes errors are translated into ours
with their real message; network failures and timeouts become 503 naming the cluster.
"""

from __future__ import annotations

import asyncio
import json
import ssl
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiohttp
import yaml
from kubernetes_asyncio.client import Configuration
from kubernetes_asyncio.config.kube_config import KubeConfigLoader

from app.core import errors

JSON = Any


class BadKubeconfig(errors.BadRequest):
    error = "BadKubeconfig"


def parse_kubeconfig(text: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise BadKubeconfig(f"the kubeconfig is not valid YAML: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("contexts"), list):
        raise BadKubeconfig("the kubeconfig has no contexts")
    return data


def context_names(config: Mapping[str, Any]) -> list[str]:
    return [str(c.get("name")) for c in config.get("contexts") or [] if isinstance(c, dict)]


class KubeGateway:
    def __init__(
        self,
        cluster_id: str,
        kubeconfig: dict[str, Any],
        context: str | None,
        timeout: float,
        base_path: Path | None = None,
        temp_dir: Path | None = None,
    ) -> None:
        self.cluster_id = cluster_id
        self._kubeconfig = kubeconfig
        self._context = context
        self.timeout = timeout
        self._base_path = base_path
        self._temp_dir = temp_dir
        self._session: aiohttp.ClientSession | None = None
        self._host = ""
        self._auth: dict[str, str] = {}
        self._ssl: ssl.SSLContext | bool = True
        self._lock = asyncio.Lock()

    @property
    def host(self) -> str:
        return self._host

    async def _connect(self) -> aiohttp.ClientSession:
        async with self._lock:
            if self._session is not None and not self._session.closed:
                return self._session
            cfg = Configuration()
            try:
                loader = KubeConfigLoader(
                    config_dict=self._kubeconfig,
                    active_context=self._context,
                    config_base_path=str(self._base_path or ""),
                    temp_file_path=str(self._temp_dir) if self._temp_dir else None,
                )
                await loader.load_and_set(cfg)
            except Exception as exc:  # the loader raises many kinds for a broken kubeconfig
                raise BadKubeconfig(
                    f"cluster {self.cluster_id}: cannot load its kubeconfig: {exc}"
                ) from exc
            self._host = str(cfg.host).rstrip("/")
            token = cfg.api_key.get("BearerToken") or cfg.api_key.get("authorization")
            self._auth = {"Authorization": token} if token else {}
            self._ssl = _ssl_context(cfg) if self._host.startswith("https") else False
            # Each cached kind holds one long-lived watch: leave plenty of room for requests.
            connector = aiohttp.TCPConnector(limit=64, ssl=self._ssl)
            self._session = aiohttp.ClientSession(connector=connector)
            return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    def _timeout(self, seconds: float | None) -> aiohttp.ClientTimeout:
        total = self.timeout if seconds is None else seconds
        return aiohttp.ClientTimeout(total=total, connect=min(self.timeout, total or self.timeout))

    async def request(
        self,
        method: str,
        path: str,
        *,
        query: Mapping[str, Any] | None = None,
        body: JSON = None,
        content_type: str = "application/json",
        timeout: float | None = None,
    ) -> JSON:
        session = await self._connect()
        data = (
            None if body is None else (body if isinstance(body, bytes | str) else json.dumps(body))
        )
        headers = {**self._auth, "Accept": "application/json"}
        if data is not None:
            headers["Content-Type"] = content_type
        try:
            async with session.request(
                method,
                self._host + path,
                params=_params(query),
                data=data,
                headers=headers,
                timeout=self._timeout(timeout),
            ) as reply:
                raw = await reply.read()
                if reply.status >= 400:
                    raise self.translate(reply.status, raw)
                ctype = reply.headers.get("Content-Type", "")
                return json.loads(raw) if "json" in ctype else raw.decode(errors="replace")
        except (aiohttp.ClientError, OSError, TimeoutError) as exc:
            raise self.unavailable(exc) from exc

    @asynccontextmanager
    async def stream(
        self, path: str, query: Mapping[str, Any] | None = None, timeout: float | None = None
    ) -> AsyncIterator[aiohttp.ClientResponse]:
        """A streaming GET (watch, log follow); `timeout` None means no overall limit."""
        session = await self._connect()
        client_timeout = aiohttp.ClientTimeout(
            total=timeout, connect=self.timeout, sock_connect=self.timeout
        )
        try:
            async with session.get(
                self._host + path,
                params=_params(query),
                headers={**self._auth, "Accept": "application/json"},
                timeout=client_timeout,
            ) as reply:
                if reply.status >= 400:
                    raise self.translate(reply.status, await reply.read())
                yield reply
        except (aiohttp.ClientConnectionError, OSError) as exc:
            raise self.unavailable(exc) from exc

    async def websocket(
        self, path: str, query: list[tuple[str, str]], protocols: tuple[str, ...]
    ) -> aiohttp.ClientWebSocketResponse:
        session = await self._connect()
        url = self._host.replace("https://", "wss://").replace("http://", "ws://") + path
        try:
            return await session.ws_connect(
                url,
                params=query,
                protocols=protocols,
                headers=self._auth,
                timeout=aiohttp.ClientWSTimeout(ws_receive=None, ws_close=self.timeout),
            )
        except aiohttp.WSServerHandshakeError as exc:
            raise errors.BadRequest(
                f"cluster {self.cluster_id}: exec refused: {exc.message}"
            ) from exc
        except (aiohttp.ClientError, OSError, TimeoutError) as exc:
            raise self.unavailable(exc) from exc

    def unavailable(self, exc: BaseException) -> errors.AppError:
        if isinstance(exc, TimeoutError | asyncio.TimeoutError):
            return errors.ClusterUnavailable(
                f"cluster {self.cluster_id} did not answer within {self.timeout:g}s",
                extra={"cluster_id": self.cluster_id, "reason": "timeout"},
            )
        return errors.ClusterUnavailable(
            f"cluster {self.cluster_id} is unreachable: {exc or type(exc).__name__}",
            extra={"cluster_id": self.cluster_id, "reason": "unreachable"},
        )

    def translate(self, status: int, raw: bytes) -> errors.AppError:
        """A Kubernetes error reply as ours, keeping the API server's message."""
        try:
            message = str(json.loads(raw).get("message") or "")
        except (ValueError, AttributeError):
            message = raw.decode(errors="replace")[:500]
        message = message or f"HTTP {status}"
        if status == 401:
            return errors.Forbidden(
                f"cluster {self.cluster_id} rejected kubedeck's "
                f"credentials (unauthorized): {message}",
                extra={"cluster_id": self.cluster_id},
            )
        if status == 403:
            return errors.Forbidden(
                f"cluster {self.cluster_id} forbids it: {message}",
                extra={"cluster_id": self.cluster_id},
            )
        kinds: dict[int, type[errors.AppError]] = {
            404: errors.NotFound,
            409: errors.Conflict,
            410: errors.Conflict,
            422: errors.Invalid,
            415: errors.BadRequest,
            429: errors.TooManyRequests,
        }
        if status >= 500:
            return errors.ClusterUnavailable(
                f"cluster {self.cluster_id} failed: {message}",
                extra={"cluster_id": self.cluster_id},
            )
        return kinds.get(status, errors.BadRequest)(message)


def _params(query: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for key, value in (query or {}).items():
        if value is None:
            continue
        values = value if isinstance(value, list | tuple) else [value]
        for item in values:
            out.append((key, "true" if item is True else "false" if item is False else str(item)))
    return out


def _ssl_context(cfg: Configuration) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=cfg.ssl_ca_cert or None)
    if cfg.cert_file and cfg.key_file:
        context.load_cert_chain(cfg.cert_file, cfg.key_file)
    if not cfg.verify_ssl:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    elif getattr(cfg, "tls_server_name", None):
        context.check_hostname = True
    return context
