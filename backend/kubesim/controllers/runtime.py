"""The controller runtime: a de-duplicating work queue fed by store events and timers.

Every controller reconciles one kind of object by (namespace, name). Store events are mapped to
reconcile requests synchronously (no writes there); a single task drains the queue and calls
`reconcile`, which reads the store and writes through ApiServer like any other client. Writes
that change nothing are skipped, so reconciles converge instead of feeding themselves.
"""

from __future__ import annotations

import asyncio
import copy
import logging
import random
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from kubesim import errors
from kubesim.apiserver import ApiServer
from kubesim.catalogue import ResourceType
from kubesim.controllers.events import EventRecorder
from kubesim.store import StorageKey, WatchEvent

log = logging.getLogger("kubesim.controllers")
Obj = dict[str, Any]
ObjectRef = tuple[str, str]  # (namespace or "", name)


@dataclass(frozen=True)
class SimSettings:
    """Timings of the simulated cluster: short, so tests and demos move quickly."""

    seed: int = 0
    pod_startup_seconds: float = 1.0
    pod_termination_seconds: float = 1.0
    job_pod_seconds: float = 2.0  # how long a run-to-completion pod runs by default
    crash_after_seconds: float = 2.0  # how long a crash-looping container lives
    crash_backoff_seconds: float = 3.0  # first back-off; it doubles up to 5x this
    unschedulable_retry_seconds: float = 5.0


class Controller(ABC):
    """Base class: subclasses set `name` and `primary` and implement `reconcile`."""

    name: str = ""
    primary: StorageKey = ("", "")

    def __init__(self, manager: Manager) -> None:
        self.manager = manager
        self.api = manager.api

    def map_event(self, event: WatchEvent) -> Iterable[ObjectRef]:
        """Which primaries an event concerns; by default the primary object itself."""
        if event.key == self.primary:
            yield event.namespace, event.obj["metadata"]["name"]

    @abstractmethod
    def reconcile(self, namespace: str, name: str) -> None:
        """Make the world match the object's spec; called with the object possibly gone."""

    # ---- helpers for subclasses -------------------------------------------------------------
    def get(self, key: StorageKey, namespace: str, name: str) -> Obj | None:
        return self.api.store.get(key, namespace, name)

    def type_of(self, key: StorageKey) -> ResourceType:
        versions = self.api.catalogue.versions_of(*key)
        assert versions, key
        return versions[0]


def owned_by(obj: Obj, kind: str) -> Iterable[str]:
    """Names of the controllers of `kind` that own `obj` (by controller ownerReference)."""
    for ref in obj["metadata"].get("ownerReferences") or []:
        if ref.get("kind") == kind and ref.get("controller"):
            yield ref["name"]


class Manager:
    def __init__(self, api: ApiServer, settings: SimSettings) -> None:
        self.api = api
        self.settings = settings
        self.random = random.Random(settings.seed)  # noqa: S311 (simulation, not security)
        self.controllers: dict[str, Controller] = {}
        self._queue: deque[tuple[str, str, str]] = deque()
        self._queued: set[tuple[str, str, str]] = set()
        self._wakeup = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._timers: set[asyncio.TimerHandle] = set()
        self.events = EventRecorder(api)
        api.store.listeners.append(self._on_event)

    def register(self, controller: Controller) -> None:
        self.controllers[controller.name] = controller

    # ---- queue -----------------------------------------------------------------------------
    def _on_event(self, event: WatchEvent) -> None:
        for controller in self.controllers.values():
            for namespace, name in controller.map_event(event):
                self.enqueue(controller.name, namespace, name)

    def enqueue(self, controller: str, namespace: str, name: str) -> None:
        item = (controller, namespace, name)
        if item not in self._queued:
            self._queued.add(item)
            self._queue.append(item)
            self._wakeup.set()

    def after(self, delay: float, controller: str, namespace: str, name: str) -> None:
        """Reconcile again after `delay` seconds (timers drive the simulated clock)."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return  # not running (a scenario being built): the start-up resync covers it
        handle: asyncio.TimerHandle | None = None

        def fire() -> None:
            if handle is not None:
                self._timers.discard(handle)
            self.enqueue(controller, namespace, name)

        handle = loop.call_later(max(delay, 0.0), fire)
        self._timers.add(handle)

    def resync(self) -> None:
        """Enqueue every primary object of every controller."""
        for controller in self.controllers.values():
            for namespace, name in self.api.store.iter_keys(controller.primary, None, None):
                self.enqueue(controller.name, namespace, name)

    # ---- running ---------------------------------------------------------------------------
    def start(self) -> None:
        self.resync()
        self._task = asyncio.get_running_loop().create_task(self._run(), name="controllers")

    async def stop(self) -> None:
        for handle in self._timers:
            handle.cancel()
        self._timers.clear()
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    def drain(self, limit: int = 1_000_000) -> int:
        """Reconcile until the queue is empty (scenarios use it to settle before serving)."""
        done = 0
        while self._queue and done < limit:
            self._reconcile_one()
            done += 1
        return done

    async def _run(self) -> None:
        while True:
            await self._wakeup.wait()
            self._wakeup.clear()
            batch = 0
            while self._queue:
                self._reconcile_one()
                batch += 1
                if batch % 200 == 0:
                    await asyncio.sleep(0)  # let requests in during big bursts

    def _reconcile_one(self) -> None:
        item = self._queue.popleft()
        self._queued.discard(item)
        controller_name, namespace, name = item
        try:
            self.controllers[controller_name].reconcile(namespace, name)
        except errors.StatusError as exc:
            # A conflict or a vanished object: the next event or timer brings it back.
            log.debug("reconcile %s %s/%s: %s", controller_name, namespace, name, exc.message)
        except Exception:
            log.exception("reconcile %s %s/%s failed", controller_name, namespace, name)


def write_status(controller: Controller, key: StorageKey, obj: Obj, status: Obj) -> Obj:
    """Replace an object's status unless it is already that (which would loop forever)."""
    if obj.get("status") == status:
        return obj
    rt = controller.type_of(key)
    updated = copy.deepcopy(obj)
    updated["status"] = status
    md = updated["metadata"]
    return controller.api.update(
        rt, md.get("namespace", ""), md["name"], updated, subresource="status"
    )
