"""grader.segment.matcher: keywords compiled once, each text scanned once.

The matcher's answers must be those of scanning each text for each keyword
on its own (what the reader did before it remembered anything): offsets of
exact matches, of words one OCR slip off and of split words, counts, and
"does a keyword start before this offset".
"""

from __future__ import annotations

import pytest

from grader.segment.matcher import KeywordSet, TextMatches, keyword_set

KEYWORDS = ("bottleneck", "layer norm", "train|entrainement", "time", "KL", "n < t", "≫")
SPACED = frozenset({"layernorm"})

# (keyword, prepared text, first offset or None, count)
OFFSETS = [
    ("bottleneck", "a bottleneck here", 2, 1),
    ("bottleneck", "a bottlencek here", 2, 1),              # swapped letters (OCR)
    ("bottleneck", "a bottle neck here", 2, 1),             # split in two (OCR)
    ("bottleneck", "bottlenecks", 0, 1),                    # a plural: exact, and no slip
    ("bottleneck", "no such word", None, 0),
    ("layer norm", "the layer norm and layer-norm", 4, 2),
    ("layer norm", "layernorm", 0, 1),
    ("train|entrainement", "pendant l'entrainement", 10, 1),
    ("train|entrainement", "training time", 0, 1),
    ("train|entrainement", "strain", None, 0),              # not at a word start
    ("time", "time and times", 0, 2),                       # short: "s" may follow
    ("time", "timeline", 0, 1),                             # no end boundary past 3 letters
    ("KL", "kl divergence", None, 0),                       # capital symbol: never located
    ("n < t", "when n < t holds", 5, 1),
    ("≫", "t ≫ n", 2, 1),
]


@pytest.fixture
def matches() -> TextMatches:
    return TextMatches(KeywordSet(KEYWORDS, SPACED))


@pytest.mark.parametrize(("keyword", "text", "offset", "count"), OFFSETS)
def test_offset_and_count(matches: TextMatches, keyword: str, text: str, offset: int | None,
                          count: int) -> None:
    assert matches.offset(keyword, text) == offset
    assert matches.offset(keyword, text) == offset  # remembered: the same answer
    assert matches.count(keyword, text) == count


@pytest.mark.parametrize("text", sorted({text for _, text, _, _ in OFFSETS}))
def test_all_offsets_are_each_keywords_offset(text: str) -> None:
    together = TextMatches(KeywordSet(KEYWORDS, SPACED)).all_offsets(text)
    alone = {keyword: TextMatches(KeywordSet(KEYWORDS, SPACED)).offset(keyword, text)
             for keyword in KEYWORDS}
    assert together == alone


@pytest.mark.parametrize(("text", "end", "expected"), [
    ("bottleneck is here", 10, True),
    ("here is a bottleneck", 4, False),        # found, but after the first word
    ("bottlencek is here", 10, True),          # a slip in the first word
    ("bottle neck is here", 6, True),          # a split starting in the first word
    ("the time", 3, False),
    ("layer norm", 5, True),                   # a two-word keyword opening the text
])
def test_any_starts_before(matches: TextMatches, text: str, end: int, expected: bool) -> None:
    assert matches.any_starts_before(("bottleneck", "time", "layer norm"), text, end) is expected
    offsets = [matches.offset(kw, text) for kw in ("bottleneck", "time", "layer norm")]
    assert expected is any(offset is not None and offset < end for offset in offsets)


def test_a_keyword_outside_the_rubric_is_still_found(matches: TextMatches) -> None:
    assert matches.offset("gradient", "the gradeint flows") == 4  # slip, no word index
    assert matches.count("gradient", "gradient and gradeint") == 2


def test_keyword_set_is_built_once_per_rubric() -> None:
    assert keyword_set(KEYWORDS, SPACED) is keyword_set(KEYWORDS, SPACED)
