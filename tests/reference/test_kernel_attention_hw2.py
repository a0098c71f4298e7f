"""reference/kernel_attention_hw2.py: complexities, feature dimensions, the φ property."""

from __future__ import annotations

import itertools

import pytest
import sympy

from grader.checks.property import PropertyInput
from grader.mathread.objects import Dots, Family, Outer
from tests.conftest import load_reference

ref = load_reference("kernel_attention_hw2")
L, D, K = sympy.symbols("L D K", positive=True)

CLOSED_FORMS = [
    ("attention_time", L**2 * D),
    ("feature_dim", 1 + D + D**2),
    ("feature_dim_unique", 1 + D + D * (D + 1) / 2),
    ("feature_dim_general", (D**K - 1) / (D - 1)),
    ("feature_dim_general_unique", sympy.binomial(D + K - 1, K - 1)),
    ("linear_attention_time", L * D * (1 + D + D**2)),
]


@pytest.mark.parametrize(("name", "expected"), CLOSED_FORMS)
def test_closed_form(name, expected):
    assert sympy.simplify(getattr(ref, name)() - expected) == 0


@pytest.mark.parametrize(("dim", "terms"), list(itertools.product(range(2, 5), range(1, 5))))
def test_general_forms_match_enumeration(dim, terms):
    ordered = sum(dim**k for k in range(terms))
    unique = len({tuple(sorted(c)) for k in range(terms)
                  for c in itertools.product(range(dim), repeat=k)})
    assert ref.feature_dim_general().subs({D: dim, K: terms}) == ordered
    assert sympy.simplify(ref.feature_dim_general_unique().subs({D: dim, K: terms})) == unique


def test_general_reduces_to_three_terms():
    assert sympy.simplify(ref.feature_dim_general().subs(K, 3) - ref.feature_dim()) == 0
    assert sympy.simplify(sympy.expand_func(ref.feature_dim_general_unique().subs(K, 3))
                          - ref.feature_dim_unique()) == 0


# ---------------------------------------------------------------- φ

x, qv, kv = sympy.IndexedBase("x"), sympy.IndexedBase("q"), sympy.IndexedBase("k")
X = sympy.Symbol("x")
i, j = sympy.symbols("i j")
d = sympy.Symbol("d")
r2 = sympy.sqrt(2)
DOT = Dots()


def _squares(v, size, scale=1 / r2):
    return [v[1] ** 2 * scale, DOT, v[size] ** 2 * scale]


FEATURE_MAPS = [
    ("x⊗x written out for D = 2",
     [1, x[1], x[2], x[1]**2 / r2, x[1] * x[2] / r2, x[2] * x[1] / r2, x[2]**2 / r2], "correct"),
    ("symmetric form with ellipses",
     [1, x[1], DOT, x[D], *_squares(x, D), x[1] * x[2], DOT, x[D - 1] * x[D]], "correct"),
    ("symmetric form, q, dimension d",
     [1, qv[1], DOT, qv[d], *_squares(qv, d), qv[1] * qv[2], DOT, qv[d - 1] * qv[d]],
     "correct"),
    ("symmetric form, zero-based",
     [1, kv[0], DOT, kv[D - 1], kv[0]**2 / r2, DOT, kv[D - 1]**2 / r2, kv[0] * kv[1], DOT,
      kv[D - 2] * kv[D - 1]], "correct"),
    ("seed 003: squares only", [1, qv[1], DOT, qv[D], *_squares(qv, D)], "squares_only"),
    ("squares without 1/√2", [1, x[1], DOT, x[D], *_squares(x, D, 1)], "incorrect"),
    ("cross terms with 1/√2",
     [1, x[1], DOT, x[D], *_squares(x, D), x[1] * x[2] / r2, DOT, x[D - 1] * x[D] / r2],
     "incorrect"),
    ("no constant", [x[1], DOT, x[D], x[1] * x[2], DOT, x[D - 1] * x[D]], "incorrect"),
    ("x_1x_1, x_1x_2, …, x_Dx_D: all ordered pairs first",
     [1, x[1], DOT, x[D], x[1]**2 / r2, x[1] * x[2] / r2, DOT, x[D]**2 / r2], "correct"),
    ("rows written out: x_1x_1, …, x_1x_D, x_2x_1, …, x_Dx_D",
     [1, x[1], DOT, x[D], x[1]**2 / r2, x[1] * x[2] / r2, DOT, x[1] * x[D] / r2,
      x[2] * x[1] / r2, DOT, x[D]**2 / r2], "correct"),
    ("i ≤ j with one weight", [1, x[1], DOT, x[D], x[1]**2 / r2, x[1] * x[2] / r2, DOT,
                               x[1] * x[D] / r2, x[2]**2 / r2, DOT, x[D]**2 / r2], "incorrect"),
    ("weights change inside a run", [1, x[1], DOT, x[D], x[1]**2 / r2, x[1] * x[2], DOT,
                                     x[1] * x[D], x[2]**2 / r2, x[2] * x[3], DOT, x[D]**2 / r2],
     "unreadable"),
    ("ellipsis at the end", [1, x[1], DOT], "unreadable"),
    ("two variables", [1, x[1], qv[2]], "unreadable"),
    ("vector entries", [1, sympy.Symbol("x"), sympy.Symbol("x") ** 2], "unreadable"),
    # the vector itself and x ⊗ x (wei-wrong-order: [1, x, (x ⊗ x)/√2] ∈ R^M)
    ("x and x⊗x/√2", [1, X, Outer(X, X) / r2], "correct"),
    ("x and x⊗x without 1/√2", [1, X, Outer(X, X)], "incorrect"),
    ("x⊗x times a vector", [1, X, X * Outer(X, X)], "unreadable"),
    # entries with a loop index or a condition (lucia-symmetric-map)
    ("x_i^2/√2 and x_i x_j (i<j)",
     [1, x[1], DOT, x[D], x[i] ** 2 / r2, Family(x[i] * x[j], sympy.Tuple(i, j), i < j)],
     "correct"),
    ("x_1^2/√2, …, x_D^2/√2, x_i x_j (1 ≤ i < j ≤ D)",
     [1, x[1], DOT, x[D], *_squares(x, D),
      Family(x[i] * x[j], sympy.Tuple(i, j),
             sympy.And(sympy.Le(1, i), sympy.Lt(i, j), sympy.Le(j, D)))], "correct"),
    ("√2 x_i x_j (i<j) with the squares: weights swapped",
     [1, x[1], DOT, x[D], x[i] ** 2, Family(r2 * x[i] * x[j], sympy.Tuple(i, j), i < j)],
     "incorrect"),
    ("x_i x_j (i ≠ j) and x_i²/√2: cross terms twice",
     [1, x[1], DOT, x[D], x[i] ** 2 / r2, Family(x[i] * x[j], sympy.Tuple(i, j), sympy.Ne(i, j))],
     "incorrect"),
]


@pytest.mark.parametrize(("label", "items", "expected"), FEATURE_MAPS,
                         ids=[case[0] for case in FEATURE_MAPS])
def test_feature_map_check(label, items, expected):
    phi = sympy.Function("phi")(sympy.Symbol("x"))
    inp = PropertyInput((sympy.Eq(phi, sympy.Tuple(*items), evaluate=False),), "")
    verdict = ref.feature_map_check(inp)
    assert verdict.label == expected, verdict.evidence


def test_squares_only_shows_a_pair():
    inp = PropertyInput((sympy.Tuple(1, qv[1], DOT, qv[D], *_squares(qv, D)),), "")
    verdict = ref.feature_map_check(inp)
    assert "q = (" in verdict.evidence and "k = (" in verdict.feedback


def test_no_list_is_unreadable():
    assert ref.feature_map_check(PropertyInput((x[1] + 1,), "")).label == "unreadable"


@pytest.mark.parametrize("dim", [2, 3, 5])
def test_expand_list_counts(dim):
    items = (1, x[1], DOT, x[D], *_squares(x, D), x[1] * x[2], DOT, x[D - 1] * x[D])
    (reading,) = ref.expand_list(tuple(sympy.sympify(i) for i in items), dim)
    assert len(reading) == ref.feature_dim_unique().subs(D, dim)
