"""Field selectors (`?fieldSelector=`), after k8s.io/apimachinery/pkg/fields.

Which fields a resource can be filtered on is decided per kind by the API server's "field label
conversion" functions; `_RESOURCE_FIELDS` stands in for them. Values are compared as the strings
the server formats itself, and error texts match the real server's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kubesim.selectors.validation import SelectorError

FieldGetter = Callable[[Mapping[str, Any]], str]


def _lookup(obj: Mapping[str, Any], path: Sequence[str]) -> Any:
    current: Any = obj
    for part in path:
        if not isinstance(current, Mapping):
            return None
        current = current.get(part)
    return current


def _field_string(value: Any, default: str) -> str:
    # The server compares strings it formats itself: strconv.FormatBool / Itoa, "" when unset.
    if value is None:
        return default
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value) if isinstance(value, str | int | float) else default


def _at(dotted: str, default: str = "") -> FieldGetter:
    path = tuple(dotted.split("."))
    return lambda obj: _field_string(_lookup(obj, path), default)


def _first_of(*getters: FieldGetter) -> FieldGetter:
    return lambda obj: next((value for value in (g(obj) for g in getters) if value), "")


def _pod_ip(obj: Mapping[str, Any]) -> str:
    # The server indexes status.podIPs[0]; objects written by older code may only carry podIP.
    ips = _lookup(obj, ("status", "podIPs"))
    if isinstance(ips, list) and ips and isinstance(ips[0], Mapping):
        return _field_string(ips[0].get("ip"), "")
    return _at("status.podIP")(obj)


_COMMON_FIELDS: dict[str, FieldGetter] = {
    "metadata.name": _at("metadata.name"),
    "metadata.namespace": _at("metadata.namespace"),
}
_REPLICA_FIELDS: dict[str, FieldGetter] = {"status.replicas": _at("status.replicas", "0")}

# Per-resource selectable fields beyond metadata.name/namespace: the API server's field label
# conversion functions plus the matching ToSelectableFields of each registry.
_RESOURCE_FIELDS: dict[str, dict[str, FieldGetter]] = {
    "pods": {
        "spec.nodeName": _at("spec.nodeName"),
        "spec.restartPolicy": _at("spec.restartPolicy"),
        "spec.schedulerName": _at("spec.schedulerName"),
        "spec.serviceAccountName": _at("spec.serviceAccountName"),
        "spec.hostNetwork": _at("spec.hostNetwork", "false"),
        "status.phase": _at("status.phase"),
        "status.podIP": _pod_ip,
        "status.nominatedNodeName": _at("status.nominatedNodeName"),
    },
    "events": {
        "involvedObject.kind": _at("involvedObject.kind"),
        "involvedObject.namespace": _at("involvedObject.namespace"),
        "involvedObject.name": _at("involvedObject.name"),
        "involvedObject.uid": _at("involvedObject.uid"),
        "involvedObject.apiVersion": _at("involvedObject.apiVersion"),
        "involvedObject.resourceVersion": _at("involvedObject.resourceVersion"),
        "involvedObject.fieldPath": _at("involvedObject.fieldPath"),
        "reason": _at("reason"),
        "reportingComponent": _at("reportingComponent"),
        # Upstream falls back to the reporting controller when source.component is empty.
        "source": _first_of(_at("source.component"), _at("reportingComponent")),
        "type": _at("type"),
    },
    "secrets": {"type": _at("type")},
    "nodes": {"spec.unschedulable": _at("spec.unschedulable", "false")},
    "namespaces": {"status.phase": _at("status.phase")},
    "replicasets": _REPLICA_FIELDS,
    "replicationcontrollers": _REPLICA_FIELDS,
    # The label is "successful" but the value is status.succeeded, as in the job registry.
    "jobs": {"status.successful": _at("status.succeeded", "0")},
}


def supported_fields(resource: str) -> list[str]:
    """Field labels `resource` can be filtered on, for messages and discovery."""
    return [*_COMMON_FIELDS, *_RESOURCE_FIELDS.get(resource, {})]


@dataclass(frozen=True)
class FieldRequirement:
    """`field=value` (or `field!=value` when `negated`), value already unescaped."""

    field: str
    value: str
    negated: bool
    getter: FieldGetter

    def matches(self, obj: Mapping[str, Any]) -> bool:
        return (self.getter(obj) == self.value) != self.negated

    def __str__(self) -> str:
        return f"{self.field}{'!=' if self.negated else '='}{escape_field_value(self.value)}"


class FieldSelector:
    """A parsed field selector for one resource: the AND of its requirements."""

    __slots__ = ("requirements", "resource")

    def __init__(self, resource: str, requirements: Sequence[FieldRequirement] = ()) -> None:
        self.resource = resource
        self.requirements = tuple(requirements)

    @property
    def empty(self) -> bool:
        return not self.requirements

    def matches(self, obj: Mapping[str, Any]) -> bool:
        return all(requirement.matches(obj) for requirement in self.requirements)

    def exact_match(self, field: str) -> str | None:
        """The value `field` must equal, if the selector pins it (e.g. metadata.name)."""
        for requirement in self.requirements:
            if requirement.field == field and not requirement.negated:
                return requirement.value
        return None

    def __str__(self) -> str:
        return ",".join(str(requirement) for requirement in self.requirements)

    def __repr__(self) -> str:
        return f"FieldSelector({self.resource!r}, {str(self)!r})"


def escape_field_value(value: str) -> str:
    r"""fields.EscapeValue: backslash-escape `\`, `,` and `=`."""
    return value.replace("\\", "\\\\").replace(",", "\\,").replace("=", "\\=")


def unescape_field_value(value: str) -> str:
    r"""fields.UnescapeValue: undo `\\`, `\,`, `\=`; bare `,`/`=` or other escapes are errors."""
    out: list[str] = []
    escaped = False
    for char in value:
        if escaped:
            if char not in "\\,=":
                raise SelectorError(f"invalid field selector: invalid escape sequence: \\{char}")
            out.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in ",=":
            # Go prints the rune with %v, i.e. as its code point number.
            raise SelectorError(
                f"invalid field selector: unescaped character in value: {ord(char)}"
            )
        else:
            out.append(char)
    if escaped:
        raise SelectorError("invalid field selector: invalid escape sequence: \\")
    return "".join(out)


def _split_terms(text: str) -> list[str]:
    # Split on commas that are not backslash-escaped; escapes stay in the terms.
    terms: list[str] = []
    start = 0
    escaped = False
    for i, char in enumerate(text):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == ",":
            terms.append(text[start:i])
            start = i + 1
    terms.append(text[start:])
    return terms


def _split_term(term: str) -> tuple[str, str, str] | None:
    # The first operator occurrence splits; "!=" and "==" win over "=" at the same spot.
    for i in range(len(term)):
        for operator in ("!=", "==", "="):
            if term.startswith(operator, i):
                return term[:i], operator, term[i + len(operator) :]
    return None


def parse_field_selector(text: str, resource: str) -> FieldSelector:
    """Parse `?fieldSelector=` for `resource` (a plural such as "pods")."""
    parsed: list[tuple[str, str, bool]] = []
    # Upstream sorts the raw terms first, which decides which error is reported first.
    for term in sorted(_split_terms(text)) if text else []:
        if not term:
            continue
        split = _split_term(term)
        if split is None:
            raise SelectorError(f"invalid selector: '{text}'; can't understand '{term}'")
        field, operator, raw_value = split
        parsed.append((field, unescape_field_value(raw_value), operator == "!="))
    getters = {**_COMMON_FIELDS, **_RESOURCE_FIELDS.get(resource, {})}
    requirements = []
    for field, value, negated in parsed:
        getter = getters.get(field)
        if getter is None:
            raise SelectorError(f"field label not supported: {field}")
        requirements.append(FieldRequirement(field, value, negated, getter))
    return FieldSelector(resource, requirements)
