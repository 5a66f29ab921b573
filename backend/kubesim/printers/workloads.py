"""`kubectl get` columns for the workload controllers, after k8s.io/kubernetes/pkg/printers.

Deployments, ReplicaSets, ReplicationControllers, StatefulSets, DaemonSets, Jobs and CronJobs
share the wide CONTAINERS / IMAGES / SELECTOR columns read from their pod template. Where
the real server would have defaulted a field on create (replicas, cronjob suspend), the v1
default is shown so that a sparse object prints like the same object after a real create.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kubesim.printers.columns import (
    AGE,
    NAME,
    CellFn,
    Column,
    Obj,
    Printer,
    RowContext,
    column,
    format_labels,
    int_at,
    text_at,
)
from kubesim.printers.durations import human_duration, since
from kubesim.printers.values import dig, find_condition, items, number, parse_time, text
from kubesim.selectors import SelectorError, label_selector_from_match

_CONTAINERS_DOC = "Names of each container in the template."
_IMAGES_DOC = "Images referenced by each container in the template."


def _selector_string(selector: Any) -> str | None:
    """labels.Selector.String() of a stored LabelSelector object; None when it is invalid."""
    try:
        return str(label_selector_from_match(selector if isinstance(selector, Mapping) else None))
    except SelectorError:
        return None


def format_label_selector(selector: Any) -> str:
    """metav1.FormatLabelSelector: canonical selector string, "<none>" or "<error>"."""
    rendered = _selector_string(selector)
    return "<error>" if rendered is None else rendered or "<none>"


def _deployment_selector(selector: Any) -> str:
    # printDeployment uses selector.String() directly: "" when unset, "<invalid>" on error.
    rendered = _selector_string(selector)
    return "<invalid>" if rendered is None else rendered


def _selector_at(*path: str) -> CellFn:
    return lambda row: format_label_selector(dig(row.obj, *path))


def _container_columns(*pod_spec: str, selector: CellFn | None = None) -> tuple[Column, ...]:
    """The wide CONTAINERS / IMAGES (/ SELECTOR) trio of the workload printers."""

    def joined(key: str) -> CellFn:
        return lambda row: ",".join(text(c, key) for c in items(row.obj, *pod_spec, "containers"))

    columns = (
        column("Containers", joined("name"), _CONTAINERS_DOC, wide=True),
        column("Images", joined("image"), _IMAGES_DOC, wide=True),
    )
    if selector is None:
        return columns
    return (*columns, column("Selector", selector, "Label selector of the pods.", wide=True))


def _replicas(row: RowContext) -> int:
    return number(row.obj, "spec", "replicas", default=1)  # v1 defaulting sets 1


def _ready_of_desired(row: RowContext) -> str:
    return f"{number(row.obj, 'status', 'readyReplicas')}/{_replicas(row)}"


DEPLOYMENT = Printer(
    (
        NAME,
        column("Ready", _ready_of_desired, "Number of the pod with ready state"),
        column("Up-to-date", int_at("status", "updatedReplicas"), "Updated replicas."),
        column("Available", int_at("status", "availableReplicas"), "Available replicas."),
        AGE,
        *_container_columns(
            "spec",
            "template",
            "spec",
            selector=lambda r: _deployment_selector(dig(r.obj, "spec", "selector")),
        ),
    )
)


def _replica_counts(*, selector: CellFn) -> Printer:
    # ReplicaSets and ReplicationControllers differ only in how the selector is stored.
    return Printer(
        (
            NAME,
            column("Desired", _replicas, "Desired replicas.", type="integer"),
            column("Current", int_at("status", "replicas"), "Current replicas.", type="integer"),
            column("Ready", int_at("status", "readyReplicas"), "Ready replicas.", type="integer"),
            AGE,
            *_container_columns("spec", "template", "spec", selector=selector),
        )
    )


REPLICA_SET = _replica_counts(selector=_selector_at("spec", "selector"))
REPLICATION_CONTROLLER = _replica_counts(
    selector=lambda r: format_labels(dig(r.obj, "spec", "selector"))
)

STATEFUL_SET = Printer(
    (
        NAME,
        column("Ready", _ready_of_desired, "Number of the pod with ready state"),
        AGE,
        *_container_columns("spec", "template", "spec"),
    )
)


def _ds_count(name: str, key: str) -> Column:
    return column(name, int_at("status", key), f"status.{key}", type="integer")


DAEMON_SET = Printer(
    (
        NAME,
        _ds_count("Desired", "desiredNumberScheduled"),
        _ds_count("Current", "currentNumberScheduled"),
        _ds_count("Ready", "numberReady"),
        _ds_count("Up-to-date", "updatedNumberScheduled"),
        _ds_count("Available", "numberAvailable"),
        column(
            "Node Selector",
            lambda r: format_labels(dig(r.obj, "spec", "template", "spec", "nodeSelector")),
            "Node selector of the pods.",
        ),
        AGE,
        *_container_columns("spec", "template", "spec", selector=_selector_at("spec", "selector")),
    )
)


def _job_condition(obj: Obj, kind: str) -> bool:
    # The first condition of a type decides, as in hasJobCondition.
    condition = find_condition(items(obj, "status", "conditions"), kind)
    return condition is not None and text(condition, "status") == "True"


def _job_status(row: RowContext) -> str:
    if _job_condition(row.obj, "Complete"):
        return "Complete"
    if _job_condition(row.obj, "Failed"):
        return "Failed"
    if dig(row.obj, "metadata", "deletionTimestamp"):
        return "Terminating"
    if _job_condition(row.obj, "Suspended"):
        return "Suspended"
    if _job_condition(row.obj, "FailureTarget"):
        return "FailureTarget"
    return "Running"


def _job_completions(row: RowContext) -> str:
    succeeded = number(row.obj, "status", "succeeded")
    completions = dig(row.obj, "spec", "completions")
    if isinstance(completions, int) and not isinstance(completions, bool):
        return f"{succeeded}/{completions}"
    parallelism = number(row.obj, "spec", "parallelism")
    if parallelism > 1:
        return f"{succeeded}/1 of {parallelism}"
    return f"{succeeded}/1"


def _job_duration(row: RowContext) -> str:
    started = parse_time(dig(row.obj, "status", "startTime"))
    if started is None:
        return ""
    finished = parse_time(dig(row.obj, "status", "completionTime")) or row.now
    return human_duration(finished - started)


JOB = Printer(
    (
        NAME,
        column("Status", _job_status, "Status of the job."),
        column("Completions", _job_completions, "Succeeded pods out of the completions wanted."),
        column("Duration", _job_duration, "Time required to complete the job."),
        AGE,
        *_container_columns("spec", "template", "spec", selector=_selector_at("spec", "selector")),
    )
)


def _suspend(row: RowContext) -> str:
    suspend = dig(row.obj, "spec", "suspend")
    return "True" if suspend is True else "False"  # unset defaults to false in v1


def _last_schedule(row: RowContext) -> str:
    if dig(row.obj, "status", "lastScheduleTime") is None:
        return "<none>"
    return since(dig(row.obj, "status", "lastScheduleTime"), row.now)


CRON_JOB = Printer(
    (
        NAME,
        column("Schedule", text_at("spec", "schedule"), "The schedule in Cron format."),
        column(
            "Timezone", text_at("spec", "timeZone", default="<none>"), "Time zone of the schedule."
        ),
        column("Suspend", _suspend, "Whether new runs are suspended.", type="boolean"),
        column(
            "Active",
            lambda r: len(items(r.obj, "status", "active")),
            "Currently running jobs.",
            type="integer",
        ),
        column("Last Schedule", _last_schedule, "When a job was last scheduled."),
        AGE,
        *_container_columns(
            "spec",
            "jobTemplate",
            "spec",
            "template",
            "spec",
            selector=_selector_at("spec", "jobTemplate", "spec", "selector"),
        ),
    )
)
