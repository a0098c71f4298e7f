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

import bisect
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


# Where delimited maths may start; _delimited reads what the regex
#   \$\$(.+?)\$\$ | \\\[(.+?)\\\] | (?<![\\$])\$(?!\$)(.+?)(?<!\\)\$ | \\\((.+?)\\\)  (DOTALL)
# matches, without rescanning to the end of the text from every opener that
# never closes (that made "\[" * 50,000 quadratic).
_OPENER = re.compile(r"\$|\\[\[(]")
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
    r"|:=|\*\*|\|\||[-+−*/·×^_=≈∝≤≥≪≫≠<>!|‖√²³ⁿᵀ⁰¹⁴-⁹…⋯∑∏∫Σ∞∼~'⊗∈∂∇]"
    r"|[(){}\[\],]"
    r"|[α-ωΑ-Ωℓϕϵ]"
    r"|[₀-₉ᵢⱼₖₙₜ½⅓⅔¼¾⅕⅙⅛]")
_OPERATOR = re.compile(r"[-+−*/·×^_=≈∝≤≥≪≫<>‖√²³ⁿᵀ∑∏∫Σ∂∇]|\\(?!text)[A-Za-z]+|\|\||\*\*")
_OPERAND = re.compile(r"[A-Za-z0-9α-ωΑ-Ωℓ]")
_SKIP = re.compile(r"[A-Za-z]+|\S|\s")
_LEADING_RELATION = re.compile(r"^(?:=|:=|≈|∝|≤|≥|\\(?:approx|propto|le|ge|sim)(?![A-Za-z])"
                               r"|~|∼)\s*")
# a relation at the top level of a piece: "a = b, c ≫ 0" is two statements
_RELATION = re.compile(r"(?<![<>!:])(?:=|<|>)(?![=<>])|[≈∝≤≥≪≫≠~∼]|:="
                       r"|\\(?:approx|propto|le|leq|ge|geq|ll|gg|ne|neq|sim|lt|gt)(?![A-Za-z])")
_LEADING_LABEL = re.compile(r"\(?[a-z]\)\s+(?=\S)")


def math_spans(text: str) -> list[MathSpan]:
    r"""Every piece of maths in ``text``, in order of position.

    Example:
        >>> [s.text for s in math_spans("Time complexity = O(t·n²·L) at train time")]
        ['O(t·n²·L)']
    """
    spans: list[MathSpan] = []
    covered: list[tuple[int, int]] = []
    for group, (start, end), (outer_start, outer_end) in _delimited(text):
        display = group in (1, 2)
        covered.append((outer_start, outer_end))
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


class _Closers:
    """Where each closing delimiter next occurs, remembering failed searches.

    A search that found nothing from offset ``s`` finds nothing from any later
    offset; a search that found something is consumed by the match it makes.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.none_from: dict[str, int] = {}

    def find(self, closer: str, start: int) -> int:
        if start >= self.none_from.get(closer, len(self.text) + 1):
            return -1
        if closer == "$":  # a "$" not after a backslash
            at = start - 1
            while (at := self.text.find("$", at + 1)) >= 0 and self.text[at - 1] == "\\":
                pass
        else:
            at = self.text.find(closer, start)
        if at < 0:
            self.none_from[closer] = start
        return at


def _delimited(text: str) -> list[tuple[int, tuple[int, int], tuple[int, int]]]:
    """Each delimited piece of maths: (kind 1-4 as in ``_OPENER``'s comment,
    content span, span with the delimiters), left to right, not overlapping."""
    out = []
    closers = _Closers(text)
    position = 0
    while match := _OPENER.search(text, position):
        at = match.start()
        position = at + 1
        kind, close = 0, -1  # the content is at least one character
        if text.startswith("$$", at):
            kind, close = 1, closers.find("$$", at + 3)
        elif text.startswith("\\[", at):
            kind, close = 2, closers.find("\\]", at + 3)
        elif text.startswith("\\(", at):
            kind, close = 4, closers.find("\\)", at + 3)
        elif text[at - 1:at] not in ("\\", "$"):
            kind, close = 3, closers.find("$", at + 2)
        if close >= 0:
            width = 1 if kind == 3 else 2  # of the opening and of the closing delimiter
            out.append((kind, (at + width, close), (at, close + width)))
            position = close + width
    return out


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
    # Whether the last piece holds a relation, kept as pieces merge: searching
    # the growing piece again at every comma was quadratic in "x, x, x, …".
    related = bool(_RELATION.search(text, bounds[0], bounds[1]))
    for a, b in itertools.pairwise(bounds[1:]):
        a += 1  # past the comma
        last_a, _ = pieces[-1]
        relation_here = bool(_RELATION.search(text, a, b))
        if relation_here and related:
            pieces.append((a, b))
        else:
            pieces[-1] = (last_a, b)
            related = related or relation_here
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
    closers: dict[int, int] | None = None
    for m in _BOXED.finditer(text, start, end):
        if closers is None:
            closers = _pairs(text, start, end, "{", "}")
        close = closers.get(m.end() - 1)
        if close is not None:
            out.append((m.end(), close))
    return out


def _trimmed(text: str, start: int, end: int, display: bool, boxed: bool = False
             ) -> MathSpan | None:
    while start < end and (text[start].isspace() or _opens_bold(text, start, end)):
        start += 1 if text[start].isspace() else 2  # an opening bold: markup
    # Trailing spaces and punctuation, stripped backwards: a regex "[\s.,;:]+$"
    # searched here retried from every space of a long run (quadratic).
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".,;:"
                           or _closes_bold(text, start, end)):
        end -= 2 if _closes_bold(text, start, end) else 1
    if start >= end:
        return None
    return MathSpan(text[start:end], start, end, display, boxed)


def _opens_bold(text: str, start: int, end: int) -> bool:
    """``**`` or ``__`` opening a span: never a power or a subscript of nothing."""
    return end - start > 2 and text[start:start + 2] in ("**", "__")


def _closes_bold(text: str, start: int, end: int) -> bool:
    """``**`` or ``__`` ending a span: the end of a bold ("**Answer: x = 1**"),
    never a power or a subscript with nothing after it."""
    return end - start > 2 and text[end - 2:end] in ("**", "__")


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
    # "Is this offset inside a box or an earlier bound?" by bisection over the
    # boxes (with the furthest end so far) and the furthest bound end, not by
    # testing every interval taken so far (quadratic in "O(x)" * 25,000).
    box_starts = [a for a, _ in taken]
    box_reach = list(itertools.accumulate((b for _, b in taken), max))
    bound_reach = -1
    parens: dict[int, int] | None = None
    for m in _BOUND.finditer(text, start, end):
        box = bisect.bisect_right(box_starts, m.start()) - 1
        if m.start() < bound_reach or (box >= 0 and m.start() < box_reach[box]):
            continue
        if parens is None:
            parens = _pairs(text, start, end, "(", ")")
        close = parens.get(m.end() - 1)
        if close is not None:
            spans.append(MathSpan(text[m.start():close + 1], m.start(), close + 1))
            taken.append((m.start(), close + 1))
            bound_reach = max(bound_reach, close + 1)
    for m in _VECTOR_LINE.finditer(text, start, end):
        a, b = m.span("vector")
        if not any(x <= a < y for x, y in taken):
            spans.append(MathSpan(text[a:b], a, b))
            taken.append((a, b))
    for a, b in _gaps(end, [(start, start), *taken]):
        if a < start:
            continue
        spans.extend(_runs(text, a, b))
    return spans


# A line that is a vector of numbers and nothing else, "(0, 0, 1)", "(⅓, ⅓, ⅓)",
# "[0.2, 0.3, 0.5]": maths, though it holds no operator.
_NUMBER = r"[-+−]?(?:\d+(?:\.\d+)?(?:/\d+)?|[½⅓⅔¼¾⅕⅙⅛])"
_VECTOR_LINE = re.compile(rf"^[ \t>*_]*(?P<vector>[(\[]\s*{_NUMBER}(?:\s*,\s*{_NUMBER}){{1,15}}"
                          r"\s*[)\]])[ \t*_]*[.,;]?[ \t]*$", re.MULTILINE)


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


def _pairs(text: str, start: int, end: int, left: str, right: str) -> dict[int, int]:
    """For each ``left`` in ``text[start:end]`` closed there, the offset of its ``right``.

    Brackets are counted plainly (no escapes), one pass for all of them:
    scanning from each opener to its closer was quadratic when they never close.
    """
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for match in re.compile(f"[{re.escape(left + right)}]").finditer(text, start, end):
        if match.group(0) == left:
            stack.append(match.start())
        elif stack:
            pairs[stack.pop()] = match.start()
    return pairs
