"""Workload controllers (Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob)."""

from __future__ import annotations

from kubesim.controllers.runtime import Manager


def register(manager: Manager) -> None:
    """Registers nothing yet: the workload controllers are being written."""
