"""Matrices as students write them, in maths markup and over lines of plain text."""

from __future__ import annotations

import pytest
import sympy

from grader.mathread import parse_math
from grader.maths.matrices import text_matrices
from grader.notation import Notation

NOTATION = Notation(("omega", "k", "p"), aliases={"w": "omega"})
OMEGA, K = sympy.symbols("omega k")
ROTATION = ((sympy.cos(OMEGA * K), sympy.sin(OMEGA * K)),
            (-sympy.sin(OMEGA * K), sympy.cos(OMEGA * K)))


def _read(entry: str) -> sympy.Basic:
    return parse_math(entry, NOTATION)


# (text, [(name, matrix)]): what a TA reads as a matrix
TEXT_MATRICES = [
    ("M_k = [[cos(wk), sin(wk)],\n       [-sin(wk), cos(wk)]]", [("M_k", ROTATION)]),
    ("M_k = [[ cos ωk, sin ωk], [-sin ωk, cos ωk]]", [("M_k", ROTATION)]),
    ("M_k = | cos ωk    sin ωk |\n      | -sin ωk   cos ωk |", [("M_k", ROTATION)]),
    ("| cos ωk | sin ωk |\n| -sin ωk | cos ωk |", [(None, ROTATION)]),
    # not matrices: a norm, one row, a table whose rows differ in length, prose
    ("||x_1|| = 2", []),
    ("| cos ωk    sin ωk |", []),
    ("| a | b |\n| c |", []),
    ("the [[wiki link]] and [[another]]", []),
]


@pytest.mark.parametrize(("text", "expected"), TEXT_MATRICES)
def test_matrices_over_lines_of_plain_text(text, expected):
    found = [(m.name, m.matrix) for m in text_matrices(text, _read)]
    assert found == [(name, sympy.Tuple(*(sympy.Tuple(*row) for row in rows)))
                     for name, rows in expected]
