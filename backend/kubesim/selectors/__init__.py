"""Label and field selectors, parsed and matched the way the Kubernetes API server does it.

The label grammar, its error messages and the canonical `String()` form follow
k8s.io/apimachinery/pkg/labels; field selectors follow k8s.io/apimachinery/pkg/fields plus the
per-kind "field label conversion" tables of the API server, which decide which fields a
resource can be filtered on. Error texts match the real server's so that kubectl users see
the same messages they would against a real cluster.

The package is split by responsibility; import from here, not from the submodules:

- :mod:`.validation`: label key/value rules, apimachinery error texts, :class:`SelectorError`;
- :mod:`.labels`: the label selector model and selectors stored in objects;
- :mod:`.label_parser`: the `?labelSelector=` text syntax;
- :mod:`.fields`: field selectors and the fields each resource supports.
"""

from kubesim.selectors.fields import (
    FieldGetter,
    FieldRequirement,
    FieldSelector,
    escape_field_value,
    parse_field_selector,
    supported_fields,
    unescape_field_value,
)
from kubesim.selectors.label_parser import parse_label_selector
from kubesim.selectors.labels import (
    LabelSelector,
    Operator,
    Requirement,
    label_selector_from_match,
    new_requirement,
)
from kubesim.selectors.validation import SelectorError, label_key_errors, label_value_errors

__all__ = [
    "FieldGetter",
    "FieldRequirement",
    "FieldSelector",
    "LabelSelector",
    "Operator",
    "Requirement",
    "SelectorError",
    "escape_field_value",
    "label_key_errors",
    "label_selector_from_match",
    "label_value_errors",
    "new_requirement",
    "parse_field_selector",
    "parse_label_selector",
    "supported_fields",
    "unescape_field_value",
]
