"""The kubesim HTTP application: auth, error translation, and dispatch to discovery or resources."""

from __future__ import annotations

import hmac
import logging
from collections.abc import Awaitable, Callable

from aiohttp import web
from aiohttp.typedefs import Middleware

from kubesim import crds, discovery, errors, metrics, openapi, scenarios
from kubesim.apiserver import ApiServer
from kubesim.catalogue import BUILTIN, Catalogue
from kubesim.controllers.runtime import Manager, SimSettings
from kubesim.controllers.setup import build_manager
from kubesim.handlers import ResourceHandlers, json_response
from kubesim.metrics_api import GROUP as METRICS_GROUP
from kubesim.routing import resolve, split_path
from kubesim.store import Store

log = logging.getLogger("kubesim")

KUBERNETES_VERSION = {
    "major": "1",
    "minor": "37",
    "emulationMajor": "1",
    "emulationMinor": "37",
    "minCompatibilityMajor": "1",
    "minCompatibilityMinor": "36",
    "gitVersion": "v1.37.0-kubesim",
    "gitCommit": "0000000000000000000000000000000000000000",
    "gitTreeState": "clean",
    "buildDate": "2026-10-01T00:00:00Z",
    "goVersion": "go1.27",
    "compiler": "gc",
    "platform": "linux/amd64",
}
# Like a real API server, these answer without credentials (system:public-info-viewer).
_PUBLIC_PATHS = frozenset({"/healthz", "/readyz", "/livez", "/version"})

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
API_KEY: web.AppKey[ApiServer] = web.AppKey("api", ApiServer)


def build_api(
    scenario: str,
    cluster_name: str,
    watch_history: int = 20_000,
    settings: SimSettings | None = None,
    metrics_api: bool = True,
) -> tuple[ApiServer, Manager]:
    """The API with its controllers registered and the scenario's objects created.

    The manager is not started: the caller starts it once the event loop runs."""
    settings = settings or SimSettings()
    build_scenario = scenarios.resolve(scenario)  # fails fast on a bad name
    # Without metrics_api the cluster is one with no metrics-server: metrics.k8s.io is not served.
    types = [t for t in BUILTIN if metrics_api or t.group != METRICS_GROUP]
    api = ApiServer(Catalogue(types), Store(watch_history))
    crds.install(api)
    scenarios.install_namespace_defaults(api)
    manager = build_manager(api, settings)
    metrics.configure(api, settings.seed)
    build_scenario(api, cluster_name, settings.seed)
    return api, manager


def _auth_middleware(token: str | None) -> Middleware:
    expected = f"Bearer {token}".encode() if token else None

    @web.middleware
    async def authenticate(request: web.Request, handler: Handler) -> web.StreamResponse:
        if expected is not None and request.path not in _PUBLIC_PATHS:
            given = request.headers.get("Authorization", "").encode()
            if not hmac.compare_digest(given, expected):
                return json_response(errors.unauthorized().to_status(), 401)
        return await handler(request)

    return authenticate


@web.middleware
async def status_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except errors.StatusError as exc:
        return json_response(exc.to_status(), exc.code)
    except web.HTTPException:
        raise
    except Exception:
        # A bug in kubesim must never take the server down or leak a traceback to the client.
        log.exception("internal error on %s %s", request.method, request.path_qs)
        status = errors.StatusError(
            500, "InternalError", "kubesim hit an internal error; see its log"
        )
        return json_response(status.to_status(), 500)


class Dispatcher:
    def __init__(self, api: ApiServer, server_address: str) -> None:
        self.api = api
        self.server_address = server_address
        self.resources = ResourceHandlers(api)

    async def __call__(self, request: web.Request) -> web.StreamResponse:
        path = request.path.rstrip("/") or "/"
        if path in ("/healthz", "/readyz", "/livez"):
            return web.Response(text="ok")
        if path == "/version":
            return json_response(KUBERNETES_VERSION)
        if path.startswith("/openapi/"):
            return self._openapi(path)
        split = split_path(path)
        if split is None:
            return self._root_discovery(request, path)
        gv, rest = split
        if not rest:
            return self._group_discovery(gv.group, gv.version)
        return await self.resources.handle(request, resolve(self.api.catalogue, gv, rest))

    def _root_discovery(self, request: web.Request, path: str) -> web.Response:
        if path not in ("/api", "/apis"):
            raise errors.path_not_found()
        media = discovery.negotiate_aggregated(request.headers.get("Accept", ""))
        core = path == "/api"
        if media is not None:
            return json_response(
                discovery.aggregated(self.api.catalogue, core, media), content_type=media
            )
        if core:
            return json_response(discovery.legacy_api_versions(self.server_address))
        return json_response(discovery.legacy_group_list(self.api.catalogue))

    def _group_discovery(self, group: str, version: str | None) -> web.Response:
        doc = (
            discovery.legacy_group(self.api.catalogue, group)
            if version is None
            else discovery.resource_list(self.api.catalogue, group, version)
        )
        if doc is None:
            raise errors.path_not_found()
        return json_response(doc)

    def _openapi(self, path: str) -> web.Response:
        if path == "/openapi/v3":
            return json_response(openapi.root_document(self.api.catalogue))
        if path.startswith("/openapi/v3/"):
            doc = openapi.document_for_path(self.api.catalogue, path.removeprefix("/openapi/v3/"))
            if doc is not None:
                return json_response(doc)
        raise errors.path_not_found()


def create_app(api: ApiServer, token: str | None, server_address: str) -> web.Application:
    app = web.Application(
        middlewares=[status_errors, _auth_middleware(token)], client_max_size=64 * 1024 * 1024
    )
    app[API_KEY] = api
    app.router.add_route("*", "/{tail:.*}", Dispatcher(api, server_address).__call__)

    async def close_watches(_: web.Application) -> None:
        api.store.close_all_watchers()

    app.on_shutdown.append(close_watches)
    return app
