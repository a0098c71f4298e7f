"""The probability evaluator: equivalent rewritings of the ELBO agree, wrong ones do not."""

from __future__ import annotations

import numpy as np
import pytest
import sympy
from sympy import Integral, Sum, Tuple, exp, log

from grader.mathread.objects import KL, Expect, Prob
from grader.maths.probability import (
    LatentModel,
    UnsupportedExpression,
    equivalent,
    evaluate,
    sample_models,
    show,
    value,
)

x, z, y, p, q, r = sympy.symbols("x z y p q r")
#: The ELBO's letters, as its rubric part declares them.
ELBO = LatentModel(observed="x", latent="z", model="p", approximation="q")
p_theta, q_phi = sympy.symbols("p_theta q_phi")


def P(name: sympy.Symbol, outcome: tuple, given: tuple = ()) -> Prob:
    return Prob(name, Tuple(*outcome), Tuple(*given))


Q_ZX = P(q, (z,), (x,))
P_XZ = P(p, (x, z))
P_ZX_JOINT = P(p, (z, x))
P_X_GIVEN_Z = P(p, (x,), (z,))
P_Z_GIVEN_X = P(p, (z,), (x,))
P_Z = P(p, (z,))
P_X = P(p, (x,))
BARE = sympy.S.EmptySet

DEFINITION = Integral(Q_ZX * log(P_XZ / Q_ZX), z)
TARGET = Expect(Q_ZX, log(P_X_GIVEN_Z)) - KL(Q_ZX, P_Z)

EQUIVALENT_TO_DEFINITION = [
    ("target", TARGET),
    ("target, terms swapped", -KL(Q_ZX, P_Z) + Expect(Q_ZX, log(P_X_GIVEN_Z))),
    ("E_q[log p(x,z) - log q]", Expect(Q_ZX, log(P_XZ) - log(Q_ZX))),
    ("bare E[log p(x,z) - log q]", Expect(BARE, log(P_XZ) - log(Q_ZX))),
    ("E_q[log p(z,x)/q], joint written p(z,x)", Expect(Q_ZX, log(P_ZX_JOINT / Q_ZX))),
    ("log p(x) - KL(q || p(z|x))", log(P_X) - KL(Q_ZX, P_Z_GIVEN_X)),
    ("three expectations",
     Expect(Q_ZX, log(P_X_GIVEN_Z)) + Expect(Q_ZX, log(P_Z)) - Expect(Q_ZX, log(Q_ZX))),
    ("Bayes inside the integral", Integral(Q_ZX * log(P_X_GIVEN_Z * P_Z / Q_ZX), z)),
    ("sum instead of integral", Sum(Q_ZX * log(P_XZ / Q_ZX), (z, 1, 3))),
    ("integral minus integral",
     Integral(Q_ZX * log(P_X_GIVEN_Z), z) - Integral(Q_ZX * log(Q_ZX / P_Z), z)),
    ("subscripted names p_θ, q_φ",
     Expect(P(q_phi, (z,), (x,)), log(P(p_theta, (x,), (z,)))) - KL(Q_ZX, P(p_theta, (z,)))),
    ("q(z) for q(z|x)", Expect(P(q, (z,)), log(P_X_GIVEN_Z)) - KL(P(q, (z,)), P_Z)),
    ("E_q as a bare symbol q", Expect(q, log(P_X_GIVEN_Z)) - KL(q, P_Z)),
    ("exp and log round trip", Expect(Q_ZX, log(exp(log(P_X_GIVEN_Z)))) - KL(Q_ZX, P_Z)),
    ("log of a power", Expect(Q_ZX, log(P_XZ**2) / 2 - log(Q_ZX))),
    ("entropy written as -E[log q]",
     Expect(Q_ZX, log(P_XZ)) + sympy.Mul(-1, Expect(Q_ZX, log(Q_ZX)))),
]

NOT_EQUIVALENT_TO_DEFINITION = [
    ("sign error on the KL", Expect(Q_ZX, log(P_X_GIVEN_Z)) + KL(Q_ZX, P_Z)),
    ("negative ELBO", KL(Q_ZX, P_Z) - Expect(Q_ZX, log(P_X_GIVEN_Z))),
    ("log p(x) left in", log(P_X) + Expect(Q_ZX, log(P_X_GIVEN_Z)) - KL(Q_ZX, P_Z)),
    ("log p(x) alone", log(P_X)),
    ("p(z|x) instead of q in the KL", Expect(Q_ZX, log(P_X_GIVEN_Z)) - KL(P_Z_GIVEN_X, P_Z)),
    ("KL arguments swapped", Expect(Q_ZX, log(P_X_GIVEN_Z)) - KL(P_Z, Q_ZX)),
    ("expectation under the prior", Expect(P_Z, log(P_X_GIVEN_Z)) - KL(Q_ZX, P_Z)),
    ("p(z|x) in the definition (seed 001's start)", Integral(Q_ZX * log(P_Z_GIVEN_X / Q_ZX), z)),
    ("seed 000's wrong middle step",
     Integral(Q_ZX * (log(P_Z / P_Z_GIVEN_X) + log(P_X_GIVEN_Z / P_Z_GIVEN_X)), z)),
    ("reconstruction term only", Expect(Q_ZX, log(P_X_GIVEN_Z))),
]

UNSUPPORTED = [
    ("unknown density name", Expect(Q_ZX, log(P(r, (z,))))),
    ("unknown variable", log(P(p, (y,)))),
    ("q over x", log(P(q, (x,), (z,)))),
    ("expectation under a density over x", Expect(P_X_GIVEN_Z, log(P_Z))),
    ("free symbol", Expect(Q_ZX, log(P_XZ)) - sympy.Symbol("beta")),
    ("integral over x", Integral(P_XZ, x)),
    ("log of a negative value", log(-P_X)),
    ("fractional power of a negative value", (-P_X) ** sympy.Rational(1, 2)),
    ("unknown function", sympy.Function("f")(P_X)),
    ("repeated variable", log(P(p, (x, x)))),
]


@pytest.mark.parametrize(("name", "expr"), EQUIVALENT_TO_DEFINITION,
                         ids=[c[0] for c in EQUIVALENT_TO_DEFINITION])
def test_rewritings_of_the_elbo_are_equivalent(name: str, expr: sympy.Basic) -> None:
    assert equivalent(expr, DEFINITION, ELBO) is True
    assert equivalent(DEFINITION, expr, ELBO) is True


@pytest.mark.parametrize(("name", "expr"), NOT_EQUIVALENT_TO_DEFINITION,
                         ids=[c[0] for c in NOT_EQUIVALENT_TO_DEFINITION])
def test_wrong_expressions_are_not_equivalent(name: str, expr: sympy.Basic) -> None:
    assert equivalent(expr, DEFINITION, ELBO) is False


@pytest.mark.parametrize(("name", "expr"), UNSUPPORTED, ids=[c[0] for c in UNSUPPORTED])
def test_unsupported_expressions_raise_and_compare_as_none(name: str, expr: sympy.Basic) -> None:
    with pytest.raises(UnsupportedExpression):
        value(expr, sample_models(ELBO, 1)[0])
    assert equivalent(expr, DEFINITION, ELBO) is None


def test_definition_evaluates_to_the_elbo_and_the_bound_holds() -> None:
    for model in sample_models(ELBO, 5):
        elbo = evaluate(DEFINITION, model)
        assert elbo == pytest.approx(model.evidence_lower_bound)
        assert elbo <= np.log(model.evidence) + 1e-12


def test_model_densities_are_consistent() -> None:
    for model in sample_models(ELBO, 4):
        assert model.prior.sum() == pytest.approx(1)
        assert model.q.sum() == pytest.approx(1)
        assert model.posterior.sum() == pytest.approx(1)
        assert model.likelihood * model.prior == pytest.approx(model.posterior * model.evidence)
        assert np.all(model.joint_observed > 0)


def test_expectation_and_kl_follow_their_definitions() -> None:
    model = sample_models(ELBO, 1)[0]
    kl = float(np.sum(model.q * np.log(model.q / model.prior)))
    assert evaluate(KL(Q_ZX, P_Z), model) == pytest.approx(kl)
    recon = float(np.sum(model.q * np.log(model.likelihood)))
    assert evaluate(Expect(Q_ZX, log(P_X_GIVEN_Z)), model) == pytest.approx(recon)
    assert evaluate(Integral(Q_ZX * log(P_X), z), model) == pytest.approx(np.log(model.evidence))


def test_a_free_z_is_evaluated_pointwise() -> None:
    model = sample_models(ELBO, 1)[0]
    assert value(log(P_XZ), model) == pytest.approx(np.log(model.joint_observed))
    assert equivalent(log(P_XZ), log(P_X_GIVEN_Z) + log(P_Z), ELBO) is True
    assert equivalent(log(P_XZ), log(P_Z_GIVEN_X), ELBO) is False
    with pytest.raises(UnsupportedExpression, match="depends on z"):
        evaluate(log(P_XZ), model)


def test_models_are_reproducible_and_vary_in_size() -> None:
    first, second = sample_models(ELBO, 3, seed=7), sample_models(ELBO, 3, seed=7)
    assert all(np.array_equal(a.joint, b.joint) for a, b in zip(first, second, strict=True))
    assert {m.k for m in first} == {3, 4}


SHOWN = [
    (P_X_GIVEN_Z, "p(x|z)"),
    (P_XZ, "p(x, z)"),
    (Expect(BARE, log(P_X)), "E[log(p(x))]"),
    (KL(Q_ZX, P_Z), "KL(q(z|x) ‖ p(z))"),
    (Integral(Q_ZX, z), "∫ q(z|x) dz"),
]


@pytest.mark.parametrize(("expr", "text"), SHOWN)
def test_show_prints_the_notation(expr: sympy.Basic, text: str) -> None:
    assert show(expr) == text
