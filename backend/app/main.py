"""create_app(): the FastAPI application, its lifespan and its routers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from app.api.routes import actions, clusters, health, live, resources
from app.core import errors
from app.core.config import Settings
from app.core.db import make_engine, migrate, session_factory
from app.core.security import SecretBox, load_or_create_key
from app.middleware.request_id import RequestIdMiddleware
from app.services.cluster_service import ClusterService


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        engine = make_engine(settings.resolved_database_url)
        await migrate(engine)
        app.state.settings = settings
        app.state.sessions = session_factory(engine)
        box = SecretBox(load_or_create_key(settings.secret_key, settings.data_dir))
        app.state.clusters = ClusterService(settings, box, app.state.sessions)
        await app.state.clusters.load()
        app.state.clusters.start()
        try:
            yield
        finally:
            await app.state.clusters.stop()
            await engine.dispose()

    app = FastAPI(title="kubedeck", version="0.1.0", lifespan=lifespan,
                  openapi_url="/api/openapi.json", docs_url="/api/docs", redoc_url=None)
    app.add_middleware(RequestIdMiddleware)
    errors.install_handlers(app)
    app.include_router(health.router)
    app.include_router(clusters.router)
    # Specific paths before the generic `/api/v1/{resource}` routes, which would shadow them.
    app.include_router(actions.router)
    app.include_router(live.router)
    app.include_router(resources.router)
    return app
