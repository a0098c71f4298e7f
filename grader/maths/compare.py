"""Expressions compared from cheap to expensive: structure → exact → numeric → simplify.

Tolerance model: exact numbers are compared exactly (``99999999/10^8`` is not
``99999998/99999999``). An answer written with decimals is compared within
``Tolerance.rtol`` and never looser than the digits written allow: a lone
decimal must be the value correctly rounded to the digits written
(``0.99999999`` is not ``1``), and a decimal expression is within half a unit
of its least precise decimal, capped at ``rtol``.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import sympy
from sympy.core.function import AppliedUndef

from grader.maths import numeric
from grader.maths.limits import evaluate_limits
from grader.maths.verdict import Disagreement, Verdict, equivalent, not_equivalent, undecided

RTOL_DEFAULT = 1e-3
"""Widest relative tolerance for a decimal answer (``1.414β`` for ``√2 β``)."""
EXACT_RTOL = 1e-12
"""Relative difference two exact expressions may show in double evaluation."""
SAMPLES_DEFAULT = 8
"""Points at which both expressions must agree to be called equivalent."""
MIN_AGREEING = 4
"""Fewest real points that must agree when the domain is narrow."""
BIG_POWER = 64
"""Integer powers above this of a sum are not expanded (by ``cancel`` or ``simplify``)."""
TINY = 1e-10
"""Values this small at a point are not evidence unless both are exactly zero."""


@dataclass(frozen=True)
class Context:
    """How to compare: the symbols' domains and the decimal tolerance."""

    domain: Mapping[str, numeric.DomainSpec] = field(default_factory=dict)
    rtol: float = RTOL_DEFAULT
    samples: int = SAMPLES_DEFAULT

    @property
    def domain_symbols(self) -> list[sympy.Symbol]:
        """Symbols whose domain is declared (positive, integer, a range): not probed
        with values outside it."""
        return [sympy.Symbol(name) for name in self.domain]


def decimal_tolerance(digits: int | None, rtol: float) -> float:
    """Relative tolerance for an answer whose most precise decimal has ``digits``
    (``25.00001`` says the answer is meant to 7 digits)."""
    if digits is None:
        return rtol
    return min(rtol, 0.5 * 10.0 ** (1 - digits))


def compare_measurements(reference: float, answer: float, rtol: float, atol: float) -> Verdict:
    """Two measured values (floats a checker holds): within ``max(atol, rtol·|reference|)``.

    Example:
        >>> compare_measurements(2.0, 2.0000001, 1e-6, 1e-6).equivalent
        True
    """
    if not (math.isfinite(reference) and math.isfinite(answer)):
        return undecided("a value that is not finite", "numeric")
    if abs(answer - reference) <= max(atol, rtol * abs(reference)):
        return equivalent("numeric", "equal within the tolerance")
    return not_equivalent("numeric", "not equal within the tolerance",
                          Disagreement({}, complex(reference), complex(answer)))


def compare(reference: sympy.Basic, answer: sympy.Basic, ctx: Context,
            digits: int | None = None) -> Verdict:
    """Whether two expressions (or tuples of them) are equal on the domain."""
    if reference == answer:
        return equivalent("structure")
    if reference.has(sympy.Limit) or answer.has(sympy.Limit):
        reference, answer = evaluate_limits(reference), evaluate_limits(answer)
        if reference.has(sympy.Limit) or answer.has(sympy.Limit):
            return undecided("a limit that could not be computed")
    reference, answer = _indexed_as_symbols(reference), _indexed_as_symbols(answer)
    reference, answer = _concrete_functions(reference), _concrete_functions(answer)
    if has_big_power(reference) or has_big_power(answer):
        reference, answer = sign_normal(reference), sign_normal(answer)
        if reference == answer:
            return equivalent("structure", "equal, as (−u)^k = ±u^k")
    if isinstance(reference, sympy.Tuple) or isinstance(answer, sympy.Tuple):
        return _compare_tuples(reference, answer, ctx, digits)
    if not (isinstance(reference, sympy.Expr) and isinstance(answer, sympy.Expr)):
        return undecided(f"cannot compare {type(reference).__name__} with "
                         f"{type(answer).__name__}")
    if _infinite_series(reference) or _infinite_series(answer):
        reference, answer = _summed(reference), _summed(answer)
        if _infinite_series(reference) or _infinite_series(answer):
            return undecided("a series that could not be summed")
    if reference.has(sympy.oo, -sympy.oo, sympy.zoo) or answer.has(sympy.oo, -sympy.oo):
        return _compare_infinities(reference, answer)
    inexact = reference.has(sympy.Float) or answer.has(sympy.Float)
    if not inexact:
        exact = _exact(reference, answer)
        if exact is not None:
            return _with_witness(exact, reference, answer, ctx)
    elif not (reference.free_symbols | answer.free_symbols):
        return _compare_decimal_constant(reference, answer, ctx, digits)
    tolerance = decimal_tolerance(digits, ctx.rtol) if inexact else EXACT_RTOL
    found = _sample(reference, answer, ctx, tolerance)
    if found.equivalent and not inexact:
        return _probe_exponent_laws(reference, answer, ctx) or found
    if found.decided or inexact:
        return found
    return _simplify(reference, answer, found)


def _infinite_series(expr: sympy.Basic) -> bool:
    """A sum or product to ∞ (``Σ_{n≥0} 1/n!``): a value, not an infinity."""
    return any(n.has(sympy.oo, -sympy.oo) for n in expr.atoms(sympy.Sum, sympy.Product))


def _summed(expr: sympy.Basic) -> sympy.Basic:
    """Each series summed in closed form where sympy can (within the call's time limit)."""
    return expr.replace(lambda n: isinstance(n, sympy.Sum | sympy.Product)
                        and n.has(sympy.oo, -sympy.oo), lambda n: n.doit())


EXPONENT_PROBES = (-2.0, -1.0, 0.5, 2.0, 3.0)
"""Values that make the exponent laws fail over the reals: (a^b)^c ≠ a^(bc) at
a = −2, b = 2, c = ½. Random points almost never land on such a combination."""
MAX_PROBES = 125


def _probe_exponent_laws(a: sympy.Expr, b: sympy.Expr, ctx: Context) -> Verdict | None:
    """A point of ``EXPONENT_PROBES`` where the two differ, when a power has a symbolic
    exponent and a base that may be negative (else None: nothing to probe)."""
    if not (_symbolic_exponent(a) or _symbolic_exponent(b)):
        return None
    symbols = sorted((a.free_symbols | b.free_symbols) - set(ctx.domain_symbols),
                     key=lambda s: s.name)
    if not symbols:
        return None
    grid = itertools.product(EXPONENT_PROBES, repeat=len(symbols))
    for values in itertools.islice(grid, MAX_PROBES):
        point = dict(zip(symbols, values, strict=True))
        va, vb = numeric.evaluate(a, point), numeric.evaluate(b, point)
        if va is None or vb is None or _close(va, vb, EXACT_RTOL):
            continue
        ea, eb = numeric.confirm(a, point), numeric.confirm(b, point)
        if ea is None or eb is None or _close(ea, eb, 1e-20) or not (
                numeric.is_real(ea) and numeric.is_real(eb)):
            continue
        shown = ", ".join(f"{s.name}={v:g}" for s, v in point.items())
        return not_equivalent("numeric", f"at {shown} they give {_show(ea)} and {_show(eb)}",
                              Disagreement({s.name: v for s, v in point.items()}, ea, eb))
    return None


def _symbolic_exponent(expr: sympy.Expr) -> bool:
    return any(p.exp.free_symbols and p.base.is_positive is not True
               for p in expr.atoms(sympy.Pow))


def _with_witness(verdict: Verdict, a: sympy.Expr, b: sympy.Expr, ctx: Context) -> Verdict:
    """An exact "not equal" with a point where the two differ, when sampling finds one
    (a grader shows the TA where; the exact verdict stands either way)."""
    if verdict.decided and not verdict.equivalent and (a.free_symbols | b.free_symbols):
        found = _sample(a, b, ctx, EXACT_RTOL)
        if found.evidence is not None:
            return not_equivalent(verdict.method, found.reason, found.evidence)
    return verdict


@lru_cache(maxsize=2048)
def _indexed_as_symbols(expr: sympy.Basic) -> sympy.Basic:
    """``x_1`` (``Indexed``) as a plain symbol named ``x[1]``, so it can be sampled."""
    indexed = expr.atoms(sympy.Indexed)
    if not indexed:
        return expr
    return expr.xreplace({i: _index_symbol(i) for i in indexed})


@lru_cache(maxsize=4096)
def _index_symbol(indexed: sympy.Indexed) -> sympy.Symbol:
    return sympy.Symbol(str(indexed))  # printing is the slow part: once per index


@lru_cache(maxsize=2048)
def _concrete_functions(expr: sympy.Basic) -> sympy.Basic:
    """``f(y)`` for an undefined ``f`` replaced by one fixed, generic function.

    Two expressions that differ for this ``f`` differ as expressions in ``f``;
    agreeing for a generic choice is the same evidence as agreeing at random points.
    """
    applied = expr.atoms(AppliedUndef)
    if not applied:
        return expr
    return expr.xreplace({a: _generic(a.func.__name__, a.args) for a in applied})


def _generic(name: str, args: tuple[sympy.Basic, ...]) -> sympy.Expr:
    seed = sum(ord(c) for c in name) % 7
    total = sympy.Add(*(sympy.Rational(3 + i + seed, 7) * a for i, a in enumerate(args)))
    return sympy.sin(total + sympy.Rational(seed, 5)) + total ** 2 / 3 + sympy.Rational(1, 2)


def _compare_tuples(a: sympy.Basic, b: sympy.Basic, ctx: Context,
                    digits: int | None) -> Verdict:
    if not (isinstance(a, sympy.Tuple) and isinstance(b, sympy.Tuple)):
        return not_equivalent("structure", "a tuple against a single value")
    if len(a) != len(b):
        return not_equivalent("structure", f"{len(b)} entries where {len(a)} are expected")
    verdicts = [compare(x, y, ctx, digits) for x, y in zip(a, b, strict=True)]
    for i, v in enumerate(verdicts):
        if v.status.value == "not_equivalent":
            return not_equivalent(v.method, f"entry {i + 1}: {v.reason}")
    for i, v in enumerate(verdicts):
        if not v.decided:
            return undecided(f"entry {i + 1}: {v.reason}")
    return equivalent("entries")


def _compare_infinities(a: sympy.Expr, b: sympy.Expr) -> Verdict:
    if a.free_symbols or b.free_symbols:
        return undecided("an expression with ∞ and symbols")
    return equivalent("exact") if a == b else not_equivalent("exact", f"{b} is not {a}")


def _exact(a: sympy.Expr, b: sympy.Expr) -> Verdict | None:
    """Exact decisions: constants compared exactly, rational functions by ``cancel``."""
    difference = a - b
    if difference == 0:
        return equivalent("exact")
    if not difference.free_symbols:
        return _exact_constant(difference)
    if _rational_function(a) and _rational_function(b):
        try:
            if sympy.cancel(difference) == 0:
                return equivalent("exact", "equal as rational functions")
        except (sympy.PolynomialError, NotImplementedError, ValueError, TypeError):
            return None
        return not_equivalent("exact", "the rational functions differ")
    return None


def _rational_function(expr: sympy.Expr) -> bool:
    """A ratio of polynomials ``cancel`` can decide quickly (no power over ``BIG_POWER``)."""
    for node in sympy.preorder_traversal(expr):
        if node.is_Pow and node.exp.is_Integer and abs(node.exp) > BIG_POWER \
                and not node.base.is_Symbol:
            return False
        if node.is_Pow and not node.exp.is_Integer:
            return False
        if not (node.is_Add or node.is_Mul or node.is_Pow or node.is_Symbol or node.is_Rational):
            return False  # a function, a sum Σ, a product ∏, an index, π: not a polynomial
    return True


def _exact_constant(difference: sympy.Expr) -> Verdict | None:
    if difference.is_Rational:
        return not_equivalent("exact", f"they differ by {difference}")
    value = numeric.confirm(difference, {})
    if value is None:
        return None
    if abs(value) > 1e-20:
        return not_equivalent("exact", f"they differ by about {abs(value):.3g}")
    return equivalent("numeric", "equal to 30 digits")


def _compare_decimal_constant(a: sympy.Expr, b: sympy.Expr, ctx: Context,
                              digits: int | None) -> Verdict:
    va, vb = numeric.confirm(a, {}), numeric.confirm(b, {})
    if va is None or vb is None:
        return undecided("the numbers could not be evaluated")
    scale = max(abs(va), abs(vb), 1e-300)
    if b.is_Float and digits is not None:
        half_unit = 0.5 * 10.0 ** (_exponent(abs(vb)) - digits + 1)
        close = abs(va - vb) <= half_unit * (1 + 1e-9) and abs(va - vb) <= ctx.rtol * scale
    else:
        close = abs(va - vb) <= decimal_tolerance(digits, ctx.rtol) * scale
    if close:
        return equivalent("numeric", "equal within the digits written")
    return not_equivalent("numeric", f"{_show(vb)} is not {_show(va)}")


def _exponent(value: float) -> int:
    return math.floor(math.log10(value)) if value > 0 else 0


def _show(value: complex) -> str:
    return f"{value.real:.10g}" if numeric.is_real(value) else f"{value:.6g}"


def _sample(a: sympy.Expr, b: sympy.Expr, ctx: Context, tolerance: float) -> Verdict:
    symbols = sorted(a.free_symbols | b.free_symbols, key=lambda s: s.name)
    integers = numeric.integer_like([a, b])
    agreed, one_sided = 0, 0
    for point in numeric.points(symbols, ctx.domain, integers, 6 * ctx.samples):
        va, vb = numeric.evaluate(a, point), numeric.evaluate(b, point)
        if (va is None) != (vb is None):
            one_sided += 1
        if va is None or vb is None or not (numeric.is_real(va) and numeric.is_real(vb)):
            continue
        if max(abs(va), abs(vb)) < TINY and va != vb:
            continue  # 1e-26 against 1e-27 (or rounding against 0) says nothing either way
        if _close(va, vb, tolerance):
            agreed += 1
            if agreed >= ctx.samples:
                break
            continue
        if tolerance == EXACT_RTOL:  # rule out rounding of doubles before deciding
            va, vb = numeric.confirm(a, point), numeric.confirm(b, point)
            if va is None or vb is None or _close(va, vb, 1e-20) \
                    or max(abs(va), abs(vb)) < TINY:
                continue
        shown = ", ".join(f"{s.name}={v:g}" for s, v in point.items())
        return not_equivalent("numeric", f"at {shown} they give {_show(va)} and {_show(vb)}",
                              Disagreement({s.name: v for s, v in point.items()}, va, vb))
    if agreed >= min(ctx.samples, MIN_AGREEING):
        return equivalent("numeric", f"equal at {agreed} points of the domain")
    if agreed == 0 and one_sided >= MIN_AGREEING:
        # √(x−3)·√(x−5) and √((x−3)(x−5)): real on different sets, never both
        return not_equivalent("numeric", "they are real numbers on different sets: at "
                              f"{one_sided} points one is and the other is not")
    return undecided("too few points where both are defined and real", "numeric")


def has_big_power(expr: sympy.Basic) -> bool:
    """Whether ``expr`` raises a sum (not a lone symbol) to a power over ``BIG_POWER``."""
    return any(p.exp.is_Integer and abs(p.exp) > BIG_POWER and not p.base.is_Symbol
               for p in expr.atoms(sympy.Pow))


def sign_normal(expr: sympy.Basic) -> sympy.Basic:
    """``(a − x)^6000`` as ``(x − a)^6000`` and ``(a − x)^5999`` as ``−(x − a)^5999``: one
    sign for the base of every integer power, so powers too high to expand or
    evaluate still compare by structure."""
    swaps = {}
    for power in expr.atoms(sympy.Pow):
        if power.exp.is_Integer and isinstance(power.base, sympy.Add) \
                and power.base.could_extract_minus_sign():
            flipped = sympy.Pow(-power.base, power.exp)
            swaps[power] = flipped if power.exp % 2 == 0 else -flipped
    return expr.xreplace(swaps) if swaps else expr


def _close(va: complex, vb: complex, tolerance: float) -> bool:
    return abs(va - vb) <= tolerance * max(abs(va), abs(vb))


def _simplify(a: sympy.Expr, b: sympy.Expr, found: Verdict) -> Verdict:
    if not (_rational_function(a) or _rational_function(b)) and has_big_power(a - b):
        return found  # simplify would expand (x − a)^6000
    try:
        if sympy.simplify(a - b) == 0:
            return equivalent("simplify")
    except (TypeError, ValueError, NotImplementedError, AttributeError):
        pass
    return found
