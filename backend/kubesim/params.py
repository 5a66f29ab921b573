"""Query parameters as the real API server reads them."""

from __future__ import annotations

from collections.abc import Mapping

from kubesim import errors
from kubesim.selectors import (
    FieldSelector,
    LabelSelector,
    SelectorError,
    parse_field_selector,
    parse_label_selector,
)

_TRUE = {"true", "1", "True", "TRUE", "t", "T"}
_FALSE = {"false", "0", "False", "FALSE", "f", "F", ""}


def flag(query: Mapping[str, str], name: str) -> bool:
    value = query.get(name)
    if value is None:
        return False
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise errors.bad_request(f'invalid boolean value for {name}: "{value}"')


def dry_run(values: list[str]) -> bool:
    for value in values:
        if value != "All":
            raise errors.bad_request(
                f'dryRun: Unsupported value: "{value}": supported values: "All"'
            )
    return bool(values)


def non_negative_int(query: Mapping[str, str], name: str) -> int:
    value = query.get(name)
    if not value:
        return 0
    try:
        number = int(value)
    except ValueError as exc:
        raise errors.bad_request(f'{name}: Invalid value: "{value}": must be an integer') from exc
    if number < 0:
        raise errors.bad_request(f"{name}: Invalid value: {number}: must be non-negative")
    return number


def label_selector(query: Mapping[str, str]) -> LabelSelector | None:
    text = query.get("labelSelector")
    if not text:
        return None
    try:
        return parse_label_selector(text)
    except SelectorError as exc:
        raise errors.bad_request(str(exc)) from exc


def field_selector(query: Mapping[str, str], resource: str) -> FieldSelector | None:
    text = query.get("fieldSelector")
    if not text:
        return None
    try:
        return parse_field_selector(text, resource)
    except SelectorError as exc:
        raise errors.bad_request(str(exc)) from exc


def resource_version(query: Mapping[str, str]) -> str:
    value = query.get("resourceVersion", "")
    if value and not value.isdigit():
        raise errors.bad_request(f'invalid resource version "{value}"')
    return value


def wants_table(accept: str) -> bool:
    return any("as=Table" in part for part in accept.split(","))


def include_object(query: Mapping[str, str]) -> str:
    value = query.get("includeObject") or "Metadata"
    if value not in ("None", "Metadata", "Object"):
        raise errors.bad_request(
            f'includeObject: Unsupported value: "{value}": supported values: "None", '
            '"Metadata", "Object"'
        )
    return value
