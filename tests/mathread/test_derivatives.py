"""Derivative names on the left of an equation are read as the name of a quantity."""

from __future__ import annotations

import pytest
import sympy

from grader.mathread import MathParseError, parse_math
from grader.mathread.derivatives import derivative_name, differentiated
from grader.mathread.objects import QuantityName

# (student's text, the name read, the right side read)
NAMED = [
    (r"\partial\ell/\partial z_j = p_j - y_j", "∂ℓ/∂z_j", "p[j] - y[j]"),
    (r"\frac{\partial \ell}{\partial z} = y - \mathrm{softmax}(z)", "∂ℓ/∂z", "y - softmax(z)"),
    (r"\dfrac{\partial L}{\partial W} = x^\top", "∂L/∂W", "Transpose(x)"),
    (r"\nabla_z \ell = p - y", "∂ℓ/∂z", "p - y"),
    (r"\nabla_{z} \ell = p - y", "∂ℓ/∂z", "p - y"),
    (r"\nabla \ell = p - y", "∂ℓ/∂", "p - y"),
    (r"\nabla_z^2 \ell = \operatorname{diag}(p)", "∂²ℓ/∂z²", "Diag(p)"),
    (r"\frac{\partial^2 \ell}{\partial z^2} = 1", "∂²ℓ/∂z²", "1"),
    ("∂ℓ/∂z_i = e^{z_i} - y_i", "∂ℓ/∂z_i", "e**z[i] - y[i]"),
    ("∂ℓ/∂zᵢ = pᵢ - yᵢ", "∂ℓ/∂zᵢ", "p[i] - y[i]"),
    ("∇ℓ = p - y", "∂ℓ/∂", "p - y"),
    ("dl/dz = p - y", "∂l/∂z", "p - y"),
    ("dℓ/dz_i = p_i - y_i", "∂ℓ/∂z_i", "p[i] - y[i]"),
    (r"\frac{d\ell}{dz} = p - y", "∂ℓ/∂z", "p - y"),
    (r"\frac{\mathrm{d}\ell}{\mathrm{d}z} = p - y", "∂ℓ/∂z", "p - y"),
]


@pytest.mark.parametrize(("text", "name", "right"), NAMED)
def test_derivative_names_are_one_name(text, name, right):
    expr = parse_math(text)
    assert isinstance(expr, sympy.Eq)
    assert isinstance(expr.lhs, QuantityName) and expr.lhs.name == name
    assert sympy.sstr(expr.rhs) == right


# The upright-d form reads as a name only before a relation: elsewhere it is letters.
NOT_NAMED = ["d + l", "dl/dz", "2 ad/dc", "x = dl/dz"]


@pytest.mark.parametrize("text", NOT_NAMED)
def test_upright_d_elsewhere_is_not_a_name(text):
    try:
        expr = parse_math(text)
    except MathParseError:
        return
    assert not expr.atoms(QuantityName)


def test_a_partial_derivative_alone_is_a_name():
    assert isinstance(parse_math(r"\partial \ell / \partial z"), QuantityName)


def test_derivative_name_reports_where_it_ends():
    text = r"\frac{\partial \ell}{\partial z} = p - y"
    assert derivative_name(text, 0, len(text)) == ("∂ℓ/∂z", 32)
    assert derivative_name("dz = 1", 0, 6) is None


@pytest.mark.parametrize(("name", "parts"), [
    ("∂ℓ/∂z_j", ("ℓ", "z")), ("∂²ℓ/∂z²", ("ℓ", "z")), ("∂ℓ/∂", ("ℓ",))])
def test_differentiated(name, parts):
    assert differentiated(name) == parts


# "KL" with no arguments names the divergence the answer states; with arguments it
# is the divergence of them, \mathcal N(μ, σ²) a distribution (not N times a pair).
KL_NAMED = [
    (r"KL = \log\frac{\sigma_2}{\sigma_1} - \frac12", "Eq(KL, log(sigma[2]/sigma[1]) - 1/2)"),
    (r"\mathrm{KL} = 1", "Eq(KL, 1)"),
    ("D_{KL} = 2", "Eq(KL, 2)"),
    ("KL(p||q) = 1", "Eq(KL(p, q), 1)"),
    (r"D_{KL}(p \| q) = 3", "Eq(KL(p, q), 3)"),
    (r"\mathrm{KL}(\mathcal N(\mu_1,\sigma_1^2)\,\|\,\mathcal N(\mu_2,\sigma_2^2)) = 0",
     "Eq(KL(N(mu[1], sigma[1]**2), N(mu[2], sigma[2]**2)), 0)"),
]


@pytest.mark.parametrize(("text", "read"), KL_NAMED)
def test_kl_without_arguments_is_a_name(text, read):
    expr = parse_math(text)
    assert sympy.sstr(expr) == read
    if "(" not in text.split("=")[0]:
        assert isinstance(expr.lhs, QuantityName)


# A limit on the left of an equation names the quantity; its value is what is stated.
@pytest.mark.parametrize(("text", "right"), [
    (r"\lim_{\tau\to 0^+} \mathrm{softmax}_\tau(z) = (0, 0, 1)", "(0, 0, 1)"),
    ("lim_{t→∞} x_t = 0", "0"),
    (r"\lim_{n \to \infty} (1 + 1/n)^n = e", "e"),
])
def test_a_limit_on_the_left_is_a_name(text, right):
    expr = parse_math(text)
    assert isinstance(expr.lhs, QuantityName) and expr.lhs.name.startswith("lim")
    assert sympy.sstr(expr.rhs) == right


@pytest.mark.parametrize("text", [r"\lim x", "l = 3", "lim = 2"])
def test_no_limit_name_without_a_relation_or_an_index(text):
    try:
        expr = parse_math(text)
    except MathParseError:
        return
    assert not expr.atoms(QuantityName)


# Unicode that students type: vulgar fractions, Σ with a unicode subscript.
@pytest.mark.parametrize(("text", "read"), [
    ("(⅓, ⅓, ⅓)", "(1/3, 1/3, 1/3)"), ("½ x", "x/2"),
    ("log Σᵢ exp(xᵢ)", "log(Sum(exp(x[i]), (i, -oo, oo)))"),
])
def test_typed_unicode(text, read):
    assert sympy.sstr(parse_math(text)) == read
