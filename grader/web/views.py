"""What a user may see of a stored submission, as JSON and as an HTML fragment.

The only place results leave the database: a student gets
``PartResult.to_dict(for_student=True)`` (no TA notes, no machine verdicts);
reference answers are never stored with a result, so none can leave.
"""

from __future__ import annotations

from typing import Any

from fastapi import HTTPException
from sqlalchemy import select
from sqlalchemy.orm import Session

from grader.web.db import Role, StoredSubmission, User
from grader.web.review import Decisions, decided_result, stored_decisions

NOT_FOUND = "no such submission"


def visible_submission(session: Session, user: User, submission_id: int) -> StoredSubmission:
    """The submission if ``user`` may see it; 404 otherwise (the same answer as a
    missing id, so a student cannot tell others' ids from unused ones)."""
    row = session.get(StoredSubmission, submission_id)
    if row is None or (user.role is not Role.TA and row.user_id != user.id):
        raise HTTPException(404, NOT_FOUND)
    return row


def visible_submissions(session: Session, user: User, limit: int = 200) -> list[StoredSubmission]:
    """Newest first: the user's own, or everyone's for a TA."""
    query = select(StoredSubmission).order_by(StoredSubmission.id.desc()).limit(limit)
    if user.role is not Role.TA:
        query = query.where(StoredSubmission.user_id == user.id)
    return list(session.scalars(query))


def submission_dict(row: StoredSubmission, viewer: User, owner: str,
                    decisions: Decisions | None = None) -> dict[str, Any]:
    """The API's view of one submission for ``viewer``, with the TA decisions of
    its assignment applied (a student sees the decided score and the comment,
    never who decided or what the grader had said)."""
    data: dict[str, Any] = {
        "id": row.id,
        "user": owner,
        "assignment": row.assignment,
        "filename": row.filename,
        "status": row.status.value,
        "created_at": row.created_at.isoformat(),
        "finished_at": row.finished_at.isoformat() if row.finished_at else None,
        "score": None, "max_score": None, "error": None, "parts": [],
    }
    result = row.result or {}
    data["error"] = result.get("error")
    decided = decided_result(row, decisions or {})
    if decided is not None:
        parts = decided.parts
        for_student = viewer.role is not Role.TA
        data["parts"] = [p.to_dict(for_student=for_student) for p in parts]
        data["score"] = round(sum(p.score for p in parts), 4)
        data["max_score"] = sum(p.max_score for p in parts)
    return data


def decisions_for(session: Session, rows: list[StoredSubmission]) -> Decisions:
    """The decisions that apply to ``rows`` (those of their assignments)."""
    return stored_decisions(session, {row.assignment for row in rows})


def owner_names(session: Session, rows: list[StoredSubmission]) -> dict[int, str]:
    ids = {row.user_id for row in rows}
    if not ids:
        return {}
    return {u.id: u.name for u in session.scalars(select(User).where(User.id.in_(ids)))}
