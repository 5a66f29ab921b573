"""Which controllers run, in one place."""

from __future__ import annotations

from kubesim.apiserver import ApiServer
from kubesim.controllers import kubelet, networking, scheduler, volumes, workloads
from kubesim.controllers.runtime import Manager, SimSettings


def build_manager(api: ApiServer, settings: SimSettings) -> Manager:
    manager = Manager(api, settings)
    scheduler.register(manager)
    kubelet.register(manager)
    networking.register(manager)
    volumes.register(manager)
    workloads.register(manager)
    return manager
