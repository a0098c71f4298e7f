"""The monomial order on bounds in several sizes (``grader.maths.monomials``), and
``verify`` in mode ``bound`` deciding by it."""

from __future__ import annotations

import pytest
import sympy

from grader.mathread.objects import BigO
from grader.maths import Parsed, verify
from grader.maths.monomials import UnsupportedBound, bound_terms, covers, strip_bigo

t, n, L, D = sympy.symbols("t n L D")
log = sympy.log
half = sympy.Rational(1, 2)

EQUIVALENT_PAIRS = [
    (L * n**2 * t, t * n**2 * L),
    (3 * t * n**2 * L, t * n**2 * L),
    (t * n**2 * L + n**2 * L, t * n**2 * L),
    (L * (t**2 * n + t * n**2), t**2 * n * L + t * n**2 * L),
    (L**2 * D + 2 * L**2 + L**2 * D, L**2 * D),
    (L * D * (1 + D + D**2), L * D**3),
    (L * (t**2 + t * n), t**2 * L + t * n * L),
    (sympy.sqrt(n) * t, n**half * t),
    (n * log(n**2), n * log(n)),
    (n * log(n) + n, n * log(n)),
    (n * log(n * t), n * log(n) + n * log(t)),
    (BigO(t * n * L), t * n * L),
    (BigO(L**2 * D) + BigO(L**2), L**2 * D),
    (t**sympy.Float(2.0) * n, t**2 * n),
]

NOT_EQUIVALENT_PAIRS = [
    (L * (t**2 * n + t * n**2), t**2 * n * L),
    (L**2 * n * t, t * n**2 * L),
    (t**2 * n**2 * L, t * n**2 * L),
    (t * n * L, t * n**2 * L),
    (n * log(n), n),
    (n, n * log(n)),
    (L**2, L**2 * D),
    (t**2 * L + t * n * L + n**2 * L, t**2 * L + t * n * L),
]

# (bigger, smaller): O(smaller) ⊆ O(bigger); log n is below any positive power
COVERS = [
    (t**2 * n**2 * L, t * n**2 * L),
    (n * log(n), n),
    (sympy.sqrt(n), log(n)**5),
    (n, log(n)**3),
    (t**2 * n * L + t * n**2 * L, t * n * L),
]

UNSUPPORTED = [sympy.exp(n), 2**n, log(log(n)), sympy.Integer(0), n**t]


@pytest.mark.parametrize(("a", "b"), EQUIVALENT_PAIRS)
def test_equivalent_bounds(a, b):
    assert bound_terms(a) == bound_terms(b)


@pytest.mark.parametrize(("a", "b"), NOT_EQUIVALENT_PAIRS)
def test_not_equivalent_bounds(a, b):
    assert bound_terms(a) != bound_terms(b)


@pytest.mark.parametrize(("big", "small"), COVERS)
def test_partial_order(big, small):
    assert covers(bound_terms(big), bound_terms(small))
    assert not covers(bound_terms(small), bound_terms(big))


def test_incomparable_monomials_neither_covers():
    a, b = bound_terms(t**2 * n), bound_terms(t * n**2)
    assert not covers(a, b) and not covers(b, a)


@pytest.mark.parametrize("expr", UNSUPPORTED)
def test_unsupported_bounds_raise(expr):
    with pytest.raises(UnsupportedBound):
        bound_terms(expr)




@pytest.mark.parametrize(("a", "b"), EQUIVALENT_PAIRS)
def test_verify_orders_monomial_bounds_alike(a, b):
    assert verify(Parsed.of(strip_bigo(a), "bound"), Parsed.of(strip_bigo(b), "bound"),
                  mode="bound").equivalent


@pytest.mark.parametrize(("big", "small"), COVERS)
def test_verify_says_which_bound_is_looser(big, small):
    looser = verify(Parsed.of(small, "bound"), Parsed.of(big, "bound"), mode="bound")
    tighter = verify(Parsed.of(big, "bound"), Parsed.of(small, "bound"), mode="bound")
    assert looser.looser and not looser.tighter, looser
    assert tighter.tighter and not tighter.looser, tighter
