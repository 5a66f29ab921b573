"""The pod log endpoint in-process (no controllers: the tests set the pod status): following
until the pod is deleted or its container stops, and the raw API's answers and errors."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from kubesim.apiserver import ApiServer, DeleteOptions
from kubesim.podcontainers import parse_time_ns
from tests.kubesim.logs_support import nginx_request_line
from tests.kubesim.pod_support import Http, in_process_api, iso, put_running_pod


@pytest.fixture
async def sim() -> AsyncIterator[tuple[ApiServer, Http]]:
    async with in_process_api() as served:
        yield served


async def test_follow_streams_until_the_pod_is_deleted(
    sim: tuple[ApiServer, Http],
) -> None:
    api, http = sim
    put_running_pod(api, "p")
    reply = await http.get(
        "/api/v1/namespaces/default/pods/p/log",
        params={"follow": "true", "tailLines": "1", "timestamps": "true"},
    )
    assert reply.status == 200 and reply.headers["Content-Type"] == "text/plain"
    lines = [await reply.content.readline() for _ in range(2)]
    received = time.time_ns()
    stamps = [parse_time_ns(line.split(b" ", 1)[0].decode()) or 0 for line in lines]
    assert all(nginx_request_line(line.split(b" ", 1)[1]) for line in lines)
    assert stamps[1] - stamps[0] >= 200_000_000  # lines are 0.2 s to 1.8 s apart
    assert stamps[1] <= received  # no line is written before its time
    api.delete(
        api.catalogue.versions_of("", "pods")[0],
        "default",
        "p",
        DeleteOptions(grace_period_seconds=0),
    )
    rest = await reply.content.read()  # the stream ends by itself
    assert rest.count(b"\n") <= 3


async def test_follow_ends_with_the_containers_shutdown(
    sim: tuple[ApiServer, Http],
) -> None:
    api, http = sim
    pod = put_running_pod(api, "p")
    reply = await http.get(
        "/api/v1/namespaces/default/pods/p/log",
        params={"follow": "1", "tailLines": "0", "limitBytes": "100000"},
    )
    rt = api.catalogue.versions_of("", "pods")[0]
    cs = pod["status"]["containerStatuses"][0]
    started = cs["state"]["running"]["startedAt"]
    cs["state"] = {
        "terminated": {
            "exitCode": 0,
            "reason": "Completed",
            "startedAt": started,
            "finishedAt": iso(datetime.now(UTC)),
        }
    }
    pod["status"]["phase"] = "Succeeded"
    api.update(rt, "default", "p", pod, subresource="status")
    rest = (await reply.content.read()).decode()
    assert rest.rstrip().endswith("[notice] 1#1: exit")


async def test_raw_api_answers(
    sim: tuple[ApiServer, Http],
) -> None:
    api, http = sim
    put_running_pod(
        api,
        "two",
        containers=[{"name": "main", "image": "nginx"}, {"name": "sidecar", "image": "redis:7"}],
    )
    base = "/api/v1/namespaces/default/pods/two/log"
    ambiguous = await http.get(base)
    assert ambiguous.status == 400
    assert (await ambiguous.json())["message"] == (
        "a container name must be specified for pod two, choose one of: [main sidecar]"
    )
    unknown = await http.get(base, params={"container": "nope"})
    assert (await unknown.json())["message"] == "container nope is not valid for pod two"
    limited = await http.get(base, params={"container": "sidecar", "limitBytes": "20"})
    assert len(await limited.read()) == 20
    missing = await http.get("/api/v1/namespaces/default/pods/ghost/log")
    assert missing.status == 404
