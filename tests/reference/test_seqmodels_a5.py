"""reference/seqmodels_a5.py: complexities, GDA tables, min-max, ELBO objects, 2b property."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from grader.checks.property import PropertyInput
from grader.mathread.objects import KL, Expect, Prob
from tests.conftest import load_reference

ref = load_reference("seqmodels_a5")
t, n, L = sympy.symbols("t n L", positive=True)

COMPLEXITIES = [
    ("rnn_train_time", t * n**2 * L),
    ("rnn_test_time", t * n**2 * L),
    ("rnn_train_space", t * n * L),
    ("rnn_test_space", n * L),
    ("rnn_train_space_with_weights", t * n * L + n**2 * L),
    ("tf_train_time", L * (t**2 * n + t * n**2)),
    ("tf_test_time", L * (t**2 * n + t * n**2)),
    ("tf_train_space", L * (t**2 + t * n)),
    ("tf_train_space_with_weights", t**2 * L + t * n * L + n**2 * L),
    ("tf_test_space", t * n * L),
]


@pytest.mark.parametrize(("name", "expected"), COMPLEXITIES)
def test_complexity(name, expected):
    assert sympy.expand(getattr(ref, name)() - expected) == 0


DOMINANT = [
    (2 * t * L * n**2 + 2 * t * L * n + 7, t * n**2 * L),
    (3 * t**2 * n + 5 * t * n**2 + t**2, t**2 * n + t * n**2),
    (t * n + n * t, t * n),
]


@pytest.mark.parametrize(("count", "expected"), DOMINANT)
def test_dominant_terms(count, expected):
    assert sympy.expand(ref.dominant_terms(count) - expected) == 0


def test_generation_has_the_same_order_as_encoding():
    assert ref.dominant_terms(ref.tf_generation_count()) == ref.dominant_terms(
        ref.tf_forward_count())


TABLES = [
    ("gda_table", [[1, -1, -2, -1, 1, 2, 1], [1, 2, 1, -1, -2, -1, 1]]),
    ("gda_table_simultaneous", [[1, 0, -2, -4, -4, 0, 8], [1, 2, 2, 0, -4, -8, -8]]),
    ("gda_table_p_first", [[1, 0, -1, -1, 0, 1, 1], [1, 1, 0, -1, -1, 0, 1]]),
]


@pytest.mark.parametrize(("name", "expected"), TABLES)
def test_gda_tables(name, expected):
    table = getattr(ref, name)()
    assert table.shape == (2, 7) and table.dtype.kind == "i"
    np.testing.assert_array_equal(table, expected)


def test_gda_table_is_a_copy():
    ref.gda_table()[0, 0] = 99
    assert ref.gda_table()[0, 0] == 1


STEPS = [
    ({"p": 1, "q": 1}, None, {"p": -1, "q": 2}),
    ({"p": -1, "q": 2}, {"p": -2, "q": 1}, {"p": -2, "q": 1}),
    ({"p": 1, "q": 1}, {"p": 0, "q": 3}, {"p": -2, "q": 2}),  # p follows the student's q
]


@pytest.mark.parametrize(("prev", "cur", "expected"), STEPS)
def test_gda_step(prev, cur, expected):
    assert ref.gda_step(prev, cur) == expected


def test_minmax_value():
    assert ref.minmax_value() == 0


def test_elbo_objects():
    x, z, p, q = sympy.symbols("x z p q")
    q_zx = Prob(q, sympy.Tuple(z), sympy.Tuple(x))
    assert ref.elbo_definition() == sympy.Integral(
        q_zx * sympy.log(Prob(p, sympy.Tuple(x, z), sympy.Tuple()) / q_zx), z)
    target = ref.elbo_target()
    assert target.has(Expect) and target.has(KL)
    assert Prob(p, sympy.Tuple(x), sympy.Tuple(z)) in target.atoms(Prob)


def _discrete_value(expr: sympy.Basic, rng: np.random.Generator) -> float:
    """Evaluate the ELBO objects on a random discrete model with x fixed."""
    nz = 4
    pz = rng.dirichlet(np.ones(nz))
    px_given_z = rng.uniform(0.1, 0.9, nz)      # p(x | z) at the observed x
    qz = rng.dirichlet(np.ones(nz))
    total = 0.0

    def density(prob: Prob, k: int) -> float:
        name, outcome, given = (str(a) for a in prob.args)
        return {("q", "(z,)", "(x,)"): qz[k], ("p", "(x, z)", "()"): pz[k] * px_given_z[k],
                ("p", "(x,)", "(z,)"): px_given_z[k], ("p", "(z,)", "()"): pz[k]}[
                    (name, outcome, given)]

    def at(e: sympy.Basic, k: int) -> float:
        return float(e.replace(lambda a: isinstance(a, Prob),
                               lambda a: sympy.Float(density(a, k))))

    if isinstance(expr, sympy.Integral):
        return sum(at(expr.function, k) for k in range(nz))
    for term in sympy.Add.make_args(expr):
        sign = -1.0 if term.could_extract_minus_sign() else 1.0
        core = -term if sign < 0 else term
        if isinstance(core, Expect):
            total += sign * sum(at(core.args[0], k) * at(core.args[1], k) for k in range(nz))
        elif isinstance(core, KL):
            total += sign * sum(at(core.args[0], k) * np.log(at(core.args[0], k)
                                                            / at(core.args[1], k))
                                for k in range(nz))
    return total


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_elbo_definition_equals_target_on_discrete_models(seed):
    left = _discrete_value(ref.elbo_definition(), np.random.default_rng(seed))
    right = _discrete_value(ref.elbo_target(), np.random.default_rng(seed))
    assert left == pytest.approx(right)


# ---------------------------------------------------------------- 2b

k = sympy.IndexedBase("k")
a, b, i, beta, c = sympy.symbols("a b i beta c")
q = sympy.Symbol("q")

AVERAGE_QUERY = [
    ("beta (k_a + k_b)", beta * (k[a] + k[b]), "correct"),
    ("c k_a + c k_b", c * k[a] + c * k[b], "correct"),
    ("100 (k_a + k_b)", 100 * (k[a] + k[b]), "correct"),
    ("symbols k_a, k_b", beta * (sympy.Symbol("k_a") + sympy.Symbol("k_b")), "correct"),
    ("small extra key", beta * (k[a] + k[b]) + k[1], "correct"),
    ("k_a + k_b (seed 000)", k[a] + k[b], "no_large_factor"),
    ("3 (k_a + k_b)", 3 * (k[a] + k[b]), "no_large_factor"),
    ("2 beta k_a + beta k_b", 2 * beta * k[a] + beta * k[b], "unequal_weights"),
    ("beta (k_a - k_b)", beta * (k[a] - k[b]), "incorrect"),
    ("beta k_a", beta * k[a], "incorrect"),
    ("equal weight on a third key", beta * (k[a] + k[b] + k[i]), "incorrect"),
    ("not linear", beta * k[a] * k[b], "unreadable"),
    ("no keys", beta, "unreadable"),
]


@pytest.mark.parametrize(("label", "query", "expected"), AVERAGE_QUERY,
                         ids=[case[0] for case in AVERAGE_QUERY])
def test_average_query_check(label, query, expected):
    inp = PropertyInput((sympy.Eq(q, query, evaluate=False),), "")
    assert ref.average_query_check(inp).label == expected


def test_average_query_prefers_the_final_answer():
    first = sympy.Eq(q, k[a] + k[b], evaluate=False)
    final = sympy.Eq(q, beta * (k[a] + k[b]), evaluate=False)
    inp = PropertyInput((first, final), "", final=(final,))
    assert ref.average_query_check(inp).label == "correct"


def test_average_query_without_an_equation_is_unreadable():
    assert ref.average_query_check(PropertyInput((k[a] + k[b],), "")).label == "unreadable"
