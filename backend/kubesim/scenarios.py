"""What a cluster holds when kubesim starts. `empty` is a fresh real cluster."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

from kubesim.apiserver import ApiServer
from kubesim.catalogue import ResourceType

Obj = dict[str, Any]
SYSTEM_NAMESPACES = ("default", "kube-system", "kube-public", "kube-node-lease")

# A stand-in for the cluster CA bundle every namespace receives (real content does not matter).
_ROOT_CA = "-----BEGIN CERTIFICATE-----\nkubesim-root-ca\n-----END CERTIFICATE-----\n"


def _core(api: ApiServer, resource: str) -> ResourceType:
    rt = api.catalogue.lookup("", "v1", resource)
    assert rt is not None, resource
    return rt


def install_namespace_defaults(api: ApiServer) -> None:
    """Every new namespace gets a `default` ServiceAccount and the `kube-root-ca.crt` ConfigMap,
    as the real service-account and root-CA controllers do."""

    def on_write(rt: ResourceType, event: str, obj: Obj) -> None:
        if rt.group or rt.resource != "namespaces" or event != "ADDED":
            return
        ns = obj["metadata"]["name"]
        api.create(
            _core(api, "serviceaccounts"),
            ns,
            {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "default"}},
        )
        api.create(
            _core(api, "configmaps"),
            ns,
            {
                "apiVersion": "v1",
                "kind": "ConfigMap",
                "metadata": {
                    "name": "kube-root-ca.crt",
                    "annotations": {
                        "kubernetes.io/description": "Contains a CA bundle "
                        "that can be used to verify the kube-apiserver"
                    },
                },
                "data": {"ca.crt": _ROOT_CA},
            },
        )

    api.write_hooks.append(on_write)


def node(
    name: str,
    cpu: str = "4",
    memory: str = "16Gi",
    pods: str = "110",
    labels: dict[str, str] | None = None,
) -> Obj:
    """A Ready node as the kubelet would register it."""
    capacity = {"cpu": cpu, "memory": memory, "pods": pods, "ephemeral-storage": "100Gi"}
    return {
        "apiVersion": "v1",
        "kind": "Node",
        "metadata": {
            "name": name,
            "labels": {
                "kubernetes.io/hostname": name,
                "kubernetes.io/os": "linux",
                "kubernetes.io/arch": "amd64",
                "node.kubernetes.io/instance-type": "kubesim.large",
                **(labels or {}),
            },
        },
        "spec": {"podCIDR": "10.244.0.0/24", "providerID": f"kubesim://{name}"},
        "status": {
            "capacity": capacity,
            "allocatable": dict(capacity),
            "conditions": [
                {
                    "type": t,
                    "status": "False",
                    "reason": f"KubeletHas{r}",
                    "message": f"kubelet has {m}",
                }
                for t, r, m in (
                    ("MemoryPressure", "SufficientMemory", "sufficient memory"),
                    ("DiskPressure", "NoDiskPressure", "no disk pressure"),
                    ("PIDPressure", "SufficientPID", "sufficient PID available"),
                )
            ]
            + [
                {
                    "type": "Ready",
                    "status": "True",
                    "reason": "KubeletReady",
                    "message": "kubelet is posting ready status",
                }
            ],
            "addresses": [
                {"type": "InternalIP", "address": "10.0.0.10"},
                {"type": "Hostname", "address": name},
            ],
            "nodeInfo": {
                "machineID": base64.b16encode(name.encode()).decode().lower()[:32],
                "systemUUID": "kubesim",
                "bootID": "kubesim",
                "kernelVersion": "6.1.0-kubesim",
                "osImage": "kubesim Linux",
                "containerRuntimeVersion": "containerd://2.0.0",
                "kubeletVersion": "v1.37.0",
                "kubeProxyVersion": "v1.37.0",
                "operatingSystem": "linux",
                "architecture": "amd64",
            },
        },
    }


def empty(api: ApiServer, cluster_name: str, seed: int = 0) -> None:
    """A fresh cluster (kind-like: it has a default StorageClass so PVCs bind)."""
    for ns in SYSTEM_NAMESPACES:
        api.create(
            _core(api, "namespaces"),
            "",
            {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}},
        )
    api.create(
        _core(api, "nodes"),
        "",
        node(f"{cluster_name}-node-1", labels={"node-role.kubernetes.io/control-plane": ""}),
        keep_status=True,
    )
    api.create(
        _rt(api, "storage.k8s.io", "v1", "storageclasses"),
        "",
        {
            "apiVersion": "storage.k8s.io/v1",
            "kind": "StorageClass",
            "metadata": {
                "name": "standard",
                "annotations": {"storageclass.kubernetes.io/is-default-class": "true"},
            },
            "provisioner": "kubesim.io/hostpath-provisioner",
            "reclaimPolicy": "Delete",
            "volumeBindingMode": "Immediate",
        },
    )


def _rt(api: ApiServer, group: str, version: str, resource: str) -> ResourceType:
    rt = api.catalogue.lookup(group, version, resource)
    assert rt is not None, resource
    return rt


Scenario = Callable[[ApiServer, str, int], None]
SCENARIO_NAMES = ("empty", "demo", "scale:NODES:PODS")


class ScenarioError(ValueError):
    pass


def resolve(name: str) -> Scenario:
    """The builder for a scenario name: `empty`, `demo` or `scale:NODES:PODS`."""
    if name == "empty":
        return empty
    if name == "demo":
        from kubesim.scenarios_demo import demo

        return demo
    if name.startswith("scale:"):
        parts = name.split(":")
        if len(parts) != 3 or not all(p.isdigit() and int(p) > 0 for p in parts[1:]):
            raise ScenarioError(
                f"scenario {name!r}: expected scale:NODES:PODS, e.g. scale:20:10000"
            )
        nodes, pods = int(parts[1]), int(parts[2])
        from kubesim.scenarios_scale import scale

        return lambda api, cluster, seed: scale(api, cluster, nodes, pods, seed)
    raise ScenarioError(f"unknown scenario {name!r}; choose one of {', '.join(SCENARIO_NAMES)}")
