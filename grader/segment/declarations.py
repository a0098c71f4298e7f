r"""Students' own notation: "Let t = sequence length", "let d be the number of neurons".

``find_declarations`` maps each symbol a student introduced to the phrase they
gave for it; ``map_declarations`` maps those onto the assignment's symbols
through the rubric's ``notation.meanings``, keeping only unambiguous matches.

Example:
    >>> find_declarations(r"Let $t$ = sequence length. let d be the number of neurons")
    {'t': 'sequence length', 'd': 'number of neurons'}
    >>> map_declarations({'d': 'number of neurons'}, {'n': ['neurons', 'width']})
    {'d': 'n'}
"""

from __future__ import annotations

import re

from grader.segment.language import fold_accents

# A symbol: one letter, optionally with a simple subscript (d_k, d_{model}),
# optionally in $...$. Whitespace is only allowed inside the "$" (and taken
# possessively): "\$?\s*" let a match start at every space of a long run and
# "\s*\$?" + "\s*" split a run two ways (quadratic, then cubic, in its length).
_SYMBOL = r"(?:\$\s*+)?(?P<sym>[A-Za-z](?:_\{?[A-Za-z0-9]+\}?)?)\s*+(?:\$\s*+)?"
_VERB = r"(?:=|:=|:|\bbe\b|\bis\b|\bdenotes?\b|\brepresents?\b|\bstands?\s+for\b|\bas\b)"
_PHRASE = r"(?P<phrase>[A-Za-z][A-Za-z \-']{2,80}?)"
_END = r"(?=\s*(?:[.,;:\n$)]|\band\b\s+\$?[A-Za-z](?:_\S+)?\s*\$?\s*(?:=|\bbe\b|\bis\b)|$))"
_DECLARATION = re.compile(
    r"(?:(?<![A-Za-z\\])(?:let|where|with|and|here)\s++)?(?<![A-Za-z0-9_\\{])" + _SYMBOL
    + _VERB + r"\s*+" + _PHRASE + _END, re.IGNORECASE)
_ARTICLES = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
# Phrases that say what something *is like*, not what a symbol names.
_NOT_A_NAME = re.compile(r"^(?:not|also|very|still|equal|given|defined|same|true|false|"
                         r"because|as|so|than|then|in|at|on|of|to|we|it|this|that|too|more|less)\b",
                         re.IGNORECASE)


# Other languages declare with a lead word and an article: "Sei $T$ die Sequenzlänge,
# $L$ die Anzahl der Schichten und $d$ die Breite", "Je note $T$ la longueur …, $n$ le
# nombre de neurones", "Sea $d$ el ancho". The lead word opens a run of declarations
# (to the end of its sentence); within it each "symbol article phrase" is one.
DECLARATION_LEADS: tuple[str, ...] = (
    "sei", "seien", "bezeichne", "bezeichnet",          # German
    "soit", "soient", "je note", "on note", "notons",   # French
    "sea", "sean", "denotamos", "llamamos",             # Spanish
)
ARTICLES: tuple[str, ...] = ("die", "der", "das", "den", "le", "la", "les", "l'", "el", "los",
                             "las", "lo")
_LEAD_WORD = re.compile(r"(?<![^\W\d_])(?:" + "|".join(re.escape(w) for w in DECLARATION_LEADS)
                        + r")(?![^\W\d_])", re.IGNORECASE)
_SENTENCE_END = re.compile(r"\.(?:\s|$)|\n\s*\n|:\s*$", re.MULTILINE)
_LETTERS = r"A-Za-z\u00C0-\u017F"
_ARTICLE_DECLARATION = re.compile(
    r"(?<![A-Za-z0-9_\\{])" + _SYMBOL + r"(?:" + "|".join(re.escape(a) for a in ARTICLES)
    + rf")\s*+(?P<phrase>[{_LETTERS}][{_LETTERS} \-']{{2,80}}?)"
    + r"(?=\s*(?:[.,;:\n$()]|\b(?:und|et|y|and)\b\s+\$|$))", re.IGNORECASE)
#: How far after a lead word its run of declarations may go.
DECLARATION_RUN_CHARS = 400


def find_declarations(text: str) -> dict[str, str]:
    """Student symbol → the phrase the student gave for it (first declaration wins).

    Example:
        >>> find_declarations("N = length of the input sequence, d = hidden size")
        {'N': 'length of the input sequence', 'd': 'hidden size'}
    """
    found: dict[str, str] = {}
    for match in _DECLARATION.finditer(text):
        symbol = re.sub(r"[{}]", "", match.group("sym"))
        phrase = _ARTICLES.sub("", " ".join(match.group("phrase").split())).strip(" -'")
        words = phrase.split()
        if not words or len(words[0]) < 3 or _NOT_A_NAME.match(phrase):
            continue
        if symbol.lower() in {"is", "be", "as"}:
            continue
        found.setdefault(symbol, phrase)
    for symbol, phrase in _declarations_after_leads(text):
        found.setdefault(symbol, phrase)
    return found


def _declarations_after_leads(text: str) -> list[tuple[str, str]]:
    """("T", "Sequenzlänge") for each "symbol article phrase" in a lead word's sentence.

    Example:
        >>> _declarations_after_leads("Sei $T$ die Sequenzlänge und $d$ die Breite.")
        [('T', 'Sequenzlänge'), ('d', 'Breite')]
    """
    found = []
    for lead in _LEAD_WORD.finditer(text):
        run = text[lead.end():lead.end() + DECLARATION_RUN_CHARS]
        end = _SENTENCE_END.search(run)
        run = run[:end.start()] if end else run
        for match in _ARTICLE_DECLARATION.finditer(run):
            phrase = " ".join(match.group("phrase").split()).strip(" -'")
            if len(phrase) >= 3:
                found.append((re.sub(r"[{}]", "", match.group("sym")), phrase))
    return found


def map_declarations(declared: dict[str, str],
                     meanings: dict[str, list[str]]) -> dict[str, str]:
    """Student symbol → assignment symbol, where the phrase names exactly one symbol.

    A phrase names a symbol when every word of one of the symbol's meanings
    occurs in it; when it names several, the one named first wins ("number of
    neurons at each layer" is ``n``). Phrases naming none, or several at the
    same place, are dropped.

    Example:
        >>> map_declarations({'t': 'sequence length', 'k': 'kernel'}, {'t': ['sequence length']})
        {'t': 't'}
    """
    mapped: dict[str, str] = {}
    for symbol, phrase in declared.items():
        words = _stems(phrase)
        # Where in the phrase each symbol's meaning starts: the head noun comes
        # first ("number of neurons at each layer" is about neurons, not layers).
        starts: dict[str, int] = {}
        for target, phrases in meanings.items():
            for meaning in phrases:
                wanted = _stems(meaning)
                if wanted and set(wanted) <= set(words):
                    first = words.index(wanted[-1])  # the head noun: "number of LAYERS"
                    starts[target] = min(starts.get(target, first), first)
        if not starts:
            continue
        best = min(starts.values())
        heads = [target for target, start in starts.items() if start == best]
        if len(heads) == 1:
            mapped[symbol] = heads[0]
    return mapped


def _stems(phrase: str) -> list[str]:
    words = re.findall(r"[a-z]+", fold_accents(phrase).lower())
    return [word[:-1] if len(word) > 3 and word.endswith("s") else word
            for word in words if word not in {"the", "a", "an", "of", "each", "per"}]
