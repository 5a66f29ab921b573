"""Per-resource table columns for `kubectl get`, after k8s.io/kubernetes/pkg/printers.

Each resource is a declarative tuple of `Column`s: a column definition plus a function that
computes the cell from a stored object. Like the real API server, every column (the `-o wide`
ones too, which carry priority 1) is always filled in; kubectl hides the wide ones itself.

Objects may be sparse or malformed (half-built by a test, written by a controller that has not
caught up): every accessor here tolerates missing keys and wrong types and falls back to what
the real printers show for a zero value. When a field the real server would have defaulted on
create is missing (replicas, service type, port protocol, cronjob suspend), the v1 default is
shown, so a sparse object prints the way the same object would after a real create.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from kubesim.selectors import SelectorError, label_selector_from_match

Cell = str | int | bool
Obj = Mapping[str, Any]

# ---- durations (k8s.io/apimachinery/pkg/util/duration.HumanDuration) -----------------------

_MINUTE, _HOUR, _DAY, _YEAR = 60, 3600, 86400, 365 * 86400


def _two_units(big: int, big_unit: str, small: int, small_unit: str) -> str:
    return f"{big}{big_unit}{small}{small_unit}" if small else f"{big}{big_unit}"


def human_duration(delta: timedelta) -> str:
    """kubectl's AGE format: precise while small, coarser as it grows ("5m30s", "3h", "2y50d")."""
    seconds = int(delta.total_seconds())  # truncates toward zero, like Go's int(d.Seconds())
    if seconds < -1:
        return "<invalid>"
    if seconds < 0:
        return "0s"  # up to a second of clock skew reads as "just now"
    if seconds < 2 * _MINUTE:
        return f"{seconds}s"
    minutes = seconds // _MINUTE
    if minutes < 10:
        return _two_units(minutes, "m", seconds % _MINUTE, "s")
    if minutes < 3 * 60:
        return f"{minutes}m"
    hours = seconds // _HOUR
    if hours < 8:
        return _two_units(hours, "h", minutes % 60, "m")
    if hours < 48:
        return f"{hours}h"
    days = hours // 24
    if days < 8:
        return _two_units(days, "d", hours % 24, "h")
    if days < 2 * 365:
        return f"{days}d"
    years = days // 365
    if years < 8:
        return _two_units(years, "y", days % 365, "d")
    return f"{years}y"


# ---- defensive accessors -------------------------------------------------------------------


def dig(obj: Any, *path: str) -> Any:
    """obj[path[0]][path[1]]..., or None as soon as a step is missing or not a mapping."""
    current = obj
    for key in path:
        if not isinstance(current, Mapping):
            return None
        current = current.get(key)
    return current


def text(obj: Any, *path: str, default: str = "") -> str:
    value = dig(obj, *path)
    return value if isinstance(value, str) else default


def number(obj: Any, *path: str, default: int = 0) -> int:
    value = dig(obj, *path)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return default
    return int(value)


def present(obj: Any, *path: str) -> Mapping[str, Any] | None:
    """The mapping at path, or None: for Go pointer fields, where "set but empty" matters."""
    value = dig(obj, *path)
    return value if isinstance(value, Mapping) else None


def mapping(obj: Any, *path: str) -> Mapping[str, Any]:
    return present(obj, *path) or {}


def items(obj: Any, *path: str) -> list[Mapping[str, Any]]:
    """The list at path, keeping only its mapping entries."""
    value = dig(obj, *path)
    if not isinstance(value, list):
        return []
    return [entry for entry in value if isinstance(entry, Mapping)]


def strings(obj: Any, *path: str) -> list[str]:
    value = dig(obj, *path)
    if not isinstance(value, list):
        return []
    return [entry for entry in value if isinstance(entry, str)]


def parse_time(value: Any) -> datetime | None:
    """An RFC 3339 timestamp (Time or MicroTime) as an aware datetime; None if unusable."""
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str) and value:
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return None
    else:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


# ---- formatting helpers shared by several printers -----------------------------------------


def format_labels(labels: Any) -> str:
    """labels.FormatLabels: "k=v,k2=v2" sorted by key, "<none>" when empty."""
    if not isinstance(labels, Mapping) or not labels:
        return "<none>"
    return ",".join(f"{key}={labels[key]}" for key in sorted(labels, key=str))


def format_label_selector(selector: Any) -> str:
    """metav1.FormatLabelSelector: canonical selector string, "<none>" or "<error>"."""
    try:
        rendered = str(
            label_selector_from_match(selector if isinstance(selector, Mapping) else None)
        )
    except SelectorError:
        return "<error>"
    return rendered or "<none>"


def _deployment_selector(selector: Any) -> str:
    # printDeployment uses selector.String() directly: "" when unset, "<invalid>" on error.
    try:
        return str(label_selector_from_match(selector if isinstance(selector, Mapping) else None))
    except SelectorError:
        return "<invalid>"


def _load_balancer_addresses(status: Any) -> list[str]:
    found = {
        text(entry, "ip") or text(entry, "hostname")
        for entry in items(status, "loadBalancer", "ingress")
    }
    return sorted(found - {""})


def _since(value: Any, now: datetime) -> str:
    """translateTimestampSince: the age of a timestamp, "<unknown>" when unset."""
    moment = parse_time(value)
    return human_duration(now - moment) if moment else "<unknown>"


# ---- the declarative model -----------------------------------------------------------------


@dataclass
class RowContext:
    """One object being printed, plus a per-row cache for values several cells share."""

    obj: Obj
    now: datetime
    cache: dict[str, object] = field(default_factory=dict)

    def age(self) -> str:
        return _since(dig(self.obj, "metadata", "creationTimestamp"), self.now)


CellFn = Callable[[RowContext], Cell]


@dataclass(frozen=True)
class Column:
    name: str
    cell: CellFn
    description: str
    type: str = "string"
    priority: int = 0
    format: str = ""

    def definition(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "type": self.type,
            "format": self.format,
            "description": self.description,
            "priority": self.priority,
        }


RowConditions = Callable[[RowContext], list[dict[str, str]]]


@dataclass(frozen=True)
class Printer:
    columns: tuple[Column, ...]
    conditions: RowConditions | None = None


_NAME_DOC = (
    "Name must be unique within a namespace. Is required when creating resources, although "
    "some resources may allow a client to request the generation of an appropriate name "
    "automatically. Name is primarily intended for creation idempotence and configuration "
    "definition. Cannot be updated. More info: "
    "https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names"
)
_AGE_DOC = (
    "CreationTimestamp is a timestamp representing the server time when this object was "
    "created. It is not guaranteed to be set in happens-before order across separate "
    "operations. Clients may not set this value. It is represented in RFC3339 form and is in "
    "UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: "
    "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"
)
_CONTAINERS_DOC = "Names of each container in the template."
_IMAGES_DOC = "Images referenced by each container in the template."


def _col(
    name: str, cell: CellFn, description: str, *, type: str = "string", wide: bool = False
) -> Column:
    return Column(name, cell, description, type=type, priority=1 if wide else 0)


def _at(*path: str, default: str = "") -> CellFn:
    return lambda row: text(row.obj, *path, default=default)


def _int_at(*path: str, default: int = 0) -> CellFn:
    return lambda row: number(row.obj, *path, default=default)


def _or_none(cell: CellFn) -> CellFn:
    return lambda row: cell(row) or "<none>"


NAME = Column("Name", _at("metadata", "name"), _NAME_DOC, format="name")
AGE = Column("Age", RowContext.age, _AGE_DOC)


def _container_columns(*pod_spec: str, selector: CellFn | None = None) -> tuple[Column, ...]:
    """The wide CONTAINERS / IMAGES (/ SELECTOR) trio of the workload printers."""

    def names(row: RowContext) -> str:
        return ",".join(text(c, "name") for c in items(row.obj, *pod_spec, "containers"))

    def images(row: RowContext) -> str:
        return ",".join(text(c, "image") for c in items(row.obj, *pod_spec, "containers"))

    columns = (
        _col("Containers", names, _CONTAINERS_DOC, wide=True),
        _col("Images", images, _IMAGES_DOC, wide=True),
    )
    if selector is None:
        return columns
    return (*columns, _col("Selector", selector, "Label selector of the pods.", wide=True))


def _selector_at(*path: str) -> CellFn:
    return lambda row: format_label_selector(dig(row.obj, *path))


def _replicas(row: RowContext) -> int:
    return number(row.obj, "spec", "replicas", default=1)  # v1 defaulting sets 1


def _ready_of_desired(row: RowContext) -> str:
    return f"{number(row.obj, 'status', 'readyReplicas')}/{_replicas(row)}"


# ---- pods ----------------------------------------------------------------------------------


@dataclass
class _Restarts:
    count: int = 0
    last: datetime | None = None

    def add(self, status: Obj) -> None:
        self.count += number(status, "restartCount")
        finished = parse_time(dig(status, "lastState", "terminated", "finishedAt"))
        if finished and (self.last is None or finished > self.last):
            self.last = finished


@dataclass(frozen=True)
class _PodSummary:
    ready: str
    status: str
    restarts: str


def _has_true_condition(status: Obj, kind: str) -> bool:
    return any(
        text(c, "type") == kind and text(c, "status") == "True" for c in items(status, "conditions")
    )


def _terminated_reason(terminated: Obj, prefix: str = "") -> str:
    if text(terminated, "reason"):
        return prefix + text(terminated, "reason")
    if number(terminated, "signal"):
        return f"{prefix}Signal:{number(terminated, 'signal')}"
    return f"{prefix}ExitCode:{number(terminated, 'exitCode')}"


class _PodStatusWalk:
    """printPod's status logic: init containers first, then app containers, then deletion."""

    def __init__(self, pod: Obj) -> None:
        self.spec = mapping(pod, "spec")
        self.status = mapping(pod, "status")
        self.phase = text(self.status, "phase")
        self.reason = text(self.status, "reason") or self.phase
        if any(
            text(c, "type") == "PodScheduled" and text(c, "reason") == "SchedulingGated"
            for c in items(self.status, "conditions")
        ):
            self.reason = "SchedulingGated"
        init_specs = items(self.spec, "initContainers")
        self.init_count = len(init_specs)
        # Sidecars (restartable init containers) count towards READY like app containers.
        self.sidecars = {
            text(c, "name") for c in init_specs if text(c, "restartPolicy") == "Always"
        }
        sidecar_count = sum(1 for c in init_specs if text(c, "restartPolicy") == "Always")
        self.total = len(items(self.spec, "containers")) + sidecar_count
        self.ready = 0
        self.restarts = _Restarts()
        self.sidecar_restarts = _Restarts()

    def walk_init_containers(self) -> bool:
        """Returns True while initialisation is still in progress (reason is "Init:...")."""
        for index, cs in enumerate(items(self.status, "initContainerStatuses")):
            self.restarts.add(cs)
            is_sidecar = text(cs, "name") in self.sidecars
            if is_sidecar:
                self.sidecar_restarts.add(cs)
            terminated = present(cs, "state", "terminated")
            waiting_reason = text(cs, "state", "waiting", "reason")
            if terminated is not None and number(terminated, "exitCode") == 0:
                continue
            if is_sidecar and dig(cs, "started") is True:
                if dig(cs, "ready") is True:
                    self.ready += 1
                continue
            if terminated is not None:
                self.reason = _terminated_reason(terminated, "Init:")
            elif waiting_reason and waiting_reason != "PodInitializing":
                self.reason = "Init:" + waiting_reason
            else:
                self.reason = f"Init:{index}/{self.init_count}"
            return True
        return False

    def walk_containers(self) -> None:
        # Once initialised only sidecar restarts carry over, as upstream does.
        self.restarts = self.sidecar_restarts
        has_running = False
        # Walked backwards so the first container's state wins the STATUS column.
        for cs in reversed(items(self.status, "containerStatuses")):
            self.restarts.add(cs)
            waiting_reason = text(cs, "state", "waiting", "reason")
            terminated = present(cs, "state", "terminated")
            if waiting_reason:
                self.reason = waiting_reason
            elif terminated is not None:
                self.reason = _terminated_reason(terminated)
            elif dig(cs, "ready") is True and present(cs, "state", "running") is not None:
                has_running = True
                self.ready += 1
        if self.reason == "Completed" and has_running:
            self.reason = "Running" if _has_true_condition(self.status, "Ready") else "NotReady"


def _summarize_pod(pod: Obj, now: datetime) -> _PodSummary:
    walk = _PodStatusWalk(pod)
    initializing = walk.walk_init_containers()
    if not initializing or _has_true_condition(walk.status, "Initialized"):
        walk.walk_containers()
    reason = walk.reason
    if dig(pod, "metadata", "deletionTimestamp"):
        if text(walk.status, "reason") == "NodeLost":
            reason = "Unknown"
        elif walk.phase not in ("Succeeded", "Failed"):
            reason = "Terminating"
    restarts = str(walk.restarts.count)
    if walk.restarts.count and walk.restarts.last:
        restarts += f" ({human_duration(now - walk.restarts.last)} ago)"
    return _PodSummary(f"{walk.ready}/{walk.total}", reason, restarts)


def _pod(row: RowContext) -> _PodSummary:
    # READY, STATUS and RESTARTS come from one walk over the statuses; do it once per row.
    cached = row.cache.get("pod")
    if isinstance(cached, _PodSummary):
        return cached
    summary = _summarize_pod(row.obj, row.now)
    row.cache["pod"] = summary
    return summary


def _pod_ip(row: RowContext) -> str:
    ips = items(row.obj, "status", "podIPs")
    ip = text(ips[0], "ip") if ips else text(row.obj, "status", "podIP")
    return ip or "<none>"


def _readiness_gates(row: RowContext) -> str:
    gates = items(row.obj, "spec", "readinessGates")
    if not gates:
        return "<none>"
    conditions = items(row.obj, "status", "conditions")
    passed = 0
    for gate in gates:
        wanted = text(gate, "conditionType")
        match = next((c for c in conditions if text(c, "type") == wanted), None)
        if match is not None and text(match, "status") == "True":
            passed += 1
    return f"{passed}/{len(gates)}"


def _pod_conditions(row: RowContext) -> list[dict[str, str]]:
    # Completed pods are flagged so clients can grey or hide them, as the real server does.
    phase = text(row.obj, "status", "phase")
    messages = {
        "Succeeded": "The pod has completed successfully.",
        "Failed": "The pod failed.",
    }
    if phase not in messages:
        return []
    return [{"type": "Completed", "status": "True", "reason": phase, "message": messages[phase]}]


_POD = Printer(
    (
        NAME,
        _col("Ready", lambda r: _pod(r).ready, "The aggregate readiness state of this pod."),
        _col("Status", lambda r: _pod(r).status, "The aggregate status of the containers."),
        _col("Restarts", lambda r: _pod(r).restarts, "Container restarts, and when the last was."),
        AGE,
        _col("IP", _pod_ip, "IP address allocated to the pod.", wide=True),
        _col("Node", _or_none(_at("spec", "nodeName")), "Node the pod runs on.", wide=True),
        _col(
            "Nominated Node",
            _or_none(_at("status", "nominatedNodeName")),
            "Node the scheduler nominated for preemption.",
            wide=True,
        ),
        _col("Readiness Gates", _readiness_gates, "Readiness gates satisfied.", wide=True),
    ),
    conditions=_pod_conditions,
)

# ---- workloads -----------------------------------------------------------------------------

_DEPLOYMENT = Printer(
    (
        NAME,
        _col("Ready", _ready_of_desired, "Number of the pod with ready state"),
        _col("Up-to-date", _int_at("status", "updatedReplicas"), "Updated replicas."),
        _col("Available", _int_at("status", "availableReplicas"), "Available replicas."),
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
            _col("Desired", _replicas, "Desired replicas.", type="integer"),
            _col("Current", _int_at("status", "replicas"), "Current replicas.", type="integer"),
            _col("Ready", _int_at("status", "readyReplicas"), "Ready replicas.", type="integer"),
            AGE,
            *_container_columns("spec", "template", "spec", selector=selector),
        )
    )


_REPLICA_SET = _replica_counts(selector=_selector_at("spec", "selector"))
_REPLICATION_CONTROLLER = _replica_counts(
    selector=lambda r: format_labels(dig(r.obj, "spec", "selector"))
)

_STATEFUL_SET = Printer(
    (
        NAME,
        _col("Ready", _ready_of_desired, "Number of the pod with ready state"),
        AGE,
        *_container_columns("spec", "template", "spec"),
    )
)


def _ds_count(name: str, key: str) -> Column:
    return _col(name, _int_at("status", key), f"status.{key}", type="integer")


_DAEMON_SET = Printer(
    (
        NAME,
        _ds_count("Desired", "desiredNumberScheduled"),
        _ds_count("Current", "currentNumberScheduled"),
        _ds_count("Ready", "numberReady"),
        _ds_count("Up-to-date", "updatedNumberScheduled"),
        _ds_count("Available", "numberAvailable"),
        _col(
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
    for condition in items(obj, "status", "conditions"):
        if text(condition, "type") == kind:
            return text(condition, "status") == "True"
    return False


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


_JOB = Printer(
    (
        NAME,
        _col("Status", _job_status, "Status of the job."),
        _col("Completions", _job_completions, "Succeeded pods out of the completions wanted."),
        _col("Duration", _job_duration, "Time required to complete the job."),
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
    return _since(dig(row.obj, "status", "lastScheduleTime"), row.now)


_CRON_JOB = Printer(
    (
        NAME,
        _col("Schedule", _at("spec", "schedule"), "The schedule in Cron format."),
        _col("Timezone", _at("spec", "timeZone", default="<none>"), "Time zone of the schedule."),
        _col("Suspend", _suspend, "Whether new runs are suspended.", type="boolean"),
        _col(
            "Active",
            lambda r: len(items(r.obj, "status", "active")),
            "Currently running jobs.",
            type="integer",
        ),
        _col("Last Schedule", _last_schedule, "When a job was last scheduled."),
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

# ---- networking ----------------------------------------------------------------------------


def _service_type(obj: Obj) -> str:
    return text(obj, "spec", "type") or "ClusterIP"  # v1 default


def _cluster_ip(row: RowContext) -> str:
    ips = strings(row.obj, "spec", "clusterIPs")
    return (ips[0] if ips else text(row.obj, "spec", "clusterIP")) or "<none>"


def _external_ip(row: RowContext) -> str:
    # getServiceExternalIP with wide=true: the API server never truncates the address list.
    kind = _service_type(row.obj)
    external = strings(row.obj, "spec", "externalIPs")
    if kind in ("ClusterIP", "NodePort"):
        return ",".join(external) or "<none>"
    if kind == "LoadBalancer":
        addresses = _load_balancer_addresses(dig(row.obj, "status"))
        return ",".join(addresses + external) or "<pending>"
    if kind == "ExternalName":
        return text(row.obj, "spec", "externalName")
    return "<unknown>"


def _service_ports(row: RowContext) -> str:
    pieces = []
    for port in items(row.obj, "spec", "ports"):
        protocol = text(port, "protocol") or "TCP"  # v1 default
        node_port = number(port, "nodePort")
        middle = f":{node_port}" if node_port > 0 else ""
        pieces.append(f"{number(port, 'port')}{middle}/{protocol}")
    return ",".join(pieces) or "<none>"


_SERVICE = Printer(
    (
        NAME,
        _col("Type", lambda r: _service_type(r.obj), "How the service is exposed."),
        _col("Cluster-IP", _cluster_ip, "The IP address of the service inside the cluster."),
        _col("External-IP", _external_ip, "Addresses the service is reachable at from outside."),
        _col("Port(s)", _service_ports, "The ports exposed by the service."),
        AGE,
        _col(
            "Selector",
            lambda r: format_labels(dig(r.obj, "spec", "selector")),
            "Pods the service routes to.",
            wide=True,
        ),
    )
)


def _ingress_hosts(row: RowContext) -> str:
    # formatHosts: at most three named hosts, then "+ N more..." counted over all rules.
    rules = items(row.obj, "spec", "rules")
    hosts = [text(rule, "host") for rule in rules[:3] if text(rule, "host")]
    if not hosts:
        return "*"
    listed = ",".join(hosts)
    return f"{listed} + {len(rules) - 3} more..." if len(rules) > 3 else listed


_INGRESS = Printer(
    (
        NAME,
        _col("Class", _at("spec", "ingressClassName", default="<none>"), "IngressClass in use."),
        _col("Hosts", _ingress_hosts, "Hosts that incoming requests are matched against."),
        _col(
            "Address",
            lambda r: ",".join(_load_balancer_addresses(dig(r.obj, "status"))),
            "Addresses of the load balancer serving the ingress.",
        ),
        _col(
            "Ports",
            lambda r: "80, 443" if items(r.obj, "spec", "tls") else "80",
            "Ports of TLS configurations that open",
        ),
        AGE,
    )
)

# ---- cluster -------------------------------------------------------------------------------

_ROLE_PREFIX = "node-role.kubernetes.io/"


def _node_status(row: RowContext) -> str:
    ready = next(
        (c for c in items(row.obj, "status", "conditions") if text(c, "type") == "Ready"), None
    )
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
    cell = _at("status", "nodeInfo", key)
    return _col(name, lambda r: cell(r) or "<unknown>", f"status.nodeInfo.{key}", wide=True)


_NODE = Printer(
    (
        NAME,
        _col("Status", _node_status, "The status of the node"),
        _col("Roles", _node_roles, "The roles of the node"),
        AGE,
        _col("Version", _at("status", "nodeInfo", "kubeletVersion"), "Kubelet version."),
        _col("Internal-IP", _node_address("InternalIP"), "Internal address.", wide=True),
        _col("External-IP", _node_address("ExternalIP"), "External address.", wide=True),
        _node_info("osImage", "OS-Image"),
        _node_info("kernelVersion", "Kernel-Version"),
        _node_info("containerRuntimeVersion", "Container-Runtime"),
    )
)

_NAMESPACE = Printer(
    (NAME, _col("Status", _at("status", "phase"), "The status of the namespace"), AGE)
)


def _length(obj: Obj, *path: str) -> int:
    value = dig(obj, *path)
    return len(value) if isinstance(value, Mapping | list) else 0


def _count(*path: str) -> CellFn:
    return lambda row: _length(row.obj, *path)


_CONFIG_MAP = Printer(
    (
        NAME,
        _col(
            "Data",
            lambda r: _length(r.obj, "data") + _length(r.obj, "binaryData"),
            "Number of entries in data and binaryData.",
        ),
        AGE,
    )
)
_SECRET = Printer(
    (
        NAME,
        _col("Type", _at("type"), "Used to facilitate programmatic handling of secret data."),
        _col("Data", _count("data"), "Number of entries in data."),
        AGE,
    )
)
_SERVICE_ACCOUNT = Printer(
    (NAME, _col("Secrets", _count("secrets"), "Secrets listed by the service account."), AGE)
)

# ---- storage -------------------------------------------------------------------------------

_ACCESS_MODES = (
    ("ReadWriteOnce", "RWO"),
    ("ReadOnlyMany", "ROX"),
    ("ReadWriteMany", "RWX"),
    ("ReadWriteOncePod", "RWOP"),
)
_BETA_CLASS_ANNOTATION = "volume.beta.kubernetes.io/storage-class"


def _access_modes(modes: list[str]) -> str:
    return ",".join(short for mode, short in _ACCESS_MODES if mode in modes)


def _storage_class(row: RowContext) -> str:
    # The deprecated beta annotation still wins over spec.storageClassName, as upstream.
    annotations = mapping(row.obj, "metadata", "annotations")
    if isinstance(annotations.get(_BETA_CLASS_ANNOTATION), str):
        return str(annotations[_BETA_CLASS_ANNOTATION])
    return text(row.obj, "spec", "storageClassName")


def _quantity(value: Any) -> str:
    # A missing resource.Quantity prints as "0". Quantities are not re-canonicalised.
    if isinstance(value, str) and value:
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return "0"


def _phase_or_terminating(row: RowContext) -> str:
    if dig(row.obj, "metadata", "deletionTimestamp"):
        return "Terminating"
    return text(row.obj, "status", "phase")


def _pvc_bound(cell: CellFn) -> CellFn:
    # Capacity and access modes are only shown once the claim is bound to a volume.
    return lambda row: cell(row) if text(row.obj, "spec", "volumeName") else ""


_VOLUME_ATTRIBUTES_CLASS = _at("spec", "volumeAttributesClassName", default="<unset>")
_VOLUME_MODE = _at("spec", "volumeMode", default="<unset>")

_PVC = Printer(
    (
        NAME,
        _col("Status", _phase_or_terminating, "Phase of the claim."),
        _col("Volume", _at("spec", "volumeName"), "The volume bound to the claim."),
        _col(
            "Capacity",
            _pvc_bound(lambda r: _quantity(dig(r.obj, "status", "capacity", "storage"))),
            "Actual storage of the bound volume.",
        ),
        _col(
            "Access Modes",
            _pvc_bound(lambda r: _access_modes(strings(r.obj, "status", "accessModes"))),
            "Access modes of the bound volume.",
        ),
        _col("StorageClass", _storage_class, "StorageClass of the pvc"),
        _col("VolumeAttributesClass", _VOLUME_ATTRIBUTES_CLASS, "VolumeAttributesClass of the pvc"),
        AGE,
        _col("VolumeMode", _VOLUME_MODE, "Block or Filesystem.", wide=True),
    )
)


def _pv_claim(row: RowContext) -> str:
    claim = present(row.obj, "spec", "claimRef")
    if claim is None:
        return ""
    return f"{text(claim, 'namespace')}/{text(claim, 'name')}"


_PV = Printer(
    (
        NAME,
        _col(
            "Capacity",
            lambda r: _quantity(dig(r.obj, "spec", "capacity", "storage")),
            "Capacity of the volume.",
        ),
        _col(
            "Access Modes",
            lambda r: _access_modes(strings(r.obj, "spec", "accessModes")),
            "Ways the volume can be mounted.",
        ),
        _col(
            "Reclaim Policy",
            _at("spec", "persistentVolumeReclaimPolicy"),
            "What happens to the volume when released from its claim.",
        ),
        _col("Status", _phase_or_terminating, "Phase of the volume."),
        _col("Claim", _pv_claim, "The claim bound to the volume."),
        _col("StorageClass", _storage_class, "StorageClass of the pv"),
        _col("VolumeAttributesClass", _VOLUME_ATTRIBUTES_CLASS, "VolumeAttributesClass of the pv"),
        _col("Reason", _at("status", "reason"), "Why the volume is in this phase."),
        AGE,
        _col("VolumeMode", _VOLUME_MODE, "Block or Filesystem.", wide=True),
    )
)

# ---- events --------------------------------------------------------------------------------
# Core v1 events, with fallbacks to the events.k8s.io/v1 field names (regarding, note, ...)
# because the real server prints both API versions through the same printer.


def _event_first_seen(row: RowContext) -> str:
    for key in ("firstTimestamp", "deprecatedFirstTimestamp", "eventTime"):
        if parse_time(dig(row.obj, key)):
            return _since(dig(row.obj, key), row.now)
    return "<unknown>"


def _event_last_seen(row: RowContext) -> str:
    series = present(row.obj, "series")
    if series is not None:
        return _since(dig(series, "lastObservedTime"), row.now)
    for key in ("lastTimestamp", "deprecatedLastTimestamp"):
        if parse_time(dig(row.obj, key)):
            return _since(dig(row.obj, key), row.now)
    return _event_first_seen(row)


def _event_count(row: RowContext) -> int:
    series = present(row.obj, "series")
    if series is not None:
        return number(series, "count")
    count = number(row.obj, "count") or number(row.obj, "deprecatedCount")
    return count or 1  # singleton events carry no count in the new API


def _event_subject(row: RowContext) -> Obj:
    return present(row.obj, "involvedObject") or mapping(row.obj, "regarding")


def _event_object(row: RowContext) -> str:
    subject = _event_subject(row)
    kind = text(subject, "kind").lower()
    return f"{kind}/{text(subject, 'name')}" if text(subject, "name") else kind


def _event_source(row: RowContext) -> str:
    component = (
        text(row.obj, "source", "component")
        or text(row.obj, "deprecatedSource", "component")
        or text(row.obj, "reportingComponent")
        or text(row.obj, "reportingController")
    )
    host = (
        text(row.obj, "source", "host")
        or text(row.obj, "deprecatedSource", "host")
        or text(row.obj, "reportingInstance")
    )
    return f"{component}, {host}" if host else component


def _event_message(row: RowContext) -> str:
    return (text(row.obj, "message") or text(row.obj, "note")).strip()


_EVENT = Printer(
    (
        _col("Last Seen", _event_last_seen, "The time at which the most recent occurrence."),
        _col("Type", _at("type"), "Type of this event (Normal, Warning)."),
        _col("Reason", _at("reason"), "Short, machine understandable reason."),
        _col("Object", _event_object, "The object that this event is about."),
        _col(
            "Subobject",
            lambda r: text(_event_subject(r), "fieldPath"),
            "Part of the object the event is about.",
            wide=True,
        ),
        _col("Source", _event_source, "The component reporting this event.", wide=True),
        _col("Message", _event_message, "A human-readable description of the status."),
        _col("First Seen", _event_first_seen, "When the event was first recorded.", wide=True),
        _col("Count", _event_count, "The number of times this event has occurred.", wide=True),
        Column("Name", NAME.cell, _NAME_DOC, priority=1, format="name"),
    )
)

# ---- registry ------------------------------------------------------------------------------

DEFAULT_PRINTER = Printer((NAME, AGE))

PRINTERS: dict[str, Printer] = {
    "pods": _POD,
    "deployments": _DEPLOYMENT,
    "replicasets": _REPLICA_SET,
    "replicationcontrollers": _REPLICATION_CONTROLLER,
    "statefulsets": _STATEFUL_SET,
    "daemonsets": _DAEMON_SET,
    "jobs": _JOB,
    "cronjobs": _CRON_JOB,
    "services": _SERVICE,
    "ingresses": _INGRESS,
    "nodes": _NODE,
    "namespaces": _NAMESPACE,
    "configmaps": _CONFIG_MAP,
    "secrets": _SECRET,
    "serviceaccounts": _SERVICE_ACCOUNT,
    "persistentvolumeclaims": _PVC,
    "persistentvolumes": _PV,
    "events": _EVENT,
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
