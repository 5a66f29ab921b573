"""Pod logs: one container as the cluster sends it, or every pod of a workload merged.

A follow stream is opened before the HTTP response starts, so "pod not found" is still a 404;
the caller gets a `LogStream` and must `aclose()` it when its client leaves, which closes the
connection to the cluster (a follow would otherwise stream forever into nowhere).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncGenerator, AsyncIterator
from contextlib import AsyncExitStack
from dataclasses import dataclass, replace
from typing import Any

import aiohttp
import anyio

from app.core import errors
from app.services.actions_service import segment
from app.services.kube_gateway import KubeGateway
from app.services.logs_merge import Line, format_line, merge_sorted, split_lines, tail
from app.services.resource_types import BUILTIN, Kind, builtin

LOGGABLE_WORKLOADS = ("deployments", "statefulsets", "daemonsets", "jobs", "replicasets")
MAX_LOG_BYTES = 10 * 1024 * 1024  # without limit_bytes, a plain (non-follow) read stops here
MAX_WORKLOAD_PODS = 50
DEFAULT_CONTAINER = "kubectl.kubernetes.io/default-container"
_PODS = BUILTIN["pods"]


@dataclass(frozen=True)
class LogOptions:
    container: str | None = None
    follow: bool = False
    tail_lines: int | None = None
    timestamps: bool = False
    since_seconds: int | None = None
    previous: bool = False
    limit_bytes: int | None = None

    def query(self, container: str, *, timestamps: bool | None = None) -> dict[str, Any]:
        return {
            "container": container,
            "follow": self.follow or None,
            "tailLines": self.tail_lines,
            "sinceSeconds": self.since_seconds,
            "timestamps": self.timestamps if timestamps is None else timestamps,
            "previous": self.previous or None,
            "limitBytes": None
            if self.follow
            else min(self.limit_bytes or MAX_LOG_BYTES, MAX_LOG_BYTES),
        }


class LogStream:
    """An open follow: iterate it for chunks; `aclose()` releases the cluster connections."""

    def __init__(self, chunks: AsyncGenerator[bytes, None], stack: AsyncExitStack) -> None:
        self._chunks = chunks
        self._stack = stack

    def __aiter__(self) -> AsyncIterator[bytes]:
        return self._chunks

    async def aclose(self) -> None:
        # Shielded: this runs while the request task is being cancelled (the client left),
        # and every await in a cancelled scope would otherwise be cancelled again at once.
        with anyio.CancelScope(shield=True):
            try:
                with contextlib.suppress(RuntimeError):  # "already running": cancelled mid-read
                    await self._chunks.aclose()
            finally:
                await self._stack.aclose()


def pick_container(pod: dict[str, Any], wanted: str | None) -> str:
    spec = pod.get("spec") or {}
    names = [str(c.get("name")) for c in spec.get("containers") or []]
    others = [
        str(c.get("name"))
        for key in ("initContainers", "ephemeralContainers")
        for c in spec.get(key) or []
    ]
    pod_name = (pod.get("metadata") or {}).get("name")
    if wanted:
        if wanted not in names + others:
            raise errors.BadRequest(
                f"container {wanted!r} is not valid for pod {pod_name}; "
                f"choose one of: {', '.join(names + others)}"
            )
        return wanted
    default = ((pod.get("metadata") or {}).get("annotations") or {}).get(DEFAULT_CONTAINER)
    if default in names:
        return str(default)
    if not names:
        raise errors.BadRequest(f"pod {pod_name} has no containers")
    return names[0]  # what kubectl does: "Defaulted container ... out of: ..."


async def pod_container(
    gateway: KubeGateway, namespace: str, name: str, container: str | None
) -> str:
    pod = await gateway.request(
        "GET", _PODS.path(segment(namespace, "namespace"), segment(name, "name"))
    )
    return pick_container(pod, container)


async def pod_logs(gateway: KubeGateway, namespace: str, name: str, opts: LogOptions) -> str:
    container = await pod_container(gateway, namespace, name, opts.container)
    text: str = await gateway.request(
        "GET", _PODS.path(namespace, name, "log"), query=opts.query(container), timeout=60
    )
    return text if isinstance(text, str) else str(text)


async def follow_pod(
    gateway: KubeGateway, namespace: str, name: str, opts: LogOptions
) -> LogStream:
    container = await pod_container(gateway, namespace, name, opts.container)
    stack = AsyncExitStack()
    try:
        reply = await stack.enter_async_context(
            gateway.stream(
                _PODS.path(namespace, name, "log"), replace(opts, follow=True).query(container)
            )
        )
    except BaseException:
        await stack.aclose()
        raise
    stack.callback(reply.close)  # runs first: drops the connection even if mid-stream

    async def chunks() -> AsyncGenerator[bytes, None]:
        try:
            async for chunk in reply.content.iter_any():
                yield chunk
        except (aiohttp.ClientError, OSError):
            return  # the cluster ended the stream: the pod stopped or the cluster went away

    return LogStream(chunks(), stack)


# ---- workloads ----------------------------------------------------------------------------------
def workload_kind(resource: str) -> Kind:
    kind = builtin(resource)
    if kind.resource not in LOGGABLE_WORKLOADS:
        raise errors.BadRequest(
            f"logs are available for pods and for "
            f"{', '.join(LOGGABLE_WORKLOADS)}; not for {kind.resource}"
        )
    return kind


def selector_string(selector: Any) -> str:
    if not isinstance(selector, dict):
        return ""
    parts = [f"{k}={v}" for k, v in sorted((selector.get("matchLabels") or {}).items())]
    for expr in selector.get("matchExpressions") or []:
        key, op = expr.get("key", ""), expr.get("operator", "")
        values = ",".join(sorted(str(v) for v in expr.get("values") or []))
        parts.append(
            {
                "In": f"{key} in ({values})",
                "NotIn": f"{key} notin ({values})",
                "Exists": key,
                "DoesNotExist": f"!{key}",
            }.get(op, key)
        )
    return ",".join(parts)


async def _targets(
    gateway: KubeGateway, kind: Kind, namespace: str, name: str, container: str | None
) -> tuple[list[tuple[str, str]], int]:
    """(pod, container) pairs of the workload's started pods, and how many pods were left out."""
    workload = await gateway.request(
        "GET", kind.path(segment(namespace, "namespace"), segment(name, "name"))
    )
    selector = selector_string((workload.get("spec") or {}).get("selector"))
    if not selector:
        raise errors.BadRequest(f"{kind.kind.lower()} {namespace}/{name} has no pod selector")
    pods = await gateway.request("GET", _PODS.path(namespace), query={"labelSelector": selector})
    started = sorted(
        (p for p in pods.get("items") or [] if (p.get("status") or {}).get("phase") != "Pending"),
        key=lambda p: str(p["metadata"]["name"]),
    )
    targets: list[tuple[str, str]] = []
    for pod in started[:MAX_WORKLOAD_PODS]:
        names = [str(c.get("name")) for c in (pod.get("spec") or {}).get("containers") or []]
        for c in names:
            if container is None or c == container:
                targets.append((str(pod["metadata"]["name"]), c))
    return targets, max(len(started) - MAX_WORKLOAD_PODS, 0)


def _omitted_note(omitted: int) -> str:
    return (
        (
            f"[kubedeck] {omitted} more pod(s) not shown: at most {MAX_WORKLOAD_PODS} pods "
            "are merged\n"
        )
        if omitted
        else ""
    )


async def workload_logs(
    gateway: KubeGateway, kind: Kind, namespace: str, name: str, opts: LogOptions
) -> str:
    targets, omitted = await _targets(gateway, kind, namespace, name, opts.container)

    async def fetch(pod: str, container: str) -> list[Line]:
        prefix = f"{pod}/{container}"
        try:
            text = await gateway.request(
                "GET",
                _PODS.path(namespace, pod, "log"),
                query=opts.query(container, timestamps=True),
                timeout=60,
            )
        except errors.ClusterUnavailable:
            raise
        except errors.AppError as exc:  # one pod without logs must not hide the others'
            return [Line((0.0, 0), prefix, "", f"(no logs: {exc.detail})")]
        return split_lines(prefix, str(text))

    streams = await asyncio.gather(*(fetch(p, c) for p, c in targets))
    lines = tail(merge_sorted(streams), opts.tail_lines)
    return _omitted_note(omitted) + "".join(format_line(line, opts.timestamps) for line in lines)


async def follow_workload(
    gateway: KubeGateway, kind: Kind, namespace: str, name: str, opts: LogOptions
) -> LogStream:
    targets, omitted = await _targets(gateway, kind, namespace, name, opts.container)
    if not targets:
        raise errors.NotFound(f"{kind.kind.lower()} {namespace}/{name} has no running pods")
    stack = AsyncExitStack()
    replies: list[tuple[str, aiohttp.ClientResponse]] = []
    try:
        for pod, container in targets:
            query = replace(opts, follow=True).query(container, timestamps=True)
            reply = await stack.enter_async_context(
                gateway.stream(_PODS.path(namespace, pod, "log"), query)
            )
            stack.callback(reply.close)
            replies.append((f"{pod}/{container}", reply))
    except BaseException:
        await stack.aclose()
        raise
    queue: asyncio.Queue[bytes | None] = asyncio.Queue(maxsize=1000)

    async def pump(prefix: str, reply: aiohttp.ClientResponse) -> None:
        buffer = b""
        try:
            async for chunk in reply.content.iter_any():
                buffer += chunk
                *complete, buffer = buffer.split(b"\n")
                for raw in complete:
                    for line in split_lines(prefix, raw.decode(errors="replace")):
                        await queue.put(format_line(line, opts.timestamps).encode())
        except (aiohttp.ClientError, OSError) as exc:
            await queue.put(f"[{prefix}] (log stream failed: {exc})\n".encode())
        for line in split_lines(prefix, buffer.decode(errors="replace")):
            await queue.put(format_line(line, opts.timestamps).encode())
        await queue.put(None)

    tasks = [asyncio.get_running_loop().create_task(pump(p, r)) for p, r in replies]

    async def cancel_pumps() -> None:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    stack.push_async_callback(cancel_pumps)  # runs before the connections close

    async def chunks() -> AsyncGenerator[bytes, None]:
        if omitted:
            yield _omitted_note(omitted).encode()
        remaining = len(tasks)
        while remaining:
            item = await queue.get()
            if item is None:
                remaining -= 1
            else:
                yield item

    return LogStream(chunks(), stack)
