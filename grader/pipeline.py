"""The one place that orchestrates grading: file → answers → checks → results."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

from grader.answer import Answer
from grader.cache import CheckCache
from grader.checks import PartKey, get_checker
from grader.errors import CheckTimeout, GraderError
from grader.ingest import read_submission
from grader.outcome import CheckOutcome, PartResult, Status, SubmissionResult
from grader.rubric.assignment import Assignment
from grader.segment import segment_submission
from grader.segment.limits import cut_long_lines
from grader.segment.sheet import is_sheet
from grader.time_limits import time_limit

log = logging.getLogger(__name__)

#: Below this extraction confidence an answer is graded for a suggested score
#: but sent to a TA: a confident wrong grade is the worst thing we can do.
CONFIDENCE_FOR_DECISION_DEFAULT = 0.6


def grade_submission(path: Path, assignment: Assignment, *,
                     cache: CheckCache | None = None) -> SubmissionResult:
    """Grade one submission file against every part of ``assignment``.

    Never raises for a bad submission: an unreadable file gives a result whose
    parts are all ``needs_review`` and whose ``error`` says why. With a
    ``cache``, an answer already checked under this rubric version is not
    checked again (``grader/cache.py``).
    """
    try:
        submission = read_submission(path)
        answers = find_answers(submission.text, assignment)
    except GraderError as exc:
        return unreadable_result(path, assignment, str(exc))
    except (RecursionError, MemoryError) as exc:
        return unreadable_result(path, assignment, f"{path}: too deeply nested or too large "
                                 f"to read ({type(exc).__name__})")
    except Exception as exc:  # one bad file never stops a batch
        log.exception("reading %s failed", path)
        return unreadable_result(path, assignment, f"{path}: the grader could not read this "
                                 f"submission (internal error: {type(exc).__name__})")
    return grade_answers(answers, assignment, name=submission.name, source=submission.source,
                         notes=tuple(submission.warnings), cache=cache)


def grade_text(text: str, assignment: Assignment, *, name: str = "submission",
               source: str = "", notes: tuple[str, ...] = (),
               cache: CheckCache | None = None) -> SubmissionResult:
    """Grade submission text that is already read (the self-check uses this too)."""
    return grade_answers(find_answers(text, assignment), assignment, name=name,
                         source=source, notes=notes, cache=cache)


def find_answers(text: str, assignment: Assignment) -> dict[str, Answer]:
    """Each part's answer in ``text``; those read from an answer sheet's slots are
    marked ``in_slot`` (the slot, not the reader, says which part they answer)."""
    answers = segment_submission(text, assignment.rubric)
    if is_sheet(cut_long_lines(text), assignment.rubric):  # as segment_submission decides
        answers = {part_id: replace(answer, in_slot=True) for part_id, answer in answers.items()}
    return answers


def grade_answers(answers: dict[str, Answer], assignment: Assignment, *,
                  name: str = "submission", source: str = "", notes: tuple[str, ...] = (),
                  cache: CheckCache | None = None) -> SubmissionResult:
    """Check answers already found, part by part, in rubric order."""
    parts = tuple(grade_part(answers.get(part.id, Answer(part.id, "")), assignment.keys[part.id],
                             cache=cache, version=assignment.version)
                  for part in assignment.rubric.parts)
    return SubmissionResult(name, source, parts, notes=notes)


def grade_part(answer: Answer, key: PartKey, *, cache: CheckCache | None = None,
               version: str = "") -> PartResult:
    """Check one answer, under the part's time limit, and shape the result.

    With a ``cache`` (and the assignment ``version`` it is keyed on), a stored
    outcome replaces the check; outcomes of checks that timed out or failed
    are not stored, so a slow moment never becomes every student's verdict.
    """
    if answer.is_empty:
        return _result(answer, key, _nothing_found(answer))
    outcome = cache.get(version, key.part.id, answer) if cache is not None else None
    if outcome is None:
        outcome, decided = _run_checker(answer, key)
        if cache is not None and decided:
            cache.put(version, key.part.id, answer, outcome)
    if answer.confidence < CONFIDENCE_FOR_DECISION_DEFAULT and outcome.status in (
            Status.CORRECT, Status.PARTIAL, Status.INCORRECT):
        outcome = CheckOutcome(
            Status.NEEDS_REVIEW, outcome.score,
            (f"the answer to this part could not be located with confidence "
             f"({answer.confidence:.0%}); a TA will confirm it", *outcome.feedback),
            (f"checker said {outcome.status.value} ({outcome.score:g} pts) on the text read",
             *outcome.ta_notes),
            outcome.interpreted_as, outcome.matched)
    return _result(answer, key, outcome)


def _nothing_found(answer: Answer) -> CheckOutcome:
    """``missing`` when the reader is sure the part is unanswered (an empty slot,
    a placeholder under the part's label); when it merely found nothing for the
    part, the answer may sit under a layout it did not follow, and a confident
    zero would be the worst outcome: a TA looks instead."""
    if answer.confidence >= CONFIDENCE_FOR_DECISION_DEFAULT:
        return CheckOutcome(Status.MISSING, 0.0, ("no answer found",))
    return CheckOutcome(
        Status.NEEDS_REVIEW, 0.0,
        ("no answer to this part was found, but the grader is not sure it is absent; "
         "a TA will look",),
        ("the reader placed no text under this part and saw no placeholder for it",))


def _run_checker(answer: Answer, key: PartKey) -> tuple[CheckOutcome, bool]:
    """The checker's outcome, and whether the checker itself decided it (which
    a timeout or an internal error did not)."""
    checker = get_checker(key.part.kind)
    try:
        with time_limit(key.part.time_limit):
            return checker.check(answer, key), True
    except CheckTimeout:
        return CheckOutcome.review("check timed out"), False
    except RecursionError:
        return CheckOutcome.review("the answer is nested too deeply to check"), True
    except Exception as exc:  # one bad answer never stops a batch
        log.exception("checker %s failed on part %s", key.part.kind, key.part.id)
        return CheckOutcome.review("the grader could not check this answer",
                                   notes=(f"internal error: {exc!r}",)), False


def _result(answer: Answer, key: PartKey, outcome: CheckOutcome) -> PartResult:
    return PartResult(
        part=key.part.id,
        status=outcome.status,
        score=min(max(outcome.score, 0.0), key.points),
        max_score=key.points,
        answer=answer.text.strip(),
        feedback=outcome.feedback,
        ta_notes=outcome.ta_notes + tuple(f"other reading: {c}" for c in answer.candidates),
        interpreted_as=outcome.interpreted_as,
        confidence=answer.confidence,
    )


def unreadable_result(path: Path, assignment: Assignment, reason: str) -> SubmissionResult:
    """A submission that was not graded: every part waits for a TA, ``error`` says why."""
    parts = tuple(PartResult(p.id, Status.NEEDS_REVIEW, 0.0, p.points, "",
                             (f"submission could not be read: {reason}",))
                  for p in assignment.rubric.parts)
    return SubmissionResult(path.stem, str(path), parts, error=reason)
