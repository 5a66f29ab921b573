"""Workload controllers (Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob)."""

from __future__ import annotations

from kubesim.controllers import cronjobs, daemonsets, deployments, jobs, replicasets, statefulsets
from kubesim.controllers.runtime import Manager


def register(manager: Manager) -> None:
    """Register every workload controller (the single entry point setup.py calls)."""
    deployments.register(manager)
    replicasets.register(manager)
    statefulsets.register(manager)
    daemonsets.register(manager)
    jobs.register(manager)
    cronjobs.register(manager)
