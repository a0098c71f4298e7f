"""What the free-form reader needs to know about a part, derived in one place.

The reader (``grader/segment/``) never reads a checker's name or parses a part
id: it reads each part's **answer form** (what shape of answer to look for and
how its final value is stated) and its **place** (question and sub-part).

- **Form.** Each checker kind reads one form (``FORM_OF_KIND``). A bound is a
  complexity ``O(…)``; an expression a closed-form value; a relation a stated
  property ("z ≈ v_j when …"); a derivation a chain of equalities ending in a
  result; yes/no a choice with its reason; a table a grid of values; free text
  an explanation. Adding a checker kind means adding its row here (a test
  checks every registered checker has one).
- **Place.** By one documented rule from the id: the id's first dot-separated
  segment is a question number with an optional sub-part letter ("1a.x" →
  question 1, sub-part a); a purely numeric second segment of a three-segment
  id is the sub-part ("1.2.M" → question 1, sub-part 2); anything else is a
  question named by its first segment with no sub-part.

Example:
    >>> part_place("1a.rnn_train_time"), part_place("1.2.M"), part_place("3.proof")
    (('1', 'a'), ('1', '2'), ('3', None))
"""

from __future__ import annotations

import re
from enum import StrEnum


class AnswerForm(StrEnum):
    """The form of an answer, as the reader looks for it."""

    BOUND = "bound"
    EXPRESSION = "expression"
    RELATION = "relation"
    DERIVATION = "derivation"
    YES_NO = "yes_no"
    TABLE = "table"
    LIST = "list"
    FREE_TEXT = "free_text"

    @property
    def is_value(self) -> bool:
        """A value is stated, not argued: a sentence restating the question is
        no answer to it ("we want min_p max_q f(p, q)")."""
        return self in _VALUE_FORMS

    @property
    def is_maths(self) -> bool:
        """Maths: the final line states a value (an equation, a bound)."""
        return self in _MATHS_FORMS


_VALUE_FORMS = frozenset({AnswerForm.BOUND, AnswerForm.EXPRESSION, AnswerForm.TABLE})
_MATHS_FORMS = _VALUE_FORMS | {AnswerForm.RELATION, AnswerForm.DERIVATION, AnswerForm.LIST}

#: The form each checker kind reads. The one place a kind name becomes a form.
FORM_OF_KIND: dict[str, AnswerForm] = {
    "complexity": AnswerForm.BOUND,
    "expression": AnswerForm.EXPRESSION,
    "property": AnswerForm.RELATION,
    "identity": AnswerForm.DERIVATION,
    "table": AnswerForm.TABLE,
    "choice": AnswerForm.YES_NO,
    "free_text": AnswerForm.FREE_TEXT,
    "manual": AnswerForm.FREE_TEXT,
}


def answer_form(kind: str) -> AnswerForm:
    """The form a checker kind reads; free text for a kind with no row."""
    return FORM_OF_KIND.get(kind, AnswerForm.FREE_TEXT)


_QUESTION_AND_SUB = re.compile(r"^(\d+)([a-z]?)$", re.IGNORECASE)


def part_place(part_id: str) -> tuple[str, str | None]:
    """(question, sub-part) of a part, by the rule in the module docstring."""
    segments = part_id.split(".")
    match = _QUESTION_AND_SUB.match(segments[0])
    if not match:
        return segments[0], None
    question, sub = match.group(1), match.group(2).lower() or None
    if sub is None and len(segments) > 2 and segments[1].isdigit():
        sub = segments[1]
    return question, sub
