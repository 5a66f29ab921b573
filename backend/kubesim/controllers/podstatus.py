"""What a pod's status is at a moment of its simulated life (a pure function, easy to test).

A pod's life is a timeline from the moment the kubelet first saw it bound (t0): its containers
are created for `startup` seconds, then run. Annotations bend the timeline: crash-looping
containers die after `crash_after` seconds and restart after a doubling back-off, images that
fail to pull never start, and run-to-completion pods end after their run time.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from kubesim.controllers.runtime import SimSettings

Obj = dict[str, Any]
CRASH_LOOP = "kubesim.io/crash-loop"
IMAGE_PULL_ERROR = "kubesim.io/image-pull-error"
RUN_SECONDS = "kubesim.io/run-seconds"
FAIL = "kubesim.io/fail"
_HOOK_RUN_SECONDS = 1.0


@dataclass(frozen=True)
class Stage:
    """Where a pod is on its timeline; `key` changes exactly when events are due."""

    key: str  # creating | running | crashed:N | running:N | pull-error | succeeded | failed
    restarts: int = 0
    started_at: float | None = None  # when the current container run started
    finished_at: float | None = None
    next_change: float | None = None  # when the stage changes next (None: never)


def iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(text: str | None) -> float | None:
    if not text:
        return None
    try:
        return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC).timestamp()
    except ValueError:
        return None


def _flag(pod: Obj, name: str) -> bool:
    return str((pod["metadata"].get("annotations") or {}).get(name, "")).lower() == "true"


def run_seconds(pod: Obj, settings: SimSettings) -> float | None:
    """How long a run-to-completion pod runs; None for pods that run until deleted."""
    spec, annotations = pod.get("spec") or {}, pod["metadata"].get("annotations") or {}
    if RUN_SECONDS in annotations:
        try:
            return max(float(annotations[RUN_SECONDS]), 0.0)
        except ValueError:
            pass
    if spec.get("restartPolicy", "Always") == "Always":
        return None
    if "helm.sh/hook" in annotations:
        return _HOOK_RUN_SECONDS  # helm test pods: `helm test` waits for them
    return settings.job_pod_seconds


def stage_at(pod: Obj, t0: float, now: float, settings: SimSettings) -> Stage:
    started = t0 + settings.pod_startup_seconds
    if _flag(pod, IMAGE_PULL_ERROR):
        return Stage("pull-error") if now >= started else Stage("creating", next_change=started)
    if now < started:
        return Stage("creating", next_change=started)
    if _flag(pod, CRASH_LOOP):
        return _crash_stage(started, now, settings)
    duration = run_seconds(pod, settings)
    if duration is None:
        return Stage("running", started_at=started)
    end = started + duration
    if now < end:
        return Stage("running", started_at=started, next_change=end)
    return Stage("failed" if _flag(pod, FAIL) else "succeeded", started_at=started, finished_at=end)


def _crash_stage(started: float, now: float, settings: SimSettings) -> Stage:
    restarts, run_start = 0, started
    backoff = settings.crash_backoff_seconds
    while True:
        died = run_start + settings.crash_after_seconds
        if now < died:
            key = "running" if restarts == 0 else f"running:{restarts}"
            return Stage(key, restarts, run_start, next_change=died)
        back = died + backoff
        if now < back:
            return Stage(f"crashed:{restarts + 1}", restarts + 1, run_start, died, back)
        restarts += 1
        run_start = back
        backoff = min(backoff * 2, settings.crash_backoff_seconds * 5)


def _digest(*parts: str) -> str:
    return hashlib.sha256("/".join(parts).encode()).hexdigest()


def _image_id(image: str) -> str:
    name = image.split("@")[0].rsplit(":", 1)[0] if ":" in image.rsplit("/", 1)[-1] else image
    if "/" not in name:
        name = f"docker.io/library/{name}"
    elif "." not in name.split("/")[0]:
        name = f"docker.io/{name}"
    return f"{name}@sha256:{_digest(image)}"


def _container_status(pod: Obj, container: Obj, stage: Stage) -> Obj:
    name, image = container.get("name", ""), container.get("image", "")
    uid = pod["metadata"].get("uid", "")
    status: Obj = {
        "name": name,
        "image": image,
        "imageID": "",
        "ready": False,
        "restartCount": stage.restarts,
        "started": False,
        "lastState": {},
    }
    if stage.key == "creating":
        status["state"] = {"waiting": {"reason": "ContainerCreating"}}
        return status
    if stage.key == "pull-error":
        status["state"] = {
            "waiting": {
                "reason": "ImagePullBackOff",
                "message": f'Back-off pulling image "{image}"',
            }
        }
        return status
    status["imageID"] = _image_id(image)
    status["containerID"] = f"containerd://{_digest(uid, name, str(stage.restarts))[:64]}"
    assert stage.started_at is not None
    if stage.key.startswith("crashed"):
        status["state"] = {
            "waiting": {
                "reason": "CrashLoopBackOff",
                "message": (
                    f"back-off restarting failed container={name} pod={pod['metadata']['name']}"
                ),
            }
        }
        status["lastState"] = {
            "terminated": _terminated(1, "Error", stage.started_at, stage.finished_at)
        }
        return status
    if stage.key in ("succeeded", "failed"):
        code = 0 if stage.key == "succeeded" else 1
        status["state"] = {
            "terminated": _terminated(
                code, "Completed" if code == 0 else "Error", stage.started_at, stage.finished_at
            )
        }
        return status
    status.update(ready=True, started=True, state={"running": {"startedAt": iso(stage.started_at)}})
    if stage.restarts:
        previous_end = stage.started_at  # the back-off ended when this run began
        status["lastState"] = {
            "terminated": _terminated(1, "Error", previous_end - 2, previous_end)
        }
    return status


def _terminated(code: int, reason: str, started: float, finished: float | None) -> Obj:
    return {
        "exitCode": code,
        "reason": reason,
        "startedAt": iso(started),
        "finishedAt": iso(finished if finished is not None else started),
    }


def _condition(kind: str, ok: bool, since: float, reason: str = "") -> Obj:
    cond: Obj = {
        "type": kind,
        "status": "True" if ok else "False",
        "lastProbeTime": None,
        "lastTransitionTime": iso(since),
    }
    if reason:
        cond["reason"] = reason
    return cond


def status_for(pod: Obj, stage: Stage, t0: float, pod_ip: str, host_ip: str) -> Obj:
    spec = pod.get("spec") or {}
    containers = [c for c in spec.get("containers") or [] if isinstance(c, dict)]
    statuses = [_container_status(pod, c, stage) for c in containers]
    ready = bool(statuses) and all(s["ready"] for s in statuses)
    phase = {
        "creating": "Pending",
        "pull-error": "Pending",
        "succeeded": "Succeeded",
        "failed": "Failed",
    }.get(stage.key.split(":")[0], "Running")
    terminal = phase in ("Succeeded", "Failed")
    since = stage.finished_at if terminal else (stage.started_at or t0)
    not_ready_reason = "PodCompleted" if terminal else "ContainersNotReady"
    status: Obj = {
        "phase": phase,
        "conditions": [
            _condition("PodReadyToStartContainers", not terminal, t0),
            _condition("Initialized", True, t0),
            _condition("Ready", ready, since or t0, "" if ready else not_ready_reason),
            _condition("ContainersReady", ready, since or t0, "" if ready else not_ready_reason),
            _condition("PodScheduled", True, t0),
        ],
        "hostIP": host_ip,
        "hostIPs": [{"ip": host_ip}],
        "startTime": iso(t0),
        "containerStatuses": statuses,
        "qosClass": (pod.get("status") or {}).get("qosClass", "BestEffort"),
    }
    if stage.key != "creating":
        status["podIP"], status["podIPs"] = pod_ip, [{"ip": pod_ip}]
    init = [c for c in spec.get("initContainers") or [] if isinstance(c, dict)]
    if init:
        done = stage.key != "creating"
        status["initContainerStatuses"] = [
            {
                "name": c.get("name", ""),
                "image": c.get("image", ""),
                "imageID": _image_id(c.get("image", "")) if done else "",
                "ready": done,
                "restartCount": 0,
                "started": False,
                "state": (
                    {"terminated": _terminated(0, "Completed", t0, t0)}
                    if done
                    else {"waiting": {"reason": "PodInitializing"}}
                ),
            }
            for c in init
        ]
    return status
