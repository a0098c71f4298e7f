r"""Spellings people type, rewritten in the maths reader's before it reads them.

Number formats written for people (``7,425,000``, ``1 000``, ``32,\\!349``, ``.4``,
``5.1e-2``), LaTeX spacing, full-width characters, ``oo``/``infty`` for ``∞``,
capitalised function names (``Max``, ``Abs``) and nested bars (``||x| + y|``).
Each rewrite keeps the text's meaning; none reads or evaluates it.
"""

from __future__ import annotations

import re

from grader.mathread.normalise import known_names
from grader.notation import Notation

_LATEX_THOUSANDS = re.compile(r"(?<=\d)(?:\{,\}|,\\!|,\\,|\\,|\\!|\\ )\s*(?=\d{3}(?!\d))")
_THOUSANDS = re.compile(r"(?<![\d.,])[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?(?![\d,])")
_SPACE_NUMBER = re.compile(r"\s*-?[1-9]\d{0,2}(?: \d{3})+(?:\.\d+)?\s*")
_LEADING_DOT = re.compile(r"(?<![\w.}])\.(?=\d)")
_SCIENTIFIC = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)[eE]([-+]?\d{1,3})(?![\w.])")


def _thousands(m: re.Match[str]) -> str:
    """``7,425,000`` → ``7425000``, except as the whole of a bracket pair: ``(12,102)``
    is the interval or pair of 12 and 102, not the number 12102."""
    before, after = m.string[:m.start()].rstrip()[-1:], m.string[m.end():].lstrip()[:1]
    if before in ("(", "[") and after in (")", "]"):
        return m.group(0)
    return m.group(0).replace(",", "")


_SPACING_COMMANDS = re.compile(r"(?<!\\)\\(?:[,;:! ]|q?quad(?![A-Za-z]))")
"""LaTeX spacing (``\\,``, ``\\quad``; not the row break ``\\\\``) left after
thousands separators were read: a space."""


def people_numbers(text: str) -> str:
    """Thousands separators, leading dots and e-notation in the reader's spelling."""
    text = _LATEX_THOUSANDS.sub("", text)
    text = _THOUSANDS.sub(_thousands, text)
    if _SPACE_NUMBER.fullmatch(text):
        text = text.replace(" ", "")
    text = _SPACING_COMMANDS.sub(" ", text)
    text = _LEADING_DOT.sub("0.", text)
    return _SCIENTIFIC.sub(lambda m: f"({m.group(1)} \\cdot 10^{{{m.group(2)}}})", text)


_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
"""Full-width forms (``（``, ``＋``, ``ｘ``), typed by East Asian input methods, as ASCII."""
_INFINITY_WORDS = re.compile(r"(?<![A-Za-z\\])(oo|infty|infinity)(?![A-Za-z])")
"""``oo`` (as in sympy), ``infty`` (LaTeX without its backslash), ``infinity``."""
_CAPITALISED = re.compile(r"(?<![A-Za-z\\])(Max|Min|Abs)(?=\s*\()")
"""``Max(m, n)``, ``Abs(x)``: the capitalised spellings of sympy and Mathematica."""


_FLOOR_CEIL = re.compile(r"\\l(floor|ceil)\s*(.*?)\s*\\r(?:floor|ceil)", re.S)
"""``\\lfloor x \\rfloor`` → ``floor(x)`` (innermost first: the pattern takes no bracket in)."""


def typed_spellings(text: str, notation: Notation | None) -> str:
    """Spellings typed on keyboards and in code, in the reader's: full-width
    characters, ``\\lfloor``/``\\lceil``, ``oo``/``infty`` for ``∞`` (unless a
    declared name), ``Max``."""
    text = text.translate(_FULL_WIDTH)
    text = _FLOOR_CEIL.sub(lambda m: f"{m.group(1)}({m.group(2)})", text)
    names = known_names(notation)
    text = _INFINITY_WORDS.sub(lambda m: m.group(0) if m.group(1) in names else r"\infty", text)
    return _CAPITALISED.sub(lambda m: m.group(1).lower(), text)


_BEFORE_OPERAND = set("+-*/^([{,=<>")


def nested_bars(text: str) -> str:
    """``||x| + y|`` → ``abs(abs(x) + y)`` and ``|x||y|`` → ``abs(x)*abs(y)``: bars the
    reader cannot pair, paired by position (a bar after an operand closes, a bar
    right after a closing one starts a factor, any other opens). Text with neither,
    or bars that do not pair so (``p(y|x)``), is left to the reader."""
    out: list[str] = []
    depth = deepest = 0
    after_operand = after_close = juxtaposed = False
    for i, ch in enumerate(text):
        if ch == "|" and text[i - 1:i] != "\\":
            if after_close and depth == 0:
                out.append("*abs(")  # |x||y|: a second factor
                depth, juxtaposed, after_operand = 1, True, False
            elif after_operand and depth:
                out.append(")")
                depth -= 1
            elif after_operand:
                return text
            else:
                out.append("abs(")
                depth += 1
                deepest = max(deepest, depth)
            after_close = out[-1] == ")"
            continue
        out.append(ch)
        if not ch.isspace():
            after_operand, after_close = ch not in _BEFORE_OPERAND, False
    return "".join(out) if depth == 0 and (deepest > 1 or juxtaposed) else text


_BRACKET_INDEX = re.compile(r"(?<![A-Za-z\\])([A-Za-z]+)\[(\d+|[A-Za-z])\]")
"""``x[2]``, ``a[i]``: an index written in brackets, as in code (``x_2``, ``a_i``)."""
_BIG_O_WORDS = re.compile(r"\bbig[- ]?(O|Theta|Omega|Θ|Ω)\s+of\s+(.+)$", re.I | re.S)
_GLUED_LOG = re.compile(r"(?<=[A-Za-z0-9)])(log|lg|ln)(?=[A-Za-z(])")


def bound_spelling(text: str) -> str:
    """``big-O of n log n`` → ``O(n log n)``; ``nlogn`` → ``n log n``; ``lg`` → ``log``."""
    words = _BIG_O_WORDS.search(text)
    if words:
        text = f"{words.group(1)}({words.group(2).strip()})"
    text = _GLUED_LOG.sub(r" \1 ", text)
    return re.sub(r"(?<![A-Za-z\\])lg(?![A-Za-z])", r"\\log", text)


def bracket_indices(text: str) -> str:
    """``x[2]`` → ``x_{2}``: an index written in brackets, as in code."""
    return _BRACKET_INDEX.sub(r"\1_{\2}", text)
