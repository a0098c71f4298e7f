"""Sharing a segment among parts: an answer opens under its own label."""

from __future__ import annotations

from pathlib import Path

import pytest

from grader.rubric.loader import load_rubric_file
from grader.segment.freeform import segment_freeform

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
