r"""Matrices as students write them: ``\begin{pmatrix} a & b \\ c & d \end{pmatrix}``
(also ``bmatrix``, ``matrix``, ``array``, inside ``\left[ … \right]``) and ``[[a, b], [c, d]]``.

A matrix is read as a ``Tuple`` of row ``Tuple``s, so two matrices compare entry
by entry like tuples do; rows must all have the same length.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from dataclasses import dataclass

import sympy

from grader.brackets import closing_bracket
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


# ---------------------------------------------------------------- matrices in plain text

# A grid row between bars, as typed or OCR'd: "| cos ωk   sin ωk |", "| a | b |".
_BAR_ROW = re.compile(r"^\s*(?P<name>[^\s|=][^|=]{0,20}=\s*)?\|(?P<cells>[^|].*?)\|\s*$")
_NAME_BEFORE = re.compile(r"(?P<name>[A-Za-z\\][\w\\{}^]{0,20})\s*=\s*$")
_CELL_GAP = re.compile(r"\s{2,}|\t")
MAX_TEXT_MATRICES = 8


@dataclass(frozen=True)
class TextMatrix:
    """A matrix found in plain text: the name set equal to it, and where it stands."""

    name: str | None
    matrix: sympy.Tuple
    start: int
    end: int


def text_matrices(text: str, read_entry: Callable[[str], sympy.Basic]) -> list[TextMatrix]:
    """Matrices written over lines of plain text, with the name set equal to each
    (``M_k = [[cos(wk), sin(wk)],`` then ``[-sin(wk), cos(wk)]]`` on the next line;
    rows between bars, ``| cos ωk   sin ωk |``, one per line, cells apart by two
    spaces or a bar). Entries that do not read make no matrix.

    Example:
        >>> [(m.name, m.matrix) for m in text_matrices("M = [[1, 2],\\n     [3, 4]]",
        ...                                             lambda e: sympy.Integer(e))]
        [('M', ((1, 2), (3, 4)))]
    """
    found: list[TextMatrix] = []
    read_up_to = -1
    for start in (m.start() for m in re.finditer(r"\[\s*\[", text)):
        end = closing_bracket(text, start)
        if end is None or start <= read_up_to:
            continue
        matrix = _read_or_none(" ".join(text[start:end + 1].split()), read_entry)
        if matrix is not None:
            found.append(TextMatrix(_name_before(text, start), matrix, start, end + 1))
            read_up_to = end
    found.extend(_bar_grids(text, read_entry))
    return found[:MAX_TEXT_MATRICES]


def _name_before(text: str, start: int) -> str | None:
    line_start = text.rfind("\n", 0, start) + 1
    named = _NAME_BEFORE.search(text[line_start:start])
    return named.group("name") if named else None


def _read_or_none(text: str, read_entry: Callable[[str], sympy.Basic]) -> sympy.Tuple | None:
    try:
        return read_matrix(text, read_entry)
    except MathParseError:
        return None


def _bar_grids(text: str, read_entry: Callable[[str], sympy.Basic]) -> list[TextMatrix]:
    """Runs of at least two bar rows with the same number of cells."""
    grids: list[TextMatrix] = []
    run: list[list[str]] = []
    name: str | None = None
    first = offset = 0
    for line in [*text.splitlines(keepends=True), ""]:
        row = _BAR_ROW.match(line)
        cells = _bar_cells(row.group("cells")) if row else None
        if cells and (not run or len(cells) == len(run[0])):
            if not run:
                first, name = offset, (row.group("name") or "").strip(" =") or None  # type: ignore[union-attr]
            run.append(cells)
        else:
            if len(run) >= 2:
                with contextlib.suppress(MathParseError):  # entries that do not read
                    grids.append(TextMatrix(name, _build(run, read_entry, line), first, offset))
            run, first, name = ([cells], offset, None) if cells else ([], offset, None)
        offset += len(line)
    return grids


def _bar_cells(inner: str) -> list[str] | None:
    cells = [c.strip() for c in (inner.split("|") if "|" in inner else _CELL_GAP.split(inner))]
    cells = [c for c in cells if c]
    return cells if len(cells) >= 2 and not all(set(c) <= set("-: ") for c in cells) else None
