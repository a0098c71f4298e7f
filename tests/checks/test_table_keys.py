"""Tables whose rows are named by a key written once (``τ`` over ``0.5, 1, 2``),
for rubric rows named ``key=value``, and cells written as exact expressions."""

from __future__ import annotations

import math
import types

import numpy as np
import pytest

from grader.answer import Answer
from grader.checks.base import PartKey
from grader.checks.table import TableChecker, TableParams
from grader.notation import Notation
from grader.outcome import Status
from grader.rubric.models import Part

TAUS = (0.5, 1.0, 2.0)
LOGITS = (1.0, 2.0, 3.0)


def _softmax(tau: float) -> list[float]:
    weights = [math.exp(z / tau) for z in LOGITS]
    return [w / sum(weights) for w in weights]


REFERENCE = np.array([_softmax(tau) for tau in TAUS])
PARAMS = TableParams(rows=["tau=0.5", "tau=1", "tau=2"],
                     labels={"tau=0.5": ["tau=1/2", "t=0.5"], "tau=1": ["t=1"],
                             "tau=2": ["t=2"]},
                     index_label="i", first_index=1, tolerance=0.01)


def _check(text: str):
    key = PartKey(part=Part(id="2a.table", points=3, kind="table"), params=PARAMS,
                  notation=Notation(), reference=REFERENCE, misconceptions=(),
                  module=types.SimpleNamespace())
    return TableChecker().check(Answer("2a.table", text), key)


def _row(values: list[float]) -> str:
    return " | ".join(f"{v:.2f}" for v in values)


KEY_COLUMN = "| τ | i=1 | i=2 | i=3 |\n|---|---|---|---|\n" + "\n".join(
    f"| {tau:g} | {_row(_softmax(tau))} |" for tau in TAUS)
KEY_ROW = ("| τ | 0.5 | 1 | 2 |\n|---|---|---|---|\n" + "\n".join(
    f"| i={i + 1} | " + " | ".join(f"{_softmax(tau)[i]:.2f}" for tau in TAUS) + " |"
    for i in range(3)))
KEY_ROW_PLAIN_INDEX = KEY_ROW.replace("| i=", "| ")
EXACT_CELLS = ("\\begin{tabular}{l|ccc}\n$\\tau$ & $i=1$ & $i=2$ & $i=3$\\\\\\hline\n" + "\n".join(
    f"{tau:g} & " + " & ".join(
        f"$\\frac{{e^{{{z / tau:g}}}}}{{{'+'.join(f'e^{{{w / tau:g}}}' for w in LOGITS)}}}$"
        for z in LOGITS) + "\\\\" for tau in TAUS) + "\n\\end{tabular}")
APPROXIMATIONS = EXACT_CELLS.replace("}$ &", "} \\approx 0.5$ &")  # wrong stated values

IN_A_CALLOUT = "> [!answer]\n" + "\n".join(f"> {line}" for line in KEY_COLUMN.splitlines())
ASCII_BARS = "tau  |  i=1    i=2    i=3\n-----+---------------------\n" + "\n".join(
    f"{tau:g}  | " + "  ".join(f"{v:.3f}" for v in _softmax(tau)) for tau in TAUS)
NO_CORNER_CELL = "   tau=0.5   tau=1   tau=2\n" + "\n".join(
    f"i={i + 1}   " + "   ".join(f"{_softmax(tau)[i]:.2f}" for tau in TAUS) for i in range(3))

LAYOUTS = {
    "inside a callout": (IN_A_CALLOUT, Status.CORRECT),
    "ASCII bars and rule": (ASCII_BARS, Status.CORRECT),
    "index cells under a header with no corner cell": (NO_CORNER_CELL, Status.CORRECT),
    "key column": (KEY_COLUMN, Status.CORRECT),
    "key row, index cells i=1": (KEY_ROW, Status.CORRECT),
    "key row, plain index cells": (KEY_ROW_PLAIN_INDEX, Status.CORRECT),
    "exact cells in LaTeX": (EXACT_CELLS, Status.CORRECT),
}


@pytest.mark.parametrize(("text", "status"), LAYOUTS.values(), ids=LAYOUTS.keys())
def test_key_named_layouts(text: str, status: Status) -> None:
    outcome = _check(text)
    assert outcome.status is status, (outcome, text)


def test_a_key_the_rubric_does_not_name_is_not_read_as_rows() -> None:
    text = KEY_COLUMN.replace("| τ |", "| β |")
    assert _check(text).status is Status.NEEDS_REVIEW


def test_a_stated_approximation_is_the_value_read() -> None:
    """"exact ≈ 0.5": the student commits to 0.5, which is wrong; never full marks."""
    outcome = _check(APPROXIMATIONS)
    assert outcome.status is not Status.CORRECT
    assert "tau=0.5: 0.5, 0.5" in (outcome.interpreted_as or "")
