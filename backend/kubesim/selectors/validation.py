"""Label key/value validation and the error texts of k8s.io/apimachinery/pkg/util/validation.

The messages are reproduced character for character (odd double spaces included) because
kubectl users and tests compare them with what a real API server answers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence


class SelectorError(ValueError):
    """A selector the real API server rejects with 400 Bad Request; str() is its message."""


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


_QUALIFIED_NAME_ERROR = _regex_error(
    _QUALIFIED_NAME_MSG, _QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc"
)


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
            + _QUALIFIED_NAME_ERROR
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
        errs.append("name part " + _QUALIFIED_NAME_ERROR)
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


def go_quote(value: str | Sequence[str]) -> str:
    """How field.Invalid prints a bad value: %q for strings, %#v for string slices."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return "[]string{" + ", ".join(json.dumps(v, ensure_ascii=False) for v in value) + "}"


def invalid_value(path: str, value: str | Sequence[str], detail: str) -> str:
    """The text of a field.Invalid error for `value` at field `path`."""
    return f"{path}: Invalid value: {go_quote(value)}: {detail}"


def aggregate(messages: list[str]) -> str:
    """utilerrors.NewAggregate: duplicates dropped, several errors wrapped in brackets."""
    unique = list(dict.fromkeys(messages))
    return unique[0] if len(unique) == 1 else "[" + ", ".join(unique) + "]"
