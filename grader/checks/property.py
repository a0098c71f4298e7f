"""Property checks: a reference-module function decides whether an answer has a property.

Some answers are right in many forms and are best checked by what they *do*: a
query that makes attention average two values, a feature map whose inner
product is the truncated exponential, a closed form that agrees with simulating
the recurrence. For those parts the rubric names a property function of the
reference module (``params: {function: average_query_check}``). The checker
reads the answer's maths, calls the function with a :class:`PropertyInput` and
turns its :class:`PropertyVerdict` into a :class:`CheckOutcome`.

A property function labels the answer ``correct``, ``incorrect``, ``unreadable``
or with a misconception id from the rubric. Anything the function cannot decide,
and any exception or timeout inside it, becomes ``needs_review``: the grader
never marks an answer wrong because it could not read it.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sympy
from pydantic import BaseModel, ConfigDict, Field

from grader.answer import Answer
from grader.checks.base import Checker, PartKey
from grader.checks.definitions import (
    definitions,
    is_definition,
    opens_with_cue,
    split_trailing_definition,
)
from grader.maths import verify
from grader.notation import Notation
from grader.outcome import CheckOutcome, Status, status_for_score
from grader.segment.labels import opens_with_answer_word

CORRECT = "correct"
INCORRECT = "incorrect"
UNREADABLE = "unreadable"
INCORRECT_FEEDBACK_DEFAULT = "Your answer does not have the property the question asks for."


@dataclass(frozen=True)
class PropertyInput:
    """What a property function receives.

    ``exprs`` holds every maths span of the answer that parsed, in order
    (equations as ``sympy.Eq``); ``final`` the ones the student marked as the
    result (boxed spans, or the answer's final line), possibly empty. ``text``
    is the whole answer text, for statements the maths does not carry
    ("H_0 = 0", "β ≫ 0").
    """

    exprs: tuple[sympy.Basic, ...]
    text: str
    notation: Notation = field(default_factory=Notation)
    final: tuple[sympy.Basic, ...] = ()
    #: names the answer defines ("Let p = softmax(z)") → their definitions
    #: (``grader/checks/definitions.py``); found from ``exprs`` alone when not given
    definitions: Mapping[sympy.Basic, sympy.Basic] | None = None
    #: the student marked a result that could not be read: a box, or an "Answer:"
    #: line none of whose maths was read (then no other span may decide the grade)
    final_unread: bool = False

    def __post_init__(self) -> None:
        if self.definitions is None:
            object.__setattr__(self, "definitions", definitions(self.exprs))

    def stated(self) -> list[sympy.Basic]:
        """What the answer states, definitions left out: its marked result if
        any, else every expression (all of them when every one is a definition)."""
        pool = list(self.final or self.exprs)
        found = self.definitions or {}
        return [e for e in pool if not is_definition(e, found)] or pool


@dataclass(frozen=True)
class PropertyVerdict:
    """What a property function concludes.

    ``label`` is ``correct``, ``incorrect``, ``unreadable`` or a misconception id
    of the rubric part. ``evidence`` is for the TA (it may show reference
    values); ``feedback`` is safe for the student (never the reference answer).
    """

    label: str
    evidence: str = ""
    feedback: str = ""
    interpreted_as: str = ""


def equations(exprs: tuple[sympy.Basic, ...]) -> list[sympy.Eq]:
    """The equations among ``exprs``, in order, a chain ``a = b = c`` on one line
    given as its steps ``a = b``, ``b = c`` followed by what it shows, ``a = c``:
    the reader returns such a chain as ``And(Eq(a, b), Eq(b, c))``, which a
    property function looking for ``sympy.Eq`` would otherwise not see at all."""
    out: list[sympy.Eq] = []
    for expr in exprs:
        if isinstance(expr, sympy.Eq):
            out.append(expr)
        elif isinstance(expr, sympy.And) and all(isinstance(a, sympy.Eq) for a in expr.args):
            out.extend(_chain_steps(list(expr.args)))
    return out


def _chain_steps(steps: list[sympy.Eq]) -> list[sympy.Eq]:
    """``sympy.And`` sorts its arguments: follow the shared sides to put the
    steps back in order, then add the first member equal to the last. A chain
    whose order cannot be recovered (a side repeated) gives its steps only."""
    rights = {eq.rhs for eq in steps}
    first = [eq for eq in steps if eq.lhs not in rights]
    if len(first) != 1:
        return steps
    ordered, left = [first[0]], [eq for eq in steps if eq is not first[0]]
    while left:
        step = next((eq for eq in left if eq.lhs == ordered[-1].rhs), None)
        if step is None:
            return steps
        ordered.append(step)
        left.remove(step)
    return [*ordered, sympy.Eq(ordered[0].lhs, ordered[-1].rhs, evaluate=False)]


class PropertyParams(BaseModel):
    """``params`` of a property part: the property function's name."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    function: str = Field(description=(
        "Reference-module function deciding the property: it receives a PropertyInput "
        "and returns a PropertyVerdict."))


def read_maths(answer: Answer, notation: Notation) -> tuple[PropertyInput, tuple[str, ...]]:
    """Parse every maths span of ``answer``; returns the input and notes on spans
    that did not parse (for the TA)."""
    from grader.mathread import math_spans

    exprs: list[sympy.Basic] = []
    cued: list[bool] = []
    final: list[sympy.Basic] = []
    notes: list[str] = []
    boxed_unread = marked_unread = False
    final_text = (answer.final or "").strip()
    exprs: list[sympy.Basic] = []
    cued: list[bool] = []
    final: list[sympy.Basic] = []
    notes: list[str] = []
    boxed_unread = marked_unread = False
    final_text = (answer.final or "").strip()
    final_at = answer.text.rfind(final_text) if final_text else -1
    marked = opens_with_answer_word(final_text)  # "Answer: …", not merely the last line
    matrices = _plain_text_matrices(answer.text, notation)
    read_lines: set[int] = set()  # lines where a span was read
    for span in math_spans(answer.text):
        if any(m.start <= span.start < m.end for m in matrices):
            continue  # a row of a matrix written over lines, not an answer of its own
        if final_at >= 0:
            in_final = span.start >= final_at and span.end <= final_at + len(final_text)
        else:
            in_final = bool(final_text) and span.text.strip() in final_text
        boxed = getattr(span, "boxed", False)
        in_final = in_final or boxed
        pieces, note = _read_span(span.text, notation)
        if note:
            notes.append(note)
            boxed_unread = boxed_unread or boxed
            marked_unread = marked_unread or (in_final and marked)
            # "f_s(z) → (0,0,1)": the reader has no arrows; the pieces between
            # them may still be maths
            exprs.extend(_arrow_pieces(span.text, notation))
            cued.extend(False for _ in range(len(exprs) - len(cued)))
            continue
        read_lines.add(answer.text.count("\n", 0, span.start))
        cue = opens_with_cue(answer.text, span.start)
        for expr, bracketed in pieces:
            exprs.append(expr)
            cued.append(cue or bracketed)
            if in_final:
                final.append(expr)
    if not exprs and not notes and not matrices:
        exprs = _plain_text_maths(answer.text, notation)
    elif notes and not matrices:
        # "τ -> 0 :  (0, 0, 1)": the span the reader stopped in hides the clauses
        # after it, which may be maths of their own
        unread = [line for number, line in enumerate(answer.text.splitlines())
                  if number not in read_lines]
        extra = [e for e in _plain_text_maths("\n".join(unread), notation) if e not in exprs]
        exprs.extend(extra)
        if final_text and any(final_text in line for line in unread):
            final.extend(extra[-1:])
    for found_matrix in matrices:
        exprs.append(found_matrix.expr)
        if final_text and final_text in answer.text[found_matrix.start:found_matrix.end]:
            final.append(found_matrix.expr)  # the answer ends in it
    cued.extend(False for _ in range(len(exprs) - len(cued)))
    found = definitions(tuple(exprs), cued, notation)
    final_unread = boxed_unread or (marked_unread and not final)
    return PropertyInput(tuple(exprs), answer.text, notation, tuple(final), found,
                         final_unread), tuple(notes)


def _read_span(text: str, notation: Notation) -> tuple[list[tuple[sympy.Basic, bool]], str]:
    """A span's maths: (expression, whether it is a bracketed definition) pairs,
    and a note for the TA when the span could not be read."""
    from grader.mathread import MathParseError, parse_math

    try:
        return [(parse_math(text, notation), False)], ""
    except MathParseError as exc:
        matrix = _matrix(text, notation)
        if matrix is not None:
            return [(matrix, False)], ""
        split = split_trailing_definition(text)
        if split is not None:  # "dl/dz = p - y   (p = softmax(z))"
            try:
                return [(parse_math(split[0], notation), False),
                        (parse_math(split[1], notation), True)], ""
            except MathParseError:
                pass
        return [], f"could not read ${text}$: {exc}"


@dataclass(frozen=True)
class _PlainMatrix:
    expr: sympy.Basic
    start: int
    end: int


def _plain_text_matrices(text: str, notation: Notation) -> list[_PlainMatrix]:
    """Matrices written over lines of plain text (``[[a, b],`` / ``[c, d]]``, rows
    between bars), which no single maths span holds; ``M_k = …`` as an equation."""
    from grader.mathread import MathParseError, parse_math
    from grader.maths.matrices import text_matrices

    out = []
    for found in text_matrices(text, lambda entry: parse_math(entry, notation)):
        expr: sympy.Basic = found.matrix
        if found.name:
            with contextlib.suppress(MathParseError):
                expr = sympy.Eq(parse_math(found.name, notation), found.matrix, evaluate=False)
        out.append(_PlainMatrix(expr, found.start, found.end))
    return out


_BEGIN = re.compile(r"(?:\\left\s*)?[\[(]?\s*\\begin\{")


def _matrix(text: str, notation: Notation) -> sympy.Basic | None:
    r"""A span the expression reader cannot read that is a matrix environment
    (``\begin{pmatrix} … \end{pmatrix}``), alone or as the right side of
    ``M_k = …``: the matrix (a Tuple of rows), or ``Eq(name, matrix)``."""
    from grader.mathread import MathParseError, parse_math
    from grader.maths.matrices import read_matrix

    begin = _BEGIN.search(text)
    if begin is None:
        return None
    before = text[:begin.start()].strip()
    if before and not before.endswith("="):
        return None
    try:
        matrix = read_matrix(text[begin.start():], lambda entry: parse_math(entry, notation))
        if matrix is None or not before:
            return matrix
        return sympy.Eq(parse_math(before[:-1], notation), matrix, evaluate=False)
    except MathParseError:
        return None


# Plain-text answers with no maths markup ("p − y, where p = g(z)",
# "(0, 0, 1)"): each clause of a short line is tried as maths; prose fails to
# parse and is skipped, so only the maths clauses are kept.
_ARROW = re.compile(r"→|⟶|->|\\to\b|\\rightarrow\b|\\longrightarrow\b")
_CLAUSE = re.compile(r",\s+(?=[A-Za-z]\w*\s*=)|;|:\s|\s[—–]\s"
                     r"|\s(?:where|with|since|because|so|for)\s|" + _ARROW.pattern)
_PLAIN_LINE_LIMIT = 200
_PLAIN_LINES_LIMIT = 20


def _arrow_pieces(text: str, notation: Notation) -> list[sympy.Basic]:
    pieces = _ARROW.split(text)
    return _parsed(pieces[1:], notation) if len(pieces) > 1 else []


def _parsed(clauses: list[str], notation: Notation) -> list[sympy.Basic]:
    from grader.mathread import MathParseError, parse_math

    out: list[sympy.Basic] = []
    for raw in clauses:
        clause = raw.strip().rstrip(".")
        if not clause or len(clause) > _PLAIN_LINE_LIMIT:
            continue
        try:
            out.append(parse_math(clause, notation))
        except MathParseError:
            continue
        except Exception:  # a reader fault on odd input is an unread clause, not a crash
            continue
    return out


def _plain_text_maths(text: str, notation: Notation) -> list[sympy.Basic]:
    out: list[sympy.Basic] = []
    lines = [line.strip().rstrip(".") for line in text.splitlines() if line.strip()]
    for line in lines[:_PLAIN_LINES_LIMIT]:
        if len(line) <= _PLAIN_LINE_LIMIT:
            out.extend(_parsed(_CLAUSE.split(line), notation))
    return out


def values_match(reference: Any, answer: Any, *, rtol: float, atol: float) -> bool:
    """Whether an answer's values (a number, vector or matrix a property function
    computed from the student's maths) equal the reference's, entry by entry, through
    ``grader.maths.verify``: ``|answer − reference| ≤ max(atol, rtol·|reference|)``.

    Example:
        >>> values_match([0, 0, 1], [1e-9, 0, 1], rtol=1e-5, atol=1e-6)
        True
    """
    ref, ans = np.asarray(reference, dtype=float), np.asarray(answer, dtype=float)
    return ref.shape == ans.shape and all(
        verify(float(r), float(a), rtol=rtol, atol=atol).equivalent
        for r, a in zip(ref.ravel(), ans.ravel(), strict=True))


def _params(key: PartKey) -> PropertyParams:
    return key.params_as(PropertyParams)


def name_index(expr: sympy.Basic) -> tuple[str, sympy.Basic] | None:
    """``k_a`` as (``k``, ``a``), whether read as ``Indexed`` or as a Symbol ``k_a``.

    For property functions, which look for the student's ``q``, ``y_1``, ``X_{2i}``.

    Example:
        >>> name_index(sympy.Indexed(sympy.IndexedBase("y"), 1))
        ('y', 1)
    """
    if isinstance(expr, sympy.Indexed) and len(expr.indices) == 1:
        return str(expr.base.label), expr.indices[0]
    if isinstance(expr, sympy.Symbol) and "_" in expr.name:
        base, _, index = expr.name.partition("_")
        index = index.strip("{}")
        if base and index:
            return base, (sympy.Integer(int(index)) if index.isdigit() else sympy.Symbol(index))
    return None


class PropertyChecker(Checker):
    """Grades an answer by a property function of the reference module."""

    kind = "property"
    Params = PropertyParams

    def check(self, answer: Answer, key: PartKey) -> CheckOutcome:
        params = _params(key)
        function = key.function(params.function)  # a missing function is a rubric fault
        notation = key.notation.with_declarations(answer.declared)
        try:
            inp, notes = read_maths(answer, notation)
            if inp.final_unread:
                # graded, another span of the answer would decide the grade
                return CheckOutcome.review("the answer you marked as the result could not "
                                           "be read; a TA will read it", notes=notes)
            verdict = function(inp)
        except Exception as exc:  # the time limit (a BaseException) is the pipeline's
            return CheckOutcome.review("the answer could not be checked automatically",
                                       notes=(f"{params.function} failed: "
                                              f"{type(exc).__name__}: {exc}",))
        if not isinstance(verdict, PropertyVerdict):
            return CheckOutcome.review("the answer could not be checked automatically",
                                       notes=(f"{params.function} returned {verdict!r}",))
        return outcome_for(verdict, key, notes)


def outcome_for(verdict: PropertyVerdict, key: PartKey,
                notes: tuple[str, ...] = ()) -> CheckOutcome:
    """Map a property verdict onto points, status and feedback (a pure function)."""
    ta_notes = tuple(n for n in (verdict.evidence, *notes) if n)
    shown = verdict.interpreted_as or None
    extra = (verdict.feedback,) if verdict.feedback else ()
    if verdict.label == CORRECT:
        return CheckOutcome(Status.CORRECT, key.points, extra, ta_notes, shown, CORRECT)
    if verdict.label == INCORRECT:
        return CheckOutcome(Status.INCORRECT, 0.0, extra or (INCORRECT_FEEDBACK_DEFAULT,),
                            ta_notes, shown, INCORRECT)
    if verdict.label == UNREADABLE:
        return CheckOutcome.review("the answer could not be read with confidence",
                                   interpreted_as=shown, notes=ta_notes)
    for misconception, _value in key.misconceptions:
        if misconception.id == verdict.label:
            score = min(misconception.points, key.points)
            return CheckOutcome(status_for_score(score, key.points), score,
                                (misconception.feedback, *extra), ta_notes, shown,
                                misconception.id)
    return CheckOutcome.review(
        "the answer could not be checked automatically", interpreted_as=shown,
        notes=(f"property function reported {verdict.label!r}, which the rubric part "
               f"does not list as a misconception", *ta_notes))
