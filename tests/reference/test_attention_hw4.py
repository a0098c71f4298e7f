"""reference/attention_hw4.py: counts, the temperature table and limits, the shift matrix,
Var(qᵀk), log-sum-exp."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from grader.answer import Answer
from grader.checks.property import PropertyInput, read_maths
from grader.notation import Notation
from tests.conftest import load_reference

ref = load_reference("attention_hw4")
d, h, n = sympy.symbols("d h n", positive=True)

VALUES = [
    ("mha_params", 4 * d**2),
    ("mha_params_with_biases", 4 * d**2 + 4 * d),
    ("mha_params_full_width_heads", 4 * h * d**2),
    ("mha_params_no_output", 3 * d**2),
    ("mha_time", n * d**2 + n**2 * d),
    ("mha_time_long_sequences", n**2 * d),
    ("mha_time_factored", n * d * (n + d)),
    ("mha_time_per_head_full", h * n**2 * d),
    ("dot_variance", d),
    ("dot_std", sympy.sqrt(d)),
    ("dot_variance_squared", d**2),
    ("dot_variance_scaled", 1),
]


@pytest.mark.parametrize(("name", "expected"), VALUES)
def test_value(name, expected):
    assert sympy.expand(getattr(ref, name)() - expected) == 0


# The key prints the table to two decimals; the module computes it.
KEY_TABLE = [[0.02, 0.12, 0.87], [0.09, 0.24, 0.67], [0.19, 0.31, 0.51]]


def test_temperature_table_rounds_to_the_key():
    assert np.allclose(np.round(ref.temperature_table(), 2), KEY_TABLE)
    assert np.allclose(ref.temperature_table().sum(axis=1), 1)


def test_multiplied_temperature_swaps_the_outer_rows():
    assert np.allclose(ref.temperature_table_multiplied(), ref.temperature_table()[::-1])


def test_limits():
    assert ref.softmax_limit("zero") == (0, 0, 1)
    third = sympy.Rational(1, 3)
    assert ref.softmax_limit("infinity") == (third, third, third)


def test_shift_matrix_composes_rotations():
    m = ref.shift_matrix()
    rng = np.random.default_rng(1)
    for _ in range(3):
        w, k, p = rng.uniform(0.1, 2), rng.uniform(-3, 3), rng.uniform(-3, 3)
        sub = {ref.omega: w, ref.k: k, ref.p: p}
        lhs = np.array(ref.encoding(ref.p + ref.k).subs(sub).evalf(), dtype=float)
        rhs = np.array((m * ref.encoding(ref.p)).subs(sub).evalf(), dtype=float)
        assert np.allclose(lhs, rhs)
    assert not m.has(ref.p)


def _inp(*exprs, text=""):
    return PropertyInput(tuple(exprs), text)


omega, k = sympy.symbols("omega k")
c, s = sympy.cos(omega * k), sympy.sin(omega * k)
MATRICES = [
    (sympy.Tuple(sympy.Tuple(c, s), sympy.Tuple(-s, c)), "correct"),
    (sympy.Tuple(sympy.Tuple(c, -s), sympy.Tuple(s, c)), "transposed"),
    (sympy.Tuple(sympy.Tuple(c, s), sympy.Tuple(s, c)), "incorrect"),
    (sympy.Tuple(sympy.Tuple(c, s), sympy.Tuple(-s, sympy.Symbol("q"))), "unreadable"),
]


@pytest.mark.parametrize(("matrix", "label"), MATRICES)
def test_shift_matrix_check(matrix, label):
    assert ref.shift_matrix_check(_inp(matrix)).label == label


third = sympy.Rational(1, 3)
LIMITS = [
    (ref.limit_zero_check, _inp(sympy.Tuple(0, 0, 1)), "correct"),
    (ref.limit_zero_check, _inp(sympy.Tuple(third, third, third)), "other_limit"),
    (ref.limit_zero_check, _inp(sympy.Tuple(0, 1, 0)), "incorrect"),
    (ref.limit_zero_check, _inp(text="one-hot on the largest logit"), "correct"),
    (ref.limit_infinity_check, _inp(text="it becomes uniform"), "correct"),
    (ref.limit_infinity_check, _inp(text="one-hot"), "other_limit"),
    (ref.limit_infinity_check, _inp(text="it spreads out"), "unreadable"),
]


@pytest.mark.parametrize(("check", "inp", "label"), LIMITS)
def test_limit_checks(check, inp, label):
    assert check(inp).label == label


i, m = sympy.Symbol("i"), sympy.Symbol("m")
x = sympy.IndexedBase("x")
e = sympy.Symbol("e")


def _sum(body):
    return sympy.Sum(body, (i, -sympy.oo, sympy.oo))


LSE = sympy.log(_sum(e ** x[i]))
IDENTITIES = [
    (sympy.Eq(LSE, m + sympy.log(_sum(e ** (x[i] - m)))), "correct"),
    (sympy.Eq(LSE, sympy.log(_sum(e ** (x[i] - m))) - m), "sign_of_m"),
    (sympy.Eq(LSE, m * sympy.log(_sum(e ** (x[i] - m)))), "incorrect"),
    (sympy.Eq(LSE, sympy.log(_sum(e ** x[i]))), "unreadable"),  # m never appears
]


@pytest.mark.parametrize(("equation", "label"), IDENTITIES)
def test_logsumexp_check(equation, label):
    assert ref.logsumexp_check(_inp(equation)).label == label


def test_both_limits_in_one_answer_go_to_review():
    answer = _inp(sympy.Tuple(0, 0, 1), sympy.Tuple(third, third, third))
    assert ref.limit_zero_check(answer).label == "unreadable"


def test_words_for_both_limits_go_to_review():
    answer = _inp(sympy.Tuple(third, third, third), text="one-hot (0,0,1); uniform (1/3,1/3,1/3)")
    assert ref.limit_zero_check(answer).label == "unreadable"


# Answers as students write them, read by the property checker's own reading:
# functions without parentheses, LaTeX matrices, a chained equality
WRITTEN = [
    (ref.shift_matrix_check, "M_k = [[cos ωk, sin ωk], [-sin ωk, cos ωk]]", "correct"),
    (ref.shift_matrix_check, "M_k = [[cos ωk, -sin ωk], [sin ωk, cos ωk]]", "transposed"),
    (ref.shift_matrix_check, r"$\begin{pmatrix}\cos\omega k & \sin\omega k\\ -\sin\omega k"
     r" & \cos\omega k\end{pmatrix}$", "correct"),
    (ref.shift_matrix_check, "M_k = [[cos ω, sin ω], [-sin ω, cos ω]]", "incorrect"),
    # combined from matrices the answer names: the definition is not the answer
    (ref.shift_matrix_check, "Let I be the 2×2 identity and J = [[0, 1], [-1, 0]]. Then\n"
     "M_k = cos(ωk)·I + sin(ωk)·J", "correct"),
    (ref.shift_matrix_check, "Let I be the 2×2 identity and J = [[0, 1], [-1, 0]]. Then\n"
     "M_k = cos(ωk)·I - sin(ωk)·J", "transposed"),
    (ref.shift_matrix_check, "With J = [[0, 1], [-1, 0]]: M_k = cos(ωk)·I + sin(ωk)·J",
     "unreadable"),  # I never said to be the identity
    (ref.logsumexp_check, r"$\log\sum_i e^{x_i} = m + \log\sum_i e^{x_i-m}$", "correct"),
    (ref.logsumexp_check, "log sum_i exp(x_i) = m + log sum_i exp(x_i - m)", "correct"),
    (ref.logsumexp_check, r"$\log\sum_i e^{x_i} = \log\sum_i e^{x_i-m} - m$", "sign_of_m"),
    (ref.logsumexp_check,
     "log(Σ_i exp(x_i)) = log(e^m Σ_i exp(x_i − m)) = m + log(Σ_i exp(x_i − m))", "correct"),
    (ref.logsumexp_check,
     "log(Σ_i exp(x_i)) = log(e^m Σ_i exp(x_i − m)) = m log(Σ_i exp(x_i − m))", "incorrect"),
]


@pytest.mark.parametrize(("check", "text", "label"), WRITTEN)
def test_checks_on_written_answers(check, text, label):
    inp, notes = read_maths(Answer("p", text), Notation())
    assert check(inp).label == label, notes
