"""Find each rubric part's answer in a submission's text.

Structured answer sheets (``grader template``) are read exactly by their
slots; anything else goes through the free-form reader, which uses the
rubric's cues and reports its confidence.
"""

from __future__ import annotations

from grader.answer import Answer
from grader.rubric.models import Rubric
from grader.segment.sheet import is_sheet, read_sheet, render_sheet


def segment_submission(text: str, rubric: Rubric) -> dict[str, Answer]:
    """One ``Answer`` per rubric part (empty text where none was found)."""
    from grader.segment.freeform import segment_freeform
    from grader.segment.normalise import normalise

    if is_sheet(text):
        return read_sheet(normalise(text), rubric)
    return segment_freeform(text, rubric)


__all__ = ["Answer", "render_sheet", "segment_submission"]
