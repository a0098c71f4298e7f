r"""Relations compared as relations: equations, inequalities, chains and sets.

* Two equations are equivalent when ``a − b`` is a non-zero constant multiple
  of ``c − d`` (``x + y = 1`` and ``y = 1 − x``), or else when they have the
  same solutions: for each unknown, at sampled values of the others, the real
  roots of one are roots of the other (``x² = a`` and ``(x − √a)(x + √a) = 0``).
  Multiplicity does not count: these are solution sets.
* Inequalities and chains in one unknown are compared as sets of reals
  (``solveset``); in several unknowns, by their truth at sampled points.
* Intervals, unions and finite sets compare as sets; a relation in one unknown
  against a set compares its solution set (``x ∈ [−2, 7]`` and ``[−2, 7]``).
"""

from __future__ import annotations

import random

import numpy
import sympy
from sympy.core.relational import Relational

from grader.mathread.objects import Proportional
from grader.maths import numeric, signs
from grader.maths.compare import Context, compare, has_big_power, sign_normal
from grader.maths.intervals import symbolic_interval
from grader.maths.verdict import Verdict, equivalent, not_equivalent, undecided

ROOT_SAMPLES = 4
"""Sampled values of the other unknowns at which roots are compared."""
TRUTH_SAMPLES = 60
"""Points at which two relations in several unknowns must agree."""
MAX_DEGREE = 12
"""Highest polynomial degree whose roots are computed (and most roots kept)."""
ROOT_TOLERANCE = 1e-6
"""How near zero an equation must come at a computed root to count as solved."""


def atoms(relation: sympy.Basic) -> list[Relational] | None:
    """The relations of a chain (``And``) or the relation itself."""
    parts = list(relation.args) if isinstance(relation, sympy.And) else [relation]
    if all(isinstance(p, Relational) for p in parts):
        return parts
    return None


def compare_relations(a: sympy.Basic, b: sympy.Basic, ctx: Context) -> Verdict:
    """Whether two relations (or chains) say the same thing on the domain."""
    if a == b:
        return equivalent("structure")
    a, b = _product_equation(a), _product_equation(b)
    parts_a, parts_b = atoms(a), atoms(b)
    if any(isinstance(v, sympy.Contains | sympy.Set) for v in (a, b)):
        return _compare_as_sets(a, b, ctx)
    if parts_a is None or parts_b is None:
        return _compare_as_sets(a, b, ctx)  # or-joined relations
    if len(parts_a) == 1 and len(parts_b) == 1:
        ra, rb = parts_a[0], parts_b[0]
        if isinstance(ra, sympy.Eq) and isinstance(rb, sympy.Eq):
            return compare_equations(ra, rb, ctx)
        proportional = _same_inequality(ra, rb)
        if proportional is not None:
            return proportional
    return _compare_as_sets(a, b, ctx)


def _product_equation(value: sympy.Basic) -> sympy.Basic:
    """``a = 0 or b = c`` is ``a (b − c) = 0`` (on the reals, where both are defined)."""
    if isinstance(value, sympy.Or) and all(isinstance(v, sympy.Eq) for v in value.args):
        return sympy.Eq(sympy.Mul(*(_difference(v) for v in value.args)), 0, evaluate=False)
    return value


def _difference(relation: Relational) -> sympy.Expr:
    return sympy.Add(relation.lhs, -relation.rhs)


def compare_equations(a: sympy.Eq, b: sympy.Eq, ctx: Context) -> Verdict:
    da, db = _difference(a), _difference(b)
    if not (isinstance(da, sympy.Expr) and isinstance(db, sympy.Expr)):
        return compare(a.rhs, b.rhs, ctx)
    if not (da.free_symbols or db.free_symbols):
        ta, tb = compare(da, sympy.Integer(0), ctx), compare(db, sympy.Integer(0), ctx)
        if ta.decided and tb.decided:
            if ta.status == tb.status:
                return equivalent("truth", "both always true" if ta.equivalent
                                  else "both never true")
            return not_equivalent("truth", "one is always true, the other never")
        return undecided("cannot tell whether the equations hold")
    if not (da.free_symbols and db.free_symbols):
        return _against_constant(da, db, ctx)
    if has_big_power(da) or has_big_power(db):
        na, nb = sign_normal(da), sign_normal(db)
        if na == nb or na == -nb:
            return equivalent("structure", "the same equation, as (−u)^k = ±u^k")
    if _proportional(da, db, ctx):
        return equivalent("proportional", "one equation is a constant multiple of the other")
    return _same_solutions(da, db, ctx)


def _against_constant(da: sympy.Expr, db: sympy.Expr, ctx: Context) -> Verdict:
    """One equation has no unknowns (``1 = 1``, ``2 = 3``): always or never true."""
    constant, other = (da, db) if not da.free_symbols else (db, da)
    always = compare(constant, sympy.Integer(0), ctx)
    identity = compare(other, sympy.Integer(0), ctx)
    if not (always.decided and identity.decided):
        return undecided("cannot tell whether the equations hold")
    if always.equivalent:
        if identity.equivalent:
            return equivalent("truth", "both always true")
        return not_equivalent("truth", "one is always true, the other is not")
    if identity.equivalent:
        return not_equivalent("truth", "one is never true, the other always")
    symbol = sorted(other.free_symbols, key=lambda s: s.name)[0]
    if len(other.free_symbols) == 1 and _real_roots(other, symbol):
        return not_equivalent("truth", "one is never true, the other has solutions")
    return undecided("cannot tell whether the equation has solutions")


def _proportional(da: sympy.Expr, db: sympy.Expr, ctx: Context) -> bool:
    """Whether ``da / db`` is a non-zero constant (``cancel``, or the ratio at points
    when ``cancel`` would expand a high power)."""
    ratio: sympy.Basic = sympy.Symbol("unknown")
    if not (has_big_power(da) or has_big_power(db)):
        try:
            ratio = sympy.cancel(da / db)
        except (sympy.PolynomialError, NotImplementedError, ValueError, TypeError,
                ZeroDivisionError):
            return False
    if ratio.free_symbols or ratio == 0 or not ratio.is_finite:
        symbols = sorted(da.free_symbols | db.free_symbols, key=lambda s: s.name)
        values = []
        for point in numeric.points(symbols, ctx.domain, set(), 24, seed=7):
            va, vb = numeric.evaluate(da, point), numeric.evaluate(db, point)
            if va is None or vb is None or abs(vb) < 1e-9 or abs(va) < 1e-9:
                continue
            values.append(va / vb)
            if len(values) >= 8:
                break
        return len(values) >= 6 and all(abs(v - values[0]) <= 1e-9 * abs(values[0])
                                         for v in values)
    return True


def _same_solutions(da: sympy.Expr, db: sympy.Expr, ctx: Context) -> Verdict:
    """Same real solution sets, checked through each unknown's roots at sampled values."""
    symbols = sorted(da.free_symbols | db.free_symbols, key=lambda s: s.name)
    if has_big_power(da) or has_big_power(db):
        return undecided("powers too high to compare the solutions numerically")
    checked, complete = 0, True
    rng = random.Random(3)
    for unknown in symbols:
        others = [s for s in symbols if s != unknown]
        solvers = [_RootFinder(d, unknown) for d in (da, db)]
        for _ in range(ROOT_SAMPLES):
            values = {s: numeric.draw(s, ctx.domain.get(s.name), rng) for s in others}
            ra, rb = (solver.roots(values) for solver in solvers)
            complete = complete and ra is not None and rb is not None
            for roots, other in ((ra, db), (rb, da)):
                for root in roots or []:
                    if not _solves(other, {**values, unknown: root}):
                        shown = ", ".join(f"{s.name}={v:g}" for s, v in
                                          [*values.items(), (unknown, root)])
                        return not_equivalent("solutions", f"{shown} solves one equation "
                                              f"but not the other")
                    checked += 1
    if checked and complete:
        return equivalent("solutions", "the same solutions at every point tried")
    return undecided("cannot solve the equations to compare their solutions")


class _RootFinder:
    """Real roots of ``difference = 0`` in ``unknown`` at given values of the others.

    The numerator is made a polynomial in ``unknown`` once; each sample only
    evaluates its coefficients and calls ``numpy.roots``. Equations that are not
    polynomial go to ``solveset`` at each sample.
    """

    def __init__(self, difference: sympy.Expr, unknown: sympy.Symbol) -> None:
        self.difference = difference
        self.unknown = unknown
        self.coefficients: list[sympy.Expr] | None = None
        self.too_high = False
        numerator, _ = sympy.together(difference).as_numer_denom()
        try:
            poly = sympy.Poly(sympy.expand(numerator), unknown)
        except (sympy.PolynomialError, sympy.GeneratorsNeeded):
            return
        if poly.gens == (unknown,):
            self.too_high = poly.degree() > MAX_DEGREE  # x^6001: roots not found reliably
            self.coefficients = None if self.too_high else poly.all_coeffs()

    def roots(self, values: dict[sympy.Symbol, float]) -> list[float] | None:
        if self.too_high:
            return None
        if self.coefficients is None:
            exact = {s: sympy.nsimplify(v, rational=True) for s, v in values.items()}
            return _real_roots(self.difference.xreplace(exact), self.unknown)
        coefficients = [numeric.evaluate(c, values) for c in self.coefficients]
        if any(c is None for c in coefficients):
            return None  # evaluate gives None for anything infinite or undefined
        while coefficients and abs(coefficients[0]) <= 1e-14:  # type: ignore[arg-type]
            coefficients = coefficients[1:]
        if len(coefficients) <= 1:
            return []
        found = numpy.roots(coefficients)
        real = [complex(r).real for r in found
                if abs(complex(r).imag) < 1e-7 * max(1.0, abs(complex(r)))]
        return [r for r in real if _solves(self.difference, {**values, self.unknown: r})]


def _solves(difference: sympy.Expr, point: dict[sympy.Symbol, float]) -> bool:
    """Whether ``difference`` is zero at ``point`` with every value on the way real."""
    value = numeric.evaluate(difference, point)
    if value is None:
        return False  # undefined or not real there: outside this equation's domain
    if abs(value) <= ROOT_TOLERANCE:
        return True
    value = numeric.confirm(difference, point)
    return value is not None and abs(value) <= ROOT_TOLERANCE


def _real_roots(expr: sympy.Expr, unknown: sympy.Symbol) -> list[float] | None:
    """The real roots of ``expr`` in ``unknown`` where ``expr`` is defined and real,
    or None when they cannot be found (other unknowns left, degree too high)."""
    found = signs.polynomial_roots(expr, unknown)
    if found is None:
        found = signs.solved_roots(expr, unknown)
    if found is None:
        return None
    return [root for root in found if _solves(expr, {unknown: root})]


_FLIPPED = {sympy.Lt: sympy.Gt, sympy.Le: sympy.Ge}


def _normal(relation: Relational) -> tuple[type, sympy.Expr]:
    """``a < b`` → ``(Gt, b − a)``: every inequality as ``d > 0`` or ``d ≥ 0``."""
    cls = type(relation)
    if cls in _FLIPPED:
        return _FLIPPED[cls], sympy.Add(relation.rhs, -relation.lhs)
    return cls, _difference(relation)


def _same_inequality(a: Relational, b: Relational) -> Verdict | None:
    """``x² − 3a < 0`` and ``3x² < 9a``: same kind, positive constant multiple."""
    (ka, da), (kb, db) = _normal(a), _normal(b)
    if ka is not kb or ka not in {sympy.Gt, sympy.Ge, sympy.Ne} \
            or has_big_power(da) or has_big_power(db):
        return None
    try:
        ratio = sympy.cancel(da / db)
    except (sympy.PolynomialError, NotImplementedError, ValueError, TypeError, ZeroDivisionError):
        return None
    if ratio.free_symbols or not ratio.is_number or ratio == 0:
        return None
    if ratio.is_positive or ka is sympy.Ne:
        return equivalent("proportional", "one is a positive multiple of the other")
    return None


def as_set(value: sympy.Basic, unknown: sympy.Symbol | None) -> sympy.Basic | None:
    """A set of reals for a set, or for a relation in the one unknown ``unknown``."""
    if isinstance(value, sympy.Set):
        return value
    if isinstance(value, sympy.Contains):
        return value.args[1]
    if unknown is None:
        return None
    parts = atoms(value)
    if parts is None:
        return None
    try:
        solved = [sympy.solveset(part, unknown, sympy.S.Reals) for part in parts]
    except (NotImplementedError, ValueError, TypeError):
        return None
    return sympy.Intersection(*solved) if len(solved) > 1 else solved[0]


def _compare_as_sets(a: sympy.Basic, b: sympy.Basic, ctx: Context) -> Verdict:
    unknowns = _unknowns(a) | _unknowns(b)
    symbolic = symbolic_interval(a, b, ctx) or symbolic_interval(b, a, ctx)
    if symbolic is not None:
        return symbolic
    if len(unknowns) > 1:
        return _compare_truth(a, b, ctx, sorted(unknowns, key=lambda s: s.name))
    unknown = next(iter(unknowns), None)
    if unknown is not None:
        charted = signs.compare_one_unknown(a, b, unknown)
        if charted is not None:
            return charted
    sa, sb = as_set(a, unknown), as_set(b, unknown)
    if sa is None or sb is None or isinstance(sa, sympy.ConditionSet) \
            or isinstance(sb, sympy.ConditionSet):
        return undecided("cannot solve the relation to compare solution sets")
    return compare_sets(sa, sb, ctx)


def _unknowns(value: sympy.Basic) -> set[sympy.Symbol]:
    if isinstance(value, sympy.Set):
        return set()
    if isinstance(value, sympy.Contains):
        return set(value.args[0].free_symbols)
    return set(value.free_symbols)


def compare_sets(a: sympy.Basic, b: sympy.Basic, ctx: Context) -> Verdict:
    """Sets of reals: exactly when both are exact, else piece by piece with tolerance."""
    if a == b:
        return equivalent("sets")
    if isinstance(a, sympy.FiniteSet) and isinstance(b, sympy.FiniteSet):
        return _match_members(list(a.args), list(b.args), ctx)
    pieces_a, pieces_b = _pieces(a), _pieces(b)
    if pieces_a is None or pieces_b is None:
        return undecided("a set the comparison cannot read")
    if len(pieces_a) == len(pieces_b):
        verdict = _compare_pieces(pieces_a, pieces_b, ctx)
        if verdict is not None:
            return verdict
    exact = not (a.has(sympy.Float) or b.has(sympy.Float))
    if exact and not (a.free_symbols or b.free_symbols):
        return not_equivalent("sets", f"{_show(b)} is not {_show(a)}")
    return undecided("sets that cannot be matched piece by piece")


def _match_members(a: list[sympy.Basic], b: list[sympy.Basic], ctx: Context) -> Verdict:
    """Finite sets: every member of each equals some member of the other."""
    undecided_reason = ""
    for mine, theirs, name in ((a, b, "reference"), (b, a, "answer")):
        for member in mine:
            verdicts = [compare(member, other, ctx) for other in theirs]
            if any(v.equivalent for v in verdicts):
                continue
            if all(v.decided for v in verdicts):
                return not_equivalent("sets", f"{member} of the {name} is not in the other set")
            undecided_reason = next(v.reason for v in verdicts if not v.decided)
    if undecided_reason:
        return undecided(undecided_reason)
    return equivalent("sets", "the same members")


def _pieces(s: sympy.Basic) -> list[sympy.Basic] | None:
    if isinstance(s, sympy.Union):
        out = []
        for arg in s.args:
            sub = _pieces(arg)
            if sub is None:
                return None
            out.extend(sub)
        return sorted(out, key=_start)
    if isinstance(s, sympy.FiniteSet):
        return sorted(s.args, key=_start)
    if isinstance(s, sympy.Interval):
        return [s]
    if s == sympy.S.Reals:
        return [sympy.Interval(-sympy.oo, sympy.oo)]
    if s == sympy.S.EmptySet:
        return []
    return None


def _start(piece: sympy.Basic) -> float:
    value = piece.start if isinstance(piece, sympy.Interval) else piece
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def _compare_pieces(pa: list[sympy.Basic], pb: list[sympy.Basic], ctx: Context
                    ) -> Verdict | None:
    for x, y in zip(pa, pb, strict=True):
        if isinstance(x, sympy.Interval) != isinstance(y, sympy.Interval):
            return None
        if isinstance(x, sympy.Interval):
            if (x.left_open, x.right_open) != (y.left_open, y.right_open):
                return not_equivalent("sets", f"{_show(y)} and {_show(x)} differ at an end")
            ends = [compare(x.start, y.start, ctx), compare(x.end, y.end, ctx)]
        else:
            ends = [compare(x, y, ctx)]
        for v in ends:
            if not v.decided:
                return undecided(v.reason)
            if not v.equivalent:
                return not_equivalent("sets", f"{_show(y)} is not {_show(x)}")
    return equivalent("sets")


def _show(value: sympy.Basic) -> str:
    return str(value)


def _compare_truth(a: sympy.Basic, b: sympy.Basic, ctx: Context,
                   symbols: list[sympy.Symbol]) -> Verdict:
    """Relations in several unknowns: the same truth value at every sampled point."""
    seen: set[bool] = set()
    for point in numeric.points(symbols, ctx.domain, set(), TRUTH_SAMPLES, seed=11):
        ta, tb = _truth(a, point), _truth(b, point)
        if ta is None or tb is None:
            continue
        if ta != tb:
            shown = ", ".join(f"{s.name}={v:g}" for s, v in point.items())
            return not_equivalent("truth", f"at {shown} one holds and the other does not")
        seen.add(ta)
    if seen == {True, False}:
        return equivalent("truth", "the same truth value at every point tried")
    return undecided("the points tried do not separate the relations")


def _truth(relation: sympy.Basic, point: dict[sympy.Symbol, float]) -> bool | None:
    if isinstance(relation, sympy.Not):
        inner = _truth(relation.args[0], point)
        return None if inner is None else not inner
    if isinstance(relation, sympy.Or | sympy.And):
        values = [_truth(part, point) for part in relation.args]
        if any(v is None for v in values):
            return None
        return any(values) if isinstance(relation, sympy.Or) else all(values)
    parts = atoms(relation)
    if parts is None:
        return None
    result = True
    for part in parts:
        kind, d = _normal(part)
        value = numeric.evaluate(d, point)
        if value is None or not numeric.is_real(value) or abs(value.real) < 1e-9:
            return None  # undefined, or too near the boundary to tell
        v = value.real
        holds = {sympy.Gt: v > 0, sympy.Ge: v >= 0, sympy.Eq: False,
                 sympy.Ne: True}.get(kind)
        if holds is None:
            return None
        result = result and holds
    return result


def compare_proportionality(a: Proportional, b: Proportional, ctx: Context) -> Verdict:
    """``f ∝ x²`` against ``f ∝ 3x²``: the same left side, right sides a non-zero
    constant multiple of each other."""
    left = compare(a.args[0], b.args[0], ctx)
    if not left.equivalent:
        return left if not left.decided else not_equivalent(
            left.method, f"proportionality of a different quantity: {left.reason}")
    ra, rb = a.args[1], b.args[1]
    if _proportional(ra, rb, ctx):
        return equivalent("proportional", "the same up to a constant factor")
    symbols = sorted(ra.free_symbols | rb.free_symbols, key=lambda s: s.name)
    ratios = []
    for point in numeric.points(symbols, ctx.domain, set(), 24, seed=5):
        va, vb = numeric.evaluate(ra, point), numeric.evaluate(rb, point)
        if va is not None and vb is not None and abs(vb) > 1e-9 and abs(va) > 1e-9:
            ratios.append(va / vb)
    if len(ratios) >= 2 and any(abs(r - ratios[0]) > 1e-6 * abs(ratios[0]) for r in ratios):
        return not_equivalent("proportional", "the right sides are not a constant multiple "
                              "of each other")
    return undecided("cannot tell whether the right sides are proportional")
