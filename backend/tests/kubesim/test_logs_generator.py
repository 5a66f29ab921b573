"""The log generator (pure): lines are a pure function of pod, container and index, grow in
real time, honour tail and since, log like their image (nginx, postgres, redis, a shell's echo),
and an instance that ended logs why and nothing after."""

from __future__ import annotations

import json
from typing import Any

import pytest

from kubesim.loglines import NS, ContainerLog, LineContext, LogSpec, format_lines, rfc3339_nano
from tests.kubesim.logs_support import START, TIMESTAMP, nginx_request_line


def _log(profile: str = "nginx", seed: str = "ns/pod/main/0", **kw: Any) -> ContainerLog:
    return ContainerLog(LogSpec(seed=seed, profile=profile, start_ns=START, **kw))


def test_lines_are_a_pure_function_of_pod_container_and_index() -> None:
    now = START + 60 * NS
    first, again = _log().select(now)[0], _log().select(now)[0]
    assert first == again and len(first) > 30
    other_container = _log(seed="ns/pod/sidecar/0").select(now)[0]
    startup = 17  # nginx's start-up lines are the same text for every pod; the rest differ
    assert [ln.text for ln in other_container[startup:]] != [ln.text for ln in first[startup:]]
    times = [ln.ts_ns for ln in first]
    assert times == sorted(times) and times[0] == START
    assert all(nginx_request_line(ln.text) for ln in first[startup:])


def test_the_log_grows_in_real_time() -> None:
    log = _log()
    counts = [log.count_at(START + s * NS) for s in (0, 10, 20, 40)]
    assert counts[0] == 1  # the first line is written the moment the container starts
    assert counts == sorted(counts) and 15 <= counts[3] - counts[1] <= 45  # about 1 line/s
    assert log.count_at(START - 1) == 0


def test_tail_since_and_timestamps() -> None:
    log, now = _log("app"), START + 30 * NS
    lines, count = log.select(now, tail=3)
    assert len(lines) == 3 and lines[-1] == log.line(count - 1)
    since = START + 20 * NS
    recent, _ = log.select(now, since_ns=since)
    assert recent and all(ln.ts_ns >= since for ln in recent)
    assert log.line(log.count_at(since - 1) - 1).ts_ns < since  # the one before is older
    both, _ = log.select(now, tail=50, since_ns=since)
    assert both == recent
    assert log.select(now, tail=0)[0] == []
    text = format_lines(lines, timestamps=True).decode()
    assert all(TIMESTAMP.match(row) for row in text.splitlines())
    assert rfc3339_nano(START + 123_456_789) == "2026-09-21T14:13:20.123456789Z"
    for row in format_lines(recent, timestamps=False).decode().splitlines():
        assert json.loads(row)["level"] in ("info", "warn", "error")


@pytest.mark.parametrize(
    ("profile", "marker"),
    [
        ("postgres", "database system is ready to accept connections"),
        ("redis", "Ready to accept connections tcp"),
        ("mysql", "ready for connections"),
        ("job", "starting"),
    ],
)
def test_images_log_like_themselves(profile: str, marker: str) -> None:
    text = format_lines(_log(profile).select(START + 20 * NS)[0], False).decode()
    assert marker in text


def test_a_shell_image_prints_what_its_command_echoes() -> None:
    ctx = LineContext(echo="tick", echo_interval_ns=5 * NS)
    lines, _ = _log("shell", context=ctx).select(START + 21 * NS)
    assert [ln.text for ln in lines] == ["tick"] * 4
    assert _log("shell").select(START + 60 * NS)[0] == []  # `sleep 3600` says nothing


def test_an_instance_that_ended_logs_why_and_nothing_after() -> None:
    crashed = _log("app", end_ns=START + 1_500_000_000, ending="crash")
    lines, count = crashed.select(START + 60 * NS)
    assert lines[-1].text.startswith("\t/src") and any(ln.text.startswith("panic:") for ln in lines)
    assert crashed.count_at(START + 3600 * NS) == count and crashed.complete_at(START + 2 * NS)
    stopped = _log("nginx", end_ns=START + 30 * NS, ending="completed")
    assert stopped.select(START + 60 * NS)[0][-1].text.endswith("[notice] 1#1: exit")
