"""Word-level helpers of the free-form reader: OCR slips and tokens.

Kept apart from ``freeform.py`` (already long); each is linear in its input,
so the reader's per-keyword and per-label work stays linear in the text.
"""

from __future__ import annotations

import re
from functools import lru_cache

FUZZY_MIN_LETTERS = 6          # keywords this long also match one OCR slip ("bottlencek")


def one_slip_apart(word: str, key: str) -> bool:
    """At most one substitution, insertion, deletion or swap of neighbours apart (OCR slips).

    Both words need ``FUZZY_MIN_LETTERS`` letters: short words are one slip
    away from too many others ("train" / "trail").

    Example:
        >>> one_slip_apart("bottlencek", "bottleneck"), one_slip_apart("layers", "player")
        (True, False)
    """
    if min(len(word), len(key)) < FUZZY_MIN_LETTERS or abs(len(word) - len(key)) > 1:
        return False
    if len(word) == len(key):
        diff = [i for i, (a, b) in enumerate(zip(word, key, strict=True)) if a != b]
        if len(diff) <= 1:
            return True
        return (len(diff) == 2 and diff[1] == diff[0] + 1
                and word[diff[0]] == key[diff[1]] and word[diff[1]] == key[diff[0]])
    short, long = (word, key) if len(word) < len(key) else (key, word)
    return any(long[:index] + long[index + 1:] == short for index in range(len(long)))


@lru_cache(maxsize=512)
def split_pattern(key: str) -> re.Pattern[str] | None:
    """A zero-width regex at each start of two words of 3+ letters, split by
    whitespace, that join into the long lower-case keyword ``key`` ("bottle
    neck"), or None when ``key`` is not plain ASCII letters.
    """
    splits = [rf"{key[:k]}\s+{key[k:]}" for k in range(3, len(key) - 2)]
    if not splits or not (key.isascii() and key.isalpha()):
        return None
    return re.compile(rf"(?<![a-z])(?=(?:{'|'.join(splits)})(?![a-z]))")


def token_before(line: str, end: int) -> str:
    """The last whitespace-separated token of ``line[:end]`` (``""`` if none)."""
    stop = end
    while stop > 0 and line[stop - 1].isspace():
        stop -= 1
    start = stop
    while start > 0 and not line[start - 1].isspace():
        start -= 1
    return line[start:stop]
