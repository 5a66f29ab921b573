"""Label and field selectors, parsed and matched the way the Kubernetes API server does it.

The label grammar, its error messages and the canonical `String()` form follow
k8s.io/apimachinery/pkg/labels; field selectors follow k8s.io/apimachinery/pkg/fields plus the
per-kind "field label conversion" tables of the API server, which decide which fields a
resource can be filtered on. Error texts match the real server's so that kubectl users see
the same messages they would against a real cluster.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum, StrEnum
from typing import Any


class SelectorError(ValueError):
    """A selector the real API server rejects with 400 Bad Request; str() is its message."""


# ---- validation of label keys and values (k8s.io/apimachinery/pkg/util/validation) ---------

_QUALIFIED_NAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
_QUALIFIED_NAME_RE = re.compile(_QUALIFIED_NAME_FMT)
_QUALIFIED_NAME_MSG = (
    "must consist of alphanumeric characters, '-', '_' or '.', "
    "and must start and end with an alphanumeric character"
)
_LABEL_VALUE_FMT = f"({_QUALIFIED_NAME_FMT})?"
_LABEL_VALUE_RE = re.compile(_LABEL_VALUE_FMT)
_LABEL_VALUE_MSG = (
    "a valid label must be an empty string or consist of alphanumeric characters, "
    "'-', '_' or '.', and must start and end with an alphanumeric character"
)
_DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
_DNS1123_SUBDOMAIN_FMT = _DNS1123_LABEL_FMT + r"(\." + _DNS1123_LABEL_FMT + ")*"
_DNS1123_SUBDOMAIN_RE = re.compile(_DNS1123_SUBDOMAIN_FMT)
_DNS1123_SUBDOMAIN_MSG = (
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, "
    "'-' or '.', and must start and end with an alphanumeric character"
)
_MAX_NAME = 63
_MAX_SUBDOMAIN = 253


def _regex_error(msg: str, fmt: str, *examples: str) -> str:
    # Reproduces apimachinery's RegexError, odd double spaces included, so messages match.
    if not examples:
        return f"{msg} (regex used for validation is '{fmt}')"
    shown = " or ".join(f"'{example}', " for example in examples)
    return f"{msg} (e.g. {shown}regex used for validation is '{fmt}')"


def _max_len_error(length: int) -> str:
    return f"must be no more than {length} characters"


def _dns1123_subdomain_errors(value: str) -> list[str]:
    errs = []
    if len(value) > _MAX_SUBDOMAIN:
        errs.append(_max_len_error(_MAX_SUBDOMAIN))
    if not _DNS1123_SUBDOMAIN_RE.fullmatch(value):
        errs.append(_regex_error(_DNS1123_SUBDOMAIN_MSG, _DNS1123_SUBDOMAIN_FMT, "example.com"))
    return errs


def label_key_errors(key: str) -> list[str]:
    """Problems with a label key (a qualified name with an optional DNS subdomain prefix)."""
    parts = key.split("/")
    if len(parts) > 2:
        return [
            "a qualified name "
            + _regex_error(_QUALIFIED_NAME_MSG, _QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc")
            + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
        ]
    errs: list[str] = []
    name = parts[-1]
    if len(parts) == 2:
        prefix = parts[0]
        if not prefix:
            errs.append("prefix part must be non-empty")
        else:
            errs.extend("prefix part " + msg for msg in _dns1123_subdomain_errors(prefix))
    if not name:
        errs.append("name part must be non-empty")
    elif len(name) > _MAX_NAME:
        errs.append("name part " + _max_len_error(_MAX_NAME))
    if not _QUALIFIED_NAME_RE.fullmatch(name):
        errs.append(
            "name part "
            + _regex_error(_QUALIFIED_NAME_MSG, _QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc")
        )
    return errs


def label_value_errors(value: str) -> list[str]:
    """Problems with a label value (empty, or <= 63 chars of [-A-Za-z0-9_.], alnum at ends)."""
    errs = []
    if len(value) > _MAX_NAME:
        errs.append(_max_len_error(_MAX_NAME))
    if not _LABEL_VALUE_RE.fullmatch(value):
        errs.append(
            _regex_error(_LABEL_VALUE_MSG, _LABEL_VALUE_FMT, "MyValue", "my_value", "12345")
        )
    return errs


def _go_value(value: str | Sequence[str]) -> str:
    # How field.Invalid prints a bad value: %q for strings, %#v for string slices.
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return "[]string{" + ", ".join(json.dumps(v, ensure_ascii=False) for v in value) + "}"


def _invalid(path: str, value: str | Sequence[str], detail: str) -> str:
    return f"{path}: Invalid value: {_go_value(value)}: {detail}"


def _aggregate(messages: list[str]) -> str:
    # utilerrors.NewAggregate: duplicates dropped, several errors wrapped in brackets.
    unique = list(dict.fromkeys(messages))
    return unique[0] if len(unique) == 1 else "[" + ", ".join(unique) + "]"


# ---- label selector model ------------------------------------------------------------------


class Operator(StrEnum):
    """selection.Operator; the values are the strings the API server uses in messages."""

    DOES_NOT_EXIST = "!"
    EQUALS = "="
    DOUBLE_EQUALS = "=="
    IN = "in"
    NOT_EQUALS = "!="
    NOT_IN = "notin"
    EXISTS = "exists"
    GREATER_THAN = "gt"
    LESS_THAN = "lt"


_BINARY_OPERATORS = ", ".join(
    op.value
    for op in (
        Operator.IN,
        Operator.NOT_IN,
        Operator.EQUALS,
        Operator.DOUBLE_EQUALS,
        Operator.NOT_EQUALS,
        Operator.GREATER_THAN,
        Operator.LESS_THAN,
    )
)
_INT64 = re.compile(r"[+-]?[0-9]+")
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1


def _parse_int64(text: str) -> int | None:
    # strconv.ParseInt(s, 10, 64): Python's int() would also accept "1_0" and " 1".
    if not _INT64.fullmatch(text):
        return None
    number = int(text)
    return number if _INT64_MIN <= number <= _INT64_MAX else None


@dataclass(frozen=True)
class Requirement:
    """One clause of a label selector: `key <operator> values`."""

    key: str
    operator: Operator
    values: tuple[str, ...] = ()

    def matches(self, labels: Mapping[str, str]) -> bool:
        op = self.operator
        if op is Operator.EXISTS:
            return self.key in labels
        if op is Operator.DOES_NOT_EXIST:
            return self.key not in labels
        value = labels.get(self.key)
        if op in (Operator.IN, Operator.EQUALS, Operator.DOUBLE_EQUALS):
            return value is not None and value in self.values
        if op in (Operator.NOT_IN, Operator.NOT_EQUALS):
            # A missing key satisfies "not equal": that is how the API server behaves.
            return value is None or value not in self.values
        return self._compare(value)

    def _compare(self, value: str | None) -> bool:
        if value is None or len(self.values) != 1:
            return False
        have, want = _parse_int64(value), _parse_int64(self.values[0])
        if have is None or want is None:
            return False
        return have > want if self.operator is Operator.GREATER_THAN else have < want

    def __str__(self) -> str:
        op = self.operator
        if op is Operator.EXISTS:
            return self.key
        if op is Operator.DOES_NOT_EXIST:
            return "!" + self.key
        values = ",".join(sorted(self.values))
        if op in (Operator.IN, Operator.NOT_IN):
            return f"{self.key} {op.value} ({values})"
        symbol = {Operator.GREATER_THAN: ">", Operator.LESS_THAN: "<"}.get(op, op.value)
        return f"{self.key}{symbol}{values}"


def new_requirement(
    key: str, operator: Operator, values: Sequence[str], *, key_path: str = "key"
) -> Requirement:
    """labels.NewRequirement: validate and build one requirement, or raise SelectorError."""
    errs: list[str] = []
    key_errs = label_key_errors(key)
    if key_errs:
        errs.append(_invalid(key_path, key, "; ".join(key_errs)))
    errs.extend(_operator_arity_errors(operator, values))
    for i, value in enumerate(values):
        value_errs = label_value_errors(value)
        if value_errs:
            errs.append(_invalid(f"values[{i}][{key}]", value, "; ".join(value_errs)))
    if errs:
        raise SelectorError(_aggregate(errs))
    return Requirement(key, operator, tuple(values))


def _operator_arity_errors(operator: Operator, values: Sequence[str]) -> list[str]:
    if operator in (Operator.IN, Operator.NOT_IN):
        if not values:
            return [
                _invalid("values", values, "for 'in', 'notin' operators, values set can't be empty")
            ]
        return []
    if operator in (Operator.EQUALS, Operator.DOUBLE_EQUALS, Operator.NOT_EQUALS):
        if len(values) != 1:
            return [
                _invalid("values", values, "exact-match compatibility requires one single value")
            ]
        return []
    if operator in (Operator.EXISTS, Operator.DOES_NOT_EXIST):
        if values:
            return [
                _invalid("values", values, "values set must be empty for exists and does not exist")
            ]
        return []
    errs = []
    if len(values) != 1:
        errs.append(
            _invalid("values", values, "for 'Gt', 'Lt' operators, exactly one value is required")
        )
    errs.extend(
        _invalid(f"values[{i}]", value, "for 'Gt', 'Lt' operators, the value must be an integer")
        for i, value in enumerate(values)
        if _parse_int64(value) is None
    )
    return errs


class LabelSelector:
    """A parsed label selector: the AND of its requirements. Empty matches everything."""

    __slots__ = ("_match_nothing", "requirements")

    def __init__(
        self, requirements: Sequence[Requirement] = (), *, match_nothing: bool = False
    ) -> None:
        # Sorted by key like the real parser, so str() is canonical and deterministic.
        self.requirements: tuple[Requirement, ...] = tuple(
            sorted(requirements, key=lambda r: r.key)
        )
        self._match_nothing = match_nothing

    @classmethod
    def everything(cls) -> LabelSelector:
        return cls()

    @classmethod
    def nothing(cls) -> LabelSelector:
        """What a missing (null) LabelSelector object means to controllers: select nothing."""
        return cls(match_nothing=True)

    @property
    def empty(self) -> bool:
        """True when the selector does not restrict anything (matches every object)."""
        return not self.requirements and not self._match_nothing

    def matches(self, labels: Mapping[str, str] | None) -> bool:
        if self._match_nothing:
            return False
        have: Mapping[str, str] = labels if labels is not None else {}
        return all(requirement.matches(have) for requirement in self.requirements)

    def exact_match(self, key: str) -> str | None:
        """The single value `key` must have, when the selector pins it (RequiresExactMatch)."""
        for requirement in self.requirements:
            if requirement.key != key:
                continue
            pinning = (Operator.EQUALS, Operator.DOUBLE_EQUALS, Operator.IN)
            if requirement.operator in pinning and len(requirement.values) == 1:
                return requirement.values[0]
            return None
        return None

    def __str__(self) -> str:
        return ",".join(str(requirement) for requirement in self.requirements)

    def __repr__(self) -> str:
        return f"LabelSelector({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LabelSelector):
            return NotImplemented
        return (self.requirements, self._match_nothing) == (
            other.requirements,
            other._match_nothing,
        )

    def __hash__(self) -> int:
        return hash((self.requirements, self._match_nothing))


# ---- label selector lexer and parser (labels.Parse) ----------------------------------------


class _Tok(Enum):
    ERROR = "error"
    END = "end"
    CLOSE_PAREN = ")"
    COMMA = ","
    NOT = "!"
    DOUBLE_EQUALS = "=="
    EQUALS = "="
    GREATER = ">"
    IDENTIFIER = "identifier"
    IN = "in"
    LESS = "<"
    NOT_EQUALS = "!="
    NOT_IN = "notin"
    OPEN_PAREN = "("


_SYMBOLS = {
    ")": _Tok.CLOSE_PAREN,
    ",": _Tok.COMMA,
    "!": _Tok.NOT,
    "==": _Tok.DOUBLE_EQUALS,
    "=": _Tok.EQUALS,
    ">": _Tok.GREATER,
    "<": _Tok.LESS,
    "!=": _Tok.NOT_EQUALS,
    "(": _Tok.OPEN_PAREN,
}
_KEYWORDS = {"in": _Tok.IN, "notin": _Tok.NOT_IN}
_SPECIAL = frozenset("=!(),><")
_WHITESPACE = frozenset(" \t\r\n")
_OPERATOR_TOKENS = {
    _Tok.IN: Operator.IN,
    _Tok.EQUALS: Operator.EQUALS,
    _Tok.DOUBLE_EQUALS: Operator.DOUBLE_EQUALS,
    _Tok.GREATER: Operator.GREATER_THAN,
    _Tok.LESS: Operator.LESS_THAN,
    _Tok.NOT_IN: Operator.NOT_IN,
    _Tok.NOT_EQUALS: Operator.NOT_EQUALS,
}

_Token = tuple[_Tok, str]


def _lex(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    pos = 0
    while True:
        while pos < len(text) and text[pos] in _WHITESPACE:
            pos += 1
        if pos >= len(text):
            tokens.append((_Tok.END, ""))
            return tokens
        if text[pos] in _SPECIAL:
            token, pos = _lex_symbol(text, pos)
        else:
            token, pos = _lex_word(text, pos)
        tokens.append(token)


def _lex_symbol(text: str, start: int) -> tuple[_Token, int]:
    # Longest run of special characters that still spells an operator ("!=" over "!").
    best: str | None = None
    pos = start
    while pos < len(text) and text[pos] in _SPECIAL:
        candidate = text[start : pos + 1]
        if candidate in _SYMBOLS:
            best = candidate
        elif best is not None:
            break
        pos += 1
    if best is None:
        return (_Tok.ERROR, f"error expected: keyword found '{text[start:pos]}'"), pos
    return (_SYMBOLS[best], best), start + len(best)


def _lex_word(text: str, start: int) -> tuple[_Token, int]:
    pos = start
    while pos < len(text) and text[pos] not in _SPECIAL and text[pos] not in _WHITESPACE:
        pos += 1
    word = text[start:pos]
    return (_KEYWORDS.get(word, _Tok.IDENTIFIER), word), pos


class _Parser:
    """Recursive-descent parser over the token list, mirroring labels.Parser step by step."""

    def __init__(self, text: str) -> None:
        self._tokens = _lex(text)
        self._pos = 0

    def _peek(self, values: bool = True) -> _Token:
        return self._as_context(self._tokens[self._pos], values)

    def _next(self, values: bool = True) -> _Token:
        token = self._tokens[self._pos]
        self._pos += 1
        return self._as_context(token, values)

    @staticmethod
    def _as_context(token: _Token, values: bool) -> _Token:
        # "in"/"notin" are operators only right after a key; elsewhere they are plain words,
        # so `in in (in)` is a valid selector on a label called "in".
        if values and token[0] in (_Tok.IN, _Tok.NOT_IN):
            return _Tok.IDENTIFIER, token[1]
        return token

    def parse(self) -> list[Requirement]:
        requirements: list[Requirement] = []
        while True:
            tok, lit = self._peek()
            if tok is _Tok.END:
                return requirements
            if tok not in (_Tok.IDENTIFIER, _Tok.NOT):
                raise SelectorError(f"found '{lit}', expected: !, identifier, or 'end of string'")
            try:
                requirements.append(self._requirement())
            except SelectorError as err:
                raise SelectorError(f"unable to parse requirement: {err}") from None
            tok, lit = self._next()
            if tok is _Tok.END:
                return requirements
            if tok is not _Tok.COMMA:
                raise SelectorError(f"found '{lit}', expected: ',' or 'end of string'")
            tok, lit = self._peek()
            if tok not in (_Tok.IDENTIFIER, _Tok.NOT):
                raise SelectorError(f"found '{lit}', expected: identifier after ','")

    def _requirement(self) -> Requirement:
        negated = self._peek()[0] is _Tok.NOT
        if negated:
            self._next()
        tok, key = self._next()
        if tok is not _Tok.IDENTIFIER:
            raise SelectorError(f"found '{key}', expected: identifier")
        key_errs = label_key_errors(key)
        if key_errs:
            # The real parser validates with a nil field path, hence the literal "<nil>".
            raise SelectorError(_invalid("<nil>", key, "; ".join(key_errs)))
        if negated:
            # "!key" takes no operator; anything after it is reported by the caller.
            return new_requirement(key, Operator.DOES_NOT_EXIST, [])
        if self._peek()[0] in (_Tok.END, _Tok.COMMA):
            return new_requirement(key, Operator.EXISTS, [])
        operator = self._operator()
        if operator in (Operator.IN, Operator.NOT_IN):
            values = self._value_set()
        else:
            values = self._exact_value()
        return new_requirement(key, operator, sorted(values))

    def _operator(self) -> Operator:
        tok, lit = self._next(values=False)
        operator = _OPERATOR_TOKENS.get(tok)
        if operator is None:
            raise SelectorError(f"found '{lit}', expected: {_BINARY_OPERATORS}")
        return operator

    def _value_set(self) -> set[str]:
        tok, lit = self._next()
        if tok is not _Tok.OPEN_PAREN:
            raise SelectorError(f"found '{lit}' expected: '('")
        tok, lit = self._peek()
        if tok is _Tok.CLOSE_PAREN:  # "()" means the single empty value
            self._next()
            return {""}
        if tok not in (_Tok.IDENTIFIER, _Tok.COMMA):
            raise SelectorError(f"found '{lit}', expected: ',', ')' or identifier")
        values = self._identifier_list()
        self._next()  # the ")" that _identifier_list stopped in front of
        return values

    def _identifier_list(self) -> set[str]:
        # Empty entries are allowed and mean the empty value: "(a,,b)", "(,a)", "(a,)".
        values: set[str] = set()
        while True:
            tok, lit = self._next()
            if tok is _Tok.IDENTIFIER:
                values.add(lit)
                follow, follow_lit = self._peek()
                if follow is _Tok.CLOSE_PAREN:
                    return values
                if follow is not _Tok.COMMA:
                    raise SelectorError(f"found '{follow_lit}', expected: ',' or ')'")
            elif tok is _Tok.COMMA:
                if not values:
                    values.add("")
                follow = self._peek()[0]
                if follow in (_Tok.CLOSE_PAREN, _Tok.COMMA):
                    values.add("")
                if follow is _Tok.CLOSE_PAREN:
                    return values
            else:
                raise SelectorError(f"found '{lit}', expected: ',', or identifier")

    def _exact_value(self) -> set[str]:
        if self._peek()[0] in (_Tok.END, _Tok.COMMA):
            return {""}  # "k=" selects the empty value
        tok, lit = self._next()
        if tok is not _Tok.IDENTIFIER:
            raise SelectorError(f"found '{lit}', expected: identifier")
        return {lit}


def parse_label_selector(text: str) -> LabelSelector:
    """Parse `?labelSelector=` syntax; raises SelectorError with the API server's message."""
    return LabelSelector(_Parser(text).parse())


_MATCH_OPERATORS = {
    "In": Operator.IN,
    "NotIn": Operator.NOT_IN,
    "Exists": Operator.EXISTS,
    "DoesNotExist": Operator.DOES_NOT_EXIST,
}


def label_selector_from_match(selector: Mapping[str, Any] | None) -> LabelSelector:
    """metav1.LabelSelectorAsSelector: a `{matchLabels, matchExpressions}` object.

    None (a missing selector) selects nothing; `{}` selects everything, as upstream.
    """
    if selector is None:
        return LabelSelector.nothing()
    if not isinstance(selector, Mapping):
        raise SelectorError("invalid label selector: expected an object")
    match_labels = selector.get("matchLabels") or {}
    expressions = selector.get("matchExpressions") or []
    if not isinstance(match_labels, Mapping) or not isinstance(expressions, list):
        raise SelectorError(
            "invalid label selector: matchLabels must be a map, matchExpressions a list"
        )
    requirements = [
        new_requirement(str(key), Operator.EQUALS, [str(value)])
        for key, value in match_labels.items()
    ]
    requirements.extend(_expression_requirement(expr) for expr in expressions)
    return LabelSelector(requirements)


def _expression_requirement(expr: Any) -> Requirement:
    if not isinstance(expr, Mapping):
        raise SelectorError("invalid label selector: matchExpressions entries must be objects")
    raw_operator = expr.get("operator", "")
    operator = _MATCH_OPERATORS.get(str(raw_operator))
    if operator is None:
        raise SelectorError(
            f"{_go_value(str(raw_operator))} is not a valid label selector operator"
        )
    values = expr.get("values") or []
    if not isinstance(values, list):
        raise SelectorError("invalid label selector: values must be a list")
    return new_requirement(str(expr.get("key", "")), operator, [str(v) for v in values])


# ---- field selectors -----------------------------------------------------------------------

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
