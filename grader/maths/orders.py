r"""Big-O, Θ and Ω as an order on functions of one size, ``n``.

A function is ordered by its *log-growth*: ``log f(n)`` as a sum of terms
``n^a (log n)^b (log log n)^c (log log log n)^d`` (the key ``(a, b, c, d)``),
kept exactly up to ``o(1)``. Polynomials, logarithms of any base and iterated,
exponentials ``b^{g(n)}``, factorials ``(n + k)!`` (Stirling), ``n^n`` and
products of these all have one. Two functions have the same order (Θ) when
their log-growths differ by a constant; otherwise the first key where they
differ says which grows faster. Bounds that are products of powers and logs of
the sizes (in one size or several) use the monomial order of
``grader.maths.monomials``, which also says how two such bounds differ.
"""

from __future__ import annotations

from collections import defaultdict

import sympy

from grader.mathread.objects import BigO, BigOmega, BigTheta
from grader.maths.monomials import (
    OrderDifference,
    UnsupportedBound,
    bound_terms,
    covers,
    difference,
)
from grader.maths.verdict import Verdict, equivalent, not_equivalent, undecided

Key = tuple[sympy.Rational, sympy.Rational, sympy.Rational, sympy.Rational]
Growth = dict[Key, sympy.Expr]

CONSTANT: Key = (sympy.Integer(0),) * 4  # type: ignore[assignment]
_OPERATORS = {BigO: "O", BigTheta: "Θ", BigOmega: "Ω"}


def _key(a: int = 0, b: int = 0, c: int = 0, d: int = 0) -> Key:
    return (sympy.Rational(a), sympy.Rational(b), sympy.Rational(c), sympy.Rational(d))


def _add(*growths: Growth) -> Growth:
    out: Growth = defaultdict(lambda: sympy.Integer(0))
    for g in growths:
        for k, v in g.items():
            out[k] += v
    return {k: v for k, v in out.items() if v != 0}


def _scale(g: Growth, factor: sympy.Expr) -> Growth:
    return {k: v * factor for k, v in g.items() if v * factor != 0}


def _times(g: Growth, h: Growth) -> Growth:
    out: Growth = defaultdict(lambda: sympy.Integer(0))
    for k1, v1 in g.items():
        for k2, v2 in h.items():
            out[tuple(x + y for x, y in zip(k1, k2, strict=True))] += v1 * v2  # type: ignore[index]
    return {k: v for k, v in out.items() if v != 0}


def _leading(g: Growth) -> tuple[Key, sympy.Expr]:
    key = max(g)
    return key, g[key]


def _positive(value: sympy.Expr) -> bool | None:
    if value.is_positive:
        return True
    if value.is_negative or value.is_zero:
        return False
    try:
        number = complex(value.evalf(30))
    except (TypeError, ValueError):
        return None
    return number.real > 0 if abs(number.imag) < 1e-20 else None


def shape(expr: sympy.Expr, n: sympy.Symbol) -> Growth:
    """``expr`` as a sum of basis terms (exponents, arguments of logs)."""
    if not expr.has(n):
        return {CONSTANT: expr} if expr != 0 else {}
    if expr == n:
        return {_key(1): sympy.Integer(1)}
    if isinstance(expr, sympy.log) and len(expr.args) == 1:
        return log_growth(expr.args[0], n)
    if expr.is_Add:
        return _add(*(shape(a, n) for a in expr.args))
    if expr.is_Mul:
        out: Growth = {CONSTANT: sympy.Integer(1)}
        for factor in expr.args:
            out = _times(out, shape(factor, n))
        return out
    if expr.is_Pow and expr.exp.is_Rational:
        base = shape(expr.base, n)
        if expr.exp.is_Integer and 0 < expr.exp <= 6:
            out = {CONSTANT: sympy.Integer(1)}
            for _ in range(int(expr.exp)):
                out = _times(out, base)
            return out
        if len(base) == 1:
            (k, v), = base.items()
            return {tuple(x * expr.exp for x in k): v ** expr.exp}  # type: ignore[dict-item]
    raise UnsupportedBound(f"cannot order {expr}")


def log_growth(expr: sympy.Expr, n: sympy.Symbol) -> Growth:
    """``log expr`` as a sum of basis terms, exact up to ``o(1)``."""
    if not expr.has(n):
        if not _positive(expr):
            raise UnsupportedBound(f"{expr} is not positive")
        return {CONSTANT: sympy.log(expr)}
    if expr == n:
        return {_key(0, 1): sympy.Integer(1)}
    if expr.is_Mul:
        return _add(*(log_growth(f, n) for f in expr.args))
    if expr.is_Pow:
        return _power_growth(expr.base, expr.exp, n)
    if isinstance(expr, sympy.exp):
        return shape(expr.args[0], n)
    if isinstance(expr, sympy.log) and len(expr.args) == 1:
        return _log_of(log_growth(expr.args[0], n))
    if isinstance(expr, sympy.factorial):
        return _factorial_growth(shape(expr.args[0], n))
    if expr.is_Add:
        return _sum_growth(expr, n)
    raise UnsupportedBound(f"cannot order {expr}")


def _power_growth(base: sympy.Expr, exponent: sympy.Expr, n: sympy.Symbol) -> Growth:
    if not exponent.has(n):
        return _scale(log_growth(base, n), exponent)
    if not base.has(n):
        if not _positive(base):
            raise UnsupportedBound(f"{base}^… with a base that is not positive")
        return _scale(shape(exponent, n), sympy.log(base))
    return _times(shape(exponent, n), log_growth(base, n))


def _log_of(inner: Growth) -> Growth:
    """``log h`` for ``h = log g`` given ``inner``, the log-growth of ``g`` (which is
    ``h``'s expansion): ``log(κ n^a (log n)^b (log log n)^c) = a log n + b log log n
    + c log log log n + log κ + o(1)``."""
    key, coefficient = _leading(inner)
    if key == CONSTANT or not _positive(coefficient):
        raise UnsupportedBound("the logarithm of something that does not grow")
    a, b, c, d = key
    if d != 0:
        raise UnsupportedBound("too many nested logarithms")
    return _add({_key(0, 1): a, _key(0, 0, 1): b, _key(0, 0, 0, 1): c},
                {CONSTANT: sympy.log(coefficient)})


def _factorial_growth(argument: Growth) -> Growth:
    """Stirling: ``log (κn + k)! = κ n log n + (κ log κ − κ) n + (k + ½) log n + O(1)``."""
    if set(argument) - {CONSTANT, _key(1)} or _key(1) not in argument:
        raise UnsupportedBound("a factorial of something other than κn + k")
    kappa, k = argument[_key(1)], argument.get(CONSTANT, sympy.Integer(0))
    if not _positive(kappa):
        raise UnsupportedBound("a factorial of a shrinking argument")
    return {_key(1, 1): kappa, _key(1): kappa * sympy.log(kappa) - kappa,
            _key(0, 1): k + sympy.Rational(1, 2),
            CONSTANT: (k + sympy.Rational(1, 2)) * sympy.log(kappa) + sympy.log(2 * sympy.pi) / 2}


def _sum_growth(expr: sympy.Expr, n: sympy.Symbol) -> Growth:
    terms = []
    for term in sympy.Add.make_args(expr):
        if not term.has(n):  # −log(log 2)/log 2 (from lg lg n) is a positive constant
            positive = _positive(term)
            if positive is None:
                raise UnsupportedBound(f"cannot tell the sign of {term}")
            terms.append((1 if positive else -1, {CONSTANT: sympy.log(abs(term))}))
            continue
        coefficient, rest = term.as_coeff_Mul()
        sign = 1 if coefficient > 0 else -1
        terms.append((sign, log_growth(abs(coefficient) * rest, n)))
    top = max(terms, key=lambda t: _order_vector(t[1]))
    dominant = [t for t in terms if _order_vector(t[1]) == _order_vector(top[1])]
    total = sum(sign * sympy.exp(g.get(CONSTANT, 0)) for sign, g in dominant)
    if not _positive(total):
        raise UnsupportedBound(f"{expr} is not positive as n grows")
    growth = {k: v for k, v in top[1].items() if k != CONSTANT}
    growth[CONSTANT] = sympy.log(total)
    return growth


def _order_vector(g: Growth) -> tuple:
    """A sort key: the non-constant terms, largest key first, by value."""
    items = sorted(((k, v) for k, v in g.items() if k != CONSTANT), reverse=True)
    return tuple((k, float(v.evalf(20))) for k, v in items)


def order_difference(a: Growth, b: Growth) -> int:
    """-1, 0 or 1: ``a`` grows slower than, as fast as (Θ), or faster than ``b``."""
    diff = _add(a, _scale(b, sympy.Integer(-1)))
    diff.pop(CONSTANT, None)
    diff = {k: v for k, v in diff.items() if abs(float(v.evalf(30))) > 1e-25}
    if not diff:
        return 0
    _, coefficient = _leading(diff)
    return 1 if _positive(coefficient) else -1


def split_operator(value: sympy.Basic) -> tuple[str | None, sympy.Basic]:
    for cls, name in _OPERATORS.items():
        if isinstance(value, cls):
            return name, value.args[0]
    return None, value


def compare_bounds(reference: sympy.Basic, answer: sympy.Basic) -> Verdict:
    """Whether ``answer`` names the same order as ``reference``."""
    op_ref, f_ref = split_operator(reference)
    op_ans, f_ans = split_operator(answer)
    if op_ref and op_ans and op_ref != op_ans:
        return undecided(f"{op_ans}(…) where {op_ref}(…) is asked")
    if not (isinstance(f_ref, sympy.Expr) and isinstance(f_ans, sympy.Expr)):
        return undecided("a bound that is not an expression")
    if f_ans.is_number and f_ans.is_zero:
        return not_equivalent("order", "zero is not a bound")
    sizes = f_ref.free_symbols | f_ans.free_symbols
    if len(sizes) > 1 or _monomial_bounds(f_ref, f_ans):
        return _compare_monomials(f_ref, f_ans)
    n = next(iter(sizes), sympy.Symbol("n"))
    try:
        if not _positive_eventually(f_ref, n):
            f_ref = -f_ref  # O(−n²) is O(n²): a bound is on |f|
        if not _positive_eventually(f_ans, n):
            return not_equivalent("order", "a negative bound")
        g_ref, g_ans = log_growth(f_ref, n), log_growth(f_ans, n)
    except UnsupportedBound as exc:
        return undecided(str(exc))
    step = order_difference(g_ans, g_ref)
    if step == 0:
        return equivalent("order", "the same order of growth")
    if step > 0:
        return not_equivalent("order", TOO_LOOSE, order=OrderDifference(True, False))
    return not_equivalent("order", TOO_SMALL, order=OrderDifference(False, True))


TOO_LOOSE = "the answer grows faster than the bound (too loose)"
TOO_SMALL = "the answer grows slower than the bound"


def _monomial_bounds(f_ref: sympy.Expr, f_ans: sympy.Expr) -> bool:
    """Whether both bounds are products of powers and logs of the sizes (read once and
    cached), which the monomial order decides exactly and cheaply."""
    try:
        bound_terms(f_ref), bound_terms(f_ans)
    except UnsupportedBound:
        return False
    return True


def _positive_eventually(f: sympy.Expr, n: sympy.Symbol) -> bool:
    """Whether ``f`` is positive for large ``n`` (its dominant terms sum positive)."""
    if not f.has(n):
        return bool(_positive(f))
    terms = [t for t in sympy.Add.make_args(sympy.expand(f)) if t.has(n)]
    growths = []
    for term in terms:
        coefficient, rest = term.as_coeff_Mul()
        growths.append((coefficient, log_growth(rest, n)))
    top = max(growths, key=lambda t: _order_vector(t[1]))
    return top[0] > 0


def _negative_term(f: sympy.Expr, maximal: frozenset) -> bool:
    """Whether a maximal monomial of ``f`` comes with a negative coefficient."""
    expanded = sympy.expand(sympy.expand_log(f, force=True))
    for term in sympy.Add.make_args(expanded):
        coefficient, _ = term.as_coeff_Mul()
        if coefficient < 0 and bound_terms(-term) <= maximal:
            return True
    return False


def _compare_monomials(f_ref: sympy.Expr, f_ans: sympy.Expr) -> Verdict:
    try:
        ref, ans = bound_terms(f_ref), bound_terms(f_ans)
        if _negative_term(f_ans, ans):
            return not_equivalent("order", "a negative bound")
    except UnsupportedBound as exc:
        separable = _compare_separable(f_ref, f_ans)
        return separable if separable is not None else undecided(str(exc))
    if covers(ref, ans) and covers(ans, ref):
        return equivalent("order", "the same order of growth")
    order = difference(ans, ref)
    if order.looser:
        return not_equivalent("order", TOO_LOOSE, order=order)
    if order.tighter:
        return not_equivalent("order", TOO_SMALL, order=order)
    return not_equivalent("order", "the answer does not bound the same growth", order=order)


def _by_size(f: sympy.Expr) -> dict[sympy.Symbol, sympy.Expr] | None:
    """``n + m!`` as ``{n: n, m: m!}``: the terms of each size, when no term mixes two
    sizes (constants are dropped: they never change an order in several sizes)."""
    groups: dict[sympy.Symbol, sympy.Expr] = {}
    for term in sympy.Add.make_args(sympy.expand(f)):
        sizes = term.free_symbols
        if len(sizes) > 1:
            return None
        if sizes:
            size = next(iter(sizes))
            groups[size] = groups.get(size, sympy.Integer(0)) + term
    return groups


def _compare_separable(f_ref: sympy.Expr, f_ans: sympy.Expr) -> Verdict | None:
    """Sums of one-size functions (``n + m!``): the same order exactly when each size's
    part has the same order, since the sizes grow independently."""
    ref, ans = _by_size(f_ref), _by_size(f_ans)
    if ref is None or ans is None or set(ref) != set(ans):
        return None
    steps = set()
    try:
        for size in ref:
            if not (_positive_eventually(ref[size], size)
                    and _positive_eventually(ans[size], size)):
                return None
            steps.add(order_difference(log_growth(ans[size], size),
                                       log_growth(ref[size], size)))
    except UnsupportedBound:
        return None
    if steps == {0}:
        return equivalent("order", "the same order of growth in each size")
    if steps <= {0, 1}:
        return not_equivalent("order", TOO_LOOSE, order=OrderDifference(True, False))
    if steps <= {0, -1}:
        return not_equivalent("order", TOO_SMALL, order=OrderDifference(False, True))
    return not_equivalent("order", "the answer does not bound the same growth")
