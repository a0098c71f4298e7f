"""Placeholder: being written (see docs/design.md)."""

from __future__ import annotations

from grader.answer import Answer
from grader.checks.base import Checker, PartKey
from grader.outcome import CheckOutcome


class ChoiceChecker(Checker):
    kind = "choice"

    def check(self, answer: Answer, key: PartKey) -> CheckOutcome:
        return CheckOutcome.review("this kind of answer is not checked automatically yet")
