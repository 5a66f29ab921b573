"""Shared fixtures for the kubesim.patching tests (test_patching_*.py): realistic Deployment,
Service and Pod objects, and small accessors for their pod spec, containers and list names."""

from __future__ import annotations

from typing import Any

Obj = dict[str, Any]


def deployment() -> Obj:
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {
            "name": "web",
            "namespace": "default",
            "uid": "1111-2222",
            "resourceVersion": "42",
            "generation": 3,
            "creationTimestamp": "2024-01-01T00:00:00Z",
            "labels": {"app": "web", "tier": "frontend"},
            "annotations": {"deployment.kubernetes.io/revision": "3"},
            "finalizers": ["example.com/a", "example.com/b"],
        },
        "spec": {
            "replicas": 2,
            "selector": {"matchLabels": {"app": "web"}},
            "strategy": {
                "type": "RollingUpdate",
                "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"},
            },
            "template": {
                "metadata": {"labels": {"app": "web"}},
                "spec": {
                    "containers": [
                        {
                            "name": "app",
                            "image": "nginx:1",
                            "args": ["--port", "80"],
                            "env": [
                                {"name": "MODE", "value": "prod"},
                                {"name": "LOG", "value": "info"},
                            ],
                            "ports": [
                                {"containerPort": 80, "name": "http", "protocol": "TCP"},
                                {"containerPort": 9090, "name": "metrics", "protocol": "TCP"},
                            ],
                            "volumeMounts": [
                                {"name": "config", "mountPath": "/etc/app"},
                                {"name": "cache", "mountPath": "/cache"},
                            ],
                        },
                        {"name": "sidecar", "image": "envoy:1"},
                    ],
                    "volumes": [
                        {"name": "config", "configMap": {"name": "web-config"}},
                        {"name": "cache", "emptyDir": {}},
                    ],
                    "tolerations": [{"key": "a", "operator": "Exists"}],
                },
            },
        },
    }


def service() -> Obj:
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": "web", "namespace": "default", "labels": {"app": "web"}},
        "spec": {
            "type": "ClusterIP",
            "clusterIP": "10.0.0.10",
            "selector": {"app": "web"},
            "ports": [
                {"name": "http", "port": 80, "targetPort": 8080, "protocol": "TCP"},
                {"name": "metrics", "port": 9090, "targetPort": 9090, "protocol": "TCP"},
            ],
        },
    }


def pod() -> Obj:
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "p", "namespace": "default"},
        "spec": {
            "containers": [
                {"name": "main", "image": "busybox", "command": ["sleep", "3600"]},
            ],
            "initContainers": [
                {"name": "init", "image": "busybox", "ports": [{"containerPort": 1}]},
            ],
        },
        "status": {
            "phase": "Running",
            "conditions": [
                {"type": "Ready", "status": "False"},
                {"type": "PodScheduled", "status": "True"},
            ],
        },
    }


def pod_spec(obj: Obj) -> Obj:
    spec: Obj = obj["spec"]["template"]["spec"]
    return spec


def container(obj: Obj, name: str) -> Obj:
    for item in pod_spec(obj)["containers"]:
        if item["name"] == name:
            found: Obj = item
            return found
    raise AssertionError(f"no container {name}")


def names(items: list[Obj], key: str = "name") -> list[Any]:
    return [item[key] for item in items]
