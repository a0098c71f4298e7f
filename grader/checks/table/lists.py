"""Table rows the grid reader does not see, read only when it found nothing (so a
table laid out as a table is never read this way):

- lists after their name inside a sentence: "So $x = 1, 0.5, 0, -0.25$ and
  $v = 0, -0.5, -0.5, -0.25$ for $t = 0..3$";
- a key, then the row as a vector of exact values: "- $\\tau = 1$:
  $\\left(\\frac{e}{e+e^2+e^3}, \\frac{e^2}{e+e^2+e^3}, \\frac{e^3}{e+e^2+e^3}\\right)$".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import sympy

from grader.checks.text import fold_unicode, normalise_text
from grader.mathread import MathParseError, parse_math

_NUMBER = r"[-+]?\d+(?:\.\d+)?"


def named_lists(text: str, labels: dict[str, Iterable[str]], min_values: int,
                number: Callable[[str], float | None]) -> dict[str, list[float | None]]:
    """Per row, the values of its list (``labels`` maps a row to the names it
    may be written with); {} unless every list found has ``min_values`` values
    at least and no row is given twice with different values."""
    spelled = {name.lower(): row for row, names in labels.items() for name in names}
    if not spelled:
        return {}
    names = "|".join(re.escape(n) for n in sorted(spelled, key=len, reverse=True))
    pattern = re.compile(rf"(?<![A-Za-z_])({names})\s*=\s*({_NUMBER}(?:\s*,\s*{_NUMBER})+)"
                         rf"(?![\d.]|\s*,\s*\d)", re.IGNORECASE)
    found: dict[str, list[float | None]] = {}
    for match in pattern.finditer(fold_unicode(text).replace("$", " ")):
        row = spelled[match.group(1).lower()]
        values = [number(v.strip()) for v in match.group(2).split(",")]
        if len(values) < min_values or found.get(row, values) != values:
            return {}
        found[row] = values
    return found


# "- $\\tau = 1$: $(…)$", "τ = 2 → (…)": a key, a colon or an arrow, a vector
_KEYED_LINE = re.compile(r"^[\s>*-]*\$?(?P<key>[^:$→]{1,30}?)\$?\s*(?::|→|->)\s*(?P<row>.+)$")


def keyed_vectors(text: str, labels: dict[str, Iterable[str]]) -> dict[str, list[float | None]]:
    """Per row, the values of the vector written after its key on one line; {}
    when a row is given twice with different values or a vector is unreadable."""
    spelled = {re.sub(r"\s", "", name.lower()): row
               for row, names in labels.items() for name in names}
    found: dict[str, list[float | None]] = {}
    for line in text.splitlines():
        match = _KEYED_LINE.match(line)
        if match is None:
            continue
        key = re.sub(r"[\s$]", "", normalise_text(match.group("key"))).lower()
        row = spelled.get(key)
        if row is None:
            continue
        values = _vector(match.group("row").strip().strip("$. "))
        if values is None or found.get(row, values) != values:
            return {}
        found[row] = values
    return found


def _vector(text: str) -> list[float | None] | None:
    try:
        vector = parse_math(text)
    except MathParseError:
        return None
    if not isinstance(vector, sympy.Tuple) or len(vector) < 2:
        return None
    values: list[float | None] = []
    for entry in vector:  # a cell's e is Euler's number, as in cell_values
        value = sympy.N(entry.xreplace({sympy.Symbol("e"): sympy.E}), 12) \
            if isinstance(entry, sympy.Expr) else None
        values.append(float(value) if value is not None and value.is_real
                      and value.is_number else None)
    return values
