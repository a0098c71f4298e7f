"""FreeTextChecker with the concepts of the shipped seqmodels-a5 rubric."""

from __future__ import annotations

import pytest

from grader.answer import Answer
from grader.checks import get_checker
from grader.checks.base import PartKey
from grader.checks.free_text import (
    Concept,
    FreeTextChecker,
    FreeTextParams,
    matched_concepts,
    subject_words,
)
from grader.notation import Notation
from grader.outcome import Status
from grader.rubric.models import Misconception, Part

# Concepts as in rubrics/seqmodels-a5.yaml.
PARAMS = {
    "1b.n_less_than_t": FreeTextParams(concepts=[
        Concept(name="the attention term t²n dominates tn²", points=1,
                patterns=[r"t\^?2 ?\*? ?n", r"attention (term|cost)? ?(dominates|exceeds)",
                          r"quadratic in (the )?sequence", "dominat"]),
        Concept(name="local or restricted attention", points=1,
                patterns=["restrict", "local attention", "neighbo(u)?rhood", "window"]),
    ]),
    "2a.attention_weights": FreeTextParams(auto_decide=True, concepts=[
        Concept(name="softmax of the scores k_iᵀq", points=1,
                patterns=["softmax", r"exp ?\(? ?k_?\{?i\}?\^\{?t"]),
        Concept(name="z is the α-weighted sum of the values", points=1,
                patterns=[r"sum.{0,40}(alpha|v_)", "z ?= ?.{0,30}v"]),
    ]),
    "2a.copy_condition": FreeTextParams(concepts=[
        Concept(name="α_j ≈ 1 and the other weights ≈ 0", points=1,
                patterns=[r"alpha_\{?j\}? ?(=|≈|~|\\approx)? ?1", "weight.{0,30}1"]),
        Concept(name="k_jᵀq much larger than every other k_iᵀq", points=1,
                patterns=[">>", "≫", r"\\gg", "much (larger|greater|bigger)"]),
    ]),
    "3.elbo_terms": FreeTextParams(auto_decide=True, concepts=[
        Concept(name="reconstruction term E_q[log p(x|z)]", points=1,
                patterns=[r"reconstruction[^.]{0,60}log ?p ?\(x ?\| ?z\)",
                          r"log ?p ?\(x ?\| ?z\)[^.]{0,60}reconstruction"]),
        Concept(name="regularisation term −KL(q(z|x) ‖ p(z))", points=1,
                patterns=[r"regulari[sz]ation[^.]{0,60}kl", r"kl[^.]{0,60}regulari[sz]ation"]),
    ]),
    "4c.equilibrium": FreeTextParams(concepts=[
        Concept(name="Nash equilibrium", points=1, patterns=["nash"]),
        Concept(name="a saddle point, not a joint optimum", points=1,
                patterns=["saddle", "not (a )?(joint|simultaneous|global) (optimum|minimum)"]),
    ]),
}
MISCONCEPTIONS = {
    "3.elbo_terms": ((Misconception(
        id="entropy_as_term", keywords=["regulari", "log q"], points=1,
        feedback="The entropy −E_q[log q(z|x)] alone is not one of the two terms of this "
                 "decomposition."), None),),
}

SEED_000_2A = (
    "The attention vector and weights are defined as:-\n\n$$z = \\sum_{i=1}^m (v_i \\alpha_i)$$"
    "\n\n$$\\alpha_i = \\frac{\\exp(k_i^T a)}{\\sum_{i=1}^m \\exp(k_i^T a)}$$")
SEED_001_2A = (
    "$$z = \\sum_{i=1}^m (v_i \\alpha_i)$$\n\nFor decoder, we need the weighted combination of "
    "inputs.\n\nIn terms of Query vector  $q$ , Key vector  $k$ , & value vector  $v$ .\n\n"
    "$z$  can be calculated as  $\\text{softmax}\\left(\\frac{Q \\times K^T}{\\sqrt{d_k}}"
    "\\right) \\cdot V$ .")
SEED_001_ELBO_TERMS = (
    "In this reconstruction term is:  \n $- E_{q(z|x)} \\log q(z|x)$\n\nReconstruction term is:"
    "\n\n$$E_{q(z|x)} [\\log p(x|z)]$$\n\nRegularization term is\n\n"
    "$$- E_{q(z|x)} [\\log q(z|x)]$$")
SEED_002_ELBO_TERMS = (
    "reconstruction term regularization term.\n\nHere E [log p (x|z)] is the regularization\n\n"
    "z ~ qq[z|x). tem which aligns the forces the generated single to be similar to original "
    "one. Here KL (q/2/2/2) || p(z)) is the regularization lown which origins the distribution "
    "of (2/2) with prior p(z)")
SEED_002_COPY = ("a) z= v; rimplies $\\sqrt{j} = 1$ and $\\sqrt{n}: i \\neq j = 0$ This means "
                 "that Kigy >>> Kility")
SEED_000_4C = (
    "(c) In GAN, we do not simultaneously reach the optimal for all parameters. instead we "
    "achieve Nash equilibrium where each parameter can not reduce their cost without altering "
    "the cost of other parameters.")
SEED_001_4C = (
    "(c) An equilibrium point is a saddle point. which the GAN needs to reach. A saddle point "
    "is a point on graph surface where the slopes in orthogonal directions are all zero but is "
    "not a local extremum of the function.")

# (case id, part, text, status, score or suggested score, matched concept names)
CASES = [
    ("1b_full", "1b.n_less_than_t",
     "When n < t the self-attention cost t²n dominates the t n² of the feed-forward layers, "
     "so a Transformer layer costs more than an RNN layer; restricting attention to a local "
     "window brings it back down.", Status.NEEDS_REVIEW, 2.0, 2),
    ("1b_seed_001_neighbourhood", "1b.n_less_than_t",
     "In cases when number of neurons at each layer  $n$  is smaller than sequence length  $t$ "
     ", self-attention can be restricted to neighbourhood of size  $n$ .",
     Status.NEEDS_REVIEW, 1.0, 1),
    ("1b_seed_000_nothing", "1b.n_less_than_t",
     "2b) If the number of neurons in each layer is less than sequence length then learning "
     "will be effected badly.", Status.NEEDS_REVIEW, 0.0, 0),
    ("1b_latex_t_squared", "1b.n_less_than_t", "Then $O(t^{2} \\cdot n)$ is the larger term.",
     Status.NEEDS_REVIEW, 1.0, 1),
    ("2a_weights_seed_000", "2a.attention_weights", SEED_000_2A, Status.CORRECT, 2.0, 2),
    ("2a_weights_seed_001_matrix_form", "2a.attention_weights", SEED_001_2A,
     Status.CORRECT, 2.0, 2),
    ("2a_weights_unicode", "2a.attention_weights",
     "α_i = exp(k_iᵀq) / Σ_j exp(k_jᵀq) and z = Σ_i α_i v_i", Status.CORRECT, 2.0, 2),
    ("2a_weights_only_alpha", "2a.attention_weights",
     "$\\alpha_i = \\frac{\\exp(k_i^\\top q)}{\\sum_j \\exp(k_j^\\top q)}$",
     Status.NEEDS_REVIEW, 1.0, 1),
    ("2a_copy_seed_002", "2a.copy_condition", SEED_002_COPY, Status.NEEDS_REVIEW, 1.0, 1),
    ("2a_copy_latex", "2a.copy_condition",
     "$z \\approx v_j$ when $k_j^\\top q \\gg k_i^\\top q$ for all $i \\neq j$, since then "
     "$\\alpha_j \\approx 1$.", Status.NEEDS_REVIEW, 2.0, 2),
    ("2a_copy_unicode", "2a.copy_condition", "If k_jᵀq ≫ k_iᵀq for every i ≠ j then α_j ≈ 1.",
     Status.NEEDS_REVIEW, 2.0, 2),
    ("3_terms_seed_001_entropy", "3.elbo_terms", SEED_001_ELBO_TERMS, Status.PARTIAL, 1.0, 1),
    ("3_terms_seed_002", "3.elbo_terms", SEED_002_ELBO_TERMS, Status.NEEDS_REVIEW, 1.0, 1),
    ("3_terms_right", "3.elbo_terms",
     "The reconstruction term is $\\mathbb{E}_{q(z|x)}[\\log p(x|z)]$ and the "
     "regularisation term is $-KL(q(z|x) \\| p(z))$.", Status.CORRECT, 2.0, 2),
    ("4c_seed_000_nash", "4c.equilibrium", SEED_000_4C, Status.NEEDS_REVIEW, 1.0, 1),
    ("4c_seed_001_saddle", "4c.equilibrium", SEED_001_4C, Status.NEEDS_REVIEW, 1.0, 1),
    ("4c_both", "4c.equilibrium", "GANs look for a Nash equilibrium: a saddle point of f, "
     "not a joint optimum.", Status.NEEDS_REVIEW, 2.0, 2),
]


def _key(part_id: str, params: FreeTextParams | None = None) -> PartKey:
    return PartKey(part=Part(id=part_id, points=2, kind="free_text"),
                   params=params or PARAMS[part_id], notation=Notation(),
                   misconceptions=MISCONCEPTIONS.get(part_id, ()))


@pytest.mark.parametrize(("case", "part_id", "text", "status", "score", "n_matched"), CASES,
                         ids=[c[0] for c in CASES])
def test_concepts_and_verdicts(case: str, part_id: str, text: str, status: Status,
                               score: float, n_matched: int) -> None:
    outcome = FreeTextChecker().check(Answer(part_id, text), _key(part_id))
    assert outcome.status is status, outcome
    assert outcome.score == score
    assert len(matched_concepts(text, PARAMS[part_id].concepts)) == n_matched
    assert outcome.status is not Status.INCORRECT


def test_ta_note_lists_matched_and_missing_concepts() -> None:
    text = "The attention cost dominates when n < t."
    outcome = FreeTextChecker().check(Answer("1b", text), _key("1b.n_less_than_t"))
    assert outcome.ta_notes[0] == ("free text: suggested 1/2; matched: the attention term t²n "
                                   "dominates tn²; missing: local or restricted attention")


def test_feedback_quotes_the_students_matching_words_never_concepts() -> None:
    outcome = FreeTextChecker().check(Answer("4c", SEED_000_4C), _key("4c.equilibrium"))
    text = " ".join(outcome.feedback)
    assert "“Nash”" in text
    assert "saddle" not in text


def test_feedback_never_shows_a_concept_name_the_answer_did_not_write() -> None:
    text = "The attention cost dominates when n < t."
    outcome = FreeTextChecker().check(Answer("1b", text), _key("1b.n_less_than_t"))
    feedback = " ".join(outcome.feedback)
    assert "dominates" in feedback
    assert "t²n" not in feedback and "tn²" not in feedback
    assert "the attention term t²n dominates tn²" in outcome.ta_notes[0]


def test_misconception_decides_and_its_feedback_is_shown() -> None:
    outcome = FreeTextChecker().check(Answer("3", SEED_001_ELBO_TERMS), _key("3.elbo_terms"))
    assert outcome.matched == "entropy_as_term"
    assert outcome.feedback[0].startswith("The entropy")


def test_misconception_keywords_in_a_complete_answer_go_to_review() -> None:
    text = ("Reconstruction term: E_q[log p(x|z)]. Regularisation term: -KL(q||p), which "
            "expands to E_q[log q(z|x)] - E_q[log p(z)].")
    outcome = FreeTextChecker().check(Answer("3", text), _key("3.elbo_terms"))
    assert outcome.status is Status.NEEDS_REVIEW
    assert outcome.score == 2.0


def test_always_review_overrides_auto_decide() -> None:
    params = PARAMS["2a.attention_weights"].model_copy(update={"always_review": True})
    outcome = FreeTextChecker().check(Answer("2a", SEED_000_2A),
                                      _key("2a.attention_weights", params))
    assert outcome.status is Status.NEEDS_REVIEW
    assert outcome.score == 2.0


def test_suggested_score_is_capped_at_the_parts_points() -> None:
    params = FreeTextParams(auto_decide=True, concepts=[
        Concept(name="a", points=2, patterns=["alpha"]),
        Concept(name="b", points=2, patterns=["beta"])])
    outcome = FreeTextChecker().check(Answer("x", "alpha only"), _key("x", params))
    assert outcome.status is Status.NEEDS_REVIEW and outcome.score == 2.0


def test_params_validation() -> None:
    with pytest.raises(ValueError, match="not a regex"):
        Concept(name="bad", points=1, patterns=["(unclosed"])
    with pytest.raises(ValueError):
        FreeTextParams(concepts=[], auto_decide=True, threshold=1)


def test_registered_under_free_text() -> None:
    assert get_checker("free_text").Params is FreeTextParams


# rubrics/rnn-attention-hw2.yaml, 1.meaning: the direction of the comparison matters.
_EVEN_BEATS_ODD = [
    r"even[^.;]{0,60}(more than|greater than|larger than|bigger than|higher than|exceeds?"
    r"|outweighs?)[^.;]{0,40}odd",
    r"even[- ]?(position(s|ed)?[- ]?)?(sum|inputs?|terms?|ones|entries)[^.;]{0,15}\b(is|are) "
    r"(larger|bigger|greater|higher)",
    r"odd[^.;]{0,60}(less than|smaller than|lower than)[^.;]{0,40}even"]
_ODD_BEATS_EVEN = [
    r"odd[^.;]{0,60}(more than|greater than|larger than|bigger than|higher than|exceeds?"
    r"|outweighs?)[^.;]{0,40}even",
    r"odd[- ]?(position(s|ed)?[- ]?)?(sum|inputs?|terms?|ones|entries)[^.;]{0,15}\b(is|are) "
    r"(larger|bigger|greater|higher)",
    r"even[^.;]{0,60}(less than|smaller than|lower than)[^.;]{0,40}odd"]
MEANING = FreeTextParams(auto_decide=True, concepts=[
    Concept(name="compares the sums of even- and odd-position inputs", points=1,
            patterns=_EVEN_BEATS_ODD, conflicts=_ODD_BEATS_EVEN),
    Concept(name="output near 1 or 0 (a sign detector)", points=1,
            patterns=["≈ ?1", "close to 1", "near 1", "sign", "threshold", "step"]),
])

MEANING_CASES = [
    ("answer_key", "It outputs about 1 when the inputs at even positions sum to more than those "
     "at odd positions and about 0 otherwise: it compares the two sums, a sign detector.",
     Status.CORRECT, 2.0),
    ("even_sum_is_bigger_sofia", "The network compares the sum of the even-position inputs "
     "with the sum of the odd-position inputs: Y_T is close to 1 if the even sum is bigger, "
     "close to 0 otherwise.", Status.CORRECT, 2.0),
    ("odd_less_than_even", "Y_T is near 1 when the odd inputs add up to less than the even "
     "ones.", Status.CORRECT, 2.0),
    ("carla_reversed", "The network checks whether the odd-position inputs add up to more than "
     "the even-position ones; output near 1 if yes.", Status.NEEDS_REVIEW, 1.0),
    ("odd_sum_is_larger", "Y_T ≈ 1 if the odd sum is larger.", Status.NEEDS_REVIEW, 1.0),
    ("even_less_than_odd", "It fires (≈ 1) when the even inputs sum to less than the odd ones.",
     Status.NEEDS_REVIEW, 1.0),
    ("direction_not_stated", "It compares even and odd positions; a sign detector.",
     Status.NEEDS_REVIEW, 1.0),
    ("both_directions", "Output near 1 when the even sum is larger than the odd sum. "
     "Or when the odd sum is larger than the even sum.", Status.NEEDS_REVIEW, 1.0),
]


@pytest.mark.parametrize(("case", "text", "status", "score"), MEANING_CASES,
                         ids=[c[0] for c in MEANING_CASES])
def test_direction_of_a_comparison_is_auto_decided_only_when_unambiguous(
        case: str, text: str, status: Status, score: float) -> None:
    outcome = FreeTextChecker().check(Answer("1.meaning", text), _key("1.meaning", MEANING))
    assert outcome.status is status, outcome
    assert outcome.score == score


def test_conflicting_concept_is_named_in_ta_notes_only() -> None:
    text = "The odd-position inputs add up to more than the even-position ones; near 1 then."
    outcome = FreeTextChecker().check(Answer("1.meaning", text), _key("1.meaning", MEANING))
    assert "opposite claim occurs for: compares the sums" in outcome.ta_notes[0]
    assert "compares the sums" not in " ".join(outcome.feedback)


def test_shipped_rubric_meaning_concepts_match_these(assignments) -> None:
    shipped = assignments["rnn-attention-hw2"].keys["1.meaning"].params
    assert shipped.concepts[0].patterns == _EVEN_BEATS_ODD
    assert shipped.concepts[0].conflicts == _ODD_BEATS_EVEN


def test_conflicts_must_compile() -> None:
    with pytest.raises(ValueError, match="not a regex"):
        Concept(name="bad", points=1, patterns=["x"], conflicts=["(unclosed"])


# Words of the question restated are not a concept named: "very deep nets" for "why
# do residual connections make very deep networks trainable?"
ECHO = FreeTextParams(auto_decide=True, concepts=[
    Concept(name="gradient flows through the identity path", points=1,
            patterns=["identity (path|mapping)", "skip (path|connection)"]),
    Concept(name="no vanishing gradients", points=1, patterns=["vanish", "very deep"]),
])
ECHO_PROMPT = "Why do residual connections make very deep networks trainable?"
ECHO_CASES = [
    # (answer, concepts credited)
    ("Skip connections reuse the input, which stops overfitting in very deep nets.", 1),
    ("They make very deep networks trainable.", 0),
    ("The skip connection carries the gradient, so it does not vanish.", 2),
    ("The identity path keeps even very, very deep stacks from vanishing gradients.", 2),
]


@pytest.mark.parametrize(("text", "credited"), ECHO_CASES)
def test_restating_the_question_names_no_concept(text: str, credited: int) -> None:
    key = PartKey(part=Part(id="5.why", points=2, kind="free_text", prompt=ECHO_PROMPT),
                  params=ECHO, notation=Notation())
    outcome = FreeTextChecker().check(Answer("5.why", text), key)
    assert outcome.score == credited
    assert (outcome.status is Status.CORRECT) is (credited == 2)


def test_a_number_is_never_a_word_of_the_question() -> None:
    concept = Concept(name="unit variance", points=1, patterns=[r"variance (one|1)\b"])
    subject = subject_words("Is the variance one or 1?")
    assert matched_concepts("the variance 1 stays", [concept], subject) == [concept]
    assert matched_concepts("the variance one stays", [concept], subject) == []
