"""The layout generator itself: labels, notation, noise and formats do what they say."""

from __future__ import annotations

import json
import random

import pytest

from grader.ingest import read_submission
from grader.rubric.assignment import load_assignment
from tests.layouts.generator import (
    DIMENSIONS,
    Layout,
    labels,
    ocr_noise,
    random_layout,
    rename_symbols,
    render,
    split_id,
)
from tests.layouts.plants import BLANKS, plants_by_part, random_plants

LABELS = [
    ("## Question 1 / ### (a)", "1", "a", ("Question 1", "(a)")),
    ("1a)", "1", "b", (None, "1b)")),
    ("Q1.a", "2", "a", (None, "Q2.a")),
    ("1(a)", "4", "c", (None, "4(c)")),
    ("(i)", "1", "c", ("Question 1", "(iii)")),
    ("(i)", "1", "2", ("Question 1", "(ii)")),
    ("Aufgabe 1 Teil a)", "3", "b", ("Aufgabe 3", "Teil b)")),
    ("Exercice 1 partie a", "2", "a", ("Exercice 2", "Partie a")),
    ("Pregunta 1 apartado a)", "2", "b", ("Pregunta 2", "Apartado b)")),
    # A numbered sub-part keeps its number: "1b" would name another part.
    ("1a)", "1", "2", (None, "1.2")),
    ("Aufgabe 1 Teil a)", "1", "2", (None, "Aufgabe 1.2")),
    # A question without sub-parts is labelled by its number alone.
    ("1a)", "3", None, ("3)", None)),
    ("Problem 1 (a)", "5", None, ("Problem 5", None)),
]


@pytest.mark.parametrize(("scheme", "question", "sub", "expected"), LABELS)
def test_labels(scheme, question, sub, expected):
    assert labels(scheme, question, sub) == expected


RENAMES = [
    ("O(L n^2 t)", {"n": "H", "t": "S", "L": "D"}, "O(D H^2 S)"),
    ("O(tnL + n²L)", {"n": "H", "t": "S", "L": "D"}, "O(SHD + H²D)"),
    (r"$\mathcal{O}(t \cdot n^2 \cdot L)$", {"n": "H"}, r"$\mathcal{O}(t \cdot H^2 \cdot L)$"),
    (r"$\propto l^2 \times n$", {"n": "H", "l": "D"}, r"$\propto D^2 \times H$"),
    # Sentences and function names are left alone; only bounds are renamed.
    ("When n < t the cost O(t^2 n) dominates", {"n": "H", "t": "S"},
     "When n < t the cost O(S^2 H) dominates"),
    ("O(n log n)", {"n": "H"}, "O(H log H)"),
    ("x_t = (1 - eta)^t x_0", {"t": "S"}, "x_t = (1 - eta)^t x_0"),
]


@pytest.mark.parametrize(("text", "names", "expected"), RENAMES)
def test_rename_symbols(text, names, expected):
    assert rename_symbols(text, names) == expected


NOISE = [
    ("O(L n^2 t)", "0(L n2 t)"),
    ("O(t² n² L)", "0(t2 n2 L)"),
    (r"$\mathcal{O}(\ell \cdot N \cdot d^2)$", r"$0(\ell \cdot N \cdot d2)$"),
    ("O(L^{1/2} B d)", "0(L^{1/2} B d)"),  # a braced exponent is not a lost superscript
    ("x^2 + y^2 = 1", "x^2 + y^2 = 1"),  # only bounds are scanned badly
]


@pytest.mark.parametrize(("text", "expected"), NOISE)
def test_ocr_noise(text, expected):
    assert ocr_noise(text) == expected


def test_split_id():
    assert [split_id(p) for p in ("1a.x", "1.2.M", "3.x", "2.1.best_lr")] == [
        ("1", "a"), ("1", "2"), ("3", None), ("2", "1")]


def test_every_part_has_cases_and_blanks():
    plants = plants_by_part("seqmodels-a5")
    assert all({p.text for p in found} >= set(BLANKS) for found in plants.values())
    assert all(any(p.category not in ("placeholder", "empty") for p in found)
               for found in plants.values())


@pytest.mark.parametrize("fmt", DIMENSIONS["format"])
def test_every_format_is_read_with_every_planted_answer(tmp_path, fmt):
    assignment = load_assignment("optim-hw3")
    rng = random.Random(3)
    plants = random_plants(assignment.id, rng, blank_share=0)
    rendered = render(assignment.rubric, plants, Layout(format=fmt, scheme="Q1.a"))
    path = tmp_path / f"generated{rendered.suffix}"
    path.write_bytes(rendered.data)
    if fmt == "ipynb":
        assert json.loads(rendered.data)["nbformat"] == 4
    text = read_submission(path).text
    for plant in plants.values():
        first_words = plant.text.split("\n")[0].split()[:2]
        assert all(word.strip("$*") in text for word in first_words), (plant.text, text)


def test_random_layouts_cover_every_value():
    rng = random.Random(0)
    drawn = [random_layout(rng) for _ in range(300)]
    for dimension, values in DIMENSIONS.items():
        assert {getattr(layout, dimension) for layout in drawn} == set(values)
