"""What the reader knows of a part: its answer form and its place, derived in one place."""

from __future__ import annotations

import pytest

from grader.checks import CHECKERS
from grader.rubric.reading import FORM_OF_KIND, AnswerForm, answer_form, part_place


def test_every_checker_kind_declares_the_form_it_reads():
    assert set(CHECKERS) <= set(FORM_OF_KIND)


@pytest.mark.parametrize(("kind", "form", "value", "maths"), [
    ("complexity", AnswerForm.BOUND, True, True),
    ("expression", AnswerForm.EXPRESSION, True, True),
    ("table", AnswerForm.TABLE, True, True),
    ("property", AnswerForm.RELATION, False, True),
    ("identity", AnswerForm.DERIVATION, False, True),
    ("choice", AnswerForm.YES_NO, False, False),
    ("free_text", AnswerForm.FREE_TEXT, False, False),
    ("a-kind-nobody-registered", AnswerForm.FREE_TEXT, False, False),
])
def test_forms(kind, form, value, maths):
    assert answer_form(kind) is form
    assert (form.is_value, form.is_maths) == (value, maths)


@pytest.mark.parametrize(("part_id", "place"), [
    ("1a.rnn_train_time", ("1", "a")),
    ("1.2.M", ("1", "2")),
    ("1.2", ("1", None)),
    ("3.proof", ("3", None)),
    ("12B.x", ("12", "b")),
    ("intro", ("intro", None)),
    ("q1.x", ("q1", None)),
])
def test_part_place(part_id, place):
    assert part_place(part_id) == place
