"""reference/optim_hw3.py: costs, the softmax gradient, GD and momentum, the Gaussian KL."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from grader.checks.property import PropertyInput
from tests.conftest import load_reference

ref = load_reference("optim_hw3")
L, B, d = sympy.symbols("L B d", positive=True)

COMPLEXITIES = [
    ("forward_time", L * B * d**2),
    ("backward_time", L * B * d**2),
    ("backward_time_written_out", 3 * L * B * d**2),
    ("activation_memory", L * B * d),
    ("activation_memory_with_weights", L * B * d + L * d**2),
    ("checkpointing", sympy.sqrt(L) * B * d),
]


@pytest.mark.parametrize(("name", "expected"), COMPLEXITIES)
def test_complexity(name, expected):
    assert sympy.expand(getattr(ref, name)() - expected) == 0


def test_symbolic_gradient_is_softmax_minus_label():
    rng = np.random.default_rng(0)
    for _ in range(3):
        z = rng.normal(size=ref.K_CLASSES)
        y = np.eye(ref.K_CLASSES)[rng.integers(ref.K_CLASSES)]
        expected = np.exp(z) / np.exp(z).sum() - y
        assert np.allclose(ref._gradient_at(z, y), expected)


def test_closed_form_matches_iterating_gradient_descent():
    a_, eta_, x0 = 0.7, 0.9, 1.3
    value = x0
    for step in range(1, 8):
        value -= eta_ * a_ * value
        closed = ref.closed_form().subs({ref.a: a_, ref.eta: eta_, ref.t: step,
                                         ref.x[0]: x0})
        assert float(closed) == pytest.approx(value)


def test_stable_set_is_the_open_interval_up_to_two_over_a():
    assert ref.stable_set() == sympy.Interval.open(0, 2 / ref.a)


# The key prints the first convention's rows; the module computes them.
KEY_X = [1, 0.5, 0, -0.25, -0.25, -0.125]
KEY_V = [0, -0.5, -0.5, -0.25, 0, 0.125]


def test_momentum_table_matches_the_key():
    assert np.allclose(ref.momentum_table(), [KEY_X, KEY_V])


def test_second_convention_has_the_same_x_row_and_a_scaled_v_row():
    first, second = ref.momentum_table(), ref.momentum_table_gradient_sum()
    assert np.allclose(first[0], second[0])
    assert np.allclose(second[1], -first[1] / ref.MOMENTUM_SETTING["eta"])


def test_x_row_only_table_blanks_the_velocity():
    table = ref.momentum_table_x_row_only()
    assert np.allclose(table[0], KEY_X) and np.all(np.isnan(table[1]))


def test_characteristic_roots_have_modulus_below_one():
    roots = ref.momentum_characteristic_roots()
    assert {sympy.nsimplify(r) for r in roots} == {(1 + sympy.I) / 2, (1 - sympy.I) / 2}
    assert all(abs(complex(r)) == pytest.approx(2**-0.5) for r in roots)


@pytest.mark.parametrize("seed", range(4))
def test_kl_closed_form_matches_numerical_integration(seed):
    params = ref.random_kl_parameters(seed)
    closed = float(ref.kl_gaussians_between(*params))
    assert closed == pytest.approx(ref.kl_numeric(*params), rel=1e-6, abs=1e-9)


def test_kl_closed_form_is_the_keys_formula():
    mu, sigma = ref.mu, ref.sigma
    key = (sympy.log(sigma[2] / sigma[1]) + (sigma[1]**2 + (mu[1] - mu[2])**2)
           / (2 * sigma[2]**2) - sympy.Rational(1, 2))
    point = {mu[1]: 0.3, mu[2]: -1.1, sigma[1]: 0.8, sigma[2]: 1.7}
    assert float(ref.kl_gaussians().subs(point)) == pytest.approx(float(key.subs(point)))


def test_kl_misconceptions_differ_from_the_reference():
    point = {ref.mu[1]: 0.3, ref.mu[2]: -1.1, ref.sigma[1]: 0.8, ref.sigma[2]: 1.7}
    right = float(ref.kl_gaussians().subs(point))
    for wrong in (ref.kl_gaussians_no_half, ref.kl_gaussians_swapped,
                  ref.kl_gaussians_sd_for_variance):
        assert float(wrong().subs(point)) != pytest.approx(right)


def _inp(*exprs, text=""):
    return PropertyInput(tuple(exprs), text)


eta, a = sympy.Symbol("eta"), sympy.Symbol("a")
STABLE_RANGES = [
    (sympy.And(eta > 0, eta < 2 / a), "correct"),
    (eta < 2 / a, "correct"),
    (eta < 1 / a, "sufficient_not_necessary"),
    (sympy.And(eta > 0, eta <= 1 / a), "sufficient_not_necessary"),
    (eta < 2 * a, "incorrect"),
    (eta <= 2 / a, "unreadable"),  # differs only at the endpoint: a TA decides
]


@pytest.mark.parametrize(("condition", "label"), STABLE_RANGES)
def test_stable_range_check(condition, label):
    assert ref.stable_range_check(_inp(condition)).label == label


z, y, p = sympy.symbols("z y p")
softmax = sympy.Function("softmax")
GRADIENTS = [
    (softmax(z) - y, "", "correct"),
    (p - y, "p = softmax(z)", "correct"),
    (p - y, "", "unreadable"),  # p undefined: not assumed to be the softmax
    (y - softmax(z), "", "sign_flipped"),
    (softmax(z), "", "label_missing"),
    (2 * softmax(z) - y, "", "incorrect"),
]


@pytest.mark.parametrize(("expr", "text", "label"), GRADIENTS)
def test_grad_logits_check(expr, text, label):
    assert ref.grad_logits_check(_inp(expr, text=text)).label == label


def test_stable_range_remark_that_disagrees_goes_to_review():
    answer = _inp(sympy.And(eta > 0, eta < 2 / a), sympy.And(1 / a < eta, eta < 2 / a))
    assert ref.stable_range_check(answer).label == "unreadable"


def test_a_lone_name_is_not_a_gradient():
    assert ref.grad_logits_check(_inp(y)).label == "unreadable"
