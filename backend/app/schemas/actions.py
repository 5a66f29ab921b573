"""Request and response bodies of the resource actions: delete, scale, restart, apply, kubectl."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator

MAX_REPLICAS = 1000
MAX_APPLY_BYTES = 2 * 1024 * 1024
MAX_KUBECTL_ARGS = 100
MAX_KUBECTL_ARG_CHARS = 4096
MAX_KUBECTL_TIMEOUT = 60.0


class DeleteResult(BaseModel):
    """What a delete did. `deleted` is true once the object is gone; when the cluster keeps it
    for a while (finalizers, a pod's graceful termination, foreground propagation) `deleted` is
    false, `pending` true and `object` is the object as the cluster returned it, with its
    `metadata.deletionTimestamp` set."""

    deleted: bool
    pending: bool = False
    kind: str
    namespace: str | None = None
    name: str
    propagation: Literal["Background", "Foreground", "Orphan"]
    object: dict[str, Any] | None = None


class ScaleRequest(BaseModel):
    replicas: int = Field(ge=0, le=MAX_REPLICAS, description=f"0 to {MAX_REPLICAS}")


class ScaleResult(BaseModel):
    """The workload's Scale after the change: `replicas` is the desired count (spec),
    `status_replicas` how many there are right now, `selector` the pods' label selector."""

    kind: str
    namespace: str
    name: str
    replicas: int
    status_replicas: int
    selector: str = ""


class RestartResult(BaseModel):
    """A rollout restart: the pod template's `kubectl.kubernetes.io/restartedAt` annotation."""

    kind: str
    namespace: str
    name: str
    restarted_at: str


class ApplyRequest(BaseModel):
    yaml: str = Field(description="one or more YAML documents separated by `---`")
    dry_run: bool = Field(
        default=False, description="ask the cluster what would change, persist nothing"
    )
    namespace: str | None = Field(
        default=None,
        description="for namespaced objects without metadata.namespace; default: the "
        "cluster context's namespace, else `default`",
    )
    force: bool = Field(default=False, description="take over fields another field manager owns")


class ApplyItem(BaseModel):
    index: int = Field(description="1-based position of the YAML document in the input")
    kind: str
    api_version: str
    namespace: str | None = None
    name: str
    action: Literal["created", "configured", "unchanged"]
    diff: str = Field(
        default="",
        description="unified diff of the live object (empty when created) against the "
        "result, both as YAML without server-managed noise (managedFields, "
        "resourceVersion, uid, generation, creationTimestamp, status)",
    )
    warning: str | None = Field(
        default=None,
        description="set when a dry run could not ask the server about this object, "
        "because it depends on one this apply creates (its namespace or "
        "its CustomResourceDefinition)",
    )


class ApplyResult(BaseModel):
    """Every object of the input in order. A failing object stops the apply: the error reply
    (4xx/5xx) then carries `failed` (the object) and `applied` (the ApplyItems before it)."""

    results: list[ApplyItem]
    dry_run: bool


class KubectlRequest(BaseModel):
    args: list[str] = Field(
        min_length=1,
        max_length=MAX_KUBECTL_ARGS,
        description='kubectl arguments without "kubectl", e.g. ["get", "pods", "-A"]',
    )
    namespace: str | None = Field(default=None, description="default namespace for the command")
    timeout_seconds: float | None = Field(default=None, gt=0, le=MAX_KUBECTL_TIMEOUT)

    @field_validator("args")
    @classmethod
    def _sane_args(cls, args: list[str]) -> list[str]:
        for position, arg in enumerate(args):
            if "\x00" in arg:
                raise ValueError(f"argument {position} contains a NUL character")
            if len(arg) > MAX_KUBECTL_ARG_CHARS:
                raise ValueError(
                    f"argument {position} is longer than {MAX_KUBECTL_ARG_CHARS} characters"
                )
        return args


class KubectlResult(BaseModel):
    """kubectl's own outcome: a non-zero `exit_code` is a result, not an error of this API.
    `truncated` says stdout or stderr was cut at the size cap."""

    exit_code: int | None
    stdout: str
    stderr: str
    duration_ms: int
    truncated: bool = False
    timed_out: bool = False
