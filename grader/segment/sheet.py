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


def is_sheet(text: str, rubric: Rubric | None = None) -> bool:
    """Whether ``text`` is a (filled) answer sheet: the sheet's marker, or two slot
    headings, the sheet's own (``## [1a.x] …``) or, given the rubric, lines opening
    with a part id however the student's editor decorated them (``▶ **1a.x**``,
    ``### 1a.x:``), as when the sheet's headings are copied into another document."""
    if _MARKER_RE.search(text) or len(_SLOT_RE.findall(text)) >= 2:
        return True
    return rubric is not None and len({part for part, _s, _e in _id_lines(text, rubric)}) >= 2


# Around a part id at the head of a line: quote and list marks, headings, toggles,
# bold and brackets; after it, a closing mark, then the prompt or nothing.
_ID_LEAD = re.compile(r"^[\s>#*_\-–•▶▸►▷▹❯\[(]*")
_ID_TAIL = re.compile(r"^[\]*_):.\s]*(?:$|\s|[—–-]\s)")


def _id_lines(text: str, rubric: Rubric) -> list[tuple[str, int, int]]:
    """(part id, line start, line end) of every line that opens with a part id."""
    ids = {part.id: part.id for part in rubric.parts}  # as printed on the sheet
    found = []
    for line in re.finditer(r"^.*$", text, re.MULTILINE):
        head = line.group(0)
        lead = _ID_LEAD.match(head).end()
        token = re.match(r"[\w.]+", head[lead:])
        if token is None:
            continue
        word = token.group(0).rstrip(".")
        tail = _ID_TAIL.match(head[lead + len(word):])
        if word in ids and tail:
            # "**1a.x:** 4d²" answers on the heading's line; a copied prompt does not
            rest = head[lead + len(word) + tail.end():]
            end = line.end() if _is_prompt(rest, rubric, ids[word]) else line.end() - len(rest)
            found.append((ids[word], line.start(), end))
    return found


def _is_prompt(rest: str, rubric: Rubric, part_id: str) -> bool:
    prompt = next(part.prompt for part in rubric.parts if part.id == part_id) or ""
    said, asked = _letters(rest), _letters(prompt)
    return not said or (bool(asked) and (said.startswith(asked[:24]) or asked.startswith(said)))


def _letters(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.lower())


def sheet_assignment(text: str) -> str | None:
    """The assignment id the sheet was made for, if it says."""
    match = _MARKER_RE.search(text)
    return match.group("id") if match else None


def read_sheet(text: str, rubric: Rubric) -> dict[str, Answer]:
    """Read every slot of a filled sheet; parts without a slot or text are empty."""
    slots = [(m.group("part").strip(), m.start(), m.end()) for m in _SLOT_RE.finditer(text)]
    if len(slots) < 2 and not _MARKER_RE.search(text):
        slots = _id_lines(text, rubric)
    found: dict[str, str] = {}
    for index, (part_id, _start, head_end) in enumerate(slots):
        end = slots[index + 1][1] if index + 1 < len(slots) else len(text)
        body = text[head_end:end].replace(_PLACEHOLDER, "").strip()
        found[part_id] = "" if body and is_blank_answer(body) else body  # "TODO", "—"
    return {part.id: Answer(part.id, found.get(part.id, ""), final=_final_line(
        found.get(part.id, ""))) for part in rubric.parts}


def _final_line(body: str) -> str | None:
    """The student's final answer when working is shown: the last non-empty line."""
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    return lines[-1] if len(lines) > 1 else None
