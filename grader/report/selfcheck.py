"""The student's self-check: how each answer was read and what is wrong.

It never prints a reference answer or an accepted form; checkers keep those
out of ``feedback`` and this module never shows ``ta_notes``.
"""

from __future__ import annotations

from grader.outcome import Status, SubmissionResult
from grader.report.markdown import _STATUS_LABEL

_ICON = {Status.CORRECT: "✔", Status.PARTIAL: "◐", Status.INCORRECT: "✘",
         Status.MISSING: "∅", Status.NEEDS_REVIEW: "?"}
_SNIPPET_CHARS = 160


def render_selfcheck(result: SubmissionResult) -> str:
    """Plain-text self-check report for one submission."""
    lines = [f"Self-check of {result.source or result.submission}", ""]
    if result.error:  # once, not once per part
        return "\n".join([*lines, f"Could not read the submission: {result.error}"]) + "\n"
    for part in result.parts:
        lines.append(f"{_ICON[part.status]} {part.part}: {_STATUS_LABEL[part.status]}"
                     f" ({part.score:g} / {part.max_score:g})")
        if part.answer:
            lines.append(f"    text read: {_snippet(part.answer)}")
        if part.interpreted_as:
            lines.append(f"    interpreted as: {part.interpreted_as}")
        lines += [f"    {line}" for line in part.feedback]
    decided = sum(p.score for p in result.parts if p.status is not Status.NEEDS_REVIEW)
    lines += ["", f"Score so far: {decided:g} / {result.max_score:g}"
              + (" (parts marked ? will be checked by a TA)" if result.needs_review else "")]
    return "\n".join(lines) + "\n"


def _snippet(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _SNIPPET_CHARS else flat[:_SNIPPET_CHARS - 1] + "…"
