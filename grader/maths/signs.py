"""Relations in one unknown compared by a sign chart, without solving them symbolically.

The points where either relation can change its truth value (roots and poles of
``lhs − rhs``, ends of intervals, members of finite sets) split the real line;
two relations are the same set when they agree at every such point, between
each pair and beyond both ends. Roots come from ``numpy.roots`` on the
numerator's polynomial, or from ``solveset`` when it is not one. About a
millisecond, where ``solveset`` on both sides took tens.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import numpy
import sympy
from sympy.core.relational import Relational

from grader.maths import numeric
from grader.maths.verdict import Verdict, equivalent, not_equivalent

ZERO = 1e-9
"""A value this near zero is on a boundary (roots are found in floating point)."""
MAX_DEGREE = 12

Predicate = Callable[[float], bool]


def _roots(expr: sympy.Expr, x: sympy.Symbol) -> list[float] | None:
    """Real roots and poles of ``expr`` in ``x``, or None when they cannot be found."""
    numerator, denominator = sympy.together(expr).as_numer_denom()
    out: list[float] = []
    for part in (numerator, denominator):
        found = polynomial_roots(part, x)
        if found is None:
            found = solved_roots(part, x)
        if found is None:
            return None
        out += found
    return out


def polynomial_roots(expr: sympy.Expr, x: sympy.Symbol) -> list[float] | None:
    """Real roots of ``expr`` when it is a polynomial in ``x`` alone, else None."""
    try:
        poly = sympy.Poly(sympy.expand(expr), x)
    except (sympy.PolynomialError, sympy.GeneratorsNeeded):
        return None
    if poly.gens != (x,) or poly.free_symbols - {x} or poly.degree() > MAX_DEGREE:
        return None
    if poly.degree() <= 0:
        return []
    try:
        coefficients = [complex(c) for c in poly.all_coeffs()]
    except (TypeError, ValueError, ArithmeticError):
        return None
    if not all(numpy.isfinite(c) for c in coefficients) or coefficients[0] == 0:
        return None
    try:
        found = numpy.roots(coefficients)
    except (ValueError, numpy.linalg.LinAlgError):
        return None
    return [complex(r).real for r in found
            if abs(complex(r).imag) < 1e-7 * max(1.0, abs(complex(r)))]


def solved_roots(expr: sympy.Expr, x: sympy.Symbol) -> list[float] | None:
    """Real roots of ``expr`` in ``x`` by ``solveset`` (``|x| = 2``, ``√x = 3``), or None."""
    try:
        solved = sympy.solveset(expr, x, sympy.S.Reals)
    except (NotImplementedError, ValueError, TypeError):
        return None
    if solved == sympy.S.EmptySet:
        return []
    if not isinstance(solved, sympy.FiniteSet) or len(solved) > MAX_DEGREE:
        return None
    try:
        return [float(r) for r in solved]
    except (TypeError, ValueError):
        return None


def _relation(part: Relational, x: sympy.Symbol) -> tuple[Predicate, list[float]] | None:
    if any(side in (sympy.oo, -sympy.oo) for side in (part.lhs, part.rhs)):
        return _against_infinity(part, x)
    difference = sympy.Add(part.lhs, -part.rhs)
    if not isinstance(difference, sympy.Expr):
        return None
    critical = _roots(difference, x)
    if critical is None:
        return None
    kind = type(part)

    def holds(v: float) -> bool:
        value = numeric.evaluate(difference, {x: v})
        if value is None:
            return False  # undefined or not real: outside the relation's domain
        d = value.real
        if abs(d) <= ZERO:
            return kind in (sympy.Eq, sympy.Le, sympy.Ge)
        return {sympy.Eq: False, sympy.Ne: True, sympy.Lt: d < 0, sympy.Le: d < 0,
                sympy.Gt: d > 0, sympy.Ge: d > 0}[kind]

    return holds, critical


def _against_infinity(part: Relational, x: sympy.Symbol
                      ) -> tuple[Predicate, list[float]] | None:
    """``−∞ < x`` holds for every real ``x``, ``x < −∞`` for none (the other side is real)."""
    try:
        truth = part.func(*(side.xreplace({x: sympy.Integer(0)}) for side in part.args))
    except TypeError:
        return None
    if truth not in (sympy.true, sympy.false):
        return None
    constant = bool(truth)
    return (lambda v: constant), []


def _set(s: sympy.Basic) -> tuple[Predicate, list[float]] | None:
    if isinstance(s, sympy.Union):
        pieces = [_set(a) for a in s.args]
        if any(p is None for p in pieces):
            return None
        return (lambda v: any(p[0](v) for p in pieces),  # type: ignore[index]
                [c for p in pieces for c in p[1]])  # type: ignore[index]
    if isinstance(s, sympy.FiniteSet):
        try:
            members = [float(m) for m in s.args]
        except (TypeError, ValueError):
            return None
        return (lambda v: any(abs(v - m) <= ZERO * max(1.0, abs(m)) for m in members)), members
    if isinstance(s, sympy.Interval):
        try:
            lo, hi = float(s.start), float(s.end)
        except (TypeError, ValueError):
            return None

        def inside(v: float) -> bool:
            # an infinite end is never reached (∞ − v ≤ tolerance·∞ would say it is)
            if numpy.isfinite(lo) and abs(v - lo) <= ZERO * max(1.0, abs(lo)):
                return not s.left_open
            if numpy.isfinite(hi) and abs(v - hi) <= ZERO * max(1.0, abs(hi)):
                return not s.right_open
            return lo < v < hi
        return inside, [e for e in (lo, hi) if numpy.isfinite(e)]
    return None


def predicate(value: sympy.Basic, x: sympy.Symbol) -> tuple[Predicate, list[float]] | None:
    """``value`` (a relation, a chain, ``x ∈ S`` or a set) as a test on reals."""
    if isinstance(value, sympy.Contains):
        return _set(value.args[1])
    if isinstance(value, sympy.Set):
        return _set(value)
    if isinstance(value, sympy.Not):
        test = predicate(value.args[0], x)
        if test is None:
            return None
        inner = test[0]
        return (lambda v: not inner(v)), test[1]
    if isinstance(value, sympy.And | sympy.Or):
        tests = [predicate(p, x) for p in value.args]
        if any(t is None for t in tests):
            return None
        join = all if isinstance(value, sympy.And) else any
        return (lambda v: join(t[0](v) for t in tests),  # type: ignore[index]
                [c for t in tests for c in t[1]])  # type: ignore[index]
    if not isinstance(value, Relational):
        return None
    return _relation(value, x)


def compare_one_unknown(a: sympy.Basic, b: sympy.Basic, x: sympy.Symbol) -> Verdict | None:
    """Whether ``a`` and ``b`` hold for the same reals ``x``; None if no chart can be built."""
    pa, pb = predicate(a, x), predicate(b, x)
    if pa is None or pb is None:
        return None
    for v in _test_points(pa[1] + pb[1]):
        if pa[0](v) != pb[0](v):
            return not_equivalent("sign chart", f"at {x} = {v:.6g} one holds and the other "
                                  "does not")
    return equivalent("sign chart", "the same set of reals")


def _test_points(critical: list[float]) -> list[float]:
    points = sorted({round(c, 12) for c in critical if numpy.isfinite(c)})
    if not points:
        return [-1.37, 0.0, 0.71, 2.9]
    tests = [points[0] - 1.0, points[-1] + 1.0, *points]
    tests += [(p + q) / 2 for p, q in itertools.pairwise(points)]
    return tests
