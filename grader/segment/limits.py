"""Size limits on the text the segmenter reads, and what happens past them.

Submissions are untrusted: a file may hold one line of 100,000 spaces, or a
part's "answer" may be a whole book pasted in. The readers are linear, but
line-by-line heuristics and the checkers after them are not all cheap, so
text is bounded where it enters the segmenter:

- a line longer than ``MAX_LINE_CHARS_DEFAULT`` is cut there and a marker
  saying so is put in its place (the rest of the line is not read);
- an answer longer than ``MAX_ANSWER_CHARS_DEFAULT`` is cut the same way.

A part whose text holds a cut is not decided automatically: its confidence is
capped at ``CUT_CONFIDENCE_DEFAULT`` (below the pipeline's threshold for a
decision), so it goes to ``needs_review`` and the marker in the text read tells
the TA why.
"""

from __future__ import annotations

from dataclasses import replace

from grader.answer import Answer

MAX_LINE_CHARS_DEFAULT = 4_000
"""Longest line read. The longest line in the real and sample submissions is
under 700 characters (an OCR'd paragraph); a line six times that is a pasted
blob or an attack, and cutting it keeps per-line work bounded."""

MAX_ANSWER_CHARS_DEFAULT = 20_000
"""Longest answer passed to a checker (whole real submissions are under 5,000
characters); the maths reader itself reads at most 2,000 per expression."""

CUT_CONFIDENCE_DEFAULT = 0.4
"""Confidence of a part whose text was cut: below the pipeline's decision
threshold (0.6), so a TA confirms the grade."""

MAX_UNITS_DEFAULT = 1_000
"""Most units (labelled blocks and paragraphs) the free-form reader cuts a text
into; real submissions have under 200. Past it the rest of the text continues
the last unit: every unit is scored against every part, so 16,000 one-line
labels took seconds; that long answer is then cut and goes to review."""

OPENING_WINDOW_CHARS_DEFAULT = 120
"""How much of the text after a word the free-form reader reads to decide whether
that word opens a clause ("space O(nL)"): the word and a keyword starting in it.
Reading the whole rest of the sentence at every word was quadratic."""

CUT_MARK = "[…cut: {count} more characters not read]"
_CUT_PREFIX = CUT_MARK.split("{", 1)[0]


def cut_long_lines(text: str, limit: int = MAX_LINE_CHARS_DEFAULT) -> str:
    """``text`` with every line longer than ``limit`` cut there and marked.

    Example:
        >>> cut_long_lines("ab\\n" + "x" * 12, limit=5)
        'ab\\nxxxxx […cut: 7 more characters not read]'
    """
    if len(text) <= limit:
        return text
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if len(line) > limit:
            lines[index] = f"{line[:limit]} {CUT_MARK.format(count=len(line) - limit)}"
    return "\n".join(lines)


def limit_answer(answer: Answer, limit: int = MAX_ANSWER_CHARS_DEFAULT) -> Answer:
    """``answer`` cut to ``limit`` characters, and sent to review if it holds a cut."""
    text, final = answer.text, answer.final
    if len(text) > limit:
        text = f"{text[:limit]} {CUT_MARK.format(count=len(text) - limit)}"
    if final is not None and len(final) > limit:
        final = f"{final[:limit]} {CUT_MARK.format(count=len(final) - limit)}"
    if _CUT_PREFIX not in text and (final is None or _CUT_PREFIX not in final):
        return answer
    return replace(answer, text=text, final=final,
                   confidence=min(answer.confidence, CUT_CONFIDENCE_DEFAULT))
