"""Implicit sentences: ones that do not name the subject but answer about the topic."""

from __future__ import annotations

import re
from dataclasses import dataclass

from grader.checks.choice.params import ChoiceParams
from grader.checks.choice.polarity import (
    CLAUSE_END,
    DETERMINERS,
    FUNCTION_WORDS,
    LABELLED,
    LEADING,
    PAIR,
    PRONOUNS,
    STOPWORDS,
    WITH_REASON,
    Reading,
    bare_reading,
    cue_polarities,
    keyword_answer,
    names_any,
    paired_reading,
    polarity_of,
    without_label,
)
from grader.checks.text import contains_keyword, fold_unicode


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

    def mentions(self, word: str) -> bool:
        return any(_stem_match(word, v) for v in self.vocabulary)


def topic_of(params: ChoiceParams, prompt: str) -> _Topic:
    subject_words = {w for k in params.subject for w in _words(k.replace("-", " "))}
    if params.topic:
        phrases = tuple(tuple(w for w in _words(t.replace("-", " ")) if w not in STOPWORDS)
                        for t in params.topic)
        phrases = tuple(p for p in phrases if p)
        vocabulary = {w for p in phrases for w in p} | subject_words
        return _Topic(phrases, 1 if phrases else 0, frozenset(vocabulary),
                      frozenset(subject_words))
    words = [w for w in _words(fold_unicode(prompt).replace("-", " "))
             if w not in STOPWORDS and len(w) >= 3
             and not any(_stem_match(w, s) or _stem_match(s, w) for s in subject_words)]
    unique = tuple(dict.fromkeys(words))
    return _Topic(tuple((w,) for w in unique), min(2, len(unique)),
                  frozenset(unique) | subject_words, frozenset(subject_words))


def _clause(text: str) -> list[str]:
    """The words of the clause at the start of ``text``, up to a comma or "since"."""
    text = text.lstrip(" ,;:.!-\u2014\u2013")
    end = CLAUSE_END.search(text)
    return _words(text[:end.start()] if end else text)


def _about_topic(words: list[str], topic: _Topic, *, pronoun_head: bool,
                 topic_head: bool) -> bool:
    """Whether a clause is about the question: its subject is a pronoun (when
    ``pronoun_head``: the antecedent is the question's subject) or a topic word
    (when ``topic_head``: "every token attends ..."), and its predicate names
    the topic or is only "it does (not)"."""
    rest = [w for w in words if w not in DETERMINERS]
    if not rest:
        return False
    head, predicate = rest[0], rest[1:]
    if head in PRONOUNS or head.startswith("it'"):
        if not pronoun_head:
            return False
    elif not (topic_head and topic.mentions(head)):
        return False
    if all(w in FUNCTION_WORDS for w in predicate):
        return True
    return topic.needed > 0 and topic.hits(predicate) >= topic.needed


def implicit_reading(sentence: str, params: ChoiceParams, topic: _Topic, *, opens: bool,
              follows: bool, in_slot: bool = False) -> tuple[Reading, str] | None:
    """How a sentence that does not name the subject answers the question, if it does.

    A pronoun stands for the question's subject only in a sentence that opens
    the answer or follows one read for this part.
    """
    if names_any(sentence, params.other_subjects):
        return None
    text = without_label(fold_unicode(sentence))
    if opens and (bare := bare_reading(text, params)) is not None:
        return bare, "the answer opens with a bare yes/no"
    if opens and PAIR.match(text) is None and (reason := WITH_REASON.match(text)) and (
            in_slot or _reason_for_this(text[reason.end() - 1:], params, topic)):
        where = "the answer sheet's slot" if in_slot else "the text read for this part"
        return (Reading(frozenset({polarity_of(reason.group(1))})),
                f"{where} opens with a yes/no followed by a reason")
    pair_match = PAIR.match(text)
    lead_match = LEADING.match(text)
    if pair_match is not None or lead_match is not None:
        end = pair_match.end() if pair_match is not None else lead_match.end()  # type: ignore[union-attr]
        clause = _clause(text[end:])
        if not _about_topic(clause, topic, pronoun_head=opens or follows, topic_head=True):
            return None
        if pair_match is not None:
            reading = paired_reading(text, params)
            assert reading is not None
            return reading, "a paired yes/no about the question's topic"
        return (Reading(frozenset({polarity_of(lead_match.group(1))})),  # type: ignore[union-attr]
                "a yes/no whose clause is about the question's topic")
    if opens or follows:
        clause = _clause(text)
        if _about_topic(clause, topic, pronoun_head=True, topic_head=False) \
                and (cues := cue_polarities(text, params)):
            return Reading(frozenset(cues)), "a pronoun sentence about the question's topic"
    return None


# Words opening a reason that leaves its subject out ("No, only on k", "Nein, nur von k",
# "Non, pas symétrique", "no. e.g. …"): the subject is the question's.
ELLIPTIC_OPENINGS = frozenset({
    "only", "just", "not", "e.g", "eg", "because", "since", "as", "due", "both", "neither",
    "nur", "nicht", "kein", "keine", "weil", "da", "z.b", "zb", "beide",
    "seulement", "pas", "car", "par", "uniquement", "parce",
    "solo", "sólo", "porque", "ya", "ni", "apenas"})


#: A reason this short ("Yes, eventually.") has no subject that could be another's.
ELLIPTIC_WORDS_MAX = 2


def _reason_for_this(reason: str, params: ChoiceParams, topic: _Topic) -> bool:
    """Whether the reason after a free-form answer's opening yes/no is this question's:
    it leaves its subject out, is about the question's topic, or gives one of the
    part's reasons without naming a neighbouring question's subject. A reason about
    something else ("Yes, the feed forward network looks across tokens") may be the
    answer to another question that the reader placed here."""
    words = _words(reason)
    if words and (words[0].strip(".") in ELLIPTIC_OPENINGS or len(words) <= ELLIPTIC_WORDS_MAX):
        return True  # "only on k", "eventually": no subject of its own
    if _about_topic(_clause(reason), topic, pronoun_head=True, topic_head=True):
        return True
    return (any(contains_keyword(reason, k) for k in params.reason_keywords)
            and not names_any(reason, params.other_subjects))


def is_explicit(sentence: str, params: ChoiceParams, topic: _Topic) -> bool:
    """Whether a sentence names this question's subject. One that also names a
    neighbouring question's subject but not this question's topic answers the
    other one ("Self-attention is not a bottleneck" for "does it look across
    tokens?"), unless a label or a paired yes/no says it answers this one too."""
    if not params.subject:
        return True
    if not names_any(sentence, params.subject):
        return False
    if not names_any(sentence, params.other_subjects) or not topic.needed:
        return True
    text = fold_unicode(sentence)
    if PAIR.match(without_label(text)) or topic.hits(_words(text)) >= topic.needed:
        return True
    return (any(names_any(m.group("label"), params.subject) for m in LABELLED.finditer(text))
            or any(keyword_answer(k).search(text) for k in params.subject))


def quote(sentence: str, limit: int = 160) -> str:
    sentence = sentence.strip()
    return f'"{sentence if len(sentence) <= limit else sentence[:limit - 1] + "…"}"'
