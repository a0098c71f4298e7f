"""Row and column keys written with spaces ("τ = 0.5 : …", "τ = 1 → …") name their rows."""

from __future__ import annotations

import pytest

from grader.checks.table import TableParams, read_table

PARAMS = TableParams(rows=["tau=0.5", "tau=1", "tau=2"], labels={"tau=0.5": ["tau=1/2"]},
                     index_label="i", given_columns=0, first_index=1, tolerance=0.01)
ROWS = {"tau=0.5": [[0.02, 0.12, 0.87]], "tau=1": [[0.09, 0.24, 0.67]],
        "tau=2": [[0.19, 0.31, 0.51]]}

LAYOUTS = [
    "τ = 0.5 : 0.02, 0.12, 0.87\nτ = 1   : 0.09, 0.24, 0.67\nτ = 2   : 0.19, 0.31, 0.51",
    "τ = 0.5 → 0.02, 0.12, 0.87\nτ = 1 → 0.09, 0.24, 0.67\nτ = 2 → 0.19, 0.31, 0.51",
    "tau = 1/2 -> 0.02 0.12 0.87\ntau = 1 -> 0.09 0.24 0.67\ntau = 2 -> 0.19 0.31 0.51",
]


@pytest.mark.parametrize("text", LAYOUTS)
def test_keys_written_with_spaces_name_rows(text):
    assert read_table(text, PARAMS).positional == ROWS


def test_keys_written_with_spaces_name_columns():
    text = ("          τ = 0.5    τ = 1    τ = 2\n"
            "  i = 1      0.02      0.09     0.19\n"
            "  i = 2      0.12      0.24     0.31\n"
            "  i = 3      0.87      0.67     0.51")
    reading = read_table(text, PARAMS)
    assert {row: values for row, values in reading.rows.items()} == {
        "tau=0.5": [{1: 0.02, 2: 0.12, 3: 0.87}], "tau=1": [{1: 0.09, 2: 0.24, 3: 0.67}],
        "tau=2": [{1: 0.19, 2: 0.31, 3: 0.51}]}


ROW_LISTS = TableParams(rows=["x", "v"], labels={"x": ["x", "x_t"], "v": ["v", "v_t"]},
                        index_label="t", given_columns=1, first_index=0)


@pytest.mark.parametrize("text", [
    "x 1 0.5 0 -0.25\nv 0 -0.5 -0.5 -0.25",
    "x = 1, 0.5, 0, -0.25\nv = 0, -0.5, -0.5, -0.25",
    "x = 1 0.5 0 -0.25\nv = 0 -0.5 -0.5 -0.25",
])
def test_a_row_named_before_its_values_is_not_a_key(text):
    assert read_table(text, ROW_LISTS).positional == {
        "x": [[1.0, 0.5, 0.0, -0.25]], "v": [[0.0, -0.5, -0.5, -0.25]]}


# Rows as lists inside a sentence, read only when no line names a row.
@pytest.mark.parametrize(("text", "rows"), [
    ("So $x = 1, 0.5, 0, -0.25$ and $v = 0, -0.5, -0.5, -0.25$ for $t = 0..3$.",
     {"x": [[1.0, 0.5, 0.0, -0.25]], "v": [[0.0, -0.5, -0.5, -0.25]]}),
    ("x_t = 1, 0.5, 0; v_t = 0, -0.5, -0.5", {"x": [[1.0, 0.5, 0.0]], "v": [[0.0, -0.5, -0.5]]}),
    # a list too short is prose, two different lists for one row are no reading
    ("with $x = 1, 2$ given", {}),
    ("x = 1, 0.5, 0 but later x = 1, 0.4, 0", {}),
])
def test_rows_as_lists_in_a_sentence(text, rows):
    assert read_table(text, ROW_LISTS).positional == rows


# A key, then the row as a vector of exact values (e is Euler's number).
def test_keyed_vectors_of_exact_values():
    text = ("Exact values:\n\n"
            "- $\\tau = 0.5$: $\\left(\\frac{e^{2}}{e^2+e^4+e^6},\\ \\frac{e^{4}}{e^2+e^4+e^6},"
            "\\ \\frac{e^{6}}{e^2+e^4+e^6}\\right)$\n"
            "- $\\tau = 1$: $(e/(e+e^2+e^3), e^2/(e+e^2+e^3), e^3/(e+e^2+e^3))$\n"
            "- τ = 2 → (0.19, 0.31, 0.51)")
    rows = read_table(text, PARAMS).positional
    assert set(rows) == {"tau=0.5", "tau=1", "tau=2"}
    assert [round(v, 2) for v in rows["tau=0.5"][0]] == [0.02, 0.12, 0.87]
    assert [round(v, 2) for v in rows["tau=1"][0]] == [0.09, 0.24, 0.67]


def test_keyed_vectors_read_only_numbers_of_named_rows():
    # a value with an unknown is no number; a key naming no row is no row
    assert read_table("- $\\tau = 1$: $(e/x, 1, 2)$", PARAMS).positional == {
        "tau=1": [[None, 1.0, 2.0]]}
    assert read_table("- $\\sigma = 1$: $(0.1, 0.2, 0.7)$", PARAMS).positional == {}
