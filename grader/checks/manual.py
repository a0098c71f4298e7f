"""Parts a machine should not grade: always shown to a TA."""

from __future__ import annotations

from grader.answer import Answer
from grader.checks.base import Checker, PartKey
from grader.outcome import CheckOutcome


class ManualChecker(Checker):
    """Implementation questions and the like: the TA reads the extracted text."""

    kind = "manual"

    def check(self, answer: Answer, key: PartKey) -> CheckOutcome:
        return CheckOutcome.review(
            "graded by a TA: this part depends on the student's own code or runs",
            interpreted_as=answer.best.strip()[:500])
