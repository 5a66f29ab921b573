"""Request and response bodies of the Helm API (`/api/v1/helm/...`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

ValuesMode = Literal["reset_then_reuse", "reset", "reuse"]
OperationStatus = Literal["queued", "running", "succeeded", "failed", "lost"]
_TIMEOUT = Field(default=300, ge=1, le=3600, description="helm --timeout, in seconds")


# ---- repositories -----------------------------------------------------------------------------
class RepoCreate(BaseModel):
    name: str = Field(min_length=1, max_length=63)
    url: str = Field(min_length=1, max_length=2000, description="http(s)://... or oci://host/path")
    username: str | None = Field(default=None, max_length=200)
    password: str | None = Field(default=None, max_length=4096, description="never returned")
    ca_cert: str | None = Field(default=None, max_length=65536, description="PEM bundle")
    insecure_skip_tls_verify: bool = False
    plain_http: bool = Field(default=False, description="OCI registries served over HTTP")
    pass_credentials: bool = Field(
        default=False, description="send credentials to chart URLs on other hosts too"
    )


class RepoOut(BaseModel):
    name: str
    url: str
    kind: Literal["http", "oci"]
    username: str | None = None
    has_password: bool
    has_ca_cert: bool
    insecure_skip_tls_verify: bool
    plain_http: bool
    pass_credentials: bool
    created_by: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    error: str | None = Field(default=None, description="why helm could not register it here")


class RepoUpdateResult(BaseModel):
    name: str
    updated: bool
    error: str | None = None


# ---- charts -----------------------------------------------------------------------------------
class ChartOut(BaseModel):
    name: str = Field(description="repo/chart")
    repo: str
    chart: str
    version: str
    app_version: str = ""
    description: str = ""


class ChartInfo(BaseModel):
    ref: str = Field(description="the chart reference as asked (repo/chart or oci://...)")
    name: str
    version: str
    app_version: str = ""
    description: str = ""
    metadata: dict[str, Any] = Field(description="Chart.yaml")
    values_yaml: str = Field(description="the chart's values.yaml, comments kept")
    values: dict[str, Any]
    readme: str | None = None
    schema_: dict[str, Any] | None = Field(
        default=None, alias="schema", description="values.schema.json, when the chart has one"
    )

    model_config = {"populate_by_name": True}


class ChartValuesOut(BaseModel):
    values_yaml: str = Field(description="values.yaml as the chart ships it, comments kept")
    values: dict[str, Any]


class ChartReadmeOut(BaseModel):
    readme: str | None = None


class ChartSchemaOut(BaseModel):
    schema_: dict[str, Any] | None = Field(default=None, alias="schema")

    model_config = {"populate_by_name": True}


# ---- releases ---------------------------------------------------------------------------------
class ReleaseOut(BaseModel):
    name: str
    namespace: str
    revision: int
    status: str
    chart: str
    chart_version: str
    app_version: str = ""
    updated: str = ""
    pending: bool = Field(description="stuck in pending-*: an operation did not finish")
    suggested_action: Literal["rollback", "uninstall"] | None = None


class ReleaseResource(BaseModel):
    api_version: str
    kind: str
    name: str
    namespace: str | None = None
    ready: bool | None = None
    status: str = ""
    object: dict[str, Any] | None = Field(
        default=None, description="the live object; Secret data redacted, managedFields dropped"
    )


class ReleaseDetail(ReleaseOut):
    description: str = ""
    first_deployed: str = ""
    last_deployed: str = ""
    apply_method: str = ""
    notes: str = ""
    values: dict[str, Any] = Field(description="user-supplied values of this revision")
    resources: list[ReleaseResource]


class HistoryEntry(BaseModel):
    revision: int
    updated: str = ""
    status: str
    chart: str
    chart_version: str
    app_version: str = ""
    description: str = ""


class ValuesOut(BaseModel):
    revision: int | None = None
    all: bool = Field(description="computed values (chart defaults merged) instead of user's")
    values: dict[str, Any]


class ManifestOut(BaseModel):
    revision: int | None = None
    manifest: str = Field(description="rendered YAML; Secret data redacted")


class ResourceChange(BaseModel):
    kind: str
    name: str
    namespace: str | None = None
    change: Literal["added", "removed", "changed"]


class DiffOut(BaseModel):
    before: str = Field(description="what is compared from, e.g. `revision 2`")
    after: str
    values_before: dict[str, Any]
    values_after: dict[str, Any]
    values_diff: str = Field(description="unified diff of the user-supplied values, as YAML")
    manifest_diff: str = Field(description="unified diff of the manifests; Secrets redacted")
    changes: list[ResourceChange]


class InstallPreviewOut(DiffOut):
    """An install's dry run: everything it would create (all `added`), its notes and values."""

    manifest: str = Field(description="rendered YAML; Secret data redacted")
    notes: str
    chart_version: str


# ---- operations -------------------------------------------------------------------------------
class _Values(BaseModel):
    values: dict[str, Any] | None = Field(default=None, description="values as an object")
    values_yaml: str | None = Field(default=None, description="values as YAML text")


class InstallRequest(_Values):
    release_name: str = Field(min_length=1, max_length=53)
    chart: str = Field(min_length=1, max_length=500, description="repo/chart or oci://...")
    version: str | None = Field(default=None, max_length=64)
    namespace: str = Field(default="default", min_length=1, max_length=63)
    create_namespace: bool = False
    wait: bool = Field(default=True, description="wait until the resources are ready")
    timeout_seconds: int = _TIMEOUT
    rollback_on_failure: bool = False


class UpgradeRequest(_Values):
    chart: str = Field(min_length=1, max_length=500)
    version: str | None = Field(default=None, max_length=64)
    values_mode: ValuesMode = Field(
        default="reset_then_reuse",
        description="reset_then_reuse: new chart defaults + previous values + these; reset: "
        "chart defaults + these only; reuse: previous release's values + these",
    )
    wait: bool = True
    timeout_seconds: int = _TIMEOUT
    rollback_on_failure: bool = False


class RollbackRequest(BaseModel):
    revision: int = Field(ge=1, description="the revision to roll back to")
    wait: bool = True
    timeout_seconds: int = _TIMEOUT


class OperationOut(BaseModel):
    id: str
    action: Literal["install", "upgrade", "rollback", "uninstall"]
    cluster_id: str
    namespace: str
    release: str
    status: OperationStatus
    phase: str
    request: dict[str, Any] = Field(description="what was asked (values are not kept)")
    result: dict[str, Any] | None = None
    error: dict[str, Any] | None = None
    notes: str | None = None
    revision: int | None = None
    created_by: str | None = None
    created_at: datetime
    started_at: datetime | None = None
    finished_at: datetime | None = None
    elapsed_seconds: float | None = None
