"""The label selector model: requirements, their matching and their canonical `String()` form.

Follows k8s.io/apimachinery/pkg/labels (selector.go) and metav1.LabelSelectorAsSelector for
selectors stored in objects (`{matchLabels, matchExpressions}`). The text syntax is parsed in
:mod:`kubesim.selectors.label_parser`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from kubesim.selectors.validation import (
    SelectorError,
    aggregate,
    go_quote,
    invalid_value,
    label_key_errors,
    label_value_errors,
)


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
        errs.append(invalid_value(key_path, key, "; ".join(key_errs)))
    errs.extend(_operator_arity_errors(operator, values))
    for i, value in enumerate(values):
        value_errs = label_value_errors(value)
        if value_errs:
            errs.append(invalid_value(f"values[{i}][{key}]", value, "; ".join(value_errs)))
    if errs:
        raise SelectorError(aggregate(errs))
    return Requirement(key, operator, tuple(values))


def _arity_error(values: Sequence[str], satisfied: bool, detail: str) -> list[str]:
    return [] if satisfied else [invalid_value("values", values, detail)]


def _operator_arity_errors(operator: Operator, values: Sequence[str]) -> list[str]:
    if operator in (Operator.IN, Operator.NOT_IN):
        return _arity_error(
            values, bool(values), "for 'in', 'notin' operators, values set can't be empty"
        )
    if operator in (Operator.EQUALS, Operator.DOUBLE_EQUALS, Operator.NOT_EQUALS):
        return _arity_error(
            values, len(values) == 1, "exact-match compatibility requires one single value"
        )
    if operator in (Operator.EXISTS, Operator.DOES_NOT_EXIST):
        return _arity_error(
            values, not values, "values set must be empty for exists and does not exist"
        )
    errs = _arity_error(
        values, len(values) == 1, "for 'Gt', 'Lt' operators, exactly one value is required"
    )
    errs.extend(
        invalid_value(
            f"values[{i}]", value, "for 'Gt', 'Lt' operators, the value must be an integer"
        )
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
        raise SelectorError(f"{go_quote(str(raw_operator))} is not a valid label selector operator")
    values = expr.get("values") or []
    if not isinstance(values, list):
        raise SelectorError("invalid label selector: values must be a list")
    return new_requirement(str(expr.get("key", "")), operator, [str(v) for v in values])
