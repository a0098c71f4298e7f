"""Yes/no questions answered in a sentence or two ("No, the FFN acts on each token").

The answer is cut into sentences. Sentences naming the question's subject
(any ``subject`` keyword, one OCR misspelling allowed: "bottlencek") are the
*explicit* ones, so one paragraph answering two questions is read once per
question. Each explicit sentence gets a polarity:

* a labelled answer, ``FFN: no``, ``LayerNorm -> no``, ``Bottleneck — no``:
  the label that names this question's subject decides; a sentence whose
  labelled answers all belong to other questions gives no vote;
* a paired answer ``yes / no``, ``No and no`` opening the sentence (see below);
* an explicit ``yes`` / ``no`` at its start (after a label such as ``c)`` or
  an "And") or at its end ("..., yes.");
* otherwise negation cues ("does not", "don't", "cannot", "not a bottleneck",
  and the part's ``no_patterns``) say *no*, affirmation cues ("does look", "is
  a bottleneck", "acts as a bottleneck", the part's ``yes_patterns``) say
  *yes*; both in one sentence is a conflict; neither is no vote.

The yes/no words are those of the languages students write in (``YES_WORDS``,
``NO_WORDS``: "ja", "nein", "oui", "non", "sí", "stimmt", "falsch"); a word
joined by a hyphen ("non-linear", "no-one") is not an answer.

When the explicit sentences give no vote, *implicit* ones are read: sentences
that do not name the subject, nor any of ``other_subjects`` (the subjects of
neighbouring questions), and that

* are just "Yes." / "No." / a paired answer and open the answer;
* open an answer sheet's slot with yes/no, a punctuation mark and then a
  reason ("No, all positions are computed at once."): the slot says which
  question the text answers, so its opening yes/no is the answer, whatever
  the reason talks about. In free form the text may have come from a
  neighbouring question, so the clause rules below decide;
* open with yes/no followed by a clause whose subject is a pronoun ("Yes, it
  looks across tokens") or a topic word ("Yes — every token attends to every
  other token") and whose predicate names the question's topic. A pronoun
  clause needs no yes/no word when it opens the answer or follows a sentence
  read for this part ("It does not look across tokens").

The topic is ``topic`` (phrases, any one suffices) or, when not set, the
content words of the part's ``prompt`` that are not subject words (two must
occur: "look", "across", "tokens" for "Does layer norm look across tokens?").
So "Yes, the feed forward network looks across tokens" is never read as an
answer about layer norm: its clause has a subject that is neither.

A paired answer ("yes / no") answers two questions at once. The same word
twice ("no / no", "No and no") is read as that word. Two different words are
read by ``position`` (this question's place among the questions of its
sub-question, 1 or 2) when the rubric sets it; without it the part goes to a
TA. "Yes and no" is a hedge, read as both.

One polarity → ``correct`` (full points) if it is ``expected``, else
``incorrect``. Both polarities → a misconception whose ``keywords`` all occur
decides ("not in the encoder, yes in the decoder"); otherwise ``needs_review``
quoting the conflicting sentences. No vote → ``needs_review``.
``reason_keywords`` never change the score; the TA notes list which occur.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from grader.answer import Answer
from grader.checks.base import Checker, PartKey
from grader.checks.text import contains_keyword, fold_unicode, fuzzy_contains, sentences
from grader.outcome import CheckOutcome, Status, status_for_score

Polarity = Literal["yes", "no"]

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
_LEADING = re.compile(r"^\W*(?:(?:and|so|but|also|well)\W+)?" + _YES_NO + r"(?!\.\s*\d)",
                      re.IGNORECASE)
_TRAILING = re.compile(r"[,;:\u2014\u2013]\s*" + _YES_NO + r"\s*[.!]?\s*$", re.IGNORECASE)
# A yes/no opening a clause inside a sentence: "…, and yes, ℓ is convex in z",
# "modulus 0.707 < 1 → **yes, converges to 0**".
_INNER = re.compile(r"(?:\b(?:and|so|hence|thus|therefore)|\u2192|->|=>|\u21d2)[\s*_]+"
                    + _YES_NO + r"[*_]*\s*[,;:!\u2014\u2013]", re.IGNORECASE)
# "yes / no", "No and no", "yes, no": two answers at once.
_PAIR = re.compile(r"^\W*" + _YES_NO + r"\s*(/|,|;|&|\+|\band\b)\s*" + _YES_NO
                   + r"(?!\s*(?:/|,)\s*" + _ANSWER_WORD + ")", re.IGNORECASE)
# "FFN: no", "LayerNorm -> no", "Bottleneck — no", "Feed-forward = no".
_LABELLED = re.compile(
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
_CLAUSE_END = re.compile(
    r"[,;:()\[\]]|\s[-\u2014\u2013]\s|\b(?:since|because|as|so|but|which|while|whereas"
    r"|although|though|i\.e|e\.g|unlike|except)\b", re.IGNORECASE)
_PRONOUNS = frozenset({"it", "it's", "its", "this", "that", "they", "these", "those", "both",
                       "each", "either"})
_DETERMINERS = frozenset({"the", "a", "an", "every", "each", "all", "any", "its", "their",
                          "one", "some"})
# Words that carry no topic: auxiliaries, negations, fillers.
_FUNCTION_WORDS = frozenset({
    "is", "are", "was", "were", "be", "been", "does", "do", "did", "doesn't", "don't",
    "isn't", "aren't", "can", "cannot", "can't", "could", "will", "would", "should", "has",
    "have", "had", "not", "no", "yes", "indeed", "really", "also", "too", "either", "neither",
    "of", "course", "definitely", "certainly", "at", "all", "n't", "s"})
_STOPWORDS = _FUNCTION_WORDS | _DETERMINERS | _PRONOUNS | frozenset({
    "to", "for", "in", "on", "by", "with", "and", "or", "here", "there", "what", "which",
    "who", "how", "when", "why", "than", "then", "from", "into", "over", "per", "whether",
    "any", "other", "same"})


class ChoiceParams(BaseModel):
    """Settings of a ``choice`` part.

    ``subject`` keywords pick the sentences about this question; empty means
    every sentence. ``yes_patterns`` / ``no_patterns`` are extra regexes
    (case-insensitive) that mark a sentence yes or no for this question.
    ``wrong_feedback`` replaces the generic feedback on a wrong choice.
    ``topic`` phrases state what is asked ("look across", "attend"); empty
    means the prompt's content words. ``other_subjects`` name neighbouring
    questions' subjects: a sentence naming them (and not ``subject``) is never
    read for this part. ``position`` is this question's place (1 or 2) among
    the questions its sub-question asks together, for "yes / no" answers.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    expected: Literal["yes", "no"] = Field(description="The right answer.")
    subject: list[str] = Field(default_factory=list, description=(
        "Keywords naming what is asked about; they pick the sentences about this "
        "question. Empty: every sentence."))
    reason_keywords: list[str] = Field(default_factory=list, description=(
        "Words of a good reason; which occur is noted for the TA (no credit by itself)."))
    yes_patterns: list[str] = Field(default_factory=list, description=(
        "Extra regexes (case-insensitive) that mark a sentence 'yes' for this question."))
    no_patterns: list[str] = Field(default_factory=list, description=(
        "Extra regexes (case-insensitive) that mark a sentence 'no' for this question."))
    wrong_feedback: str = Field("", description=(
        "Feedback on the wrong choice, instead of the generic one."))
    topic: list[str] = Field(default_factory=list, description=(
        "Phrases stating what is asked ('look across', 'attend'), any one suffices; "
        "empty: the prompt's content words."))
    other_subjects: list[str] = Field(default_factory=list, description=(
        "Subjects of neighbouring questions: a sentence naming them (and not 'subject') "
        "is never read for this part."))
    position: Literal[1, 2] | None = Field(None, description=(
        "This question's place among the questions of its sub-question, to read a "
        "paired 'yes / no' answer."))


@dataclass(frozen=True)
class _Reading:
    """What one sentence says for this part; ``paired`` marks an unplaced "yes / no"."""

    polarities: frozenset[str]
    paired: bool = False


def _without_label(sentence: str) -> str:
    return _LABEL.sub("", sentence, count=1)


def _polarity(word: str) -> Polarity:
    return "no" if " ".join(word.lower().split()) in _NO_SET else "yes"


_BARE_LEADING = re.compile(r"^\W*" + _YES_NO + r"\W*$", re.IGNORECASE)
_BARE_PAIR = re.compile(r"^\W*" + _YES_NO + r"\s*(?:/|,|;|&|\+|\band\b)\s*" + _YES_NO
                        + r"\W*$", re.IGNORECASE)
# "No, all positions are computed at once.": the answer word, a mark, a reason.
_WITH_REASON = re.compile(r"^\W*" + _YES_NO + r"\s*(?:[,;:.!\u2014\u2013]|-+)\s*\w",
                          re.IGNORECASE)


def _bare(sentence: str, params: ChoiceParams) -> _Reading | None:
    """A sentence that is only "Yes." / "No." or a paired "no / no"."""
    text = _without_label(fold_unicode(sentence))
    if match := _BARE_LEADING.match(text):
        return _Reading(frozenset({_polarity(match.group(1))}))
    if _BARE_PAIR.match(text):
        return _paired(text, params)
    return None


def _leading(sentence: str) -> Polarity | None:
    match = _LEADING.match(_without_label(sentence))
    return None if match is None else _polarity(match.group(1))


def _paired(text: str, params: ChoiceParams) -> _Reading | None:
    match = _PAIR.match(_without_label(text))
    if match is None:
        return None
    first, separator, second = (_polarity(match.group(1)), match.group(2).lower(),
                                _polarity(match.group(3)))
    if first == second:
        return _Reading(frozenset({first}))
    if separator == "and":  # "yes and no": a hedge, not two answers
        return _Reading(frozenset({"yes", "no"}))
    if params.position is not None:
        return _Reading(frozenset({(first, second)[params.position - 1]}))
    return _Reading(frozenset({"yes", "no"}), paired=True)


def _names_any(text: str, keywords: list[str]) -> bool:
    return any(fuzzy_contains(text, k) for k in keywords)


def _keyword_answer(keyword: str) -> re.Pattern[str]:
    """``<keyword> yes`` / ``<keyword> no`` followed by punctuation or the end."""
    words = [re.escape(w) for w in re.split(r"[\s\-]+", keyword.strip()) if w]
    return re.compile(r"\b(" + r"[\s\-]?".join(words) + r")\s+" + _YES_NO +
                      r"(?=\s*(?:[,.;:!)(/&]|$|and\b))", re.IGNORECASE)


def _labelled(text: str, params: ChoiceParams) -> _Reading | None:
    """Labelled answers ("FFN: no, layer norm: no"): those whose label names the
    subject; a neutral label ("Answer: no") counts when no other question's is there."""
    ours: set[str] = set()
    neutral: set[str] = set()
    other = False
    found = False
    matches = [(m.group("label"), m.group("ans")) for m in _LABELLED.finditer(text)]
    # "FFN no, layernorm no": without a separator only a subject counts as a label.
    matches += [(m.group(1), m.group(2)) for k in (*params.subject, *params.other_subjects)
                for m in _keyword_answer(k).finditer(text)]
    for label, word in matches:
        polarity = _polarity(word)
        found = True
        if params.subject and _names_any(label, params.subject):
            ours.add(polarity)
        elif _names_any(label, params.other_subjects):
            other = True
        else:
            neutral.add(polarity)
    if not found:
        return None
    if ours:
        return _Reading(frozenset(ours))
    if not params.subject or (neutral and not other):
        return _Reading(frozenset(neutral))
    return _Reading(frozenset())


def _read(sentence: str, params: ChoiceParams) -> _Reading:
    text = fold_unicode(sentence)
    if (labelled := _labelled(text, params)) is not None:
        return labelled
    if (pair := _paired(text, params)) is not None:
        return pair
    lead = _leading(text)
    if lead is not None:
        return _Reading(frozenset({lead}))
    if trail := _TRAILING.search(text):
        return _Reading(frozenset({_polarity(trail.group(1))}))
    inner = {_polarity(m.group(1)) for m in _INNER.finditer(text)}
    return _Reading(frozenset(inner or _cues(text, params)))


def _cues(text: str, params: ChoiceParams) -> set[Polarity]:
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
    return set(_read(sentence, params).polarities)  # type: ignore[arg-type]


# ------------------------------------------------------------------ implicit subject
def _words(text: str) -> list[str]:
    return re.findall(r"[a-z][a-z'\-]*", text.lower())


def _stem_match(word: str, topic_word: str) -> bool:
    """"looks" ~ "look", "token" ~ "tokens", "parallelised" ~ "parallel"."""
    stem = topic_word[:max(4, len(topic_word) - 2)]
    return word.startswith(stem) or (topic_word.startswith(word) and len(word) >= 4)


@dataclass(frozen=True)
class _Topic:
    """What the question asks about: phrases (each enough) or prompt words (two needed)."""

    phrases: tuple[tuple[str, ...], ...]
    needed: int
    vocabulary: frozenset[str]
    subject_words: frozenset[str] = frozenset()

    def hits(self, words: list[str]) -> int:
        """How many phrases occur ("attention" is a subject word, not "attend")."""
        words = [w for w in words if not any(_stem_match(w, s) for s in self.subject_words)]

        def has(phrase: tuple[str, ...]) -> bool:
            return all(any(_stem_match(w, p) for w in words) for p in phrase)
        return sum(1 for phrase in self.phrases if has(phrase))

    def covers(self, word: str) -> bool:
        return any(_stem_match(word, v) for v in self.vocabulary)


def _topic(params: ChoiceParams, prompt: str) -> _Topic:
    subject_words = {w for k in params.subject for w in _words(k.replace("-", " "))}
    if params.topic:
        phrases = tuple(tuple(w for w in _words(t.replace("-", " ")) if w not in _STOPWORDS)
                        for t in params.topic)
        phrases = tuple(p for p in phrases if p)
        vocabulary = {w for p in phrases for w in p} | subject_words
        return _Topic(phrases, 1 if phrases else 0, frozenset(vocabulary),
                      frozenset(subject_words))
    words = [w for w in _words(fold_unicode(prompt).replace("-", " "))
             if w not in _STOPWORDS and len(w) >= 3
             and not any(_stem_match(w, s) or _stem_match(s, w) for s in subject_words)]
    unique = tuple(dict.fromkeys(words))
    return _Topic(tuple((w,) for w in unique), min(2, len(unique)),
                  frozenset(unique) | subject_words, frozenset(subject_words))


def _clause(text: str) -> list[str]:
    """The words of the clause at the start of ``text``, up to a comma or "since"."""
    text = text.lstrip(" ,;:.!-\u2014\u2013")
    end = _CLAUSE_END.search(text)
    return _words(text[:end.start()] if end else text)


def _about_topic(words: list[str], topic: _Topic, *, pronoun_head: bool,
                 topic_head: bool) -> bool:
    """Whether a clause is about the question: its subject is a pronoun (when
    ``pronoun_head``: the antecedent is the question's subject) or a topic word
    (when ``topic_head``: "every token attends ..."), and its predicate names
    the topic or is only "it does (not)"."""
    rest = [w for w in words if w not in _DETERMINERS]
    if not rest:
        return False
    head, predicate = rest[0], rest[1:]
    if head in _PRONOUNS or head.startswith("it'"):
        if not pronoun_head:
            return False
    elif not (topic_head and topic.covers(head)):
        return False
    if all(w in _FUNCTION_WORDS for w in predicate):
        return True
    return topic.needed > 0 and topic.hits(predicate) >= topic.needed


def _implicit(sentence: str, params: ChoiceParams, topic: _Topic, *, opens: bool,
              follows: bool, in_slot: bool = False) -> tuple[_Reading, str] | None:
    """How a sentence that does not name the subject answers the question, if it does.

    A pronoun stands for the question's subject only in a sentence that opens
    the answer or follows one read for this part.
    """
    if _names_any(sentence, params.other_subjects):
        return None
    text = _without_label(fold_unicode(sentence))
    if opens and (bare := _bare(text, params)) is not None:
        return bare, "the answer opens with a bare yes/no"
    if opens and in_slot and _PAIR.match(text) is None \
            and (reason := _WITH_REASON.match(text)):
        return (_Reading(frozenset({_polarity(reason.group(1))})),
                "the answer sheet's slot opens with a yes/no followed by a reason")
    pair_match = _PAIR.match(text)
    lead_match = _LEADING.match(text)
    if pair_match is not None or lead_match is not None:
        end = pair_match.end() if pair_match is not None else lead_match.end()  # type: ignore[union-attr]
        clause = _clause(text[end:])
        if not _about_topic(clause, topic, pronoun_head=opens or follows, topic_head=True):
            return None
        if pair_match is not None:
            reading = _paired(text, params)
            assert reading is not None
            return reading, "a paired yes/no about the question's topic"
        return (_Reading(frozenset({_polarity(lead_match.group(1))})),  # type: ignore[union-attr]
                "a yes/no whose clause is about the question's topic")
    if opens or follows:
        clause = _clause(text)
        if _about_topic(clause, topic, pronoun_head=True, topic_head=False) \
                and (cues := _cues(text, params)):
            return _Reading(frozenset(cues)), "a pronoun sentence about the question's topic"
    return None


def _is_explicit(sentence: str, params: ChoiceParams, topic: _Topic) -> bool:
    """Whether a sentence names this question's subject. One that also names a
    neighbouring question's subject but not this question's topic answers the
    other one ("Self-attention is not a bottleneck" for "does it look across
    tokens?"), unless a label or a paired yes/no says it answers this one too."""
    if not params.subject:
        return True
    if not _names_any(sentence, params.subject):
        return False
    if not _names_any(sentence, params.other_subjects) or not topic.needed:
        return True
    text = fold_unicode(sentence)
    if _PAIR.match(_without_label(text)) or topic.hits(_words(text)) >= topic.needed:
        return True
    return (any(_names_any(m.group("label"), params.subject) for m in _LABELLED.finditer(text))
            or any(_keyword_answer(k).search(text) for k in params.subject))


def _asks(sentence: str) -> bool:
    """A question ("Do the iterates converge to 0?"): a restated prompt, not an answer."""
    return sentence.rstrip(" *_)").endswith("?")


def _quote(sentence: str, limit: int = 160) -> str:
    sentence = sentence.strip()
    return f'"{sentence if len(sentence) <= limit else sentence[:limit - 1] + "…"}"'


class ChoiceChecker(Checker):
    """A yes/no answer with a reason; see the module docstring for the rules."""

    kind = "choice"
    Params = ChoiceParams

    def check(self, answer: Answer, key: PartKey) -> CheckOutcome:
        params = key.params_as(ChoiceParams)
        points = key.points
        all_sentences = sentences(answer.text)
        notes: list[str] = []
        votes: dict[Polarity, list[str]] = {"yes": [], "no": []}
        paired: list[str] = []
        topic = _topic(params, key.part.prompt)
        explicit = [_is_explicit(s, params, topic) for s in all_sentences]
        asked = [_asks(s) for s in all_sentences]  # the question restated: never a vote
        for sentence, named, question in zip(all_sentences, explicit, asked, strict=True):
            if not named or question:
                continue
            reading = _read(sentence, params)
            if reading.paired:
                paired.append(sentence)
            for polarity in reading.polarities:
                votes[polarity].append(sentence)  # type: ignore[index]
        relevant = sum(explicit)

        if not votes["yes"] and not votes["no"] and not paired:
            previous_read = False
            for index, sentence in enumerate(all_sentences):
                if explicit[index]:
                    previous_read = True
                    continue
                found = _implicit(sentence, params, topic, opens=not any(
                                      not q for q in asked[:index]),
                                  follows=previous_read, in_slot=answer.in_slot)
                previous_read = found is not None
                if found is None:
                    continue
                reading, why = found
                if reading.paired:
                    paired.append(sentence)
                for polarity in reading.polarities:
                    votes[polarity].append(sentence)  # type: ignore[index]
                notes.append(f"the answer does not name the subject; read {why}: "
                             f"{_quote(sentence, 100)}")

        reasons = [k for k in params.reason_keywords if contains_keyword(answer.text, k)]
        if params.reason_keywords:
            missing = [k for k in params.reason_keywords if k not in reasons]
            notes.append(f"reason keywords found: {', '.join(reasons) or 'none'}; "
                         f"not found: {', '.join(missing) or 'none'}")

        if paired:
            return CheckOutcome.review(
                "Your answer gives two yes/no answers at once "
                f"({_quote(paired[0], 100)}); a TA will check which one answers this question.",
                interpreted_as="yes and no",
                notes=("choice: a paired yes/no and no position for this part in the rubric",
                       *notes))

        said = [p for p in ("yes", "no") if votes[p]]
        if not said:
            return CheckOutcome.review(
                "The grader could not tell whether this answer says yes or no; a TA will check it.",
                notes=(f"choice: no yes/no found in {relevant} sentence(s) about "
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
