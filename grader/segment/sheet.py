"""The structured answer sheet: one marked slot per part.

``render_sheet`` prints it (``grader template``); ``read_sheet`` reads a filled
one back exactly. Students who want reliable self-checking use it; free-form
submissions go through ``freeform.py`` instead.
"""

from __future__ import annotations

import re

from grader.answer import Answer
from grader.rubric.models import Rubric
from grader.segment.blanks import is_blank_answer

SHEET_MARKER = "<!-- grader answer sheet: {id} -->"
_MARKER_RE = re.compile(r"<!--\s*grader answer sheet:\s*(?P<id>[^\s>]+)\s*-->")
_SLOT_RE = re.compile(r"^##\s*\[(?P<part>[^\]]+)\].*$", re.MULTILINE)
_PLACEHOLDER = "_(your answer)_"


def render_sheet(rubric: Rubric) -> str:
    """A Markdown answer sheet for ``rubric`` with one slot per part.

    Example:
        >>> from grader.rubric.models import Part, Rubric
        >>> toy = Rubric(id="toy", title="Toy", parts=[Part(id="1a.x", points=1, kind="manual")])
        >>> "## [1a.x]" in render_sheet(toy)
        True
    """
    lines = [
        SHEET_MARKER.format(id=rubric.id),
        f"# {rubric.title}: answer sheet",
        "",
        "Write each answer below its heading and above the next one. Keep the",
        "headings as they are: the grader finds your answers by them. Maths may be",
        "LaTeX (`$O(t n^2 L)$`) or plain text (`O(t·n²·L)`); put your final answer",
        "on the last line of its slot, or in `\\boxed{…}`, when you show working.",
        "",
    ]
    if rubric.notation.symbols:
        lines += [f"Symbols: {', '.join(rubric.notation.symbols)}.", ""]
    for part in rubric.parts:
        points = f"{part.points:g} pt{'s' if part.points != 1 else ''}"
        lines += [f"## [{part.id}] {part.prompt} ({points})".replace("  ", " "), "",
                  _PLACEHOLDER, ""]
    return "\n".join(lines)


def is_sheet(text: str) -> bool:
    """Whether ``text`` is a (filled) answer sheet."""
    return bool(_MARKER_RE.search(text)) or len(_SLOT_RE.findall(text)) >= 2


def sheet_assignment(text: str) -> str | None:
    """The assignment id the sheet was made for, if it says."""
    match = _MARKER_RE.search(text)
    return match.group("id") if match else None


def read_sheet(text: str, rubric: Rubric) -> dict[str, Answer]:
    """Read every slot of a filled sheet; parts without a slot or text are empty."""
    slots = list(_SLOT_RE.finditer(text))
    found: dict[str, str] = {}
    for index, slot in enumerate(slots):
        end = slots[index + 1].start() if index + 1 < len(slots) else len(text)
        body = text[slot.end():end].replace(_PLACEHOLDER, "").strip()
        # "TODO", "ran out of time": a slot holding only a placeholder is left empty
        found[slot.group("part").strip()] = "" if is_blank_answer(body) else body
    return {part.id: Answer(part.id, found.get(part.id, ""), final=_final_line(
        found.get(part.id, ""))) for part in rubric.parts}


def _final_line(body: str) -> str | None:
    """The student's final answer when working is shown: the last non-empty line."""
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    return lines[-1] if len(lines) > 1 else None
