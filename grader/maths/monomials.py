"""Bounds in several sizes as sets of maximal monomials (the order behind big-O answers).

Each bound is expanded into a sum of monomials, coefficients are dropped, and
only the *maximal* monomials are kept: a monomial dominated in every size by
another one is dropped (``t n² L + n² L`` → ``t n² L``). Two bounds have the same
order iff their sets of maximal monomials are equal, so ``O(L (t² n + t n²))`` ≡
``O(t² n L + t n² L)`` but ≢ ``O(t² n L)``.

The order on one size's factor ``s^p · (log s)^q`` is lexicographic in
``(p, q)``: any positive power of ``s`` outgrows any power of ``log s``, and
among equal powers the higher power of the log wins. Monomials are compared
size by size (a partial order: ``t² n`` and ``t n²`` are incomparable, since
nothing says which size grows faster). Logs of products are split
(``log(n t)`` = ``log n + log t``) and constant factors inside logs dropped
(``log n²`` ~ ``log n``); any other function (``exp``, ``log log n``, ``2^n``)
raises :class:`UnsupportedBound` and is left to :mod:`grader.maths.orders`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import sympy

from grader.mathread.objects import BigO

_SUPERSCRIPTS = str.maketrans("0123456789-/", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻ᐟ")
_CACHE_SIZE = 4096
"""Bounds read once per key and compared many times (forms, misconceptions, slips)."""

Power = tuple[str, sympy.Rational, sympy.Rational]
"""``(size, p, q)``: the factor ``size^p (log size)^q``."""


class UnsupportedBound(ValueError):
    """A bound this module cannot order (``exp``, ``log log n``, ``2^n``, ``O(0)``)."""


@dataclass(frozen=True)
class Monomial:
    """``∏ s^p (log s)^q`` with coefficients dropped: ``powers`` holds
    ``(name, p, q)`` sorted by name, without zero entries."""

    powers: tuple[Power, ...] = ()

    def of(self, name: str) -> tuple[sympy.Rational, sympy.Rational]:
        for n, p, q in self.powers:
            if n == name:
                return p, q
        return sympy.Integer(0), sympy.Integer(0)

    @property
    def names(self) -> set[str]:
        return {n for n, _, _ in self.powers}

    def render(self, order: Sequence[str] = ()) -> str:
        names = sorted(self.names, key=lambda n: order_key(n, order))
        text = "·".join(render_factor(n, *self.of(n)) for n in names)
        return text or "1"

    def __repr__(self) -> str:
        return f"Monomial({self.render()})"


Bound = frozenset[Monomial]


def strip_bigo(expr: Any) -> sympy.Basic:
    """``O(x)`` → ``x`` anywhere in ``expr`` (``O(a) + O(b)`` → ``a + b``)."""
    expr = sympy.sympify(expr)
    return expr.replace(lambda e: isinstance(e, BigO), lambda e: e.args[0])


def bound_terms(expr: Any) -> Bound:
    """The maximal monomials of a bound, coefficients dropped.

    Raises:
        UnsupportedBound: for a factor this module cannot order.

    Example:
        >>> t, n, L = sympy.symbols("t n L")
        >>> sorted(m.render("tnL") for m in bound_terms(L * (t**2 * n + t * n**2) + n**2 * L))
        ['t²·n·L', 't·n²·L']
    """
    terms = _bound_terms(strip_bigo(expr))
    if isinstance(terms, str):
        raise UnsupportedBound(terms)
    return terms


@lru_cache(maxsize=_CACHE_SIZE)
def _bound_terms(expr: sympy.Basic) -> Bound | str:
    """The bound's maximal monomials, or why it has none (cached either way)."""
    if not isinstance(expr, sympy.Expr):
        return f"not an expression: {expr}"
    expr = sympy.expand(sympy.expand_log(expr, force=True))
    try:
        monomials = {_monomial(term) for term in sympy.Add.make_args(expr) if not term.is_zero}
    except UnsupportedBound as exc:
        return str(exc)
    if not monomials:
        return "the bound is zero"
    return maximal(monomials)


def _monomial(term: sympy.Expr) -> Monomial:
    powers: dict[str, list[sympy.Rational]] = {}
    for factor in sympy.Mul.make_args(term):
        if factor.is_number:
            continue  # coefficients (also log 2, √2) do not change the order
        base, exp = factor.as_base_exp()
        if exp.is_Float:
            exp = sympy.nsimplify(exp, rational=True)
        if not exp.is_Rational:
            raise UnsupportedBound(f"cannot order the factor {factor}")
        if isinstance(base, sympy.Symbol):
            powers.setdefault(base.name, [sympy.Integer(0), sympy.Integer(0)])[0] += exp
        elif isinstance(base, sympy.log) and isinstance(base.args[0], sympy.Symbol) \
                and exp > 0:
            powers.setdefault(base.args[0].name, [sympy.Integer(0), sympy.Integer(0)])[1] += exp
        else:
            raise UnsupportedBound(f"cannot order the factor {factor}")
    return Monomial(tuple(sorted((n, p, q) for n, (p, q) in powers.items() if p or q)))


def dominated(a: Monomial, b: Monomial) -> bool:
    """``a = O(b)`` as every size grows: in each size, ``(p, q)`` of ``a`` is
    lexicographically at most that of ``b``."""
    return all(a.of(name) <= b.of(name) for name in a.names | b.names)


def maximal(monomials: Iterable[Monomial]) -> Bound:
    """Drop every monomial dominated by another one."""
    items = set(monomials)
    return frozenset(m for m in items
                     if not any(o != m and dominated(m, o) for o in items))


def covers(big: Bound, small: Bound) -> bool:
    """Every monomial of ``small`` is dominated by one of ``big``: O(small) ⊆ O(big)."""
    return all(any(dominated(s, b) for b in big) for s in small)


def dominant_terms(count: sympy.Expr, symbols: Sequence[sympy.Symbol]) -> sympy.Expr:
    """The terms of a polynomial cost that no other term dominates, without constants.

    Reference modules use it to turn an operation count into the bound they
    expect, so the reference and the students' answers are reduced alike.

    Example:
        >>> t, n, L = sympy.symbols("t n L", positive=True)
        >>> dominant_terms(2*t*L*n**2 + 2*t*L*n + L*t**2*n, (t, n, L))
        L*n**2*t + L*n*t**2
    """
    poly = sympy.Poly(sympy.expand(count), *symbols)
    monomials = [m for m, c in poly.terms() if c != 0]
    keep = [m for m in monomials
            if not any(o != m and all(a <= b for a, b in zip(m, o, strict=True))
                       for o in monomials)]
    return sympy.Add(*(sympy.Mul(*(s**e for s, e in zip(symbols, m, strict=True)))
                       for m in keep))


# ---------------------------------------------------------------- how two bounds differ

@dataclass(frozen=True)
class OrderDifference:
    """How an answer's bound stands to the reference's, for feedback.

    ``looser``: the answer's order contains the reference's (an upper bound, not
    tight); ``tighter``: the reverse (too small). For two one-term bounds,
    ``too_large`` / ``too_small`` are the answer's own factors above / below the
    reference's and ``missing_factor`` says a size of the reference is absent; for
    bounds with several terms, ``extra`` are the answer's terms the reference does
    not dominate and ``missing_term`` says a reference term is not dominated.
    Only the answer's side is named: what the reference holds stays in the counts.
    """

    looser: bool
    tighter: bool
    too_large: tuple[Power, ...] = ()
    too_small: tuple[Power, ...] = ()
    missing_factor: bool = False
    extra: tuple[Monomial, ...] = ()
    missing_term: bool = False
    one_term: bool = False


def difference(answer: Bound, reference: Bound) -> OrderDifference:
    """How ``answer`` differs from ``reference`` (see :class:`OrderDifference`)."""
    looser, tighter = covers(answer, reference), covers(reference, answer)
    if len(answer) == 1 and len(reference) == 1:
        (a,), (r,) = answer, reference
        names = sorted(a.names | r.names)
        return OrderDifference(
            looser, tighter, one_term=True,
            too_large=tuple((n, *a.of(n)) for n in names if a.of(n) > r.of(n)),
            too_small=tuple((n, *a.of(n)) for n in names if a.of(n) < r.of(n) and any(a.of(n))),
            missing_factor=any(a.of(n) < r.of(n) and not any(a.of(n)) for n in names))
    return OrderDifference(
        looser, tighter,
        extra=tuple(m for m in answer if not any(dominated(m, x) for x in reference)),
        missing_term=any(not any(dominated(m, x) for x in answer) for m in reference))


# ---------------------------------------------------------------- rendering

def render_factor(name: str, p: sympy.Rational, q: sympy.Rational) -> str:
    """``n²``, ``log n``, ``n·(log n)²``, ``√n``."""
    shown = {"beta": "β", "ell": "ℓ"}.get(name, name)
    parts = []
    if p == sympy.Rational(1, 2):
        parts.append(f"√{shown}")
    elif p:
        parts.append(shown + ("" if p == 1 else _superscript(p)))
    if q:
        parts.append(f"log {shown}" if q == 1 else f"(log {shown}){_superscript(q)}")
    return "·".join(parts) or "1"


def render_bound(bound: Bound, order: Sequence[str] = ()) -> str:
    """``O(t²·n·L + t·n²·L)``, terms in a stable order."""
    terms = sorted(bound, key=lambda m: monomial_key(m, order))
    return "O(" + " + ".join(m.render(order) for m in terms) + ")"


def _superscript(value: sympy.Rational) -> str:
    return str(value).translate(_SUPERSCRIPTS)


def order_key(name: str, order: Sequence[str]) -> tuple[int, str]:
    """Sort key putting the assignment's sizes in its order, others after by name."""
    order = list(order)
    return (order.index(name), name) if name in order else (len(order), name)


def monomial_key(m: Monomial, order: Sequence[str]) -> tuple:
    """Sort key: larger powers of the first sizes first."""
    return tuple(-float(m.of(n)[0]) for n in sorted(
        {*order, *m.names}, key=lambda n: order_key(n, order)))
