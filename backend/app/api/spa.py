"""Serving the built web app: files from `frontend/dist`, and index.html for client routes."""

from __future__ import annotations

from pathlib import Path

from starlette.responses import FileResponse, JSONResponse, Response
from starlette.types import Receive, Scope, Send


class SinglePageApp:
    """Mounted last at `/`: anything the API routers did not match lands here."""

    def __init__(self, dist: Path) -> None:
        self.dist = dist.resolve()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = self._response(scope)
        await response(scope, receive, send)

    def _response(self, scope: Scope) -> Response:
        path = scope.get("path", "/")
        if path.startswith("/api/") or scope.get("method") not in ("GET", "HEAD"):
            return JSONResponse(
                {
                    "error": "NotFound",
                    "detail": f"no route for {path}",
                    "request_id": (scope.get("state") or {}).get("request_id"),
                },
                status_code=404,
            )
        candidate = (self.dist / path.lstrip("/")).resolve()
        # Never serve outside dist (`..` in the path), and never a directory listing.
        if candidate.is_relative_to(self.dist) and candidate.is_file():
            immutable = "/assets/" in path
            return FileResponse(
                candidate,
                headers={
                    "Cache-Control": "public, max-age=31536000, immutable"
                    if immutable
                    else "no-cache"
                },
            )
        index = self.dist / "index.html"
        if index.is_file():
            return FileResponse(index, headers={"Cache-Control": "no-cache"})
        return JSONResponse(
            {
                "error": "NotFound",
                "detail": "the web app is not built: run `make run` (it builds frontend/)",
                "request_id": None,
            },
            status_code=404,
        )
