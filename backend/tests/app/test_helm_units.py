"""The Helm backend's pure parts: input checks, values, schema, error classification, diffs."""

from __future__ import annotations

import pytest

from app.core import errors
from app.services import helm_diff
from app.services import helm_validate as check
from app.services.helm_errors import HelmFailed, HelmTimeout, classify, error_text
from app.services.helm_releases import release_out, split_chart, suggested_action
from tests.support.chart_repo import SCHEMA


@pytest.mark.parametrize(
    "name",
    ["--post-renderer=x", "-n", "a\nb", "a\0b", "Bad_Name", "x" * 54, "", "a b", "-"],
)
def test_release_names_that_could_be_flags_or_garbage_are_refused(name: str) -> None:
    with pytest.raises(errors.BadRequest):
        check.release_name(name)


def test_release_names_helm_accepts() -> None:
    for name in ("web", "web-1", "a.b", "x" * 53):
        assert check.release_name(name) == name


@pytest.mark.parametrize(
    "ref",
    [
        "--post-renderer=x",
        "-n/chart",
        "local",
        "./chart",
        "/etc/passwd",
        "http://example.com/x.tgz",
        "local/../x",
        "local/de mo",
        "local/demo\n",
        "oci://host/../x",
        "oci://-host/x",
        "oci://host",
        "file:///tmp/x",
    ],
)
def test_chart_references_are_repo_chart_or_oci(ref: str) -> None:
    with pytest.raises(errors.BadRequest):
        check.chart_ref(ref)


def test_valid_chart_references() -> None:
    for ref in (
        "local/demo",
        "my-repo/my_chart.x",
        "oci://127.0.0.1:5000/charts/demo",
        "oci://registry.example.com/a/b/demo:1.2.3",
        "oci://r.example.com/demo@sha256:" + "a" * 64,
    ):
        assert check.chart_ref(ref) == ref


@pytest.mark.parametrize("version", ["-1", "--devel", "1.0\n", "1.0;rm", "$(x)"])
def test_bad_versions(version: str) -> None:
    with pytest.raises(errors.BadRequest):
        check.version(version)


def test_versions_and_constraints() -> None:
    for version in ("0.1.0", "^0.1", ">=1.0 <2.0", "1.x || 2.x", "v1.2.3-rc.1+b5", "*"):
        assert check.version(version) == version
    assert check.version("") is None
    assert check.is_exact_version("1.2.3") and not check.is_exact_version("^1.2")


def test_values_yaml_errors_name_line_and_column() -> None:
    with pytest.raises(errors.Invalid) as caught:
        check.parse_values(None, "replicaCount: 2\nimage:\n  tag: [1, 2\n")
    assert caught.value.extra["line"] == 4
    assert "line 4" in caught.value.detail
    with pytest.raises(errors.Invalid, match="mapping"):
        check.parse_values(None, "- a\n- b\n")
    with pytest.raises(errors.Invalid, match="not both"):
        check.parse_values({"a": 1}, "a: 1")
    assert check.parse_values(None, "  \n") == {}
    assert check.parse_values(None, "when: 2024-01-02") == {"when": "2024-01-02"}


def test_schema_lists_every_violation() -> None:
    values = check.merge(
        {"replicaCount": 1, "service": {"port": 80, "type": "ClusterIP"}},
        {"replicaCount": "two", "service": {"port": 70000}, "message": "x" * 41},
    )
    assert values["service"]["type"] == "ClusterIP"
    problems = check.schema_violations(SCHEMA, values)
    assert len(problems) == 3
    assert any("/replicaCount" in p and "integer" in p for p in problems)
    assert any("/service/port" in p for p in problems)
    with pytest.raises(errors.Invalid) as caught:
        check.check_schema(SCHEMA, values, "demo-0.1.0")
    assert len(caught.value.extra["violations"]) == 3


def test_merge_follows_helm_coalescing() -> None:
    merged = check.merge({"a": {"b": 1, "c": 2}, "d": [1]}, {"a": {"b": 5}, "d": [2], "e": None})
    assert merged == {"a": {"b": 5, "c": 2}, "d": [2]}
    assert check.merge({"a": 1}, {"a": None}) == {}


@pytest.mark.parametrize(
    ("stderr", "cls", "reason"),
    [
        (
            "Error: UPGRADE FAILED: another operation (install/upgrade/rollback) is in progress",
            errors.Conflict,
            "operation_in_progress",
        ),
        (
            "Error: INSTALLATION FAILED: cannot reuse a name that is still in use",
            errors.Conflict,
            "name_in_use",
        ),
        ("level=WARN msg=x\nError: release: not found", errors.NotFound, "release_not_found"),
        (
            "Error: uninstall: Release not loaded: nope: release: not found",
            errors.NotFound,
            "release_not_found",
        ),
        (
            "Error: chart \"nope\" matching  not found in local index. (try 'helm repo update'): "
            "no chart name found",
            errors.NotFound,
            "chart_not_found",
        ),
        (
            "Error: values don't meet the specifications of the schema(s) in the following "
            "chart(s):\ndemo:\n- at '/replicaCount': got string, want integer",
            errors.Invalid,
            "schema",
        ),
        (
            'Error: kubernetes cluster unreachable: Get "https://127.0.0.1:1/version": dial tcp '
            "127.0.0.1:1: connect: connection refused",
            errors.ClusterUnavailable,
            "cluster_unreachable",
        ),
        (
            'Error: looks like "http://x:1" is not a valid chart repository or cannot be reached: '
            "failed to fetch http://x:1/index.yaml : 401 Unauthorized",
            errors.Invalid,
            "repo_auth_failed",
        ),
        (
            'Error: secrets is forbidden: User "x" cannot list resource "secrets"',
            errors.Forbidden,
            "cluster_forbidden",
        ),
        (
            "Error: INSTALLATION FAILED: resource Deployment/a/b not ready. status: InProgress\n"
            "context deadline exceeded",
            HelmTimeout,
            "not_ready_in_time",
        ),
        ("Error: something nobody has seen", HelmFailed, "helm_failed"),
    ],
)
def test_errors_are_classified_from_the_last_error_line(
    stderr: str, cls: type[errors.AppError], reason: str
) -> None:
    error = classify(stderr, "helm x")
    assert type(error) is cls
    assert error.extra["reason"] == reason
    if reason == "schema":
        assert error.extra["violations"] == ["at '/replicaCount': got string, want integer"]


def test_error_text_skips_noise() -> None:
    stderr = "Pulled: x\nI1126 reflector.go:1 noise\nError: first\nlevel=ERROR msg=y\n"
    assert error_text(stderr) == "first"


def test_chart_and_version_split_and_pending_releases() -> None:
    assert split_chart("demo-0.1.0") == ("demo", "0.1.0")
    assert split_chart("my-app-1.2.3-rc.1") == ("my-app", "1.2.3-rc.1")
    assert split_chart("app-2-web-1.0.0") == ("app-2-web", "1.0.0")
    assert suggested_action("pending-upgrade", 3) == "rollback"
    assert suggested_action("pending-install", 1) == "uninstall"
    out = release_out(
        {
            "name": "r",
            "namespace": "n",
            "revision": "2",
            "status": "pending-upgrade",
            "chart": "demo-0.2.0",
            "app_version": "1",
        }
    )
    assert out.revision == 2 and out.pending and out.suggested_action == "rollback"


MANIFEST = """---
# Source: demo/templates/secret.yaml
apiVersion: v1
kind: Secret
metadata:
  name: s
stringData:
  token: hunter2
---
# Source: demo/templates/cm.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: c
data:
  message: old
"""


def test_manifests_are_redacted_and_diffed_per_object() -> None:
    assert "hunter2" not in helm_diff.redact_manifest(MANIFEST)
    after = MANIFEST.replace("message: old", "message: new").replace("hunter2", "hunter3")
    after += "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: svc\n"
    diff = helm_diff.diff("revision 1", "revision 2", {"a": 1}, {"a": 2}, MANIFEST, after)
    assert {(c.kind, c.change) for c in diff.changes} == {
        ("ConfigMap", "changed"),
        ("Service", "added"),
    }
    assert "-  message: old" in diff.manifest_diff and "+  message: new" in diff.manifest_diff
    assert "hunter" not in diff.manifest_diff
    assert "-a: 1" in diff.values_diff and "+a: 2" in diff.values_diff
    live = helm_diff.redact_object(
        {
            "kind": "Secret",
            "data": {"k": "c2VjcmV0"},
            "metadata": {"name": "s", "managedFields": [{}]},
        }
    )
    assert live["data"] == {"k": helm_diff.REDACTED} and "managedFields" not in live["metadata"]


def test_audit_body_drops_values_and_credentials() -> None:
    body = check.audit_body(b'{"release_name": "r", "values_yaml": "pw: x", "password": "p"}')
    assert body == {
        "release_name": "r",
        "values_yaml": "[values_yaml not logged]",
        "password": "[password not logged]",
    }
    assert check.audit_body(b"not json") == "[8 bytes, not JSON]"
    assert check.audit_body(b'"text"') == "text"
