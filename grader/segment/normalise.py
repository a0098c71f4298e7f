"""Clean a submission's text before answers are looked for in it.

Crossed-out work is removed, boxed answers are kept and marked, and the
Unicode look-alikes OCR produces (minus signs, non-breaking spaces,
zero-width characters) are unified. The result is a new string: nothing
downstream needs offsets into the original.

The mark for a boxed answer is the canonical ``\\boxed{...}`` itself
(``\\fbox``, ``\\framebox`` and ``\\Box{...}`` become ``\\boxed``), not a
private character: the answer-sheet reader and the maths reader also see
normalised text, and a private mark would leak into their input.
``boxed_contents`` and ``unbox`` read and drop the mark.

Example:
    >>> normalise("x = ~~3~~ 4, \\\\cancel{y} \\\\boxed{z − 1}")
    'x =  4,  \\\\boxed{z - 1}'
"""

from __future__ import annotations

import re

from grader.brackets import bracket_pairs

# Commands whose argument is crossed-out work (dropped with the argument).
_STRIKE_COMMANDS = ("cancel", "bcancel", "xcancel", "sout", "st", "xout", "strike")
# Commands whose argument is the student's final answer.
_BOX_COMMANDS = ("boxed", "fbox", "framebox", "Box")

# ~~...~~, not across paragraphs. The blank-line test is "\n[^\S\n]*\n" (the
# same lines as "\n\s*\n") so that it stops at the next newline instead of
# scanning a whole run of whitespace from each newline in it.
_STRIKE_TILDES = re.compile(r"~~(?:(?!\n[^\S\n]*\n).)*?~~", re.DOTALL)
# <del>…</del>, <s>…</s>, <strike>…</strike>: found by _drop_strike_tags.
_STRIKE_OPEN = re.compile(r"<(del|s|strike)\b", re.IGNORECASE)
_STRIKE_CLOSE = {name: re.compile(rf"</{name}\s*>", re.IGNORECASE)
                 for name in ("del", "s", "strike")}
_STRAY_STRIKE_TAG = re.compile(r"</?(?:del|s|strike)\s*>", re.IGNORECASE)

# Full-width forms (U+FF01–U+FF5E), as East Asian keyboards type them: "（ａ）", "：",
# "Ｏ（ｎ²）" are the ASCII characters "(a)", ":", "O(n²)"; an ideographic space,
# comma and full stop are a space, ", " and ". ".
_FULL_WIDTH = {chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}
_FULL_WIDTH.update({"\u3000": " ", "\u3001": ", ", "\u3002": ". "})

_CHAR_MAP = str.maketrans({
    **_FULL_WIDTH,
    "\u2212": "-",   # minus sign
    "\ufe63": "-",   # small hyphen-minus
    "\uff0d": "-",   # fullwidth hyphen-minus
    "\u2010": "-",   # hyphen
    "\u2011": "-",   # non-breaking hyphen
    "\u00a0": " ",   # no-break space
    "\u2007": " ",   # figure space
    "\u202f": " ",   # narrow no-break space
    "\u2009": " ",   # thin space
    "\u200a": " ",   # hair space
    "\u3000": " ",   # ideographic space
    "\u200b": None,  # zero-width space
    "\u200c": None,  # zero-width non-joiner
    "\u200d": None,  # zero-width joiner
    "\u2060": None,  # word joiner
    "\ufeff": None,  # byte-order mark / zero-width no-break space
})

_MANY_BLANK_LINES = re.compile(r"\n{3,}")
# Paragraphs at least this long that repeat an earlier one verbatim are OCR
# page previews (seeds 000-004 all start with one) and are dropped.
DUPLICATE_PARAGRAPH_MIN_CHARS = 60


def normalise(text: str) -> str:
    """Text with crossed-out work removed and boxed answers marked.

    Args:
        text: a submission's text (Markdown, LaTeX fragments, plain text).

    Returns:
        The cleaned text: ``~~…~~``, ``<del>…</del>``, ``\\cancel{…}``,
        ``\\sout{…}``, ``\\xcancel{…}``, ``\\st{…}`` removed (also inside maths);
        ``\\fbox{…}`` and friends spelled ``\\boxed{…}``; Unicode minus signs and
        odd spaces unified; repeated long paragraphs dropped.

    Example:
        >>> normalise("a ~~wrong~~ right")
        'a  right'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_CHAR_MAP)
    text = _STRIKE_TILDES.sub("", text)
    text = _drop_strike_tags(text)
    text = _STRAY_STRIKE_TAG.sub("", text)
    text = _drop_commands(text, _STRIKE_COMMANDS)
    text = _rename_commands(text, _BOX_COMMANDS, "boxed")
    # rstrip per line, not re.sub("[ \t]+$", MULTILINE): the regex retries at
    # every space of a long run before text and takes minutes on one long line.
    text = "\n".join(line.rstrip(" \t") for line in text.split("\n"))
    text = _drop_repeated_paragraphs(text)
    return _MANY_BLANK_LINES.sub("\n\n", text).strip("\n")


def boxed_contents(text: str) -> list[str]:
    """The contents of every ``\\boxed{…}`` in ``text``, in order.

    Example:
        >>> boxed_contents("so \\\\boxed{q = k_a + k_b} and \\\\boxed{1 = 1}")
        ['q = k_a + k_b', '1 = 1']
    """
    found = []
    for start, arg_start, end in _command_spans(text, ("boxed",)):
        del start
        found.append(text[arg_start + 1:end - 1].strip())
    return found


def unbox(text: str) -> str:
    """``text`` with each ``\\boxed{X}`` replaced by ``X``.

    Example:
        >>> unbox("$\\\\boxed{x^2}$")
        '$x^2$'
    """
    out, last = [], 0
    for start, arg_start, end in _command_spans(text, ("boxed",)):
        out.append(text[last:start])
        out.append(text[arg_start + 1:end - 1])
        last = end
    out.append(text[last:])
    return "".join(out)


def _drop_strike_tags(text: str) -> str:
    """``text`` without ``<del>…</del>`` (``<s>``, ``<strike>``; any case, across lines).

    What ``<(del|s|strike)\\b[^>]*>.*?</\\1\\s*>`` (DOTALL) removes, found in one
    pass: the regex scanned to the end of the text from every opening tag that
    is never closed (quadratic in a text full of them). Here a tag name once
    found unclosed after some offset is not searched for again.
    """
    out: list[str] = []
    last = position = 0
    unclosed_after: dict[str, int] = {}
    tag_end = -1
    while match := _STRIKE_OPEN.search(text, position):
        position = match.start() + 1
        name = match.group(1).lower()
        if tag_end < match.end():  # the first ">" after the tag name
            tag_end = text.find(">", match.end())
            if tag_end < 0:  # no ">" left: no opening tag can be completed any more
                break
        if name in unclosed_after and tag_end >= unclosed_after[name]:
            continue
        close = _STRIKE_CLOSE[name].search(text, tag_end + 1)
        if close is None:
            unclosed_after[name] = tag_end
            continue
        out.append(text[last:match.start()])
        last = position = close.end()
    out.append(text[last:])
    return "".join(out)


def _command_spans(text: str, names: tuple[str, ...]) -> list[tuple[int, int, int]]:
    """(command start, argument's "{" offset, end after "}") of ``\\name{…}`` uses.

    Braces are balanced; an escaped brace ``\\{`` does not count. A command
    whose argument never closes is ignored (left in the text as it is).
    """
    pattern = re.compile(r"\\(?:" + "|".join(map(re.escape, names)) + r")(?![A-Za-z])\s*")
    spans: list[tuple[int, int, int]] = []
    position = 0
    closers: dict[int, int] | None = None
    while True:
        match = pattern.search(text, position)
        if match is None:
            return spans
        arg_start = match.end()
        if arg_start < len(text) and text[arg_start] == "[":  # \framebox[width]{...}
            close = text.find("]", arg_start)
            arg_start = close + 1 if close >= 0 else arg_start
            while arg_start < len(text) and text[arg_start] == " ":
                arg_start += 1
        if closers is None:  # one pass, not a scan to the end per unclosed command
            closers = bracket_pairs(text)
        close = closers.get(arg_start)
        if close is None:
            position = match.end()
            continue
        end = close + 1
        spans.append((match.start(), arg_start, end))
        position = end


def _drop_commands(text: str, names: tuple[str, ...]) -> str:
    # \cancelto{value}{expr}: both arguments are crossed out.
    text = re.sub(r"\\cancelto\s*\{[^{}]*\}", r"\\cancel", text)
    # Spans are found left to right without overlap, so nested strikes go with
    # their outer command.
    out, last = [], 0
    for start, _arg_start, end in _command_spans(text, names):
        out.append(text[last:start])
        last = end
    out.append(text[last:])
    return "".join(out)


def _rename_commands(text: str, names: tuple[str, ...], new: str) -> str:
    others = tuple(name for name in names if name != new)
    out, last = [], 0
    for start, arg_start, end in _command_spans(text, others):
        out.append(text[last:start])
        out.append(f"\\{new}{text[arg_start:end]}")
        last = end
    out.append(text[last:])
    return "".join(out)


def _drop_repeated_paragraphs(text: str) -> str:
    seen: set[str] = set()
    kept = []
    for paragraph in re.split(r"\n\s*\n", text):
        key = " ".join(paragraph.split())
        if len(key) >= DUPLICATE_PARAGRAPH_MIN_CHARS:
            if key in seen:
                continue
            seen.add(key)
        kept.append(paragraph)
    return "\n\n".join(kept)
