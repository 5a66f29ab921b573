"""Helpers for the workload controller tests (test_workloads_unit_*.py): `Cluster`, an API with
only the workload controllers registered, driven step by step with `drain()` while the test plays
the scheduler and kubelet, and builders for the Deployment, StatefulSet, DaemonSet and Job
manifests the tests create."""

from __future__ import annotations

import copy
from typing import Any

from kubesim import crds, meta, scenarios
from kubesim.apiserver import ApiServer
from kubesim.catalogue import Catalogue, ResourceType
from kubesim.controllers import workloads
from kubesim.controllers.runtime import Manager, SimSettings
from kubesim.selectors import parse_label_selector
from kubesim.store import Store

Obj = dict[str, Any]
GROUPS = {
    "pods": "",
    "nodes": "",
    "persistentvolumeclaims": "",
    "events": "",
    "deployments": "apps",
    "replicasets": "apps",
    "statefulsets": "apps",
    "daemonsets": "apps",
    "controllerrevisions": "apps",
    "jobs": "batch",
    "cronjobs": "batch",
}


class Cluster:
    """An API with only the workload controllers: the test is the scheduler and kubelet."""

    def __init__(self) -> None:
        self.api = ApiServer(Catalogue(), Store())
        crds.install(self.api)
        scenarios.install_namespace_defaults(self.api)
        self.manager = Manager(self.api, SimSettings())
        workloads.register(self.manager)
        scenarios.empty(self.api, "t", 0)
        self.settle()

    def rt(self, resource: str) -> ResourceType:
        group = GROUPS[resource]
        found = self.api.catalogue.lookup(group, "v1", resource)
        assert found is not None
        return found

    def settle(self) -> None:
        self.manager.drain()

    def create(self, resource: str, body: Obj, ns: str = "default") -> Obj:
        created = self.api.create(self.rt(resource), ns if resource != "nodes" else "", body)
        self.settle()
        return created

    def get(self, resource: str, name: str, ns: str = "default") -> Obj:
        return self.api.get(self.rt(resource), ns, name)

    def patch(self, resource: str, name: str, patch: Any, kind: str = "strategic") -> Obj:
        obj, _ = self.api.patch(self.rt(resource), "default", name, kind, patch)
        self.settle()
        return obj

    def items(self, resource: str, labels: str = "", live: bool = True) -> list[Obj]:
        selector = parse_label_selector(labels) if labels else None
        ns = None if resource == "nodes" else "default"
        found = self.api.list(self.rt(resource), ns, selector).items
        return [
            copy.deepcopy(o) for o in found if not (live and o["metadata"].get("deletionTimestamp"))
        ]

    def names(self, resource: str, labels: str = "") -> list[str]:
        return sorted(o["metadata"]["name"] for o in self.items(resource, labels))

    def set_phase(self, pod: Obj, phase: str, ready: bool) -> None:
        status = {
            "phase": phase,
            "conditions": [
                {
                    "type": "Ready",
                    "status": "True" if ready else "False",
                    "lastTransitionTime": meta.now_rfc3339(),
                }
            ],
        }
        current = self.get("pods", pod["metadata"]["name"])
        self.api.update(
            self.rt("pods"),
            "default",
            pod["metadata"]["name"],
            {**current, "status": status},
            subresource="status",
        )

    def run_pods(self, labels: str = "") -> int:
        """Play the kubelet: every pending pod starts and becomes Ready."""
        started = 0
        for pod in self.items("pods", labels):
            if (pod.get("status") or {}).get("phase", "Pending") == "Pending":
                self.set_phase(pod, "Running", True)
                started += 1
        self.settle()
        return started

    def events(self, reason: str) -> list[str]:
        return [e["message"] for e in self.items("events") if e["reason"] == reason]


def deployment(name: str = "web", replicas: int = 3, image: str = "nginx:1", **spec: Any) -> Obj:
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": name},
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": {"app": name}},
            "template": {
                "metadata": {"labels": {"app": name}},
                "spec": {"containers": [{"name": "main", "image": image}]},
            },
            **spec,
        },
    }


def set_image(image: str) -> Obj:
    return {"spec": {"template": {"spec": {"containers": [{"name": "main", "image": image}]}}}}


def replica_sets(c: Cluster, app: str = "web") -> dict[str, Obj]:
    return {
        r["metadata"]["annotations"]["deployment.kubernetes.io/revision"]: r
        for r in c.items("replicasets", f"app={app}")
    }


def statefulset(**spec: Any) -> Obj:
    return {
        "apiVersion": "apps/v1",
        "kind": "StatefulSet",
        "metadata": {"name": "db"},
        "spec": {
            "replicas": 3,
            "serviceName": "db",
            "selector": {"matchLabels": {"app": "db"}},
            "template": {
                "metadata": {"labels": {"app": "db"}},
                "spec": {"containers": [{"name": "main", "image": "pg:1"}]},
            },
            "volumeClaimTemplates": [
                {
                    "metadata": {"name": "data"},
                    "spec": {
                        "accessModes": ["ReadWriteOnce"],
                        "resources": {"requests": {"storage": "1Gi"}},
                    },
                }
            ],
            **spec,
        },
    }


def daemonset(**template_spec: Any) -> Obj:
    return {
        "apiVersion": "apps/v1",
        "kind": "DaemonSet",
        "metadata": {"name": "agent"},
        "spec": {
            "selector": {"matchLabels": {"app": "agent"}},
            "template": {
                "metadata": {"labels": {"app": "agent"}},
                "spec": {"containers": [{"name": "main", "image": "agent:1"}], **template_spec},
            },
        },
    }


def job(name: str = "pi", annotations: dict[str, str] | None = None, **spec: Any) -> Obj:
    return {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": name, "annotations": annotations or {}},
        "spec": {
            "template": {
                "spec": {
                    "restartPolicy": "Never",
                    "containers": [{"name": "main", "image": "perl"}],
                }
            },
            **spec,
        },
    }
