"""Values that leave a check: verdicts, part results, submission results."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Status(StrEnum):
    """The verdict on one part."""

    CORRECT = "correct"
    PARTIAL = "partial"
    INCORRECT = "incorrect"
    MISSING = "missing"
    NEEDS_REVIEW = "needs_review"


@dataclass(frozen=True)
class CheckOutcome:
    """What a checker concludes about one answer.

    ``feedback`` is safe to show a student: it names the kind of error and at
    most the student's own factors, terms or cells that are wrong, never a
    term, factor, value or cell of the reference or of an accepted form (only
    a misconception's feedback, written by the instructor, is shown verbatim).
    ``interpreted_as`` is the student's own answer as read. ``ta_notes`` is for
    the TA only and may carry evidence such as reference values or a point
    where two expressions differ (``tests/test_no_reference_leaks.py``).
    ``score`` is in points; for ``needs_review`` it is the suggested score.
    """

    status: Status
    score: float
    feedback: tuple[str, ...] = ()
    ta_notes: tuple[str, ...] = ()
    interpreted_as: str | None = None
    matched: str | None = None

    @staticmethod
    def review(reason: str, *, suggested: float = 0.0, interpreted_as: str | None = None,
               notes: tuple[str, ...] = ()) -> CheckOutcome:
        """An undecided outcome: a TA must look."""
        return CheckOutcome(Status.NEEDS_REVIEW, suggested, (reason,), notes, interpreted_as)


def status_for_score(score: float, points: float) -> Status:
    """Map a decided score onto correct / partial / incorrect."""
    if score >= points - 1e-9:
        return Status.CORRECT
    if score > 1e-9:
        return Status.PARTIAL
    return Status.INCORRECT


@dataclass(frozen=True)
class PartResult:
    """The graded result of one rubric part in one submission."""

    part: str
    status: Status
    score: float
    max_score: float
    answer: str
    feedback: tuple[str, ...] = ()
    ta_notes: tuple[str, ...] = ()
    interpreted_as: str | None = None
    confidence: float = 1.0
    #: When a TA's decision set this part's verdict (``grader/decisions.py``): who
    #: decided, and the machine's own (status, score, feedback), kept so the
    #: decision can be withdrawn or set aside later.
    decided_by: str = ""
    machine: tuple[str, float, tuple[str, ...]] | None = None

    def to_dict(self, *, for_student: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            "part": self.part,
            "status": self.status.value,
            "score": round(self.score, 4),
            "max_score": self.max_score,
            "answer": self.answer,
            "feedback": "\n".join(self.feedback),
            "interpreted_as": self.interpreted_as,
            "confidence": round(self.confidence, 3),
        }
        if not for_student:
            data["ta_notes"] = "\n".join(self.ta_notes)
            if self.machine is not None:
                data["decided_by"] = self.decided_by
                data["machine"] = {"status": self.machine[0], "score": self.machine[1],
                                   "feedback": list(self.machine[2])}
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PartResult:
        """The inverse of ``to_dict`` (or of ``dataclasses.asdict``, which keeps
        feedback and notes as lists and is what batch workers send)."""
        return cls(data["part"], Status(data["status"]), float(data["score"]),
                   float(data["max_score"]), data["answer"], _lines(data.get("feedback")),
                   _lines(data.get("ta_notes")), data.get("interpreted_as"),
                   float(data.get("confidence", 1.0)), data.get("decided_by") or "",
                   _machine(data.get("machine")))


@dataclass(frozen=True)
class SubmissionResult:
    """Every part of one submission, in rubric order."""

    submission: str
    source: str
    parts: tuple[PartResult, ...]
    error: str | None = None
    notes: tuple[str, ...] = field(default=())
    #: Hash of the file's bytes and the rubric version it was graded under, so a
    #: later run into the same gradebook keeps it unless either changed.
    digest: str = ""
    version: str = ""
    #: (part, fingerprint of its key) as graded: a later rubric version keeps the
    #: verdicts of parts whose fingerprint did not move (``Assignment.fingerprints``).
    part_keys: tuple[tuple[str, str], ...] = ()

    @property
    def score(self) -> float:
        """Total points; parts in review contribute their suggested score."""
        return sum(p.score for p in self.parts)

    @property
    def decided_score(self) -> float:
        """Points of the parts that are decided (not waiting for a TA)."""
        return sum(p.score for p in self.parts if p.status is not Status.NEEDS_REVIEW)

    @property
    def pending_points(self) -> float:
        """Points at stake in parts still waiting for a TA."""
        return sum(p.max_score for p in self.parts if p.status is Status.NEEDS_REVIEW)

    @property
    def final(self) -> bool:
        """Nothing is pending: the decided score is the grade."""
        return not self.needs_review

    @property
    def max_score(self) -> float:
        return sum(p.max_score for p in self.parts)

    @property
    def needs_review(self) -> bool:
        return self.error is not None or any(
            p.status is Status.NEEDS_REVIEW for p in self.parts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "submission": self.submission,
            "source": self.source,
            "score": round(self.score, 4),
            "decided_score": round(self.decided_score, 4),
            "pending_points": round(self.pending_points, 4),
            "max_score": self.max_score,
            "needs_review": self.needs_review,
            "final": self.final,
            "error": self.error,
            "digest": self.digest,
            "rubric_version": self.version,
            "part_keys": dict(self.part_keys),
            "parts": [p.to_dict() for p in self.parts],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SubmissionResult:
        """The inverse of ``to_dict`` or ``dataclasses.asdict`` (see ``PartResult.from_dict``)."""
        return cls(data["submission"], data["source"],
                   tuple(PartResult.from_dict(p) for p in data["parts"]), data.get("error"),
                   _lines(data.get("notes")), data.get("digest", ""),
                   data.get("version", data.get("rubric_version", "")),
                   _pairs(data.get("part_keys")))


def _pairs(value: Any) -> tuple[tuple[str, str], ...]:
    """``part_keys`` as JSON (a mapping) or ``asdict`` (a list of pairs) stored it."""
    items = value.items() if isinstance(value, dict) else (value or ())
    return tuple((str(k), str(v)) for k, v in items)


def _machine(value: Any) -> tuple[str, float, tuple[str, ...]] | None:
    """The machine verdict under a TA decision, as JSON or ``asdict`` stored it."""
    if isinstance(value, dict):
        value = (value["status"], value["score"], value.get("feedback") or ())
    if isinstance(value, list | tuple) and len(value) == 3:
        return str(value[0]), float(value[1]), tuple(str(f) for f in value[2])
    return None


def _lines(value: str | list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(value.split("\n")) if isinstance(value, str) else tuple(value)
