"""Kubernetes label selectors, parsed and matched in memory (lists come from the cache).

Grammar as the API server accepts it: comma-separated requirements, each `key`, `!key`,
`key=value`, `key==value`, `key!=value`, `key in (a,b)` or `key notin (a,b)`. Keys and values
are validated like the server does, so a bad selector is a 400 that names the problem.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from app.core import errors

_NAME = r"[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?"
_KEY = re.compile(rf"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?{_NAME}$")
_VALUE = re.compile(rf"^({_NAME})?$")
_SET = re.compile(r"^\s*(!?)\s*([^\s!=(),]+)\s*(?:(in|notin)\s*\(([^()]*)\)\s*)?$")
_EQ = re.compile(r"^\s*([^\s!=(),]+)\s*(==|=|!=)\s*([^\s!=(),]*)\s*$")


class BadSelector(errors.BadRequest):
    error = "BadLabelSelector"


@dataclass(frozen=True)
class Requirement:
    key: str
    op: str  # exists, !exists, =, !=, in, notin
    values: frozenset[str] = frozenset()

    def matches(self, labels: Mapping[str, str]) -> bool:
        present = self.key in labels
        if self.op == "exists":
            return present
        if self.op == "!exists":
            return not present
        if self.op in ("=", "in"):
            return present and labels[self.key] in self.values
        # != and notin also match objects without the label, as on the API server.
        return not present or labels[self.key] not in self.values


@dataclass(frozen=True)
class Selector:
    requirements: tuple[Requirement, ...]

    def matches(self, labels: Mapping[str, str] | None) -> bool:
        labels = labels or {}
        return all(r.matches(labels) for r in self.requirements)


def _split(text: str) -> list[str]:
    """Commas separate requirements except inside the parentheses of a set."""
    parts, depth, current = [], 0, ""
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                raise BadSelector(f"label selector {text!r}: unbalanced ')'")
        if ch == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    if depth:
        raise BadSelector(f"label selector {text!r}: unbalanced '('")
    parts.append(current)
    return parts


def valid_label_key(key: str) -> bool:
    """Kubernetes' label key syntax: an optional DNS-subdomain prefix, `/`, and a name."""
    return bool(_KEY.match(key)) and len(key.rpartition("/")[0]) <= 253


def _key(key: str, whole: str) -> str:
    if not valid_label_key(key):
        raise BadSelector(
            f"label selector {whole!r}: {key!r} is not a valid label key "
            "(a DNS prefix and a name of at most 63 characters)"
        )
    return key


def _value(value: str, whole: str) -> str:
    if not _VALUE.match(value):
        raise BadSelector(
            f"label selector {whole!r}: {value!r} is not a valid label value "
            "(at most 63 letters, digits, '-', '_' or '.')"
        )
    return value


def parse(text: str | None) -> Selector | None:
    """The selector, or None for an empty one (matches everything); BadSelector if invalid."""
    if text is None or not text.strip():
        return None
    requirements = []
    for part in _split(text):
        if not part.strip():
            raise BadSelector(f"label selector {text!r}: empty requirement")
        if eq := _EQ.match(part):
            key, op, value = eq.groups()
            requirements.append(
                Requirement(
                    _key(key, text), "!=" if op == "!=" else "=", frozenset({_value(value, text)})
                )
            )
        elif (found := _SET.match(part)) is not None:
            negated, key, op, values = found.groups()
            if op is None:
                requirements.append(
                    Requirement(_key(key, text), "!exists" if negated else "exists")
                )
                continue
            if negated:
                raise BadSelector(f"label selector {text!r}: '!' cannot precede {op!r}")
            items = [v.strip() for v in values.split(",")]
            if not any(items):
                raise BadSelector(f"label selector {text!r}: {op} needs at least one value")
            requirements.append(
                Requirement(_key(key, text), op, frozenset(_value(v, text) for v in items))
            )
        else:
            raise BadSelector(
                f"label selector {text!r}: cannot parse {part.strip()!r}; "
                "expected key, !key, key=value, key!=value, key in (a,b) or "
                "key notin (a,b)"
            )
    return Selector(tuple(requirements))
