"""reference/rnn_attention_hw2.py: norms, complexities, closed form and outputs properties."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from grader.checks.property import PropertyInput
from grader.mathread.objects import Dots
from tests.conftest import load_reference

ref = load_reference("rnn_attention_hw2")
T, d, beta = sympy.symbols("T d beta", positive=True)

REFERENCES = [
    ("norm_x1", sympy.sqrt(2) * beta),
    ("norm_x2", beta),
    ("norm_x3", sympy.sqrt(2) * beta),
    ("standard_attention_time", T**2 * d),
    ("linear_attention_time", T * d**2),
]


@pytest.mark.parametrize(("name", "expected"), REFERENCES)
def test_reference(name, expected):
    assert sympy.simplify(getattr(ref, name)() - expected) == 0


def test_exact_outputs_tend_to_the_inputs():
    y = ref.exact_outputs(10.0)
    vectors = ref._vectors(10.0)
    x1 = vectors["d"] + vectors["b"]
    assert np.allclose(y[0], x1)
    assert not np.allclose(ref.exact_outputs(1.0)[0], ref._vectors(1.0)["d"]
                           + ref._vectors(1.0)["b"], atol=1e-3)


# ---------------------------------------------------------------- 1

X, H, Y = sympy.IndexedBase("X"), sympy.IndexedBase("H"), sympy.IndexedBase("Y")
i, t, Tp = sympy.symbols("i t T")           # as the reader makes them: no assumptions
sigmoid = sympy.Function("sigmoid")
PAIRS = sympy.Sum(X[2 * i] - X[2 * i - 1], (i, 1, Tp / 2))


def _eq(lhs, rhs):
    return sympy.Eq(lhs, rhs, evaluate=False)


CLOSED_FORMS = [
    ("paired sum", sigmoid(1000 * (PAIRS + H[0])), "", "correct"),
    ("seed 004: two sums",
     sigmoid(1000 * (sympy.Sum(X[2 * i], (i, 1, Tp / 2)) - sympy.Sum(X[2 * i - 1], (i, 1, Tp / 2))
                     + H[0])), "", "correct"),
    ("alternating sign", sigmoid(1000 * (sympy.Sum((-1) ** t * X[t], (t, 1, Tp)) + H[0])), "",
     "correct"),
    ("sigmoid spelled out", 1 / (1 + sympy.exp(-1000 * (PAIRS + H[0]))), "", "correct"),
    ("sigma", sympy.Function("sigma")(1000 * (PAIRS + H[0])), "", "correct"),
    ("sigma as a product", sympy.Symbol("sigma") * (1000 * (PAIRS + H[0])), "", "correct"),
    ("H_0 dropped, stated zero", sigmoid(1000 * PAIRS), "assume H_0 = 0", "correct"),
    ("sign flipped", sigmoid(1000 * (-PAIRS + H[0])), "", "sign_flipped"),
    ("all negated", sigmoid(-1000 * (PAIRS + H[0])), "", "sign_flipped"),
    ("no 1000", sigmoid(PAIRS + H[0]), "", "no_factor_1000"),
    ("H_0 dropped", sigmoid(1000 * PAIRS), "", "drops_h0"),
    ("H_0 = 0.5 is not H_0 = 0", sigmoid(1000 * PAIRS), "H_0 = 0.5", "drops_h0"),
    ("no 1000 and no H_0", sigmoid(PAIRS), "", "incorrect"),
    ("plain sum", sigmoid(1000 * (sympy.Sum(X[i], (i, 1, Tp)) + H[0])), "", "incorrect"),
    ("factor 100", sigmoid(100 * (PAIRS + H[0])), "", "incorrect"),
    ("only in terms of H_T", sigmoid(1000 * H[Tp]), "", "unreadable"),
    ("ellipsis", sigmoid(sympy.Tuple(X[Tp], Dots(), H[0])), "", "unreadable"),
    ("X_0 does not exist", sigmoid(1000 * (PAIRS + X[0])), "", "unreadable"),
]


@pytest.mark.parametrize(("label", "form", "text", "expected"), CLOSED_FORMS,
                         ids=[case[0] for case in CLOSED_FORMS])
def test_closed_form_check(label, form, text, expected):
    inp = PropertyInput((_eq(Y[Tp], sigmoid(1000 * H[Tp])), _eq(Y[Tp], form)), text)
    verdict = ref.closed_form_check(inp)
    assert verdict.label == expected, verdict.evidence


def test_closed_form_takes_the_last_equation():
    inp = PropertyInput((_eq(Y[Tp], sigmoid(PAIRS + H[0])),
                         _eq(Y[Tp], sigmoid(1000 * (PAIRS + H[0])))), "")
    assert ref.closed_form_check(inp).label == "correct"


def test_closed_form_accepts_a_bare_expression():
    inp = PropertyInput((sigmoid(1000 * (PAIRS + H[0])),), "")
    assert ref.closed_form_check(inp).label == "correct"


def test_closed_form_h0_stated_as_equation():
    inp = PropertyInput((_eq(H[0], 0), _eq(Y[Tp], sigmoid(1000 * PAIRS))), "")
    assert ref.closed_form_check(inp).label == "correct"


def test_closed_form_nothing_found():
    assert ref.closed_form_check(PropertyInput((), "no maths")).label == "unreadable"


# ---------------------------------------------------------------- 2b

x, y = sympy.IndexedBase("x"), sympy.IndexedBase("y")
a, b, c, dv, bt = sympy.symbols("a b c d beta")
e = sympy.exp


def _mixture(own, own_score, others):
    """(e^{own_score} own + Σ e^{s} v) / (e^{own_score} + Σ e^{s})."""
    top = e(own_score) * own + sum(e(s) * v for v, s in others)
    return top / (e(own_score) + sum(e(s) for _, s in others))


EXACT = [
    _mixture(dv + b, 2 * bt**2, [(a, 0), (c + dv, bt**2)]),
    _mixture(a, bt**2, [(dv + b, 0), (c + dv, 0)]),
    _mixture(c + dv, 2 * bt**2, [(a, 0), (dv + b, bt**2)]),
]
ZERO_OFF_DIAGONAL = [
    _mixture(dv + b, 2 * bt**2, [(a, 0), (c + dv, 0)]),
    EXACT[1],
    _mixture(c + dv, 2 * bt**2, [(a, 0), (dv + b, 0)]),
]

COSINE = [
    _mixture(x[1], 1, [(x[2], 0), (x[3], sympy.Rational(1, 2))]),
    _mixture(x[2], 1, [(x[1], 0), (x[3], 0)]),
    _mixture(x[3], 1, [(x[2], 0), (x[1], sympy.Rational(1, 2))]),
]

OUTPUTS = [
    ("seed 004: chains", [_eq(y[1], _eq(x[1], dv + b)), _eq(y[2], _eq(x[2], a)),
                          _eq(y[3], _eq(x[3], c + dv))], "correct"),
    ("y_i = x_i", [_eq(y[k], x[k]) for k in (1, 2, 3)], "correct"),
    ("in a, b, c, d", [_eq(y[1], dv + b), _eq(y[2], a), _eq(y[3], c + dv)], "correct"),
    ("exact mixture", [_eq(y[k], EXACT[k - 1]) for k in (1, 2, 3)], "correct"),
    ("mixture, zero off-diagonal scores",
     [_eq(y[k], ZERO_OFF_DIAGONAL[k - 1]) for k in (1, 2, 3)], "wrong_score_matrix"),
    ("y_1 = y_3 = (x_1 + x_3)/2",
     [_eq(y[1], _eq(y[3], (x[1] + x[3]) / 2)), _eq(y[2], x[2])], "averages_x1_x3"),
    ("swapped", [_eq(y[1], x[3]), _eq(y[2], x[2]), _eq(y[3], x[1])], "incorrect"),
    ("overall average", [_eq(y[k], (x[1] + x[2] + x[3]) / 3) for k in (1, 2, 3)], "incorrect"),
    # priti-no-factor-1000: the exact softmax mixture of cosine scores (no β)
    ("cosine-score mixture", [_eq(y[k], COSINE[k - 1]) for k in (1, 2, 3)],
     "wrong_score_matrix"),
    ("mixture with an output out of the span",
     [_eq(y[1], COSINE[0] + a), _eq(y[2], COSINE[1]), _eq(y[3], COSINE[2])], "incorrect"),
    ("mixture favouring another token",
     [_eq(y[1], _mixture(x[3], 1, [(x[1], 0), (x[2], 0)])), _eq(y[2], COSINE[1]),
      _eq(y[3], COSINE[2])], "incorrect"),
    ("only y_1", [_eq(y[1], x[1])], "unreadable"),
    ("scalar output", [_eq(y[1], bt), _eq(y[2], x[2]), _eq(y[3], x[3])], "unreadable"),
    ("unknown vector", [_eq(y[1], sympy.Symbol("u")), _eq(y[2], x[2]), _eq(y[3], x[3])],
     "unreadable"),
]


@pytest.mark.parametrize(("label", "exprs", "expected"), OUTPUTS,
                         ids=[case[0] for case in OUTPUTS])
def test_outputs_check(label, exprs, expected):
    verdict = ref.outputs_check(PropertyInput(tuple(exprs), ""))
    assert verdict.label == expected, verdict.evidence


def test_outputs_feedback_on_zero_off_diagonal_reasoning():
    exprs = tuple(_eq(y[k], x[k]) for k in (1, 2, 3))
    text = "dot product of (x_i,x_j) is 0 if i is not equal to j"
    verdict = ref.outputs_check(PropertyInput(exprs, text))
    assert verdict.label == "correct" and "β²" in verdict.feedback
