"""Sharing a segment among parts: an answer opens under its own label."""

from __future__ import annotations

from pathlib import Path

import pytest

from grader.rubric.loader import load_rubric_file
from grader.segment.freeform import segment_freeform
from grader.segment.share import _by_items

REPO = Path(__file__).resolve().parents[2]
OPTIM = load_rubric_file(REPO / "rubrics" / "optim-hw3.yaml")[0]

KL_BLOCK = ("Sei $p = N(\\mu_1, \\sigma_1^2)$, $q = N(\\mu_2, \\sigma_2^2)$. Also gilt\n"
            "$$\\boxed{KL = \\log\\frac{\\sigma_2}{\\sigma_1} + \\frac{\\sigma_1^2 + "
            "(\\mu_1-\\mu_2)^2}{2\\sigma_2^2} - \\frac12}$$\n\n")

# (text, the part the sub-labelled answer belongs to, words it must hold)
OPENS_UNDER_ITS_LABEL = [
    # the answer's first sentence names the other part's cue (sigma) as its reason
    ("## Aufgabe 4\n\n" + KL_BLOCK + "(b) Nein, KL ist nicht symmetrisch (vertauscht man "
     "die Rollen, kommt $\\sigma_1^2$ statt $\\sigma_2^2$ in den Bruch).", "4b.kl_symmetric",
     "Nein"),
    # the held sentence runs on over a line break
    ("## Aufgabe 4\n\n" + KL_BLOCK + "(b) Nein, KL ist nicht symmetrisch (vertauscht man "
     "die Rollen, kommt $\\sigma_1^2$ statt\n$\\sigma_2^2$ in den Bruch).", "4b.kl_symmetric",
     "in den Bruch"),
    ("Question 4\n\n" + KL_BLOCK + "b) No: swapping p and q puts $\\sigma_1^2$ in the "
     "numerator instead of $\\sigma_2^2$.", "4b.kl_symmetric", "No:"),
    ("## Exercice 4\n\n" + KL_BLOCK + "(b) Non, on échange $\\sigma_1$ et $\\sigma_2$ dans "
     "le log.", "4b.kl_symmetric", "Non"),
]


@pytest.mark.parametrize(("text", "part_id", "words"), OPENS_UNDER_ITS_LABEL)
def test_a_sub_labelled_answer_opens_under_its_label(text, part_id, words):
    answers = segment_freeform(text, OPTIM)
    assert words in answers[part_id].text
    assert words not in answers["4a.kl_gaussians"].text


KERNEL = load_rubric_file(REPO / "rubrics" / "kernel-attention-hw2.yaml")[0]

# (text, part the sub-labelled block answers): where the rubric numbers its
# sub-parts ("1.2"), a lettered or roman sub-label names the sub-part at its position.
BY_POSITION = [
    ("## Problem 1\n\n**(i)** The scores $QK^T$ cost $O(L^2 D)$.\n\n**(ii)** Taylor to second "
     "order: $\\phi(x) = [1, x_1, \\dots, x_D]$, so $M = 1 + D + D^2$.", "1.2.M"),
    ("Question 1\n\n(a) $O(L^2 D)$ for $QK^T$.\n\n(b) The feature map "
     "$\\phi(x) = [1, x_1, \\dots, x_D]$ gives $M = 1 + D + D^2$.", "1.2.M"),
    ("## Problem 1\n\niv) Linear: computing $\\Phi(K)^T V$ first costs $O(L M D)$.",
     "1.4.complexity"),
]


@pytest.mark.parametrize(("text", "part_id"), BY_POSITION)
def test_a_sub_label_names_the_numbered_sub_part_at_its_position(text, part_id):
    answer = segment_freeform(text, KERNEL)[part_id]
    assert answer.text
    assert answer.confidence >= 0.6


# (text, part left with no text by the labels, shown for review or missing)
UNPLACED = [
    # a paragraph naming all its cues, under a numbering the reader did not follow
    ("1.2) skipped\n\n1.3) With $\\mathrm{Diag}$ the rows are normalised. For long "
     "sequences the softmax cost was quadratic.", "1.1.why_problematic", True),
    # nothing names it: missing, decided
    ("1.2) skipped\n\n1.3) skipped", "1.1.why_problematic", False),
    # a value part is shown only a paragraph stating a value
    ("1.2) skipped\n\nThe complexity of QK^T is bad.", "1.1.complexity", False),
    # a paragraph naming it as fully as another part is no evidence for either
    ("1.1) skipped\n\n2.3) the learning rate of $10^{-3}$ was best", "2.2.best_lr", False),
]


@pytest.mark.parametrize(("text", "part_id", "shown"), UNPLACED)
def test_a_part_named_by_a_paragraph_is_shown_for_review_not_missing(text, part_id, shown):
    from grader.pipeline import CONFIDENCE_FOR_DECISION_DEFAULT

    answer = segment_freeform(text, KERNEL)[part_id]
    assert bool(answer.text) is shown
    if shown:
        assert answer.confidence < CONFIDENCE_FOR_DECISION_DEFAULT


# Roman numerals number items: under a numbered sub-part they are its steps; on
# their own they name a sub-part by position, but the text's cues may claim
# another part of the question (students number items, not the rubric's parts).
ITEMISED = [
    # (text, part that gets the item, part that must not)
    ("1.4) Linear attention, step by step:\n\n(i) $B = \\Phi(K)^T V$: $O(LMD)$\n\n"
     "(ii) $\\Phi(Q) B$: again $O(LMD)$, so $O(L D^3)$ overall.",
     "1.4.complexity", "1.1.complexity"),
    ("### Question 1\n\n(i) The scores $QK^T$ cost $O(L^2 D)$.\n\n(ii) The feature map "
     "$\\phi(x) = [1, x_1, \\dots, x_D]$ gives $M = 1 + D + D^2$.\n\n"
     "(iii) In general, with K terms we need every monomial up to degree K-1, "
     "D^K without the symmetry: $M = \\binom{D+K-1}{K-1}$.",
     "1.2.M_general", "1.3.linearised_attention"),
]


@pytest.mark.parametrize(("text", "gets", "not_gets"), ITEMISED)
def test_roman_items(text, gets, not_gets):
    answers = segment_freeform(text, KERNEL)
    assert answers[gets].text
    assert not answers[not_gets].text


ATTENTION = load_rubric_file(REPO / "rubrics" / "attention-hw4.yaml")[0]


@pytest.mark.parametrize("answer", [
    "No: $M_k$ contains only $\\omega k$, not $p$.",
    "Yes, $M_k$ changes with $p$.",
])
def test_a_roman_item_opening_with_yes_or_no_answers_its_yes_no_part(answer):
    text = ("## Problem 3\n\n(i) With the addition formulas,\n\n"
            "$$M_k = \\begin{pmatrix} \\cos\\omega k & \\sin\\omega k \\\\ -\\sin\\omega k & "
            "\\cos\\omega k \\end{pmatrix}$$\n\n(ii) " + answer)
    answers = segment_freeform(text, ATTENTION)
    assert answers["3b.depends_on_p"].text.startswith(answer.split()[0])


# One answer under a label of two sub-parts: split where the reading can, else
# shown to both below any decision, never one part decided on the other's half.
COMBINED = [
    "**2b/2c)** As $\\tau\\to 0^+$ the distribution becomes one-hot, $(0,0,1)$, and as "
    "$\\tau\\to\\infty$ it becomes uniform, $(1/3,1/3,1/3)$.",
    "> Q2b/Q2c: limits tau -> 0+ and tau -> infinity\n\n"
    "tau->0+ : (0, 0, 1) one-hot ; tau->inf : (1/3, 1/3, 1/3), uniform",
]


@pytest.mark.parametrize("text", COMBINED)
def test_a_combined_answer_is_never_decided_on_the_other_half(text):
    from grader.pipeline import CONFIDENCE_FOR_DECISION_DEFAULT

    answers = segment_freeform("## 2. Softmax temperature\n\n" + text, ATTENTION)
    zero, infinity = answers["2b.limit_zero"], answers["2c.limit_infinity"]
    assert zero.text and infinity.text
    if zero.text == infinity.text:
        assert max(zero.confidence, infinity.confidence) < CONFIDENCE_FOR_DECISION_DEFAULT


# A display line opening with a part's cue inside maths delimiters or a box
# ("$$\boxed{M = …}$$") opens with that cue: it states that part's value.
OPENS_WITH_CUE = [
    "$$\\boxed{M = 1 + D + \\frac{D(D+1)}{2}}.$$",
    "\\[ M = 1 + D + D^2 \\]",
    "$$ \\left\\{ M = 2D + 1 \\right. $$",
]


@pytest.mark.parametrize("line", OPENS_WITH_CUE)
def test_a_display_line_opening_with_a_cue_states_that_parts_value(line):
    from grader.segment.cues import _RubricCues

    cues = _RubricCues(KERNEL)
    assert cues.find("M =", cues.prepare(line)) == 0


def test_the_value_after_the_working_goes_to_its_part():
    text = ("1.2) Damit $$\\phi(x) = (1, x_1, \\dots, x_D, x_1^2, \\dots)^\\top .$$\n"
            "Dimension: $1 + D + D + \\binom{D}{2}$, also\n"
            "$$\\boxed{M = 1 + D + \\frac{D(D+1)}{2}}.$$")
    answers = segment_freeform(text, KERNEL)
    assert "boxed" in answers["1.2.M"].text or "M = 1 + D" in answers["1.2.M"].text
    assert "M = 1 + D" not in answers["1.2.feature_map"].text


SEQMODELS = load_rubric_file(REPO / "rubrics" / "seqmodels-a5.yaml")[0]

# (text, {part: text it must hold}, {part: text it must not hold}): one label written
# once per answer gives the label's parts in order, unless a block names another part
REPEATED_LABEL = [
    ("4a) minmax = 1\n4a) q: 1 2 1 -1 -2 -1 1\n    p: 1 -1 -2 -1 1 2 1\n4b) no, it cycles",
     {"4a.minmax_value": "minmax = 1", "4a.gda_table": "q: 1 2 1"},
     {"4a.minmax_value": "q: 1 2 1"}),
    ("3) ELBO = E_q[log p(x,z) - log q(z|x)]\n3) recon E_q[log p(x|z)], reg -KL(q(z|x)||p(z))",
     {"3.elbo_identity": "ELBO =", "3.elbo_terms": "recon"},
     {"3.elbo_identity": "recon"}),
    # a label's leftover (", (d)" of "Q1 (c), (d)") is no answer block
    ("Q1 (c), (d)\n\n(c) Yes, it looks across tokens; not a bottleneck, all at once.\n\n"
     "(d) FFN no, layer norm no.",
     {"1c.attention_across_tokens": "Yes"}, {}),
]


@pytest.mark.parametrize(("text", "holds", "lacks"), REPEATED_LABEL)
def test_one_label_per_answer_gives_the_parts_in_order(text, holds, lacks):
    answers = segment_freeform(text, SEQMODELS)
    for part_id, words in holds.items():
        assert words in answers[part_id].text, part_id
    for part_id, words in lacks.items():
        assert words not in answers[part_id].text, part_id


# A result line holding only a bound ("So $O(L B d^2)$.") has every bound part's
# shape and names none: it ends the current part's answer, it is no new one.
RESULT_LINES = [
    ("1a) Forward: each layer costs $Bd^2$.\nSo $\\boxed{O(L B d^2)}$.\n\n"
     "Backward: two matmuls per layer, $\\boxed{O(L B d^2)}$.\n\n"
     "Memory: keep every layer's activations, $\\boxed{O(L B d)}$.",
     {"1a.forward_time": "So", "1a.activation_memory": "O(L B d)"},
     {"1a.backward_time": "So", "1a.activation_memory": "So"}),
    ("1a) Vorwärts: pro Schicht $Bd^2$, also $O(LBd^2)$.\n\n"
     "Speicher: alle Aktivierungen, $O(LBd)$.",
     {"1a.activation_memory": "O(LBd)"}, {"1a.forward_time": "Speicher"}),
]


@pytest.mark.parametrize(("text", "holds", "lacks"), RESULT_LINES)
def test_a_bare_result_line_continues_the_current_part(text, holds, lacks):
    answers = segment_freeform(text, OPTIM)
    for part_id, words in holds.items():
        assert words in answers[part_id].text, part_id
        assert answers[part_id].confidence >= 0.6, part_id
    for part_id, words in lacks.items():
        assert words not in answers[part_id].text, part_id


# A run-in heading names the part a paragraph answers, whatever the sentence says
# after it ("**Memory:** … in the backward pass …" is the memory, not the backward time).
HEADED = "### 1a\n" + "\n\n".join([
    "**Forward time:** every layer is a $(B\\times d)(d\\times d)$ matmul, cost $Bd^2$, "
    "times $L$ layers → $O(LBd^2)$.",
    "{backward} the backward pass does about 2 matmuls of the same shape per layer → "
    "$O(LBd^2)$ as well.",
    "{memory} in the backward pass we go layer by layer and only need the activation "
    "$B\\times d$ of the layer we are at, so memory is $O(Bd)$."])


@pytest.mark.parametrize(("backward", "memory"), [
    ("**Backward time:**", "**Memory:**"), ("__Backward time__:", "__Memory__:"),
    ("Backward time:", "Memory:")])
def test_a_run_in_heading_names_its_part(backward, memory):
    found = segment_freeform(HEADED.format(backward=backward, memory=memory), OPTIM)
    assert "O(Bd)" not in found["1a.backward_time"].text
    assert "O(Bd)" in found["1a.activation_memory"].text
    assert "2 matmuls" not in found["1a.activation_memory"].text


# Numbered items under a label of several parts answer them in order.
ITEMS = "1a)\n" + "\n".join([
    "{i} Forward pass time\nPer layer a (B x d)(d x d) product.\nANSWER: O(L B d^2)",
    "{ii} Backward pass time\nTwo products per layer, the same order.\nANSWER: O(L B d^2)",
    "{iii} Memory to compute the gradient\nEvery activation is kept.\nANSWER: O(L B d)"])


@pytest.mark.parametrize("marks", [("(i)", "(ii)", "(iii)"), ("i)", "ii)", "iii)"),
                                   ("**(i)", "**(ii)", "**(iii)")])
def test_numbered_items_answer_the_parts_of_their_label_in_order(marks):
    found = segment_freeform(ITEMS.format(i=marks[0], ii=marks[1], iii=marks[2]), OPTIM)
    assert "Per layer" in found["1a.forward_time"].text
    assert "Two products" in found["1a.backward_time"].text
    assert "Every activation" in found["1a.activation_memory"].text
    assert "Two products" not in found["1a.activation_memory"].text
    assert all(found[p].confidence >= 0.8 for p in
               ("1a.forward_time", "1a.backward_time", "1a.activation_memory"))


@pytest.mark.parametrize(("marks", "placed"), [
    (("(i)", "(ii)", "(iii)"), True),
    (("(i)", "(iii)", "(ii)"), False),   # out of order
    (("(i)", "(ii)", "and"), False),     # fewer items than parts
])
def test_items_are_placed_by_position_only_when_one_per_part_in_order(marks, placed):
    own = [p for p in OPTIM.parts if p.id.startswith("1a.")]
    text = ITEMS.format(i=marks[0], ii=marks[1], iii=marks[2]).removeprefix("1a)\n")
    assert bool(_by_items(text, own)) is placed
