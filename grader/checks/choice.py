"""Yes/no questions answered in a sentence or two ("No, the FFN acts on each token").

The answer is cut into sentences; those naming the question's subject (any
``subject`` keyword, one OCR misspelling allowed: "bottlencek") are the ones
that count, so one paragraph answering two questions is read once per
question. Each relevant sentence gets a polarity:

* an explicit ``yes`` / ``no`` at its start (after a label such as ``c)``);
* otherwise negation cues ("does not", "don't", "cannot", "not a bottleneck",
  "independently") say *no*, affirmation cues ("does look", "is a
  bottleneck", "acts as a bottleneck") say *yes*; both in one sentence is a
  conflict; neither is no vote.

One polarity → ``correct`` (full points) if it is ``expected``, else
``incorrect``. Both polarities → a misconception whose ``keywords`` all occur
decides ("not in the encoder, yes in the decoder"); otherwise ``needs_review``
quoting the conflicting sentences. No vote → ``needs_review``. When no
sentence names the subject, an answer whose first sentence is just "Yes." or
"No." is read by that word.
``reason_keywords`` never change the score; the TA notes list which occur.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from grader.answer import Answer
from grader.checks.base import Checker, PartKey
from grader.checks.text import contains_keyword, fold_unicode, fuzzy_contains, sentences
from grader.errors import CheckerError
from grader.outcome import CheckOutcome, Status, status_for_score

Polarity = Literal["yes", "no"]

_LABEL = re.compile(r"^\W*(?:\d{0,2}\s*[a-h]\)|\(\s*\d{0,2}\s*[a-h]\s*\)|\d{1,2}\s*[a-h]?[.)]"
                    r"|q\d+\w*[.)]?)\s*", re.IGNORECASE)
_LEADING = re.compile(r"^\W*(yes|yeah|yep|no|nope)\b(?!\.\s*\d)", re.IGNORECASE)
_NEGATION = re.compile(
    r"\b(?:not|never|neither|nor|cannot|no longer|independent(?:ly)?|separately"
    r"|individually)\b|n't\b|\bno\b(?!\.)", re.IGNORECASE)
# "does look", "do mix": an emphatic auxiliary not followed by a negation.
_EMPHATIC = re.compile(r"\b(?:does|do|did)\s+(?!not\b|n't)[a-z]{3,}", re.IGNORECASE)
# "is a bottleneck", "acts as a bottleneck": the subject named as what it is.
# The article is required after "is": "is parallelised" describes, "is a bottleneck" names.
_COPULA = re.compile(
    r"\b(?:(?:is|are|becomes?|remains?|creates?|causes?)\s+(?:a|an|the)"
    r"|(?:acts?|serves?|works?)\s+as(?:\s+(?:a|an|the))?)\s+([a-z][a-z\-]+)", re.IGNORECASE)


class ChoiceParams(BaseModel):
    """Settings of a ``choice`` part.

    ``subject`` keywords pick the sentences about this question; empty means
    every sentence. ``yes_patterns`` / ``no_patterns`` are extra regexes
    (case-insensitive) that mark a sentence yes or no for this question.
    ``wrong_feedback`` replaces the generic feedback on a wrong choice.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    expected: Literal["yes", "no"]
    subject: list[str] = Field(default_factory=list)
    reason_keywords: list[str] = Field(default_factory=list)
    yes_patterns: list[str] = Field(default_factory=list)
    no_patterns: list[str] = Field(default_factory=list)
    wrong_feedback: str = ""


def _without_label(sentence: str) -> str:
    return _LABEL.sub("", sentence, count=1)


_BARE_LEADING = re.compile(r"^\W*(yes|no)\W*$", re.IGNORECASE)


def _bare_leading(sentence: str) -> Polarity | None:
    match = _BARE_LEADING.match(_without_label(sentence))
    return None if match is None else ("yes" if match.group(1).lower() == "yes" else "no")


def _leading(sentence: str) -> Polarity | None:
    match = _LEADING.match(_without_label(sentence))
    if not match:
        return None
    return "yes" if match.group(1).lower().startswith("y") else "no"


def sentence_polarity(sentence: str, params: ChoiceParams) -> set[Polarity]:
    """The polarities one sentence expresses: {}, {"yes"}, {"no"} or both (a conflict).

    Example:
        >>> sorted(sentence_polarity("layer norm does not look across tokens",
        ...                          ChoiceParams(expected="no")))
        ['no']
    """
    text = fold_unicode(sentence)
    lead = _leading(text)
    if lead is not None:
        return {lead}
    found: set[Polarity] = set()
    if _NEGATION.search(text) or any(re.search(p, text, re.I) for p in params.no_patterns):
        found.add("no")
    if _EMPHATIC.search(text) or any(re.search(p, text, re.I) for p in params.yes_patterns):
        found.add("yes")
    for match in _COPULA.finditer(text):
        if params.subject and any(fuzzy_contains(match.group(1), k) for k in params.subject):
            found.add("yes")
    return found


def _quote(sentence: str, limit: int = 160) -> str:
    sentence = sentence.strip()
    return f'"{sentence if len(sentence) <= limit else sentence[:limit - 1] + "…"}"'


class ChoiceChecker(Checker):
    """A yes/no answer with a reason; see the module docstring for the rules."""

    kind = "choice"
    Params = ChoiceParams

    def check(self, answer: Answer, key: PartKey) -> CheckOutcome:
        params = key.params
        if not isinstance(params, ChoiceParams):
            raise CheckerError(f"part {key.part.id}: choice params expected")
        points = key.points
        all_sentences = sentences(answer.text)
        if params.subject:
            relevant = [s for s in all_sentences
                        if any(fuzzy_contains(s, k) for k in params.subject)]
        else:
            relevant = list(all_sentences)
        notes: list[str] = []
        votes: dict[Polarity, list[str]] = {"yes": [], "no": []}
        for sentence in relevant:
            for polarity in sentence_polarity(sentence, params):
                votes[polarity].append(sentence)
        if not relevant and all_sentences and (lead := _bare_leading(all_sentences[0])):
            # "No. All positions are computed at once": a sentence that is just
            # yes/no, opening an answer that never names the subject. Only a bare
            # one: "yes, it is a bottleneck" may answer another question.
            votes[lead].append(all_sentences[0])
            notes.append("the answer does not name the subject; read its opening yes/no")

        reasons = [k for k in params.reason_keywords if contains_keyword(answer.text, k)]
        if params.reason_keywords:
            missing = [k for k in params.reason_keywords if k not in reasons]
            notes.append(f"reason keywords found: {', '.join(reasons) or 'none'}; "
                         f"not found: {', '.join(missing) or 'none'}")

        said = [p for p in ("yes", "no") if votes[p]]
        if not said:
            return CheckOutcome.review(
                "The grader could not tell whether this answer says yes or no; a TA will check it.",
                notes=(f"choice: no yes/no found in {len(relevant)} sentence(s) about "
                       f"{', '.join(params.subject) or 'the question'}", *notes))

        if len(said) == 2:
            for misconception, _value in key.misconceptions:
                if misconception.keywords and all(
                        contains_keyword(answer.text, k) for k in misconception.keywords):
                    credit = min(misconception.points, points)
                    return CheckOutcome(
                        status_for_score(credit, points), credit, (misconception.feedback,),
                        (f"choice: both answers given; matches misconception {misconception.id}",
                         *(f"yes: {_quote(s)}" for s in votes["yes"]),
                         *(f"no: {_quote(s)}" for s in votes["no"]), *notes),
                        "yes and no", misconception.id)
            conflict = ("Your answer says both yes and no: "
                        f"{_quote(votes['yes'][0])} and {_quote(votes['no'][0])}.")
            return CheckOutcome.review(
                conflict, interpreted_as="yes and no",
                notes=("choice: conflicting sentences",
                       *(f"yes: {_quote(s)}" for s in votes["yes"]),
                       *(f"no: {_quote(s)}" for s in votes["no"]), *notes))

        polarity: Polarity = "yes" if said == ["yes"] else "no"
        evidence = votes[polarity]
        notes = [f"choice: read {polarity!r} from {_quote(evidence[0])}", *notes]
        if polarity == params.expected:
            return CheckOutcome(Status.CORRECT, points, (), tuple(notes), polarity)
        feedback = params.wrong_feedback or (
            f"Your answer says {polarity} ({_quote(evidence[0], 100)}), which is not right; "
            "revisit the reasoning behind it.")
        return CheckOutcome(Status.INCORRECT, 0.0, (feedback,), tuple(notes), polarity)
