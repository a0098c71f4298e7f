"""Students' own symbols, and how they map onto the assignment's."""

from __future__ import annotations

import pytest

from grader.segment.declarations import find_declarations, map_declarations

FOUND = [
    (r"Let  $t$  = sequence length. $L$  = number of layers.",
     {"t": "sequence length", "L": "number of layers"}),
    ("N = length of the input sequence, d = hidden size",
     {"N": "length of the input sequence", "d": "hidden size"}),
    ("let d be the number of neurons", {"d": "number of neurons"}),
    ("where n is the width and L is the depth.", {"n": "width", "L": "depth"}),
    ("$d_k$ denotes the key dimension", {"d_k": "key dimension"}),
    # other languages: a lead word opens a run of "symbol article phrase"
    ("Sei $T$ die Sequenzlänge, $L$ die Anzahl der Schichten und $d$ die Breite.",
     {"T": "Sequenzlänge", "L": "Anzahl der Schichten", "d": "Breite"}),
    ("Je note $T$ la longueur de la séquence (le $t$ de l'énoncé), $n$ le nombre de neurones "
     "par couche et $L$ le nombre de couches.",
     {"T": "longueur de la séquence", "n": "nombre de neurones par couche",
      "L": "nombre de couches"}),
    ("Sea $d$ el ancho de la capa y $T$ la longitud de la secuencia.",
     {"d": "ancho de la capa", "T": "longitud de la secuencia"}),
    ("soit $n$ le nombre de neurones", {"n": "nombre de neurones"}),
]

NOT_DECLARATIONS = [
    "Sei $p = \\mathrm{softmax}(z)$.",  # a definition by formula, no name
    "Die Sequenz ist lang. $T$ die Länge",  # no lead word: not a declaration
    "la longueur de la séquence",
    "x_2 = a as we know norm of a",
    "z = v",
    "the time complexity is O(n)",
    "it is too large",
    "Time complexity = O(t n^2 L)",
]


@pytest.mark.parametrize(("text", "expected"), FOUND)
def test_find(text, expected):
    assert find_declarations(text) == expected


@pytest.mark.parametrize("text", NOT_DECLARATIONS)
def test_not_declarations(text):
    assert find_declarations(text) == {}


MEANINGS = {"t": ["sequence length", "length of the input"], "n": ["neurons", "width"],
            "L": ["layers", "number of layers", "depth"]}

MAPPED = [
    ({"d": "number of neurons"}, {"d": "n"}),
    ({"n": "number of neurons at each layer"}, {"n": "n"}),  # the head noun wins
    ({"N": "length of the input sequence"}, {"N": "t"}),
    ({"l": "Layers"}, {"l": "L"}),
    ({"k": "kernel size"}, {}),                  # names nothing in the assignment
    ({"x": "layers and neurons"}, {"x": "L"}),  # first named
]


@pytest.mark.parametrize(("declared", "expected"), MAPPED)
def test_map(declared, expected):
    assert map_declarations(declared, MEANINGS) == expected


def test_ambiguous_phrase_is_dropped():
    assert map_declarations({"z": "size"}, {"a": ["size"], "b": ["size"]}) == {}


# The rubric's meanings in other languages are data; accents do not matter.
MEANINGS_SPELLED = {"t": ["sequence length", "sequenzlänge", "longueur séquence"],
                    "n": ["neurons", "breite", "neurones"], "L": ["layers", "schichten", "couches"]}


@pytest.mark.parametrize(("declared", "expected"), [
    ({"T": "Sequenzlänge"}, {"T": "t"}),
    ({"T": "longueur de la sequence"}, {"T": "t"}),
    ({"n": "nombre de neurones par couche"}, {"n": "n"}),  # the head noun wins
    ({"L": "Anzahl der Schichten"}, {"L": "L"}),
    ({"d": "Breite"}, {"d": "n"}),
    ({"d": "Tiefe"}, {}),
])
def test_map_other_languages(declared, expected):
    assert map_declarations(declared, MEANINGS_SPELLED) == expected
