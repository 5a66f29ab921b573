"""Deterministic, plausible container logs.

A container instance's log is a pure function of a seed (namespace, pod, container and instance
number), what the image is (kubesim.images), when the instance started and, once it stopped,
when and how it ended. Line i has a fixed timestamp; a line exists once the clock passes it, so
the log grows in real time and the same pod always shows the same history.

Layout of the line indices: a few start-up lines a few milliseconds apart, then steady lines
roughly one interval apart (a deterministic jitter keeps them irregular but ordered), and for an
instance that ended, the lines of its ending (a panic, a shutdown) at the moment it ended.

Layout: `profile` (what a profile is), `web_servers`, `databases`, `workloads` (the profiles per
image family), `timeformats` (timestamps), `container_log` (one instance's log).
"""

from __future__ import annotations

from kubesim.loglines.container_log import (
    CRASH_AFTER_NS,
    MAX_LINES,
    PROFILES,
    STARTUP_STEP_NS,
    ContainerLog,
    LogSpec,
    format_lines,
)
from kubesim.loglines.databases import Mysql, Postgres, Redis
from kubesim.loglines.profile import LineContext, LogLine, Profile, Rng
from kubesim.loglines.timeformats import MS, NS, rfc3339_nano
from kubesim.loglines.web_servers import CoreDns, Nginx
from kubesim.loglines.workloads import App, Job, Shell, shell_echo

__all__ = [
    "CRASH_AFTER_NS",
    "MAX_LINES",
    "MS",
    "NS",
    "PROFILES",
    "STARTUP_STEP_NS",
    "App",
    "ContainerLog",
    "CoreDns",
    "Job",
    "LineContext",
    "LogLine",
    "LogSpec",
    "Mysql",
    "Nginx",
    "Postgres",
    "Profile",
    "Redis",
    "Rng",
    "Shell",
    "format_lines",
    "rfc3339_nano",
    "shell_echo",
]
