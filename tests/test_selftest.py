"""Each shipped assignment grades its own reference answers and misconceptions as listed."""

from __future__ import annotations

import pytest

from grader.selftest import selftest
from tests.conftest import ASSIGNMENT_IDS


@pytest.mark.parametrize("assignment_id", ASSIGNMENT_IDS)
def test_reference_answers_grade_as_listed(assignments, assignment_id):
    rows = selftest(assignments[assignment_id])
    graded = [r for r in rows if r.result is not None]
    assert graded, "nothing could be written out from the reference"
    wrong = [(r.part, r.form, r.text, r.result.status.value, r.result.score)
             for r in graded if not r.ok]
    assert not wrong
    references = [r for r in graded if r.form == "reference"]
    assert all(r.result.status.value == "correct" for r in references)


def test_selftest_notices_a_reference_that_collides_with_a_misconception(assignments):
    """A reference module computing O(T) for linear attention would make the
    rubric's "dropped d" misconception (1 pt) earn full marks: selftest says so."""
    from dataclasses import replace

    import sympy

    assignment = assignments["rnn-attention-hw2"]
    key = assignment.keys["3.linear_complexity"]
    broken = replace(assignment, keys={"3.linear_complexity": replace(
        key, reference=sympy.Symbol("T"))})
    rows = selftest(broken)
    collision = next(r for r in rows if r.form == "misconception dropped_d")
    assert not collision.ok
    assert collision.result.score == 2
