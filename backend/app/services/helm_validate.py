"""What may reach helm's command line, and values checked before helm runs.

Nothing a user sends can become a flag: every name, reference and version is checked against
a strict pattern here (a leading `-`, whitespace, newlines and NUL are refused by each), and
the runner then passes values as `--flag=value` and positionals after `--` as a second wall.
Values are parsed here (with line and column on error) and checked against the chart's
`values.schema.json` listing every violation, so the user sees them all at once.
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import yaml
from jsonschema import validators
from jsonschema.exceptions import SchemaError

from app.core import errors

# helm's own release-name rule (DNS-1123 subdomain) and length limit.
RELEASE_RE = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
RELEASE_MAX = 53
NAMESPACE_RE = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
REPO_RE = re.compile(r"^[a-z0-9]([-a-z0-9_.]{0,61}[a-z0-9])?$")
CHART_RE = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9_.-]{0,98}[A-Za-z0-9])?$")
# oci://host[:port]/path[/more][:tag|@sha256:digest]
OCI_RE = re.compile(
    r"^oci://[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]{1,5})?"
    r"(/[a-z0-9]([a-z0-9._-]*[a-z0-9])?)+(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[a-f0-9]{64})?$"
)
OCI_BASE_RE = re.compile(
    r"^oci://[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]{1,5})?(/[a-z0-9]([a-z0-9._-]*[a-z0-9])?)*$"
)
# A version or a semver constraint (`1.2.3`, `^1.2`, `>=1.0 <2.0`, `1.x || 2.x`); no leading -.
VERSION_RE = re.compile(r"^[A-Za-z0-9^~<>=*][A-Za-z0-9.+^~<>=*|, -]{0,63}$")
EXACT_VERSION_RE = re.compile(r"^v?[0-9]+(\.[0-9]+){0,2}(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$")
HTTP_URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$")
MAX_VALUES_BYTES = 1024 * 1024
MAX_QUERY = 100


def plain(value: str, what: str) -> None:
    """The checks every argument gets, whatever its pattern: no flags, no control chars."""
    if value.startswith("-"):
        raise errors.BadRequest(f"{what} must not start with '-': {value[:80]!r}")
    if any(c in value for c in "\n\r\0") or any(ord(c) < 32 for c in value):
        raise errors.BadRequest(f"{what} must not contain newlines or control characters")


def _match(value: str, pattern: re.Pattern[str], what: str, rule: str) -> str:
    plain(value, what)
    if not pattern.match(value):
        raise errors.BadRequest(f"invalid {what} {value[:80]!r}: {rule}")
    return value


def release_name(value: str) -> str:
    _match(value, RELEASE_RE, "release name", "lowercase letters, digits, '-' and '.'")
    if len(value) > RELEASE_MAX:
        raise errors.BadRequest(f"invalid release name: longer than {RELEASE_MAX} characters")
    return value


def namespace(value: str) -> str:
    if len(value) > 63:
        raise errors.BadRequest("invalid namespace: longer than 63 characters")
    return _match(value, NAMESPACE_RE, "namespace", "a DNS label (lowercase letters, digits, '-')")


def repo_name(value: str) -> str:
    rule = "1-63 lowercase letters, digits, '-', '_' or '.'"
    return _match(value, REPO_RE, "repository name", rule)


def chart_name(value: str) -> str:
    return _match(value, CHART_RE, "chart name", "letters, digits, '-', '_' or '.'")


def chart_ref(value: str) -> str:
    """`repo/chart` or `oci://host/path/chart` (a local path or a bare URL never)."""
    plain(value, "chart reference")
    if value.startswith("oci://"):
        if len(value) > 500 or not OCI_RE.match(value):
            raise errors.BadRequest(f"invalid OCI chart reference {value[:80]!r}")
        return value
    repo, slash, chart = value.partition("/")
    if not slash:
        raise errors.BadRequest(
            f"invalid chart reference {value[:80]!r}: use repo/chart or oci://host/path/chart"
        )
    repo_name(repo)
    chart_name(chart)
    return value


def version(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    return _match(value, VERSION_RE, "version", "a chart version or a semver constraint")


def is_exact_version(value: str | None) -> bool:
    return value is not None and bool(EXACT_VERSION_RE.match(value))


def repo_url(value: str, kind: str) -> str:
    plain(value, "repository URL")
    if len(value) > 2000:
        raise errors.BadRequest("repository URL is too long")
    if kind == "oci":
        if not OCI_BASE_RE.match(value.rstrip("/")):
            raise errors.BadRequest(f"invalid OCI registry URL {value[:80]!r}: oci://host/path")
        return value.rstrip("/")
    if not HTTP_URL_RE.match(value):
        raise errors.BadRequest(f"invalid repository URL {value[:80]!r}: http(s)://...")
    return value


def search_query(value: str | None) -> str | None:
    if not value:
        return None
    if len(value) > MAX_QUERY:
        raise errors.BadRequest(f"search text longer than {MAX_QUERY} characters")
    plain(value, "search text")
    return value


def oci_host(reference: str) -> str:
    return reference.removeprefix("oci://").split("/", 1)[0]


# Request fields that never reach the audit log: values often hold passwords under any key.
_UNLOGGED_FIELDS = ("values", "values_yaml", "password", "ca_cert")


def audit_body(raw: bytes) -> Any:
    """A request body as the audit log keeps it: values and credentials replaced."""
    try:
        body: Any = json.loads(raw)
    except ValueError:
        return f"[{len(raw)} bytes, not JSON]"
    if isinstance(body, dict):
        body = {
            k: (f"[{k} not logged]" if k in _UNLOGGED_FIELDS and v else v) for k, v in body.items()
        }
    return body


# ---- values -----------------------------------------------------------------------------------
def parse_values(values: dict[str, Any] | None, values_yaml: str | None) -> dict[str, Any]:
    """The user's values as a mapping; a YAML error names its line and column."""
    if values is not None and values_yaml is not None:
        raise errors.Invalid("send either `values` (an object) or `values_yaml`, not both")
    if values is not None:
        parsed: Any = values
    elif values_yaml is None or not values_yaml.strip():
        return {}
    else:
        if len(values_yaml.encode()) > MAX_VALUES_BYTES:
            raise errors.Invalid(f"values larger than {MAX_VALUES_BYTES} bytes")
        try:
            parsed = yaml.safe_load(values_yaml)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
            problem = " ".join(p for p in (exc.context, exc.problem) if p)
            raise errors.Invalid(
                f"values YAML is invalid at line {line}, column {column}: {problem}",
                extra={"reason": "values_yaml", "line": line, "column": column},
            ) from exc
        except yaml.YAMLError as exc:
            raise errors.Invalid(f"values YAML is invalid: {exc}") from exc
        if parsed is None:
            return {}
    if not isinstance(parsed, dict):
        raise errors.Invalid(
            f"values must be a mapping at the top level, not {type(parsed).__name__}",
            extra={"reason": "values_yaml"},
        )
    # JSON round trip: what helm receives is exactly what was validated (dates become text).
    normalised: dict[str, Any] = json.loads(json.dumps(parsed, default=str))
    return normalised


def merge(base: dict[str, Any], *layers: dict[str, Any]) -> dict[str, Any]:
    """helm's coalescing: maps merge key by key, anything else replaces; null deletes."""
    out = copy.deepcopy(base)
    for layer in layers:
        for key, value in layer.items():
            if value is None:
                out.pop(key, None)
            elif isinstance(value, dict) and isinstance(out.get(key), dict):
                out[key] = merge(out[key], value)
            else:
                out[key] = copy.deepcopy(value)
    return out


def schema_violations(schema: dict[str, Any], values: dict[str, Any]) -> list[str]:
    """Every violation, one line each, `at '/path': message`, in document order."""
    cls = validators.validator_for(schema, default=validators.Draft7Validator)
    try:
        cls.check_schema(schema)
    except SchemaError:
        return []  # a broken schema is the chart's problem; helm will say so itself
    found = sorted(cls(schema).iter_errors(values), key=lambda e: [str(p) for p in e.path])
    return [f"at '/{'/'.join(str(p) for p in e.path)}': {e.message}" for e in found]


def check_schema(schema: dict[str, Any] | None, values: dict[str, Any], chart: str) -> None:
    if not schema:
        return
    problems = schema_violations(schema, values)
    if problems:
        raise errors.Invalid(
            f"values don't meet the schema of chart {chart}: " + "; ".join(problems),
            extra={"reason": "schema", "violations": problems},
        )
