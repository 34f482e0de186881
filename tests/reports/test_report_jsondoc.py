"""The JSON report's text: ``json.dumps(document, indent=2)`` byte for byte, however it is
written (``jsondoc.indented`` goes through the C encoder for speed)."""

from __future__ import annotations

import json
from datetime import UTC
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from sam_tui.reports.model import Cell, Column, Table, ValueType
from sam_tui.reports.render.jsondoc import Rows, _cell, _column, indented

# text with the characters that could confuse a writer working on encoded text: the NUL it
# separates values with, brackets, quotes, backslashes, newlines, C1 controls, non-ASCII, %s
TEXT = st.text(alphabet=st.sampled_from('\x00{}[],:"\\\n\x9béa 1%s'), max_size=8)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | TEXT
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(TEXT, inner, max_size=4)
        # a table's rows: a list of flat objects, the path encoded in one go
        | st.lists(st.dictionaries(TEXT, SCALARS, min_size=1, max_size=3), max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=500, deadline=None)
@given(VALUES, st.sampled_from(["", "  ", "    "]))
def test_indented_is_json_dumps_with_indent_2(value: Any, pad: str) -> None:
    assert indented(value, pad) == json.dumps(value, indent=2).replace("\n", "\n" + pad)


def test_keys_that_are_not_text_follow_json() -> None:
    value = {"rows": [{"a": 1}], "odd": {1: "one", 2.5: None, False: [1], None: {}}}
    assert indented(value) == json.dumps(value, indent=2)


CELLS = (
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.floats(allow_nan=False, allow_infinity=False)
    | TEXT
    | st.dates()
    | st.datetimes(timezones=st.just(UTC))
)


@settings(max_examples=300, deadline=None)
@given(st.lists(CELLS, max_size=6), st.sampled_from(list(ValueType)))
def test_a_column_is_converted_as_each_of_its_cells(values: list[Cell], kind: ValueType) -> None:
    # tables are converted a column at a time, the common cells without a call
    assert _column(tuple(values), kind) == [_cell(v, kind) for v in values]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(TEXT, st.sampled_from(list(ValueType))), min_size=1, max_size=4),
    st.data(),
    st.sampled_from(["", "  ", "      "]),
)
def test_a_tables_rows_are_written_as_json_writes_its_objects(
    columns: list[tuple[str, ValueType]], data: st.DataObject, pad: str
) -> None:
    # the rows are poured from their cells into a template: keys with % or quotes, cells
    # with NUL, brackets or %s, and every type of column come out as json.dumps has them
    keys = [f"{key}{n}" for n, (key, _) in enumerate(columns)]  # distinct, as a table's are
    rows = data.draw(st.lists(st.tuples(*[CELLS] * len(columns)), max_size=5))
    table = Table(
        "t",
        "T",
        tuple(Column(k, k, kind) for k, (_, kind) in zip(keys, columns, strict=True)),
        tuple(rows),
    )
    expected = [
        {k: _cell(v, kind) for k, (_, kind), v in zip(keys, columns, row, strict=True)}
        for row in rows
    ]
    written = indented({"rows": Rows(table)}, pad)
    assert written == json.dumps({"rows": expected}, indent=2).replace("\n", "\n" + pad)
