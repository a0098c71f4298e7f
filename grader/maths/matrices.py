r"""Matrices as students write them: ``\begin{pmatrix} a & b \\ c & d \end{pmatrix}``
(also ``bmatrix``, ``matrix``, ``array``, inside ``\left[ … \right]``) and ``[[a, b], [c, d]]``.

A matrix is read as a ``Tuple`` of row ``Tuple``s, so two matrices compare entry
by entry like tuples do; rows must all have the same length.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import sympy

from grader.mathread import MathParseError

MAX_ENTRIES = 400
"""Most entries of one matrix (a 20 × 20 matrix)."""

_ENVIRONMENT = re.compile(
    r"\s*(?:\\left\s*[\[(]\s*|[\[(]\s*)?"
    r"\\begin\{(?P<env>[pbBvV]?matrix|smallmatrix|array)\}(?:\{[lcr|]*\})?"
    r"(?P<body>.*?)\\end\{(?P=env)\}"
    r"\s*(?:\\right\s*[\])]|[\])])?\s*", re.S)
_ROW_BREAK = re.compile(r"\\\\|\\cr(?![A-Za-z])")
_NESTED_LISTS = re.compile(r"\s*\[\s*\[.*\]\s*\]\s*", re.S)


def read_matrix(text: str, read_entry: Callable[[str], sympy.Basic]) -> sympy.Tuple | None:
    """``text`` as a matrix, or None when it is not written as one."""
    environment = _ENVIRONMENT.fullmatch(text)
    if environment:
        if environment.group("env") in {"vmatrix", "Vmatrix"}:
            return None  # a determinant or a norm, not a matrix
        rows = [r for r in _ROW_BREAK.split(environment.group("body")) if r.strip()]
        return _build([_split_top(r, "&") for r in rows], read_entry, text)
    if _NESTED_LISTS.fullmatch(text):
        inner = text.strip()[1:-1]
        rows = _split_top(inner, ",")
        if not all(r.startswith("[") and r.endswith("]") for r in rows):
            return None
        return _build([_split_top(r[1:-1], ",") for r in rows], read_entry, text)
    return None


def _build(rows: list[list[str]], read_entry: Callable[[str], sympy.Basic],
           text: str) -> sympy.Tuple:
    if not rows or any(len(r) != len(rows[0]) for r in rows):
        raise MathParseError("the rows of the matrix have different lengths", text, None)
    if len(rows) * len(rows[0]) > MAX_ENTRIES:
        raise MathParseError(f"more than {MAX_ENTRIES} entries in a matrix", text, None)
    return sympy.Tuple(*(sympy.Tuple(*(read_entry(e) for e in row)) for row in rows))


def _split_top(text: str, separator: str) -> list[str]:
    """``text`` split at ``separator`` outside brackets and braces, each piece stripped."""
    pieces, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == separator and depth == 0 and (i == 0 or text[i - 1] != "\\"):
            pieces.append(text[start:i].strip())
            start = i + 1
    pieces.append(text[start:].strip())
    return pieces
