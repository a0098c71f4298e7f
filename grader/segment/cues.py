"""The rubric's cues, indexed: which parts a text names, and how early.

Every part declares the words that name it (``cues.keywords``, with spellings
in other languages as ``a|b``), the labels students give it and the shape of
its answer. ``_RubricCues`` indexes the parts by question and sub-part (their
``place``) and matches keywords in prepared text: accents folded, LaTeX
commands read as the words or characters they stand for, one OCR slip
forgiven on long words.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from functools import lru_cache

from grader.rubric.models import Part, Rubric
from grader.rubric.reading import AnswerForm
from grader.segment.garble import rubric_vocabulary
from grader.segment.labels import (
    Label,
    label_text,
)
from grader.segment.language import fold_accents
from grader.segment.matcher import KeywordSet, TextMatches, keyword_set
from grader.segment.matcher import alternatives as _alternatives
from grader.segment.tables import _BOUND, _has_number_grid, _has_vector_list

WORDS_REMEMBERED_DEFAULT = 50_000  # words whose keywords are kept per rubric (names_any)
EARLY_WORDS = 12               # a sentence "is about" keywords in its first words
RESTATEMENT_SHARE = 0.6        # a sentence this much made of the prompt's words restates it


# ---------------------------------------------------------------- cues

# Unicode subscript digits, as plain-text notes write indices ("x₁", "H₀").
_SUBSCRIPT_DIGITS = str.maketrans({chr(0x2080 + digit): f"_{digit}" for digit in range(10)})
# LaTeX relations as the characters cue keywords write them ("\gg" is "≫").
_RELATIONS = {"gg": "≫", "ll": "≪", "approx": "≈", "leq": "≤", "le": "≤", "geq": "≥",
              "ge": "≥", "neq": "≠", "ne": "≠", "sim": "∼"}
_RELATION_COMMAND = re.compile(r"\\(" + "|".join(sorted(_RELATIONS, key=len, reverse=True))
                               + r")(?![A-Za-z])")
_LAYOUT_COMMAND = re.compile(
    r"\\(?:times|cdot|left|right|quad|qquad|[dt]?frac|[bB]igg?[lr]?|boxed|begin|end|"
    r"rightarrow|leftarrow|longrightarrow|Rightarrow|mathbb|mathcal)(?![A-Za-z])")
# prepare_text's rewritings, compiled once (it runs on every text the reader scores).
_TEXT_COMMAND = re.compile(
    r"\\(?:text|mathrm|mathbf|textbf|operatorname|mathit|emph)\s*\{([^{}]*)\}")
_BRACED_INDEX = re.compile(r"_\{\s*([A-Za-z0-9]+)\s*\}")
_TRANSPOSE = re.compile(r"\^\s*(?:\{\s*)?\\(?:top|intercal)(?![A-Za-z])(?:\s*\})?|ᵀ")
_GLUED_CAPITALS = re.compile(r"([A-Z]{2,})(?=[A-Z][a-z])")
_COMMAND = re.compile(r"\\([A-Za-z]+)")
# What every rewriting but ``_GLUED_CAPITALS`` needs in ASCII text: text without
# them is only lower-cased (most prose is, and the reader prepares every sentence).
_REWRITTEN_MARKS = ("\\", "_", "^")
# "at <phase> time" names the phase, not the time measure ("at training time",
# "in inference time"); "training time: O(…)" names both. The phases are the
# rubric's: the other cue words of parts that have "time" as a cue.
_TIME_WORD = "time"


def _time_compound(parts: list[Part]) -> re.Pattern[str] | None:
    """The "at <phase> time" pattern over the rubric's phase words, if it has any."""
    phases = {spelling for part in parts
              if any(_TIME_WORD in _alternatives(kw) for kw in part.cues.keywords)
              for kw in part.cues.keywords if _TIME_WORD not in _alternatives(kw)
              for spelling in _alternatives(kw) if spelling.isalpha() and len(spelling) > 2}
    if not phases:
        return None
    words = "|".join(sorted((re.escape(word) for word in phases), key=len, reverse=True))
    return re.compile(r"((?:\b(?:at|during|in|on|and)\s+|&\s*)(?:" + words + r"|run)(?:ing)?)"
                      r"[\s\-]*time\b")


# A shape the rubric spells out as words: "words kl|kullback + e_|e[|expect" is
# met when each "+" group has one of its "|" spellings at the start of a word.
_WORDS_SHAPE = "words "


def _has_words_shape(text: str, groups: str) -> bool:
    """Does the text hold a spelling of every group ("a|b + c|d")?

    Example:
        >>> _has_words_shape("L = E_q[log p] - KL(q || p)", "kl|kullback + e_|e[")
        True
        >>> _has_words_shape("the KL term", "kl|kullback + e_|e[")
        False
    """
    lowered = text.lower()
    return all(any(re.search(r"(?<![a-z])" + re.escape(spelling.strip()), lowered)
                   for spelling in group.split("|") if spelling.strip())
               for group in groups.split("+"))


@lru_cache(maxsize=16)
def _words_named(keywords: KeywordSet, time_compound: re.Pattern[str] | None,
                 ) -> dict[str, frozenset[str]]:
    """The rubric keywords each word names, remembered for the rubric (``names_any``)."""
    return {}


class _RubricIndex:
    """What the reader knows of a rubric before reading: built once per rubric."""

    def __init__(self, rubric: Rubric) -> None:
        self.parts = list(rubric.parts)
        self.vocabulary = rubric_vocabulary(rubric)  # words OCR junk is told from
        self._time_compound = _time_compound(self.parts)
        self._keys = {part.id: part.place for part in self.parts}
        self._by_id = {part.id: part for part in self.parts}
        subs = [sub for _, sub in self._keys.values() if sub is not None]
        self._digit_subs = bool(subs) and all(sub.isdigit() for sub in subs)
        self.questions = {key[0] for key in self._keys.values()}
        numbers = [int(q) for q in self.questions if q.isdigit()]
        self.max_question = max(numbers, default=0)
        self.first_question = (str(min(numbers)) if numbers
                               else self._keys[self.parts[0].id][0])
        self.labels = frozenset(label_text(label) for part in self.parts
                                for label in part.cues.labels)
        self._spaced = frozenset(re.sub(r"[\s\-]+", "", alternative)
                                 for part in self.parts for kw in part.cues.keywords
                                 for alternative in _alternatives(kw)
                                 if re.search(r"[\s\-]", alternative))
        questions_with: dict[str, set[str]] = defaultdict(set)
        for part in self.parts:
            for keyword in part.cues.keywords:
                questions_with[keyword].add(self._keys[part.id][0])
        # A keyword found in many questions says little about any one of them.
        self.weight = {kw: 1.0 / len(qs) for kw, qs in questions_with.items()}
        self._by_id = {part.id: part for part in self.parts}
        self._keywords = keyword_set(
            tuple(dict.fromkeys(kw for part in self.parts for kw in part.cues.keywords)),
            self._spaced)
        # what a word names depends on the keywords and on how texts are prepared
        self._words_named = _words_named(self._keywords, self._time_compound)
        self._shapes_of = {part.id: (part.cues.shape or "").lower() for part in self.parts}
        self._weights_of = {part.id: tuple((kw, self.weight[kw]) for kw in part.cues.keywords)
                            for part in self.parts}
        self._total_weight = {part.id: sum(self.weight[kw] for kw in part.cues.keywords)
                              for part in self.parts}


# Rubrics indexed, by identity (a rubric is frozen); each entry holds its rubric, so
# an id is not reused while it is here.
_INDEXES: dict[int, tuple[Rubric, _RubricIndex]] = {}
INDEXES_KEPT_DEFAULT = 8


def _rubric_index(rubric: Rubric) -> _RubricIndex:
    held = _INDEXES.get(id(rubric))
    if held is None or held[0] is not rubric:
        if len(_INDEXES) >= INDEXES_KEPT_DEFAULT:
            _INDEXES.clear()
        held = _INDEXES[id(rubric)] = (rubric, _RubricIndex(rubric))
    return held[1]


class _RubricCues:
    """The rubric's parts indexed by question and sub-part, with keyword matchers."""

    def __init__(self, rubric: Rubric) -> None:
        # The rubric's index (shared, never changed) and this document's answers.
        self.__dict__.update(vars(_rubric_index(rubric)))
        # The reader asks about the same texts and keywords again and again (each
        # sentence for every candidate part, each paragraph for every question):
        # every answer is kept for this document, so each text is prepared, and
        # each keyword looked for in it, once.
        self._prepared: dict[str, str] = {}
        self._matches = TextMatches(self._keywords)
        self._positions: dict[tuple[str, str], int | None] = {}
        self._scores: dict[tuple[str, str], float] = {}
        self._shapes: dict[tuple[str, str], bool] = {}

    def sub_by_position(self, label: Label) -> Label:
        """A lettered sub-label as the rubric numbers its sub-parts: where they are
        numbered ("1.2"), "(b)" and "(ii)" name the second, "2"."""
        if label.sub is None or not label.sub.isalpha() or not self._digit_subs:
            return label
        return replace(label, sub=str(ord(label.sub) - ord("a") + 1))

    def key(self, part: Part) -> tuple[str, str | None]:
        return self._keys[part.id]

    def parts_of(self, question: str) -> list[Part]:
        return [part for part in self.parts if self._keys[part.id][0] == question]

    def group(self, question: str, sub: str | None) -> list[Part]:
        return [part for part in self.parts if self._keys[part.id] == (question, sub)]

    def has_group(self, question: str, sub: str) -> bool:
        return bool(self.group(question, sub))

    # --- keyword matching

    def prepare(self, text: str) -> str:
        """Text as keywords are matched in: ``prepare_text``, and "at <phase> time"
        naming only the phase."""
        prepared = self._prepared.get(text)
        if prepared is None:
            prepared = self.prepare_text(text)
            if self._time_compound is not None:
                prepared = self._time_compound.sub(lambda m: m.group(1) + " ~", prepared)
            self._prepared[text] = prepared
        return prepared

    @staticmethod
    def prepare_text(text: str) -> str:
        """Lower case, accents folded, LaTeX commands as the words they stand for."""
        if text.isascii() and not any(mark in text for mark in _REWRITTEN_MARKS):
            return _GLUED_CAPITALS.sub(r"\1 ", text).lower()  # the other rewritings need those
        text = fold_accents(text.translate(_SUBSCRIPT_DIGITS))  # "x₁" is "x_1", "é" is "e"
        # Each rewriting runs only on text holding the mark it needs (none adds one).
        if "\\" in text:
            text = _TEXT_COMMAND.sub(r" \1 ", text)
        if "_" in text:
            text = _BRACED_INDEX.sub(r"_\1", text)
        if "^" in text or "ᵀ" in text:
            text = _TRANSPOSE.sub("^T", text)
        text = _GLUED_CAPITALS.sub(r"\1 ", text)  # "RNNTime"
        if "\\" in text:
            text = _RELATION_COMMAND.sub(lambda m: f" {_RELATIONS[m.group(1)]} ", text)
            text = _LAYOUT_COMMAND.sub(" ", text)  # \times is not "time"
            text = _COMMAND.sub(r" \1 ", text)  # \min, \log, \alpha stay words
        return text.lower()

    def find(self, keyword: str, prepared: str) -> int | None:
        """Word position of the keyword's first occurrence in prepared text.

        A long one-word keyword also matches a word one OCR slip away from it
        ("bottlencek" for "bottleneck"); see :func:`words.one_slip_apart`.
        """
        memo = (keyword, prepared)
        if memo not in self._positions:
            self._positions[memo] = self._position(keyword, prepared)
        return self._positions[memo]

    def _position(self, keyword: str, prepared: str) -> int | None:
        start = self.offset(keyword, prepared)
        if start is None:
            return None
        # Words before it; maths delimiters and brackets ("$$", "{" of a
        # \boxed{…}) are no words: "$$\boxed{M = …}$$" opens with "M =".
        tokens = [token for token in prepared[:start].split()
                  if any(char.isalnum() for char in token)]
        # A match inside a word ("$$m = 1" for "M =") is at that word.
        glued = bool(tokens) and not prepared[start - 1].isspace() and prepared[
            :start].split()[-1] == tokens[-1]
        return len(tokens) - 1 if glued else len(tokens)

    def offset(self, keyword: str, prepared: str) -> int | None:
        """Character offset of the keyword's first occurrence in prepared text
        (never for single-letter symbols such as "K": too common to locate)."""
        return self._matches.offset(keyword, prepared)

    def any_starts_before(self, keywords: tuple[str, ...], prepared: str, end: int) -> bool:
        """Whether one of the keywords' first occurrence in prepared text starts
        before ``end``."""
        return self._matches.any_starts_before(keywords, prepared, end)

    def names_any(self, text: str, keywords: tuple[str, ...]) -> bool:
        """Whether the text names one of the rubric keywords ``keywords``. Asked of
        the first word at every word of every sentence: the keywords a word names
        are remembered for the rubric, across documents (a class repeats its words)."""
        named = self._words_named.get(text)
        if named is None:
            offsets = self._matches.all_offsets(self.prepare(text))
            named = frozenset(kw for kw, offset in offsets.items() if offset is not None)
            if len(self._words_named) >= WORDS_REMEMBERED_DEFAULT:
                self._words_named.clear()
            self._words_named[text] = named
        return not named.isdisjoint(keywords)

    def count(self, keyword: str, prepared: str) -> int:
        return min(3, self._matches.count(keyword, prepared))

    def shape_hit(self, text: str, part_id: str) -> bool:
        shape = self._shapes_of[part_id]
        if not shape:
            return False
        memo = (text, shape)  # parts of one shape ask about the same text
        if memo not in self._shapes:
            self._shapes[memo] = self._shape_hit(text, shape)
        return self._shapes[memo]

    @staticmethod
    def _shape_hit(text: str, shape: str) -> bool:
        if shape.startswith("table"):
            size = re.search(r"(\d+)\s*x\s*(\d+)", shape)
            rows, cols = (int(size.group(1)), int(size.group(2))) if size else (2, 3)
            return _has_number_grid(text, rows, cols)
        if shape == "list":
            return _has_vector_list(text)
        if shape == "bound":
            return bool(_BOUND.search(text))
        if shape.startswith(_WORDS_SHAPE):
            return _has_words_shape(text, shape[len(_WORDS_SHAPE):])
        return False

    def part(self, part_id: str) -> Part:
        return self._by_id[part_id]

    def form(self, part_id: str) -> AnswerForm:
        return self._by_id[part_id].answer_form

    def restates_prompt(self, sentence: str, part_id: str) -> bool:
        """Is the sentence mostly the question's own words ("we want min_p max_q f")?"""
        prompt = self._by_id[part_id].prompt
        if not prompt or _STATES_NUMBER.search(sentence):
            return False  # "min_p max_q pq = 0" restates the question and answers it
        asked = set(re.findall(r"[a-z0-9]+", self.prepare(prompt)))
        said = re.findall(r"[a-z0-9]+", self.prepare(sentence))
        overlap = [word for word in said if word in asked]
        return len(set(overlap)) >= 2 and len(overlap) >= RESTATEMENT_SHARE * len(said)

    def keyword_score(self, part: Part, prepared: str) -> float:
        """The weighted share of the part's cue keywords the prepared text names."""
        memo = (part.id, prepared)
        if memo not in self._scores:
            self._scores[memo] = self._keyword_score(part, prepared)
        return self._scores[memo]

    def keyword_scores(self, prepared: str) -> dict[str, float]:
        """``keyword_score`` of every part, by part id (every keyword read at once)."""
        offsets = self._matches.all_offsets(prepared)
        return {part.id: self._named_share(part, offsets) for part in self.parts}

    def _keyword_score(self, part: Part, prepared: str) -> float:
        return self._named_share(part, {kw: self._matches.offset(kw, prepared)
                                        for kw in part.cues.keywords})

    def _named_share(self, part: Part, offsets: dict[str, int | None]) -> float:
        """``keyword_score`` from the offsets of the part's keywords."""
        total = self._total_weight[part.id]
        hit = sum(weight for kw, weight in self._weights_of[part.id] if offsets[kw] is not None)
        return hit / total if total else 0.0

    def part_score(self, text: str, part: Part, prepared: str | None = None) -> float:
        prepared = self.prepare(text) if prepared is None else prepared
        score = self.keyword_score(part, prepared)
        if self.shape_hit(text, part.id):
            score = max(score, 1.0)
        return score

    def question_scores(self, text: str) -> dict[str, float]:
        prepared = self.prepare(text)
        offsets = self._matches.all_offsets(prepared)  # every part is scored
        shapes: dict[str, bool] = {}  # parts of one shape: one test
        scores: dict[str, float] = {}
        for part in self.parts:
            score = self._named_share(part, offsets)
            shape = self._shapes_of[part.id]
            if shape:
                if shape not in shapes:
                    shapes[shape] = self.shape_hit(text, part.id)
                if shapes[shape]:
                    score = max(score, 1.0)
            question = self._keys[part.id][0]
            scores[question] = max(scores.get(question, 0.0), score)
        return scores

    def early_scores(self, sentence: str, ids: list[str]) -> dict[str, tuple[float, int]]:
        prepared = self.prepare(sentence)
        limit = EARLY_WORDS
        out = {}
        for part in self.parts:
            if part.id not in ids:
                continue
            positions = {kw: self.find(kw, prepared) for kw in part.cues.keywords}
            early = [kw for kw, pos in positions.items() if pos is not None and pos < limit]
            score = sum(self.weight[kw] for kw in early)
            if self.shape_hit(sentence, part.id):
                score += 1.0
            first = min((positions[kw] for kw in early), default=10**9)
            out[part.id] = (score, first)
        return out

    def whole_scores(self, sentence: str, ids: list[str]) -> dict[str, tuple[float, int]]:
        prepared = self.prepare(sentence)
        out = {}
        for part in self.parts:
            if part.id not in ids:
                continue
            score = sum(self.weight[kw] * self.count(kw, prepared) for kw in part.cues.keywords)
            positions = [self.find(kw, prepared) for kw in part.cues.keywords]
            first = min((p for p in positions if p is not None), default=10**9)
            out[part.id] = (score, first)
        return out


# "... = 0", "... is -1": a sentence that ends its restatement in a value.
_STATES_NUMBER = re.compile(r"(?:=|\bis\b)\s*\$?\s*[-+−]?\d")
