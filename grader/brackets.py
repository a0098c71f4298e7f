"""Balanced braces in LaTeX-ish text, shared by the readers of submissions and maths."""

from __future__ import annotations


def closing_brace(text: str, open_at: int, end: int | None = None) -> int | None:
    """Index of the ``}`` that closes the ``{`` at ``open_at``, or ``None``.

    Escaped characters (``\\{``, ``\\}``) do not count; the search stops at ``end``.

    Example:
        >>> closing_brace(r"\\frac{a\\}}{b}", 5)
        9
    """
    stop = len(text) if end is None else end
    if open_at >= stop or text[open_at] != "{":
        return None
    depth = 0
    index = open_at
    while index < stop:
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return index
        index += 1
    return None
