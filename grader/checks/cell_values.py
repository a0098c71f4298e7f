"""The number a table cell holds, in the forms students write it.

Plain decimals and ``a/b`` are read directly (the common case, and fast). A
decimal comma (``0,12``, as written in German, French and Spanish) is a
decimal when it cannot be a thousands separator. Anything else is read by the
maths core as a *constant* expression (``\\frac{e^2}{e^2+e^4+e^6}``,
``exp(1)/(1+e)``, ``12%``, ``1.2e-2``) and evaluated; a cell with a free symbol
in it (``x_t``, ``τ``) is no number. Nothing is guessed: a cell that none of
these reads is ``None``, and the table checker sends an unread cell to review.
"""

from __future__ import annotations

import math
import re

import sympy

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_FRACTION = re.compile(r"([+-]?\d+)/(\d+)")
_DECIMAL_COMMA = re.compile(r"([+-]?\d+),(\d+)")
#: A value stated after an approximation or an equals sign, at the end of a cell.
_STATED = re.compile(r"(.{0,120}?)([≈~=])([+-]?[\d.,]+)")
#: Cells longer than this are prose, not a value; also bounds the parser's work.
MAX_CELL_CHARS = 120
#: Characters that make a cell worth giving to the maths reader at all.
_MATHS_HINT = re.compile(r"[\\^()/%*]|e|exp|sqrt|√|·")


def plain_number(text: str) -> float | None:
    """A decimal or an integer fraction, else ``None``."""
    if _NUMBER.fullmatch(text):
        return float(text)
    frac = _FRACTION.fullmatch(text)
    if frac and int(frac.group(2)) != 0:
        return int(frac.group(1)) / int(frac.group(2))
    return None


def cell_number(text: str, raw: str | None = None) -> float | None:
    """The value of one cell, or ``None``: ``text`` is the cell normalised with
    whitespace removed, ``raw`` the cell as written, which the maths reader gets
    (normalising loses LaTeX grouping: ``e^{1/2}`` would become ``e^1/2``)."""
    value = plain_number(text)
    if value is not None:
        return value
    stated = _STATED.fullmatch(text)
    if stated:  # "≈ 0.12", "e/(e+e²+e³) ≈ 0.09": the number the student commits to
        left, relation, right = stated.groups()
        # "T=2" is a label the rubric does not know, not the number 2
        if relation != "=" or (left and cell_number(left) is not None):
            return cell_number(right)
        return None
    comma = _DECIMAL_COMMA.fullmatch(text)
    if comma:
        whole, fraction = comma.groups()
        # "1,000" may be a thousand: a comma is a decimal one only when it cannot
        # separate thousands (a leading zero, or not three digits after it).
        if whole.lstrip("+-") == "0" or len(fraction) != 3:
            return float(f"{whole}.{fraction}")
        return None
    source = (raw if raw is not None else text).strip()
    if len(source) > MAX_CELL_CHARS or not _MATHS_HINT.search(source):
        return None
    return _constant_value(source)


def _constant_value(text: str) -> float | None:
    # Imported here: grader.maths itself imports grader.checks (for time limits).
    from grader.maths import parse

    try:
        parsed = parse(text)
    except (ValueError, RecursionError):  # MathParseError is a ValueError
        return None
    value = parsed.value
    if parsed.kind != "expression" or not isinstance(value, sympy.Expr) or value.free_symbols:
        return None
    try:
        number = complex(value.evalf(15))
    except (TypeError, ValueError, OverflowError):
        return None
    if abs(number.imag) > 1e-12 or not math.isfinite(number.real):
        return None
    return number.real / 100 if parsed.percent else number.real
