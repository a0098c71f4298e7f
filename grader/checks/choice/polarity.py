"""The polarity of one sentence: labelled, paired, leading or trailing yes/no, then cues."""

from __future__ import annotations

import re
from dataclasses import dataclass

from grader.checks.choice.params import ChoiceParams, Polarity
from grader.checks.text import fold_unicode, fuzzy_contains

_LABEL = re.compile(r"^\W*(?:\d{0,2}\s*[a-h]\)|\(\s*\d{0,2}\s*[a-h]\s*\)|\d{1,2}\s*[a-h]?[.)]"
                    r"|q\d+\w*[.)]?)\s*", re.IGNORECASE)
#: Words that answer a yes/no question, in the languages students write in
#: (English, German, French, Spanish, Italian, Portuguese, Dutch). General
#: data: what says yes or no about one question's topic is that part's
#: ``yes_patterns`` / ``no_patterns``.
YES_WORDS = ("yes", "yeah", "yep", "ja", "jawohl", "stimmt", "richtig", "oui", "sí", "si")
NO_WORDS = ("no", "nope", "nein", "stimmt nicht", "falsch", "non", "não", "nao", "nee")
_NO_SET = frozenset(NO_WORDS)


def _word_group(words: tuple[str, ...]) -> str:
    """An alternation of ``words``, longest first, none joined to a hyphenated word."""
    ordered = sorted(words, key=len, reverse=True)
    return r"(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered) \
        + r")\b(?!-\w)"


_ANSWER_WORD = _word_group(YES_WORDS + NO_WORDS)
_YES_NO = "(" + _ANSWER_WORD + ")"
LEADING = re.compile(r"^\W*(?:(?:and|so|but|also|well)\W+)?" + _YES_NO + r"(?!\.\s*\d)",
                      re.IGNORECASE)
_TRAILING = re.compile(r"[,;:\u2014\u2013]\s*" + _YES_NO + r"\s*[.!]?\s*$", re.IGNORECASE)
# A yes/no opening a clause inside a sentence: "…, and yes, ℓ is convex in z",
# "modulus 0.707 < 1 → **yes, converges to 0**".
_INNER = re.compile(r"(?:\b(?:and|so|hence|thus|therefore)|\u2192|->|=>|\u21d2)[\s*_]+"
                    + _YES_NO + r"[*_]*\s*[,;:!\u2014\u2013]", re.IGNORECASE)
# "yes / no", "No and no", "yes, no": two answers at once.
PAIR = re.compile(r"^\W*" + _YES_NO + r"\s*(/|,|;|&|\+|\band\b)\s*" + _YES_NO
                   + r"(?!\s*(?:/|,)\s*" + _ANSWER_WORD + ")", re.IGNORECASE)
# "FFN: no", "LayerNorm -> no", "Bottleneck — no", "Feed-forward = no".
LABELLED = re.compile(
    r"(?P<label>[A-Za-z][\w\- ]{0,30}?)\s*(?::|->|=>|=|\u2192|\u2014|\u2013|\s-\s)\s*"
    r"(?P<ans>" + _ANSWER_WORD + r")(?!\s*(?:/|,)\s*" + _ANSWER_WORD + ")" +
    r"(?=\s*(?:[,.;:!)(&\-\u2014\u2013]|$|(?:and|it|they|the|because|since|as|but|not|all)\b))",
    re.IGNORECASE)
_NEGATION = re.compile(
    r"\b(?:not|never|neither|nor|cannot|no longer)\b|n't\b|\bno\b(?!\.)", re.IGNORECASE)
# "does look", "do mix": an emphatic auxiliary not followed by a negation.
_EMPHATIC = re.compile(r"\b(?:does|do|did)\s+(?!not\b|n't)[a-z]{3,}", re.IGNORECASE)
# "is a bottleneck", "acts as a bottleneck": the subject named as what it is.
# The article is required after "is": "is parallelised" describes, "is a bottleneck" names.
_COPULA = re.compile(
    r"\b(?:(?:is|are|becomes?|remains?|creates?|causes?)\s+(?:a|an|the)"
    r"|(?:acts?|serves?|works?)\s+as(?:\s+(?:a|an|the))?)\s+([a-z][a-z\-]+)", re.IGNORECASE)
# Where the clause after a leading yes/no ends: its subject and predicate come before.
CLAUSE_END = re.compile(
    r"[,;:()\[\]]|\s[-\u2014\u2013]\s|\b(?:since|because|as|so|but|which|while|whereas"
    r"|although|though|i\.e|e\.g|unlike|except)\b", re.IGNORECASE)
PRONOUNS = frozenset({"it", "it's", "its", "this", "that", "they", "these", "those", "both",
                       "each", "either",
                       # the same in the other languages students answer in
                       "es", "er", "sie", "das", "dies", "il", "elle", "ils", "elles", "cela",
                       "ça", "él", "ella", "ellos", "esto", "eso"})
DETERMINERS = frozenset({"the", "a", "an", "every", "each", "all", "any", "its", "their",
                          "one", "some"})
# Words that carry no topic: auxiliaries, negations, fillers.
FUNCTION_WORDS = frozenset({
    "is", "are", "was", "were", "be", "been", "does", "do", "did", "doesn't", "don't",
    "isn't", "aren't", "can", "cannot", "can't", "could", "will", "would", "should", "has",
    "have", "had", "not", "no", "yes", "indeed", "really", "also", "too", "either", "neither",
    "of", "course", "definitely", "certainly", "at", "all", "n't", "s"})
STOPWORDS = FUNCTION_WORDS | DETERMINERS | PRONOUNS | frozenset({
    "to", "for", "in", "on", "by", "with", "and", "or", "here", "there", "what", "which",
    "who", "how", "when", "why", "than", "then", "from", "into", "over", "per", "whether",
    "any", "other", "same"})


@dataclass(frozen=True)
class Reading:
    """What one sentence says for this part; ``paired`` marks an unplaced "yes / no"."""

    polarities: frozenset[str]
    paired: bool = False


def without_label(sentence: str) -> str:
    return _LABEL.sub("", sentence, count=1)


def polarity_of(word: str) -> Polarity:
    return "no" if " ".join(word.lower().split()) in _NO_SET else "yes"


_BARE_LEADING = re.compile(r"^\W*" + _YES_NO + r"\W*$", re.IGNORECASE)
_BARE_PAIR = re.compile(r"^\W*" + _YES_NO + r"\s*(?:/|,|;|&|\+|\band\b)\s*" + _YES_NO
                        + r"\W*$", re.IGNORECASE)
# "No, all positions are computed at once.": the answer word, a mark, a reason.
WITH_REASON = re.compile(r"^\W*" + _YES_NO + r"[*_]*\s*(?:[,;:.!\u2014\u2013]|-+)\s*[*_]*\w",
                          re.IGNORECASE)


def bare_reading(sentence: str, params: ChoiceParams) -> Reading | None:
    """A sentence that is only "Yes." / "No." or a paired "no / no"."""
    text = without_label(fold_unicode(sentence))
    if match := _BARE_LEADING.match(text):
        return Reading(frozenset({polarity_of(match.group(1))}))
    if _BARE_PAIR.match(text):
        return paired_reading(text, params)
    return None


def _leading(sentence: str) -> Polarity | None:
    match = LEADING.match(without_label(sentence))
    return None if match is None else polarity_of(match.group(1))


def paired_reading(text: str, params: ChoiceParams) -> Reading | None:
    match = PAIR.match(without_label(text))
    if match is None:
        return None
    first, separator, second = (polarity_of(match.group(1)), match.group(2).lower(),
                                polarity_of(match.group(3)))
    if first == second:
        return Reading(frozenset({first}))
    if separator == "and":  # "yes and no": a hedge, not two answers
        return Reading(frozenset({"yes", "no"}))
    if params.position is not None:
        return Reading(frozenset({(first, second)[params.position - 1]}))
    return Reading(frozenset({"yes", "no"}), paired=True)


def names_any(text: str, keywords: list[str]) -> bool:
    return any(fuzzy_contains(text, k) for k in keywords)


def keyword_answer(keyword: str) -> re.Pattern[str]:
    """``<keyword> yes`` / ``<keyword> no`` followed by punctuation or the end."""
    words = [re.escape(w) for w in re.split(r"[\s\-]+", keyword.strip()) if w]
    return re.compile(r"\b(" + r"[\s\-]?".join(words) + r")\s+" + _YES_NO +
                      r"(?=\s*(?:[,.;:!)(/&]|$|and\b))", re.IGNORECASE)


def _labelled(text: str, params: ChoiceParams) -> Reading | None:
    """Labelled answers ("FFN: no, layer norm: no"): those whose label names the
    subject; a neutral label ("Answer: no") counts when no other question's is there."""
    ours: set[str] = set()
    neutral: set[str] = set()
    other = False
    found = False
    matches = [(m.group("label"), m.group("ans")) for m in LABELLED.finditer(text)]
    # "FFN no, layernorm no": without a separator only a subject counts as a label.
    matches += [(m.group(1), m.group(2)) for k in (*params.subject, *params.other_subjects)
                for m in keyword_answer(k).finditer(text)]
    for label, word in matches:
        polarity = polarity_of(word)
        found = True
        if params.subject and names_any(label, params.subject):
            ours.add(polarity)
        elif names_any(label, params.other_subjects):
            other = True
        else:
            neutral.add(polarity)
    if not found:
        return None
    if ours:
        return Reading(frozenset(ours))
    if not params.subject or (neutral and not other):
        return Reading(frozenset(neutral))
    return Reading(frozenset())


def read_sentence(sentence: str, params: ChoiceParams) -> Reading:
    text = fold_unicode(sentence)
    if (labelled := _labelled(text, params)) is not None:
        return labelled
    if (pair := paired_reading(text, params)) is not None:
        return pair
    lead = _leading(text)
    if lead is not None:
        return Reading(frozenset({lead}))
    if trail := _TRAILING.search(text):
        return Reading(frozenset({polarity_of(trail.group(1))}))
    inner = {polarity_of(m.group(1)) for m in _INNER.finditer(text)}
    return Reading(frozenset(inner or cue_polarities(text, params)))


def cue_polarities(text: str, params: ChoiceParams) -> set[Polarity]:
    found: set[Polarity] = set()
    if _NEGATION.search(text) or any(re.search(p, text, re.I) for p in params.no_patterns):
        found.add("no")
    if _EMPHATIC.search(text) or any(re.search(p, text, re.I) for p in params.yes_patterns):
        found.add("yes")
    for match in _COPULA.finditer(text):
        if params.subject and any(fuzzy_contains(match.group(1), k) for k in params.subject):
            found.add("yes")
    return found


def sentence_polarity(sentence: str, params: ChoiceParams) -> set[Polarity]:
    """The polarities one sentence expresses: {}, {"yes"}, {"no"} or both (a conflict).

    Example:
        >>> sorted(sentence_polarity("layer norm does not look across tokens",
        ...                          ChoiceParams(expected="no")))
        ['no']
    """
    return set(read_sentence(sentence, params).polarities)  # type: ignore[arg-type]
