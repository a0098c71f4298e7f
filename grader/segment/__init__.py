"""Find each rubric part's answer in a submission's text.

Structured answer sheets (``grader template``) are read exactly by their
slots; anything else goes through the free-form reader, which uses the
rubric's cues and reports its confidence. Lines and answers are bounded in
size on the way in (``limits.py``): a part whose text was cut goes to review.
"""

from __future__ import annotations

from grader.answer import Answer
from grader.rubric.models import Rubric
from grader.segment.limits import cut_long_lines, limit_answer
from grader.segment.sheet import is_sheet, read_sheet, render_sheet


def segment_submission(text: str, rubric: Rubric) -> dict[str, Answer]:
    """One ``Answer`` per rubric part (empty text where none was found)."""
    from grader.segment.freeform import segment_freeform
    from grader.segment.normalise import normalise

    text = cut_long_lines(text)
    if is_sheet(text, rubric):
        answers = read_sheet(normalise(text), rubric)
    else:
        answers = segment_freeform(text, rubric)
    return {part_id: limit_answer(answer) for part_id, answer in answers.items()}


__all__ = ["Answer", "render_sheet", "segment_submission"]
