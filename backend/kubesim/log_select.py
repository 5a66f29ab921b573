"""Which container instance's log a request reads, and how that log is generated.

Follows the kubelet (validateContainerLogStatus): the running instance, or with `previous` the
last terminated one; a crash-looping container's log ends with its crash. The lines come from
kubesim.loglines.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from kubesim import errors, podcontainers
from kubesim.images import parse_image
from kubesim.loglines import (
    CRASH_AFTER_NS,
    NS,
    ContainerLog,
    LineContext,
    LogSpec,
    shell_echo,
)

Obj = dict[str, Any]
CRASH_LOOP = "kubesim.io/crash-loop"


def _context(pod: Obj, container: Obj) -> tuple[str, LineContext]:
    """The log profile of a container and what its lines may mention."""
    md, spec = pod["metadata"], pod.get("spec") or {}
    labels = md.get("labels") or {}
    image = parse_image(str(container.get("image") or ""))
    profile = image.family
    echo, interval = "", 0
    if profile == "app" and spec.get("restartPolicy") in ("Never", "OnFailure"):
        profile = "job"
    if profile == "shell":
        command = [str(c) for c in (container.get("command") or []) + (container.get("args") or [])]
        echo, interval = shell_echo(command)
    app = (
        labels.get("app")
        or labels.get("app.kubernetes.io/name")
        or labels.get("k8s-app")
        or container.get("name")
        or "app"
    )
    return profile, LineContext(
        pod=str(md["name"]),
        namespace=str(md.get("namespace", "")),
        container=str(container.get("name", "")),
        app=str(app),
        version=image.version or "1.0.0",
        pod_ip=str((pod.get("status") or {}).get("podIP") or "10.244.0.5"),
        echo=echo,
        echo_interval_ns=interval,
    )


def _crash_looping(pod: Obj) -> bool:
    annotations = pod["metadata"].get("annotations") or {}
    return str(annotations.get(CRASH_LOOP, "")).lower() == "true"


def _ending_of(pod: Obj, terminated: Obj) -> str:
    code = terminated.get("exitCode")
    if _crash_looping(pod):
        return "crash"
    if terminated.get("reason") == "OOMKilled" or code == 137:
        return "killed"
    if code in (0, 143, None):
        return "completed"
    return "crash"


def _spec(pod: Obj, container: Obj, instance: int, start_ns: int) -> LogSpec:
    md = pod["metadata"]
    profile, ctx = _context(pod, container)
    seed = f"{md.get('namespace', '')}/{md['name']}/{ctx.container}/{instance}"
    return LogSpec(seed=seed, profile=profile, start_ns=start_ns, context=ctx)


def _pod_times(pod: Obj) -> int:
    return (
        podcontainers.parse_time_ns((pod.get("status") or {}).get("startTime"))
        or podcontainers.parse_time_ns(pod["metadata"].get("creationTimestamp"))
        or 0
    )


def _running_spec(pod: Obj, container: Obj, cs: Obj, running: Obj) -> LogSpec:
    start = podcontainers.parse_time_ns(running.get("startedAt")) or _pod_times(pod)
    spec = _spec(pod, container, int(cs.get("restartCount") or 0), start)
    if _crash_looping(pod):
        return dataclasses.replace(spec, end_ns=start + CRASH_AFTER_NS, ending="crash")
    md = pod["metadata"]
    deleted = podcontainers.parse_time_ns(md.get("deletionTimestamp"))
    if deleted is not None:
        # The delete request came a grace period before deletionTimestamp: the container got
        # its SIGTERM then and logs its shutdown.
        grace = int(md.get("deletionGracePeriodSeconds") or 0)
        return dataclasses.replace(
            spec, end_ns=max(start, deleted - grace * NS), ending="completed"
        )
    return spec


def _terminated_spec(pod: Obj, container: Obj, instance: int, term: Obj) -> LogSpec:
    start = podcontainers.parse_time_ns(term.get("startedAt")) or _pod_times(pod)
    end = podcontainers.parse_time_ns(term.get("finishedAt")) or start
    spec = _spec(pod, container, max(instance, 0), start)
    ending = _ending_of(pod, term)
    if ending == "crash" and _crash_looping(pod):
        end = min(end, start + CRASH_AFTER_NS)
    return dataclasses.replace(spec, end_ns=max(end, start), ending=ending)


def select_log(pod: Obj, name: str, previous: bool = False) -> ContainerLog | None:
    """The log a request for container `name` reads; None when there is none yet (the pod is
    not on a node). Raises the kubelet's 400s for containers that have no log to show."""
    container = podcontainers.find_spec(pod, name) or {"name": name}
    pod_name = pod["metadata"]["name"]
    cs = podcontainers.find_status(pod, name)
    if cs is None:
        if not (pod.get("spec") or {}).get("nodeName"):
            return None  # the API server answers an empty log for an unscheduled pod
        raise errors.bad_request(
            f'container "{name}" in pod "{pod_name}" is waiting to start: ContainerCreating'
        )
    state, last = cs.get("state") or {}, cs.get("lastState") or {}
    restarts = int(cs.get("restartCount") or 0)
    running, terminated = state.get("running"), state.get("terminated")
    waiting, last_terminated = state.get("waiting"), last.get("terminated")
    if previous:
        if isinstance(last_terminated, dict):
            return ContainerLog(_terminated_spec(pod, container, restarts - 1, last_terminated))
        raise errors.bad_request(
            f'previous terminated container "{name}" in pod "{pod_name}" not found'
        )
    if isinstance(running, dict):
        return ContainerLog(_running_spec(pod, container, cs, running))
    if isinstance(terminated, dict):
        return ContainerLog(_terminated_spec(pod, container, restarts, terminated))
    if isinstance(last_terminated, dict):  # e.g. CrashLoopBackOff: the last run's log
        return ContainerLog(_terminated_spec(pod, container, restarts - 1, last_terminated))
    if isinstance(waiting, dict):
        reason = str(waiting.get("reason") or "ContainerCreating")
        why = {
            "ErrImagePull": "image can't be pulled",
            "ImagePullBackOff": "trying and failing to pull image",
        }.get(reason, reason)
        raise errors.bad_request(
            f'container "{name}" in pod "{pod_name}" is waiting to start: {why}'
        )
    raise errors.bad_request(
        f'container "{name}" in pod "{pod_name}" is waiting to start - no logs yet'
    )


def same_instance(pod: Obj, name: str, start_ns: int) -> ContainerLog | None:
    """The current view of the instance that started at start_ns, if the pod still has it."""
    cs = podcontainers.find_status(pod, name)
    if cs is None:
        return None
    container = podcontainers.find_spec(pod, name) or {"name": name}
    state, last = cs.get("state") or {}, cs.get("lastState") or {}
    restarts = int(cs.get("restartCount") or 0)
    running = state.get("running")
    if isinstance(running, dict):
        spec = _running_spec(pod, container, cs, running)
        return ContainerLog(spec) if spec.start_ns == start_ns else None
    for term, instance in (
        (state.get("terminated"), restarts),
        (last.get("terminated"), restarts - 1),
    ):
        if isinstance(term, dict):
            spec = _terminated_spec(pod, container, instance, term)
            if spec.start_ns == start_ns:
                return ContainerLog(spec)
    return None


# ---- serving -------------------------------------------------------------------------------
