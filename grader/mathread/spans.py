r"""Find the maths inside prose.

Delimited maths first (``$$…$$``, ``\[…\]``, ``$…$``, ``\(…\)``); a
``\boxed{…}`` inside it becomes its own span with ``boxed=True`` (a student's
box marks the final answer). Outside the delimiters, three kinds of plain
maths are found: ``\boxed{…}``, ``O(…)``-style bounds (``𝒪``, ``Θ``, ``Ω``,
``\mathcal{O}``) with balanced parentheses, and runs of maths-looking tokens
(``√2β``, ``‖x_1‖ = β√2``, ``∝ l² × n × t``) that contain an operator. A
leading relation is left out of a span (``∝ l² × n × t`` gives
``l² × n × t``), so the text before the span still ends with it.

It is deliberately cautious: a word of three or more letters (other than a
function name) ends a run, so prose is missed rather than grabbed.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from grader.mathread.normalise import FUNCTION_WORDS, GREEK


@dataclass(frozen=True)
class MathSpan:
    """One piece of maths in a text.

    Attributes:
        text: the maths as written (without ``$`` delimiters or ``\\boxed{}``).
        start: offset of ``text`` in the input.
        end: offset just past ``text``.
        display: written as display maths (``$$…$$`` or ``\\[…\\]``).
        boxed: written inside ``\\boxed{…}``.
    """

    text: str
    start: int
    end: int
    display: bool = False
    boxed: bool = False


_DELIMITED = re.compile(r"\$\$(.+?)\$\$|\\\[(.+?)\\\]|(?<![\\$])\$(?!\$)(.+?)(?<!\\)\$"
                        r"|\\\((.+?)\\\)", re.DOTALL)
_BOXED = re.compile(r"\\boxed\s*\{")
_BOUND = re.compile(r"(?<![A-Za-z])(?:\\mathcal\s*\{\s*O\s*\}|O|𝒪|Θ|Ω|\\Theta|\\Omega)\s*\(")
_FUNCTIONS = "|".join(sorted([*FUNCTION_WORDS, *GREEK, "sqrt"], key=len, reverse=True))
_PROSE_PAIRS = {"is", "of", "in", "to", "as", "at", "be", "by", "if", "on", "or", "an", "we",
                "it", "so", "no", "do", "up", "us", "my", "me", "he", "am", "go", "vs", "eq"}
_TOKEN = re.compile(
    r"\\text\s*\{[^{}]*\}"                       # prose inside maths: ends a run
    r"|\\[A-Za-z]+\*?|\\[|{},;!]"                 # LaTeX commands
    rf"|(?:{_FUNCTIONS}|Softmax|Diag|KL)(?![A-Za-z])"
    r"|(?:sum|prod)(?=_)"                         # sum_{i=1}^{T/2} in plain text
    r"|[A-Za-z]{1,2}(?![A-Za-z])"                 # short identifiers (and prose pairs)
    r"|\d+(?:\.\d+)?"
    r"|:=|\*\*|\|\||[-+−*/·×^_=≈∝≤≥≪≫≠<>!|‖√²³ⁿᵀ⁰¹⁴-⁹…⋯∑∏∫Σ∞∼~'⊗∈]"
    r"|[(){}\[\],]"
    r"|[α-ωΑ-Ωℓϕϵ]"
    r"|[₀-₉ᵢⱼₖₙₜ]")
_OPERATOR = re.compile(r"[-+−*/·×^_=≈∝≤≥≪≫<>‖√²³ⁿᵀ∑∏∫Σ]|\\(?!text)[A-Za-z]+|\|\||\*\*")
_OPERAND = re.compile(r"[A-Za-z0-9α-ωΑ-Ωℓ]")
_SKIP = re.compile(r"[A-Za-z]+|\S|\s")
_LEADING_RELATION = re.compile(r"^(?:=|:=|≈|∝|≤|≥|\\(?:approx|propto|le|ge|sim)(?![A-Za-z])"
                               r"|~|∼)\s*")
# a relation at the top level of a piece: "a = b, c ≫ 0" is two statements
_RELATION = re.compile(r"(?<![<>!:])(?:=|<|>)(?![=<>])|[≈∝≤≥≪≫≠~∼]|:="
                       r"|\\(?:approx|propto|le|leq|ge|geq|ll|gg|ne|neq|sim|lt|gt)(?![A-Za-z])")
_LEADING_LABEL = re.compile(r"\(?[a-z]\)\s+(?=\S)")
_TRAILING_JUNK = re.compile(r"[\s.,;:]+$")


def math_spans(text: str) -> list[MathSpan]:
    r"""Every piece of maths in ``text``, in order of position.

    Example:
        >>> [s.text for s in math_spans("Time complexity = O(t·n²·L) at train time")]
        ['O(t·n²·L)']
    """
    spans: list[MathSpan] = []
    covered: list[tuple[int, int]] = []
    for m in _DELIMITED.finditer(text):
        group = next(g for g in range(1, 5) if m.group(g) is not None)
        start, end = m.start(group), m.end(group)
        display = group in (1, 2)
        covered.append((m.start(), m.end()))
        boxes = list(_boxed(text, start, end))
        if boxes:
            spans.extend(MathSpan(text[a:b], a, b, display, True) for a, b in boxes)
        else:
            span = _trimmed(text, start, end, display)
            if span:
                spans.extend(_statements(text, span))
    for a, b in _gaps(len(text), covered):
        spans.extend(_plain_spans(text, a, b))
    spans.sort(key=lambda s: s.start)
    return spans


def _statements(text: str, span: MathSpan) -> list[MathSpan]:
    r"""Split ``span`` at top-level commas between statements.

    ``q = β(k_a+k_b), \quad β ≫ 0`` and ``y_1 = y_3 = (x_1 + x_3)/2, y_2 = a`` are
    two statements each; a comma splits only when the pieces on both sides hold
    a relation, so ``x = 1, 2, 3``, ``[1, x_1, …]`` and ``f(a, b) = c`` stay whole.
    """
    cuts = []
    depth = 0
    for k in range(span.start, span.end):
        ch = text[k]
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0 and text[k - 1:k] != "\\":
            cuts.append(k)
    if not cuts:
        return [span]
    bounds = [span.start, *cuts, span.end]
    pieces = [(bounds[0], bounds[1])]
    for a, b in itertools.pairwise(bounds[1:]):
        a += 1  # past the comma
        last_a, last_b = pieces[-1]
        if _RELATION.search(text, a, b) and _RELATION.search(text, last_a, last_b):
            pieces.append((a, b))
        else:
            pieces[-1] = (last_a, b)
    if len(pieces) == 1:
        return [span]
    out = []
    for a, b in pieces:
        while a < b and (text[a].isspace() or text.startswith("\\quad", a)
                         or text.startswith("\\qquad", a)):
            a += len("\\qquad") if text.startswith("\\qquad", a) else \
                len("\\quad") if text.startswith("\\quad", a) else 1
        piece = _trimmed(text, a, b, span.display, span.boxed)
        if piece:
            out.append(piece)
    return out


def _boxed(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The contents of each ``\\boxed{…}`` in ``text[start:end]``."""
    out = []
    for m in _BOXED.finditer(text, start, end):
        close = _close(text, m.end() - 1, end, "{", "}")
        if close is not None:
            out.append((m.end(), close))
    return out


def _trimmed(text: str, start: int, end: int, display: bool, boxed: bool = False
             ) -> MathSpan | None:
    while start < end and text[start].isspace():
        start += 1
    m = _TRAILING_JUNK.search(text, start, end)
    if m and m.end() == end:
        end = m.start()
    if start >= end:
        return None
    return MathSpan(text[start:end], start, end, display, boxed)


def _gaps(length: int, covered: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out, at = [], 0
    for a, b in sorted(covered):
        if a > at:
            out.append((at, a))
        at = max(at, b)
    if at < length:
        out.append((at, length))
    return out


def _plain_spans(text: str, start: int, end: int) -> list[MathSpan]:
    """Maths in undelimited text: boxes, ``O(…)`` bounds, then operator runs."""
    spans: list[MathSpan] = []
    taken: list[tuple[int, int]] = []
    for a, b in _boxed(text, start, end):
        spans.append(MathSpan(text[a:b], a, b, False, True))
        taken.append((a - len("\\boxed{"), b + 1))
    for m in _BOUND.finditer(text, start, end):
        if any(a <= m.start() < b for a, b in taken):
            continue
        close = _close(text, m.end() - 1, end, "(", ")")
        if close is not None:
            spans.append(MathSpan(text[m.start():close + 1], m.start(), close + 1))
            taken.append((m.start(), close + 1))
    for a, b in _gaps(end, [(start, start), *taken]):
        if a < start:
            continue
        spans.extend(_runs(text, a, b))
    return spans


def _runs(text: str, start: int, end: int) -> list[MathSpan]:
    """Runs of maths tokens on one line that contain an operator and an operand."""
    out: list[MathSpan] = []
    run_start: int | None = None
    run_end = start
    pos = start

    def flush() -> None:
        if run_start is not None:
            out.extend(_run_spans(text, run_start, run_end))

    while pos < end:
        if text[pos] in " \t":
            pos += 1
            continue
        m = _TOKEN.match(text, pos, end)
        if m is not None and not m.group(0).startswith("\\text") \
                and m.group(0).lower() not in _PROSE_PAIRS:
            if run_start is None:
                run_start = pos
            run_end = pos = m.end()
            continue
        flush()  # a word, a newline or \text{…} ends the run
        run_start = None
        pos = m.end() if m is not None else _SKIP.match(text, pos, end).end()  # type: ignore[union-attr]
    flush()
    return out


def _run_span(text: str, start: int, end: int) -> MathSpan | None:
    while start < end and text[start] in ",;: \t":
        start += 1  # ", x_1^T x_3 = β²" continues a sentence
    label = _LEADING_LABEL.match(text, start, end)
    if label:
        start = label.end()  # "(a) |x_1| = √2 β": the part label is not a factor
    piece = text[start:end]
    lead = _LEADING_RELATION.match(piece)
    if lead:
        start += lead.end()
    span = _trimmed(text, start, end, False)
    if span is None:
        return None
    span = _balanced(text, span)
    if span is None or not _OPERATOR.search(span.text) or not _OPERAND.search(span.text):
        return None
    return span


def _run_spans(text: str, start: int, end: int) -> list[MathSpan]:
    span = _run_span(text, start, end)
    if span is None:
        return []
    return [s for s in _statements(text, span)
            if _OPERATOR.search(s.text) and _OPERAND.search(s.text)]


def _balanced(text: str, span: MathSpan) -> MathSpan | None:
    """Drop unmatched brackets at the ends of a run; refuse it if still unbalanced."""
    start, end = span.start, span.end
    pairs = {"(": ")", "[": "]", "{": "}"}
    for _ in range(4):
        piece = text[start:end]
        depth = 0
        bad = False
        for ch in piece:
            if ch in pairs:
                depth += 1
            elif ch in pairs.values():
                depth -= 1
                if depth < 0:
                    bad = True
                    break
        if not bad and depth == 0:
            return _trimmed(text, start, end, False)
        if piece and piece[0] in pairs and depth > 0:
            start += 1
        elif piece and piece[-1] in pairs.values():
            end -= 1
        elif piece and piece[0] in pairs.values():
            start += 1
        else:
            return None
    return None


def _close(text: str, opener: int, end: int, left: str, right: str) -> int | None:
    """Offset of the bracket closing the one at ``opener``."""
    depth = 0
    for i in range(opener, end):
        if text[i] == left:
            depth += 1
        elif text[i] == right:
            depth -= 1
            if depth == 0:
                return i
    return None
