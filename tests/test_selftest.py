"""Each shipped assignment grades its own reference answers and misconceptions as listed."""

from __future__ import annotations

import pytest

from grader.rubric.loader import load_rubric_file
from grader.rubric.models import Example
from grader.selftest import selftest
from tests.conftest import ASSIGNMENT_IDS, RUBRICS


@pytest.fixture(scope="module")
def selftest_rows(assignments):
    """Each shipped assignment's selftest, run once for this module."""
    return {assignment_id: selftest(assignments[assignment_id])
            for assignment_id in ASSIGNMENT_IDS}


@pytest.mark.parametrize("assignment_id", ASSIGNMENT_IDS)
def test_reference_answers_grade_as_listed(selftest_rows, assignment_id):
    rows = selftest_rows[assignment_id]
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


#: Kinds whose reference is words, not a computed value: selftest reaches them
#: only through what the rubric writes down (model answer, accepted wordings,
#: misconception answers, examples).
WORDED_KINDS = ("choice", "free_text")


@pytest.mark.parametrize(("assignment_id", "part_id"), [
    (assignment_id, part.id) for assignment_id in ASSIGNMENT_IDS
    for part in load_rubric_file(RUBRICS / f"{assignment_id}.yaml")[0].parts
    if part.kind in WORDED_KINDS])
def test_every_yes_no_and_free_text_part_is_exercised(selftest_rows, assignment_id, part_id):
    """Each such part has its key's wording graded (full marks for the model answer),
    and every other written answer (a wrong choice, an incomplete explanation, a
    misconception) earns its listed credit."""
    rows = [r for r in selftest_rows[assignment_id] if r.part == part_id]
    model = [r for r in rows if r.form == "model answer"]
    assert len(model) == 1 and model[0].ok
    assert model[0].result.score == model[0].result.max_score
    assert all(r.ok for r in rows if r.result is not None)


def _with(assignment, part_id: str, **changes):
    """``assignment`` whose part ``part_id`` has ``changes`` (a rubric edit, in memory)."""
    from dataclasses import replace

    key = assignment.keys[part_id]
    return replace(assignment, keys={part_id: replace(
        key, part=key.part.model_copy(update=changes))})


# (assignment, part, a rubric edit that contradicts the grader, the form it shows up on)
CONTRADICTIONS = [
    # a yes/no whose model answer says the other choice
    ("optim-hw3", "4b.kl_symmetric", {"model_answer": "Yes, KL is symmetric."}, "model answer"),
    # an explanation that names no concept, listed as earning full marks
    ("optim-hw3", "5.residual_why",
     {"model_answer": "Residual networks are popular in computer vision."}, "model answer"),
    # a wrong choice listed as decided full credit
    ("seqmodels-a5", "1d.ffn_across_tokens",
     {"examples": [Example(answer="Yes, the FFN looks across tokens.", points=1)]},
     "example[0]"),
    # an incomplete explanation listed as decided: free text never marks it on its own
    ("seqmodels-a5", "4c.equilibrium",
     {"examples": [Example(answer="A Nash equilibrium.", points=1)]}, "example[0]"),
    # a complete one listed as going to review
    ("seqmodels-a5", "4c.equilibrium",
     {"examples": [Example(answer="A Nash equilibrium: a saddle point, not a joint optimum.",
                           points=2, review=True)]}, "example[0]"),
]


@pytest.mark.parametrize(("assignment_id", "part_id", "changes", "form"), CONTRADICTIONS)
def test_selftest_notices_a_written_answer_the_grader_disagrees_with(
        assignments, assignment_id, part_id, changes, form):
    rows = selftest(_with(assignments[assignment_id], part_id, **changes))
    row = next(r for r in rows if r.part == part_id and r.form == form)
    assert row.result is not None and not row.ok


@pytest.mark.parametrize(("assignment_id", "part_id"), [
    (assignment_id, part.id) for assignment_id in ASSIGNMENT_IDS
    for part in load_rubric_file(RUBRICS / f"{assignment_id}.yaml")[0].parts
    if part.kind != "manual"])
def test_every_automatically_graded_part_has_a_written_answer(selftest_rows, assignment_id,
                                                              part_id):
    """A part the grader decides is exercised by at least one written answer at full
    marks (a computed reference written out, or the rubric's model answer)."""
    rows = [r for r in selftest_rows[assignment_id]
            if r.part == part_id and r.result is not None]
    assert any(r.expected_points == r.result.max_score and r.ok for r in rows)
