"""What a piece of text is: prose or maths, and whether it states a value.

The smallest tests every stage shares: maths spans, prose words, "does this
state a value" (maths, or a word answering by reference: "same as training").
"""

from __future__ import annotations

import re

# Words that answer by reference ("test same"): after them a new mention starts a clause.
_VALUE_WORDS = frozenset({"same", "ditto", "likewise", "identical"})


_CHAIN_SIGNS = ("=", "≈", "\\approx")


def _is_chain(text: str) -> bool:
    """"A = B = v": one value given to several names (at least two "=" and a value)."""
    return text.count("=") >= 2 and _has_maths(text)


def _has_value(text: str) -> bool:
    """Maths, or a word answering by reference ("same")."""
    return _has_maths(text) or bool(_VALUE_WORDS & set(re.findall(r"[a-z]+", text.lower())))


# ---------------------------------------------------------------- text tests

_MATH_SPAN = re.compile(r"\$\$.*?\$\$|\$[^$]*\$|\\\[.*?\\\]", re.DOTALL)
_COMMAND = re.compile(r"\\[A-Za-z]+")
_WORD = re.compile(r"[A-Za-z][A-Za-z']+")


def _prose_words(text: str) -> list[str]:
    text = re.sub(r"\\text\{([^{}]*)\}", r" \1 ", text)
    text = _MATH_SPAN.sub(" ", text)
    text = _COMMAND.sub(" ", text)
    return [word for word in re.split(r"[^A-Za-z0-9']+", text) if word]


def _is_prose(text: str) -> bool:
    return sum(1 for word in _prose_words(text) if _WORD.fullmatch(word)) >= 3


def _has_maths(text: str) -> bool:
    return bool(re.search(r"\$|\\[A-Za-z]|[=∝<>]|\bO\s*\(|\d", text))
