"""Which container of a pod a logs/exec/attach request means, and what state it is in.

The messages are the real API server's (pkg/registry/core/pod/strategy.go) and kubelet's, so
clients and users see what a real cluster says."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from kubesim import errors

Obj = dict[str, Any]
_SPEC_KEYS = ("initContainers", "containers", "ephemeralContainers")
_STATUS_KEYS = ("initContainerStatuses", "containerStatuses", "ephemeralContainerStatuses")


def _named(items: Any) -> list[Obj]:
    return [c for c in items or [] if isinstance(c, dict) and c.get("name")]


def names(pod: Obj, key: str) -> list[str]:
    return [str(c["name"]) for c in _named((pod.get("spec") or {}).get(key))]


def find_spec(pod: Obj, name: str) -> Obj | None:
    spec = pod.get("spec") or {}
    for key in _SPEC_KEYS:
        for container in _named(spec.get(key)):
            if container["name"] == name:
                return container
    return None


def find_status(pod: Obj, name: str) -> Obj | None:
    status = pod.get("status") or {}
    for key in _STATUS_KEYS:
        for cs in _named(status.get(key)):
            if cs["name"] == name:
                return cs
    return None


def _pod_name(pod: Obj) -> str:
    return str(pod["metadata"]["name"])


def for_logs(pod: Obj, requested: str) -> str:
    """The container a `log` request reads (validateContainer in the API server)."""
    if requested:
        return _known(pod, requested)
    main = names(pod, "containers")
    if len(main) == 1:
        return main[0]
    if not main:
        raise errors.bad_request(f"a container name must be specified for pod {_pod_name(pod)}")
    everything = [n for key in _SPEC_KEYS for n in names(pod, key)]
    raise errors.bad_request(
        f"a container name must be specified for pod {_pod_name(pod)}, choose one of: "
        f"[{' '.join(everything)}]"
    )


def for_exec(pod: Obj, requested: str) -> str:
    """The container an `exec`/`attach` request enters (streamLocation in the API server)."""
    if requested:
        return _known(pod, requested)
    main = names(pod, "containers")
    if len(main) == 1:
        return main[0]
    name = _pod_name(pod)
    if not main:
        raise errors.bad_request(f"a container name must be specified for pod {name}")
    message = (
        f"a container name must be specified for pod {name}, choose one of: [{' '.join(main)}]"
    )
    init = names(pod, "initContainers")
    if init:
        message += f" or one of the init containers: [{' '.join(init)}]"
    raise errors.bad_request(message)


def _known(pod: Obj, name: str) -> str:
    if find_spec(pod, name) is None:
        raise errors.bad_request(f"container {name} is not valid for pod {_pod_name(pod)}")
    return name


def parse_time_ns(text: Any) -> int | None:
    """RFC 3339 (with or without fractional seconds) as integer nanoseconds since the epoch."""
    if not isinstance(text, str) or not text:
        return None
    try:
        head, dot, rest = text.partition(".")
        if dot:
            digits = "".join(ch for ch in rest if ch.isdigit())
            zone = rest[len(digits) :]
            when = datetime.fromisoformat(head + zone.replace("Z", "+00:00"))
            fraction = int((digits + "000000000")[:9])
        else:
            when = datetime.fromisoformat(text.replace("Z", "+00:00"))
            fraction = 0
    except ValueError:
        return None
    if when.tzinfo is None:
        return None
    return int(when.timestamp()) * 1_000_000_000 + fraction


def running_since_ns(pod: Obj, name: str) -> int | None:
    """When the container's current run started, None if it is not running."""
    cs = find_status(pod, name)
    running = ((cs or {}).get("state") or {}).get("running")
    if not isinstance(running, dict):
        return None
    return (
        parse_time_ns(running.get("startedAt"))
        or parse_time_ns((pod.get("status") or {}).get("startTime"))
        or parse_time_ns(pod["metadata"].get("creationTimestamp"))
        or 0
    )
