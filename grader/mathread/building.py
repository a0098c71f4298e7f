"""Building sympy objects for the transformer: function tables, relations, and the
arithmetic of tree nodes (products, quotients, powers, subscripts, applications).

Every object is built from tree nodes with sympy classes; no student text ever
reaches a sympy string parser. The naming decisions are
:mod:`grader.mathread.transformer`'s.
"""

from __future__ import annotations

from typing import Any

import sympy
from lark import Token

from grader.mathread import limits
from grader.mathread.errors import MathParseError
from grader.mathread.objects import (
    BigO,
    BigOmega,
    BigTheta,
    Dots,
    Prob,
    Proportional,
)

sigmoid = sympy.Function("sigmoid")
softmax = sympy.Function("softmax")
relu = sympy.Function("relu")
Diag = sympy.Function("Diag")

def _factorial(value: sympy.Expr) -> sympy.Expr:
    """``factorial(n)`` in plain text, bounded like ``n!``."""
    limits.check_factorial_argument(value)
    return sympy.factorial(value)


def _log2(value: sympy.Expr) -> sympy.Expr:
    return sympy.log(value, 2)


_ONE_ARG: dict[str, Any] = {
    "log": sympy.log, "ln": sympy.log, "lg": _log2, "exp": sympy.exp, "sigmoid": sigmoid,
    "softmax": softmax, "tanh": sympy.tanh, "sinh": sympy.sinh, "cosh": sympy.cosh,
    "diag": Diag, "relu": relu, "sin": sympy.sin, "cos": sympy.cos, "tan": sympy.tan,
    "sec": sympy.sec, "csc": sympy.csc, "cot": sympy.cot, "arcsin": sympy.asin,
    "arccos": sympy.acos, "arctan": sympy.atan, "abs": sympy.Abs, "floor": sympy.floor,
    "ceil": sympy.ceiling, "factorial": _factorial,
    "sech": sympy.sech, "csch": sympy.csch, "coth": sympy.coth, "arcsinh": sympy.asinh,
    "arccosh": sympy.acosh, "arctanh": sympy.atanh,
}
# sin^{-1} x is arcsin x, not 1/sin x
INVERSE = {"sin": "arcsin", "cos": "arccos", "tan": "arctan", "sinh": "arcsinh",
            "cosh": "arccosh", "tanh": "arctanh"}
def _binomial(*args: sympy.Expr) -> sympy.Expr:
    """``binomial(n, k)`` in plain text, bounded like ``\\binom``."""
    if len(args) != 2:
        raise MathParseError(f"binomial takes two arguments, not {len(args)}")
    for arg in args:
        limits.check_factorial_argument(arg, "binomial")
    return sympy.binomial(*args)


_MANY_ARGS: dict[str, Any] = {"max": sympy.Max, "min": sympy.Min, "binomial": _binomial}
_RELATIONS: dict[str, Any] = {
    "=": sympy.Eq, ":=": sympy.Eq, r"\approx": sympy.Eq, "<": sympy.Lt, ">": sympy.Gt,
    r"\le": sympy.Le, r"\ge": sympy.Ge, r"\ll": sympy.Lt, r"\gg": sympy.Gt,
    r"\ne": sympy.Ne, r"\propto": Proportional, r"\sim": sympy.Eq,
}
# ``y_1 ~ x_1`` in plain text means "approximately"; in a subscript
# (``E_{z \sim q}``) the transformer reads it as "distributed as" instead.
MEMBERSHIP = r"\in"
BIG_O = {r"\bigO": BigO, r"\bigTheta": BigTheta, r"\bigOmega": BigOmega}
ELLIPSIS_SYMBOL = sympy.Symbol("…")


class ProseWord(sympy.Symbol):
    """A word written with ``\\text{…}`` inside maths (``\\text{RNN}_{\\text{time}}``)."""


class Sub:
    """A subscript, waiting for the atom it belongs to."""

    def __init__(self, value: sympy.Basic, sim: sympy.Basic | None = None,
                 condition: sympy.Basic | None = None) -> None:
        self.value = value
        self.sim = sim  # for E_{z ~ q(z|x)}: the variable before ~
        self.condition = condition  # for \sum_{i<j}: the condition, value is None


class Sup:
    def __init__(self, value: sympy.Basic) -> None:
        self.value = value


class TransposeMark:
    pass


class FactorialMark:
    pass


def read_number(digits: str) -> sympy.Basic:
    limits.check_number_literal(digits.replace(".", ""))
    if "." in digits:
        return sympy.Float(float(digits))
    return sympy.Integer(int(digits))


def as_expr(value: Any) -> sympy.Expr:
    """``value`` as an arithmetic expression, or a clear error if it is not one."""
    if isinstance(value, list):
        raise MathParseError("a relation (=, <, ≈) cannot stand inside an expression")
    if isinstance(value, Dots):
        return ELLIPSIS_SYMBOL
    if isinstance(value, sympy.Tuple):
        raise MathParseError("a list or tuple cannot be used as a number")
    if not isinstance(value, sympy.Expr):
        raise MathParseError(f"cannot use {value} in arithmetic")
    return value


def multiply(left: Any, right: Any) -> sympy.Expr:
    return sympy.Mul(as_expr(left), as_expr(right))


def divide(left: Any, right: Any) -> sympy.Expr:
    denominator = as_expr(right)
    if denominator == 0:
        raise MathParseError("division by zero")
    return sympy.Mul(as_expr(left), sympy.Pow(denominator, -1))


def power(base: Any, exponent: Any) -> sympy.Expr:
    base, exponent = as_expr(base), as_expr(exponent)
    limits.check_power(base, exponent)
    if base == 0 and isinstance(exponent, sympy.Number) and exponent.is_negative:
        raise MathParseError("division by zero")
    return sympy.Pow(base, exponent)


def with_subscript(base: Any, index: sympy.Basic) -> sympy.Basic:
    if isinstance(base, ProseWord):  # \text{RNN}_{\text{time}}: still prose
        return ProseWord(f"{base.name}_{index}")
    if isinstance(index, sympy.Equality) or not isinstance(index, sympy.Expr | sympy.Tuple):
        raise MathParseError(f"cannot read the subscript {index}")
    indices = tuple(index) if isinstance(index, sympy.Tuple) else (index,)
    if isinstance(base, sympy.Symbol):
        return sympy.Indexed(sympy.IndexedBase(base.name), *indices)
    if isinstance(base, sympy.Integer):  # \mathbf{1}_L: a named vector of ones
        return sympy.Indexed(sympy.IndexedBase(str(base)), *indices)
    raise MathParseError(f"a subscript can follow a name, not {base}")


def apply_function(name: str, args: list[sympy.Expr], base: sympy.Basic | None) -> sympy.Expr:
    if name in _MANY_ARGS:
        if base is not None:
            raise MathParseError(f"\\{name} with a subscript (an optimisation) is not an "
                                 "expression")
        return _MANY_ARGS[name](*args)
    if len(args) != 1:
        raise MathParseError(f"{name} takes one argument, not {len(args)}")
    if name in {"log", "ln"} and base is not None:
        return sympy.log(args[0], base)
    if base is not None:
        raise MathParseError(f"{name} cannot take a subscript")
    if name == "exp":
        limits.check_power(sympy.E, args[0])
    return _ONE_ARG[name](args[0])


def distribution(value: sympy.Basic, densities: frozenset[str]) -> sympy.Basic:
    """The ``Prob`` in ``E_{q(z|x)}``, ``E_{z∼q(z|x)}`` or ``E_q`` (``q`` a declared density)."""
    if isinstance(value, Prob):
        return value
    if isinstance(value, sympy.Symbol) and value.name in densities:
        return Prob(value, sympy.Tuple(), sympy.Tuple())
    if isinstance(value, sympy.Indexed) and value.base.label.name in densities:
        return Prob(sympy.Symbol(value.base.label.name), sympy.Tuple(), sympy.Tuple())
    raise MathParseError(f"cannot read the distribution of the expectation: {value}")


def read_condition(chain: list[Any]) -> sympy.Basic:
    r"""``1 \le i < j \le D`` as ``And(1 <= i, i < j, j <= D)`` (never evaluated)."""
    if not chain or chain[0] is None or len(chain) < 3:
        raise MathParseError("cannot read this condition")
    parts = []
    for left, op, right in zip(chain[0::2], chain[1::2], chain[2::2], strict=False):
        if str(op) not in {"<", ">", r"\le", r"\ge", r"\ne", r"\ll", r"\gg", "="}:
            raise MathParseError(f"cannot read the condition {op} in a subscript")
        parts.append(relation(op, left, right))
    if len(parts) == 1:
        return parts[0]
    return sympy.And(*parts, evaluate=False)


def bound_indices(body: sympy.Basic, condition: sympy.Basic) -> sympy.Tuple:
    r"""The indices a condition ranges over: its names that index something in
    ``body`` (``i, j`` in ``x_i x_j (1 ≤ i < j ≤ D)``, not ``D``)."""
    names = condition.free_symbols
    used = {s for ix in body.atoms(sympy.Indexed) for index in ix.indices
            for s in index.free_symbols}
    bound = sorted(names & used, key=str) or sorted(
        (s for s in names if len(s.name) == 1 and s.name.islower()), key=str)
    if not bound:
        raise MathParseError("cannot tell which index the condition ranges over")
    return sympy.Tuple(*bound)


def chain_value(chain: list[Any]) -> sympy.Basic:
    """A chain inside a subscript: ``i=1`` is ``Eq(i, 1)``; a lone expression is itself."""
    if chain and chain[0] is None:
        raise MathParseError("a subscript cannot start with a relation")
    if len(chain) == 1:
        return chain[0]
    if len(chain) == 3 and str(chain[1]) in {"=", ":="}:
        return sympy.Eq(as_expr(chain[0]), as_expr(chain[2]), evaluate=False)
    raise MathParseError("cannot read this subscript")


def relation(op: Token, left: Any, right: Any) -> sympy.Basic:
    """The sympy relation for ``left op right`` (never evaluated to True/False)."""
    cls = _RELATIONS[str(op)]
    if cls is Proportional:
        return Proportional(as_expr(left), as_expr(right))
    if cls is sympy.Eq:  # φ(q)ᵀ = [1, q_1, …]: a list may stand on either side
        return sympy.Eq(_side(left), _side(right), evaluate=False)
    return cls(as_expr(left), as_expr(right), evaluate=False)


def _side(value: Any) -> sympy.Basic:
    if isinstance(value, sympy.Tuple):
        return value
    return as_expr(value)
