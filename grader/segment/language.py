"""The languages students write in: function words and conclusion words, as data.

Two things depend on the language of a submission's prose:

- **Is it prose at all?** OCR junk ("thi ten2 teln") is told from prose by
  the share of words the reader knows; German, French or Spanish prose is
  not junk because its words are not English. ``prose_language`` names the
  language whose function words (articles, pronouns, auxiliaries) make up a
  good share of a text's words; junk has none.
- **Where is the final answer?** A line opening with a conclusion word
  ("Hence", "Also", "Donc", "Por lo tanto", "Answer:") states the result;
  ``CONCLUSION_LINE`` matches one at the start of a line.

Adding a language is adding a row to ``FUNCTION_WORDS`` and
``CONCLUSION_WORDS``.

Example:
    >>> prose_language("Beim Testen braucht man nur den aktuellen Zustand pro Schicht".split())
    'de'
    >>> bool(CONCLUSION_LINE.match("Donc $O(T^2 n)$."))
    True
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

#: A language is the prose's when its function words are this share of the words...
FUNCTION_WORD_SHARE_DEFAULT = 0.15
#: ...and at least this many different ones occur (one "die" is no German text).
FUNCTION_WORDS_DISTINCT_MIN = 2



def _words(text: str) -> list[str]:
    return text.split()


FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "de": frozenset(_words("""
        der die das den dem des ein eine einen einem einer eines und oder aber nicht
        ist sind war wird werden wurde hat haben kann muss müssen man wir ich es sie
        er mit für von auf aus bei beim nach über unter zu zum zur im in am an als
        wie wenn dann also nur noch auch schon weil dass da so pro jede jeder jedes
        alle sich hier dort ja nein mal gleich damit dabei sowie bzw durch ohne
""")),
    "fr": frozenset(_words("""
        le la les un une des du de et ou mais ne pas est sont était sera a ont peut
        faut on nous je il elle ils elles ce cette ces qui que quoi dont avec pour
        par sur dans en au aux comme si alors donc car plus moins tout tous toute
        chaque aussi mais oui non très même sans entre leur leurs se sa son ses
""")),
    "es": frozenset(_words("""
        el la los las un una unos unas y o pero no es son era será ha han puede hay
        que se lo le les con para por sobre en del al como si entonces pues porque
        más menos todo todos toda cada también sí muy mismo sin entre su sus este
        esta estos estas cuando donde
""")),
}

# Words opening a line that states the result, by language (lower case).
CONCLUSION_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("hence", "answer", "the answer", "therefore", "thus", "final", "finally", "so"),
    "de": ("also", "antwort", "lösung", "ergebnis", "somit", "damit", "folglich", "insgesamt"),
    "fr": ("donc", "réponse", "reponse", "ainsi", "finalement", "d'où", "resultat",
           "résultat"),
    "es": ("por lo tanto", "respuesta", "entonces", "así", "luego", "resultado",
           "finalmente"),
}
CONCLUSION_LINE = re.compile(
    r"^\W*(?:" + "|".join(sorted({re.escape(word) for words in CONCLUSION_WORDS.values()
                                  for word in words}, key=len, reverse=True)) + r")(?!\w)",
    re.IGNORECASE)


# Phrases that give a value by pointing at another one ("same as train", "igual que en
# entrenamiento", "wie beim Training"): the words after them name that other value,
# not the one being answered.
SAME_AS_PHRASES: dict[str, tuple[str, ...]] = {
    "en": ("same as", "as for", "as in", "as at", "identical to", "like for", "like in",
           "like at", "equal to the"),
    "de": ("gleich wie", "genauso wie", "wie beim", "wie bei", "wie im", "wie in",
           "identisch mit"),
    "fr": ("pareil que", "identique à", "comme pour", "comme en", "comme à", "comme au",
           "même que"),
    "es": ("igual que", "lo mismo que", "como en", "como para", "idéntico a"),
}
SAME_AS = re.compile(
    r"(?<!\w)(?:" + "|".join(sorted({re.escape(phrase) for phrases in SAME_AS_PHRASES.values()
                                       for phrase in phrases}, key=len, reverse=True))
    + r")(?:\s+(?:el|la|en|the|der|dem|le|los))?\s+[^\W\d_]+", re.IGNORECASE)


def prose_language(words: Sequence[str]) -> str | None:
    """The language (``FUNCTION_WORDS`` key) the words are prose in, or None.

    Example:
        >>> prose_language("la complexité est quadratique en T".split())
        'fr'
        >>> prose_language("thi ten2 ten2 teln ln botteneck".split()) is None
        True
    """
    lowered = [word.lower() for word in words]
    if not lowered:
        return None
    best: tuple[float, str] | None = None
    for language, function_words in FUNCTION_WORDS.items():
        hits = [word for word in lowered if word in function_words]
        share = len(hits) / len(lowered)
        enough = (share >= FUNCTION_WORD_SHARE_DEFAULT
                  and len(set(hits)) >= FUNCTION_WORDS_DISTINCT_MIN)
        if enough and (best is None or share > best[0]):
            best = (share, language)
    return best[1] if best else None


def fold_accents(text: str) -> str:
    """``text`` without diacritics, so "mémoire" and "memoire" compare equal.

    Example:
        >>> fold_accents("entraînement, mémoire, über, año")
        'entrainement, memoire, uber, ano'
    """
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize(
        "NFC", "".join(char for char in decomposed if not unicodedata.combining(char)))
