"""Balanced brackets in LaTeX-ish text, shared by the readers of submissions and maths."""

from __future__ import annotations

_CLOSERS = {"{": "}", "(": ")", "[": "]"}


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
