r"""Which of several expressions in an answer is the one the student gives.

An answer often holds more maths than its value: a derivation whose first line
is an intermediate result (``E[q_i k_i] = 0 … ⇒ … = **d**``), a value followed
by a remark that names other quantities (``$4d^2$ (three $d\times d$ matrices
…)``), a value with a name on its left and a comment on its right
(``\#\text{Parameter} = 4d^2 + 4d \quad\text{(with biases)}``). This module
cuts such remarks off a piece of maths (:func:`value_part`), says where each
piece stands in the answer (:func:`placing`): its line, whether it sits in a
parenthetical remark, whether the student marked it as concluded, and picks the
reading to grade when the readings disagree (:func:`conclusion`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from grader.outcome import CheckOutcome

# a remark after the value: "\quad\text{(with biases)}", "\qquad (for d > 1)", "\text{(…)}"
_TRAILING_REMARK = re.compile(r"\s*(?:\\q?quad\s*(?:\\text\s*\{|\()|\\text\s*\{\s*\().*$",
                              re.DOTALL)
# a name on the left: "\#\text{Parameter} =", "\text{params} =", "\#params ="
_NAME_SIDE = re.compile(r"^\s*(?:\\#\s*)?(?:\\(?:text|mathrm|operatorname)\s*\{[^{}=]{1,40}\}"
                        r"|\\#\s*[A-Za-z]{1,20})\s*=")
_BOLD = re.compile(r"^\*\*(.{1,80})\*\*$", re.DOTALL)
# an arrow the plain-text span finder kept in front of the value: "… -> 3d^2"
LEADING_ARROW = re.compile(r"^\s*(?:->|=>|→|⇒|⟹|\\Rightarrow\b|\\implies\b|\\to\b)\s*")
_BOLD_ANYWHERE = re.compile(r"\*\*[^*\n]{1,80}\*\*")
_WORD = re.compile(r"(?<![\\A-Za-z])[A-Za-z]{3,}")
# words and arrows after which the rest of a line is what the student concludes
_CONCLUDES = re.compile(r"⇒|⟹|→|\\Rightarrow|\\implies|\\therefore|∴|:\s*$"
                        r"|\b(?:so|hence|thus|therefore|daher|also|donc|somit|alors|total|overall|insgesamt"
                        r"|gesamt|answer|result|final)\b",
                        re.IGNORECASE)


def value_part(piece: str) -> tuple[str, bool]:
    r"""The value in a piece of maths, and whether it was written in bold.

    ``\#\text{Parameter} = 4d^2 + 4d \quad\text{(mit Biases)}`` is
    ``4d^2 + 4d``: the name on the left and the remark on the right are not
    part of the value.

    Example:
        >>> value_part(r"\text{params} = 4d^2 \quad\text{(no biases)}")
        ('4d^2', False)
        >>> value_part("**d**")
        ('d', True)
        >>> value_part("-> 3d^2")
        ('3d^2', False)
    """
    piece = LEADING_ARROW.sub("", piece.strip())
    bold = _BOLD.match(piece)
    if bold:
        piece = bold.group(1).strip()
    piece = _TRAILING_REMARK.sub("", piece).strip()
    named = _NAME_SIDE.match(piece)
    if named and piece[named.end():].strip():
        piece = piece[named.end():].strip()
    return piece.rstrip(".,").strip(), bool(bold)


def bold_values(text: str) -> list[tuple[int, str]]:
    """Every value set in bold (``**…**``) in ``text``, with its offset.

    In a bold statement (``**Var = d**``) the value is what follows the last
    ``=``. A bold word ("**Answer:**", "**Yes**") is emphasis, not maths: the
    reader would take its letters for a product of symbols.
    """
    out: list[tuple[int, str]] = []
    for m in _BOLD_ANYWHERE.finditer(text):
        value = m.group(0)[2:-2].rsplit("=", 1)[-1].strip()
        if value and not _WORD.search(value):
            out.append((m.start(), f"**{value}**"))
    return out


@dataclass(frozen=True)
class Place:
    """Where a piece of maths stands in an answer."""

    line: int
    remark: bool
    concluded: bool
    """In bold: the student set it apart as the result."""
    marked: bool
    """Right after ⇒/so/hence/total/…: a conclusion if nothing follows it."""


def placing(text: str, spans: Sequence[tuple[int, int]]) -> Callable[[int], Place]:
    """A function from a maths span's start to its :class:`Place` in ``text``.

    A span is in a remark when the prose before it on its line (maths masked
    out) opens more parentheses than it closes; it is concluded when it stands
    in bold, marked when it stands right after ⇒/so/hence/… (no other maths
    between).
    """
    prose = list(text)
    for start, end in spans:
        prose[start:end] = " " * (end - start)
    masked = "".join(prose)
    bold = [(m.start(), m.end()) for m in _BOLD_ANYWHERE.finditer(text)]

    def place(start: int) -> Place:
        line_start = text.rfind("\n", 0, start) + 1
        before = masked[line_start:start]
        remark = before.count("(") > before.count(")")
        in_bold = any(a <= start < b for a, b in bold)
        # the marker must follow the maths before this piece (or stand in it, as
        # "$\Rightarrow$" does): in "hence $3n^2$ since $n^2$ …" only the first
        # is concluded
        previous = max((a for a, _ in spans if line_start <= a < start), default=line_start)
        marked = bool(_CONCLUDES.search(text[previous:start]))
        return Place(text.count("\n", 0, start), remark, in_bold, marked)

    return place


class _Reading(Protocol):
    line: int
    remark: bool
    concluded: bool
    marked: bool

    @property
    def mention(self) -> bool: ...


R = TypeVar("R", bound=_Reading)


def conclusion(readings: Sequence[R]) -> list[R]:
    """The readings that may be the student's answer, best first narrowed.

    Maths inside a parenthetical remark is not the answer when there is maths
    outside one; a reading the student set in bold wins over the rest; else
    the readings on the last line that has maths, where a lone name beside a
    value is a mention of it, not the answer, and a last reading after
    ⇒/so/hence/total/… is the conclusion. More than one reading
    left means the answer is ambiguous.
    """
    pool = [r for r in readings if not r.remark] or list(readings)
    concluded = [r for r in pool if r.concluded]
    if concluded:
        pool = concluded
    last = max(r.line for r in pool)
    pool = [r for r in pool if r.line == last]
    # "$4d^2$, where $d$ is the width": a lone name beside a value is a mention
    pool = [r for r in pool if not r.mention] or pool
    # "… so each is $d^2$, i.e. $3d^2$ … Total $4d^2$": a concluding word counts
    # only where the line ends; mid-line it introduces a step
    return pool[-1:] if pool[-1].marked else pool


MAX_COMPARED = 8  # readings whose verdicts are compared; bounds the work on long answers


def unmarked_choice(found: Sequence[R], grade: Callable[[R], CheckOutcome], chosen: R,
                    outcome: CheckOutcome) -> tuple[R, CheckOutcome] | None:
    """The reading to grade when no final answer is marked, or None when ambiguous.

    ``chosen`` (graded as ``outcome``) is the reading the checker would take
    alone. When every reading gets the same verdict, which one is graded does
    not matter; when they disagree, a verdict on the wrong one would be
    confidently wrong, so the student's own marks decide (:func:`conclusion`).
    """
    compared = list(found[-MAX_COMPARED:])
    outcomes = {id(chosen): outcome}
    for read in compared:
        if id(read) not in outcomes:
            outcomes[id(read)] = grade(read)
    if len({o.status for o in outcomes.values()}) <= 1:
        return chosen, outcome
    left = conclusion(compared)
    if len({outcomes[id(r)].status for r in left}) > 1:
        return None
    return left[-1], outcomes[id(left[-1])]
