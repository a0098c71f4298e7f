"""Languages of prose and conclusion words: German, French and Spanish prose is not junk."""

from __future__ import annotations

import pytest

from grader.segment.garble import garble_factor
from grader.segment.language import CONCLUSION_LINE, fold_accents, prose_language

PROSE = [
    ("Beim Testen braucht man nur den aktuellen Zustand pro Schicht", "de"),
    ("Die Normierung passiert über die Sequenz, d.h. über alle Tokens", "de"),
    ("Goulot : non dans l'encodeur, tous les tokens sont là dès le début", "fr"),
    ("la complexité est quadratique en T", "fr"),
    ("La atención mira todos los tokens y no es un cuello de botella", "es"),
]

NOT_PROSE = [
    "thi ten2 ten2 teln ln botteneck",
    "the time complexity is quadratic in the sequence length",  # English: judged elsewhere
    "die",  # one word is no text
    "",
]


@pytest.mark.parametrize(("text", "language"), PROSE)
def test_prose_language(text, language):
    assert prose_language(text.split()) == language


@pytest.mark.parametrize("text", NOT_PROSE)
def test_not_other_prose(text):
    assert prose_language(text.split()) is None


@pytest.mark.parametrize(("text", "language"), PROSE)
def test_other_languages_are_not_garbled(text, language):
    assert garble_factor(text) == 1.0, language


def test_junk_is_still_garbled():
    assert garble_factor("thi ten2 ten2 teln ln botteneck qwz") < 0.5


CONCLUSIONS = ["Hence $O(n)$", "So the answer is 2", "**Answer:** yes", "Thus M = 3",
               "Also ist $M = 1 + D$", "Antwort: nein", "Donc $O(T^2 n)$", "Réponse : non",
               "Por lo tanto, O(n)", "Respuesta: sí", "Insgesamt $O(L T^2 d)$"]
NOT_CONCLUSIONS = ["Some say O(n)", "Theorem 2", "Sofern T > d", "Answering this", "x = 2",
                   "Donner un exemple"]


@pytest.mark.parametrize("line", CONCLUSIONS)
def test_conclusion_line(line):
    assert CONCLUSION_LINE.match(line)


@pytest.mark.parametrize("line", NOT_CONCLUSIONS)
def test_not_conclusion_line(line):
    assert not CONCLUSION_LINE.match(line)


@pytest.mark.parametrize(("text", "folded"), [
    ("entraînement", "entrainement"), ("mémoire", "memoire"), ("Sequenzlänge", "Sequenzlange"),
    ("año", "ano"), ("plain ascii", "plain ascii"), ("x₁ ≈ β", "x₁ ≈ β")])
def test_fold_accents(text, folded):
    assert fold_accents(text) == folded
