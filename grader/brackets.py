"""Balanced brackets in LaTeX-ish text, shared by the readers of submissions and maths."""

from __future__ import annotations

import re

_CLOSERS = {"{": "}", "(": ")", "[": "]"}
_OPENERS = {closer: opener for opener, closer in _CLOSERS.items()}
_BRACKET_TOKEN = re.compile(r"\\.|[{}()\[\]]", re.DOTALL)


def closing_bracket(text: str, open_at: int, end: int | None = None) -> int | None:
    """Index of the bracket that closes the ``{``, ``(`` or ``[`` at ``open_at``, or ``None``.

    Escaped characters (``\\{``, ``\\}``) do not count; the search stops at ``end``.

    Example:
        >>> closing_bracket(r"\\frac{a\\}}{b}", 5)
        9
    """
    stop = len(text) if end is None else end
    if open_at >= stop or text[open_at] not in _CLOSERS:
        return None
    opener, closer = text[open_at], _CLOSERS[text[open_at]]
    depth = 0
    index = open_at
    while index < stop:
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == opener:
            depth += 1
        elif char == closer:
            depth -= 1
            if depth == 0:
                return index
        index += 1
    return None


def bracket_pairs(text: str) -> dict[int, int]:
    """``{open_at: closing_bracket(text, open_at)}`` for every bracket that closes, in one pass.

    Each kind of bracket is matched on its own, as ``closing_bracket`` does; use
    this when looking up many brackets in one text (a scan per bracket is
    quadratic when many of them never close). Escapes are read from the start
    of ``text``, so a bracket that is itself escaped has no entry.

    Example:
        >>> bracket_pairs("(a{b)}")
        {0: 4, 2: 5}
    """
    pairs: dict[int, int] = {}
    stacks: dict[str, list[int]] = {opener: [] for opener in _CLOSERS}
    for match in _BRACKET_TOKEN.finditer(text):
        char = match.group(0)
        if char in _CLOSERS:
            stacks[char].append(match.start())
        elif char in _OPENERS and stacks[_OPENERS[char]]:
            pairs[stacks[_OPENERS[char]].pop()] = match.start()
    return dict(sorted(pairs.items()))
