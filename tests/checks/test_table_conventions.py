"""TableChecker settings beyond iterates: tables whose every cell is asked
(``given_columns: 0``) with columns numbered from 1 (``first_index``), accepted
alternative conventions, and misconceptions that leave a row out."""

from __future__ import annotations

import numpy as np
import pytest

from grader.answer import Answer
from grader.checks.base import PartKey
from grader.checks.table import TableChecker, TableParams
from grader.notation import Notation
from grader.outcome import Status
from grader.rubric.models import AcceptedForm, Misconception, Part

# ---------------------------------------------------------------- every cell asked

GRID = np.array([[0.25, 0.5, 0.75], [0.1, 0.2, 0.3]])
GRID_PARAMS = TableParams(rows=["r=1", "r=2"], labels={"r=1": ["s=1"]}, index_label="j",
                          given_columns=0, first_index=1, tolerance=0.01)
SWAPPED = (Misconception(id="rows_swapped", points=1, feedback="Your rows are swapped."),
           GRID[::-1].copy())


def _grid_key() -> PartKey:
    return PartKey(part=Part(id="g", points=3, kind="table"), params=GRID_PARAMS,
                   notation=Notation(), reference=GRID, misconceptions=(SWAPPED,))


GRID_CASES = [
    ("rows, index row from 1", "| | j=1 | j=2 | j=3 |\n|---|---|---|---|\n"
     "| r=1 | 0.25 | 0.50 | 0.75 |\n| r = 2 | 0.10 | 0.20 | 0.30 |", Status.CORRECT, 3.0),
    ("rows, rounded within tolerance", "r=1: 0.253 0.495 0.75\nr=2: 0.1 0.2 0.3",
     Status.CORRECT, 3.0),
    ("columns with index from 1", "j\tr=1\tr=2\n1\t0.25\t0.1\n2\t0.5\t0.2\n3\t0.75\t0.3",
     Status.CORRECT, 3.0),
    ("first column counts too", "r=1: 0.9 0.5 0.75\nr=2: 0.1 0.2 0.3", Status.PARTIAL, 2.5),
    ("rows swapped", "r=1: 0.1 0.2 0.3\nr=2: 0.25 0.5 0.75", Status.PARTIAL, 1.0),
]


@pytest.mark.parametrize(("name", "text", "status", "score"), GRID_CASES,
                         ids=[c[0] for c in GRID_CASES])
def test_every_cell_asked(name, text, status, score):
    outcome = TableChecker().check(Answer("g", text), _grid_key())
    assert outcome.status is status, outcome
    assert outcome.score == pytest.approx(score)


def test_index_shift_places_values_by_their_index():
    # j = 2..3 only: the first column is absent, which is a review, not a shifted row
    outcome = TableChecker().check(
        Answer("g", "j 2 3\nr=1 0.5 0.75\nr=2 0.2 0.3"), _grid_key())
    assert outcome.status is Status.NEEDS_REVIEW


# ---------------------------------------------------------------- conventions, absent rows

def _doubling(start: float, steps: int = 4) -> list[float]:
    return [float(start * 2**k) for k in range(steps + 1)]


REF = np.array([_doubling(1), _doubling(1)], dtype=float)  # u, w
OTHER = np.array([_doubling(1), _doubling(-3)], dtype=float)  # another convention for w
U_ONLY = REF.copy()
U_ONLY[1] = np.nan
ROW_PARAMS = TableParams(rows=["u", "w"])


def _row_key() -> PartKey:
    return PartKey(
        part=Part(id="r", points=4, kind="table"), params=ROW_PARAMS, notation=Notation(),
        reference=REF,
        accepted=((AcceptedForm(reference="other", note="the other convention"), OTHER),),
        misconceptions=((Misconception(id="u_only", points=2, feedback="A row is missing."),
                         U_ONLY),))


ROW_CASES = [
    ("reference convention", "u 1 2 4 8 16\nw 1 2 4 8 16", Status.CORRECT, 4.0, None),
    ("accepted convention", "u 1 2 4 8 16\nw -3 -6 -12 -24 -48", Status.CORRECT, 4.0, None),
    ("accepted convention, one slip", "u 1 2 4 8 16\nw -3 -6 -12 -24 -40", Status.PARTIAL,
     3.5, None),
    ("one row given, matching the partial table", "u 1 2 4 8 16", Status.PARTIAL, 2.0,
     "A row is missing."),
    ("one row given, wrong", "u 1 3 4 8 16", Status.NEEDS_REVIEW, None, None),
]


@pytest.mark.parametrize(("name", "text", "status", "score", "feedback"), ROW_CASES,
                         ids=[c[0] for c in ROW_CASES])
def test_conventions_and_absent_rows(name, text, status, score, feedback):
    outcome = TableChecker().check(Answer("r", text), _row_key())
    assert outcome.status is status, outcome
    if score is not None:
        assert outcome.score == pytest.approx(score)
    if feedback is not None:
        assert feedback in outcome.feedback


def test_feedback_names_cells_by_the_declared_index():
    outcome = TableChecker().check(Answer("g", "r=1: 0.9 0.5 0.75\nr=2: 0.1 0.2 0.3"),
                                   _grid_key())
    assert "r=1 at j=1 is not right." in outcome.feedback, outcome.feedback
