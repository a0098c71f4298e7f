"""Reading a derivation into steps (see the package docstring for how it is cut)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import sympy

from grader.checks.identity.params import QUOTE_CHARS_DEFAULT, IdentityParams
from grader.mathread import MathParseError, parse_chain
from grader.notation import Notation


@dataclass(frozen=True)
class Step:
    """One step of a derivation: its number among the steps, its text, its reading.

    ``expr`` is ``None`` when the text could not be read.
    """

    number: int
    source: str
    expr: sympy.Basic | None = None

    @property
    def quote(self) -> str:
        text = " ".join(_SIZING.sub("", self.source).split())
        if len(text) > QUOTE_CHARS_DEFAULT:
            text = text[:QUOTE_CHARS_DEFAULT - 1] + "…"
        return text


_DISPLAY = re.compile(r"\$\$(.+?)\$\$|\\\[(.+?)\\\]", re.S)
_INLINE = re.compile(r"\$([^$]+)\$")
_ENVIRONMENT = re.compile(r"\\(?:begin|end)\{[a-z*]+\}")
_ROW_BREAK = re.compile(r"\\\\(?:\[[^\]]*\])?")


@lru_cache(maxsize=32)
def _left_side(names: tuple[str, ...]) -> re.Pattern[str]:
    """A row's left side naming the quantity: ``L``, ``\\mathcal{L}``, ``ELBO(q)``."""
    spelled = []
    for name in names:
        escaped = re.escape(name)
        spelled += [rf"\\(?:mathcal|mathscr|text|operatorname)\{{{escaped}\}}",
                    rf"(?<![A-Za-z\\]){escaped}"]
    return re.compile(r"(?:" + "|".join(spelled) + r")\s*(?:\([^()]*\))?\s*$")

#: Spacing commands a row may end with; stripped by a backward scan, since the
#: regex ``(?:\\quad|…|[.,;\s])+$`` is quadratic on long runs (issue #7).
_TRAILING_COMMANDS = ("\\qquad", "\\quad", "\\,", "\\;")
#: The left-hand side (``L(q)``, ``\mathcal{L}``, ``ELBO``) ends just before ``=``:
#: only this many characters before it are searched, so the search stays linear.
_LHS_WINDOW_CHARS = 300
_LEADING = re.compile(r"^(?:\\quad|\\qquad|\\,|\\;|\s)+")
_SIZING = re.compile(r"\\(?:left|right|big|Big|bigg|Bigg)(?![A-Za-z])")


@lru_cache(maxsize=32)
def _differential(latent: str) -> re.Pattern[str]:
    """``dz``, ``d z``, ``\\mathrm{d}z`` for the latent variable ``z``."""
    return re.compile(rf"(?<![A-Za-z\\])d\}}?\s*{re.escape(latent)}(?![A-Za-z])")

_BEFORE_INTEGRAL = re.compile(r"(?<=\S)\s*([+\-−])\s*(?=\\int)")


def _items(text: str) -> list[tuple[bool, str]]:
    """``(is_maths, content)`` in reading order: display blocks and non-empty prose lines."""
    items: list[tuple[bool, str]] = []
    position = 0
    for match in _DISPLAY.finditer(text):
        items.extend((False, line) for line in text[position:match.start()].splitlines()
                     if line.strip())
        items.append((True, match.group(1) if match.group(1) is not None else match.group(2)))
        position = match.end()
    items.extend((False, line) for line in text[position:].splitlines() if line.strip())
    return items


def _clean(row: str) -> str:
    row = _LEADING.sub("", row.replace("&", " "))
    return _strip_trailing(row).strip()


def _strip_trailing(row: str) -> str:
    """``row`` without trailing spacing commands, punctuation and white space."""
    while row:
        command = next((c for c in _TRAILING_COMMANDS if row.endswith(c)), None)
        if command is not None:
            row = row[:-len(command)]
        elif row[-1] in ".,;" or row[-1].isspace():
            row = row[:-1]
        else:
            break
    return row


def _equation_rhs(row: str, left_sides: tuple[str, ...]) -> str | None:
    """The right-hand side when ``row`` is ``L(q) = rhs`` (perhaps after a label)."""
    index = row.find("=")
    head = row[:index].rstrip()
    # One character more than the window keeps the look-behind's context.
    if index < 0 or not _left_side(left_sides).search(head[-(_LHS_WINDOW_CHARS + 1):]):
        return None
    return row[index + 1:]


def derivation_rows(text: str, left_sides: tuple[str, ...]) -> list[str]:
    """The texts of the derivation's steps, before parsing (see the module docstring).

    ``left_sides`` name the quantity on a row's left side (``L`` for ``L(q) = …``).

    Example:
        >>> derivation_rows("$$L(q) = a$$\\nso\\n$$= b \\\\\\\\ + c$$\\n$$- d$$\\nThe end.\\n$$e$$",
        ...                 ("L",))
        ['a', 'b + c - d']
    """
    steps: list[str] = []
    adjacent = False  # the previous item was maths belonging to the chain
    for is_maths, content in _items(text):
        if not is_maths:
            line = _INLINE.sub(lambda m: m.group(1), content).strip()
            if not (line.startswith("=") or _equation_rhs(line, left_sides) is not None):
                adjacent = False
                continue
            content = line
        rows = _ROW_BREAK.split(_ENVIRONMENT.sub(" ", content))
        for raw in rows:
            row = _clean(raw)
            if not row:
                continue
            rhs = _equation_rhs(row, left_sides)
            if rhs is not None:
                steps.append(_clean(rhs))
            elif row.startswith("="):
                steps.append(_clean(row[1:]))
            elif row[0] in "+-−" and adjacent and steps:
                steps[-1] = f"{steps[-1]} {row}"
            elif not steps or (adjacent and is_maths):
                steps.append(row)
            else:
                continue
            adjacent = True
        adjacent = adjacent and is_maths
    return [s for s in steps if s]


def with_dropped_differential(row: str, latent: str) -> str | None:
    r"""``row`` with the differential of ``latent`` a student dropped put back, or
    ``None`` if none was dropped.

    Example:
        >>> with_dropped_differential("\\int a + \\int b", "z")
        '\\int a dz + \\int b dz'
    """
    if "\\int" not in row or _differential(latent).search(row):
        return None
    return _BEFORE_INTEGRAL.sub(rf" d{latent} \1 ", row) + f" d{latent}"


def _parse(row: str, notation: Notation, latent: str) -> list[sympy.Basic]:
    """The sides of ``row``, or ``[]`` when it cannot be read."""
    for text in (row, with_dropped_differential(row, latent)):
        if text is None:
            continue
        try:
            return parse_chain(text, notation)
        except (MathParseError, RecursionError, ValueError, TypeError):
            continue
    return []


def read_derivation(text: str, notation: Notation, params: IdentityParams) -> list[Step]:
    """The steps of the derivation in ``text``, parsed where possible."""
    steps: list[Step] = []
    for row in derivation_rows(text, tuple(params.left_sides)):
        sides = _parse(row, notation, params.variables.latent)
        if not sides:
            steps.append(Step(len(steps) + 1, row))
        for side in sides:
            steps.append(Step(len(steps) + 1, row, side))
    return steps
