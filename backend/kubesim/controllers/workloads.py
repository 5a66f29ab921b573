"""Workload controllers (Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob)."""

from __future__ import annotations

from kubesim.controllers import deployments, replicasets
from kubesim.controllers.runtime import Manager


def register(manager: Manager) -> None:
    """Register every workload controller (the single entry point setup.py calls)."""
    deployments.register(manager)
    replicasets.register(manager)
