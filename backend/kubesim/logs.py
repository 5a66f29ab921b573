"""`GET pods/{name}/log`: the container's simulated log as text/plain, optionally followed.

Which instance's log a request reads and the errors it gets follow the kubelet
(validateContainerLogStatus); the lines come from kubesim.loglines. With `follow`, new lines are
written (chunked) as their time comes, until the client leaves, the pod goes away or the
container instance stops.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from kubesim import errors, params, podcontainers
from kubesim.apiserver import ApiServer
from kubesim.log_select import same_instance, select_log
from kubesim.loglines import NS, ContainerLog, format_lines

Obj = dict[str, Any]
PODS = ("", "pods")
POLL_SECONDS = 1.0  # how often a follower re-reads the pod
_INLINE_LINES = 500  # more lines than this are rendered in a worker thread
CONTENT_TYPE = "text/plain"


@dataclass(frozen=True)
class LogOptions:
    container: str = ""
    follow: bool = False
    previous: bool = False
    timestamps: bool = False
    tail: int | None = None
    since_ns: int | None = None
    limit_bytes: int | None = None


def _int(query: Mapping[str, str], name: str) -> int | None:
    value = query.get(name)
    if value is None or value == "":
        return None
    try:
        return int(value)
    except ValueError as exc:
        raise errors.bad_request(f'{name}: Invalid value: "{value}": must be an integer') from exc


def _invalid(pod: str, field: str, value: int, why: str) -> errors.StatusError:
    return errors.invalid("PodLogOptions", pod, field, value, why)


def parse_options(query: Mapping[str, str], pod_name: str, now_ns: int) -> LogOptions:
    tail = _int(query, "tailLines")
    limit = _int(query, "limitBytes")
    since_seconds = _int(query, "sinceSeconds")
    since_text = query.get("sinceTime") or ""
    if tail is not None and tail < 0:
        raise _invalid(pod_name, "tailLines", tail, "must be greater than or equal to 0")
    if limit is not None and limit < 1:
        raise _invalid(pod_name, "limitBytes", limit, "must be greater than 0")
    since_ns: int | None = None
    if since_seconds is not None and since_text:
        message = "at most one of `sinceTime` or `sinceSeconds` may be specified"
        raise errors.StatusError(
            422,
            "Invalid",
            f'PodLogOptions "{pod_name}" is invalid: []: Forbidden: {message}',
            {
                "name": pod_name,
                "kind": "PodLogOptions",
                "causes": [{"reason": "FieldValueForbidden", "message": f"Forbidden: {message}"}],
            },
        )
    if since_seconds is not None:
        if since_seconds < 1:
            raise _invalid(pod_name, "sinceSeconds", since_seconds, "must be greater than 0")
        since_ns = now_ns - since_seconds * NS
    elif since_text:
        since_ns = podcontainers.parse_time_ns(since_text)
        if since_ns is None:
            raise errors.bad_request(
                f'sinceTime: Invalid value: "{since_text}": must be an RFC 3339 timestamp'
            )
    return LogOptions(
        container=query.get("container", ""),
        follow=params.flag(query, "follow"),
        previous=params.flag(query, "previous"),
        timestamps=params.flag(query, "timestamps"),
        tail=tail,
        since_ns=since_ns,
        limit_bytes=limit,
    )


# ---- which log ---------------------------------------------------------------------------------
class _Output:
    """Writes to the response, honouring limitBytes; False once nothing more may be written."""

    def __init__(self, response: web.StreamResponse, limit: int | None) -> None:
        self.response = response
        self.remaining = limit

    async def write(self, data: bytes) -> bool:
        if self.remaining is not None:
            data = data[: self.remaining]
            self.remaining -= len(data)
        if data:
            try:
                await self.response.write(data)
            except (ConnectionError, RuntimeError):
                return False
        return self.remaining is None or self.remaining > 0


def _render(log: ContainerLog, now: int, options: LogOptions) -> tuple[bytes, int]:
    lines, count = log.select(now, options.tail, options.since_ns)
    return format_lines(lines, options.timestamps), count


def _truncate(body: bytes, limit: int | None) -> bytes:
    return body if limit is None else body[:limit]


async def serve_logs(
    request: web.Request, api: ApiServer, pod: dict[str, Any]
) -> web.StreamResponse:
    now = time.time_ns()
    name = str(pod["metadata"]["name"])
    options = parse_options(request.query, name, now)
    container = podcontainers.for_logs(pod, options.container)
    log = select_log(pod, container, options.previous)
    if log is None:
        return web.Response(body=b"", headers={"Content-Type": CONTENT_TYPE})
    count = log.count_at(now)
    if min(options.tail if options.tail is not None else count, count) > _INLINE_LINES:
        # Thousands of lines take a while to make: off the event loop, so other clients
        # (watches, exec sessions) are not held up.
        body, count = await asyncio.to_thread(_render, log, now, options)
    else:
        body, count = _render(log, now, options)
    if not options.follow or options.previous or log.complete_at(now):
        return web.Response(
            body=_truncate(body, options.limit_bytes), headers={"Content-Type": CONTENT_TYPE}
        )
    response = web.StreamResponse(headers={"Content-Type": CONTENT_TYPE})
    response.enable_chunked_encoding()
    await response.prepare(request)
    output = _Output(response, options.limit_bytes)
    if await output.write(body):
        await _follow(request, api, pod, container, log, count, options, output)
    with contextlib.suppress(ConnectionError, RuntimeError):
        await response.write_eof()
    return response


def _client_gone(request: web.Request) -> bool:
    transport = request.transport
    return transport is None or transport.is_closing()


async def _follow(
    request: web.Request,
    api: ApiServer,
    pod: Obj,
    container: str,
    log: ContainerLog,
    sent: int,
    options: LogOptions,
    output: _Output,
) -> None:
    md = pod["metadata"]
    namespace, name, uid = md.get("namespace", ""), md["name"], md.get("uid")
    start = log.spec.start_ns
    next_check = time.monotonic() + POLL_SECONDS
    while True:
        now = time.time_ns()
        count = log.count_at(now)
        if count > sent:
            first = max(sent, log.first_kept(count))
            lines = [log.line(i) for i in range(first, count)]
            if options.since_ns is not None:
                lines = [ln for ln in lines if ln.ts_ns >= options.since_ns]
            if not await output.write(format_lines(lines, options.timestamps)):
                return
            sent = count
        if log.complete_at(now) or _client_gone(request):
            return
        if time.monotonic() >= next_check:
            next_check = time.monotonic() + POLL_SECONDS
            current = api.store.get(PODS, namespace, name)
            if current is None or current["metadata"].get("uid") != uid:
                return  # deleted: its containers are gone
            updated = same_instance(current, container, start)
            if updated is None:
                return  # the instance stopped and another one runs (or none)
            if updated.spec != log.spec:
                log = _keep_sent(log, updated, sent)
                continue
        wait = POLL_SECONDS
        if count < _upper_bound(log):
            wait = (log.ts_of(count) - time.time_ns()) / NS
        wait = min(wait, next_check - time.monotonic())
        await asyncio.sleep(min(max(wait, 0.02), POLL_SECONDS))


def _keep_sent(old: ContainerLog, new: ContainerLog, sent: int) -> ContainerLog:
    """A log that now has an end must not end before lines already sent (statuses carry whole
    seconds; the lines do not): its end moves just past the last line sent."""
    regular = new.regular_count
    if regular is None or sent == 0 or regular >= sent:
        return new
    return ContainerLog(dataclasses.replace(new.spec, end_ns=old.ts_of(sent - 1) + 1))


def _upper_bound(log: ContainerLog) -> int:
    """An index past which no line can ever appear (for sleeping until the next one)."""
    if log.spec.end_ns is not None:
        return log.count_at(log.spec.end_ns)
    if not log.profile.has_steady(log.spec.context):
        return log.count_at(2**62)
    return 2**62
