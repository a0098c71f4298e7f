"""Every row of the answer keys, filled into an answer sheet and graded end to end."""

from __future__ import annotations

import pytest

from grader.outcome import Status
from grader.pipeline import grade_text
from grader.segment import render_sheet
from tests.answer_key_cases import CASES


def fill_sheet(rubric, answers: dict[str, str]) -> str:
    """An answer sheet for ``rubric`` with ``answers`` written into their slots."""
    sheet = render_sheet(rubric)
    for part_id, text in answers.items():
        heading = next(line for line in sheet.splitlines()
                       if line.startswith(f"## [{part_id}]"))
        sheet = sheet.replace(f"{heading}\n\n_(your answer)_", f"{heading}\n\n{text}", 1)
    return sheet


@pytest.mark.parametrize(("assignment_id", "part_id", "answer", "status", "points", "mistake"),
                         CASES, ids=[f"{c[1]}:{c[2][:40]}" for c in CASES])
def test_answer_key_row(assignments, assignment_id, part_id, answer, status, points, mistake):
    assignment = assignments[assignment_id]
    result = grade_text(fill_sheet(assignment.rubric, {part_id: answer}), assignment)
    part = next(p for p in result.parts if p.part == part_id)
    assert part.status == Status(status), (part.feedback, part.ta_notes)
    if part.status is not Status.NEEDS_REVIEW:
        assert part.score == pytest.approx(points)
    if mistake is not None:
        listed = next(m for m in assignment.rubric.part(part_id).misconceptions
                      if m.id == mistake)
        assert listed.feedback in part.feedback


def test_every_part_of_every_key_is_covered(assignments):
    covered = {(a, p) for a, p, *_ in CASES}
    for assignment_id, assignment in assignments.items():
        for part in assignment.rubric.parts:
            assert (assignment_id, part.id) in covered, part.id


def test_every_listed_misconception_is_covered(assignments):
    covered = {(a, p, m) for a, p, _, _, _, m in CASES if m}
    for assignment_id, assignment in assignments.items():
        for part in assignment.rubric.parts:
            for misconception in part.misconceptions:
                assert (assignment_id, part.id, misconception.id) in covered, (
                    part.id, misconception.id)


def test_empty_sheet_is_all_missing(assignments):
    for assignment in assignments.values():
        result = grade_text(render_sheet(assignment.rubric), assignment)
        assert {p.status for p in result.parts} == {Status.MISSING}
        assert result.score == 0


# Answers matching no listed misconception but a mutation of the reference:
# the feedback names the kind of slip, the TA notes name the slip itself, the
# credit stays 0.
UNLISTED_SLIPS = [
    ("seqmodels-a5", "1a.rnn_train_time", "O(t^2 n L)", "two symbols swapped",
     "n and t swapped"),
    ("rnn-attention-hw2", "3.linear_complexity", "O(T^2 d^2)", "a symbol squared",
     "T squared"),
]


@pytest.mark.parametrize(("assignment_id", "part_id", "answer", "kind", "slip"),
                         UNLISTED_SLIPS)
def test_unlisted_slip_is_named_without_credit(assignments, assignment_id, part_id, answer,
                                               kind, slip):
    assignment = assignments[assignment_id]
    result = grade_text(fill_sheet(assignment.rubric, {part_id: answer}), assignment)
    part = next(p for p in result.parts if p.part == part_id)
    assert part.status is Status.INCORRECT
    assert part.score == 0
    assert f"It looks like a slip: {kind}." in part.feedback, part.feedback
    assert not any(slip in line for line in part.feedback), part.feedback
    assert any(slip in note for note in part.ta_notes), part.ta_notes
