"""The pipeline marks the answers of an answer sheet as written in their part's slot."""

from __future__ import annotations

import pytest

from grader.outcome import Status
from grader.pipeline import find_answers, grade_text
from grader.rubric.assignment import load_assignment
from grader.segment import render_sheet


def _filled(assignment_id: str, part_id: str, text: str) -> str:
    sheet = render_sheet(load_assignment(assignment_id).rubric)
    heading = next(line for line in sheet.splitlines() if line.startswith(f"## [{part_id}]"))
    return sheet.replace(heading, f"{heading}\n\n{text}\n", 1)


@pytest.mark.parametrize(("assignment_id", "part_id", "text", "status"), [
    ("optim-hw3", "4b.kl_symmetric", "No, swapping the two distributions changes the value.",
     Status.CORRECT),
    ("optim-hw3", "4b.kl_symmetric", "Nein, im Allgemeinen nicht.", Status.CORRECT),
    ("optim-hw3", "4b.kl_symmetric", "Yes, both directions give the same number.",
     Status.INCORRECT),
    ("optim-hw3", "3d.momentum_converges", "Oui, les itérés tendent vers 0.", Status.CORRECT),
    ("seqmodels-a5", "1c.attention_bottleneck", "No, all positions are computed at once.",
     Status.CORRECT),
])
def test_a_yes_or_no_with_its_reason_in_a_sheet_is_read(assignment_id: str, part_id: str,
                                                         text: str, status: Status) -> None:
    result = grade_text(_filled(assignment_id, part_id, text), load_assignment(assignment_id))
    part = next(p for p in result.parts if p.part == part_id)
    assert part.status is status, part


def test_only_sheet_answers_are_marked_in_slot() -> None:
    assignment = load_assignment("optim-hw3")
    text = "No, swapping the two distributions changes the value."
    sheet = find_answers(_filled("optim-hw3", "4b.kl_symmetric", text), assignment)
    free = find_answers(f"4b) {text}\n", assignment)
    assert sheet["4b.kl_symmetric"].in_slot and sheet["4b.kl_symmetric"].text == text
    assert not any(answer.in_slot for answer in free.values())


NOTHING_FOUND = {
    # a labelled sub-question whose text no part was given: not sure it is absent
    "label read for nothing": ("## Question 3\n\n(b) ⟦ η smaller than two over a ⟧ as I "
                               "showed on the scanned page\n\n(c) ...", "3b.stable_range",
                               Status.NEEDS_REVIEW),
    # a line under the label names the part: its answer was taken along with another's
    "named on a line others took": ("## Question 1\n\n(a) Time of one forward pass over a "
                                    "mini-batch: O(L B d^2); Time of the backward pass: "
                                    "O(L B d^2)\n", "1a.backward_time", Status.NEEDS_REVIEW),
    # an empty label is a blank, and a question left out is left out
    "empty label": ("## Question 3\n\n(a) x_t = (1 - eta a)^t x_0\n\n(b)\n", "3b.stable_range",
                    Status.MISSING),
    "question left out": ("## Question 3\n\n(a) x_t = (1 - eta a)^t x_0\n",
                          "4a.kl_gaussians", Status.MISSING),
}


@pytest.mark.parametrize(("text", "part_id", "status"), NOTHING_FOUND.values(),
                         ids=NOTHING_FOUND.keys())
def test_no_answer_is_missing_only_when_the_reader_is_sure(text: str, part_id: str,
                                                           status: Status) -> None:
    result = grade_text(text, load_assignment("optim-hw3"))
    assert next(p for p in result.parts if p.part == part_id).status is status
