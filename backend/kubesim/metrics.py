"""Simulated resource usage: what each container and node uses at a given moment.

Each container has a usage *profile* (from the pod annotations `kubesim.io/cpu-usage` and
`kubesim.io/memory-usage`, else a share of its requests) and its usage wanders smoothly around
it by at most ±15%: a weighted sum of three sines whose phases and periods come from a hash of
(seed, container key). So a given seed and moment always give the same numbers (`usage_at` is
pure), yet a dashboard sampling over minutes sees believable movement.

Nothing is stored: metrics_api serves this model as `metrics.k8s.io/v1beta1`, computing usage
from the running pods at each scrape time, like metrics-server.
"""

from __future__ import annotations

import hashlib
import math
import re
import weakref
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from kubesim import quantity
from kubesim.apiserver import ApiServer

Obj = dict[str, Any]
CPU_USAGE = "kubesim.io/cpu-usage"
MEMORY_USAGE = "kubesim.io/memory-usage"

# The default profile when the pod says nothing: a typical service uses well under its requests.
DEFAULT_CPU_FRACTION = 0.4
DEFAULT_MEMORY_FRACTION = 0.6
# ...and with no requests (BestEffort) a small footprint.
DEFAULT_CPU_NANOCORES = 5_000_000  # 5m
DEFAULT_MEMORY_BYTES = 32 * 2**20  # 32Mi
MEMORY_FLOOR_BYTES = 2 * 2**20  # a running process always holds a little memory
AMPLITUDE = 0.15
# (period seconds, weight): weights sum to 1, so the wave stays within ±AMPLITUDE.
# CPU moves on the scale of minutes; memory drifts slowly (caches fill, GC runs).
_CPU_WAVES = ((97.0, 0.5), (443.0, 0.3), (3671.0, 0.2))
_MEMORY_WAVES = ((787.0, 0.5), (2917.0, 0.3), (17989.0, 0.2))

# Node usage = Σ its pods + what the kubelet, the runtime and the OS use.
NODE_CPU_OVERHEAD_NANOCORES = 80_000_000  # 80m
NODE_CPU_OVERHEAD_SHARE = 0.01  # + 1% of the node's cores
NODE_MEMORY_OVERHEAD_BYTES = 400 * 2**20  # 400Mi
NODE_MEMORY_OVERHEAD_SHARE = 0.03  # + 3% of the node's memory

_BARE_NUMBER = re.compile(r"^\s*[0-9]*\.?[0-9]+\s*$")


@dataclass(frozen=True)
class Profile:
    """The usage a container hovers around."""

    cpu_nanocores: float
    memory_bytes: float


@dataclass(frozen=True)
class Usage:
    cpu_nanocores: int
    memory_bytes: int

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            self.cpu_nanocores + other.cpu_nanocores, self.memory_bytes + other.memory_bytes
        )


# ---- seeds ------------------------------------------------------------------------------------
# The seed lives beside the ApiServer (not in it) so metrics need no field in a class they do not
# own; build_api and the scenarios call `configure`.
_seeds: weakref.WeakKeyDictionary[ApiServer, int] = weakref.WeakKeyDictionary()


def configure(api: ApiServer, seed: int) -> None:
    """Make this cluster's simulated usage follow `seed`."""
    _seeds[api] = seed


def seed_of(api: ApiServer) -> int:
    return _seeds.get(api, 0)


# ---- profiles ---------------------------------------------------------------------------------
def parse_target(text: str | None, base: float | None, default: float) -> float:
    """An annotation value → an absolute amount, in the unit of `base` (cores or bytes).

    `250m` / `300Mi` are quantities; a bare number (`0.3`) or a percentage (`30%`) is a share of
    `base` (the request, else the limit), or of `default` when the container has neither.
    Unreadable values fall back to `default`."""
    if text is None:
        return default
    text = str(text).strip()
    reference = base if base else default
    try:
        if text.endswith("%") and _BARE_NUMBER.match(text[:-1]):
            return max(float(text[:-1]) / 100, 0.0) * reference
        if _BARE_NUMBER.match(text):
            return max(float(text), 0.0) * reference
        return max(float(quantity.parse(text)), 0.0)
    except (quantity.QuantityError, ValueError):
        return default


def _resource(container: Obj, kind: str, name: str) -> float | None:
    value = ((container.get("resources") or {}).get(kind) or {}).get(name)
    if value is None:
        return None
    try:
        return float(quantity.parse(value))
    except quantity.QuantityError:
        return None


def container_profile(annotations: dict[str, str], container: Obj) -> Profile:
    """The usage profile of one container. `kubesim.io/cpu-usage.<container>` overrides the
    pod-wide `kubesim.io/cpu-usage` (likewise for memory)."""
    name = str(container.get("name", ""))
    cpu_base = _resource(container, "requests", "cpu") or _resource(container, "limits", "cpu")
    mem_base = _resource(container, "requests", "memory") or _resource(
        container, "limits", "memory"
    )
    cpu_default = cpu_base * DEFAULT_CPU_FRACTION if cpu_base else DEFAULT_CPU_NANOCORES / 1e9
    mem_default = mem_base * DEFAULT_MEMORY_FRACTION if mem_base else float(DEFAULT_MEMORY_BYTES)
    cpu_text = annotations.get(f"{CPU_USAGE}.{name}", annotations.get(CPU_USAGE))
    mem_text = annotations.get(f"{MEMORY_USAGE}.{name}", annotations.get(MEMORY_USAGE))
    # CPU quantities parse to cores; the profile keeps nanocores, the unit metrics are served in.
    cpu = parse_target(cpu_text, cpu_base, cpu_default) * 1e9
    return Profile(cpu, parse_target(mem_text, mem_base, mem_default))


# ---- the wave ---------------------------------------------------------------------------------
@lru_cache(maxsize=100_000)
def _wave_shape(seed: int, key: str, resource: str) -> tuple[tuple[float, float, float], ...]:
    """(angular frequency, phase, weight) per sine, fixed by the hash of (seed, key)."""
    digest = hashlib.sha256(f"{seed}\0{key}\0{resource}".encode()).digest()
    waves = _CPU_WAVES if resource == "cpu" else _MEMORY_WAVES
    shape = []
    for i, (period, weight) in enumerate(waves):
        phase = int.from_bytes(digest[2 * i : 2 * i + 2], "big") / 65536 * 2 * math.pi
        stretch = 0.85 + 0.3 * digest[8 + i] / 255  # periods differ a little per container
        shape.append((2 * math.pi / (period * stretch), phase, weight))
    return tuple(shape)


def wave(seed: int, key: str, resource: str, t: float) -> float:
    """A factor in [1 - AMPLITUDE, 1 + AMPLITUDE] that moves smoothly with `t` (seconds)."""
    total = sum(
        w * math.sin(omega * t + phase) for omega, phase, w in _wave_shape(seed, key, resource)
    )
    return 1.0 + AMPLITUDE * total


def usage_at(profile: Profile, seed: int, key: str, t: float) -> Usage:
    """The usage of the container `key` at time `t`: pure, so tests can pin exact values."""
    cpu = profile.cpu_nanocores * wave(seed, key, "cpu", t)
    memory = profile.memory_bytes * wave(seed, key, "memory", t)
    return Usage(max(int(cpu), 0), max(int(memory), MEMORY_FLOOR_BYTES))


# ---- pods -------------------------------------------------------------------------------------
def container_usages(pod: Obj, seed: int, t: float) -> list[tuple[str, Usage]]:
    """(name, usage) of each running container of a Running pod; [] when nothing runs."""
    status = pod.get("status") or {}
    if status.get("phase") != "Running":
        return []
    running = {
        s.get("name")
        for s in status.get("containerStatuses") or []
        if isinstance(s, dict) and "running" in (s.get("state") or {})
    }
    md = pod["metadata"]
    annotations = md.get("annotations") or {}
    out = []
    for container in (pod.get("spec") or {}).get("containers") or []:
        name = container.get("name", "") if isinstance(container, dict) else ""
        if name not in running:
            continue  # crash-looping (waiting) containers use nothing until they restart
        key = f"{md.get('namespace', '')}/{md['name']}/{name}"
        out.append((name, usage_at(_cached_profile(md, annotations, container), seed, key, t)))
    return out


# Parsing requests and annotations is most of the cost of a 10,000-pod list, and pods rarely
# change: profiles are kept per (uid, resourceVersion, container) until the cache fills.
_profiles: dict[tuple[str, str, str], Profile] = {}
_PROFILE_CACHE_SIZE = 200_000


def _cached_profile(md: Obj, annotations: dict[str, str], container: Obj) -> Profile:
    key = (str(md.get("uid", "")), str(md.get("resourceVersion", "")), container.get("name", ""))
    profile = _profiles.get(key)
    if profile is None:
        if len(_profiles) >= _PROFILE_CACHE_SIZE:
            _profiles.clear()
        profile = _profiles[key] = container_profile(annotations, container)
    return profile


# ---- nodes ------------------------------------------------------------------------------------
def node_overhead(node: Obj, seed: int, t: float) -> Usage:
    """What the node itself uses besides its pods (kubelet, runtime, OS)."""
    capacity = (node.get("status") or {}).get("capacity") or {}
    cores = quantity.cpu_millis(capacity.get("cpu")) / 1000
    memory = quantity.bytes_of(capacity.get("memory"))
    profile = Profile(
        NODE_CPU_OVERHEAD_NANOCORES + NODE_CPU_OVERHEAD_SHARE * cores * 1e9,
        NODE_MEMORY_OVERHEAD_BYTES + NODE_MEMORY_OVERHEAD_SHARE * memory,
    )
    return usage_at(profile, seed, f"node/{node['metadata']['name']}", t)
