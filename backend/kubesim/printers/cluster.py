"""`kubectl get` columns for cluster-level and configuration objects.

Nodes, Namespaces, ConfigMaps, Secrets and ServiceAccounts, after k8s.io/kubernetes/pkg/printers.
"""

from __future__ import annotations

from collections.abc import Mapping

from kubesim.printers.columns import (
    AGE,
    NAME,
    CellFn,
    Column,
    Obj,
    Printer,
    RowContext,
    column,
    text_at,
)
from kubesim.printers.values import dig, find_condition, items, mapping, text

_ROLE_PREFIX = "node-role.kubernetes.io/"


def _node_status(row: RowContext) -> str:
    ready = find_condition(items(row.obj, "status", "conditions"), "Ready")
    if ready is None:
        states = ["Unknown"]
    else:
        states = ["Ready" if text(ready, "status") == "True" else "NotReady"]
    if dig(row.obj, "spec", "unschedulable") is True:
        states.append("SchedulingDisabled")
    return ",".join(states)


def _node_roles(row: RowContext) -> str:
    roles: set[str] = set()
    for key, value in mapping(row.obj, "metadata", "labels").items():
        if isinstance(key, str) and key.startswith(_ROLE_PREFIX) and key != _ROLE_PREFIX:
            roles.add(key.removeprefix(_ROLE_PREFIX))
        elif key == "kubernetes.io/role" and isinstance(value, str) and value:
            roles.add(value)
    return ",".join(sorted(roles)) or "<none>"


def _node_address(kind: str) -> CellFn:
    def cell(row: RowContext) -> str:
        for address in items(row.obj, "status", "addresses"):
            if text(address, "type") == kind:
                return text(address, "address")
        return "<none>"

    return cell


def _node_info(key: str, name: str) -> Column:
    cell = text_at("status", "nodeInfo", key)
    return column(name, lambda r: cell(r) or "<unknown>", f"status.nodeInfo.{key}", wide=True)


NODE = Printer(
    (
        NAME,
        column("Status", _node_status, "The status of the node"),
        column("Roles", _node_roles, "The roles of the node"),
        AGE,
        column("Version", text_at("status", "nodeInfo", "kubeletVersion"), "Kubelet version."),
        column("Internal-IP", _node_address("InternalIP"), "Internal address.", wide=True),
        column("External-IP", _node_address("ExternalIP"), "External address.", wide=True),
        _node_info("osImage", "OS-Image"),
        _node_info("kernelVersion", "Kernel-Version"),
        _node_info("containerRuntimeVersion", "Container-Runtime"),
    )
)

NAMESPACE = Printer(
    (NAME, column("Status", text_at("status", "phase"), "The status of the namespace"), AGE)
)


def _length(obj: Obj, *path: str) -> int:
    value = dig(obj, *path)
    return len(value) if isinstance(value, Mapping | list) else 0


def _count(*path: str) -> CellFn:
    return lambda row: _length(row.obj, *path)


CONFIG_MAP = Printer(
    (
        NAME,
        column(
            "Data",
            lambda r: _length(r.obj, "data") + _length(r.obj, "binaryData"),
            "Number of entries in data and binaryData.",
        ),
        AGE,
    )
)
SECRET = Printer(
    (
        NAME,
        column("Type", text_at("type"), "Used to facilitate programmatic handling of secret data."),
        column("Data", _count("data"), "Number of entries in data."),
        AGE,
    )
)
SERVICE_ACCOUNT = Printer(
    (NAME, column("Secrets", _count("secrets"), "Secrets listed by the service account."), AGE)
)
