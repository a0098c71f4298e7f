"""Which expression is graded when an answer holds several and none is marked final.

Readings that would get different verdicts are settled by the student's own
marks: maths in a parenthetical remark is not the answer, a value marked as
concluded (bold, after ⇒/so/hence/daher) is, then the last line with maths;
what stays ambiguous goes to review instead of a confident verdict.
"""

from __future__ import annotations

import pytest
import sympy

from grader.answer import Answer
from grader.checks.base import PartKey
from grader.checks.expression import ExpressionChecker, ExpressionParams
from grader.checks.expression_choice import value_part
from grader.notation import Notation
from grader.outcome import Status
from grader.rubric.models import AcceptedForm, Part

n = sympy.Symbol("n")

# reference 3n², accepted 3n² + 3n (counting the extra terms)
KEY = PartKey(
    part=Part(id="p", points=2, kind="expression"),
    params=ExpressionParams(),
    notation=Notation(("n",)),
    reference=3 * n**2,
    accepted=((AcceptedForm(reference="computed"), 3 * n**2 + 3 * n),),
)

# (category, answer text, status)
CHOICE_CASES = [
    # a leading value followed by a parenthetical remark: the value is the answer
    ("remark", r"$3n^2$ (two $n\times n$ blocks and one more)", Status.CORRECT),
    ("remark", r"$n^2$ (not $3n^2$, the blocks are shared)", Status.INCORRECT),
    ("remark", r"$3n^2$ (each of $n \cdot n$ entries counted three times)", Status.CORRECT),
    # marked as concluded: bold, or after an arrow or a concluding word
    ("bold", r"$E[x] = 0$ ⇒ $\mathrm{Var}(x) = \sum_i$ **3n^2**", Status.CORRECT),
    ("bold", "$0$ for the mean, the total is **n^2**", Status.INCORRECT),
    ("bold", r"each term has mean $0$ and variance $1$ ⇒ **Var = 3n^2** (the mean stays $0$)",
     Status.CORRECT),
    ("bold", "$n^2$ per block, three blocks\n> **3n²**\nnext: $n^2 d$", Status.CORRECT),
    ("arrow", r"$0$ for the mean $\Rightarrow$ $3n^2$ for the total", Status.CORRECT),
    # a name on the left of the value: the left side is a name unless it is made of
    # the assignment's symbols only ("1 + D + D^2 = M" states the value on the left)
    ("name", r"the terms add up, so $\mathrm{Var}(q^Tk) = n$", Status.INCORRECT),
    # plain text: the span finder keeps the arrow in front of the value
    ("arrow", "three n x n blocks (each of width n/2 split) -> 3n^2", Status.CORRECT),
    ("arrow", "three n x n blocks (each of width 3n^2 split) -> n^2", Status.INCORRECT),
    ("word", "$0$ at first, so $3n^2$", Status.CORRECT),
    ("word", "$3n^2$ at first, hence $n^2$", Status.INCORRECT),
    ("word", "$n^2$ pro Block, daher $3n^2$", Status.CORRECT),
    ("word", r"each block is $n \times n$, so $n^2$ per block; in total $3n^2$", Status.CORRECT),
    ("word", "$n^2$ pro Block, gesamt $3n^2$", Status.CORRECT),
    # a concluding word mid-line introduces a step, not the result
    ("word", "hence $3n^2$, since each block has $n^2$", Status.NEEDS_REVIEW),
    ("word", "so $n^2$, from $3n^2$ less two shared blocks", Status.NEEDS_REVIEW),
    ("colon", "for $n$ blocks: $3n^2$", Status.CORRECT),
    # a lone name beside a value is a mention of it
    ("mention", "$3n^2$, where $n$ is the width", Status.CORRECT),
    ("mention", "$n^2$, where $n$ is the width", Status.INCORRECT),
    # unmarked derivation: the last line with maths
    ("last line", "the mean is $0$\nthe total is $3n^2$", Status.CORRECT),
    ("last line", "the total is $3n^2$\nthe mean is $0$", Status.INCORRECT),
    # bold words are emphasis, not maths
    ("bold word", "**Answer:** $3n^2$", Status.CORRECT),
    # still ambiguous: review, never a verdict on one of the readings
    ("ambiguous", "$3n^2$ or $n^2$", Status.NEEDS_REVIEW),
    # readings that agree need no choice
    ("agree", r"$3n^2$, i.e. $3 n \cdot n$", Status.CORRECT),
    # a name on the left and a remark on the right are not the value
    ("value part", r"$$\#\text{Cost} = 3n^2 + 3n \quad\text{(with the extra terms)}.$$",
     Status.CORRECT),
    ("value part", r"$\text{cost} = 3n^2 \qquad (n \ge 1)$", Status.CORRECT),
    ("value part", r"$3n^2 \text{(without the extra terms)}$", Status.CORRECT),
]


@pytest.mark.parametrize(("category", "text", "status"), CHOICE_CASES)
def test_choice_among_readings(category, text, status):
    outcome = ExpressionChecker().check(Answer("p", text), KEY)
    assert outcome.status is status, (category, outcome)


def test_ambiguous_answer_shows_the_readings():
    outcome = ExpressionChecker().check(Answer("p", "$3n^2$ or $n^2$"), KEY)
    assert outcome.status is Status.NEEDS_REVIEW
    assert any("3·n²" in note and "n²" in note for note in outcome.ta_notes), outcome


def test_a_marked_final_answer_still_decides():
    outcome = ExpressionChecker().check(Answer("p", "$3n^2$ or $n^2$", final="n^2"), KEY)
    assert outcome.status is Status.INCORRECT


# (piece of maths, value, bold)
VALUE_PARTS = [
    (r"\#\text{Parameter} = 4d^2 + 4d \quad\text{(mit Biases)}", "4d^2 + 4d", False),
    (r"\text{loss} = a + b", "a + b", False),
    (r"\mathrm{cost} = 2k", "2k", False),
    (r"x^2 \qquad (x > 0)", "x^2", False),
    (r"x^2 \text{ (for x > 0)}", "x^2", False),
    ("**d**", "d", True),
    ("a = b + c", "a = b + c", False),
    (r"\text{cost}", r"\text{cost}", False),
    (r"a \quad b", r"a \quad b", False),
    ("-> 3n^2", "3n^2", False),
    (r"\Rightarrow 3n^2", "3n^2", False),
]


@pytest.mark.parametrize(("piece", "value", "bold"), VALUE_PARTS)
def test_value_part(piece, value, bold):
    assert value_part(piece) == (value, bold)
