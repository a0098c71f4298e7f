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
from grader.maths import parse
from grader.maths.chains import after_reading, parse_members, spelled, with_functions
from grader.maths.labels import assigned_value
from grader.maths.reading import significant_digits
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

    expr: sympy.Basic
    """An expression; a relation or set when the whole answer is one (``x > 1 and x < 5``)."""
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
    digits: int | None = None
    """The significant digits of the decimals written in the value (None: exact), so a
    decimal is compared within what it claims (``0.99999999`` is not 1)."""

    @property
    def mention(self) -> bool:
        """A lone name (``$K$``), which prose mentions more often than it answers."""
        return isinstance(self.expr, sympy.Symbol)


_BREAK = re.compile(r"\\\\|\n|\\newline|;")
_RELATION = re.compile(r"\\approx|≈|=")


def read_rubric_form(text: str, notation: Notation) -> sympy.Basic:
    """A rubric's ``answer`` string (``2D + 1``, ``M = 2D + 1``, ``x + y = 1``) as a
    sympy object, read as answers are (:func:`reading_notation`, the maths core's
    spellings): a value named on the left (``M = …``) gives the value, any other
    relation stays one."""
    from grader.mathread import MathParseError, parse_math
    notation = reading_notation(notation)
    try:
        value = after_reading(parse_math(spelled(text, notation), notation), notation)
    except MathParseError as exc:
        raise ValueError(f"cannot read {text!r}: {exc}") from exc
    labelled = assigned_value(value)
    return labelled if labelled is not None else value


def reading_notation(notation: Notation) -> Notation:
    """``notation`` as ``grader.maths.verify`` reads with it: ``f(y)`` applies ``f``
    unless the notation makes ``f`` a symbol."""
    return with_functions(notation)


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
    whole = _whole_answer(text, notation, decisive)
    if whole:
        return whole
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


def _whole_answer(text: str, notation: Notation, decisive: bool) -> list[ReadExpression]:
    """The answer read as one piece when all of it is plain maths ``grader.maths.parse``
    reads (``1 000``, ``m**2 + n**2``, ``m - （n + m）``, ``x > 1 and x < 5``): the span
    finder, made for maths inside prose, would cut such text into pieces and grade one
    of them. Maths between delimiters (``$…$``) is whole by construction and left to it."""
    from grader.mathread import MathParseError
    body = text.strip().rstrip(".").strip()
    if "\n" in body or len(body) > _WHOLE_MAX or _DELIMITED.search(body):
        return []
    try:
        read = parse(body, reading_notation(notation), mode="relation")
    except MathParseError:
        return []
    except Exception:  # a reader fault on odd input: read it in pieces instead
        return []
    pieces = _read_piece(body, notation, decisive)
    if pieces or read.kind not in ("relation", "set", "tuple", "pair", "matrix"):
        return pieces
    # x > 1 and x < 5, [0, 1) ∪ {2}, (1, 2), a pmatrix: no chain of values, one object
    return [ReadExpression(read.value, body, decisive)]


_DELIMITED = re.compile(r"\$|\\\(|\\\[")
_WHOLE_MAX = 400
"""Longest answer tried as one piece of maths (longer ones are prose with maths in it)."""

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
    arrowed = LEADING_ARROW.match(piece) is not None  # "… -> 3d^2": what it comes to
    piece, bold = value_part(piece)
    if not piece:
        return []
    exact, approximations = _before_approximation(piece)
    elements = _members(exact, notation) if approximations else []
    if len(elements) < 2:  # no exact value before the ≈: the approximation is the value
        exact, elements = piece, _members(piece, notation)
    elements = [e for e in elements if _usable(e)]
    if not elements:
        return []
    last = elements[-1]
    # "1 + D + D^2 = M": the named quantity is on the right; take the expression,
    # when it is one in the assignment's symbols ("Var(q^T k) = d" names the left)
    if len(elements) >= 2 and isinstance(last, sympy.Symbol) and \
            not isinstance(elements[-2], sympy.Symbol) and _in_symbols(elements[-2], notation):
        last = elements[-2]
        exact = _RELATION.split(exact)[-2] if len(_RELATION.split(exact)) >= 2 else exact
    digits = significant_digits(_RELATION.split(exact)[-1])
    return [ReadExpression(last, piece, decisive, concluded=bold or arrowed, digits=digits)]


_APPROXIMATION = re.compile(r"\\approx(?![A-Za-z])|≈|\\simeq(?![A-Za-z])")


def _before_approximation(piece: str) -> tuple[str, bool]:
    """``x = 1/3 ≈ 0.33`` → ``x = 1/3``: an approximation after an exact value is a
    remark on it (as ``grader.maths.parse`` reads a chain); the caller keeps the whole
    piece when what precedes the first ``≈`` is not a chain with a value."""
    first = _APPROXIMATION.search(piece)
    if first is None or "=" not in piece[:first.start()]:
        return piece, False
    return piece[:first.start()].strip(), True


def _members(piece: str, notation: Notation) -> list[sympy.Basic]:
    """The members of the chain ``piece``, read as ``grader.maths`` reads (its
    spellings, ``e``, ``|x|``, function names), or none when it cannot be read."""
    from grader.mathread import MathParseError
    try:
        return parse_members(piece, reading_notation(notation))
    except MathParseError:
        return []
    except Exception:  # a reader fault on odd input is an unreadable piece, not a crash
        return []


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
