"""Explanations: credit for the concepts an answer names.

Each concept has a few case-insensitive regexes. They are tried on the
answer after :func:`grader.checks.text.normalise_text` (LaTeX commands
stripped, ``\\mathbb{E}`` → ``E``, ``ᵀ`` → ``^T``, ``≫`` → ``>>``, whitespace
collapsed) and, so that patterns written against raw LaTeX (``\\\\gg``) still
work, on the raw text. The suggested score is the sum of the matched
concepts' points, capped at the part's points.

Verdicts: a misconception whose ``keywords`` all occur decides the part
(its points and feedback), unless the answer also names every concept, which
is a contradiction for a TA. With ``auto_decide``, an answer naming every
concept is ``correct`` unless the evidence is ambiguous: a concept's
``conflicts`` patterns (the opposite claim, such as the reversed direction of
a comparison) also occur, in which case a TA decides. Everything else is ``needs_review`` with the
suggested score: a pattern match is evidence, not proof, so the grader never
marks free text ``incorrect`` on its own. ``always_review`` sends even
complete answers to a TA. Student feedback quotes the words of the answer
that matched a concept, never a concept's name (written by the instructor as
the model answer: "the attention term t²n dominates tn²" for an answer that
only said "dominates") nor the missing ones; the TA notes list both.
"""

from __future__ import annotations

import itertools
import re

from pydantic import BaseModel, ConfigDict, Field, field_validator

from grader.answer import Answer
from grader.checks.base import Checker, PartKey
from grader.checks.text import contains_keyword, normalise_text, strip_crossed_out
from grader.outcome import CheckOutcome, Status, status_for_score


class Concept(BaseModel):
    """One idea that earns credit, recognised by any of its patterns."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, description="Shown to students when found.")
    points: float = Field(ge=0, description="Credit in points when the concept is found.")
    patterns: list[str] = Field(min_length=1, description=(
        "Case-insensitive regexes, any one of which recognises the concept."))
    conflicts: list[str] = Field(
        default_factory=list,
        description="Patterns of the opposite claim: when one occurs the answer is never "
                    "auto-decided (and the concept is not credited).")

    @field_validator("patterns", "conflicts")
    @classmethod
    def _compiles(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"pattern {pattern!r} is not a regex: {exc}") from None
        return patterns


class FreeTextParams(BaseModel):
    """Settings of a ``free_text`` part."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    concepts: list[Concept] = Field(default_factory=list, description=(
        "The ideas that earn credit; the suggested score is the sum of those found."))
    auto_decide: bool = Field(False, description=(
        "An answer naming every concept (and no opposite claim) is graded correct; "
        "otherwise every answer goes to a TA with a suggested score."))
    always_review: bool = Field(False, description=(
        "Send even complete answers to a TA."))


def matched_concepts(text: str, concepts: list[Concept],
                     subject: frozenset[str] = frozenset()) -> list[Concept]:
    """The concepts with a pattern found in ``text`` (normalised or raw), not
    counting a match made only of ``subject`` words (see ``subject_words``).

    Example:
        >>> c = Concept(name="much larger", points=1, patterns=[">>"])
        >>> [x.name for x in matched_concepts(r"$k_j^\\top q \\gg k_i^\\top q$", [c])]
        ['much larger']
    """
    views = _views(text)
    return [concept for concept in concepts
            if any(not _echoes(match, subject)
                   for pattern in concept.patterns for view in views
                   for match in _matches(pattern, view))]


#: matches of one pattern looked at (a pattern found a hundred times needs one)
MATCHES_LOOKED_AT_DEFAULT = 20


def _matches(pattern: str, view: str) -> list[re.Match[str]]:
    return list(itertools.islice(re.finditer(pattern, view, re.IGNORECASE),
                                 MATCHES_LOOKED_AT_DEFAULT))


_WORD = re.compile(r"[^\W_]+")


def _stem(word: str) -> str:
    """A word without its plural ending: 'connections' and 'connection' are one."""
    word = word.lower()
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


def subject_words(prompt: str) -> frozenset[str]:
    """The words of the question (as ``_stem`` forms): an answer restating them
    does not answer it."""
    return frozenset(_stem(w) for w in _WORD.findall(prompt))


def _echoes(match: re.Match[str], subject: frozenset[str]) -> bool:
    """Whether a concept's match only restates the question: every word of it,
    widened to whole words, is a word of the question ("very deep nets" for "why
    do they make very deep networks trainable?"); a number never is."""
    if not subject:
        return False
    view, start, end = match.string, match.start(), match.end()
    while start > 0 and view[start - 1].isalnum():
        start -= 1
    while end < len(view) and view[end].isalnum():
        end += 1
    words = _WORD.findall(view[start:end])
    return bool(words) and all(not w.isdigit() and _stem(w) in subject for w in words)


def _views(text: str) -> tuple[str, str]:
    return normalise_text(text), re.sub(r"\s+", " ", strip_crossed_out(text))


_FRAGMENT_CHARS = 60


def matched_words(text: str, concepts: list[Concept]) -> list[str]:
    """For each concept, the student's own words that matched it, widened to
    whole words: what feedback may quote back.

    Example:
        >>> c = Concept(name="the attention term t²n dominates tn²", points=1,
        ...             patterns=["dominat"])
        >>> matched_words("The attention cost dominates when n < t.", [c])
        ['dominates']
    """
    out: list[str] = []
    for concept in concepts:
        for pattern in concept.patterns:
            match = next((m for view in _views(text)
                          if (m := re.search(pattern, view, re.IGNORECASE))), None)
            if match is None:
                continue
            view = match.string
            start, end = match.start(), match.end()
            while start > 0 and view[start - 1].isalnum():
                start -= 1
            while end < len(view) and view[end].isalnum():
                end += 1
            words = view[start:end].strip()
            if len(words) > _FRAGMENT_CHARS:
                words = words[:_FRAGMENT_CHARS - 1] + "…"
            if words and words not in out:
                out.append(words)
            break
    return out


def conflicting_concepts(text: str, concepts: list[Concept]) -> list[Concept]:
    """The concepts whose ``conflicts`` patterns (the opposite claim) occur in ``text``."""
    views = _views(text)
    return [concept for concept in concepts
            if any(re.search(pattern, view, re.IGNORECASE)
                   for pattern in concept.conflicts for view in views)]


def _names(concepts: list[Concept]) -> str:
    return "; ".join(c.name for c in concepts) or "none"


class FreeTextChecker(Checker):
    """Concept matching with a suggested score; see the module docstring."""

    kind = "free_text"
    Params = FreeTextParams

    def check(self, answer: Answer, key: PartKey) -> CheckOutcome:
        params = key.params_as(FreeTextParams)
        points = key.points
        conflicting = conflicting_concepts(answer.text, params.concepts)
        subject = subject_words(key.part.prompt)
        found = [c for c in matched_concepts(answer.text, params.concepts, subject)
                 if c not in conflicting]
        missing = [c for c in params.concepts if c not in found]
        suggested = round(min(points, sum(c.points for c in found)), 4)
        complete = bool(params.concepts) and not missing
        summary = (f"free text: suggested {suggested:g}/{points:g}; matched: {_names(found)}; "
                   f"missing: {_names(missing)}"
                   + (f"; the opposite claim occurs for: {_names(conflicting)}"
                      if conflicting else ""))
        quoted = "; ".join(f"“{w}”" for w in matched_words(answer.text, found))
        found_feedback = (f"Parts of your answer the grader recognised: {quoted}."
                          if quoted else "")

        for misconception, _value in key.misconceptions:
            if not misconception.keywords or not all(
                    contains_keyword(answer.text, k) for k in misconception.keywords):
                continue
            if complete or params.always_review or conflicting:
                return CheckOutcome.review(
                    "A TA will read this answer.", suggested=suggested,
                    notes=(summary, f"keywords of misconception {misconception.id} also occur"))
            credit = min(misconception.points, points)
            return CheckOutcome(
                status_for_score(credit, points), credit,
                tuple(f for f in (misconception.feedback, found_feedback) if f),
                (summary, f"matches misconception {misconception.id}: "
                          f"{', '.join(misconception.keywords)}"),
                matched=misconception.id)

        if complete and params.auto_decide and not params.always_review:
            return CheckOutcome(Status.CORRECT, points, (), (summary,))
        reason = "A TA will read this answer." + (f" {found_feedback}" if found_feedback else "")
        return CheckOutcome.review(reason, suggested=suggested, notes=(summary,))
