r"""Limits as answers: ``\lim_{x \to 0} \frac{\sin x}{x}``, ``lim_{n -> \infty} (1 + 1/n)^n``.

Read into an unevaluated ``sympy.Limit`` (of the whole answer, or of the left side
of ``\lim … = v``); ``evaluate_limits`` computes them with sympy's ``limit`` inside the
``verify`` call's time limit. A limit sympy cannot compute, or one that does not
exist (an oscillation), stays a ``Limit`` and the comparison is undecided.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import sympy

from grader.mathread import MathParseError

_LIMIT = re.compile(
    r"\s*\\?lim(?:its)?\s*_\s*\{\s*(?P<var>[^{}]+?)\s*(?:\\to|\\rightarrow|→|->)\s*"
    r"(?P<point>(?:[^{}]|\{[^{}]*\})+?)\s*\}\s*(?P<body>.+)", re.S)
_SIDE = re.compile(r"\^\s*(?:\{\s*(?P<a>[+-])\s*\}|(?P<b>[+-]))\s*$")


def read_limit(text: str, read_one: Callable[[str], sympy.Basic],
               read_body: Callable[[str], Any]) -> Any | None:
    """``text`` as a limit (a ``Parsed``), or None when it does not start with one."""
    match = _LIMIT.fullmatch(text)
    if not match:
        return None
    variable = read_one(match["var"])
    if not isinstance(variable, sympy.Symbol):
        raise MathParseError(f"a limit needs one variable, not {match['var']!r}", text, None)
    point_text, side = match["point"], "+-"
    one_sided = _SIDE.search(point_text)
    if one_sided:
        side = one_sided["a"] or one_sided["b"]
        point_text = point_text[:one_sided.start()]
    point = read_one(point_text)
    if point in (sympy.oo, -sympy.oo):
        side = "-" if point == sympy.oo else "+"
    body = read_body(match["body"].strip())

    def limit_of(expr: sympy.Basic) -> sympy.Limit:
        return sympy.Limit(expr, variable, point, side)

    if body.kind == "expression":
        return type(body)("expression", limit_of(body.value), text)
    if isinstance(body.value, sympy.Eq):
        return type(body)("relation", sympy.Eq(limit_of(body.value.lhs), body.value.rhs,
                                               evaluate=False), text)
    raise MathParseError("only a limit of an expression, or lim … = value, is read", text, None)


def evaluate_limits(expr: sympy.Basic) -> sympy.Basic:
    """``expr`` with every limit computed (those sympy cannot compute are kept)."""
    done = {}
    for limit in expr.atoms(sympy.Limit):
        try:
            value = limit.doit()
        except (NotImplementedError, ValueError, TypeError, ArithmeticError):
            continue
        if isinstance(value, sympy.Expr) and not value.has(sympy.Limit, sympy.AccumBounds):
            done[limit] = value
    return expr.xreplace(done) if done else expr
