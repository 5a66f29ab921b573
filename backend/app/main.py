"""create_app(): the FastAPI application, its lifespan and its routers."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlalchemy.exc import IntegrityError

from app.api.routes import (
    actions,
    audit,
    auth,
    clusters,
    cost,
    health,
    helm,
    helm_catalog,
    live,
    pod_streams,
    resources,
    users,
)
from app.api.spa import SinglePageApp
from app.core import errors
from app.core.config import Settings
from app.core.db import make_engine, migrate, session_factory
from app.core.security import SecretBox, load_or_create_key
from app.core.tokens import load_or_create_signing_key
from app.middleware.audit import AuditMiddleware, SecurityHeadersMiddleware
from app.middleware.request_id import RequestIdMiddleware
from app.services.audit_service import AuditService
from app.services.auth_service import AuthService
from app.services.cluster_service import ClusterService
from app.services.cost_service import CostService
from app.services.helm_service import HelmService
from app.services.watch_cache import WatchCache


async def _first_admin(app: FastAPI) -> None:
    async with app.state.sessions() as session:
        try:
            password = await app.state.auth.ensure_admin(session)
            await session.commit()
        except IntegrityError:
            return  # replicas starting together: another one created the admin first
    if password is not None:
        # Printed once, never logged: the operator must change it at first login.
        print(
            "\n" + "=" * 64 + "\nkubedeck first start: sign in as 'admin' with password\n"
            f"    {password}\nYou will be asked to change it.\n" + "=" * 64 + "\n",
            file=sys.stdout,
            flush=True,
        )


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
        app.state.auth = AuthService(
            settings, load_or_create_signing_key(settings.jwt_secret, settings.data_dir)
        )
        app.state.audit = AuditService(app.state.sessions, settings.audit_retention_days)
        await app.state.audit.purge_expired()
        await _first_admin(app)
        app.state.clusters = ClusterService(settings, box, app.state.sessions)
        await app.state.clusters.load()
        app.state.clusters.start()
        app.state.watch_cache = WatchCache(
            app.state.clusters,
            idle_seconds=settings.watch_idle_seconds,
            timeout=settings.cluster_timeout_seconds,
        )
        app.state.watch_cache.start()
        app.state.clusters.on_dropped.append(app.state.watch_cache.drop_cluster)
        app.state.helm = HelmService(
            settings.helm_path,
            settings.data_dir / "helm",
            box,
            app.state.sessions,
            app.state.clusters,
            app.state.audit,
            seed_repos=sorted(settings.helm_repos.items()),
        )
        await app.state.helm.start()
        app.state.cost = CostService(
            app.state.clusters, app.state.sessions, settings.cost_sample_interval
        )
        app.state.cost.collector.start()
        try:
            yield
        finally:
            await app.state.cost.collector.stop()
            await app.state.helm.stop()  # running helm operations end failed, not pending
            await app.state.watch_cache.stop()
            await app.state.clusters.stop()
            await engine.dispose()

    app = FastAPI(
        title="kubedeck",
        version="0.1.0",
        lifespan=lifespan,
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
    )
    # Outermost last: request ids first, then headers, then the audit (which reads the state).
    app.add_middleware(AuditMiddleware)
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(RequestIdMiddleware)
    errors.install_handlers(app)
    app.include_router(health.router)
    app.include_router(auth.router)
    app.include_router(users.router)
    app.include_router(audit.router)
    app.include_router(clusters.router)
    app.include_router(helm_catalog.router)
    app.include_router(helm.router)
    app.include_router(cost.router)
    # Specific paths before the generic `/api/v1/{resource}` routes, which would shadow them.
    app.include_router(actions.router)
    app.include_router(pod_streams.router)
    app.include_router(live.router)
    app.include_router(resources.router)
    app.mount("/", SinglePageApp(settings.frontend_dist))
    return app
