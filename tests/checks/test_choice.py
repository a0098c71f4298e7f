"""ChoiceChecker on the seeds' yes/no answers (seqmodels-a5, Q1c, Q1d, Q4b)."""

from __future__ import annotations

import pytest

from grader.answer import Answer
from grader.checks import get_checker
from grader.checks.base import PartKey
from grader.checks.choice import ChoiceChecker, ChoiceParams, sentence_polarity
from grader.checks.text import sentences
from grader.notation import Notation
from grader.outcome import Status
from grader.rubric.models import Misconception, Part

# The params of the shipped rubric (rubrics/seqmodels-a5.yaml).
ACROSS_TOKENS = ["look across", "across tokens", "attend", "mix"]
PER_TOKEN = [r"\b(?:independent(?:ly)?|separately|individually)\b"]
PARAMS = {
    "1c.attention_across_tokens": (1, ChoiceParams(
        expected="yes", subject=["self attention", "self-attention", "attention"],
        topic=ACROSS_TOKENS, position=1, no_patterns=PER_TOKEN,
        other_subjects=["bottleneck", "parallel", "feed forward", "ffn", "layer norm",
                        "layernorm"])),
    "1c.attention_bottleneck": (2, ChoiceParams(
        expected="no", subject=["bottleneck", "parallel"],
        reason_keywords=["matrix", "at once", "parallel", "all positions", "autoregressive"],
        topic=["bottleneck", "parallel", "sequential"], position=2, no_patterns=PER_TOKEN,
        other_subjects=["look across", "across tokens", "feed forward", "ffn", "layer norm",
                        "layernorm"])),
    "1d.ffn_across_tokens": (1, ChoiceParams(
        expected="no", subject=["feed forward", "feed-forward", "ffn"], topic=ACROSS_TOKENS,
        no_patterns=PER_TOKEN,
        other_subjects=["layer norm", "layernorm", "attention", "bottleneck"], position=1)),
    "1d.layernorm_across_tokens": (1, ChoiceParams(
        expected="no", subject=["layer norm", "layernorm", "layer-norm", "layer normalization",
                                "layer normalisation"], topic=ACROSS_TOKENS, no_patterns=PER_TOKEN,
        other_subjects=["feed forward", "ffn", "attention", "bottleneck"], position=2)),
    "4b.converges": (2, ChoiceParams(
        expected="no", subject=["converge", "reach", "optimal", "optimum", "equilibrium", "cycl",
                                "oscillat"],
        reason_keywords=["cycle", "period", "back to", "oscillat", "t=6", "6 iterations"])),
}
MISCONCEPTIONS = {
    "1c.attention_bottleneck": ((Misconception(
        id="decoder_bottleneck", keywords=["encoder", "decoder"], points=1,
        feedback="At training time a masked decoder also computes all positions at once."),
        None),),
}

SEED_000_1C = (
    "2c) Self attention in encoder layer is not a bottleneck ^{for parallelism} as encoder has "
    "all the tokens in sequence to compute attention scores.\n\nBut for decoder, self attention "
    "acts as a bottleneck ^{for parallelism} as it depends on the output of previous time step "
    "as well.")
SEED_001_1C = (
    "1c) Self attention does look across the tokens of a given input. This does not affect "
    "parallelism as the self attention ~~part~~ is only one-part of the model ~~and the "
    "parallelism~~\n\nAdditionally the self attention module is itself parallelised where "
    "~~if~~ it calculates the attention for all words parallelly.\n\nAt higher level in the "
    "model, the entire model is parallelised for multiple layers.")
SEED_002_1C = (
    "c) yes, it is bottlencek. The sequential operations in transformers are independent of "
    "length but are quite complex expensive to decode. It make it a tradeoff.")
SEED_000_1D = (
    "2d) Yes the feed forward network look across the tokens.\n\n\n\nThis support parallelism "
    "as\n\neach layer in feed forward network can be trained on different computational units.")
SEED_001_1D = (
    "2d) layer norm does not look across tokens. ~~a~~\n\n~~layer norm is not~~\n\nlayer norm "
    "takes the entire input and calculates norm across all features & all elements for each "
    "instance independently. These instances can be parallelised for parallelising layer "
    "norm.\n\nfeed forward network does look through the tokens. It consists of weights that "
    "are trained during training. The exact matrix is applied to each token position.\n\n"
    "Since it can be applied without any interference by other token positions, it can be "
    "parallelized by applying to all tokens simultaneously.")
SEED_002_1D = (
    "d) No feed forward network and layer norm don't look across tokens However, various "
    "operations/ paths can be executed parallely while floring through FF and norm layers.")
SEED_000_4B = (
    "(b) By using above approach it is not possible to reach the optimal for all the "
    "parameters as we see in above example at $t=6$ the values of q & p both reaches back to "
    "where it started.")
SEED_001_4B = (
    "(b) By using the above approach, we will not reach an optimal value as the algorithm will "
    "not converge but will keep cycling from any start point. Since it is necessary to find a "
    "global maximum for optimal point, this method will not find it.")
SEED_002_4B = (
    "b) No it is not possible to reach optimal value as after 6 iterations the new value of p, "
    "q ore same as po, go, make it ossilatory seguerre It is because the step rize which is I "
    "is too large. Since min-max problems are unstable, small step size is prejuable Nash "
    "equilibrium point is 0.")

# (case id, part, answer text, acceptable statuses, score when decided)
CASES = [
    ("000_bottleneck_encoder_decoder", "1c.attention_bottleneck", SEED_000_1C,
     {Status.PARTIAL}, 1.0),
    ("001_bottleneck", "1c.attention_bottleneck", SEED_001_1C, {Status.CORRECT}, 2.0),
    ("002_bottleneck_yes", "1c.attention_bottleneck", SEED_002_1C, {Status.INCORRECT}, 0.0),
    ("001_across_tokens_and_parallelism", "1c.attention_across_tokens", SEED_001_1C,
     {Status.CORRECT, Status.NEEDS_REVIEW}, 1.0),
    ("002_across_tokens", "1c.attention_across_tokens", SEED_002_1C,
     {Status.NEEDS_REVIEW}, None),
    ("000_ffn_yes", "1d.ffn_across_tokens", SEED_000_1D, {Status.INCORRECT}, 0.0),
    ("001_ffn_does_look", "1d.ffn_across_tokens", SEED_001_1D,
     {Status.INCORRECT, Status.PARTIAL, Status.NEEDS_REVIEW}, 0.0),
    ("002_ffn", "1d.ffn_across_tokens", SEED_002_1D, {Status.CORRECT}, 1.0),
    ("001_layernorm", "1d.layernorm_across_tokens", SEED_001_1D, {Status.CORRECT}, 1.0),
    ("002_layernorm", "1d.layernorm_across_tokens", SEED_002_1D, {Status.CORRECT}, 1.0),
    ("000_layernorm_not_answered", "1d.layernorm_across_tokens", SEED_000_1D,
     {Status.NEEDS_REVIEW}, None),
    ("000_converges", "4b.converges", SEED_000_4B, {Status.CORRECT}, 2.0),
    ("001_converges", "4b.converges", SEED_001_4B, {Status.CORRECT}, 2.0),
    ("002_converges", "4b.converges", SEED_002_4B, {Status.CORRECT}, 2.0),
    # Invented answers in the same style.
    ("plain_no", "4b.converges", "No.", {Status.CORRECT}, 2.0),
    ("plain_yes", "4b.converges", "(b) Yes", {Status.INCORRECT}, 0.0),
    ("it_converges_says_nothing", "4b.converges", "The iterates go round (0, 0).",
     {Status.NEEDS_REVIEW}, None),
    ("bottleneck_conflict_without_misconception", "1c.attention_bottleneck",
     "It is not a bottleneck. Actually it is a bottleneck since it is quadratic.",
     {Status.NEEDS_REVIEW}, None),
    ("ffn_independently", "1d.ffn_across_tokens",
     "The FFN is applied to every position independently.", {Status.CORRECT}, 1.0),
    ("unicode_apostrophe", "1d.ffn_across_tokens",
     "The feed-forward layer doesn’t mix tokens.", {Status.CORRECT}, 1.0),
]


PROMPTS = {
    "1c.attention_across_tokens": "Does self-attention look across tokens?",
    "1c.attention_bottleneck": "Is self-attention a bottleneck for parallelism?",
    "1d.ffn_across_tokens": "Does the feed-forward network look across tokens?",
    "1d.layernorm_across_tokens": "Does layer norm look across tokens?",
    "4b.converges": "Does gradient descent–ascent converge to the equilibrium here?",
}


def _key(part_id: str, params: ChoiceParams | None = None) -> PartKey:
    points, shipped = PARAMS[part_id]
    return PartKey(part=Part(id=part_id, points=points, kind="choice",
                             prompt=PROMPTS[part_id]),
                   params=params or shipped, notation=Notation(),
                   misconceptions=MISCONCEPTIONS.get(part_id, ()))


@pytest.mark.parametrize(("case", "part_id", "text", "statuses", "score"), CASES,
                         ids=[c[0] for c in CASES])
def test_seed_and_invented_answers(case: str, part_id: str, text: str, statuses: set[Status],
                                   score: float | None) -> None:
    outcome = ChoiceChecker().check(Answer(part_id, text), _key(part_id))
    assert outcome.status in statuses, outcome
    if score is not None and outcome.status is not Status.NEEDS_REVIEW:
        assert outcome.score == score


POLARITIES = [
    ("layer norm does not look across tokens", {"no"}),
    ("feed forward network does look through the tokens.", {"yes"}),
    ("But for decoder, self attention acts as a bottleneck", {"yes"}),
    ("d) No feed forward network and layer norm don't look across tokens", {"no"}),
    ("c) yes, it is bottlencek.", {"yes"}),
    ("It cannot be parallelised, so it is a bottleneck", {"yes", "no"}),
    ("the entire model is parallelised for multiple layers.", set()),
]


@pytest.mark.parametrize(("sentence", "expected"), POLARITIES)
def test_sentence_polarity(sentence: str, expected: set[str]) -> None:
    params = ChoiceParams(expected="no", subject=["bottleneck", "parallel"])
    assert sentence_polarity(sentence, params) == expected


def test_conflict_quotes_both_sentences_and_misconception_feedback_is_used() -> None:
    outcome = ChoiceChecker().check(Answer("1c", SEED_000_1C), _key("1c.attention_bottleneck"))
    assert outcome.matched == "decoder_bottleneck"
    assert any("acts as a bottleneck" in n for n in outcome.ta_notes)
    review = ChoiceChecker().check(
        Answer("1c", "It is not a bottleneck. It is a bottleneck in practice."),
        _key("1c.attention_bottleneck"))
    assert "not a bottleneck" in review.feedback[0] and "in practice" in review.feedback[0]


def test_wrong_feedback_param_replaces_generic_text() -> None:
    params = PARAMS["1d.ffn_across_tokens"][1].model_copy(update={
        "wrong_feedback": "Your answer says the feed-forward network mixes tokens; think about "
                          "how it is applied to each position."})
    key = PartKey(part=Part(id="1d.ffn_across_tokens", points=1, kind="choice"), params=params,
                  notation=Notation())
    outcome = ChoiceChecker().check(Answer("1d", SEED_000_1D), key)
    assert outcome.feedback == (params.wrong_feedback,)


def test_reason_keywords_only_reach_ta_notes() -> None:
    outcome = ChoiceChecker().check(Answer("4b", SEED_000_4B), _key("4b.converges"))
    assert outcome.score == 2.0
    assert any("back to" in n and "not found" in n for n in outcome.ta_notes)
    assert outcome.feedback == ()


def test_params_forbid_unknown_settings() -> None:
    with pytest.raises(ValueError):
        ChoiceParams(expected="maybe")
    with pytest.raises(ValueError):
        ChoiceParams(expected="no", subjects=["x"])


def test_registered_under_choice() -> None:
    assert get_checker("choice").Params is ChoiceParams


# Plain answers that do not name the subject, labelled answers and paired
# answers (sample submissions kim, lena, zoe, tessa, priya, jonas, nadia).
PLAIN = [
    ("trailing_yes_kim", "1c.attention_across_tokens",
     "Self attention looks across the tokens, yes.", Status.CORRECT),
    ("pronoun_lena_zoe", "1c.attention_across_tokens", "Yes, it looks across tokens.",
     Status.CORRECT),
    ("pronoun_no_comma", "1c.attention_across_tokens", "Yes it looks across tokens.",
     Status.CORRECT),
    ("topic_word_subject", "1c.attention_across_tokens",
     "Yes — every token attends to every other token.", Status.CORRECT),
    ("labelled_self_attention_tessa", "1c.attention_across_tokens",
     "Self-attention: yes it mixes tokens.", Status.CORRECT),
    ("labelled_bottleneck_tessa", "1c.attention_bottleneck",
     "Bottleneck: no, everything is matrix products over all positions at once.",
     Status.CORRECT),
    ("pronoun_sentence_no_yes_word", "1d.ffn_across_tokens", "It does not look across tokens.",
     Status.CORRECT),
    ("ffn_colon_no_lena", "1d.ffn_across_tokens", "** FFN: no.", Status.CORRECT),
    ("ffn_arrow_no_nadia", "1d.ffn_across_tokens", "FFN -> no (pointwise).\nLayerNorm -> no.",
     Status.CORRECT),
    ("layernorm_arrow_no_nadia", "1d.layernorm_across_tokens",
     "FFN -> no (pointwise).\nLayerNorm -> no.", Status.CORRECT),
    ("layernorm_colon_yes_lena", "1d.layernorm_across_tokens",
     "Layer norm: yes, it normalises across the whole sequence.", Status.INCORRECT),
    ("feed_forward_colon_zoe", "1d.ffn_across_tokens", "Feed-forward: no. Layer norm: no.",
     Status.CORRECT),
    ("labels_pick_their_own_ffn", "1d.ffn_across_tokens", "FFN: yes, layer norm: no",
     Status.INCORRECT),
    ("labels_pick_their_own_layernorm", "1d.layernorm_across_tokens", "FFN: yes, layer norm: no",
     Status.CORRECT),
    ("labels_without_colon", "1d.ffn_across_tokens", "FFN yes , layernorm no",
     Status.INCORRECT),
    ("no_and_no_tessa_ffn", "1d.ffn_across_tokens",
     "No and no.\nFFN = position-wise, layer norm = per token.", Status.CORRECT),
    ("no_and_no_tessa_layernorm", "1d.layernorm_across_tokens",
     "No and no.\nFFN = position-wise, layer norm = per token.", Status.CORRECT),
    ("no_slash_no_jonas", "1d.ffn_across_tokens", "no / no\nAufgabe 4", Status.CORRECT),
    # "yes / no" for (c): the rubric's position says which word is this part's.
    ("pair_by_position_bottleneck_jonas", "1c.attention_bottleneck",
     "c) yes / no: the attention of all positions is one big matrix product, computed in "
     "parallel.", Status.CORRECT),
    ("pair_by_position_across_tokens_jonas", "1c.attention_across_tokens",
     "c) yes / no: the attention of all positions is one big matrix product, computed in "
     "parallel.", Status.CORRECT),
    ("yes_and_no_is_a_hedge", "1c.attention_bottleneck", "Yes and no, it depends.",
     Status.NEEDS_REVIEW),
    ("priya_other_questions_yes_first", "1c.attention_bottleneck",
     "Yes.\nNo — it's a bottleneck neither in the encoder nor (at training time) in the masked "
     "decoder, all positions go through one matrix product.", Status.CORRECT),
    # Never read another question's sentence as this one's.
    ("ffn_sentence_not_layernorm", "1d.layernorm_across_tokens",
     "Yes, the feed forward network looks across tokens.", Status.NEEDS_REVIEW),
    ("seed_000_ffn_not_layernorm", "1d.layernorm_across_tokens", SEED_000_1D,
     Status.NEEDS_REVIEW),
    ("bottleneck_sentence_not_across_tokens", "1c.attention_across_tokens",
     "No, it is a bottleneck.", Status.NEEDS_REVIEW),
    ("across_tokens_sentence_not_bottleneck", "1c.attention_bottleneck",
     "Yes, self-attention looks across tokens.", Status.NEEDS_REVIEW),
    ("other_question_sentence_names_subject", "1c.attention_across_tokens",
     "Self-attention is not a bottleneck.", Status.NEEDS_REVIEW),
    ("pronoun_mid_answer_has_no_antecedent", "1d.layernorm_across_tokens",
     "Layer norm is cheap. The FFN acts per token. Yes, it looks across tokens.",
     Status.NEEDS_REVIEW),
    ("pronoun_clause_about_another_topic", "1c.attention_across_tokens",
     "Yes, it is quadratic in the length.", Status.NEEDS_REVIEW),
]


@pytest.mark.parametrize(("case", "part_id", "text", "status"), PLAIN, ids=[c[0] for c in PLAIN])
def test_plain_labelled_and_paired_answers(case: str, part_id: str, text: str,
                                           status: Status) -> None:
    outcome = ChoiceChecker().check(Answer(part_id, text), _key(part_id))
    assert outcome.status is status, outcome


@pytest.mark.parametrize("part_id", ["1c.attention_across_tokens", "1c.attention_bottleneck"])
def test_paired_answer_without_position_goes_to_review(part_id: str) -> None:
    params = PARAMS[part_id][1].model_copy(update={"position": None})
    outcome = ChoiceChecker().check(Answer(part_id, "yes / no"), _key(part_id, params))
    assert outcome.status is Status.NEEDS_REVIEW
    assert "two yes/no answers" in outcome.feedback[0]


@pytest.mark.parametrize(("part_id", "text", "status"), [
    ("1d.layernorm_across_tokens", "Yes, it looks across tokens.", Status.INCORRECT),
    ("1d.layernorm_across_tokens", "No, it does not.", Status.CORRECT),
    ("1d.layernorm_across_tokens", SEED_000_1D, Status.NEEDS_REVIEW),
    ("1d.layernorm_across_tokens", "Yes, the feed forward network looks across tokens.",
     Status.NEEDS_REVIEW),
    ("1c.attention_across_tokens", "yes, it is bottlencek.", Status.NEEDS_REVIEW),
    ("1c.attention_bottleneck", "Yes, self-attention looks across tokens.", Status.NEEDS_REVIEW),
])
def test_topic_from_the_prompt_without_rubric_topic(part_id: str, text: str,
                                                    status: Status) -> None:
    """With no ``topic`` nor ``other_subjects``, the prompt's words are the topic."""
    params = PARAMS[part_id][1].model_copy(update={"topic": [], "other_subjects": []})
    if part_id == "1c.attention_bottleneck":
        # its prompt's content words are the subject: the topic must be given
        params = params.model_copy(update={"topic": ["bottleneck", "parallel"]})
    outcome = ChoiceChecker().check(Answer(part_id, text), _key(part_id, params))
    assert outcome.status is status, outcome


def test_implicit_reading_is_noted_for_the_ta() -> None:
    outcome = ChoiceChecker().check(Answer("1c", "Yes, it looks across tokens."),
                                    _key("1c.attention_across_tokens"))
    assert any("does not name the subject" in n for n in outcome.ta_notes)


@pytest.mark.parametrize("part_id", sorted(PARAMS))
def test_params_here_are_the_shipped_rubrics(assignments, part_id: str) -> None:
    key = assignments["seqmodels-a5"].keys[part_id]
    assert key.params == PARAMS[part_id][1]
    assert key.part.prompt == PROMPTS[part_id]


# ---------------------------------------------------------------- yes/no words in other languages

@pytest.mark.parametrize(("sentence", "polarities"), [
    ("Ja, weil die Matrix auf einmal berechnet wird.", {"yes"}),
    ("Nein, alle Positionen werden gleichzeitig berechnet.", {"no"}),
    ("Stimmt, das ist so.", {"yes"}),
    ("Stimmt nicht, das ist anders.", {"no"}),
    ("Falsch: die Reihenfolge zählt.", {"no"}),
    ("Richtig.", {"yes"}),
    ("Oui, c'est vrai.", {"yes"}),
    ("Non, pas en général.", {"no"}),
    ("Sí, porque converge.", {"yes"}),
    ("Si.", {"yes"}),
    ("Não.", {"no"}),
    ("FFN: nein", {"no"}),
    ("ja / ja", {"yes"}),
    ("ja / nein", {"yes", "no"}),
    ("The answer is, nein.", {"no"}),
    # a yes/no word joined by a hyphen is a compound, not an answer
    ("Non-linear layers change the features.", set()),
])
def test_yes_no_words_of_other_languages(sentence: str, polarities: set[str]) -> None:
    assert sentence_polarity(sentence, ChoiceParams(expected="no")) == polarities


# ---------------------------------------------------------------- a yes/no opening the answer

@pytest.mark.parametrize(("part_id", "text", "status"), [
    ("1c.attention_bottleneck", "No, all positions are computed at once.", Status.CORRECT),
    ("1c.attention_bottleneck", "No — all positions are computed at once.", Status.CORRECT),
    ("1c.attention_bottleneck", "**Nein**, alles parallel.", Status.CORRECT),
    ("1d.ffn_across_tokens", "No; it is applied position by position.", Status.CORRECT),
    ("4b.converges", "No: p and q cycle back to where they started.", Status.CORRECT),
    ("4b.converges", "Yes, eventually.", Status.INCORRECT),
    # the question restated before the answer: the answer opens after it
    ("4b.converges", "Does GDA converge?\n\nno. p and q cycle with period 6.", Status.CORRECT),
    # no yes/no word opens the answer: the clause rules decide
    ("1c.attention_bottleneck", "All positions are computed at once.", Status.NEEDS_REVIEW),
])
@pytest.mark.parametrize("in_slot", [True, False], ids=["slot", "free-form"])
def test_an_answer_opening_with_yes_or_no_and_a_reason_is_read(
        part_id: str, text: str, status: Status, in_slot: bool) -> None:
    """The text the reader placed for this part (or the slot) opens with the choice."""
    outcome = ChoiceChecker().check(Answer(part_id, text, in_slot=in_slot), _key(part_id))
    assert outcome.status is status, outcome


@pytest.mark.parametrize(("part_id", "text", "status"), [
    # the reason has a subject of its own: only a slot says it answers this question
    ("1c.attention_bottleneck", "Yes, the decoder must wait for its previous outputs.",
     Status.INCORRECT),
    ("1c.attention_bottleneck", "Nein, alle Positionen werden gleichzeitig berechnet.",
     Status.CORRECT),
    ("1d.ffn_across_tokens", "Non, elle agit sur chaque position.", Status.CORRECT),
])
def test_a_reason_with_its_own_subject_is_read_in_a_slot(part_id: str, text: str,
                                                         status: Status) -> None:
    in_slot = ChoiceChecker().check(Answer(part_id, text, in_slot=True), _key(part_id))
    free = ChoiceChecker().check(Answer(part_id, text), _key(part_id))
    assert (in_slot.status, free.status) == (status, Status.NEEDS_REVIEW)


@pytest.mark.parametrize("text", [
    "Yes, the feed forward network is applied to each token.",
    "No, layer norm works on each token alone.",
])
def test_a_yes_or_no_whose_reason_names_a_neighbour_is_not_read(text: str) -> None:
    """A reason about another question's subject may be that question's answer."""
    outcome = ChoiceChecker().check(Answer("1c.attention_bottleneck", text),
                                    _key("1c.attention_bottleneck"))
    assert outcome.status is Status.NEEDS_REVIEW, outcome


# The question restated at the top of an answer is no vote, and the yes/no right after
# it opens the answer; a yes/no opening a clause inside a sentence answers too.
RESTATED_AND_INNER = [
    ("Does gradient descent–ascent converge here?\n-----------\n\nNo. p and q cycle back "
     "to where they started.", Status.CORRECT),
    ("Does it converge to the equilibrium?\n\nThe iterates cycle with period 6.\n\n"
     "ANSWER: no, it does not converge.", Status.CORRECT),
    ("Does it converge to the equilibrium?", Status.NEEDS_REVIEW),
    ("p and q cycle with period 6, and no, the iterates never converge.", Status.CORRECT),
    ("The modulus is 1 → **yes, converges to the optimum**", Status.INCORRECT),
    # "no" inside a phrase is not an answer word opening a clause
    ("p and q cycle, and no optimum is reached in 6 steps.", Status.CORRECT),
]


@pytest.mark.parametrize(("text", "status"), RESTATED_AND_INNER)
def test_restated_question_and_inner_yes_no(text: str, status: Status) -> None:
    outcome = ChoiceChecker().check(Answer("4b.converges", text), _key("4b.converges"))
    assert outcome.status is status, outcome


def test_rules_are_not_sentences() -> None:
    assert sentences("Why?\n-----\n\nNo.\n=====") == ["Why?", "No."]
