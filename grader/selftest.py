"""Grade an assignment's own reference answers against itself.

An instructor adding an assignment runs ``grader rubric selftest ID``: every
reference answer and accepted form must earn full marks, and every listed
misconception its listed credit. Computed values (bounds, expressions,
tables) are written out as a student would write them. Parts whose reference
is words (yes/no, free text) are exercised through what the rubric writes
down: the part's ``model_answer``, text ``accept`` forms, misconceptions with
an ``answer``, and ``examples``, each with the credit it must earn. A part with
nothing to write out is listed as skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from grader.answer import Answer
from grader.checks import PartKey, get_checker
from grader.outcome import PartResult, Status
from grader.pipeline import grade_part
from grader.rubric.assignment import Assignment

_DECIDED = (Status.CORRECT, Status.PARTIAL, Status.INCORRECT)


@dataclass(frozen=True)
class SelfTestRow:
    """One written-out answer and what grading it gave.

    ``review_expected``: the answer must go to a TA (an example marked
    ``review``, or a part whose settings send every answer there,
    ``always_review``), with the expected credit as the *suggested* score.
    A row expecting a decision is not met by a review, and the reverse.
    """

    part: str
    form: str
    text: str | None
    expected_points: float
    result: PartResult | None
    review_expected: bool = False

    @property
    def ok(self) -> bool:
        if self.result is None or abs(self.result.score - self.expected_points) >= 1e-9:
            return False
        if self.review_expected:
            return self.result.status is Status.NEEDS_REVIEW
        return self.result.status in _DECIDED


def selftest(assignment: Assignment) -> list[SelfTestRow]:
    """Every reference answer, accepted form, misconception and example, graded."""
    rows: list[SelfTestRow] = []
    for part_id, key in assignment.keys.items():
        written = written_forms(key)
        if not written:
            rows.append(SelfTestRow(part_id, f"skipped ({key.part.kind}: nothing written out)",
                                    None, 0, None))
        always = bool(getattr(key.params, "always_review", False))
        for form, text, points, review in written:
            result = grade_part(Answer(part_id, text), key) if text is not None else None
            rows.append(SelfTestRow(part_id, form, text, points, result, review or always))
    return rows


def written_forms(key: PartKey) -> list[tuple[str, str | None, float, bool]]:
    """(label, answer text or None when it cannot be written, expected points,
    whether it must go to review)."""
    forms: list[tuple[str, str | None, float, bool]] = []
    if key.reference is not None:
        forms.append(("reference", write_value(key, key.reference), key.points, False))
    if key.part.model_answer is not None:
        forms.append(("model answer", key.part.model_answer, key.points, False))
    for index, (_form, value) in enumerate(key.accepted):
        forms.append((f"accept[{index}]", write_value(key, value), key.points, False))
    for misconception, value in key.misconceptions:
        if value is not None:
            forms.append((f"misconception {misconception.id}", write_value(key, value),
                          min(misconception.points, key.points), False))
    for index, example in enumerate(key.part.examples):
        label = f"example[{index}]" + (f" ({example.note})" if example.note else "")
        forms.append((label, example.answer, min(example.points, key.points), example.review))
    return forms


def write_value(key: PartKey, value: Any) -> str | None:
    """The answer as a student would write it (``None``: cannot be written): a
    rubric's text as it is, a computed value by its kind's checker."""
    if isinstance(value, str):
        return value
    return get_checker(key.part.kind).write(value, key)
