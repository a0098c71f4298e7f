"""Cue keywords compiled once per rubric, and each text scanned once for all of them.

The reader asks about the same texts and keywords again and again: every
sentence of a block for every candidate part, every paragraph for every
question. ``KeywordSet`` holds what finding the rubric's keywords needs (each
one's regex, the literal words any of its matches contains, its OCR-slip
forms), built once per rubric. ``TextMatches`` answers "where is this keyword
in this text" for one document: a text's literal words and its words one OCR
slip from a keyword are found in one pass over it, and each (keyword, text)
answer is kept. The answers are exactly those of scanning for every question.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from grader.segment.language import fold_accents
from grader.segment.words import FUZZY_MIN_LETTERS, one_slip_apart, split_pattern

_LETTERS = re.compile(r"[a-z]+")
_WORD_START = r"(?<![a-z0-9])"
#: Words remembered per rubric with the keywords they are one slip from; past this
#: many the memory starts again (a class repeats a few thousand words).
SLIP_MEMORY_WORDS_DEFAULT = 50_000


@lru_cache(maxsize=1024)
def alternatives(keyword: str) -> tuple[str, ...]:
    """A cue keyword's spellings: "train|entrainement|entrenamiento" names one thing in
    several languages (``Cues.keywords``), compared without accents."""
    return tuple(fold_accents(word.strip()).lower() for word in keyword.split("|") if word.strip())


def _alternative_body(alternative: str) -> str:
    body = r"[\s\-]*".join(re.escape(word) for word in alternative.split())
    if alternative[:1].isalnum():
        body = _WORD_START + body
    if len(alternative) <= 3 and alternative[-1:].isalnum():
        body += r"(?![a-rt-z0-9])"
    return body


def _keyword_pattern(spellings: tuple[str, ...]) -> re.Pattern[str]:
    """The regex finding any of the spellings in prepared text."""
    if len(spellings) == 1:
        return re.compile(_alternative_body(spellings[0]))
    # One scan for all spellings: a word start, then any spelling.
    bodies = [_alternative_body(spelling) for spelling in spellings]
    if all(body.startswith(_WORD_START) for body in bodies):
        bodies = [body[len(_WORD_START):] for body in bodies]
        return re.compile(_WORD_START + "(?:" + "|".join(bodies) + ")")
    return re.compile("|".join(f"(?:{body})" for body in bodies))


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one per keyword
class KeywordMatcher:
    """One cue keyword, compiled.

    ``needles`` are literal words one of which every exact match holds (each
    spelling's first word): a text holding none is not scanned. ``fuzzy`` is
    the main spelling when it is long enough for OCR slips to be forgiven
    ("bottlencek"; the other languages' spellings are matched exactly),
    ``split`` the pattern of its OCR splits ("bottle neck") unless the split
    form is itself a cue ("layer norm").
    """

    pattern: re.Pattern[str]
    needles: tuple[str, ...]
    fuzzy: str | None
    split: re.Pattern[str] | None

    def first_needle(self, prepared: str) -> int:
        """Where the first literal word of the keyword is in the text, -1 if none is:
        no exact match starts before (a substring search is much cheaper than a
        regex scan, and the scan can start there; lookbehinds still see before)."""
        if len(self.needles) == 1:
            return prepared.find(self.needles[0])
        found = [at for at in map(prepared.find, self.needles) if at >= 0]
        return min(found) if found else -1

    def may_hold(self, prepared: str) -> bool:
        """False when no exact match can be in the text."""
        if len(self.needles) == 1:
            return self.needles[0] in prepared
        return any(needle in prepared for needle in self.needles)

    @classmethod
    def build(cls, keyword: str, spaced: frozenset[str]) -> KeywordMatcher | None:
        """``spaced``: the rubric's cue spellings that hold a space or hyphen, joined.
        None for a symbol of one or two letters with a capital: too common to locate."""
        if len(keyword) <= 2 and any(char.isupper() for char in keyword):
            return None
        spellings = alternatives(keyword)
        key = spellings[0] if spellings else ""
        fuzzy = key if len(key) >= FUZZY_MIN_LETTERS and key.isalpha() else None
        split = split_pattern(fuzzy) if fuzzy is not None and fuzzy not in spaced else None
        needles = tuple(dict.fromkeys(spelling.split()[0] for spelling in spellings))
        return cls(_keyword_pattern(spellings), needles, fuzzy, split)


class KeywordSet:
    """The matchers of a rubric's cue keywords, and what its texts' words are one
    OCR slip from (remembered across documents: a class repeats its words)."""

    def __init__(self, keywords: tuple[str, ...], spaced: frozenset[str]) -> None:
        self.spaced = spaced
        self.matchers: dict[str, KeywordMatcher | None] = {
            keyword: KeywordMatcher.build(keyword, spaced) for keyword in keywords}
        located = [matcher for matcher in self.matchers.values() if matcher is not None]
        self.fuzzy = frozenset(m.fuzzy for m in located if m.fuzzy)
        self._fuzzy_in_order = tuple(sorted(self.fuzzy))
        lengths = [len(key) for key in self.fuzzy]
        self._shortest = min(lengths, default=0) - 1  # a word this short may be one slip off
        self._longest = max(lengths, default=0) + 1
        self._slipped: dict[str, tuple[str, ...]] = {}
        # Which keywords a text can hold at all, by what it must contain: one of
        # their literal words, a word one slip from their fuzzy key, or the first
        # three letters of a split of it (``TextMatches.all_offsets``).
        self.rubric_keywords = frozenset(keywords)
        self.by_needle: dict[str, set[str]] = defaultdict(set)
        self.by_fuzzy: dict[str, set[str]] = defaultdict(set)
        self.by_split_start: dict[str, set[str]] = defaultdict(set)
        for keyword, matcher in self.matchers.items():
            if matcher is None:
                continue
            for needle in matcher.needles:
                self.by_needle[needle].add(keyword)
            if matcher.fuzzy is not None:
                self.by_fuzzy[matcher.fuzzy].add(keyword)
                if matcher.split is not None:
                    self.by_split_start[matcher.fuzzy[:3]].add(keyword)

    def held_by(self, prepared: str, near: dict[str, list[int]]) -> set[str]:
        """The rubric keywords that may occur in the text (``near``: its words one
        slip from each fuzzy key); no other rubric keyword does."""
        held: set[str] = set()
        for needle, keywords in self.by_needle.items():
            if needle in prepared:
                held |= keywords
        for key in near:
            held |= self.by_fuzzy[key]
        for start, keywords in self.by_split_start.items():
            if start in prepared:
                held |= keywords
        return held

    def matcher(self, keyword: str) -> KeywordMatcher | None:
        """The keyword's matcher; None for a symbol of one or two letters with a
        capital ("K", "KL"): too common to locate."""
        if keyword not in self.matchers:  # not a cue of the rubric: compiled when asked
            self.matchers[keyword] = KeywordMatcher.build(keyword, self.spaced)
        return self.matchers[keyword]

    def slipped_from(self, word: str) -> tuple[str, ...]:
        """The fuzzy keys ``word`` is one OCR slip from (not the key itself, nor the
        key with letters after it: "layers" is "layer", said in the plural)."""
        if not self._shortest <= len(word) <= self._longest:
            return ()
        keys = self._slipped.get(word)
        if keys is None:
            if len(self._slipped) >= SLIP_MEMORY_WORDS_DEFAULT:
                self._slipped.clear()
            keys = self._slipped[word] = tuple(
                key for key in self._fuzzy_in_order
                if word != key and not word.startswith(key) and one_slip_apart(word, key))
        return keys


@lru_cache(maxsize=16)
def keyword_set(keywords: tuple[str, ...], spaced: frozenset[str]) -> KeywordSet:
    """The rubric's keyword set, built once per process and rubric."""
    return KeywordSet(keywords, spaced)


class _Scan:
    """One prepared text's answers: each keyword's offset, and (read in one pass
    over its words, when a fuzzy key is first asked for) the offsets of its words
    one slip from each fuzzy key."""

    __slots__ = ("complete", "near", "offsets", "slips")

    def __init__(self) -> None:
        self.complete = False  # every rubric keyword's offset is in ``offsets``
        self.near: dict[str, list[int]] | None = None
        self.offsets: dict[str, int | None] = {}  # by keyword
        self.slips: dict[str, list[int]] = {}  # by fuzzy key

    def near_words(self, prepared: str, keywords: KeywordSet) -> dict[str, list[int]]:
        if self.near is None:
            self.near = defaultdict(list)
            for match in _LETTERS.finditer(prepared):
                for key in keywords.slipped_from(match.group()):
                    self.near[key].append(match.start())
        return self.near


class TextMatches:
    """Where the rubric's keywords occur in prepared texts, kept for one document."""

    def __init__(self, keywords: KeywordSet) -> None:
        self.keywords = keywords
        self._scans: dict[str, _Scan] = {}

    def _scan(self, prepared: str) -> _Scan:
        scan = self._scans.get(prepared)
        if scan is None:
            scan = self._scans[prepared] = _Scan()
        return scan

    def offset(self, keyword: str, prepared: str) -> int | None:
        """Character offset of the keyword's first occurrence, exact or one OCR slip
        off (None for a symbol too short to locate, see ``KeywordSet.matcher``)."""
        scan = self._scan(prepared)
        if keyword not in scan.offsets:
            matcher = self.keywords.matcher(keyword)
            scan.offsets[keyword] = None if matcher is None else self._first(
                scan, matcher, prepared)
        return scan.offsets[keyword]

    def all_offsets(self, prepared: str) -> dict[str, int | None]:
        """Every rubric keyword's ``offset`` in the text (for scoring every part)."""
        scan = self._scan(prepared)
        if not scan.complete:
            offsets = scan.offsets
            keywords = self.keywords
            held = keywords.held_by(prepared, scan.near_words(prepared, keywords))
            for keyword, matcher in keywords.matchers.items():
                if keyword in offsets:
                    continue
                if matcher is None or (keyword in keywords.rubric_keywords
                                       and keyword not in held):
                    offsets[keyword] = None  # nothing it needs is in the text
                else:
                    offsets[keyword] = self._first(scan, matcher, prepared)
            scan.complete = True
        return scan.offsets

    def any_starts_before(self, keywords: tuple[str, ...], prepared: str, end: int) -> bool:
        """Whether one of the keywords' ``offset`` is below ``end``. Asked of a
        sentence at each of its words ("does it open with a keyword?"): the whole
        text is searched only when a literal word of the keyword, a word one slip
        from it or the start of a split of it is found before ``end``."""
        offsets = self._scan(prepared).offsets
        for keyword in keywords:
            matcher = self.keywords.matcher(keyword)
            if matcher is None or (keyword not in offsets and not self._may_start_before(
                    matcher, prepared, end)):
                continue
            offset = self.offset(keyword, prepared)
            if offset is not None and offset < end:
                return True
        return False

    def _may_start_before(self, matcher: KeywordMatcher, prepared: str, end: int) -> bool:
        if any(0 <= prepared.find(needle) < end for needle in matcher.needles):
            return True  # every exact match starts with one of them
        key = matcher.fuzzy
        if key is None:
            return False
        if key not in self.keywords.fuzzy:
            return True  # not a rubric cue: no word index, search
        for match in _LETTERS.finditer(prepared):
            if match.start() >= end:
                break
            if key in self.keywords.slipped_from(match.group()):
                return True
        return matcher.split is not None and 0 <= prepared.find(key[:3]) < end

    def _first(self, scan: _Scan, matcher: KeywordMatcher, prepared: str) -> int | None:
        start = None
        first = matcher.first_needle(prepared)
        if first >= 0:
            match = matcher.pattern.search(prepared, first)
            if match is not None:
                start = match.start()
        if matcher.fuzzy is not None:
            slips = self._slips(scan, matcher, prepared)
            if slips and (start is None or slips[0] < start):
                start = slips[0]
        return start

    def count(self, keyword: str, prepared: str) -> int:
        """Occurrences of the keyword, exact or one OCR slip off."""
        matcher = self.keywords.matcher(keyword)
        if matcher is None:
            return 0
        exact = len(matcher.pattern.findall(prepared)) if matcher.may_hold(prepared) else 0
        return exact + len(self._slips(self._scan(prepared), matcher, prepared))

    def _slips(self, scan: _Scan, matcher: KeywordMatcher, prepared: str) -> list[int]:
        """Sorted offsets of words one OCR slip from the keyword, or split in two by
        OCR ("bottle neck" for "bottleneck")."""
        key = matcher.fuzzy
        if key is None:
            return []
        found = scan.slips.get(key)
        if found is None:
            if key in self.keywords.fuzzy:
                found = scan.near_words(prepared, self.keywords).get(key, [])  # in order
            else:  # not a rubric cue: no word index
                found = [match.start() for match in _LETTERS.finditer(prepared)
                         if match.group() != key and not match.group().startswith(key)
                         and one_slip_apart(match.group(), key)]
            # Every split starts with the key's first three letters.
            if matcher.split is not None and key[:3] in prepared:
                found = sorted(found + [match.start()
                                        for match in matcher.split.finditer(prepared)])
            scan.slips[key] = found
        return found
