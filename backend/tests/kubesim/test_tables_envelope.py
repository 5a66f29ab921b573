"""Server-side Tables: the Table envelope, its metadata and column definitions, the
includeObject modes and row order."""

from __future__ import annotations

import json

import pytest

from kubesim.tables import render_table
from tests.kubesim.tables_support import NOW, POD


def test_table_envelope() -> None:
    table = render_table("pods", [POD], now=NOW, resource_version="42", continue_token="tok")
    assert table["kind"] == "Table"
    assert table["apiVersion"] == "meta.k8s.io/v1"
    assert table["metadata"] == {"resourceVersion": "42", "continue": "tok"}
    for definition in table["columnDefinitions"]:
        assert set(definition) == {"name", "type", "format", "description", "priority"}
    assert table["columnDefinitions"][0]["format"] == "name"
    assert all(c["format"] == "" for c in table["columnDefinitions"][1:])
    json.dumps(table)  # the whole reply is plain JSON


def test_metadata_omits_empty_fields_and_definitions_can_be_skipped() -> None:
    table = render_table("pods", [POD], now=NOW, include_column_definitions=False)
    assert table["metadata"] == {}
    assert table["columnDefinitions"] == []
    assert len(table["rows"][0]["cells"]) == 9


def test_include_object_metadata_is_the_default() -> None:
    row = render_table("pods", [POD], now=NOW)["rows"][0]
    assert row["object"] == {
        "kind": "PartialObjectMetadata",
        "apiVersion": "meta.k8s.io/v1",
        "metadata": POD["metadata"],
    }


def test_include_object_object_and_none() -> None:
    full = render_table("pods", [POD], now=NOW, include_object="Object")["rows"][0]
    assert full["object"] == POD
    assert full["object"]["kind"] == "Pod"
    bare = render_table("pods", [POD], now=NOW, include_object="None")["rows"][0]
    assert "object" not in bare
    assert bare["cells"][0] == "web-1"


def test_include_object_rejects_unknown_modes() -> None:
    with pytest.raises(ValueError, match="includeObject"):
        render_table("pods", [POD], include_object="Everything")


def test_rows_keep_object_order() -> None:
    objects = [{"metadata": {"name": n}} for n in ("b", "a", "c")]
    table = render_table("configmaps", objects, now=NOW)
    assert [r["cells"][0] for r in table["rows"]] == ["b", "a", "c"]
