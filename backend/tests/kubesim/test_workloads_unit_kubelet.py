"""All the workload controllers together with the real scheduler and kubelet on a fast clock:
a Deployment (and its rollout), a StatefulSet, a DaemonSet and a Job all settle."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from kubesim.catalogue import ResourceType
from kubesim.controllers.runtime import SimSettings
from kubesim.server import build_api
from tests.kubesim.workloads_support import (
    GROUPS,
    Obj,
    daemonset,
    deployment,
    job,
    set_image,
    statefulset,
)

FAST = SimSettings(pod_startup_seconds=0.05, pod_termination_seconds=0.05, job_pod_seconds=0.1)


async def until(check: Callable[[], bool], within: float = 10.0) -> None:
    deadline = time.monotonic() + within
    while not check():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.05)


async def test_everything_settles_with_the_real_kubelet() -> None:
    api, manager = build_api("empty", "t", settings=FAST)
    manager.start()
    try:

        def rt(resource: str) -> ResourceType:
            found = api.catalogue.lookup(GROUPS[resource], "v1", resource)
            assert found is not None
            return found

        def status(resource: str, name: str) -> Obj:
            return dict(api.get(rt(resource), "default", name).get("status") or {})

        api.create(rt("deployments"), "default", deployment(replicas=2))
        api.create(rt("statefulsets"), "default", statefulset(replicas=2))
        api.create(rt("daemonsets"), "default", daemonset())
        api.create(rt("jobs"), "default", job(completions=2))
        await until(lambda: status("deployments", "web").get("availableReplicas") == 2)
        api.patch(rt("deployments"), "default", "web", "strategic", set_image("nginx:2"))
        await until(
            lambda: (
                status("deployments", "web").get("updatedReplicas") == 2
                and status("deployments", "web").get("replicas") == 2
                and status("deployments", "web").get("availableReplicas") == 2
            )
        )
        await until(lambda: status("statefulsets", "db").get("readyReplicas") == 2)
        await until(lambda: status("daemonsets", "agent").get("numberReady") == 1)
        await until(lambda: status("jobs", "pi").get("succeeded") == 2)
        assert status("jobs", "pi")["conditions"][-1]["type"] == "Complete"
    finally:
        await manager.stop()
