"""HTTP handlers for resource requests: one method per verb, each a thin call into ApiServer."""

from __future__ import annotations

import json
from typing import Any

import orjson
from aiohttp import web

from kubesim import bodies, errors, params, reviews, scale, watch
from kubesim.apiserver import PATCH_TYPES, ApiServer, DeleteOptions, ListResult
from kubesim.catalogue import REVIEW_GROUPS, ResourceType
from kubesim.patching import PatchError, json_merge_patch, json_patch, strategic_merge_patch
from kubesim.routing import Target
from kubesim.tables import render_table

Obj = dict[str, Any]
TABLE_CONTENT_TYPE = "application/json;as=Table;v=v1;g=meta.k8s.io"


def json_response(
    body: Any, status: int = 200, content_type: str = "application/json"
) -> web.Response:
    return web.Response(body=dumps(body), status=status, headers={"Content-Type": content_type})


def dumps(body: Any) -> bytes:
    """orjson is ~5x faster on a 10,000-pod list; it refuses what JSON allows but it does not
    (integers beyond 64 bits a client may have sent), so those take the standard encoder."""
    try:
        return orjson.dumps(body)
    except TypeError:
        return json.dumps(body, separators=(",", ":")).encode()


def _require_verb(rt: ResourceType, verb: str) -> None:
    if verb not in rt.verbs:
        raise errors.method_not_supported(rt.qualified_name, verb)


class ResourceHandlers:
    def __init__(self, api: ApiServer) -> None:
        self.api = api

    async def handle(self, request: web.Request, target: Target) -> web.StreamResponse:
        method = request.method
        if method == "GET":
            return await self._get(request, target)
        if method == "POST":
            return await self._post(request, target)
        if method == "PUT":
            return await self._put(request, target)
        if method == "PATCH":
            return await self._patch(request, target)
        if method == "DELETE":
            return await self._delete(request, target)
        raise errors.StatusError(
            405,
            "MethodNotAllowed",
            f"the server does not allow this method on the requested resource: {method}",
        )

    # ---- GET -------------------------------------------------------------------------------
    async def _get(self, request: web.Request, target: Target) -> web.StreamResponse:
        rt, q = target.rt, request.query
        if rt.group == "metrics.k8s.io":
            return self._metrics(request, target)
        if target.name is None:
            if params.flag(q, "watch"):
                _require_verb(rt, "watch")
                return await watch.serve(request, self.api, self._watch_request(request, target))
            _require_verb(rt, "list")
            result = self.api.list(
                rt,
                target.namespace,
                params.label_selector(q),
                params.field_selector(q, rt.resource),
                params.non_negative_int(q, "limit"),
                q.get("continue", ""),
            )
            return self._list_response(request, rt, result)
        _require_verb(rt, "get")
        obj = self.api.get(rt, target.namespace or "", target.name)
        if target.subresource == "scale":
            return json_response(scale.scale_of(obj))
        if target.subresource in _POD_STREAMS and rt.resource == "pods" and not rt.group:
            return await _serve_pod_stream(request, self.api, target.subresource, obj)
        if target.subresource not in ("", "status"):
            raise errors.path_not_found()
        return self._object_response(request, rt, obj)

    def _metrics(self, request: web.Request, target: Target) -> web.Response:
        """Metrics are computed from the running pods on each request, never stored."""
        from kubesim.metrics_api import metrics_get, metrics_list

        if target.name is None:
            _require_verb(target.rt, "list")
            labels = params.label_selector(request.query)
            return json_response(metrics_list(self.api, target.rt, target.namespace, labels))
        return json_response(metrics_get(self.api, target.rt, target.namespace, target.name))

    def _watch_request(self, request: web.Request, target: Target) -> watch.WatchRequest:
        q, rt = request.query, target.rt
        timeout = params.non_negative_int(q, "timeoutSeconds")
        return watch.WatchRequest(
            rt=rt,
            namespace=target.namespace,
            labels=params.label_selector(q),
            fields=params.field_selector(q, rt.resource),
            resource_version=params.resource_version(q),
            send_initial_events=params.flag(q, "sendInitialEvents"),
            allow_bookmarks=params.flag(q, "allowWatchBookmarks"),
            timeout_seconds=float(timeout) if timeout else None,
            table=params.wants_table(request.headers.get("Accept", "")),
            include_object=params.include_object(q),
        )

    def _list_response(
        self, request: web.Request, rt: ResourceType, result: ListResult
    ) -> web.Response:
        if params.wants_table(request.headers.get("Accept", "")):
            table = render_table(
                rt.resource,
                result.items,
                include_object=params.include_object(request.query),
                resource_version=result.resource_version,
                continue_token=result.continue_token,
            )
            return json_response(table, content_type=TABLE_CONTENT_TYPE)
        md: Obj = {"resourceVersion": result.resource_version}
        if result.continue_token:
            md["continue"] = result.continue_token
            md["remainingItemCount"] = result.remaining
        return json_response(
            {
                "kind": f"{rt.kind}List",
                "apiVersion": rt.api_version,
                "metadata": md,
                "items": result.items,
            }
        )

    def _object_response(
        self, request: web.Request, rt: ResourceType, obj: Obj, status: int = 200
    ) -> web.Response:
        if params.wants_table(request.headers.get("Accept", "")):
            table = render_table(
                rt.resource,
                [obj],
                include_object=params.include_object(request.query),
                resource_version=obj["metadata"].get("resourceVersion", ""),
            )
            return json_response(table, status, TABLE_CONTENT_TYPE)
        return json_response(obj, status)

    # ---- POST ------------------------------------------------------------------------------
    async def _post(self, request: web.Request, target: Target) -> web.StreamResponse:
        rt = target.rt
        if target.subresource in ("exec", "attach"):
            pod = self.api.get(rt, target.namespace or "", target.name or "")
            return await _serve_pod_stream(request, self.api, target.subresource, pod)
        body = bodies.decode(await request.read(), request.headers.get("Content-Type"))
        if rt.group in REVIEW_GROUPS:
            return json_response(reviews.answer(rt.kind, rt.api_version, body), 201)
        if target.name is not None:
            if target.subresource == "eviction" and rt.resource == "pods" and not rt.group:
                self.api.delete(
                    rt,
                    target.namespace or "",
                    target.name,
                    DeleteOptions.from_body((body or {}).get("deleteOptions"), False),
                )
                return json_response(
                    {
                        "kind": "Status",
                        "apiVersion": "v1",
                        "metadata": {},
                        "status": "Success",
                        "code": 201,
                    },
                    201,
                )
            raise errors.method_not_supported(rt.qualified_name, "create")
        _require_verb(rt, "create")
        if rt.namespaced and target.namespace is None:
            raise errors.path_not_found()
        dry_run = params.dry_run(request.query.getall("dryRun", []))
        created = self.api.create(rt, target.namespace or "", body, dry_run)
        return self._object_response(request, rt, created, 201)

    # ---- PUT / PATCH -----------------------------------------------------------------------
    def _named(self, target: Target, verb: str) -> str:
        _require_verb(target.rt, verb)
        if target.name is None:
            raise errors.method_not_supported(target.rt.qualified_name, verb)
        return target.name

    async def _put(self, request: web.Request, target: Target) -> web.Response:
        rt, name = target.rt, self._named(target, "update")
        body = bodies.decode(await request.read(), request.headers.get("Content-Type"))
        dry_run = params.dry_run(request.query.getall("dryRun", []))
        ns = target.namespace or ""
        if target.subresource == "scale":
            return json_response(self._write_scale(rt, ns, name, body, dry_run))
        if target.subresource not in ("", "status"):
            raise errors.path_not_found()
        updated = self.api.update(rt, ns, name, body, dry_run, target.subresource)
        return self._object_response(request, rt, updated)

    async def _patch(self, request: web.Request, target: Target) -> web.Response:
        rt, name = target.rt, self._named(target, "patch")
        patch_type = PATCH_TYPES.get(bodies.media_type(request.headers.get("Content-Type")))
        if patch_type is None:
            raise errors.unsupported_media(
                f"the body of the request was in an unknown format - accepted media types "
                f"include: {', '.join(PATCH_TYPES)}"
            )
        raw = await request.read()
        content_type = "application/yaml" if patch_type == "apply" else "application/json"
        patch = bodies.decode(raw, content_type)
        dry_run = params.dry_run(request.query.getall("dryRun", []))
        ns = target.namespace or ""
        if target.subresource == "scale":
            current = scale.scale_of(self.api.get(rt, ns, name))
            return json_response(
                self._write_scale(rt, ns, name, _patch_plain(current, patch_type, patch), dry_run)
            )
        if target.subresource not in ("", "status"):
            raise errors.path_not_found()
        obj, created = self.api.patch(
            rt,
            ns,
            name,
            patch_type,
            patch,
            dry_run,
            request.query.get("fieldManager", ""),
            target.subresource,
        )
        return self._object_response(request, rt, obj, 201 if created else 200)

    def _write_scale(self, rt: ResourceType, ns: str, name: str, body: Any, dry_run: bool) -> Obj:
        replicas = scale.replicas_from_scale(body, name)
        current = self.api.get(rt, ns, name)
        rv = (body.get("metadata") or {}).get("resourceVersion") if isinstance(body, dict) else None
        if rv and rv != current["metadata"]["resourceVersion"]:
            raise errors.conflict(rt.qualified_name, name)
        current.setdefault("spec", {})["replicas"] = replicas
        current["metadata"].pop("resourceVersion", None)
        return scale.scale_of(self.api.update(rt, ns, name, current, dry_run))

    # ---- DELETE ----------------------------------------------------------------------------
    async def _delete(self, request: web.Request, target: Target) -> web.Response:
        rt, q = target.rt, request.query
        raw = await request.read()
        body = bodies.decode(raw, request.headers.get("Content-Type")) if raw.strip() else None
        if body is not None and not isinstance(body, dict):
            raise errors.bad_request("DeleteOptions must be an object")
        dry_run = params.dry_run(q.getall("dryRun", []))
        if q.get("propagationPolicy"):
            body = {**(body or {}), "propagationPolicy": q["propagationPolicy"]}
        options = DeleteOptions.from_body(body, dry_run)
        if target.name is None:
            _require_verb(rt, "deletecollection")
            result = self.api.delete_collection(
                rt,
                target.namespace,
                params.label_selector(q),
                params.field_selector(q, rt.resource),
                options,
            )
            return self._list_response(request, rt, result)
        _require_verb(rt, "delete")
        if target.subresource:
            raise errors.method_not_supported(rt.qualified_name, "delete")
        return json_response(self.api.delete(rt, target.namespace or "", target.name, options))


_POD_STREAMS = ("log", "exec", "attach")


async def _serve_pod_stream(
    request: web.Request, api: ApiServer, subresource: str, pod: Obj
) -> web.StreamResponse:
    # Imported here: the streaming modules pull in the log generator and the simulated shell,
    # which nothing else on the request path needs.
    if subresource == "log":
        from kubesim.logs import serve_logs

        return await serve_logs(request, api, pod)
    from kubesim.exec import serve_exec

    return await serve_exec(request, api, pod)


def _patch_plain(current: Obj, patch_type: str, patch: Any) -> Any:
    """Patch a plain document (the Scale view) with any patch type but apply."""
    try:
        if patch_type == "merge":
            return json_merge_patch(current, patch)
        if patch_type == "json":
            return json_patch(current, patch)
        if patch_type == "strategic" and isinstance(patch, dict):
            return strategic_merge_patch(current, patch)
        if patch_type == "apply" and isinstance(patch, dict):
            return json_merge_patch(current, patch)
    except PatchError as exc:
        raise errors.StatusError(422, "Invalid", str(exc)) from exc
    raise errors.bad_request("the patch must be a JSON object")
