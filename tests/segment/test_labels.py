"""The label grammar: numbering schemes and question words in four languages."""

from __future__ import annotations

import pytest

from grader.segment.labels import (
    is_label_only,
    label_text,
    match_label,
    parse_label,
    text_after_label,
)

LABELS = [
    # (line, question, sub)
    ("1a) O(n)", "1", "a"),
    ("1 (a) text", "1", "a"),
    ("(1) (a) Let t = n", "1", "a"),
    ("2a)", "2", "a"),
    ("Solution 2 b", "2", "b"),
    ("Solution - (2)(a)", "2", "a"),
    ("Solution -3", "3", None),
    ("Solution-4", "4", None),
    ("Question 1", "1", None),
    ("## 1 Question 1", "1", None),
    ("## Question 2", "2", None),
    ("1.1) Resulting matrix", "1", "1"),
    ("2.3) (Implemented)", "2", "3"),
    ("<2> <0>", "2", None),
    ("24)  $f(p, q) = pq$", "24", None),
    ("$$c3 \\quad L(q)$$", "3", None),
    ("(b) By using", None, "b"),
    ("c)", None, "c"),
    ("a", None, "a"),
    ("**Q3.** text", "3", None),
    # a number and a letter in bold, or joined by a hyphen
    ("**1.a** Let $n$ be the batch size", "1", "a"),
    ("**3.a**", "3", "a"),
    ("1-a. O(L B d^2)", "1", "a"),
    # Notion toggles, bullet glyphs and checkboxes before the label
    ("▶ **Q4 (b)** Yes, it converges", "4", "b"),
    ("▸ Q3 — ELBO", "3", None),
    ("• 1a) O(n)", "1", "a"),
    ("- [x] 2.1 — best learning rate: 1e-3", "2", "1"),
    # other languages: question words
    ("## Aufgabe 1: RNN vs. Transformer", "1", None),
    ("Exercice 2 — Attention", "2", None),
    ("### Ejercicio 3", "3", None),
    ("**Frage 4 b)**", "4", "b"),
    ("Lösung 2", "2", None),
    ("Problème 1", "1", None),
    ("Questão 2.b", "2", "b"),
    ("## Esercizio 3", "3", None),
    ("**Opgave 2**", "2", None),
    ("Oppgave 1 b)", "1", "b"),
    ("### Uppgift 4", "4", None),
    ("問2 (b) ...", "2", "b"),
    ("问题 3", "3", None),
    ("문제 4 (a)", "4", "a"),
    ("Bài 2", "2", None),
    ("Câu 3b) O(n)", "3", "b"),
    # sub-part words
    ("### Teil a)", None, "a"),
    ("Partie c)", None, "c"),
    ("Deel b)", None, "b"),
    ("Parte (b): sí", None, "b"),
    ("Part 2", None, "2"),
    ("Teil 3:", None, "3"),
    # callouts
    ("> [!question] 1b) Que se passe-t-il si $n < T$ ?", "1", "b"),
    ("> [!answer]- Exercice 3", "3", None),
    # roman numerals number sub-parts by position
    ("**(i) Parameters.** Every head", None, "a"),
    ("(iii) τ → ∞: uniform", None, "c"),
    ("iv) It is linear", None, "d"),
    ("**(ii)**", None, "b"),
    # numbers after a label are an answer, not a table row
    ("1a) 3 4", "1", "a"),
    ("Question 2: 10 20", "2", None),
    ("2) 0 1 2", "2", None),
]

NOT_LABELS = ["time complexity", "$$z = 1$$", "Answer computed by", "a cat", "f(p, q) = pq",
              "Teilweise richtig", "Partial derivative", "Particle 2", "> [!answer]",
              "Problemlos", "Parte del problema",
              # a difference in a formula, not "1-a"
              "1 - a eta < 1", "1 - a", "12-3 = 9",
              # an answer word, a colon and maths states the value
              "Réponse : 3d^2", "Answer: 2n*d", "Antwort: 4 d^2", "**Answer:** 3(d+1)",
              # a roman numeral running into a word is a word
              "(vi)x", "ii)ab", "ivy) no",
              # rows of a table of numbers named by one letter, not "Question 1"
              "q :  1   2   2   0  -4  -8  -8", "q    1   2   2   0  -4", "q = 1 2 2 0 -4"]


# A label covering several sub-parts: (line, question, sub, also, rest of the line)
COMBINED = [
    ("**2b/2c)** As tau goes", "2", "b", ("c",), "As tau goes"),
    ("> Q2b/Q2c: limits", "2", "b", ("c",), "limits"),
    ("2b & 2c: both", "2", "b", ("c",), "both"),
    ("(b)/(c) both", None, "b", ("c",), "both"),
    ("1a/b) O(n)", "1", "a", ("b",), "O(n)"),
    ("Question 2b/c: z", "2", "b", ("c",), "z"),
    ("### Teil b) und c)", None, "b", ("c",), ""),
    ("(a) and (b) are equal", None, "a", ("b",), "are equal"),
    ("b) y c) sí", None, "b", ("c",), "sí"),
    # not a second sub-part: maths after the label, another question, going back,
    # a word after "and"
    ("1a) and b are equal", "1", "a", (), "and b are equal"),
    ("b) and can we", None, "b", (), "and can we"),
    ("1a) O(n/2)", "1", "a", (), "O(n/2)"),
    ("2b) 1/2", "2", "b", (), "1/2"),
    ("2b/3c) no", "2", "b", (), "/3c) no"),
    ("2c/2b) no", "2", "c", (), "/2b) no"),
]


@pytest.mark.parametrize(("line", "question", "sub", "also", "rest"), COMBINED)
def test_combined_labels(line, question, sub, also, rest):
    label, end = match_label(line)
    assert (label.question, label.sub, label.also) == (question, sub, also)
    assert line[end:].strip() == rest


# A bold the label opened closes after the answer: the closer is markup, not maths.
AFTER_LABEL = [
    ("**Answer 1(a): 4d²**", "4d²"),
    ("**Answer 2(b): (0, 0, 1)** — all the weight", "(0, 0, 1) — all the weight"),
    ("**Answer 3(b): No**, it depends on k", "No, it depends on k"),
    ("__Answer 2: x = 1__", "x = 1"),
    ("**1.** **x = 1**", "**x = 1**"),   # the label's bold is closed: the answer's own stays
    ("2a) $n**2$", "$n**2$"),          # no bold opened: a power is left alone
]


@pytest.mark.parametrize(("line", "rest"), AFTER_LABEL)
def test_text_after_label(line, rest):
    _label, end = match_label(line)
    assert text_after_label(line, end).strip() == rest


@pytest.mark.parametrize(("line", "only"), [
    ("Partie c)", True), ("**2.3**", True), ("### Teil a)", True), ("Question 2:", True),
    ("2.3) (Implemented)", False), ("Teil a) ja", False), ("no label", False)])
def test_label_only(line, only):
    assert is_label_only(line) is only


@pytest.mark.parametrize(("raw", "text"), [("1 (a)", "1a"), ("Q. 3", "q3"), ("<2>", "2")])
def test_label_text(raw, text):
    assert label_text(raw) == text


@pytest.mark.parametrize(("line", "question", "sub"), LABELS)
def test_labels(line, question, sub):
    label = parse_label(line)
    assert label is not None
    assert (label.question, label.sub) == (question, sub)


@pytest.mark.parametrize("line", NOT_LABELS)
def test_not_labels(line):
    assert parse_label(line) is None


@pytest.mark.parametrize("line", ["ANSWER: 0 < eta < 2/a", "Answer: 1 ≤ k", "Answer: 3d^2"])
def test_an_answer_word_before_a_relation_states_a_value(line):
    assert parse_label(line) is None
