"""The final answer of a block: the concluded value, not the last expression seen."""

from __future__ import annotations

import pytest

from grader.rubric.reading import AnswerForm
from grader.segment.conclusion import _final

CONCLUDED = [
    # (block, final): a conclusion word inside the last sentence with maths
    ("q^T k = sum_i q_i k_i, independent terms, E[q_i k_i] = 0 and\n"
     "Var(q_i k_i) = 1. so Var(q^T k) = d.", "so Var(q^T k) = d."),
    ("the sum has D terms, hence M = 2D + 1", "hence M = 2D + 1"),
    ("Die Terme sind unabhängig, daher Var = d", "daher Var = d"),
    # a trailing remark instancing the result is not the result
    ("and $W_O$ is $d\\times d$ too, so the layer has $4d^2$ parameters "
     "(about 1.05M for $d = 512$).", "so the layer has $4d^2$ parameters"),
    ("the monomials of degree up to 2, so M = 1 + D + D(D+1)/2 (31 for D = 5)",
     "so M = 1 + D + D(D+1)/2"),
    # one display equation chaining to its result ends a derivation
    ("I count the output projection per head as well:\n"
     "$$\\#\\text{params} = H \\cdot (3d^2 + d^2) = 4Hd^2$$",
     "$$\\#\\text{params} = H \\cdot (3d^2 + d^2) = 4Hd^2$$"),
    # a result set in bold on its own line, as students mark it like a box
    ("KL(p||q) = E_p[log p - log q]\n= log(s2/s1) + E_p[(x-m2)^2]/(2 s2^2)\n"
     "**KL = log(s2/s1) + (s1^2 + (m1 - m2)^2)/(2 s2^2)**\n\nThe rest is routine.",
     "KL = log(s2/s1) + (s1^2 + (m1 - m2)^2)/(2 s2^2)"),
    ("The time is\n**O(L^2 D)**.", "O(L^2 D)"),
    # a conclusion word ending its line leads into the result on the next
    ("$\\mathrm{Var}(q_jk_j) = 1$. Hence\n$$\\mathrm{Var}(q^\\top k) = d.$$",
     "$$\\mathrm{Var}(q^\\top k) = d.$$"),
    ("Var(q_j k_j) = 1, each term.\n**Therefore:**\nVar(q^T k) = d", "Var(q^T k) = d"),
    ("The terms are independent, each of variance 1. Variances add:\n\n"
     "$$\\mathrm{Var}(q^Tk) = d$$", "$$\\mathrm{Var}(q^Tk) = d$$"),
    # a conclusion word ending a line: the one value after it, not the step before it
    ("Take $E_p$: $E_p(x-m_1)^2 = s_1^2$ and $E_p(x-m_2)^2 = s_1^2 + (m_1-m_2)^2$. So\n\n"
     "$$KL = \\log(s_2/s_1) + (s_1^2 + (m_1-m_2)^2)/(2 s_2^2) - 1/2$$",
     "$$KL = \\log(s_2/s_1) + (s_1^2 + (m_1-m_2)^2)/(2 s_2^2) - 1/2$$"),
    ("$$E_p[(x-m)^2] = s^2$$\nAlso\n$$KL = a + b.$$", "$$KL = a + b.$$"),
]

NOT_CONCLUDED = [
    # a conclusion word with nothing after it: the value went elsewhere
    "we store every √L-th layer's activations and recompute the rest.\nSo",
    # "…, so" over a list: which item is meant is not said
    "$W$ is $d \\times d$ in each layer, so\n- time: $O(L B d^2)$\n- memory: $O(L B d)$",
    # a conclusion in words naming a bare symbol states no value
    "we never build the L x L matrix, so the cost becomes linear in $L$ instead of quadratic.",
    # equations written for another purpose at the end (no chain, no conclusion word)
    "$\\min_p \\max_q pq = 0$.\nGDA updates:\n$p_{t+1} = p_t - q_t$, $q_{t+1} = q_t + p_{t+1}$",
    # maths earlier, prose last: the last sentence holds no value
    "we get M = 2D + 1 here.\nThis is what I expected, so it works.",
]


@pytest.mark.parametrize(("block", "final"), CONCLUDED)
def test_concluded_value(block, final):
    assert _final(block, AnswerForm.EXPRESSION) == final


@pytest.mark.parametrize("block", NOT_CONCLUDED)
def test_no_concluded_value(block):
    assert _final(block, AnswerForm.EXPRESSION) is None


def test_only_maths_answers_conclude_inside_a_sentence():
    assert _final("the terms are independent, so Var = d", AnswerForm.FREE_TEXT) is None


# ---------------------------------------------------------------- unfinished answers

from grader.rubric.models import Cues, Part, Rubric  # noqa: E402
from grader.segment.conclusion import UNFINISHED_CONFIDENCE  # noqa: E402
from grader.segment.freeform import segment_freeform  # noqa: E402


def _one_part(kind: str) -> Rubric:
    return Rubric(id="toy", title="toy", notation={"symbols": ["D", "K"]}, parts=[
        Part(id="1a.count", points=1, kind=kind, cues=Cues(labels=["1a"], keywords=["count"]))])


UNFINISHED = [
    # (answer text, kind, announces a value it does not hold)
    ("1a) The number of monomials of degree at most $K-1$ in $D$ variables is", "expression",
     True),
    ("1a) For K terms the count of those is:", "expression", True),
    ("1a) Zählt man die Monome, so ergibt", "expression", True),
    # a stated value before the lead: the lead introduces what follows
    ("1a) $M = 2D + 1$.\nThe iterates are", "expression", False),
    # prose answers end as they like
    ("1a) The reason is", "free_text", False),
    ("1a) The count is $2D + 1$", "expression", False),
]


@pytest.mark.parametrize(("text", "kind", "unfinished"), UNFINISHED)
def test_an_answer_announcing_a_value_it_lacks_goes_to_review(text, kind, unfinished):
    answer = segment_freeform(text, _one_part(kind))["1a.count"]
    assert answer.text
    assert (answer.confidence <= UNFINISHED_CONFIDENCE) is unfinished
