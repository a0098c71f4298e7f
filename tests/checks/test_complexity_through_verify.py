"""A complexity part decides as ``grader.maths.verify`` does (issue #9).

Keys outside the monomial order (``2^n``, ``n!``, ``log log n``) and keys written
with ``Θ`` or ``Ω`` are read and compared by order of growth through ``verify``
instead of sending every answer to review; a bound ``verify`` cannot compare with
the key (``Θ`` where ``O`` is asked) is for review, never graded incorrect.
"""

from __future__ import annotations

import pytest

from grader.answer import Answer
from grader.checks.base import PartKey
from grader.checks.complexity import ComplexityChecker, ComplexityParams
from grader.maths import parse
from grader.notation import Notation
from grader.outcome import Status
from grader.rubric.models import Part

CORRECT, INCORRECT, REVIEW = Status.CORRECT, Status.INCORRECT, Status.NEEDS_REVIEW


def grade(reference: str, answer: str) -> Status:
    value = parse(reference, mode="bound").value
    key = PartKey(part=Part(id="p", points=1, kind="complexity"), params=ComplexityParams(),
                  notation=Notation(("n",)), reference=value)
    return ComplexityChecker().check(Answer("p", answer, in_slot=True), key).status


CASES = [
    # keys outside the monomial order, by order of growth
    ("O(2^n)", "O((1+1)^n)", CORRECT),
    ("O(2^n)", "O(2^(n+1))", CORRECT),
    ("O(2^n)", "O(3^n)", INCORRECT),
    ("O(factorial(n))", "O(n!)", CORRECT),
    ("O(n!)", "O(2^n)", INCORRECT),
    ("O(log(log(n)))", "O(log log n)", CORRECT),
    # Θ and Ω keys
    ("Θ(n^2)", "Θ(n^2 + n)", CORRECT),
    ("Θ(n log n)", "Θ(n^2)", INCORRECT),
    ("Ω(n)", "Ω(n + 1)", CORRECT),
    # an operator other than the key's: review, not a verdict
    ("Θ(n^2)", "O(n^2)", REVIEW),
    ("O(n^2)", "Θ(n^2)", REVIEW),
    ("O(n^2)", "Ω(n^2)", REVIEW),
]


@pytest.mark.parametrize(("reference", "answer", "status"), CASES)
def test_a_complexity_part_decides_as_verify(reference, answer, status):
    assert grade(reference, answer) is status
