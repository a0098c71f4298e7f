r"""A function written without brackets applies to the whole juxtaposed product after
it, as mathematicians write it: ``\cos\omega k`` is cos(ωk), ``\log\sum_i e^{x_i}`` is
log(Σ_i e^{x_i}). The product ends at + - = , a relation, a closing bracket or the
next function name."""

from __future__ import annotations

import pytest
from sympy import Eq, IndexedBase, Sum, Symbol, cos, exp, log, oo, sin, sqrt

from grader.mathread import MathParseError, parse_math

a, b, c, i, k, m, n, p, x, y = (Symbol(s) for s in "abcikmnpxy")
omega = Symbol("omega")
E = Symbol("e")  # with no notation declaring it, e is a letter
X = IndexedBase("x")


def _sum(body):
    return Sum(body, (i, -oo, oo))


# (input, expected): each convention in LaTeX and in plain text
CONVENTIONS = [
    # the argument is the juxtaposed product after the name
    (r"\cos\omega k", cos(omega * k)),
    ("cos ωk", cos(omega * k)),
    (r"\sin 2 x", sin(2 * x)),
    (r"\exp a b", exp(a * b)),
    (r"\log n^2", log(n**2)),
    ("log n^2", log(n**2)),
    (r"\log_2 n m", log(n * m, 2)),
    (r"\log \frac{1}{2} x", log(x / 2)),
    # a sum after the name is part of its argument, with the sum's body
    (r"\log\sum_i e^{x_i}", log(_sum(E ** X[i]))),
    ("log sum_i exp(x_i)", log(_sum(exp(X[i])))),
    ("log Σ_i exp(x_i)", log(_sum(exp(X[i])))),
    (r"m + \log\sum_i e^{x_i - m}", m + log(_sum(E ** (X[i] - m)))),
    (r"- \log \sum_i x_i", -log(_sum(X[i]))),
    (r"\log x \sum_i x_i", log(x * _sum(X[i]))),
    (r"\sin^2 \sum_i x_i", sin(_sum(X[i])) ** 2),
    # the next function name at the same level starts a new factor
    ("sin ωp cos ωk", sin(omega * p) * cos(omega * k)),
    (r"\sin\omega p \cos\omega k", sin(omega * p) * cos(omega * k)),
    (r"\log\log n", log(log(n))),
    (r"\sin x \cos(y)", sin(x) * cos(y)),
    ("sin x cos(y) y", sin(x) * cos(y) * y),
]

# (input, expected): where the argument stops
BOUNDARIES = [
    ("sin x + y", sin(x) + y),
    ("sin x - y", sin(x) - y),
    ("2 sin x cos x", 2 * sin(x) * cos(x)),
    ("sin(x)y", sin(x) * y),
    ("sin(x) y", sin(x) * y),
    (r"\sin x (y + 1)", sin(x) * (y + 1)),  # a bracket opens a new factor
    (r"\sin^2 x", sin(x) ** 2),
    (r"\sin^2 x + \cos^2 x", sin(x) ** 2 + cos(x) ** 2),
    ("n log n", n * log(n)),
    (r"n \log n \cdot m", n * log(n) * m),
    (r"\exp x / 2", exp(x) / 2),
    (r"(\sin x) y", sin(x) * y),
    (r"\sqrt{\log n} x", sqrt(log(n)) * x),
]


@pytest.mark.parametrize(("text", "expected"), CONVENTIONS)
def test_a_bare_function_takes_the_product_after_it(text, expected):
    assert parse_math(text) == expected


@pytest.mark.parametrize(("text", "expected"), BOUNDARIES)
def test_the_argument_stops_where_the_product_does(text, expected):
    assert parse_math(text) == expected


def test_a_comma_ends_the_argument():
    assert tuple(parse_math(r"(\log x, y)")) == (log(x), y)
    assert tuple(parse_math(r"[\cos\omega k, \sin\omega k]")) == (cos(omega * k),
                                                                   sin(omega * k))


def test_a_relation_ends_the_argument():
    assert parse_math(r"\log\sum_i e^{x_i} = m + \log\sum_i e^{x_i-m}") == Eq(
        log(_sum(E ** X[i])), m + log(_sum(E ** (X[i] - m))))
    assert parse_math(r"\cos x = y") == Eq(cos(x), y)


@pytest.mark.parametrize("text", [r"\log", r"\sin + x", r"\log \sum_i"])
def test_a_bare_function_needs_an_argument(text):
    with pytest.raises(MathParseError):
        parse_math(text)

