"""Big-O answers: equivalence up to constants, misconceptions, feedback, review cases.

The first half works on sympy objects built here; the text-level cases at the
end go through the maths reader.
"""

from __future__ import annotations

import pytest
import sympy

from grader.answer import Answer
from grader.checks.base import PartKey
from grader.checks.complexity import (
    Candidate,
    ComplexityChecker,
    ComplexityParams,
    check_bounds,
    describe_difference,
)
from grader.mathread.objects import BigO
from grader.maths import Parsed, verify
from grader.maths.monomials import bound_terms
from grader.notation import Notation
from grader.outcome import Status
from grader.rubric.models import AcceptedForm, Misconception, Part

t, n, L, D, T, d = sympy.symbols("t n L D T d")
log = sympy.log
half = sympy.Rational(1, 2)

SEQ_NOTATION = Notation(("t", "n", "L"), {"l": "L", "ℓ": "L", "T": "t"})
KER_NOTATION = Notation(("L", "D", "K", "M"), {"d": "D"})
RNN_NOTATION = Notation(("T", "d", "beta"), {"t": "T", "n": "T", "D": "d"})

# (answer, reference, words the sentence must contain, words it must not contain):
# the kind of error and the answer's own offending factors or terms, never the
# reference's (nor how many terms it has).
DIFFERENCES = [
    (L**2 * n * t, t * n**2 * L, ["not the expected one", "factor L² in your bound is larger",
                                  "factor n in your bound is smaller"], ["n²", "expected:"]),
    (t**2 * n**2 * L, t * n**2 * L, ["not tight", "factor t² in your bound is larger"],
     ["n²", "t is expected", " t "]),
    (t * n * L, t * n**2 * L, ["too small", "factor n in your bound is smaller than needed"],
     ["n²"]),
    (n * L, t * n * L, ["too small", "at least one factor is missing"], ["factor t", "t·"]),
    (t * n**2 * L, L * (t**2 * n + t * n**2), ["too small", "leaves out at least one term"],
     ["t²"]),
    (t**2 * n**2 * L, L * (t**2 * n + t * n**2), ["not tight", "term t²·n²·L in your bound"],
     ["t²·n·L", "t·n²·L"]),
    (t**9 * n**9 * L**9, t * n**2 * L, ["not tight", "factors t⁹, n⁹ and L⁹ in your bound"],
     ["n²", "t·n²·L"]),
    (sympy.Integer(1), t * n**2 * L, ["too small", "at least one factor is missing"],
     ["n²", " t ", " L"]),
]


@pytest.mark.parametrize(("answer", "reference", "words", "hidden"), DIFFERENCES)
def test_describe_difference(answer, reference, words, hidden):
    verdict = verify(Parsed.of(reference, "bound"), Parsed.of(answer, "bound"), mode="bound")
    assert verdict.order is not None, verdict
    sentence = describe_difference(verdict.order, "tnL")
    for word in words:
        assert word in sentence, sentence
    for word in hidden:
        assert word not in sentence, sentence


# --------------------------------------------------------------------------
# Whole checks over sympy objects
# --------------------------------------------------------------------------

def make_key(reference, *, accepted=(), misconceptions=(), companions=(),
             notation=SEQ_NOTATION, points=2.0) -> PartKey:
    """A PartKey as the pipeline builds it; rubric answers given as sympy values."""
    part = Part(id="p", points=points, kind="complexity")
    return PartKey(
        part=part,
        # companions are strings in a rubric; sympy values here keep these tests reader-free
        params=ComplexityParams.model_construct(companions=list(companions)),
        notation=notation,
        reference=reference,
        accepted=tuple((AcceptedForm(answer=str(v)), v) for v in accepted),
        misconceptions=tuple(
            (Misconception(id=mid, points=pts, feedback=f"feedback {mid}", answer=str(v)), v)
            for mid, v, pts in misconceptions),
    )


RNN_TIME = make_key(t * n**2 * L, misconceptions=[
    ("forgot_recurrent_matmul", BigO(t * n * L), 0.5), ("squared_layers", BigO(L**2 * n * t), 0)])
TF_TRAIN_SPACE = make_key(L * (t**2 + t * n), accepted=[BigO(t**2 * L + t * n * L + n**2 * L)],
                          misconceptions=[("no_attention_maps", BigO(t * n * L), 0.5),
                                          ("squared_everything", BigO(t**2 * n**2 * L), 0)])
TF_TRAIN_TIME = make_key(L * (t**2 * n + t * n**2), accepted=[BigO(t**2 * n * L)],
                         misconceptions=[("no_attention_term", BigO(t * n**2 * L), 0.5)])
KER_1_1 = make_key(L**2 * D, accepted=[BigO(L**2 * D + L**2)], companions=[BigO(L**2)],
                   notation=KER_NOTATION, misconceptions=[
                       ("dropped_d", BigO(L**2), 1), ("wrong_order", BigO(L * D**2), 0)])
KER_1_4 = make_key(L * D**3, notation=KER_NOTATION, points=3,
                   accepted=[BigO(L * D * (1 + D + D**2)), BigO(L * sympy.Symbol("M") * D)],
                   misconceptions=[("still_quadratic", BigO(L**2), 0),
                                   ("still_quadratic_d", BigO(L**2 * D), 0)])
RNN_STANDARD = make_key(T**2 * d, notation=RNN_NOTATION,
                        misconceptions=[("dropped_d", BigO(T**2), 1)])
RNN_LINEAR = make_key(T * d**2, notation=RNN_NOTATION,
                      misconceptions=[("dropped_d", BigO(T), 1),
                                      ("still_quadratic", BigO(T**2 * d), 0)])

# (key, bounds read from the answer, status, score, matched)
OUTCOMES = [
    (RNN_TIME, [BigO(L * n**2 * t)], Status.CORRECT, 2, "reference"),
    (RNN_TIME, [BigO(t * n * L)], Status.PARTIAL, 0.5, "forgot_recurrent_matmul"),
    (RNN_TIME, [L**2 * n * t], Status.INCORRECT, 0, "squared_layers"),
    (RNN_TIME, [BigO(t**2 * n**2 * L)], Status.INCORRECT, 0, None),
    (TF_TRAIN_SPACE, [BigO(t**2 * L + t * n * L + n**2 * L)], Status.CORRECT, 2, "accepted:1"),
    (TF_TRAIN_SPACE, [BigO(L * (t**2 + t * n))], Status.CORRECT, 2, "reference"),
    (TF_TRAIN_SPACE, [BigO(t**2 * n**2 * L)], Status.INCORRECT, 0, "squared_everything"),
    (TF_TRAIN_TIME, [BigO(t**2 * n * L)], Status.CORRECT, 2, "accepted:1"),
    (TF_TRAIN_TIME, [BigO(L * t**2 * n + L * t * n**2)], Status.CORRECT, 2, "reference"),
    (TF_TRAIN_TIME, [BigO(n**2 * t * L)], Status.PARTIAL, 0.5, "no_attention_term"),
    # seed 003, 1.1: the full bound, then the companion O(L²)
    (KER_1_1, [L**2 * D, L**2, L**2 * D, L**2 * D + 2 * L**2 + L**2 * D, L**2],
     Status.CORRECT, 2, "reference"),
    (KER_1_1, [L**2], Status.PARTIAL, 1, "dropped_d"),
    (KER_1_1, [L * D**2], Status.INCORRECT, 0, "wrong_order"),
    (KER_1_4, [L**2], Status.INCORRECT, 0, "still_quadratic"),
    (KER_1_4, [L * sympy.Symbol("M") * D], Status.CORRECT, 3, "accepted:2"),
    (KER_1_4, [L * D * (1 + D + D**2)], Status.CORRECT, 3, "reference"),
    (RNN_STANDARD, [T**2], Status.PARTIAL, 1, "dropped_d"),
    (RNN_LINEAR, [T], Status.PARTIAL, 1, "dropped_d"),
    (RNN_LINEAR, [T**2 * d], Status.INCORRECT, 0, "still_quadratic"),
    # earlier bounds are steps of the derivation: the last one covers them
    (RNN_TIME, [n**2, t * n**2, t * n**2 * L], Status.CORRECT, 2, "reference"),
]


@pytest.mark.parametrize(("key", "bounds", "status", "score", "matched"), OUTCOMES)
def test_outcomes(key, bounds, status, score, matched):
    outcome = check_bounds(bounds, key)
    assert outcome.status is status, outcome
    assert outcome.score == pytest.approx(score)
    assert outcome.matched == matched


def test_misconception_feedback_is_shown():
    outcome = check_bounds([BigO(t * n * L)], RNN_TIME)
    assert outcome.feedback == ("feedback forgot_recurrent_matmul",)


def test_wrong_bound_names_the_students_factors_and_the_kind_of_slip():
    key = make_key(t * n**2 * L)  # no misconceptions listed
    outcome = check_bounds([L**2 * n * t], key)
    assert outcome.status is Status.INCORRECT and outcome.score == 0
    text = " ".join(outcome.feedback)
    assert "L²" in text and "n²" not in text
    assert "It looks like a slip: two symbols swapped." in outcome.feedback
    notes = " ".join(outcome.ta_notes)
    assert "n and L swapped" in notes or "L and n swapped" in notes
    assert "t·n²·L" in notes


def test_loose_bound_says_not_tight():
    outcome = check_bounds([BigO(t**2 * n**2 * L)], RNN_TIME)
    assert outcome.status is Status.INCORRECT
    assert "not tight" in " ".join(outcome.feedback)


def test_mutation_never_gives_credit():
    key = make_key(t * n**2 * L)
    outcome = check_bounds([t * L], key)  # "the factor n² dropped"
    assert outcome.score == 0 and outcome.status is Status.INCORRECT
    assert "It looks like a slip: a factor dropped." in outcome.feedback
    assert "n²" not in " ".join(outcome.feedback)
    assert "n² dropped" in " ".join(outcome.ta_notes)


FEEDBACK_NEVER_REVEALS = [
    (RNN_TIME, [BigO(t**2 * n**2 * L)]),
    (TF_TRAIN_TIME, [BigO(t * n * L)]),
    (KER_1_4, [BigO(L**2 * D**2)]),
]


@pytest.mark.parametrize(("key", "bounds"), FEEDBACK_NEVER_REVEALS)
def test_feedback_never_contains_the_full_reference(key, bounds):
    outcome = check_bounds(bounds, key)
    from grader.checks.complexity import render_bound
    reference = render_bound(bound_terms(key.reference), key.notation.symbols)
    assert all(reference not in line for line in outcome.feedback)
    assert any(reference in note for note in outcome.ta_notes)


def test_undefined_symbol_goes_to_review_with_readings():
    key = make_key(n * L, accepted=[BigO(n * L + n**2 * L)],
                   misconceptions=[("stores_sequence_at_test", BigO(t * n * L), 0.5)])
    outcome = check_bounds([BigO(n * d)], key)  # seed 001: O(n·d), d undefined
    assert outcome.status is Status.NEEDS_REVIEW
    assert "d is not defined" in outcome.feedback[0]
    notes = " ".join(outcome.ta_notes)
    assert "reading d as L" in notes and "correct" in notes


def test_conflicting_candidates_go_to_review():
    outcome = check_bounds([t * n**2 * L, t**2 * L], RNN_TIME)
    assert outcome.status is Status.NEEDS_REVIEW
    assert "several different bounds" in outcome.feedback[0]


def test_boxed_candidate_decides():
    outcome = check_bounds([Candidate(t * n**2 * L, "O(t n^2 L)", decisive=True)], RNN_TIME)
    assert outcome.status is Status.CORRECT


def test_no_bound_is_review_not_incorrect():
    outcome = check_bounds([], RNN_TIME, "it grows with the size")
    assert outcome.status is Status.NEEDS_REVIEW
    assert "could not read a complexity bound" in outcome.feedback[0]


def test_keyword_misconception_applies_without_a_bound():
    base = make_key(L * D**3, notation=KER_NOTATION, points=3)
    mis = Misconception(id="linear_no_expression", keywords=["linear"], points=1,
                        feedback="Right that it is linear in L.")
    key = PartKey(base.part, base.params, base.notation, base.reference,
                  misconceptions=((mis, None),))
    outcome = check_bounds([], key, "It is linear in L.")
    assert outcome.status is Status.PARTIAL and outcome.score == 1
    assert outcome.matched == "linear_no_expression"


def test_unsupported_bound_is_review():
    outcome = check_bounds([sympy.exp(t)], RNN_TIME)
    assert outcome.status is Status.NEEDS_REVIEW


def test_interpreted_as_shows_the_bound():
    outcome = check_bounds([L**2 * n * t], RNN_TIME)
    assert outcome.interpreted_as == "O(t·n·L²)"


# --------------------------------------------------------------------------
# Text level (through grader.mathread)
# --------------------------------------------------------------------------

def text_key(reference, *, accepted=(), misconceptions=(), companions=(),
             notation=SEQ_NOTATION, points=2.0) -> PartKey:
    """A PartKey whose rubric forms are strings, as in the YAML."""
    return PartKey(
        part=Part(id="p", points=points, kind="complexity"),
        params=ComplexityParams(companions=list(companions)),
        notation=notation,
        reference=reference,
        accepted=tuple((AcceptedForm(answer=a), a) for a in accepted),
        misconceptions=tuple(
            (Misconception(id=mid, points=pts, feedback=f"feedback {mid}", answer=a), a)
            for mid, a, pts in misconceptions),
    )


SEQ_RNN_TIME = text_key(t * n**2 * L, misconceptions=[
    ("forgot_recurrent_matmul", "O(t n L)", 0.5), ("squared_layers", "O(L^2 n t)", 0)])
SEQ_TF_SPACE = text_key(L * (t**2 + t * n), accepted=["O(t^2 L + t n L + n^2 L)"],
                        misconceptions=[("no_attention_maps", "O(t n L)", 0.5)])
SEQ_RNN_TEST_SPACE = text_key(n * L, accepted=["O(n L + n^2 L)"],
                              misconceptions=[("stores_sequence_at_test", "O(t n L)", 0.5)])
TEXT_KER_1_1 = text_key(L**2 * D, accepted=["O(L^2 D + L^2)"], companions=["O(L^2)"],
                        notation=KER_NOTATION, misconceptions=[
                            ("dropped_d", "O(L^2)", 1), ("wrong_order", "O(L D^2)", 0)])
TEXT_KER_1_4 = text_key(L * D**3, notation=KER_NOTATION, points=3,
                        accepted=["O(L D (1 + D + D^2))", "O(L M D)"],
                        misconceptions=[("still_quadratic", "O(L^2)", 0)])
TEXT_RNN_STANDARD = text_key(T**2 * d, notation=RNN_NOTATION,
                             misconceptions=[("dropped_d", "O(T^2)", 1)])
TEXT_RNN_LINEAR = text_key(T * d**2, notation=RNN_NOTATION,
                           misconceptions=[("dropped_d", "O(T)", 1)])

SEED_003_1_1 = (r"Final time complexity is then $O(L^2 D + 2L^2 + L^2 D)$, or simply, in the "
                r"context of very long sequences ($L \gg D$), $O(L^2)$.")

# (key, answer text, status, score)
TEXT_CASES = [
    (SEQ_RNN_TIME, "O(Ln^2t)", Status.CORRECT, 2),
    (SEQ_RNN_TIME, r"Time complexity =  $O(t \cdot n^2 \cdot L)$", Status.CORRECT, 2),
    (SEQ_RNN_TIME, "O(t n L)", Status.PARTIAL, 0.5),
    (SEQ_RNN_TIME, r"$\propto l^2 \times n \times t$", Status.INCORRECT, 0),
    (SEQ_RNN_TIME, r"$$\boxed{\text{RNN}_{\text{time}} \propto l^2 \times n \times t}$$",
     Status.INCORRECT, 0),
    (SEQ_RNN_TIME, "O(t² n² L)", Status.INCORRECT, 0),
    (SEQ_TF_SPACE, "O(t^2 L + t n L + n^2 L)", Status.CORRECT, 2),
    (SEQ_RNN_TEST_SPACE, r"Space complexity:  $O(n \cdot d)$", Status.NEEDS_REVIEW, 0),
    (TEXT_KER_1_1, SEED_003_1_1, Status.CORRECT, 2),
    (TEXT_KER_1_4, "Worst case is still $O(L^2)$.", Status.INCORRECT, 0),
    (TEXT_KER_1_4, "O(L M D)", Status.CORRECT, 3),
    (TEXT_RNN_STANDARD, "a time complexity of  $O(T^2)$  for an input with **T** tokens.",
     Status.PARTIAL, 1),
    (TEXT_RNN_LINEAR, "the overall time complexity is O(T) which is efficient",
     Status.PARTIAL, 1),
    (SEQ_RNN_TIME, "It depends on the hardware.", Status.NEEDS_REVIEW, 0),
    # OCR and typing slips: a zero for the O, a power whose caret was lost
    (SEQ_RNN_TIME, "O(tn2 l)", Status.CORRECT, 2),
    (SEQ_RNN_TIME, "0(t n2 L)", Status.CORRECT, 2),
    (SEQ_RNN_TIME, "0(t n L)", Status.PARTIAL, 0.5),
    (TEXT_KER_1_1, "0(L2 D)", Status.CORRECT, 2),
    (TEXT_RNN_STANDARD, "O(T2)", Status.PARTIAL, 1),
    (SEQ_RNN_TIME, "RNN: t Schritte, pro Schicht n2, insgesamt 0(t n2 L)", Status.CORRECT, 2),
    (SEQ_RNN_TIME, "- time: 0(l t n2)  (each layer n×n times n)", Status.CORRECT, 2),
]


@pytest.mark.parametrize(("key", "text", "status", "score"), TEXT_CASES)
def test_text_answers(key, text, status, score):
    outcome = ComplexityChecker().check(Answer("p", text), key)
    assert outcome.status is status, outcome
    if status is not Status.NEEDS_REVIEW:
        assert outcome.score == pytest.approx(score)


def test_text_swap_feedback():
    outcome = ComplexityChecker().check(Answer("p", "l^2 × n × t"), text_key(t * n**2 * L))
    text = " ".join(outcome.feedback)
    assert outcome.status is Status.INCORRECT
    assert "L²" in text and "n²" not in text  # the student's factor, not the reference's
    assert "t·n²·L" in " ".join(outcome.ta_notes)


def test_declared_name_is_honoured():
    answer = Answer("p", "O(t d^2 L)", declared={"d": "n"})
    outcome = ComplexityChecker().check(answer, SEQ_RNN_TIME)
    assert outcome.status is Status.CORRECT


# An unreadable O(…) beside readable bounds: deciding from the readable ones
# would grade an answer the student did not give (zoe-invalid-utf8, 1a).
# (answer, final line or None, status)
UNREADABLE_BOUND_CASES = [
    ("RNN, test: time O(t n^2 L); space O(n\ufffdL), just the current state per layer.",
     None, Status.NEEDS_REVIEW),
    ("space O(n\ufffdL), just the current state per layer.", None, Status.NEEDS_REVIEW),
    ("O(t n L) in training; at test O(n\ufffdL)", None, Status.NEEDS_REVIEW),
    ("O(t n L) at first, then O(n L", None, Status.NEEDS_REVIEW),
    # a readable boxed or final bound decides
    ("first O(n\ufffdL), i.e. $\\boxed{O(nL)}$", None, Status.CORRECT),
    ("first O(n\ufffdL), so in the end O(n L)", "so in the end O(n L)", Status.CORRECT),
    # ... unless the decisive text itself holds the unreadable bound
    ("O(n L) or O(n\ufffdL)", "O(n L) or O(n\ufffdL)", Status.NEEDS_REVIEW),
    ("$\\boxed{O(n L) + O(n\ufffdL)}$", None, Status.NEEDS_REVIEW),
]


@pytest.mark.parametrize(("text", "final", "status"), UNREADABLE_BOUND_CASES)
def test_unreadable_bound_blocks_a_decision(text, final, status):
    outcome = ComplexityChecker().check(Answer("p", text, final=final), SEQ_RNN_TEST_SPACE)
    assert outcome.status is status, outcome
    if status is Status.NEEDS_REVIEW:
        assert outcome.feedback[0].startswith("could not read")


def test_unreadable_bounds_lists_only_the_unreadable():
    from grader.checks.complexity import unreadable_bounds
    text = "time O(t n^2 L); space O(n\ufffdL); Θ(n) and \\mathcal{O}(L n)"
    assert unreadable_bounds(text, SEQ_NOTATION) == ["O(n\ufffdL)"]


# --------------------------------------------------------------------------
# Bounds outside the monomial order, graded by order of growth
# --------------------------------------------------------------------------

N_ONLY = Notation(("n",))
N_SQUARED = make_key(sympy.Symbol("n") ** 2, notation=N_ONLY)
N_LOG_N = make_key(sympy.Symbol("n") * sympy.log(sympy.Symbol("n")), notation=N_ONLY)

# (key, answer bound, expected status)
BY_ORDER = [
    (N_SQUARED, BigO(2 ** sympy.Symbol("n")), Status.INCORRECT),
    (N_SQUARED, BigO(sympy.factorial(sympy.Symbol("n"))), Status.INCORRECT),
    (N_SQUARED, BigO(sympy.log(sympy.log(sympy.Symbol("n")))), Status.INCORRECT),
    (N_LOG_N, BigO(sympy.log(sympy.factorial(sympy.Symbol("n")))), Status.CORRECT),
]


@pytest.mark.parametrize(("key", "bound", "expected"), BY_ORDER)
def test_bounds_outside_the_monomial_order(key, bound, expected):
    assert check_bounds([bound], key).status is expected
