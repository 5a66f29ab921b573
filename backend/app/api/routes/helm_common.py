"""What the Helm routers share: the audit body rewrite, permissions, parameters, the service."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from app.api.permissions import require_permission
from app.services import helm_validate as check
from app.services.helm_service import HelmService


async def _audit_body(request: Request) -> None:
    """What the audit log keeps of a helm request body: everything but values and secrets."""
    if request.method in ("POST", "PUT", "PATCH", "DELETE") and (raw := await request.body()):
        request.state.audit_details = {"body": check.audit_body(raw)}


def helm_router() -> APIRouter:
    """A router under /api/v1/helm whose first dependency rewrites what the audit keeps."""
    return APIRouter(prefix="/api/v1/helm", tags=["helm"], dependencies=[Depends(_audit_body)])


READ = require_permission("helm:read")
INSTALL = require_permission("helm:install")
UPGRADE = require_permission("helm:upgrade")
ROLLBACK = require_permission("helm:rollback")
UNINSTALL = require_permission("helm:uninstall")
REPOS = require_permission("helm:repos")

Namespace = Annotated[str, Query(max_length=63, description="the release's namespace")]
Revision = Annotated[int | None, Query(ge=1)]
Version = Annotated[str | None, Query(max_length=64, description="version or constraint")]


def _helm(request: Request) -> HelmService:
    service: HelmService = request.app.state.helm
    return service


Helm = Annotated[HelmService, Depends(_helm)]


def target(request: Request, kind: str, namespace: str | None, name: str | None = None) -> None:
    request.state.audit_kind = kind
    if namespace is not None:
        request.state.audit_namespace = namespace
    if name is not None:
        request.state.audit_name = name


def note(request: Request, **details: Any) -> None:
    request.state.audit_details = {**getattr(request.state, "audit_details", {}), **details}
