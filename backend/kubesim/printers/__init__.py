"""Per-resource table columns for `kubectl get`, after k8s.io/kubernetes/pkg/printers.

Each resource is a declarative tuple of `Column`s: a column definition plus a function that
computes the cell from a stored object. Like the real API server, every column (the `-o wide`
ones too, which carry priority 1) is always filled in; kubectl hides the wide ones itself.

Objects may be sparse or malformed (half-built by a test, written by a controller that has not
caught up): every accessor tolerates missing keys and wrong types and falls back to what the
real printers show for a zero value. When a field the real server would have defaulted on
create is missing (replicas, service type, port protocol, cronjob suspend), the v1 default is
shown, so a sparse object prints the way the same object would after a real create.

This module holds the registry; the model is in :mod:`.columns`, the shared accessors in
:mod:`.values` and :mod:`.durations`, and the printers themselves in one module per domain.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from kubesim.printers.cluster import CONFIG_MAP, NAMESPACE, NODE, SECRET, SERVICE_ACCOUNT
from kubesim.printers.columns import (
    AGE,
    NAME,
    Cell,
    CellFn,
    Column,
    Obj,
    Printer,
    RowConditions,
    RowContext,
    format_labels,
)
from kubesim.printers.durations import human_duration
from kubesim.printers.events import EVENT
from kubesim.printers.network import INGRESS, SERVICE
from kubesim.printers.pods import POD
from kubesim.printers.storage import PV, PVC
from kubesim.printers.values import (
    dig,
    items,
    mapping,
    number,
    parse_time,
    present,
    strings,
    text,
)
from kubesim.printers.workloads import (
    CRON_JOB,
    DAEMON_SET,
    DEPLOYMENT,
    JOB,
    REPLICA_SET,
    REPLICATION_CONTROLLER,
    STATEFUL_SET,
    format_label_selector,
)

# The helpers are re-exported because they were public when printers was a single module.
__all__ = [
    "AGE",
    "DEFAULT_PRINTER",
    "NAME",
    "PRINTERS",
    "Cell",
    "CellFn",
    "Column",
    "Obj",
    "Printer",
    "RowConditions",
    "RowContext",
    "column_definitions",
    "dig",
    "format_label_selector",
    "format_labels",
    "human_duration",
    "items",
    "mapping",
    "number",
    "parse_time",
    "present",
    "print_row",
    "printer_for",
    "strings",
    "text",
]

DEFAULT_PRINTER = Printer((NAME, AGE))

PRINTERS: dict[str, Printer] = {
    "pods": POD,
    "deployments": DEPLOYMENT,
    "replicasets": REPLICA_SET,
    "replicationcontrollers": REPLICATION_CONTROLLER,
    "statefulsets": STATEFUL_SET,
    "daemonsets": DAEMON_SET,
    "jobs": JOB,
    "cronjobs": CRON_JOB,
    "services": SERVICE,
    "ingresses": INGRESS,
    "nodes": NODE,
    "namespaces": NAMESPACE,
    "configmaps": CONFIG_MAP,
    "secrets": SECRET,
    "serviceaccounts": SERVICE_ACCOUNT,
    "persistentvolumeclaims": PVC,
    "persistentvolumes": PV,
    "events": EVENT,
}


def printer_for(resource: str) -> Printer:
    """The printer for a plural resource name; NAME + AGE for anything without one."""
    return PRINTERS.get(resource, DEFAULT_PRINTER)


def column_definitions(printer: Printer) -> list[dict[str, Any]]:
    return [column.definition() for column in printer.columns]


def print_row(printer: Printer, obj: Obj, now: datetime) -> tuple[list[Cell], list[dict[str, str]]]:
    """The cells of one object, plus its row conditions (empty for most kinds)."""
    row = RowContext(obj if isinstance(obj, Mapping) else {}, now)
    cells = [column.cell(row) for column in printer.columns]
    conditions = printer.conditions(row) if printer.conditions else []
    return cells, conditions
