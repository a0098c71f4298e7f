"""Grade an assignment's own reference answers against itself.

An instructor adding an assignment runs ``grader rubric selftest ID``: every
reference answer and accepted form must earn full marks, and every listed
misconception its listed credit. Parts whose answers cannot be written out
from the reference (free text, yes/no, properties) are listed as skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from grader.answer import Answer
from grader.checks import PartKey, get_checker
from grader.outcome import PartResult
from grader.pipeline import grade_part
from grader.rubric.assignment import Assignment


@dataclass(frozen=True)
class SelfTestRow:
    """One written-out answer and what grading it gave."""

    part: str
    form: str
    text: str | None
    expected_points: float
    result: PartResult | None

    @property
    def ok(self) -> bool:
        return self.result is not None and abs(self.result.score - self.expected_points) < 1e-9 \
            and self.result.status.value in ("correct", "partial", "incorrect")


def selftest(assignment: Assignment) -> list[SelfTestRow]:
    """Every reference answer, accepted form and misconception, graded."""
    rows: list[SelfTestRow] = []
    for part_id, key in assignment.keys.items():
        written = _written_forms(key)
        if not written:
            rows.append(SelfTestRow(part_id, f"skipped ({key.part.kind})", None, 0, None))
        for form, text, points in written:
            result = grade_part(Answer(part_id, text), key) if text is not None else None
            rows.append(SelfTestRow(part_id, form, text, points, result))
    return rows


def _written_forms(key: PartKey) -> list[tuple[str, str | None, float]]:
    forms: list[tuple[str, str | None, float]] = []
    if key.reference is not None:
        forms.append(("reference", _write(key, key.reference), key.points))
    for index, (_form, value) in enumerate(key.accepted):
        forms.append((f"accept[{index}]", _write(key, value), key.points))
    for misconception, value in key.misconceptions:
        if value is not None:
            forms.append((f"misconception {misconception.id}", _write(key, value),
                          min(misconception.points, key.points)))
    return forms


def _write(key: PartKey, value: Any) -> str | None:
    """The answer as a student would write it (``None``: cannot be written); each
    checker knows how answers of its kind are written."""
    return get_checker(key.part.kind).written(value, key)
