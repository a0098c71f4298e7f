"""The TA workflow on stored checks: decisions, the review queue, answer groups.

The CLI's workflow (:mod:`grader.decisions`, ``grader review``, ``grader groups``)
with the database in place of an output folder: a decision is a row of
``decisions``, scoped by assignment, read back as a
:class:`~grader.decisions.Decision` and applied by
:func:`~grader.decisions.apply_decisions` whenever a result is shown, so the class
table, the queue, the groups, the API and the student's own page agree. A stored
check is never regraded in place, so a check's own decision is never set aside;
a group decision also settles later checks that give the same answer.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, defer

from grader.cli.ta import answer_groups
from grader.decisions import Decision, answer_key, apply_decisions, new_decision, record
from grader.errors import GraderError
from grader.outcome import PartResult, Status, SubmissionResult
from grader.web.db import JobStatus, StoredDecision, StoredSubmission, User

#: A comment for the student is a few sentences, not a document.
COMMENT_MAX_CHARS = 2000
#: Answer shown with a decision record; the full text stays with the check.
_ANSWER_KEPT_CHARS = 500
Decisions = dict[str, list[Decision]]


def stored_decisions(session: Session, assignments: Iterable[str]) -> Decisions:
    """The decisions of each of ``assignments``, oldest first."""
    wanted = sorted(set(assignments))
    found: Decisions = defaultdict(list)
    if not wanted:
        return found
    query = select(StoredDecision).where(StoredDecision.assignment.in_(wanted))
    for row in session.scalars(query.order_by(StoredDecision.id)):
        found[row.assignment].append(_decision(row))
    return found


def machine_result(row: StoredSubmission) -> SubmissionResult | None:
    """The check's parts as graded, named by the check's id; None before it is graded."""
    result = row.result or {}
    if "parts" not in result:
        return None
    parts = tuple(PartResult.from_dict(p) for p in result["parts"])
    return SubmissionResult(str(row.id), "", parts, result.get("error"))


def decided_result(row: StoredSubmission, decisions: Decisions) -> SubmissionResult | None:
    """``machine_result`` with the TA decisions of its assignment applied."""
    machine = machine_result(row)
    return None if machine is None else _applied(machine, decisions.get(row.assignment, ()))


def _applied(machine: SubmissionResult, decisions: Sequence[Decision]) -> SubmissionResult:
    applied, _ = apply_decisions([machine], decisions)
    return applied[0]


def latest_graded(session: Session, assignment: str | None = None) -> list[StoredSubmission]:
    """Each student's newest graded check of each assignment: what a TA decides on."""
    newest = (select(func.max(StoredSubmission.id))
              .where(StoredSubmission.status == JobStatus.DONE)
              .group_by(StoredSubmission.user_id, StoredSubmission.assignment))
    if assignment is not None:
        newest = newest.where(StoredSubmission.assignment == assignment)
    query = (select(StoredSubmission).where(StoredSubmission.id.in_(newest))
             .options(defer(StoredSubmission.content))
             .order_by(StoredSubmission.assignment, StoredSubmission.id))
    return list(session.scalars(query))


@dataclass(frozen=True)
class Graded:
    """One latest check as the TA views it: machine and decided parts."""

    row: StoredSubmission
    user: str
    machine: SubmissionResult
    decided: SubmissionResult


def class_view(session: Session, assignment: str | None = None) -> list[Graded]:
    """The latest graded checks (of ``assignment``, or all), decisions applied."""
    rows = latest_graded(session, assignment)
    names = {user_id: name for user_id, name in session.execute(select(User.id, User.name))}
    decisions = stored_decisions(session, {r.assignment for r in rows})
    graded = []
    for row in rows:
        machine = machine_result(row)
        if machine is not None and not machine.error:
            decided = _applied(machine, decisions.get(row.assignment, ()))
            graded.append(Graded(row, names.get(row.user_id, "?"), machine, decided))
    return graded


def review_queue(graded: Sequence[Graded]) -> list[dict[str, Any]]:
    """Every part of the latest checks still in review once decisions apply,
    with how many latest checks share its answer (one group decision serves them)."""
    sizes = _group_sizes(graded)
    queue = []
    for item in graded:
        for decided, machine in zip(item.decided.parts, item.machine.parts, strict=True):
            if decided.status is Status.NEEDS_REVIEW:
                key = answer_key(machine)
                queue.append({
                    "submission_id": item.row.id, "user": item.user,
                    "assignment": item.row.assignment, "part": machine.part,
                    "answer": machine.answer, "interpreted_as": machine.interpreted_as,
                    "reason": "\n".join((*machine.feedback, *machine.ta_notes)),
                    "suggested_score": round(machine.score, 4), "max_score": machine.max_score,
                    "answer_key": key,
                    "group_size": sizes[(item.row.assignment, machine.part, key)]})
    return queue


def groups(graded: Sequence[Graded], part_ids: dict[str, list[str]]) -> list[dict[str, Any]]:
    """Per assignment and part (rubric order), its distinct answers as
    ``grader groups`` lists them: count, verdict and score (decided), members."""
    by_assignment: dict[str, list[Graded]] = defaultdict(list)
    for item in graded:
        by_assignment[item.row.assignment].append(item)
    shown = []
    for assignment, items in sorted(by_assignment.items()):
        users = {str(i.row.id): i.user for i in items}
        rows = [i.decided for i in items]
        for part_id in part_ids.get(assignment) or _parts_in(rows):
            in_review = {r.submission for r in rows for p in r.parts
                         if p.part == part_id and p.status is Status.NEEDS_REVIEW}
            shown.append({"assignment": assignment, "part": part_id, "groups": [
                _group(part, members, users, len(in_review.intersection(members)))
                for part, members in answer_groups(rows, part_id)]})
    return shown


def decide(session: Session, ta: User, submission_id: int, part_id: str, score: float, *,
           comment: str = "", group: bool = False) -> dict[str, Any]:
    """Record a TA decision on one part of a graded check (or its answer group).

    Raises:
        GraderError: no such graded check or part, a score outside the part's
            points, or a comment too long; the message says which.
    """
    row = session.get(StoredSubmission, submission_id)
    machine = machine_result(row) if row is not None else None
    if row is None or machine is None:
        raise GraderError(f"no graded check {submission_id}")
    part = next((p for p in machine.parts if p.part == part_id), None)
    if part is None:
        raise GraderError(f"check {submission_id} has no part {part_id[:120]!r}")
    if len(comment) > COMMENT_MAX_CHARS:
        raise GraderError(f"the comment is longer than {COMMENT_MAX_CHARS} characters")
    decision = new_decision(part, machine.submission, score, comment=comment.strip(),
                            group=group, by=ta.name)
    decision = replace(decision, answer=decision.answer[:_ANSWER_KEPT_CHARS])
    _store(session, row.assignment, decision)
    settled = sum(1 for item in class_view(session, row.assignment)
                  for p in item.machine.parts
                  if p.part == part_id and answer_key(p) == decision.answer_key
                  and (group or item.row.id == submission_id))
    return {"assignment": row.assignment, "part": part_id, "submission_id": submission_id,
            "group": group, "score": decision.score, "comment": decision.comment,
            "by": decision.by, "at": decision.at, "answer_key": decision.answer_key,
            "applies_to": settled}


def _store(session: Session, assignment: str, decision: Decision) -> None:
    """Add ``decision``, deleting the ones it supersedes (``record`` decides which)."""
    rows = list(session.scalars(select(StoredDecision)
                                .where(StoredDecision.assignment == assignment)))
    kept = record([_decision(r) for r in rows], decision)
    for row in rows:
        if _decision(row) not in kept:
            session.delete(row)
    session.add(StoredDecision(assignment=assignment, part=decision.part,
                               submission=decision.submission, score=decision.score,
                               answer_key=decision.answer_key, answer=decision.answer,
                               comment=decision.comment, by=decision.by, at=decision.at))
    session.commit()


def _decision(row: StoredDecision) -> Decision:
    return Decision(row.part, row.submission, row.score, row.answer_key, row.answer,
                    row.comment, row.by, row.at)


def _group_sizes(graded: Sequence[Graded]) -> dict[tuple[str, str, str], int]:
    sizes: dict[tuple[str, str, str], int] = defaultdict(int)
    for item in graded:
        for part in item.machine.parts:
            sizes[(item.row.assignment, part.part, answer_key(part))] += 1
    return sizes


def _group(part: PartResult, members: list[str], users: dict[str, str],
           in_review: int) -> dict[str, Any]:
    """A group as its first member shows it; ``in_review`` members are still
    undecided (another may have a decision of its own)."""
    return {"answer_key": answer_key(part), "count": len(members), "status": part.status.value,
            "in_review": in_review,
            "score": round(part.score, 4), "max_score": part.max_score,
            "answer": part.answer, "interpreted_as": part.interpreted_as,
            "decided_by": part.decided_by,
            "submission_ids": [int(m) for m in members], "users": [users[m] for m in members]}


def _parts_in(rows: Sequence[SubmissionResult]) -> list[str]:
    return list(dict.fromkeys(p.part for r in rows for p in r.parts))
