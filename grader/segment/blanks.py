"""Placeholders are blank: "TODO", "(ran out of time)", "—", "?", empty sections.

A student who leaves a part open writes something in its place: a to-do
mark, an apology, a dash, a question mark, a LaTeX comment, or just the
question again under its heading. None of that is an answer, and grading it
(or sending it to review) is wrong: the part is missing. The phrases are data
(English, German, French, Spanish); ``is_blank_answer`` looks at the answer's
document blocks (``tree.py``) and drops the ones that are not answering
(headings, rules, questions, restated prompts) before judging the rest.

Example:
    >>> is_placeholder("*(ran out of time)*"), is_placeholder("O(n)")
    (True, False)
"""

from __future__ import annotations

import re
from collections.abc import Callable

from grader.segment.labels import is_label_only, match_label
from grader.segment.tree import read_blocks

#: A line longer than this (in words) is an answer, whatever it also says.
PLACEHOLDER_MAX_WORDS_DEFAULT = 12
#: A blank answer may repeat its question on one line; more lines beside a
#: placeholder are work shown ("… I didn't manage to finish"), graded as such.
RESTATED_LINES_MAX = 1

# Phrases that stand in for an answer, lower case, in the languages students write in.
PLACEHOLDER_PHRASES: tuple[str, ...] = (
    # English
    "todo", "to do", "tbd", "tba", "fixme", "ran out of time", "out of time", "no time",
    "didn't manage", "did not manage", "didn't finish", "did not finish", "not finished",
    "didn't get to", "skipped", "no answer", "not answered", "not attempted",
    "come back to", "will come back", "unfinished", "n/a",
    # German
    "nicht fertig", "keine zeit", "fehlt noch", "nicht geschafft", "nicht bearbeitet",
    "komme ich noch", "zeit reichte nicht",
    # French
    "pas eu le temps", "je reviens dessus", "à faire", "a faire", "pas fini",
    "pas terminé", "manque de temps", "non traité", "à compléter",
    # Spanish
    "no me dio tiempo", "sin tiempo", "por hacer", "pendiente", "no terminé",
    "sin terminar", "sin respuesta",
)
# Lines that are only a mark: dashes, question marks, ellipses, an empty checkbox.
_MARK_ONLY = re.compile(r"^[\s\-–—―_.…?!*~()\[\]#=]*$")
_PHRASE = re.compile(r"(?<![a-zà-ÿ])(?:" + "|".join(
    re.escape(phrase) for phrase in sorted(PLACEHOLDER_PHRASES, key=len, reverse=True))
    + r")(?![a-zà-ÿ])")
# Maths in a line means the student wrote something to grade.
_MATHS = re.compile(r"[=$\\^]|\b[OΘ]\s*\(|\d")
# A line of HTML tags alone ("<aside>", "</details>"), as note apps export a callout.
_TAGS_ONLY = re.compile(r"^\s*(?:</?[A-Za-z][\w-]*(?:\s[^<>]*)?>\s*)+$")
# A LaTeX or code comment line.
_COMMENT = re.compile(r"^\s*(?:%|//)")
_QUOTE_OR_MARKUP = re.compile(r"^[\s>]*(?:\[![a-z]+\]\s*)?|[*_`]")
_WORD = re.compile(r"[^\W\d_]+")


def is_placeholder(line: str, *, max_words: int = PLACEHOLDER_MAX_WORDS_DEFAULT) -> bool:
    """Whether one line stands in for an answer instead of giving one.

    A line is a placeholder when it is only marks ("—", "?", "…"), a comment
    ("% TODO"), or a short line without maths naming a placeholder phrase; in
    "label: rest" only the rest counts ("(iv) showing Z ≈ …: didn't manage").

    Example:
        >>> [is_placeholder(s) for s in ("—", "% TODO", "Nein, nicht fertig.", "x = 2")]
        [True, True, True, False]
    """
    text = _QUOTE_OR_MARKUP.sub("", line).strip()
    if _MARK_ONLY.match(text) or _COMMENT.match(text):
        return True
    tail = text.rsplit(":", 1)[-1] if ":" in text else text
    tail = tail.strip(" \t—–-")
    lowered = tail.lower()
    if not _PHRASE.search(lowered) or _MATHS.search(tail):
        return False
    return len(_WORD.findall(tail)) <= max_words


def is_blank_answer(text: str, restates: Callable[[str], bool] = lambda _: False,
                    is_label: Callable[[str], bool] = lambda _: False) -> bool:
    """Whether an answer's text holds nothing but placeholders and non-answers.

    Headings, rules, front matter, questions (a line ending in "?") and bare
    labels are not answers. The text is blank when it holds a placeholder and
    nothing besides placeholders, non-answers and one line ``restates`` calls
    a restated prompt. Text with no placeholder is not blank, even with nothing
    answering in it: a section holding only the question more likely means
    the answer was put elsewhere than that it was left open.

    Example:
        >>> is_blank_answer("## 2c)\\n\\n> *What does it show?*\\n\\n*TODO*\\n\\n---")
        True
        >>> is_blank_answer("## 2c)\\n\\nTODO: no, it does not converge")
        False
    """
    if not any(is_placeholder(line) for line in text.splitlines() if line.strip()):
        return False  # nothing stands in for an answer (the blocks' lines are these lines)
    lines: list[str] = []
    for block in read_blocks(text):
        if block.role not in ("heading", "rule", "front_matter"):
            lines += [line for line in block.text.splitlines()
                      if line.strip() and not _TAGS_ONLY.match(line)]
    answering = [line for line in lines
                 if not _is_question(line) and not is_label(_QUOTE_OR_MARKUP.sub("", line))]
    held = [line for line in answering if not is_placeholder(line)]
    if len(held) == len(answering):
        return False
    return len(held) <= RESTATED_LINES_MAX and all(
        restates(_QUOTE_OR_MARKUP.sub("", line)) for line in held)


def _is_question(text: str) -> bool:
    """A line asking something (words before its "?"): the question, not an answer."""
    return text.rstrip(" *_)").endswith("?") and bool(_WORD.search(text))


#: A line of prose shorter than this (in words, maths aside) says nothing to grade.
ANSWERING_MIN_WORDS = 3
# Maths, not a bare digit glued to letters: "A5", "hw5", "CS5370" head a page.
_ANSWERING_MATHS = re.compile(
    r"[=≈<>≤≥^√∑Σ∂→∈+*/·×]|\\[a-zA-Z]+|\b[OΘΩ]\s*\(|\b\d+(?:[.,]\d+)?\b(?![.)])")
_NOT_ANSWERING = re.compile(
    r"^\s*(?:#|---|\*\*\*|===|```|\$\$\s*$|\\(?:begin|end|section|subsection|item\s*$|"
    r"documentclass|usepackage|maketitle|title|author|date)\b|[a-z_]+:\s*$)")
_ANSWER_WORD = re.compile(r"[^\W\d_]{2,}")


def is_answering(line: str) -> bool:
    """Whether one line may answer a question: maths, or a few words of prose that
    are not a heading, markup, a question, a placeholder or a bare label.

    Example:
        >>> [is_answering(s) for s in ("TF test O(tn^2L)", "## Q2", "Why?", "TODO", "A5")]
        [True, False, False, False, False]
    """
    text = line.strip().lstrip(">").strip()
    if not text or _NOT_ANSWERING.match(text) or text.endswith("?"):
        return False
    if is_placeholder(text) or is_label_only(text):
        return False
    found = match_label(text)
    body = text[found[1]:] if found is not None else text
    return bool(_ANSWERING_MATHS.search(body)) or len(
        _ANSWER_WORD.findall(body)) >= ANSWERING_MIN_WORDS
