"""The structured answer sheet: rendered for every part, read back exactly."""

from __future__ import annotations

import pytest

from grader.segment.sheet import is_sheet, read_sheet, render_sheet, sheet_assignment
from tests.conftest import ASSIGNMENT_IDS


@pytest.mark.parametrize("assignment_id", ASSIGNMENT_IDS)
def test_sheet_has_one_slot_per_part(assignments, assignment_id):
    rubric = assignments[assignment_id].rubric
    sheet = render_sheet(rubric)
    assert is_sheet(sheet)
    assert sheet_assignment(sheet) == assignment_id
    for part in rubric.parts:
        assert sheet.count(f"## [{part.id}]") == 1


def test_filled_sheet_reads_back_exactly(assignments):
    rubric = assignments["seqmodels-a5"].rubric
    sheet = render_sheet(rubric).replace(
        "## [1a.rnn_train_time] Time complexity of the RNN at training time. (2 pts)\n\n"
        "_(your answer)_",
        "## [1a.rnn_train_time] Time complexity of the RNN at training time. (2 pts)\n\n"
        "Each step multiplies by an n×n matrix in each layer.\n$O(t n^2 L)$")
    answers = read_sheet(sheet, rubric)
    assert set(answers) == {p.id for p in rubric.parts}
    first = answers["1a.rnn_train_time"]
    assert first.text == "Each step multiplies by an n×n matrix in each layer.\n$O(t n^2 L)$"
    assert first.final == "$O(t n^2 L)$"
    assert first.confidence == 1.0
    assert all(a.is_empty for pid, a in answers.items() if pid != "1a.rnn_train_time")


def test_free_form_text_is_not_a_sheet():
    assert not is_sheet("## 1 Question 1\nfinal input = X_T\n## Question 2\n")


# The sheet's part ids copied into another document as its headings, decorated by
# the student's editor: (text, {part: answer read}); two such lines make a sheet.
ID_HEADED = [
    ("▶ **1a.forward_time**\nO(L B d^2)\n\n▶ **1a.backward_time**\nO(L B d^2)",
     {"1a.forward_time": "O(L B d^2)", "1a.backward_time": "O(L B d^2)"}),
    ("**1a.forward_time:** O(L B d^2)\n\n**1a.backward_time:** about twice that",
     {"1a.forward_time": "O(L B d^2)", "1a.backward_time": "about twice that"}),
    ("### 1a.forward_time — Time of one forward pass over a mini-batch.\nO(L B d^2)\n"
     "### 5.residual_why\nTODO",
     {"1a.forward_time": "O(L B d^2)", "5.residual_why": ""}),
    ("- [1a.forward_time] O(L B d^2)\n- [2b.convex_in_logits] yes, the Hessian is PSD",
     {"1a.forward_time": "O(L B d^2)", "2b.convex_in_logits": "yes, the Hessian is PSD"}),
]


@pytest.mark.parametrize(("text", "expected"), ID_HEADED)
def test_part_ids_as_headings_read_as_slots(assignments, text, expected):
    rubric = assignments["optim-hw3"].rubric
    assert is_sheet(text, rubric)
    answers = read_sheet(text, rubric)
    for part_id, answer in expected.items():
        assert answers[part_id].text == answer, part_id


@pytest.mark.parametrize("text", [
    "1a) O(L B d^2)\n1b) O(sqrt(L) B d)",            # labels, not part ids
    "I used 1a.forward_time from the sheet and nothing else.",
    "**1a.forward_time:** O(L B d^2)",               # one id line is no sheet
])
def test_free_form_is_no_sheet(assignments, text):
    assert not is_sheet(text, assignments["optim-hw3"].rubric)


@pytest.mark.parametrize("slot", ["TODO", "ran out of time", "*(skipped)*", "—"])
def test_a_slot_holding_only_a_placeholder_is_empty(assignments, slot):
    rubric = assignments["seqmodels-a5"].rubric
    sheet = render_sheet(rubric).replace("_(your answer)_", slot, 1)
    first = rubric.parts[0].id
    assert read_sheet(sheet, rubric)[first].is_empty


def test_a_slot_with_an_answer_beside_a_placeholder_is_kept(assignments):
    rubric = assignments["seqmodels-a5"].rubric
    sheet = render_sheet(rubric).replace("_(your answer)_", "TODO: check\n$O(t n^2 L)$", 1)
    assert "O(t n^2 L)" in read_sheet(sheet, rubric)[rubric.parts[0].id].text
