"""Evaluating expressions at points, fast, and choosing points inside a domain.

``evaluate`` walks the sympy tree with Python's ``cmath`` (tens of
microseconds, no code generation: ``lambdify`` would ``exec``); a node it does
not know falls back to ``evalf``. ``confirm`` re-evaluates with 30 digits, so
a disagreement is never the rounding error of doubles.

Points are drawn per symbol from its domain (``positive``, ``integer``,
``real``, a range); a point is used only where both expressions are real and
finite, so values from different complex branches are never compared.
"""

from __future__ import annotations

import cmath
import math
import random
from collections.abc import Callable, Iterator, Mapping
from functools import lru_cache
from typing import Any

import sympy

DIGITS_CONFIRM = 30
IMAG_RTOL = 1e-9
"""A value whose imaginary part is below this fraction of its size is real."""

DomainSpec = str | tuple[float, float]

_REAL_POOL = (-3.7, -2.3, -1.6, -0.85, -0.35, 0.3, 0.65, 1.45, 2.2, 3.3, 4.6)
# exact values drawn now and then: integer and half exponents tell (a^b)^c from a^(bc)
_SPECIAL_POOL = (-2.0, -1.0, 0.5, 2.0, 3.0)


class _Unsupported(Exception):
    pass


def _gamma(z: complex) -> complex:
    if z.imag == 0 and z.real > 0:
        return complex(math.gamma(z.real))
    raise _Unsupported("gamma")


def _real_only(fn: Callable[[float], float]) -> Callable[[complex], complex]:
    def apply(z: complex) -> complex:
        if z.imag != 0:
            raise _Unsupported(fn.__name__)
        return complex(fn(z.real))
    return apply


_FUNCTIONS: dict[type, Callable[[complex], complex]] = {
    sympy.sin: cmath.sin, sympy.cos: cmath.cos, sympy.tan: cmath.tan,
    sympy.sec: lambda z: 1 / cmath.cos(z), sympy.csc: lambda z: 1 / cmath.sin(z),
    sympy.cot: lambda z: 1 / cmath.tan(z),
    sympy.asin: cmath.asin, sympy.acos: cmath.acos, sympy.atan: cmath.atan,
    sympy.sinh: cmath.sinh, sympy.cosh: cmath.cosh, sympy.tanh: cmath.tanh,
    sympy.sech: lambda z: 1 / cmath.cosh(z), sympy.csch: lambda z: 1 / cmath.sinh(z),
    sympy.coth: lambda z: 1 / cmath.tanh(z), sympy.asinh: cmath.asinh,
    sympy.acosh: cmath.acosh, sympy.atanh: cmath.atanh,
    sympy.exp: cmath.exp, sympy.Abs: lambda z: complex(abs(z)),
    sympy.floor: _real_only(math.floor), sympy.ceiling: _real_only(math.ceil),
    sympy.factorial: lambda z: _gamma(z + 1), sympy.gamma: _gamma,
}


def evaluate(expr: sympy.Basic, point: Mapping[sympy.Symbol, float]) -> complex | None:
    """``expr`` at ``point``, or None where it is undefined or leaves the reals.

    Every intermediate value must be real: ``(-1)^n cos(x)^n`` at ``n = 1/2`` is
    ``i · i|cos x|^½``, real at the end but from two complex branches, so the
    point is outside the domain rather than evidence.
    """
    try:
        value = _walk(expr, point)
    except _Unsupported:
        value = _evalf(expr, point, 15)
        return value if value is not None and is_real(value) else None
    except (ZeroDivisionError, OverflowError, ValueError, TypeError):
        return None
    return value if cmath.isfinite(value) else None


def confirm(expr: sympy.Basic, point: Mapping[sympy.Symbol, float]) -> complex | None:
    """``expr`` at ``point`` with ``DIGITS_CONFIRM`` digits (slow, exact inputs)."""
    return _evalf(expr, point, DIGITS_CONFIRM)


#: What sympy raises on a value it cannot compute at a point: no evidence, not a fault.
_EVALUATION_ERRORS = (TypeError, ValueError, ZeroDivisionError, OverflowError, AttributeError,
                      NotImplementedError, RecursionError)


def _evalf(expr: sympy.Basic, point: Mapping[sympy.Symbol, float], digits: int
           ) -> complex | None:
    try:  # the decimal written by ``draw`` (2.345 → 469/200); nsimplify would run PSLQ
        exact = {s: sympy.Rational(repr(float(v))) for s, v in point.items()}
    except _EVALUATION_ERRORS:
        return None
    return evaluate_at(expr, exact, digits)


def evaluate_at(expr: sympy.Basic, point: Mapping[sympy.Symbol, sympy.Basic], digits: int
                ) -> complex | None:
    """``expr`` at ``point`` to ``digits`` digits, or None where it is not a finite
    number there (a pole, a complex infinity, a symbol left over, an error)."""
    try:
        value = expr.xreplace(dict(point))
        if value.has(sympy.Sum, sympy.Product):
            value = value.doit()
        value = value.evalf(digits)
        if value.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo) or value.free_symbols:
            return None
        result = complex(value)
    except _EVALUATION_ERRORS:
        return None
    return result if cmath.isfinite(result) else None


def _walk(node: Any, point: Mapping[sympy.Symbol, float]) -> complex:
    value = _node_value(node, point)
    if not is_real(value):
        raise ValueError("outside the reals")
    return value


def _node_value(node: Any, point: Mapping[sympy.Symbol, float]) -> complex:
    if node.is_Number:
        if node in (sympy.oo, -sympy.oo, sympy.zoo, sympy.nan):
            raise ValueError("infinite")
        return complex(float(node))
    if node.is_Symbol:
        if node not in point:
            raise _Unsupported(str(node))
        return complex(point[node])
    if node is sympy.pi:
        return complex(math.pi)
    if node is sympy.E:
        return complex(math.e)
    if node.is_Add:
        return sum((_walk(a, point) for a in node.args), 0j)
    if node.is_Mul:
        out = 1 + 0j
        for a in node.args:
            out *= _walk(a, point)
        return out
    if node.is_Pow:
        return _power(_walk(node.base, point), node.exp, point)
    if isinstance(node, sympy.log):
        if len(node.args) != 1:
            raise _Unsupported("log base")
        return cmath.log(_walk(node.args[0], point))
    fn = _FUNCTIONS.get(type(node))
    if fn is not None and len(node.args) == 1:
        return fn(_walk(node.args[0], point))
    if isinstance(node, sympy.Max | sympy.Min):
        values = [_walk(a, point) for a in node.args]
        if any(v.imag for v in values):
            raise ValueError("complex max")
        pick = max if isinstance(node, sympy.Max) else min
        return complex(pick(v.real for v in values))
    raise _Unsupported(type(node).__name__)


def _power(base: complex, exponent: Any, point: Mapping[sympy.Symbol, float]) -> complex:
    value = _raw_power(base, exponent, point)
    if value == 0 and base != 0:
        raise ValueError("underflow")  # 0.9^6000 is not 0: the point says nothing
    return value


def _raw_power(base: complex, exponent: Any, point: Mapping[sympy.Symbol, float]) -> complex:
    if exponent.is_Integer:
        e = int(exponent)
        if base == 0 and e < 0:
            raise ZeroDivisionError
        return base ** e
    if exponent.is_Rational and base.imag == 0 and base.real < 0 and exponent.q % 2 == 1:
        # x^(1/3) of a negative x: sympy's principal root is complex; keep it so
        return cmath.exp(float(exponent) * cmath.log(base))
    e = _walk(exponent, point)
    if base == 0:
        if e.real > 0:
            return 0j
        raise ZeroDivisionError
    if base.imag == 0 and base.real > 0 and e.imag == 0:
        return complex(base.real ** e.real)
    return cmath.exp(e * cmath.log(base))


def is_real(value: complex) -> bool:
    return abs(value.imag) <= IMAG_RTOL * max(1.0, abs(value.real))


def integer_like(exprs: list[sympy.Basic]) -> set[sympy.Symbol]:
    """Symbols that only make sense as integers: factorial and binomial arguments,
    summation limits."""
    names: set[sympy.Symbol] = set()
    for expr in exprs:
        names |= _integer_like_in(expr)
    return names


@lru_cache(maxsize=2048)
def _integer_like_in(expr: sympy.Basic) -> frozenset[sympy.Symbol]:
    """One expression's integer-like symbols (cached: a rubric's forms come back for
    every answer)."""
    names: set[sympy.Symbol] = set()
    if expr.has(sympy.factorial, sympy.binomial, sympy.Sum, sympy.Product):
        for node in sympy.preorder_traversal(expr):
            if isinstance(node, sympy.factorial | sympy.binomial):
                names |= node.free_symbols
            elif isinstance(node, sympy.Sum | sympy.Product):
                for limit in node.limits:
                    for bound in limit[1:]:
                        names |= bound.free_symbols
    return frozenset(names)


def draw(symbol: sympy.Symbol, spec: DomainSpec | None, rng: random.Random) -> float:
    """One value for ``symbol`` inside its domain ``spec``."""
    if isinstance(spec, tuple):
        lo, hi = spec
        return rng.uniform(lo + 0.02 * (hi - lo), hi - 0.02 * (hi - lo))
    if spec in {"integer", "natural"}:
        return float(rng.randint(2, 9))
    if spec in {"positive", "nonnegative"}:
        return round(rng.uniform(0.15, 4.8), 3)
    if rng.random() < 0.25:
        return rng.choice(_SPECIAL_POOL)
    return rng.choice(_REAL_POOL) + round(rng.uniform(-0.05, 0.05), 3)


def points(symbols: list[sympy.Symbol], domain: Mapping[str, DomainSpec],
           integers: set[sympy.Symbol], count: int, seed: int = 0
           ) -> Iterator[dict[sympy.Symbol, float]]:
    """Up to ``count`` points, each symbol drawn from its domain (integers for
    ``integers``), drawn as they are asked for: most comparisons stop after a few."""
    rng = random.Random(seed)
    specs = [(s, "integer" if s in integers and s.name not in domain else domain.get(s.name))
             for s in symbols]
    for _ in range(count):
        yield {s: draw(s, spec, rng) for s, spec in specs}
