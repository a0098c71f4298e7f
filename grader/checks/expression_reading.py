r"""Reading closed-form answers out of text: every expression an answer states.

The one place of the expression checker that touches student text. Each
reading keeps where it stood (line, parenthetical remark, bold or after a
concluding word) so that :mod:`grader.checks.expression_choice` can pick the
one to grade when readings disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

import sympy

from grader.answer import Answer
from grader.checks.expression_choice import LEADING_ARROW, bold_values, placing, value_part
from grader.mathread import objects as _objects
from grader.notation import Notation

# objects a value cannot be compared through (an O(·), a probability, …)
NOT_EVALUABLE = (_objects.BigO, _objects.Prob, _objects.Expect, _objects.KL, _objects.Norm,
                 _objects.Transpose, _objects.Dots)

# --------------------------------------------------------------------------
# Reading the answer (the one place that touches text)
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class ReadExpression:
    """One expression found in an answer: the last element of a chain."""

    expr: sympy.Expr
    text: str
    decisive: bool = False
    statement: int = 0
    """How plainly this states an optimum's value: 2 for ``min … max … = v``
    (both), 1 for ``max … is v`` (one), 0 for any other expression."""
    line: int = -1
    """The line of the answer it stands on (-1: not known)."""
    remark: bool = False
    """Written inside a parenthetical remark ("$4d^2$ (three $d\\times d$ …)")."""
    concluded: bool = False
    """Set in bold by the student: the result, wherever it stands."""
    marked: bool = False
    """Right after ⇒/so/hence/total/…: the result if it ends the last line."""

    @property
    def mention(self) -> bool:
        """A lone name (``$K$``), which prose mentions more often than it answers."""
        return isinstance(self.expr, sympy.Symbol)


_BREAK = re.compile(r"\\\\|\n|\\newline|;")
_RELATION = re.compile(r"\\approx|≈|=")


def read_rubric_form(text: str, notation: Notation) -> sympy.Basic:
    """A rubric's ``answer`` string (e.g. ``2D + 1``) as a sympy object."""
    from grader.mathread import MathParseError, parse_math
    try:
        return last_element(parse_math(text, notation))
    except MathParseError as exc:
        raise ValueError(f"cannot read {text!r}: {exc}") from exc


def read_expressions(answer: Answer, notation: Notation, *,
                     optimum: bool = False) -> list[ReadExpression]:
    """Every expression the answer states, in order; boxed or final ones marked.

    For ``||x_1|| = \\sqrt{\\beta^2+\\beta^2} = \\beta\\sqrt{2}`` this is ``√2·β``;
    for ``M = 2 × D + 1`` it is ``2D + 1``. With ``optimum``, values stated for an
    optimum (:func:`optimum_statements`) follow.
    """
    try:
        from grader.mathread import math_spans  # noqa: F401
    except ImportError:
        return []
    final = _read_text(answer.final, notation, decisive=True) \
        if answer.final and answer.final.strip() else []
    stated = optimum_statements(answer.text, notation) if optimum else []
    return final + _read_text(answer.text, notation, decisive=False) + stated


# a compound of the two operators (min-max, maxmin, minimax, maximin) or one of them
_OPTIMUM = re.compile(r"(?:min|max)(?:-|i)?(?:min|max)|\\?min(?![A-Za-z])|\\?max(?![A-Za-z])"
                      r"|\bminimum\b|\bmaximum\b",
                      re.IGNORECASE)
_STATEMENT_RELATION = re.compile(r"\\approx|≈|=|\bis\b|\bequals\b")
# what ends the value of a statement: a condition, a remark, the end of the maths
_STATEMENT_END = re.compile(r"\\text\s*\{|\\quad|\\qquad|\s(?:at|when|for|if|since|because|"
                            r"attained|achieved|with|which|and|so|but)\b|\s\(|[,;]|\$|\.(?:\s|$)"
                            r"|\\\)|\\\]")
_SENTENCE = re.compile(r"[^\n]+")


def _optimum_words(word: str) -> set[str]:
    word = word.lower().lstrip("\\")
    if len(word) > 3 and word[:3] != word[-3:] and word not in {"minimum", "maximum"}:
        return {"min", "max"}  # a compound: min-max, max-min, maximin
    return {word[:3]}


def optimum_statements(text: str, notation: Notation) -> list[ReadExpression]:
    r"""Values stated for an optimum: ``\min_p \max_q pq = 0 \text{ at } p = 0``
    and "the min-max value of pq is 0" both give ``0``.

    The left side (``\min_p \max_q pq``) is not read, only the value after the
    statement's last relation, up to a condition or remark ("at p = 0",
    "(if p ≠ 0 …)"). A statement naming both min and max ranks above one
    naming only one ("the max over q is +∞" is a side remark).

    Example:
        >>> [r.expr for r in optimum_statements("the min-max value of pq is 0.", Notation())]
        [0]
    """
    out: list[ReadExpression] = []
    for line in _SENTENCE.finditer(text or ""):
        sentence = line.group(0)
        for piece in re.split(r"(?<=[.!?])\s+(?=[A-Z(])", sentence):
            left = 0
            for relation in _STATEMENT_RELATION.finditer(piece):
                lhs, left = piece[left:relation.start()], relation.end()
                words = {w for m in _OPTIMUM.finditer(lhs) for w in _optimum_words(m.group(0))}
                if not words:
                    continue
                rank = 2 if words == {"min", "max"} else 1
                rest = piece[relation.end():].lstrip(" \t$")
                end = _STATEMENT_END.search(rest)
                zone = rest[:end.start()] if end else rest
                chain = list(_STATEMENT_RELATION.finditer(zone))
                value = (zone[chain[-1].end():] if chain else zone).strip().strip("$").strip()
                if value and len(value) <= 60:
                    out.extend(ReadExpression(read.expr, piece.strip(), False, rank)
                               for read in _read_piece(value, notation, False))
    return out


def _read_text(text: str | None, notation: Notation, *, decisive: bool) -> list[ReadExpression]:
    from grader.mathread import math_spans
    if not text or not text.strip():
        return []
    out: list[ReadExpression] = []
    try:
        spans = math_spans(text)
    except Exception:  # the reader must never sink a check; fall back to lines
        spans = []
    place = placing(text, [(s.start, s.end) for s in spans])
    whole = [s for s in spans if not is_fragment(text, s.start, s.end)]
    # never grade a piece of a longer expression the reader stopped in; but a bold
    # value inside a piece ("Var(q_i k_i) = **d**", "> **4d²**") is the student's
    # own answer, unless the maths found starts inside the bold and carries it
    pieces = [(s.start, s.text, decisive or bool(getattr(s, "boxed", False))) for s in whole]
    pieces += [(start, bold, decisive) for start, bold in bold_values(text)
               if not any(start <= s.start < start + len(bold) for s in whole)]
    for start, span_text, boxed in sorted(pieces, key=lambda p: p[0]):
        where = place(start)
        for piece in _BREAK.split(span_text):
            out.extend(replace(read, line=where.line, remark=where.remark,
                               concluded=read.concluded or where.concluded,
                               marked=where.marked)
                       for read in _read_piece(piece, notation, boxed))
    if not out:
        for line in text.splitlines():
            tail = _RELATION.split(line)[-1].strip().rstrip(".").strip("$ ")
            if tail and len(tail) <= 80:
                out.extend(_read_piece(tail, notation, decisive))
    return out


_GLUE = frozenset("+-*/^_\\|")


def is_fragment(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]``, maths found in plain text, is glued to more maths.

    ``(x/2)`` in ``sin(x/2)/(1+cosec(x) cosec(x/2))`` touches ``sin`` before and
    ``/`` after: the reader could not read the whole expression, and a verdict on
    the piece it could read would be a verdict on something the student did not
    write. Maths inside delimiters (``$…$``) is whole by construction.
    """
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if before in "$[(" and after in "$])" and before != after:
        return False
    return before.isalnum() or before in _GLUE or after.isalnum() or after in _GLUE


def _read_piece(piece: str, notation: Notation, decisive: bool) -> list[ReadExpression]:
    from grader.mathread import MathParseError, parse_chain
    arrowed = LEADING_ARROW.match(piece) is not None  # "… -> 3d^2": what it comes to
    piece, bold = value_part(piece)
    if not piece:
        return []
    try:
        elements = list(parse_chain(piece, notation))
    except MathParseError:
        return []
    except Exception:  # a reader fault on odd input is an unreadable piece, not a crash
        return []
    elements = [e for e in elements if _usable(e)]
    if not elements:
        return []
    last = elements[-1]
    # "1 + D + D^2 = M": the named quantity is on the right; take the expression,
    # when it is one in the assignment's symbols ("Var(q^T k) = d" names the left)
    if len(elements) >= 2 and isinstance(last, sympy.Symbol) and \
            not isinstance(elements[-2], sympy.Symbol) and _in_symbols(elements[-2], notation):
        last = elements[-2]
    return [ReadExpression(last, piece, decisive, concluded=bold or arrowed)]


def _in_symbols(expr: sympy.Basic, notation: Notation) -> bool:
    """Whether every name in ``expr`` is one of the notation's symbols."""
    names = {str(getattr(s, "name", s)) for s in expr.free_symbols}
    return names <= set(notation.symbols)


def _usable(expr: Any) -> bool:
    return isinstance(expr, sympy.Expr) and not expr.has(*NOT_EVALUABLE)


def last_element(expr: sympy.Basic) -> sympy.Basic:
    while isinstance(expr, sympy.Eq):
        expr = expr.rhs
    return expr
