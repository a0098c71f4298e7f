"""The TA page shows a worded part's model answer as its reference; the student page never does."""

from __future__ import annotations

import re

import pytest

from grader.pipeline import grade_text
from grader.report.html import render_student_html
from grader.rubric.trial import _sheet_with

# (assignment, worded part, a student's answer)
WORDED = [
    ("optim-hw3", "4b.kl_symmetric", "Yes, it is symmetric."),
    ("optim-hw3", "5.residual_why", "They make training faster."),
    ("seqmodels-a5", "1d.ffn_across_tokens", "No."),
    ("attention-hw4", "4b.scaling_reason", "To keep numbers small."),
]


def _distinctive_word(model: str, *shown: str) -> str:
    """The model answer's longest word that none of ``shown`` has."""
    seen = {w.lower() for text in shown for w in re.findall(r"[A-Za-z]+", text)}
    words = [w for w in re.findall(r"[A-Za-z]{6,}", model) if w.lower() not in seen]
    return max(words, key=len)


@pytest.mark.parametrize(("assignment_id", "part_id", "text"), WORDED)
def test_model_answer_only_on_the_ta_page(assignments, assignment_id, part_id, text):
    assignment = assignments[assignment_id]
    part = assignment.rubric.part(part_id)
    # the student page shows every part's id and prompt, and the student's text
    word = _distinctive_word(part.model_answer or "", text, *(
        f"{p.id} {p.prompt}" for p in assignment.rubric.parts))
    result = grade_text(_sheet_with(assignment_id, part_id, text), assignment)
    ta = render_student_html(result, assignment, for_ta=True)
    student = render_student_html(result, assignment)
    assert word in ta
    assert word.lower() not in student.lower()
