"""Named slips of a reference expression."""

from __future__ import annotations

import pytest
import sympy

from grader.checks.mutations import (
    MAX_MUTATIONS_DEFAULT,
    TERM_DROPPED,
    mutations,
    render,
    slips,
)

t, n, L, D, K, beta = sympy.symbols("t n L D K beta")
sigmoid = sympy.Function("sigmoid")

# (reference, symbols, description, mutated)
EXPECTED_MUTATIONS = [
    (t * n**2 * L, [t, n, L], "L and n swapped", L**2 * n * t),
    (t * n**2 * L, [t, n, L], "n and t swapped", t**2 * n * L),
    (t * n**2 * L, [t, n, L], "the factor n² dropped", t * L),
    (t * n**2 * L, [t, n, L], "the factor t dropped", n**2 * L),
    (t * n**2 * L, [t, n, L], "L squared", t * n**2 * L**2),
    (t * n**2 * L, ["t", "n", "L"], "t squared", t**2 * n**2 * L),
    (1 + D + D**2, None, "the term D² dropped", 1 + D),
    (1 + D + D**2, None, "the constant term dropped", D + D**2),
    (sympy.sqrt(2) * beta, None, "the constant factor √2 dropped", beta),
    (sympy.sqrt(2) * beta, None, "the sign flipped", -sympy.sqrt(2) * beta),
    (L * (t**2 * n + t * n**2), None, "the term L·n·t² dropped", L * t * n**2),
    (sigmoid(1000 * (D - K)), None, "the constant factor 1000 dropped", sigmoid(D - K)),
    (1000 * (D - K), None, "the constant factor 1000 dropped", D - K),
]


@pytest.mark.parametrize(("reference", "symbols", "description", "mutated"),
                         EXPECTED_MUTATIONS)
def test_named_mutations(reference, symbols, description, mutated):
    found = dict(mutations(reference, symbols))
    assert description in found, sorted(found)
    assert sympy.simplify(found[description] - mutated) == 0


@pytest.mark.parametrize("reference", [t * n**2 * L, 1 + D + D**2, L * (t**2 * n + t * n**2)])
def test_mutations_are_distinct_and_differ_from_the_reference(reference):
    found = [m for _, m in mutations(reference)]
    assert reference not in found
    assert len(found) == len(set(found))


def test_mutations_are_bounded():
    symbols = sympy.symbols("a:h")
    big = sympy.Mul(*symbols) + sympy.Add(*(s**2 for s in symbols))
    assert len(mutations(big)) <= MAX_MUTATIONS_DEFAULT
    assert len(mutations(big, limit=5)) == 5


def test_symbols_not_in_the_expression_are_ignored():
    descriptions = [d for d, _ in mutations(t * n, [t, n, L])]
    assert not any("L" in d for d in descriptions)


RENDERED = [
    (n**2, "n²"),
    (t * n**2, "t·n²"),
    (beta, "β"),
    (sympy.sqrt(n), "√n"),
    (3 * n, "3·n"),
]


@pytest.mark.parametrize(("expr", "text"), RENDERED)
def test_render(expr, text):
    assert render(expr) == text


def test_names_match_symbols_with_assumptions():
    """Reference modules declare sizes positive; the rubric names them by string."""
    t, n, L = sympy.symbols("t n L", positive=True)
    found = dict(mutations(t * n**2 * L, ["t", "n", "L"]))
    assert found["n and t swapped"] == L * n * t**2


def test_slip_kinds_never_name_the_reference():
    """The student sees the kind of a slip; undoing a description ("n and L
    swapped", "the factor n² dropped") would give the reference back."""
    from grader.checks.mutations import slips

    found = slips(2 * t * n**2 * L + L, [t, n, L])
    assert found
    for slip in found:
        named = {render(x) for x in (t, n, L, n**2, 2 * t * n**2 * L, L)} | {"2"}
        assert not set(slip.kind.split()) & named, slip
        assert slip.kind not in slip.description or slip.kind == "the sign flipped"
    assert [(s.description, s.expr) for s in found] == mutations(2 * t * n**2 * L + L,
                                                                 [t, n, L])


@pytest.mark.parametrize("expr", [
    (sympy.Symbol("x") + 1) ** 1000,                                   # a public test case
    sympy.Add(*(sympy.Symbol("x") ** i for i in range(200))),
])
def test_no_term_is_dropped_from_a_huge_sum(expr):
    """Expanding (x + 1)^1000 and dropping each term took minutes and gigabytes:
    a slip is a term of a short sum, so long sums are left alone."""
    assert all(s.kind != TERM_DROPPED for s in slips(expr, ["x"]))
