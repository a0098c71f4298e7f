"""Grade one answer to one part and say why: ``grader rubric try``.

An instructor who adds an accepted form or a misconception tries the answers
it should catch before regrading a class. The answer goes the way a
submission's answer goes (``grader check``): as the slot of a structured
answer sheet, or with ``as_submission`` as a whole free-form submission in
which the reader has to find the part, then through the pipeline's
``grade_part``. Nothing here grades: it only lays out what the pipeline did,
with the part's key beside it for the instructor (never for a student).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from grader.answer import Answer
from grader.checks import PartKey
from grader.outcome import PartResult
from grader.pipeline import grade_part
from grader.rubric.assignment import Assignment
from grader.segment import segment_submission
from grader.segment.sheet import SHEET_MARKER
from grader.selftest import write_value

#: Longest answer text tried: the same order as a submission's size limit.
MAX_TRIAL_CHARS = 200_000


@dataclass(frozen=True)
class Trial:
    """One answer, how the reader found it, and what the pipeline gave."""

    assignment: Assignment
    key: PartKey
    answer: Answer
    result: PartResult
    as_submission: bool

    def to_dict(self) -> dict[str, Any]:
        """Everything shown, for ``--json``; ``ta_only`` is the key (never for students)."""
        result = self.result
        return {
            "assignment": self.assignment.id,
            "part": self.key.part.id,
            "kind": self.key.part.kind,
            "read_as": "free-form submission" if self.as_submission else "answer-sheet slot",
            "text": self.answer.text,
            "final_line": self.answer.final,
            "declared": dict(self.answer.declared),
            "location_confidence": self.answer.confidence,
            "other_readings": list(self.answer.candidates),
            "interpreted_as": result.interpreted_as,
            "status": result.status.value,
            "score": result.score,
            "max_score": result.max_score,
            "feedback": list(result.feedback),
            "ta_notes": list(result.ta_notes),
            "ta_only": key_summary(self.key),
        }


def try_answer(assignment: Assignment, part_id: str, text: str, *,
               as_submission: bool = False) -> Trial:
    """Read ``text`` as the answer to ``part_id`` and grade it with the pipeline.

    Raises:
        KeyError: ``part_id`` is not a part of the assignment (the message lists them).
        ValueError: the text is longer than ``MAX_TRIAL_CHARS``.
    """
    if part_id not in assignment.keys:
        raise KeyError(f"no part {part_id!r} in {assignment.id}; parts: "
                       + ", ".join(assignment.keys))
    if len(text) > MAX_TRIAL_CHARS:
        raise ValueError(f"the answer is {len(text)} characters; at most {MAX_TRIAL_CHARS}")
    key = assignment.keys[part_id]
    document = text if as_submission else _sheet_with(assignment.id, part_id, text)
    answer = segment_submission(document, assignment.rubric)[part_id]
    return Trial(assignment, key, answer, grade_part(answer, key), as_submission)


def _sheet_with(assignment_id: str, part_id: str, text: str) -> str:
    """An answer sheet whose only filled slot is ``part_id``."""
    return f"{SHEET_MARKER.format(id=assignment_id)}\n\n## [{part_id}]\n\n{text.strip()}\n"


def key_summary(key: PartKey) -> dict[str, Any]:
    """The part's key as a TA reads it: reference, wordings, accepted forms,
    misconceptions (each written out when the value can be) and settings."""
    part = key.part
    return {
        "points": part.points,
        "prompt": part.prompt,
        "reference": _shown(key, key.reference, part.reference),
        "model_answer": part.model_answer,
        "accepted": [{"form": _shown(key, value, form.reference), "note": form.note}
                     for form, value in key.accepted],
        "misconceptions": [{"id": m.id, "points": m.points,
                            "form": _shown(key, value, m.reference),
                            "keywords": list(m.keywords), "feedback": m.feedback}
                           for m, value in key.misconceptions],
        "examples": [{"answer": e.answer, "points": e.points, "note": e.note}
                     for e in part.examples],
        "settings": key.params.model_dump(mode="json", exclude_defaults=True),
    }


def _shown(key: PartKey, value: Any, function: str | None) -> str | None:
    """A computed value as a student would write it, with the function it came from."""
    if value is None:
        return None
    written = write_value(key, value)
    if written is None:
        written = f"<{type(value).__name__}>"
    return f"{written}  (from {function}())" if function else written
