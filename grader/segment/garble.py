"""OCR junk told from prose: the share of words the reader knows.

Known are common English words, maths written as words, and the rubric's own
vocabulary (its prompts and cues): a course's words come from its rubric,
never from a list here. Prose in another language the reader knows is not junk.
"""

from __future__ import annotations

import re
from functools import lru_cache

from grader.rubric.models import Part, Rubric
from grader.segment.language import prose_language
from grader.segment.prose import _prose_words

GARBLE_KNOWN_RATIO = 0.7       # below this share of known words, confidence drops
MIN_PROSE_WORDS_FOR_GARBLE = 4
GARBLED_BLOCK_MAX = 0.75       # garble_factor below this: the block is OCR junk


def _is_garbled(text: str, parts: list[Part], vocabulary: frozenset[str]) -> bool:
    return bool(parts) and garble_factor(text, vocabulary) < GARBLED_BLOCK_MAX


def _words_of(parts: list[Part]) -> frozenset[str]:
    return frozenset().union(*(_course_words(part) for part in parts))


def garble_factor(text: str, extra_words: frozenset[str] = frozenset()) -> float:
    """1.0 for readable prose, less for OCR junk ("thi ten2 ten2 teln").

    The share of prose words that are common English or course words; text
    that is mostly maths is not judged.

    Example:
        >>> garble_factor("thi ten2 ten2 teln ln botteneck") < 0.5
        True
    """
    words = _prose_words(text)
    words = [word.lower() for word in words if not word.isdigit()]
    if len(words) < MIN_PROSE_WORDS_FOR_GARBLE or prose_language(words) is not None:
        return 1.0  # too little to judge, or prose in another language we read
    known = sum(1 for word in words if _known(word, extra_words))
    ratio = known / len(words)
    if ratio >= GARBLE_KNOWN_RATIO:
        return 1.0
    return (ratio / GARBLE_KNOWN_RATIO) ** 1.5


@lru_cache(maxsize=65536)  # a class's texts repeat the same few thousand words
def _known(word: str, extra: frozenset[str]) -> bool:
    if not word.isalpha():
        return False
    if len(word) == 1:
        return True  # a symbol: t, n, L
    for candidate in (word, word.rstrip("s"), re.sub(r"(?:ed|ing|ly|es|er|ation)$", "", word)):
        if candidate in COMMON_WORDS or candidate in MATH_WORDS or candidate in extra:
            return True
    return False


def _course_words(part: Part) -> frozenset[str]:
    """The words of a part: its prompt, cue keywords (every spelling), accepted
    answers and the misconceptions' feedback."""
    texts = [part.prompt, *part.cues.keywords, *(form.answer or "" for form in part.accept),
             *(m.feedback for m in part.misconceptions),
             *(kw for m in part.misconceptions for kw in m.keywords)]
    return frozenset(word.lower() for word in re.findall(r"[A-Za-z]{2,}", " ".join(texts)))


def rubric_vocabulary(rubric: Rubric) -> frozenset[str]:
    """Every word the rubric uses: its title and all its parts' words."""
    title = frozenset(word.lower() for word in re.findall(r"[A-Za-z]{2,}", rubric.title))
    return title.union(*(_course_words(part) for part in rubric.parts))


# Common English words: a word outside this list (and the rubric's own
# vocabulary, ``rubric_vocabulary``) counts towards "garbled". No course words
# here: a course's words come from its rubric.
COMMON_WORDS = frozenset("""
a about above across add added addition additions after again against algorithm all
allow along also although always am an analytically and another answer any apply applied
approach approximately approximation are as at average avoid avoids back base based be
because been before being below best better between both but by calculate calculated
calculating calculation can cannot case cases change check column compare compared
complex complexity compute computed computes computing condition connection connections
consider constant contain contains context contrast converge converges copy copying cost
costly could current cycle cycling data deep define defined definition depend depends
derivative descent detect did different dimension dimensional dimensions direct directly
distribution divide do does doing dot down drop dropping during each effect effectively
element elements end entire equal equation equations error even every exact example
exponential expand expanding expectation expected expensive faster feature features feed
final find first fixed following for form forward found from function functions general
get gets give given global graph greater half has have hence here high higher how
however i if implemented implies important in increase independent independently
individual input inputs instance instead into is it its itself just keep key know large
larger learn length less let like limit linear local log long longer look looks low made
make makes many map mapping matrix max maximum mean means measure mechanism memory
method min minimum model models module more most much multiplication multiply must need
needs new no non nonlinear norm normal normalization normalisation normalize not note
number odd of on once one only operation operations optimal optimise optimize or order
original orthogonal other otherwise our out output outputs over parallel parallelism
parallelise parallelize parameter parameters part path per performance point points
position positions possible previous problem process product proportional quadratic
question rate reach reason reduce relation represent result results return row same
sample score scores second see self sequence sequences sequential series set should show
shows simply since single size slope small smaller so solution solve some space square
squared stable standard start state statement step steps still store stored sum such
suppose take taken term terms than that the their them then there therefore these they
this those through thus time times to too total true two under unit units up update
updates use used using value values variable vector vectors very was way we well were
what when where whether which while why will with within without word words work would
write yes zero
""".split())  # noqa: SIM905 - a word list reads better as text
# Maths written as words in plain text ("sqrt(2) beta", "sigmoid(1000 x)"):
# notation, not OCR junk.
MATH_WORDS = frozenset("""
alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu
nu xi omicron pi rho sigma tau upsilon phi varphi chi psi omega sqrt exp log ln sin cos
tan tanh argmax argmin sum prod lim inf sup det tr diag mod infty approx
""".split())  # noqa: SIM905
