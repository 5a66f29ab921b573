"""The app's routes with the permission each declares (for the authorization tests and docs)."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, APIWebSocketRoute, iter_route_contexts

from app.api.permissions import permission_of


@dataclass(frozen=True)
class RouteInfo:
    method: str  # "WS" for WebSocket routes
    path: str
    permissions: tuple[str, ...]  # every require_permission found; exactly one is expected


def _permissions(dependant: Dependant) -> list[str]:
    found = []
    for dep in dependant.dependencies:
        permission = permission_of(dep.call)
        if permission is not None:
            found.append(permission)
        found.extend(_permissions(dep))
    return found


def route_table(app: FastAPI) -> list[RouteInfo]:
    table: list[RouteInfo] = []
    for context in iter_route_contexts(app.routes):
        route = context.route
        if isinstance(route, APIRoute):
            perms = tuple(_permissions(route.dependant))
            for method in sorted(route.methods or ()):
                table.append(RouteInfo(method, context.path or route.path, perms))
        elif isinstance(route, APIWebSocketRoute):
            table.append(
                RouteInfo("WS", context.path or route.path, tuple(_permissions(route.dependant)))
            )
    return table
