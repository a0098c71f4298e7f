"""The reader's standard functions, powers of functions, glued indices and declared functions."""

from __future__ import annotations

import pytest
import sympy
from sympy import (
    Abs,
    Function,
    IndexedBase,
    Symbol,
    acos,
    asin,
    atan,
    ceiling,
    cos,
    cot,
    csc,
    factorial,
    floor,
    log,
    sec,
    sin,
    sinh,
    tan,
)

from grader.mathread import MathParseError, parse_math
from grader.notation import Notation

x, y, n = (Symbol(s) for s in "xyn")

# (input, expected)
CASES = [
    ("tan(x)", tan(x)), (r"\sec x", sec(x)), ("csc(x) + cot(x)", csc(x) + cot(x)),
    ("arcsin(x)", asin(x)), ("acos(x)", acos(x)), (r"\arctan(x)", atan(x)),
    ("sinh(x)", sinh(x)), ("abs(x)", Abs(x)), ("floor(x) + ceil(y)", floor(x) + ceiling(y)),
    ("factorial(n)", factorial(n)), ("lg(n)", log(n, 2)),
    (r"\tan^2(y) + 1", tan(y) ** 2 + 1), ("n log^2 n", n * log(n) ** 2),
    (r"\sin^{-1} x", asin(x)), ("log log n", log(log(n))), (r"\cos^2 x", cos(x) ** 2),
    ("a1 + a2", IndexedBase("a")[1] + IndexedBase("a")[2]), ("x2", IndexedBase("x")[2]),
    ("2x2", 2 * IndexedBase("x")[2]), ("sin(x)", sin(x)), ("y^log(x)", y ** log(x)),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_reads(text, expected):
    assert parse_math(text) == expected


def test_digits_after_a_function_name_are_its_argument():
    assert parse_math("log2") == log(2)


def test_declared_functions_apply():
    notation = Notation(functions=("f",))
    f = Function("f")
    assert parse_math("f(x + 1) - f(x)", notation) == f(x + 1) - f(x)
    assert parse_math("f(y)") == Symbol("f") * y  # undeclared: a product, as before


@pytest.mark.parametrize("text", ["factorial(5000)", "tan(x, y)", r"\sin^{x"])
def test_refuses(text):
    with pytest.raises(MathParseError):
        parse_math(text)


def test_factorial_function_is_bounded_like_bang():
    assert parse_math("factorial(5)") == sympy.Integer(120)
