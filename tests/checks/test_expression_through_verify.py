"""An expression part decides as ``grader.maths.verify`` does (issue #9).

Outsiders measure the maths core through a throwaway part per case; each row is
a category of disagreement the checker path had with ``verify``: a relation in
the key compared on one side, decimals compared against exact values with the
part's tolerance instead of the digits written, a domain the rubric never
declared, and spellings the checker's reader did not share with ``verify``.
"""

from __future__ import annotations

import pytest
import sympy

from grader.answer import Answer
from grader.checks.base import PartKey
from grader.checks.expression import ExpressionChecker, ExpressionParams
from grader.maths import parse
from grader.notation import Notation
from grader.outcome import Status
from grader.rubric.models import Part

CORRECT, INCORRECT, REVIEW = Status.CORRECT, Status.INCORRECT, Status.NEEDS_REVIEW


def part_key(reference: str | sympy.Basic, *names: str) -> PartKey:
    """A part whose reference is ``reference`` as ``parse`` reads it (plain symbols:
    nothing declared about their sign) or a sympy value as a reference module gives it."""
    value = parse(reference, mode="relation").value if isinstance(reference, str) else reference
    symbols = tuple(sorted({s.name for s in value.free_symbols} | set(names)))
    return PartKey(part=Part(id="p", points=1, kind="expression"), params=ExpressionParams(),
                   notation=Notation(symbols), reference=value)


def grade(reference: str | sympy.Basic, answer: str, *names: str) -> Status:
    return ExpressionChecker().check(Answer("p", answer, in_slot=True),
                                     part_key(reference, *names)).status


# (reference, answer, status): a relation in the key is compared with the answer read whole
RELATIONS = [
    ("1 = x", "x = 1", CORRECT),
    ("1 = x", "1 = x", CORRECT),
    ("x + y = 1", "y = 1 - x", CORRECT),
    ("x^2 = y^2", "(x - y)(x + y) = 0", CORRECT),
    ("c^2 = a^2 + b^2", "a^2 + b^2 = c^2", CORRECT),
    ("x = 1", "1 = 1", INCORRECT),
    ("x = y", "abs(x) = abs(y)", REVIEW),  # the same equation when x, y > 0 only
    ("a + 3z = 0", "0", INCORRECT),
    ("7 = 11a + c", "11a + c", INCORRECT),
    ("x > 1 and x < 5", "5 > x and 1 < x", CORRECT),
    ("x > 1 and x < 5", "x > 1 and x < 6", INCORRECT),
    ("abs(x) < 2", "-2 < x and x < 2", CORRECT),
    ("x = 1/3", "x = 5 + 5 + 1 = 1/3 ≈ 11", CORRECT),
]

# decimals are compared within the digits they are written with
DECIMALS = [
    ("1", "0.99999999", INCORRECT),
    ("(2 s^2 + 6 s - 25)/(10 s)", "0.1 (2.0 s^2 + 6.0 s - 25.00001)/s", INCORRECT),
    ("(2 s^2 + 6 s - 25)/(10 s)", "0.1 (2.0 s^2 + 6.0 s - 25.0)/s", CORRECT),
    ("1/3", "x = 1/3 ≈ 1.3", CORRECT),  # an approximation after the exact value is a remark
]

# a name the rubric declares nothing about is a real of either sign
X_POSITIVE, A, B, C = sympy.Symbol("x", positive=True), *sympy.symbols("a b c", positive=True)
DOMAINS = [
    ("x", "sqrt(x^2)", REVIEW),
    (X_POSITIVE, "sqrt(x^2)", CORRECT),
    ("a^(b c)", "(a^b)^c", REVIEW),
    (A ** (B * C), "(a^b)^c", CORRECT),
    ("(-cos(x))^n", "(-1)^n cos(x)^n", CORRECT),
    ("x", "-x", INCORRECT),
]

# the checker reads with verify's reader: its spellings, e, |x| and function names
SPELLINGS = [
    ("1000", "1 000", CORRECT),
    ("-n", "m - （n + m）", CORRECT),
    ("m^2 + n^2 - 4 n", "m**2 + n**2 - 4 * n", CORRECT),
    ("oo", "infty + 99", CORRECT),
    ("e^x", "exp(x)", CORRECT),
    ("f(y) = y", "f(y) = y", CORRECT),
]


# a tuple, matrix or set in the key is compared with the whole answer, never one member
STRUCTURES = [
    (sympy.Tuple(1, 3), "(1, 3)", CORRECT),
    (sympy.Tuple(1, 3), "3", INCORRECT),
    (sympy.Tuple(1, 2, 3), "(1, 2, 4)", INCORRECT),
    (sympy.ImmutableMatrix([[2 * X_POSITIVE, 2], [2, X_POSITIVE**2]]),
     r"\begin{pmatrix}x+x&2\\2&x x\end{pmatrix}", CORRECT),
    (sympy.ImmutableMatrix([[1, 2], [2, 3]]), "[[1, 2], [2, 5]]", INCORRECT),
    (r"\begin{pmatrix}1&2\\3&4\end{pmatrix}", r"\begin{bmatrix}1&2\\3&4\end{bmatrix}", CORRECT),
    (r"\begin{pmatrix}1&2\\3&4\end{pmatrix}", "[[1, 2], [3, 5]]", INCORRECT),
    ("(1, 2] \\cup [2, 3)", "(1, 3)", CORRECT),
    (sympy.FiniteSet(1, 2, 3), "\\{3, 2, 1\\}", CORRECT),
]


@pytest.mark.parametrize(("reference", "answer", "status"),
                         RELATIONS + DECIMALS + DOMAINS + SPELLINGS + STRUCTURES)
def test_a_part_decides_as_verify(reference, answer, status):
    assert grade(reference, answer) is status


def test_an_equality_that_needs_a_sign_says_so():
    outcome = ExpressionChecker().check(Answer("p", "sqrt(x^2)", in_slot=True), part_key("x"))
    assert any("x > 0" in note for note in outcome.ta_notes), outcome
