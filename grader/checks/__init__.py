"""The checkers, registered in one place.

Adding an answer kind: write one module with a ``Checker`` subclass and add
it to ``_CHECKER_CLASSES`` below. Rubrics name checkers by their ``kind``.
"""

from __future__ import annotations

from grader.checks.base import Checker, NoParams, PartKey
from grader.checks.choice import ChoiceChecker
from grader.checks.complexity import ComplexityChecker
from grader.checks.expression import ExpressionChecker
from grader.checks.free_text import FreeTextChecker
from grader.checks.identity import IdentityChecker
from grader.checks.manual import ManualChecker
from grader.checks.property import PropertyChecker
from grader.checks.table import TableChecker

_CHECKER_CLASSES: tuple[type[Checker], ...] = (
    ComplexityChecker,
    ExpressionChecker,
    PropertyChecker,
    IdentityChecker,
    TableChecker,
    ChoiceChecker,
    FreeTextChecker,
    ManualChecker,
)

CHECKERS: dict[str, Checker] = {cls.kind: cls() for cls in _CHECKER_CLASSES}


def get_checker(kind: str) -> Checker:
    """The checker registered under ``kind``; KeyError names the known kinds."""
    try:
        return CHECKERS[kind]
    except KeyError:
        raise KeyError(f"unknown kind {kind!r}; known: {', '.join(sorted(CHECKERS))}") from None


__all__ = ["CHECKERS", "Checker", "NoParams", "PartKey", "get_checker"]
