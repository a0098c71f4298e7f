"""Named slips of a reference expression, to name an unlisted mistake in feedback.

A checker tries these only *after* the rubric's listed misconceptions, and only
to add a line such as "it looks like a slip: two symbols swapped". A match never
changes the credit: an answer equal to a mutation is still wrong with 0 points
unless a listed misconception matched it.

Each slip has a ``description`` for the TA ("n and L swapped", "the factor n²
dropped") and a ``kind`` for the student ("two symbols swapped", "a factor
dropped"). The description is written in the reference's terms, so undoing it
gives the reference back; only the kind may be shown to a student.

The mutations, in the order they are generated (the list is capped at
``MAX_MUTATIONS_DEFAULT``):

- each pair of symbols swapped ("n and L swapped");
- each symbol's factor dropped (the symbol set to 1: "the factor n dropped");
- each top-level product factor dropped ("the factor n² dropped");
- each symbol squared ("n squared");
- a term dropped ("the term t²·n dropped"), from the top-level sum and from
  the expanded sum;
- a constant factor dropped ("the constant factor 2 dropped");
- the sign flipped.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass

import sympy

MAX_MUTATIONS_DEFAULT = 60
#: Term dropping looks at sums of at most this many terms, expanded from expressions
#: with powers up to this and this many operations at most (bounds the work).
MAX_TERMS_DROPPED = 24
MAX_EXPANDED_POWER = 4
MAX_EXPANDED_OPS = 60

_SUPERSCRIPTS = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
_GREEK_NAMES = ("alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota",
                "kappa", "lambda", "mu", "nu", "xi", "omicron", "pi", "rho", "final_sigma",
                "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega")
_GREEK = {name: chr(0x3B1 + i) for i, name in enumerate(_GREEK_NAMES)}


SWAPPED = "two symbols swapped"
FACTOR_DROPPED = "a factor dropped"
SQUARED = "a symbol squared"
TERM_DROPPED = "a term dropped"
CONSTANT_DROPPED = "a constant factor dropped"
SIGN_FLIPPED = "the sign flipped"


@dataclass(frozen=True)
class Slip:
    """One mutation: ``kind`` is safe for students, ``description`` is for TAs."""

    kind: str
    description: str
    expr: sympy.Expr


def slips(expr: sympy.Expr, symbols: Iterable[sympy.Symbol | str] | None = None, *,
          limit: int = MAX_MUTATIONS_DEFAULT) -> list[Slip]:
    """:func:`mutations` with the student-safe kind of each slip.

    Example:
        >>> t, n, L = sympy.symbols("t n L")
        >>> slips(t * n**2 * L, [t, n, L])[0]
        Slip(kind='two symbols swapped', description='L and n swapped', expr=L**2*n*t)
    """
    expr = sympy.sympify(expr)
    syms = _symbols(expr, symbols)
    seen: set[sympy.Basic] = {expr}
    described: set[str] = set()
    out: list[Slip] = []

    def add(kind: str, description: str, mutated: sympy.Basic) -> bool:
        if mutated in seen or description in described or mutated.is_zero:
            return len(out) < limit
        seen.add(mutated)
        described.add(description)
        out.append(Slip(kind, description, mutated))
        return len(out) < limit

    for a, b in itertools.combinations(syms, 2):
        if not add(SWAPPED, f"{render(a)} and {render(b)} swapped",
                   expr.xreplace({a: b, b: a})):
            return out
    if isinstance(expr, sympy.Mul):
        for factor in expr.args:
            if factor.is_number:
                continue
            rest = sympy.Mul(*(f for f in expr.args if f is not factor))
            if not add(FACTOR_DROPPED, f"the factor {render(factor)} dropped", rest):
                return out
    for s in syms:
        if not add(FACTOR_DROPPED, f"the factor {render(s)} dropped",
                   expr.xreplace({s: sympy.Integer(1)})):
            return out
    for s in syms:
        if not add(SQUARED, f"{render(s)} squared", expr.xreplace({s: s**2})):
            return out
    for description, mutated in _dropped_terms(expr):
        if not add(TERM_DROPPED, description, mutated):
            return out
    for description, mutated in _dropped_constants(expr):
        if not add(CONSTANT_DROPPED, description, mutated):
            return out
    add(SIGN_FLIPPED, "the sign flipped", -expr)
    return out


def mutations(expr: sympy.Expr, symbols: Iterable[sympy.Symbol | str] | None = None, *,
              limit: int = MAX_MUTATIONS_DEFAULT) -> list[tuple[str, sympy.Expr]]:
    """Named variants of ``expr`` that a student plausibly wrote by mistake.

    Args:
        expr: the reference expression (without any ``BigO`` wrapper).
        symbols: the symbols to swap, drop and square; defaults to the free
            symbols of ``expr``. Names are accepted as well as Symbols.
        limit: at most this many mutations are returned.

    Returns:
        ``(description, mutated)`` pairs, structurally distinct from each other
        and from ``expr``. Descriptions name the reference's own symbols and
        factors ("n and L swapped", "the factor n² dropped"): TA notes only
        (see :class:`Slip` for what a student may see).

    Example:
        >>> t, n, L = sympy.symbols("t n L")
        >>> dict(mutations(t * n**2 * L, [t, n, L]))["L and n swapped"]
        L**2*n*t
    """
    return [(slip.description, slip.expr) for slip in slips(expr, symbols, limit=limit)]


def render(expr: sympy.Basic) -> str:
    """A compact rendering for feedback: ``t²·n·L``, ``√2``, ``D^K``.

    Uses the maths reader's ``to_text`` when it is available and the result is
    not a plain product of powers, which this function renders itself.
    """
    if isinstance(expr, sympy.Symbol):
        return _GREEK.get(expr.name, expr.name)
    if isinstance(expr, sympy.Pow) and isinstance(expr.base, sympy.Symbol):
        base, exp = render(expr.base), expr.exp
        if exp.is_Integer:
            return f"{base}{str(exp).translate(_SUPERSCRIPTS)}"
        if exp == sympy.Rational(1, 2):
            return f"√{base}"
        return f"{base}^({exp})"
    if isinstance(expr, sympy.Mul) and all(
            isinstance(f, sympy.Symbol | sympy.Pow) or f.is_Number for f in expr.args):
        coeff, rest = expr.as_coeff_Mul()
        parts = [render(f) for f in sympy.Mul.make_args(rest)]
        if coeff != 1:
            parts.insert(0, render(coeff))
        return "·".join(parts)
    if expr == sympy.sqrt(2):
        return "√2"
    try:
        from grader.mathread import to_text
    except ImportError:
        return sympy.sstr(expr)
    try:
        return str(to_text(expr))
    except Exception:  # a renderer fault must not lose the feedback line
        return sympy.sstr(expr)


def _symbols(expr: sympy.Basic, symbols: Iterable[sympy.Symbol | str] | None
             ) -> list[sympy.Symbol]:
    if symbols is None:
        found = expr.free_symbols
    else:
        # Match by name: the reference's symbols carry assumptions (positive=True)
        # that a plain Symbol of the same name does not, and sympy tells them apart.
        # A symbol the expression does not use cannot be swapped or dropped.
        wanted = {s if isinstance(s, str) else s.name for s in symbols}
        found = {s for s in expr.free_symbols if getattr(s, "name", None) in wanted}
    return sorted(found, key=lambda s: s.name)


def _dropped_terms(expr: sympy.Expr) -> list[tuple[str, sympy.Expr]]:
    sums = [expr]
    expanded = sympy.expand(expr) if _small_to_expand(expr) else expr
    if expanded != expr:
        sums.append(expanded)
    out = []
    for total in sums:
        if not isinstance(total, sympy.Add) or len(total.args) > MAX_TERMS_DROPPED:
            continue
        for term in total.args:
            rest = sympy.Add(*(t for t in total.args if t is not term))
            label = "the constant term dropped" if term.is_number else \
                f"the term {render(term)} dropped"
            out.append((label, rest))
    return out


def _small_to_expand(expr: sympy.Expr) -> bool:
    """Whether expanding ``expr`` stays small: ``(x + 1)^1000`` (a public test case)
    expands into a thousand terms, and dropping each of them took minutes and
    gigabytes; a slip is a term of a short sum."""
    return all(not (p.exp.is_Integer and abs(int(p.exp)) > MAX_EXPANDED_POWER)
               for p in expr.atoms(sympy.Pow)) and sympy.count_ops(expr) <= MAX_EXPANDED_OPS


def _dropped_constants(expr: sympy.Expr) -> list[tuple[str, sympy.Expr]]:
    """Each numeric factor ≠ ±1 of a product anywhere in ``expr`` replaced by 1.

    A factor sympy distributed over a sum (``1000 (a − b)`` is stored as
    ``1000 a − 1000 b``) is found as the sum's content.
    """
    out = []
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, sympy.Add):
            content, primitive = node.as_content_primitive()
            if content not in (1, -1) and content.is_Number:
                out.append((f"the constant factor {render(abs(content))} dropped",
                            expr.xreplace({node: sympy.sign(content) * primitive})))
        if not isinstance(node, sympy.Mul):
            continue
        numbers = [f for f in node.args if f.is_number and f not in (1, -1)]
        for number in numbers:
            kept = sympy.Mul(*(f for f in node.args if f is not number))
            if number.is_Number and number < 0:
                kept = -kept
                number = -number
            out.append((f"the constant factor {render(number)} dropped",
                        expr.xreplace({node: kept})))
    return out
