"""Case tables for the maths reader: (input, expected sympy) pairs."""

from __future__ import annotations

import time

import pytest
import sympy
from sympy import Eq, Indexed, IndexedBase, Integral, Rational, Sum, Symbol, Tuple, log, sqrt

from grader.mathread import MathParseError, parse_chain, parse_math, to_text
from grader.mathread.objects import (
    KL,
    BigO,
    BigTheta,
    Dots,
    Expect,
    Family,
    Norm,
    Outer,
    Prob,
    Proportional,
    SumOver,
    Transpose,
)
from grader.notation import Notation

L, n, t, D, K, M, T = sympy.symbols("L n t D K M T")
a, b, d, i, j, x, y, z, p, q, f = sympy.symbols("a b d i j x y z p q f")
beta, sigma_, ell = sympy.symbols("beta sigma ell")
X, H, k, v, w = (IndexedBase(s) for s in "XHkvw")
sigmoid = sympy.Function("sigmoid")
softmax = sympy.Function("softmax")

SEQ = Notation(("t", "n", "L"), {"l": "L", "ℓ": "L", "T": "t"})


def ix(name: str, *indices) -> Indexed:
    return Indexed(IndexedBase(name), *indices)


def prob(name, outcome, given=()):
    return Prob(Symbol(name), Tuple(*outcome), Tuple(*given))


# (input, expected) without a notation
PLAIN_CASES = [
    ("x^2", x**2), ("x^{2}", x**2), ("x^(n-1)", x**(n - 1)),
    ("binomial(n, 2)", sympy.binomial(n, 2)), ("x^2(a+b)", x**2 * (a + b)),
    ("n**2", n**2), ("n²", n**2), ("n³", n**3),
    ("xⁿ", x**n), ("2β", 2 * beta), (r"2\beta", 2 * beta), ("β√2", sqrt(2) * beta),
    ("√2β", sqrt(2) * beta), ("√(x)", sqrt(x)), (r"\sqrt{x}", sqrt(x)),
    (r"\sqrt[3]{x}", sympy.root(x, 3)), ("1.414β", sympy.Float(1.414) * beta),
    (r"\frac{a}{b}", a / b), (r"\dfrac{a}{b}", a / b), (r"\tfrac{1}{2}", Rational(1, 2)),
    (r"\frac12", Rational(1, 2)), ("a − b", a - b), (r"a \cdot b", a * b),
    (r"a \times b", a * b), ("a·b", a * b), ("a×b", a * b), ("a*b", a * b),
    ("t n^2 L", t * n**2 * L), ("2(k_a + k_b)", 2 * (ix("k", a) + ix("k", b))),
    ("β(k_a+k_b)", beta * (ix("k", a) + ix("k", b))),
    ("x_1", ix("x", 1)), ("x_{2i}", ix("x", 2 * i)), ("X_{2i-1}", X[2 * i - 1]),
    ("d_k", ix("d", k.label)), ("H_0", H[0]), ("w_{ij}", w[i, j]),
    (r"\exp(x)", sympy.exp(x)), ("exp(x)", sympy.exp(x)), (r"\log x", log(x)),
    (r"\ln(x)", log(x)), ("log(p/q)", log(p / q)), ("sigmoid(x)", sigmoid(x)),
    (r"\operatorname{sigmoid}(x)", sigmoid(x)), (r"\sigma(x)", sigmoid(x)),
    (r"\mathrm{softmax}(x)", softmax(x)), (r"\text{Softmax}(x)", softmax(x)),
    (r"\max(a, b)", sympy.Max(a, b)), (r"\tanh(x)", sympy.tanh(x)),
    (r"\left( a + b \right)", a + b), (r"\big( a \big)", a), (r"\boxed{a}", a),
    (r"\mathbf{x}", x), (r"\beta", beta), ("β", beta), (r"\ell", ell), (r"\sigma", sigma_),
    (r"\binom{n}{k}", sympy.binomial(n, Symbol("k"))),
    (r"{n \choose 2}", sympy.binomial(n, 2)), (r"\infty", sympy.oo),
    (r"\|x\|", Norm(x)), ("‖x‖", Norm(x)), ("||x||", Norm(x)), (r"\lVert x\rVert", Norm(x)),
    ("‖x‖‖y‖", Norm(x) * Norm(y)), (r"x^T", Transpose(x)), (r"x^\top", Transpose(x)),
    ("xᵀ", Transpose(x)), (r"k_a^T q", Transpose(ix("k", a)) * q),
    (r"\langle a, b\rangle", Transpose(a) * b),
    (r"\sum_{i=1}^{T/2} X_{2i}", Sum(X[2 * i], (i, 1, T / 2))),
    (r"\sum_{i=1}^D q_i k_i + 1", Sum(ix("q", i) * k[i], (i, 1, D)) + 1),
    (r"\prod_{i=1}^n x_i", sympy.Product(ix("x", i), (i, 1, n))),
    (r"\frac{1}{2} \sum_{i=1}^D x_i", Sum(ix("x", i), (i, 1, D)) / 2),
    ("Σ_{i=1}^n x_i", Sum(ix("x", i), (i, 1, n))),
    (r"\sum_{t=1}^{T} (-1)^t X_t", Sum((-1)**t * X[t], (t, 1, T))),  # ^{T}: a limit, not ᵀ
    ("2^T", 2**T), (r"\sum_j w_{ij} v_j", Sum(w[i, j] * v[j], (j, -sympy.oo, sympy.oo))),
    (r"\mathcal{O}(n)", BigO(n)), ("O(n)", BigO(n)), ("𝒪(n)", BigO(n)),
    (r"\Theta(n^2)", BigTheta(n**2)), ("O(t n^2 L)", BigO(t * n**2 * L)),
    (r"O(t \cdot n^2 \cdot L)", BigO(t * n**2 * L)), ("O(n · d)", BigO(n * d)),
    ("O(T^2)", BigO(T**2)), ("O(T)", BigO(T)),
    (r"O(L^2 D + 2L^2 + L^2 D)", BigO(2 * L**2 * D + 2 * L**2)),
    (r"\frac{1}{\sqrt{2}} q_1^2", ix("q", 1)**2 / sqrt(2)),
    (r"M = 2 \times D + 1", Eq(M, 2 * D + 1, evaluate=False)),
    (r"M = (K - 1) \times D + 1", Eq(M, (K - 1) * D + 1, evaluate=False)),
    (r"||x_1||=\sqrt{\beta^2+\beta^2}", Eq(Norm(ix("x", 1)), sqrt(2 * beta**2),
                                            evaluate=False)),
    (r"||x_1||=\beta\sqrt{2}", Eq(Norm(ix("x", 1)), sqrt(2) * beta, evaluate=False)),
    ("q = (k_a + k_b)", Eq(q, ix("k", a) + ix("k", b), evaluate=False)),
    ("q = β(k_a+k_b)", Eq(q, beta * (ix("k", a) + ix("k", b)), evaluate=False)),
    ("a ≈ b", Eq(a, b, evaluate=False)), (r"a \approx b", Eq(a, b, evaluate=False)),
    ("a := b", Eq(a, b, evaluate=False)), ("a ∝ b", Proportional(a, b)),
    (r"a \propto b", Proportional(a, b)), ("a ≤ b", sympy.Le(a, b, evaluate=False)),
    (r"a \geq b", sympy.Ge(a, b, evaluate=False)), (r"L \gg D", sympy.Gt(L, D, evaluate=False)),
    ("∝ t × n × l", t * n * Symbol("l")),
    (r"sigmoid\left(1000 \cdot \left(\sum_{i=1}^{\frac{T}{2}} (X_{2i} - X_{2i-1}) + H_0"
     r"\right)\right)", sigmoid(1000 * (Sum(X[2 * i] - X[2 * i - 1], (i, 1, T / 2)) + H[0]))),
    (r"\left[1, q_1, \dots, q_D, \frac{1}{\sqrt{2}} q_1^2, \dots, \frac{1}{\sqrt{2}} q_D^2"
     r" \right]", Tuple(1, ix("q", 1), Dots(), ix("q", D), ix("q", 1)**2 / sqrt(2), Dots(),
                        ix("q", D)**2 / sqrt(2))),
    ("(a, b)", Tuple(a, b)), ("[1, x_1, …, x_D]", Tuple(1, ix("x", 1), Dots(), ix("x", D))),
]

# (input, notation, expected)
NOTATION_CASES = [
    ("l^2 n t", SEQ, L**2 * n * t), ("Ln^2t", SEQ, L * n**2 * t),
    ("O(Ln^2t)", SEQ, BigO(L * n**2 * t)), ("ℓ n", SEQ, L * n), (r"\ell n", SEQ, L * n),
    ("O(T^2)", SEQ, BigO(t**2)), (r"\mathcal{O}(L(t^2n + tn^2))", SEQ,
                                  BigO(L * (t**2 * n + t * n**2))),
    ("∝ t × n × l", SEQ, t * n * L), ("O(ln)", SEQ, BigO(L * n)),
    ("log(n)", SEQ, log(n)),
]

# (input, expected chain)
CHAIN_CASES = [
    ("y_1 = x_1 = d + b", [ix("y", 1), ix("x", 1), d + b]),
    ("a = b ≈ c", [a, b, Symbol("c")]), ("a + b", [a + b]),
    (r"= \int q(z|x) dz", [Integral(prob("q", [z], [x]), z)]),
    (r"\text{RNN}_{\text{time}} \propto l^2 \times n \times t", [L**2 * n * t]),
]

UNREADABLE = [
    "Kigy >>> Kility", "thi ten2 ten2 teln", "(a + b", "a + b)", "[a + b)", "x" * 2_001,
    "2^2^2^2^2^2^2^2", r"10^{10^{10}}", "x^{100000}", "(2x)^{5000}", "5000!", r"\binom{5000}{2}",
    "(" * 40 + "x" + ")" * 40, "a +", "", "   ", r"\foo{x}", r"\text{ as we know } x_1 + 1",
    "__import__('os').system('x')", "eval('1+1')", "lambda: 0", "x.__class__",
    r"\min_p \max_q f(p, q)", "f(p, q) = pq",
    " + ".join(["x"] * 300),
]


# probability notation, where the assignment declares p and q densities
DENSITIES = Notation(densities=("p", "q"))
DENSITY_CASES = [
    ("p(x|z)", prob("p", [x], [z])), ("p(x, z)", prob("p", [x, z])), ("p(z)", prob("p", [z])),
    (r"q_\phi(z|x)", prob("q", [z], [x])), ("p_θ(x|z)", prob("p", [x], [z])),
    (r"\mathbb{E}_{q(z|x)} (\log p(x|z))",
     Expect(prob("q", [z], [x]), log(prob("p", [x], [z])))),
    (r"E_{z\sim q(z|x)}[\log p(x|z)]", Expect(prob("q", [z], [x]), log(prob("p", [x], [z])))),
    (r"\mathbb{E}[f]", Expect(sympy.S.EmptySet, f)),
    (r"E_{q(z|x)} [\log p(x, z) - \log q(z|x)]",
     Expect(prob("q", [z], [x]), log(prob("p", [x, z])) - log(prob("q", [z], [x])))),
    (r"-D_{KL}(q(z|x) \parallel p(z))", -KL(prob("q", [z], [x]), prob("p", [z]))),
    (r"\mathrm{KL}(q(z|x) \| p(z))", KL(prob("q", [z], [x]), prob("p", [z]))),
    ("KL(q||p)", KL(q, p)), (r"D_{KL}(q \parallel p)", KL(q, p)),
    (r"\mathrm{KL}\big(q(z|x) \,\|\, p(z)\big)", KL(prob("q", [z], [x]), prob("p", [z]))),
    (r"KL\Bigl(q \| p\Bigr)", KL(q, p)),
    (r"\int q(z|x) \log\left(\frac{p(x|z)p(z)}{q(z|x)p(x)}\right) dz",
     Integral(prob("q", [z], [x]) * log(prob("p", [x], [z]) * prob("p", [z])
                                         / (prob("q", [z], [x]) * prob("p", [x]))), z)),
    (r"\int q(z|x) \cdot \log p(x) \, dz",
     Integral(prob("q", [z], [x]) * log(prob("p", [x])), z)),
    ("p(x|z)", prob("p", [x], [z])),
]
# the same spellings where nothing is declared a density: never a density
UNDECLARED_DENSITY_CASES = ["p(x|z)", "p(x, z)", "q(z)", r"E_q[\log p(x)]", r"p_\theta(x|z)"]


@pytest.mark.parametrize(("text", "expected"), PLAIN_CASES)
def test_plain(text, expected):
    assert parse_math(text) == expected


@pytest.mark.parametrize(("text", "expected"), DENSITY_CASES)
def test_declared_densities(text, expected):
    assert parse_math(text, DENSITIES) == expected


@pytest.mark.parametrize("text", UNDECLARED_DENSITY_CASES)
def test_undeclared_names_are_not_densities(text):
    try:
        read = parse_math(text)
    except MathParseError:
        return  # unread is fine: what matters is that no density is invented
    assert not read.has(Prob)


@pytest.mark.parametrize(("text", "notation", "expected"), NOTATION_CASES)
def test_with_notation(text, notation, expected):
    assert parse_math(text, notation) == expected


@pytest.mark.parametrize(("text", "expected"), CHAIN_CASES)
def test_chain(text, expected):
    notation = SEQ if "RNN" in text else DENSITIES if "q(" in text else None
    assert parse_chain(text, notation) == expected


@pytest.mark.parametrize("text", UNREADABLE)
def test_unreadable(text):
    with pytest.raises(MathParseError):
        parse_math(text)


def test_chain_of_equalities_is_a_conjunction():
    assert parse_math("a = b = c") == sympy.And(Eq(a, b, evaluate=False),
                                               Eq(b, Symbol("c"), evaluate=False))


def test_error_shows_a_caret_under_the_offset():
    with pytest.raises(MathParseError) as info:
        parse_math("a + (b")
    assert info.value.offset == 4
    assert str(info.value).splitlines()[-1].strip() == "^"
    assert str(info.value).splitlines()[-1].index("^") == 2 + 4


def test_aliases_do_not_touch_function_names():
    notation = Notation(("t",), {"log": "t", "exp": "t"})
    assert parse_math("log(t) + exp(t)", notation) == log(t) + sympy.exp(t)


def test_sigma_declared_as_a_symbol_is_not_sigmoid():
    notation = Notation(("sigma", "x"))
    assert parse_math(r"\sigma(x)", notation) == sigma_ * x


def test_integral_is_not_evaluated():
    assert isinstance(parse_math(r"\int x dx"), Integral)


@pytest.mark.parametrize(("expr", "text"), [
    (BigO(L**2 * n * t), "O(L²·n·t)"), (sqrt(2) * beta, "√2·β"),
    (KL(prob("q", [z], [x]), prob("p", [z])), "KL(q(z|x) ‖ p(z))"),
    (Transpose(x), "xᵀ"), (Norm(ix("x", 1)), "‖x_1‖"),
])
def test_to_text(expr, text):
    assert to_text(expr) == text


def test_typical_expression_is_fast():
    text = (r"sigmoid\left(1000 \cdot \left(\sum_{i=1}^{\frac{T}{2}} (X_{2i} - X_{2i-1})"
            r" + H_0\right)\right)")
    parse_math(text)  # build the parser once
    started = time.perf_counter()
    for _ in range(10):
        parse_math(text)
    assert (time.perf_counter() - started) / 10 < 0.05


def test_longest_input_is_bounded_in_time():
    text = " + ".join(["x_{i}^2 y"] * 40)
    started = time.perf_counter()
    parse_math(text)
    assert time.perf_counter() - started < 1.0


# ------------------------------------------------ notation from the sample submissions

x1, x2 = ix("x", 1), ix("x", 2)
SAMPLE_NOTATION_CASES = [
    # sums over a condition: unevaluated SumOver(body, indices, condition)
    (r"\sum_{i<j} x_i x_j",
     SumOver(ix("x", i) * ix("x", j), Tuple(i, j), sympy.Lt(i, j, evaluate=False))),
    (r"\sum_{1 \le i<j \le D} x_i x_j",
     SumOver(ix("x", i) * ix("x", j), Tuple(i, j),
             sympy.And(sympy.Le(1, i, evaluate=False), sympy.Lt(i, j, evaluate=False),
                       sympy.Le(j, D, evaluate=False)))),
    (r"\sum_{i \ne a,b} 0 \cdot k_i", sympy.Integer(0)),  # a sum of zeros
    (r"\sum_{i \ne a,b} k_i",
     SumOver(k[i], Tuple(i), sympy.And(sympy.Ne(i, a, evaluate=False),
                                       sympy.Ne(i, b, evaluate=False)))),
    ("x_{i,j}", w[i, j].func(IndexedBase("x"), i, j)),
    # a list written as a column is just the list
    (r"\left[ 1, x_1, \dots, x_D \right]^T", Tuple(1, x1, Dots(), ix("x", D))),
    # single bars outside a density are a norm
    (r"|x_1| = \sqrt{2}\beta", Eq(Norm(x1), sqrt(2) * beta, evaluate=False)),
    (r"\lvert x_1 \rvert", Norm(x1)),
    # "~" in plain text is "approximately"; ">>" is ≫
    ("y_1 ~ x_1", Eq(ix("y", 1), x1, evaluate=False)),
    ("beta >> 0", sympy.Gt(beta, 0, evaluate=False)),
    ("sqrt(2) beta", sqrt(2) * beta),
    ("x_1^T x_2", Transpose(x1) * x2),
    ("sum_{i=1}^{T/2} X_{2i}", Sum(X[2 * i], (i, 1, T / 2))),
    # ∈ … is dropped; ⊗ is an outer product
    ("[1, x, (x⊗x)/√2] ∈ R^M", Tuple(1, x, Outer(x, x) / sqrt(2))),
    (r"\phi(x) = [1, x, (x \otimes x)/\sqrt{2}] \in \mathbb{R}^M",
     Eq(Symbol("phi") * x, Tuple(1, x, Outer(x, x) / sqrt(2)), evaluate=False)),
    # a list entry with a condition is a Family over the indices
    (r"[1, x_1, \dots, x_D, x_i^2/\sqrt{2}, \sqrt{2} x_i x_j (i<j)]",
     Tuple(1, x1, Dots(), ix("x", D), ix("x", i)**2 / sqrt(2),
           Family(sqrt(2) * ix("x", i) * ix("x", j), Tuple(i, j),
                  sympy.Lt(i, j, evaluate=False)))),
    (r"\left[1, x_i x_j \ (1 \le i < j \le D)\right]",
     Tuple(1, Family(ix("x", i) * ix("x", j), Tuple(i, j),
                     sympy.And(sympy.Le(1, i, evaluate=False), sympy.Lt(i, j, evaluate=False),
                               sympy.Le(j, D, evaluate=False))))),
]

SAMPLE_UNREADABLE = [
    r"q = β(k_a+k_b), \quad β ≫ 0",  # two statements: math_spans splits them
    "O(n\ufffdL)", r"\prod_{i<j} x_i", r"\sum_{i<j}^{D} x_i",
    r"\max_{i<j} x_i", "x_{i<j}", "x_i x_j (i<j)",
]


@pytest.mark.parametrize(("text", "expected"), SAMPLE_NOTATION_CASES)
def test_sample_notation(text, expected):
    assert parse_math(text) == expected


@pytest.mark.parametrize("text", SAMPLE_UNREADABLE)
def test_sample_notation_refused_cleanly(text):
    with pytest.raises(MathParseError):
        parse_math(text)


def test_grammar_has_no_lalr_conflicts(caplog):
    """Lark resolves shift/reduce conflicts silently (shift wins) and logs them;
    none may exist."""
    import logging
    from importlib import resources

    from lark import Lark, logger

    grammar = resources.files("grader.mathread").joinpath("grammar.lark").read_text("utf-8")
    level = logger.level
    logger.setLevel(logging.DEBUG)
    try:
        with caplog.at_level(logging.DEBUG, logger="lark"):
            Lark(grammar, parser="lalr", lexer="contextual", debug=True)
    finally:
        logger.setLevel(level)
    assert not [r for r in caplog.records if "conflict" in r.getMessage().lower()]
