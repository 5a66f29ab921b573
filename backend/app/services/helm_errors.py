"""helm's failures translated into kubedeck's error model.

helm exits 1 for every failure and writes noise to stderr on success too (slog warnings,
client-go lines, `Pulled:`), so only the exit code says whether it failed and only the last
`Error: ` line (with any lines after it: schema violations span several) says why. The
patterns below are the messages measured in helm-cli-notes.md §2.2.
"""

from __future__ import annotations

import re

from app.core import errors


class HelmFailed(errors.AppError):
    """helm failed in a way we do not recognise; its message is passed on as it is."""

    status_code, error = 502, "HelmFailed"


class RepoUnavailable(errors.AppError):
    """A configured repository that helm could not register on this replica (yet)."""

    status_code, error = 502, "RepoUnavailable"


class HelmTimeout(errors.AppError):
    status_code, error = 504, "Timeout"


class ToolMissing(errors.AppError):
    status_code, error = 503, "ToolMissing"


def _rx(text: str) -> re.Pattern[str]:
    return re.compile(text, re.IGNORECASE)


_NOISE = re.compile(r"^(level=|[IWE]\d{4} |time=|Flag --|W\d{4})")

# (pattern, error class, reason): the first match wins, so specific patterns come first.
_RULES: list[tuple[re.Pattern[str], type[errors.AppError], str]] = [
    (
        _rx(r"another operation \(install/upgrade/rollback\) is in progress"),
        errors.Conflict,
        "operation_in_progress",
    ),
    (_rx(r"cannot reuse a name that is still in use"), errors.Conflict, "name_in_use"),
    (_rx(r"repository name \(.*\) already exists"), errors.Conflict, "repo_exists"),
    (_rx(r"values don't meet the specifications of the schema"), errors.Invalid, "schema"),
    (_rx(r"failed to parse|cannot unmarshal|error converting YAML"), errors.Invalid, "values_yaml"),
    (_rx(r"invalid release name|release name check failed"), errors.Invalid, "release_name"),
    # helm's own words for a cluster it cannot reach, whatever the cause underneath (TLS...).
    (
        _rx(r"kubernetes cluster unreachable|cluster reachability check failed"),
        errors.ClusterUnavailable,
        "cluster_unreachable",
    ),
    (
        _rx(r"is forbidden|the server has asked for the client to provide credentials"),
        errors.Forbidden,
        "cluster_forbidden",
    ),
    (
        _rx(
            r"401 Unauthorized|403 Forbidden|basic credential not found|"
            r"unauthorized: authentication required|denied: requested access"
        ),
        errors.Invalid,
        "repo_auth_failed",
    ),
    (_rx(r"x509:|certificate signed by unknown authority|tls: "), errors.Invalid, "repo_tls"),
    (
        _rx(r"is not a valid chart repository or cannot be reached"),
        errors.Invalid,
        "repo_unreachable",
    ),
    (
        _rx(r"connection refused|no such host|i/o timeout|network is unreachable"),
        errors.ClusterUnavailable,
        "cluster_unreachable",
    ),
    (_rx(r"\bforbidden\b|\bunauthorized\b"), errors.Forbidden, "cluster_forbidden"),
    (_rx(r"server gave HTTP response to HTTPS client"), errors.Invalid, "plain_http"),
    (
        _rx(
            r"release: not found|Release not loaded|has no deployed releases|"
            r"release has no \d+ version"
        ),
        errors.NotFound,
        "release_not_found",
    ),
    (
        _rx(r"no repositories configured|repo .* not found|no repo named"),
        errors.NotFound,
        "repo_not_found",
    ),
    (
        _rx(
            r"not found in (local )?index|no chart name found|no chart version found|"
            r"name unknown|manifest unknown|: not found|failed to download|"
            r"chart .* not found"
        ),
        errors.NotFound,
        "chart_not_found",
    ),
    (_rx(r"non-absolute URLs should be in form"), errors.Invalid, "chart_reference"),
    (
        _rx(r"context deadline exceeded|timed out waiting|not ready\. status"),
        HelmTimeout,
        "not_ready_in_time",
    ),
    (_rx(r"context canceled|has been cancelled"), HelmTimeout, "cancelled"),
]


def error_text(stderr: str) -> str:
    """From the last `Error: ` line to the end, without helm's log noise."""
    lines = stderr.splitlines()
    start = max((i for i, line in enumerate(lines) if line.startswith("Error: ")), default=-1)
    if start < 0:
        kept = [line for line in lines if line.strip() and not _NOISE.match(line)]
        return "\n".join(kept[-3:]) or "helm failed without a message"
    tail = [line for line in lines[start:] if line.strip() and not _NOISE.match(line)]
    return "\n".join(tail).removeprefix("Error: ")


def schema_violations(message: str) -> list[str]:
    return [line[2:].strip() for line in message.splitlines() if line.startswith("- ")]


def classify(stderr: str, what: str, cluster_call: bool = True) -> errors.AppError:
    """The error to raise for a failed helm call; `what` names the call for the message.
    Calls that touch no cluster (repo add, pull, search) cannot fail because of one: their
    network and auth failures are the repository's."""
    message = error_text(stderr)
    for pattern, cls, reason in _RULES:
        if pattern.search(message):
            if not cluster_call and reason == "cluster_unreachable":
                cls, reason = errors.Invalid, "repo_unreachable"
            elif not cluster_call and reason == "cluster_forbidden":
                cls, reason = errors.Invalid, "repo_auth_failed"
            extra: dict[str, object] = {"reason": reason, "helm_error": message}
            if reason == "schema":
                extra["violations"] = schema_violations(message)
            return cls(f"{what}: {message}", extra=extra)
    return HelmFailed(f"{what}: {message}", extra={"reason": "helm_failed", "helm_error": message})
