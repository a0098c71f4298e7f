"""Reading bounds out of an answer: the one place of the complexity checker that touches text.

Every ``O(…)`` (and ``Θ``, ``Ω``) of the answer is a candidate; a bare product
counts only where it is clearly a bound (after ``∝`` or ``=``, boxed, or the
whole answer). Boxed spans and the final line decide when they hold bounds.
Names the answer defines (``M = 1 + D + D^2``) are substituted.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sympy

from grader.answer import Answer
from grader.brackets import closing_bracket
from grader.mathread.objects import BigO, BigOmega, BigTheta
from grader.maths.monomials import UnsupportedBound, bound_terms, strip_bigo
from grader.notation import Notation


@dataclass(frozen=True)
class Candidate:
    """One bound found in an answer.

    ``expr`` is the bound's argument (no ``BigO``), with names the answer
    defined (``M = 1 + D + D^2``) substituted. ``decisive`` marks a boxed span or
    one in the answer's final line. ``explicit`` marks an ``O(...)``.
    """

    expr: sympy.Expr
    text: str
    decisive: bool = False
    explicit: bool = True
    undefined: frozenset[str] = frozenset()
    operator: str | None = None
    """``O``, ``Θ`` or ``Ω`` as written; None for a bare product (``∝ l² n t``)."""


_OPERATORS = {BigO: "O", BigTheta: "Θ", BigOmega: "Ω"}
_WRAPPERS = {"O": BigO, "Θ": BigTheta, "Ω": BigOmega}


def split_operator(expr: sympy.Basic) -> tuple[str | None, sympy.Basic]:
    """``Θ(n²)`` → ``("Θ", n²)``; a bare product (or a sum of ``O``s) → ``(None, expr)``."""
    for cls, name in _OPERATORS.items():
        if isinstance(expr, cls):
            return name, expr.args[0]
    return None, expr


def with_operator(operator: str | None, expr: sympy.Expr) -> sympy.Basic:
    """The bound ``expr`` under its operator again (``Θ(expr)``; ``expr`` for None)."""
    return _WRAPPERS[operator](expr) if operator in _WRAPPERS else expr


_RELATION = re.compile(r"\\propto|∝|\\approx|≈|\\sim|=|\\in\b|∈")
_LATEX_BREAK = re.compile(r"\\\\|\n|\\newline|\\quad|;")
_TRAILING_RELATION = re.compile(r"(\\propto|∝|=|\\approx|≈|\bis|:)\s*\$*\s*$")


def read_rubric_form(text: str, notation: Notation) -> sympy.Basic:
    """A rubric's ``answer`` string (e.g. ``O(t n L)``) as a sympy object."""
    from grader.mathread import MathParseError, parse_math
    try:
        return parse_math(text, notation)
    except MathParseError as exc:
        raise ValueError(f"cannot read {text!r}: {exc}") from exc


def read_bounds(answer: Answer, notation: Notation, known: frozenset[str]
                ) -> tuple[list[Candidate], list[str]]:
    """Every bound in ``answer``, decisive ones (boxed, final line) first.

    Returns the candidates to grade and TA notes about the reading. When the
    answer has boxed spans or a final line with bounds, only those are
    returned; explicit ``O(...)`` bounds win over bare products (``∝ l² n t``).
    """
    try:
        from grader.mathread import math_spans  # noqa: F401
    except ImportError:
        return [], ["the maths reader is not available"]
    notes: list[str] = []
    definitions: dict[sympy.Symbol, sympy.Expr] = {}
    final = _read_text(answer.final, notation, known, definitions, decisive=True) \
        if answer.final and answer.final.strip() else []
    everything = _read_text(answer.text, notation, known, definitions, decisive=False)
    decisive = final + [c for c in everything if c.decisive]
    chosen = decisive or everything
    if any(c.explicit for c in chosen):
        chosen = [c for c in chosen if c.explicit]
    resolved = []
    for c in chosen:
        expr = c.expr.xreplace(definitions) if definitions else c.expr
        if expr != c.expr:
            defined = ", ".join(f"{k} = {v}" for k, v in definitions.items()
                                if k in c.expr.free_symbols)
            notes.append(f"read {c.text!r} using the answer's own definition {defined}")
        undefined = frozenset(s.name for s in expr.free_symbols) - known
        resolved.append(Candidate(expr, c.text, c.decisive, c.explicit, undefined, c.operator))
    return resolved, notes


_BOUND_OPEN = re.compile(r"(?<![A-Za-z\\])(?:\\mathcal\s*\{\s*O\s*\}|\\bigO|O|𝒪|Θ|Ω"
                         r"|\\Theta|\\Omega)\s*\(")


def unreadable_bounds(text: str | None, notation: Notation) -> list[str]:
    """The ``O(…)``-looking pieces of ``text`` the maths reader cannot read.

    ``O(n�L)`` (a replacement character from invalid UTF-8) looks like a
    bound but cannot be read; grading the other bounds beside it would be
    grading a different answer than the student gave.

    Example:
        >>> unreadable_bounds("time O(t n^2 L); space O(n�L)", Notation(("t", "n", "L")))
        ['O(n�L)']
    """
    from grader.mathread import MathParseError, parse_math
    if not text:
        return []
    out = []
    for m in _BOUND_OPEN.finditer(text):
        close = closing_bracket(text, m.end() - 1)
        piece = text[m.start():close + 1] if close is not None else text[m.start():m.end() + 20]
        if close is None:
            out.append(piece.strip())
            continue
        try:
            parse_math(piece, notation)
        except MathParseError:
            out.append(piece)
        except Exception:  # a reader fault on odd input: unreadable, not a crash
            out.append(piece)
    return out


def blocking_unreadable(answer: Answer, notation: Notation,
                        candidates: Sequence[Candidate]) -> list[str]:
    """Unreadable bounds that forbid deciding from the readable ones.

    An unreadable bound in the decisive text (the final line or a box) always
    blocks; one elsewhere blocks unless a readable boxed/final bound decides.
    """
    from grader.mathread import math_spans
    decisive_text = [answer.final or ""]
    with contextlib.suppress(Exception):  # the reader must never sink a check
        decisive_text += [s.text for s in math_spans(answer.text) if s.boxed]
    in_decisive = [b for t in decisive_text for b in unreadable_bounds(t, notation)]
    if in_decisive:
        return in_decisive
    if any(c.decisive for c in candidates):
        return []
    return unreadable_bounds(answer.text, notation)


def _read_text(text: str | None, notation: Notation, known: frozenset[str],
               definitions: dict[sympy.Symbol, sympy.Expr], *, decisive: bool
               ) -> list[Candidate]:
    from grader.mathread import math_spans
    if not text or not text.strip():
        return []
    text = typing_slips(text, known)  # "insgesamt 0(L B d2)": the span finder sees O(…)
    whole = text.strip().strip("$").strip()
    out: list[Candidate] = []
    try:
        spans = math_spans(text)
    except Exception:  # the reader must never sink a check; fall back to lines
        spans = []
    for span in spans:
        boxed = decisive or bool(getattr(span, "boxed", False))
        before = text[:getattr(span, "start", 0)].rstrip()
        # a bare product counts as a bound only where it is clearly one: after
        # "∝"/"=", boxed, or as the whole answer ("t n^2 L")
        bare_ok = (boxed or span.text.strip().strip("$").strip() == whole
                   or bool(_TRAILING_RELATION.search(before)))
        for piece in _LATEX_BREAK.split(span.text):
            out.extend(_read_piece(piece, notation, known, definitions,
                                   decisive=boxed, bare_ok=bare_ok))
    if not out:
        for line in text.splitlines():
            parts = _RELATION.split(line)
            tail = parts[-1].strip().rstrip(".").strip("$ ")
            if tail and len(tail) <= 60:
                out.extend(_read_piece(tail, notation, known, definitions, decisive=decisive,
                                       bare_ok=len(parts) > 1 or line.strip() == whole))
    return out


# Known symbols run together with a small power whose caret OCR (or a hurried typist)
# lost: "O(tn2 l)", "L2 D". In a bound a constant factor means nothing, so "n2" is n².
_LOST_CARET = re.compile(r"(?<![A-Za-z\\_^{])([A-Za-z]{1,4})([23])(?![\d.,}])")


# A zero for the O of a bound, as OCR reads a handwritten O: "0(n l)". Zero times a
# product of symbols is no answer anyone writes, so it is the O.
_ZERO_FOR_O = re.compile(r"(?<![\w.])0(?=\s*\(\s*[A-Za-z\\])")


def typing_slips(piece: str, known: frozenset[str]) -> str:
    """``piece`` with the slips of OCR and hurried typing in bounds undone: a zero
    for the O ("0(n l)"), and a run of known one-letter symbols followed by 2 or 3
    read as a power of the last one ("tn2 l" → "tn^2 l"); other runs stay as written.

    Example:
        >>> typing_slips("0(tn2 l)", frozenset("tnl"))
        'O(tn^2 l)'
    """
    def power(match: re.Match[str]) -> str:
        letters, digit = match.groups()
        if all(letter in known for letter in letters):
            return f"{letters}^{digit}"
        return match.group(0)
    return _LOST_CARET.sub(power, _ZERO_FOR_O.sub("O", piece))


def _read_piece(piece: str, notation: Notation, known: frozenset[str],
                definitions: dict[sympy.Symbol, sympy.Expr], *, decisive: bool,
                bare_ok: bool) -> list[Candidate]:
    piece = piece.strip()
    if not piece:
        return []
    elements = _chain(piece, notation)
    if not elements:
        return []
    out = []
    for element in elements:
        operator, inner = split_operator(element)
        if operator is not None:  # O(…), Θ(…), Ω(…): the bound with what it claims
            out.append(Candidate(strip_bigo(inner), piece, decisive, True, operator=operator))
        elif isinstance(element, sympy.Basic) and element.has(BigO):
            for bound in _bigo_parts(element):
                out.append(Candidate(bound, piece, decisive, True, operator="O"))
    if out:
        return out
    first, last = elements[0], elements[-1]
    if len(elements) >= 2 and isinstance(first, sympy.Symbol) and first.name not in known \
            and _is_polynomial_in(last, known):
        definitions.setdefault(first, last)
        return []
    if (bare_ok or len(elements) >= 2 or _RELATION.search(piece)) \
            and _is_polynomial_in(last, known) \
            and last.free_symbols:
        return [Candidate(last, piece, decisive, False)]
    return []


def _bigo_parts(expr: sympy.Basic) -> list[sympy.Expr]:
    """The bounds in one chain element: a sum or product of ``O(...)`` is one bound."""
    if isinstance(expr, BigO):
        return [expr.args[0]]
    if isinstance(expr, sympy.Add | sympy.Mul) and all(
            isinstance(a, BigO) or not a.free_symbols or a.has(BigO) for a in expr.args):
        return [strip_bigo(expr)]
    return [a.args[0] for a in sympy.preorder_traversal(expr) if isinstance(a, BigO)]


def _chain(piece: str, notation: Notation) -> list[sympy.Basic]:
    from grader.mathread import MathParseError, parse_chain, parse_math
    try:
        return list(parse_chain(piece, notation))
    except MathParseError:
        pass
    except Exception:  # a reader bug on odd input is an unreadable piece, not a crash
        return []
    # e.g. "\text{RNN}_{\text{time}} \propto l^2 \times n \times t": read what parses
    out = []
    for part in _RELATION.split(piece):
        try:
            out.append(parse_math(part.strip(), notation))
        except Exception:  # an unreadable element is skipped
            continue
    return out


def _is_polynomial_in(expr: Any, known: frozenset[str]) -> bool:
    if not isinstance(expr, sympy.Expr) or expr.has(BigO):
        return False
    if not {s.name for s in expr.free_symbols} <= known:
        return False
    try:
        bound_terms(expr)
    except UnsupportedBound:
        return False
    return True
