"""Kubernetes resource quantities: `250m`, `1.5`, `512Mi`, `2G`, `1e3` → numbers, and back."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_SUFFIXES = {
    "n": Decimal("1e-9"),
    "u": Decimal("1e-6"),
    "m": Decimal("1e-3"),
    "": Decimal(1),
    "k": Decimal("1e3"),
    "M": Decimal("1e6"),
    "G": Decimal("1e9"),
    "T": Decimal("1e12"),
    "P": Decimal("1e15"),
    "E": Decimal("1e18"),
    "Ki": Decimal(2**10),
    "Mi": Decimal(2**20),
    "Gi": Decimal(2**30),
    "Ti": Decimal(2**40),
    "Pi": Decimal(2**50),
    "Ei": Decimal(2**60),
}
_QUANTITY = re.compile(r"^([+-]?[0-9.]+(?:[eE][+-]?[0-9]+)?)([a-zA-Z]*)$")


class QuantityError(ValueError):
    pass


def parse(value: object) -> Decimal:
    """A quantity as a Decimal in base units (cores, bytes)."""
    if isinstance(value, bool):
        raise QuantityError(f"quantities must match the regular expression: {value!r}")
    if isinstance(value, int | float):
        return Decimal(str(value))
    match = _QUANTITY.match(str(value).strip())
    if not match or match.group(2) not in _SUFFIXES:
        raise QuantityError(
            f"quantities must match the regular expression "
            f"'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$': {value!r}"
        )
    try:
        return Decimal(match.group(1)) * _SUFFIXES[match.group(2)]
    except InvalidOperation as exc:
        raise QuantityError(f"invalid quantity {value!r}") from exc


def cpu_millis(value: object, default: int = 0) -> int:
    """CPU in millicores; unparsable or missing values count as `default`."""
    try:
        return int(parse(value) * 1000) if value is not None else default
    except QuantityError:
        return default


def bytes_of(value: object, default: int = 0) -> int:
    try:
        return int(parse(value)) if value is not None else default
    except QuantityError:
        return default


def format_cpu_nanos(nanocores: int) -> str:
    return f"{max(nanocores, 0)}n"


def format_millis(millicores: int) -> str:
    return f"{max(millicores, 0)}m"


def format_kibibytes(num_bytes: int) -> str:
    return f"{max(num_bytes, 0) // 1024}Ki"
