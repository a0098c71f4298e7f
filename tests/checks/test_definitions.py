"""Definitions stated inside an answer are substitutions, not answers."""

from __future__ import annotations

import pytest
import sympy

import grader.checks.property as prop
from grader.answer import Answer
from grader.checks.definitions import (
    definitions,
    opens_with_cue,
    split_trailing_definition,
)
from grader.notation import Notation

p, s, y, z, ell = sympy.symbols("p s y z ell")
P, Z = sympy.IndexedBase("p"), sympy.IndexedBase("z")
i = sympy.Symbol("i")
softmax = sympy.Function("softmax")

# (answer text, the definitions read, what the answer states once they are left out)
STATED = [
    (r"Let $p = \mathrm{softmax}(z)$. Then $\nabla_z \ell = p - y$.",
     {p: softmax(z)}, ["Eq(∂ℓ/∂z, p - y)"]),
    (r"Let $p = \mathrm{softmax}(z)$, i.e. $p_i = e^{z_i}/\sum_j e^{z_j}$. Then "
     r"$\boxed{\nabla_z \ell = p - y}$", None, ["Eq(∂ℓ/∂z, p - y)"]),
    (r"With $s = \mathrm{softmax}(z)$ the gradient is $s - y$.", {s: softmax(z)}, ["s - y"]),
    (r"$\nabla_z \ell = p - y$ where $p = \mathrm{softmax}(z)$", {p: softmax(z)},
     ["Eq(∂ℓ/∂z, p - y)"]),
    ("ANSWER: dl/dz = p - y   (p = softmax(z))", {p: softmax(z)}, ["Eq(∂l/∂z, p - y)"]),
    # used in another statement: a definition without a cue word
    (r"$s = \mathrm{softmax}(z)$ and $\partial\ell/\partial z = s - y$", {s: softmax(z)},
     ["Eq(∂ℓ/∂z, s - y)"]),
    # the loss a derivative name differentiates is defined, not stated
    (r"$\ell = -z_c + \log\sum_j e^{z_j}$ and $\nabla_z \ell = p - y$", None,
     ["Eq(∂ℓ/∂z, p - y)"]),
    # no cue and the name used nowhere else: the equation is the answer
    (r"$p = \mathrm{softmax}(z) - y$", {}, ["Eq(p, -y + softmax(z))"]),
    # conclusions are not definitions, even after "let" earlier in the sentence
    (r"Let $p = \mathrm{softmax}(z)$, so $g = p - y$", {p: softmax(z)}, ["Eq(g, p - y)"]),
    # a derivative name is never defined: it names what is asked
    (r"Write $\nabla_z \ell = p - y$.", {}, ["Eq(∂ℓ/∂z, p - y)"]),
]


@pytest.mark.parametrize(("text", "found", "stated"), STATED)
def test_definitions_are_left_out_of_what_is_stated(text, found, stated):
    inp, _notes = prop.read_maths(Answer("p", text), Notation())
    if found is not None:
        assert inp.definitions == found
    assert [sympy.sstr(e) for e in inp.stated()] == stated


def test_an_answer_of_definitions_alone_states_them():
    inp, _notes = prop.read_maths(Answer("p", r"Let $p = \mathrm{softmax}(z)$."), Notation())
    assert inp.stated() == [sympy.Eq(p, softmax(z))]


def test_without_cues_a_definition_is_a_name_used_elsewhere():
    assert definitions((sympy.Eq(p, softmax(z)), p - y)) == {p: softmax(z)}
    assert definitions((sympy.Eq(p, softmax(z)),)) == {}
    assert definitions((sympy.Eq(p, p + 1), p)) == {}  # the name on both sides
    assert definitions((sympy.Eq(P[i], Z[i]), P[i] - y)) == {P[i]: Z[i]}


CUES = [("Let $", True), ("…, where $", True), ("With $", True), ("i.e. $", True),
        ("(", True), ("Let p be the softmax. Then $", False), ("Let a, so $", False),
        ("Hence $", False), ("", False)]


@pytest.mark.parametrize(("before", "cued"), CUES)
def test_definition_words_open_the_clause(before, cued):
    assert opens_with_cue(before + "x = 1$", len(before)) is cued


@pytest.mark.parametrize(("text", "split"), [
    ("dl/dz = p - y   (p = softmax(z))", ("dl/dz = p - y", "p = softmax(z)")),
    ("p - y (where p = softmax(z)).", ("p - y", "where p = softmax(z)")),
    ("f(x) = (x + 1)", None),
    ("p - y (see above)", None),
])
def test_split_trailing_definition(text, split):
    assert split_trailing_definition(text) == split
