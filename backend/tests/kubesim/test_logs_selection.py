"""Which log a request reads, and its errors (pure): the kubelet's messages for containers
without a log, previous runs and CrashLoopBackOff, and the query parameters validated like the
API server does."""

from __future__ import annotations

import time

import pytest

from kubesim import errors
from kubesim.log_select import select_log
from kubesim.loglines import NS
from kubesim.logs import parse_options
from tests.kubesim.logs_support import START
from tests.kubesim.pod_support import Obj, container_status


def _pod(status: Obj | None, annotations: dict[str, str] | None = None) -> Obj:
    pod: Obj = {
        "metadata": {"name": "p", "namespace": "ns", "annotations": annotations or {}},
        "spec": {"nodeName": "node-1", "containers": [{"name": "main", "image": "nginx:1.27"}]},
    }
    if status is not None:
        pod["status"] = status
    return pod


def _status(state: Obj, restarts: int = 0, last: Obj | None = None) -> Obj:
    cs = container_status({"name": "main", "image": "nginx:1.27"}, state, restarts, last)
    return {"phase": "Running", "startTime": "2026-11-26T10:00:00Z", "containerStatuses": [cs]}


def _bad(pod: Obj, previous: bool = False) -> str:
    with pytest.raises(errors.StatusError) as raised:
        select_log(pod, "main", previous)
    assert raised.value.code == 400
    return raised.value.message


def test_the_kubelet_errors_for_containers_without_a_log() -> None:
    waiting = _pod(_status({"waiting": {"reason": "ContainerCreating"}}))
    assert _bad(waiting) == 'container "main" in pod "p" is waiting to start: ContainerCreating'
    pulling = _pod(_status({"waiting": {"reason": "ImagePullBackOff"}}))
    assert _bad(pulling).endswith("is waiting to start: trying and failing to pull image")
    running = _pod(_status({"running": {"startedAt": "2026-11-26T10:00:00Z"}}))
    assert _bad(running, previous=True) == (
        'previous terminated container "main" in pod "p" not found'
    )
    assert select_log(_pod(None) | {"spec": {"containers": [{"name": "main"}]}}, "main") is None


def test_previous_and_crash_loop_back_off_read_the_last_run() -> None:
    last = {
        "exitCode": 1,
        "reason": "Error",
        "startedAt": "2026-11-26T10:00:00Z",
        "finishedAt": "2026-11-26T10:00:02Z",
    }
    backoff = _pod(
        _status({"waiting": {"reason": "CrashLoopBackOff"}}, 1, last),
        {"kubesim.io/crash-loop": "true"},
    )
    log = select_log(backoff, "main")
    assert log is not None and log.finite and log.spec.ending == "crash"
    assert log.spec.seed.endswith("/main/0")  # the first run (restartCount 1, so instance 0)
    previous = select_log(backoff, "main", previous=True)
    assert previous is not None and previous.spec == log.spec
    lines, _ = log.select(time.time_ns())
    assert "[emerg]" in lines[-1].text  # nginx's way of dying


def test_query_parameters_are_validated_like_the_api_server() -> None:
    def status(query: dict[str, str]) -> tuple[int, str]:
        with pytest.raises(errors.StatusError) as raised:
            parse_options(query, "p", START)
        return raised.value.code, raised.value.message

    assert status({"tailLines": "x"}) == (400, 'tailLines: Invalid value: "x": must be an integer')
    assert status({"tailLines": "-1"})[0] == 422
    assert status({"limitBytes": "0"})[1].endswith(
        "limitBytes: Invalid value: 0: must be greater than 0"
    )
    assert (
        "at most one of `sinceTime` or `sinceSeconds`"
        in status({"sinceSeconds": "5", "sinceTime": "2026-11-26T10:00:00Z"})[1]
    )
    assert status({"sinceTime": "yesterday"})[0] == 400
    assert status({"follow": "maybe"})[0] == 400
    options = parse_options(
        {"follow": "True", "timestamps": "1", "previous": "false", "sinceSeconds": "10"}, "p", START
    )
    assert options.follow and options.timestamps and not options.previous
    assert options.since_ns == START - 10 * NS
