"""The kubelet: runs the pods bound to nodes along their simulated timeline, and ends them.

It owns the pod status (phase, conditions, container states), emits the events `describe`
shows, and finishes graceful deletions after a short simulated shutdown.
"""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Iterable

from kubesim.controllers.podstatus import Stage, parse_iso, stage_at, status_for
from kubesim.controllers.runtime import Controller, Manager, Obj, ObjectRef, write_status
from kubesim.store import WatchEvent

PODS = ("", "pods")
NODES = ("", "nodes")
_POD_NETWORK = ipaddress.ip_network("10.244.0.0/16")


class Kubelet(Controller):
    name = "kubelet"
    primary = PODS

    def __init__(self, manager: Manager) -> None:
        super().__init__(manager)
        self.started: dict[str, float] = {}  # pod uid → t0 (when first seen bound)
        self.stages: dict[str, str] = {}  # pod uid → last stage key (events fire on change)
        self.pod_ips: dict[str, str] = {}
        self.terminating: dict[str, float] = {}  # pod uid → when its deletion completes
        self._next_ip = 1

    def map_event(self, event: WatchEvent) -> Iterable[ObjectRef]:
        if event.key != PODS:
            return
        if event.type == "DELETED":
            self._forget(event.obj["metadata"].get("uid", ""))
            return
        if (event.obj.get("spec") or {}).get("nodeName"):
            yield event.namespace, event.obj["metadata"]["name"]

    def _forget(self, uid: str) -> None:
        for table in (self.started, self.stages, self.pod_ips, self.terminating):
            table.pop(uid, None)

    def reconcile(self, namespace: str, name: str) -> None:
        pod = self.get(PODS, namespace, name)
        if pod is None or not (pod.get("spec") or {}).get("nodeName"):
            return
        if pod["metadata"].get("deletionTimestamp"):
            self._terminate(pod)
            return
        uid = pod["metadata"]["uid"]
        now = time.time()
        t0 = self.started.get(uid)
        if t0 is None:
            t0 = self._adopt(pod, now)
        stage = stage_at(pod, t0, now, self.manager.settings)
        if self.stages.get(uid) != stage.key:
            self._emit_events(pod, stage)
            self.stages[uid] = stage.key
        status = status_for(pod, stage, t0, self._pod_ip(uid), self._host_ip(pod))
        write_status(self, PODS, pod, status)
        if stage.next_change is not None:
            self.manager.after(stage.next_change - now + 0.01, self.name, namespace, name)

    def _adopt(self, pod: Obj, now: float) -> float:
        """Take a pod on: a pod that already runs (a pre-built scenario) keeps its timeline."""
        uid = pod["metadata"]["uid"]
        status = pod.get("status") or {}
        t0 = now
        if status.get("phase") == "Running":
            t0 = parse_iso(status.get("startTime")) or now
            if status.get("podIP"):
                self.pod_ips[uid] = status["podIP"]
            # Its start-up already happened: no Pulling/Started events for the past.
            self.stages[uid] = stage_at(pod, t0, now, self.manager.settings).key
        self.started[uid] = t0
        return t0

    def _pod_ip(self, uid: str) -> str:
        ip = self.pod_ips.get(uid)
        if ip is None:
            ip = str(_POD_NETWORK[self._next_ip % (_POD_NETWORK.num_addresses - 2) + 1])
            self._next_ip += 1
            self.pod_ips[uid] = ip
        return ip

    def _host_ip(self, pod: Obj) -> str:
        node = self.get(NODES, "", pod["spec"]["nodeName"]) or {}
        for address in (node.get("status") or {}).get("addresses") or []:
            if address.get("type") == "InternalIP":
                return str(address.get("address"))
        return "10.0.0.1"

    def _emit_events(self, pod: Obj, stage: Stage) -> None:
        record = self.manager.events.record
        host = pod["spec"]["nodeName"]
        for container in (pod.get("spec") or {}).get("containers") or []:
            cname, image = container.get("name", ""), container.get("image", "")
            path = f"spec.containers{{{cname}}}"

            def emit(kind: str, reason: str, message: str, path: str = path) -> None:
                record(pod, kind, reason, message, host=host, field_path=path)

            if stage.key == "creating":
                emit("Normal", "Pulling", f'Pulling image "{image}"')
            elif stage.key == "pull-error":
                emit(
                    "Warning",
                    "Failed",
                    f'Failed to pull image "{image}": rpc error: code = '
                    f'NotFound desc = failed to pull and unpack image "{image}": not found',
                )
                emit("Warning", "Failed", "Error: ErrImagePull")
                emit("Normal", "BackOff", f'Back-off pulling image "{image}"')
                emit("Warning", "Failed", "Error: ImagePullBackOff")
            elif stage.key.startswith("running"):
                if stage.restarts == 0:
                    emit("Normal", "Pulled", f'Successfully pulled image "{image}" in 812ms')
                emit("Normal", "Created", f"Created container: {cname}")
                emit("Normal", "Started", f"Started container {cname}")
            elif stage.key.startswith("crashed"):
                emit(
                    "Warning",
                    "BackOff",
                    f"Back-off restarting failed container {cname} in "
                    f"pod {pod['metadata']['name']}_{pod['metadata']['namespace']}"
                    f"({pod['metadata']['uid']})",
                )

    def _terminate(self, pod: Obj) -> None:
        md = pod["metadata"]
        uid, now = md["uid"], time.time()
        done_at = self.terminating.get(uid)
        if done_at is None:
            grace = float(md.get("deletionGracePeriodSeconds") or 0)
            done_at = now + min(grace, self.manager.settings.pod_termination_seconds)
            self.terminating[uid] = done_at
            for container in (pod.get("spec") or {}).get("containers") or []:
                cname = container.get("name", "")
                self.manager.events.record(
                    pod,
                    "Normal",
                    "Killing",
                    f"Stopping container {cname}",
                    host=pod["spec"]["nodeName"],
                    field_path=f"spec.containers{{{cname}}}",
                )
        if now >= done_at:
            self.api.finish_deletion(self.type_of(PODS), md["namespace"], md["name"])
            return
        self.manager.after(done_at - now + 0.01, self.name, md["namespace"], md["name"])


def register(manager: Manager) -> None:
    manager.register(Kubelet(manager))
