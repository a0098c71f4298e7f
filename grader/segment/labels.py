"""The label grammar: how students number their answers, as one table of patterns.

Students label answers in many ways and many languages ("1a)", "(1) (a)",
"Solution 2 b", "<2> <0>", "## 1 Question 1", "1.1)", "Aufgabe 2", "Teil b)",
"Exercice 3", "Partie c)", "Ejercicio 1", "> [!question] 1b)"). Every form is
one row of ``LABEL_GRAMMAR``: a pattern and how much a label of that form
says (``strong``: a word says it is a label; ``plain``: numbered like a part;
``weak``: a bare number that may be a list item; ``sub``: a sub-part alone).
The words are data too (``QUESTION_WORDS``, ``PART_WORDS``), so a language is
added by adding words, not code. Numbering is evidence, not truth: the reader
weighs a label against document order and content (``freeform.py``).

Example:
    >>> parse_label("Teil b)")
    Label(raw='Teil b)', question=None, sub='b', strong=False, weak=False)
    >>> parse_label("## Aufgabe 2: Attention").question
    '2'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

# Words that open a question label ("Question 2", "Aufgabe 2", "Exercice 2").
QUESTION_WORDS: tuple[str, ...] = (
    # English
    "question", "solution", "problem", "exercise", "answer", "ans", "sol", "q",
    # German
    "aufgabe", "frage", "lösung", "losung",
    # French
    "exercice", "problème", "probleme", "réponse", "reponse",
    # Spanish
    "ejercicio", "problema", "pregunta", "respuesta", "solución", "solucion",
    # Portuguese and Italian
    "questão", "questao", "exercício", "exercicio", "esercizio", "domanda",
    # Dutch and the Scandinavian languages
    "opgave", "vraag", "oppgave", "uppgift",
    # Chinese, Japanese, Korean and Vietnamese ("问题 2", "問2", "문제 3", "Bài 4")
    "问题", "問題", "问", "問", "문제", "bài", "câu",
)
# Question words that also announce a value ("Answer: 3d^2", "Réponse : 2n"):
# followed by a colon and maths, they open the answer, not a label.
ANSWER_WORDS: frozenset[str] = frozenset({"answer", "ans", "réponse", "reponse", "respuesta",
                                          "antwort", "lösung", "losung", "solution", "sol"})
# Words that open a sub-part label ("Part b", "Teil b)", "Partie c)", "Parte a").
PART_WORDS: tuple[str, ...] = ("part", "teil", "teilaufgabe", "partie", "parte", "apartado",
                               "deel", "delopgave", "deloppgave", "deluppgift")
# Words students put between a number and a question word ("## 1 Question 1").
NUMBERED_WORDS: tuple[str, ...] = ("question", "problem", "exercise", "solution",
                                   "aufgabe", "exercice", "ejercicio")
# Obsidian/GitHub callout markers before a label ("> [!question] 1b)").
_CALLOUT = r"(?:\[![A-Za-z]+\][+-]?\s*+)?"


def _words(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


# Possessive (*+) wherever what follows cannot begin with what was matched: the
# same labels, without trying every split of a long run of "*", "_" or spaces
# between two quantifiers (quadratic, minutes on one long line).
# Before a label: quote marks, list bullets, heading marks, Notion toggles (▶ ▸ ►),
# bullet glyphs (• ◦ ➤ ❯) and a ticked or empty checkbox ("- [x]").
_LEAD = (r"^[\s>*#_\-•◦▶▸►▷▹➤❯]*+(?:\[[ xX]\]\s*+)?" + _CALLOUT
         + r"(?:\$\$\s*+)?[*_]*+")
_SUB = r"\(?(?P<sub>[a-h]|\d{1,2})\)?(?![A-Za-z0-9])"

# A second sub-part after a label: "/2c", "/Q2c", " & (c)", "+c" ("2b/2c)", "Q2b/Q2c:").
# After a word ("Teil b) und c)", "(a) and (b)") the second label must close like one.
_ALSO = re.compile(r"\s*(?:[/&+]\s*(?:[qQ]\s*)?(?P<q>\d{1,2})?\s*\(?(?P<sub>[a-hA-H])\)?"
                   r"(?![A-Za-z0-9])|(?:and|und|et|y)\s+\(?(?P<word_sub>[a-hA-H])\)"
                   r"|(?:and|und|et|y)\s+(?P<end_sub>[a-hA-H])(?=\s*[:*]|\s*$))"
                   r"[*_]*\s*[.:)]?[*_]*")

# Roman numerals i-viii, as students number sub-parts ("(i)", "(ii)", "iv)").
_ROMAN_NUMERALS = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii")
_ROMAN = "|".join(sorted(_ROMAN_NUMERALS, key=len, reverse=True))

#: (pattern, strength) in the order they are tried; the first match wins.
LABEL_GRAMMAR: tuple[tuple[re.Pattern[str], str], ...] = (
    # "Question 2", "Solution - (2)(a)", "Aufgabe 1: …", "Exercice 2 b"
    (re.compile(_LEAD + r"(?P<raw>(?P<word>" + _words(QUESTION_WORDS)
                + r")\s*+(?P<sep>[.:#\-]*+)\s*+"
                r"\(?(?P<q>\d{1,2})\)?(?:\s*+[.\-]?+\s*+" + _SUB + r")?)"
                r"(?![A-Za-z0-9])[*_]*\s*[.:)\-]*", re.IGNORECASE), "strong"),
    # "## 1 Question 1"
    (re.compile(_LEAD + r"(?P<raw>(?P<q>\d{1,2})\.?\s+(?:" + _words(NUMBERED_WORDS)
                + r")\s*(?P=q)?)(?![A-Za-z0-9])\s*[.:]*", re.IGNORECASE), "strong"),
    # "Teil b)", "Partie c)", "Part (a)", "Parte 2"
    (re.compile(_LEAD + r"(?P<raw>(?:" + _words(PART_WORDS) + r")(?:[.:\-]?+\s++\(?|\s*+\()"
                r"(?P<s4>[a-h]|\d{1,2})\)?)(?![A-Za-z0-9])[*_]*\s*[.:)\-]*",
                re.IGNORECASE), "plain"),
    # "1.2)", "2.3:"
    (re.compile(_LEAD + r"(?P<raw>(?P<q>\d{1,2})\.(?P<sub>\d{1,2})\)?)(?=\s|$|[*_:])[*_]*:?"),
     "plain"),
    # "1a)", "1 (a)", "(1)(a)", "2.b", "**1.a**", "1-a."
    (re.compile(_LEAD + r"(?P<raw>(?:\((?P<q1>\d{1,2})\)|(?P<q2>\d{1,2}))(?:-|\s*+\.?+\s*+)"
                r"(?:\((?P<s1>[a-h])\)|(?P<s2>[a-h])\)|(?P<s3>[a-h])(?=[\s.:/&+*_]|$)))[*_]*\s*[.:]?"),
     "plain"),
    # "<2> <0>" (OCR of circled numbers)
    (re.compile(_LEAD + r"(?P<raw><(?P<q>\d{1,2})>(?:\s*<(?P<sub>\w)>)?)"), "weak"),
    # "**1.**", "(3)", "24)"
    (re.compile(_LEAD + r"(?P<raw>\(?(?P<q>\d{1,2})[.)])[*_]*(?=\s|$)"), "weak"),
    # "2" alone on its line
    (re.compile(_LEAD + r"(?P<raw>(?P<q>\d{1,2}))\s*$"), "weak"),
    # "c3", "Q 2": OCR'd question marks
    (re.compile(_LEAD + r"(?P<raw>[cCqQ]\s?(?P<q>\d))(?![\w^_{(])"), "weak"),
    # "(ii)", "iv)", "**(iii) Time.**": roman numerals number sub-parts
    (re.compile(_LEAD + r"(?P<raw>\((?P<r1>" + _ROMAN + r")\)|(?P<r2>" + _ROMAN + r")\))[*_]*"
                r"(?=\s|$|[*_:.])", re.IGNORECASE), "sub"),
    # "(b)", "c)", "a" alone
    (re.compile(_LEAD + r"(?P<raw>\((?P<s1>[a-h])\)|(?P<s2>[a-h])\)|(?P<s3>[a-h])\s*$)[*_]*"),
     "sub"),
)
# A one-letter name ("q :", "p", "q =") and, after the label read from it, two or
# more numbers and nothing else: a row of a table of numbers, not "Question 1".
_ROW_NAME = re.compile(r"[A-Za-z](?![A-Za-z])")
_NUMBER_ROW = re.compile(r"(?:[\s,;|&]*+[-+−]?\d+(?:\.\d+)?){2,}[\s|\\]*$")
# Mid-line labels: "\text{b)}" inside a LaTeX array, "... tradeoff. d) No ..."
TEXT_SUB_LABEL = re.compile(r"\\text\{\s*\(?([a-h])\)\s*\}")
INLINE_SUB_LABEL = re.compile(r"(?<=\s)([a-h])\)\s+(?=[A-Za-z0-9$\\])")


@dataclass(frozen=True)
class Label:
    """A question label as written, and what it says."""

    raw: str
    question: str | None
    sub: str | None
    strong: bool = False   # "Question 2", "Solution 3": a word says it is a label
    weak: bool = False     # "24)", "<6>", "c3": a bare number that may be a list item
    itemised: bool = False  # "(iii)": students number items so, not always the sub-parts
    also: tuple[str, ...] = ()  # "2b/2c)": further sub-parts the same answer covers


def parse_label(text: str) -> Label | None:
    """The label at the start of ``text`` (a line), or None.

    Example:
        >>> parse_label("Solution - (2)(a)")
        Label(raw='Solution - (2)(a)', question='2', sub='a', strong=True, weak=False)
    """
    match = match_label(text)
    return match[0] if match else None


def label_text(raw: str) -> str:
    """A label as letters and digits, to compare with the rubric's ("1 (a)" → "1a")."""
    return re.sub(r"[\s()\[\]<>.:*_\-]", "", raw).lower()


def match_label(line: str, cue_labels: frozenset[str] = frozenset()) -> tuple[Label, int] | None:
    """The label at the start of ``line`` and where the rest of the line starts.

    ``cue_labels`` (in ``label_text`` form) are labels the rubric lists: a
    weak label among them ("c3") is trusted as a plain one.
    """
    for pattern, strength in LABEL_GRAMMAR:
        match = pattern.match(line)
        if not match:
            continue
        groups = {key: value for key, value in match.groupdict().items() if value}
        question = groups.get("q") or groups.get("q1") or groups.get("q2")
        sub = next((groups[key] for key in ("sub", "s1", "s2", "s3", "s4") if key in groups), None)
        roman = groups.get("r1") or groups.get("r2")
        if roman:  # "(iii)" is the third sub-part: "c"
            sub = chr(ord("a") + _ROMAN_NUMERALS.index(roman.lower()))
        if sub is not None:
            sub = sub.lower()
            if strength == "weak" and not sub.isalpha():
                sub = None  # "<2> <0>": the second number is OCR noise
        if strength == "strong" and question is None:
            continue
        if _announces_value(groups, line, match.end()):
            return None  # "Réponse : 3d^2": the value, not Question 3 (d)
        if _ROW_NAME.match(match.group("raw")) and _NUMBER_ROW.match(line, match.end()):
            return None  # "q :  1   2   2   0": a table row named q, not Question 1
        label = Label(match.group("raw").strip(), question, sub,
                      strong=strength == "strong", weak=strength == "weak",
                      itemised=bool(roman))
        if label.weak and cue_labels and label_text(label.raw) in cue_labels:
            label = Label(label.raw, question, sub)  # the rubric lists it ("c3")
        also = _ALSO.match(line, match.end()) if sub is not None and sub.isalpha() else None
        second = also and (also.group("sub") or also.group("word_sub") or also.group("end_sub"))
        if second and (also.group("q") in (None, question)) and second.lower() > sub:
            # "2b/2c)", "Q2b/Q2c:", "(b) & (c)", "Teil b) und c)": one answer, two sub-parts
            label = replace(label, raw=label.raw + also.group(0).rstrip(),
                            also=(second.lower(),))
            return label, also.end()
        return label, match.end()
    return None


# What follows a number that makes it maths: "3d^2", "2n*d", "4 = …", "3(d+1)", "0 < η".
_MATHS_AFTER = re.compile(r"[\^*/=+_({\\<>≤≥≈≠]|\s*[=+*/^<>≤≥≈≠]")


def _announces_value(groups: dict[str, str], line: str, end: int) -> bool:
    """An answer word, a colon, then maths: "Answer: 3d^2" states a value."""
    word = groups.get("word", "").lower()
    return (word in ANSWER_WORDS and ":" in groups.get("sep", "")
            and bool(_MATHS_AFTER.match(line, end)))


_ANSWER_LINE = re.compile(r"^\W*(?:final\s+)?(?:" + "|".join(sorted(ANSWER_WORDS, key=len,
                                                                   reverse=True)) + r")(?!\w)",
                          re.IGNORECASE)


def opens_with_answer_word(line: str) -> bool:
    """Whether ``line`` is marked as the result by an answer word ("Answer: …",
    "**Final answer** …", "Réponse : …"), unlike a line taken as the result only
    because it comes last or opens with "so"."""
    return bool(_ANSWER_LINE.match(line))


_EMPHASIS = ("**", "__")


def text_after_label(line: str, end: int) -> str:
    """What follows the label ending at ``end``, without the closing emphasis
    marker of a bold the label opened: in "**Answer 1(a): 4d²**" the label takes
    "**Answer 1(a):", and the answer is "4d²", not "4d²**" (which reads as maths
    that ends too early)."""
    rest = line[end:]
    for marker in _EMPHASIS:
        if line.count(marker, 0, end) % 2 and marker in rest:
            at = rest.index(marker)
            rest = rest[:at] + rest[at + len(marker):]
    return rest


def is_label_only(text: str) -> bool:
    """Whether ``text`` is a label and nothing else ("Partie c)", "**2.3**").

    Example:
        >>> is_label_only("Partie c)"), is_label_only("2.3) (Implemented)")
        (True, False)
    """
    found = match_label(text)
    return found is not None and not text[found[1]:].strip(" \t*_.:)")
