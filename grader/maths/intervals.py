"""An interval with symbols in its ends (``[sin m, 2)``) against a chain on one unknown."""

from __future__ import annotations

import sympy

from grader.maths.compare import Context, compare
from grader.maths.verdict import Verdict, equivalent, not_equivalent, undecided


def symbolic_interval(interval: sympy.Basic, chain: sympy.Basic, ctx: Context
                       ) -> Verdict | None:
    """``[sin m, 2)`` against ``sin m ≤ x < 2``: an interval with symbols in its ends
    against a chain on the one other unknown, compared end by end (sampling both as
    relations in ``x`` and ``m`` cannot tell them apart with confidence)."""
    if not (isinstance(interval, sympy.Interval) and interval.free_symbols):
        return None
    variables = _unknowns(chain) - interval.free_symbols
    if len(variables) != 1:
        return None
    as_interval = _chain_interval(chain, next(iter(variables)))
    if as_interval is None:
        return None
    lo, hi, left_open, right_open = as_interval
    if (left_open, right_open) != (bool(interval.left_open), bool(interval.right_open)):
        return not_equivalent("sets", "one end is open in one and closed in the other")
    ends = [compare(interval.start, lo, ctx), compare(interval.end, hi, ctx)]
    if all(v.equivalent for v in ends):
        return equivalent("sets", "the same ends")
    if any(v.status.value == "not_equivalent" for v in ends):
        return not_equivalent("sets", "the ends differ")
    return undecided("cannot compare the ends of the intervals")


def _chain_interval(chain: sympy.Basic, x: sympy.Symbol
                    ) -> tuple[sympy.Expr, sympy.Expr, bool, bool] | None:
    """``(lo, hi, left open, right open)`` for ``lo ≤ x < hi`` (``x`` alone on its side,
    absent from the ends), else None."""
    parts = list(chain.args) if isinstance(chain, sympy.And) else None
    if parts is None or len(parts) != 2:
        return None
    lower = upper = None
    for part in parts:
        if not isinstance(part, sympy.Lt | sympy.Le | sympy.Gt | sympy.Ge):
            return None
        small, big = (part.lhs, part.rhs) if isinstance(part, sympy.Lt | sympy.Le) \
            else (part.rhs, part.lhs)
        strict = isinstance(part, sympy.Lt | sympy.Gt)
        if big == x and not small.has(x):
            lower = (small, strict)
        elif small == x and not big.has(x):
            upper = (big, strict)
        else:
            return None
    if lower is None or upper is None:
        return None
    return lower[0], upper[0], lower[1], upper[1]


def _unknowns(value: sympy.Basic) -> set[sympy.Symbol]:
    if isinstance(value, sympy.Set):
        return set()
    if isinstance(value, sympy.Contains):
        return set(value.args[0].free_symbols)
    return set(value.free_symbols)
