"""Closed-form answers: symbolic and numeric equivalence, misconceptions, review cases.

The first half works on sympy objects built here; the text-level cases at the
end go through the maths reader.
"""

from __future__ import annotations

import pytest
import sympy

from grader.answer import Answer
from grader.checks.base import PartKey
from grader.checks.expression import (
    ExpressionChecker,
    ExpressionParams,
    check_expression,
    equivalent,
)
from grader.notation import Notation
from grader.outcome import Status
from grader.rubric.models import AcceptedForm, Misconception, Part

D, K, beta, k, x = sympy.symbols("D K beta k x")
INTS = ["D", "K"]
GEOMETRIC = (D**K - 1) / (D - 1)

EQUIVALENT_PAIRS = [
    (1 + D + D**2, D**2 + D + 1),
    (D * (D + 1) + 1, 1 + D + D**2),
    (1 + D + D * (D + 1) / 2, 1 + D + (D**2 + D) / 2),
    (GEOMETRIC, sympy.Sum(D**k, (k, 0, K - 1))),
    (sympy.Sum(D**k, (k, 0, K - 1)), GEOMETRIC),
    (sympy.sqrt(2) * beta, beta * sympy.sqrt(2)),
    (sympy.sqrt(beta**2 + beta**2), sympy.sqrt(2) * beta),
    (sympy.Float("1.414") * beta, sympy.sqrt(2) * beta),
    (sympy.binomial(D + K - 1, K - 1), sympy.binomial(D + K - 1, D)),
    (sympy.Integer(4), sympy.Integer(2) * 2),
]

NOT_EQUIVALENT_PAIRS = [
    (2 * D + 1, 1 + D + D**2),
    ((K - 1) * D + 1, GEOMETRIC),
    (sympy.binomial(D + K - 1, K - 1), GEOMETRIC),
    (2 * beta, sympy.sqrt(2) * beta),
    (sympy.Float("1.5") * beta, sympy.sqrt(2) * beta),
    # exact near-misses are not within the decimal tolerance
    (1 + D + D**2 + sympy.Rational(1, 10**5), 1 + D + D**2),
]


@pytest.mark.parametrize(("a", "b"), EQUIVALENT_PAIRS)
def test_equivalent(a, b):
    assert equivalent(a, b, integer_symbols=INTS).equal is True


@pytest.mark.parametrize(("a", "b"), NOT_EQUIVALENT_PAIRS)
def test_not_equivalent(a, b):
    result = equivalent(a, b, integer_symbols=INTS)
    assert result.equal is False
    assert result.evidence().startswith("at ")


def test_evidence_names_the_point_and_both_values():
    result = equivalent((K - 1) * D + 1, GEOMETRIC, integer_symbols=INTS)
    text = result.evidence()
    assert "D=" in text and "K=" in text and "the answer gives" in text
    assert "the reference" in text


def test_pole_points_are_skipped():
    assert equivalent(GEOMETRIC, sympy.Sum(D**k, (k, 0, K - 1)),
                      integer_symbols=["K"]).equal is True


def test_unevaluable_is_undecided():
    f = sympy.Function("f")
    assert equivalent(f(x), x).equal is None


def test_decimal_tolerance_is_a_parameter():
    assert equivalent(sympy.Float("1.41") * beta, sympy.sqrt(2) * beta, rtol=1e-2).equal
    assert equivalent(sympy.Float("1.41") * beta, sympy.sqrt(2) * beta, rtol=1e-4).equal is False


# --------------------------------------------------------------------------
# Whole checks over sympy objects
# --------------------------------------------------------------------------

KER_NOTATION = Notation(("L", "D", "K", "M"), {"d": "D"})
RNN_NOTATION = Notation(("T", "d", "beta"), {"t": "T", "β": "beta", "D": "d"})


def make_key(reference, *, accepted=(), misconceptions=(), notation=KER_NOTATION,
             params=None, points=2.0) -> PartKey:
    return PartKey(
        part=Part(id="p", points=points, kind="expression"),
        params=params or ExpressionParams(integer_symbols=INTS),
        notation=notation,
        reference=reference,
        accepted=tuple((AcceptedForm(reference="computed"), v) for v in accepted),
        misconceptions=tuple(
            (Misconception(id=mid, points=pts, feedback=f"feedback {mid}", answer=str(v)), v)
            for mid, v, pts in misconceptions),
    )


M_KEY = make_key(1 + D + D**2, accepted=[1 + D + D * (D + 1) / 2],
                 misconceptions=[("squares_only", 2 * D + 1, 0)])
M_GENERAL_KEY = make_key(sympy.Sum(D**k, (k, 0, K - 1)),
                         accepted=[sympy.binomial(D + K - 1, K - 1)],
                         misconceptions=[("squares_only", (K - 1) * D + 1, 0)])
NORM_KEY = make_key(sympy.sqrt(2) * beta, notation=RNN_NOTATION, points=1,
                    params=ExpressionParams(),
                    misconceptions=[("norms_added", 2 * beta, 0)])

# (key, expression read, status, score, matched)
OUTCOMES = [
    (M_KEY, 1 + D + D**2, Status.CORRECT, 2, "reference"),
    (M_KEY, D**2 + D + 1, Status.CORRECT, 2, "reference"),
    (M_KEY, 1 + D + D * (D + 1) / 2, Status.CORRECT, 2, "accepted:1"),
    (M_KEY, 2 * D + 1, Status.INCORRECT, 0, "squares_only"),
    (M_KEY, D**2 + 1, Status.INCORRECT, 0, None),
    (M_GENERAL_KEY, GEOMETRIC, Status.CORRECT, 2, "reference"),
    (M_GENERAL_KEY, sympy.Sum(D**k, (k, 0, K - 1)), Status.CORRECT, 2, "reference"),
    (M_GENERAL_KEY, sympy.binomial(D + K - 1, K - 1), Status.CORRECT, 2, "accepted:1"),
    (M_GENERAL_KEY, (K - 1) * D + 1, Status.INCORRECT, 0, "squares_only"),
    (NORM_KEY, sympy.sqrt(2) * beta, Status.CORRECT, 1, "reference"),
    (NORM_KEY, sympy.Float("1.414") * beta, Status.CORRECT, 1, "reference"),
    (NORM_KEY, beta * sympy.sqrt(2), Status.CORRECT, 1, "reference"),
    (NORM_KEY, 2 * beta, Status.INCORRECT, 0, "norms_added"),
]


@pytest.mark.parametrize(("key", "expr", "status", "score", "matched"), OUTCOMES)
def test_outcomes(key, expr, status, score, matched):
    outcome = check_expression(expr, key)
    assert outcome.status is status, outcome
    assert outcome.score == pytest.approx(score)
    assert outcome.matched == matched


def test_misconception_feedback_is_shown():
    outcome = check_expression(2 * beta, NORM_KEY)
    assert outcome.feedback == ("feedback norms_added",)


def test_wrong_answer_evidence_goes_to_ta_notes_only():
    outcome = check_expression(D**3 + 1, M_KEY)
    assert outcome.status is Status.INCORRECT
    notes = " ".join(outcome.ta_notes)
    assert "the answer gives" in notes and "the reference" in notes
    assert not any("D**2" in line or "D²" in line for line in outcome.feedback)


def test_mutation_names_the_slip_without_credit():
    outcome = check_expression(D + D**2, M_KEY)  # the constant term dropped
    assert outcome.status is Status.INCORRECT and outcome.score == 0
    assert "It looks like a slip: a term dropped." in outcome.feedback
    assert "matches the mutation of the reference: the constant term dropped" \
        in outcome.ta_notes


def test_undefined_symbol_goes_to_review():
    outcome = check_expression(1 + x + x**2, M_KEY)
    assert outcome.status is Status.NEEDS_REVIEW
    assert "x is not defined" in outcome.feedback[0]


def test_undecided_goes_to_review():
    f = sympy.Function("f")
    outcome = check_expression(f(D), M_KEY)
    assert outcome.status is Status.NEEDS_REVIEW


# --------------------------------------------------------------------------
# Text level (through grader.mathread)
# --------------------------------------------------------------------------

def text_key(reference, *, accepted=(), misconceptions=(), notation=KER_NOTATION, params=None,
             points=2.0) -> PartKey:
    return PartKey(
        part=Part(id="p", points=points, kind="expression"),
        params=params or ExpressionParams(integer_symbols=INTS),
        notation=notation,
        reference=reference,
        accepted=tuple((AcceptedForm(reference="computed"), v) for v in accepted),
        misconceptions=tuple(
            (Misconception(id=mid, points=pts, feedback=f"feedback {mid}", answer=a), a)
            for mid, a, pts in misconceptions),
    )


TEXT_M = text_key(1 + D + D**2, accepted=[1 + D + D * (D + 1) / 2],
                  misconceptions=[("squares_only", "2D + 1", 0)])
TEXT_M_GENERAL = text_key(sympy.Sum(D**k, (k, 0, K - 1)),
                          accepted=[sympy.binomial(D + K - 1, K - 1)],
                          misconceptions=[("squares_only", "(K - 1) D + 1", 0)])
POSITIVE_BETA = sympy.Symbol("beta", positive=True)  # as the reference module declares it
TEXT_NORM = text_key(sympy.sqrt(2) * POSITIVE_BETA, notation=RNN_NOTATION,
                     params=ExpressionParams(),
                     points=1, misconceptions=[("norms_added", "2 beta", 0)])

# (key, answer text, status, score)
TEXT_CASES = [
    (TEXT_M, "M = 1 + D + D^2", Status.CORRECT, 2),
    (TEXT_M, "$M = D^2 + D + 1$", Status.CORRECT, 2),
    (TEXT_M, r"$M = 1 + D + \frac{D(D+1)}{2}$", Status.CORRECT, 2),
    (TEXT_M, r"Therefore, $M = 2 \times D + 1$.", Status.INCORRECT, 0),
    (TEXT_M_GENERAL, r"$M = \frac{D^K - 1}{D - 1}$", Status.CORRECT, 2),
    (TEXT_M_GENERAL, r"$M = \sum_{k=0}^{K-1} D^k$", Status.CORRECT, 2),
    (TEXT_M_GENERAL, r"$M = \binom{D + K - 1}{K - 1}$", Status.CORRECT, 2),
    (TEXT_M_GENERAL, r"$M = (K - 1) \times D + 1$", Status.INCORRECT, 0),
    (TEXT_NORM, r"$\sqrt{2}\beta$", Status.CORRECT, 1),
    (TEXT_NORM, "||x_1|| = 1.414β", Status.CORRECT, 1),
    (TEXT_NORM, "√2 β", Status.CORRECT, 1),
    (TEXT_NORM, r"$||x_1|| = \sqrt{\beta^2+\beta^2} = \beta\sqrt{2}$", Status.CORRECT, 1),
    (TEXT_NORM, r"$x_1=d+b \text{ as we know norms of d and b, norm of } x_1\text{:} \\ "
                r"||x_1||=\sqrt{\beta^2+\beta^2}\\ ||x_1||=\beta\sqrt{2}$", Status.CORRECT, 1),
    (TEXT_NORM, r"$\|x_1\| = 2\beta$", Status.INCORRECT, 0),
    (TEXT_NORM, "2β", Status.INCORRECT, 0),
]


@pytest.mark.parametrize(("key", "text", "status", "score"), TEXT_CASES)
def test_text_answers(key, text, status, score):
    outcome = ExpressionChecker().check(Answer("p", text), key)
    assert outcome.status is status, outcome
    assert outcome.score == pytest.approx(score)


def test_unreadable_text_is_review():
    outcome = ExpressionChecker().check(Answer("p", "I am not sure."), TEXT_M)
    assert outcome.status is Status.NEEDS_REVIEW


# The value of min_p max_q pq: a stated optimum beats side remarks; final/boxed beats both.
TEXT_MINMAX = text_key(sympy.Integer(0), notation=Notation(("p", "q")), points=1,
                       params=ExpressionParams(optimum_statements=True))
# (answer text, final line or None, status)
MINMAX_CASES = [
    ("min over p of max over q of pq is 0.", None, Status.CORRECT),
    ("the min-max value of pq is 0", None, Status.CORRECT),
    (r"$\min_p \max_q pq = 0 \text{ at } p = 0$", None, Status.CORRECT),
    (r"$\min_p \max_q pq = 0$ (if $p \ne 0$ the max over q is $+\infty$). GDA, gradient step "
     r"on p first then on q: $p_{t+1} = p_t - q_t$", None, Status.CORRECT),
    (r"$\min_p \max_q pq = \max_q 0 \cdot q = 0$", None, Status.CORRECT),
    ("the minimax value is 1, since the max over q is +∞ otherwise", None, Status.INCORRECT),
    # a final or boxed value decides before any statement
    (r"min-max value of pq is 0, so the answer is $\boxed{1}$", None, Status.INCORRECT),
    ("min over p of max over q of pq is 1\nso it is 0", "0", Status.CORRECT),
]


@pytest.mark.parametrize(("text", "final", "status"), MINMAX_CASES)
def test_minmax_statement_value(text, final, status):
    outcome = ExpressionChecker().check(Answer("p", text, final=final), TEXT_MINMAX)
    assert outcome.status is status, outcome


def test_optimum_statements_rank_min_and_max_above_one():
    from grader.checks.expression import optimum_statements
    found = optimum_statements(r"$\min_p \max_q pq = 0$ (if $p \ne 0$ the max over q is "
                               r"$+\infty$)", Notation(("p", "q")))
    assert [(r.expr, r.statement) for r in found] == [(0, 2), (sympy.oo, 1)]


@pytest.mark.parametrize(("text", "stated"), [
    ("the min-max value of pq is 0.", [0]),
    ("the maximin value of pq is 0.", [0]),
    (r"$\min_p \max_q pq = 0$", [0]),
    ("the minimum of the loss is 2.", [2]),
    ("the loss is 2.", []),
])
def test_optimum_statements_are_read_only_where_the_part_asks(text, stated):
    from grader.checks.expression import read_expressions
    notation = Notation(("p", "q"))
    asked = read_expressions(Answer("p", text), notation, optimum=True)
    assert [r.expr for r in asked if r.statement] == stated
    assert not [r for r in read_expressions(Answer("p", text), notation) if r.statement]
