"""The JSON API: submit a file or text, poll its status, read its results."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from sqlalchemy import select

from grader.ingest.collect import SUPPORTED_SUFFIXES
from grader.web.auth import current_user
from grader.web.db import JobStatus, Role, StoredSubmission, User, utcnow
from grader.web.views import (
    decisions_for,
    owner_names,
    submission_dict,
    visible_submission,
    visible_submissions,
)

router = APIRouter(prefix="/api")
#: Suffix pasted text is graded under: plain text with ``$…$`` maths.
PASTED_SUFFIX = ".txt"
FILENAME_MAX_CHARS = 120
CurrentUser = Annotated[User, Depends(current_user)]


@router.get("/assignments")
def list_assignments(request: Request, user: CurrentUser) -> list[str]:
    return request.app.state.assignments


@router.post("/submissions", status_code=202)
async def create_submission(
    request: Request, user: CurrentUser,
    assignment: Annotated[str, Form()],
    file: Annotated[UploadFile | None, File()] = None,
    text: Annotated[str | None, Form()] = None,
) -> dict[str, Any]:
    """Queue a self-check of an uploaded file or pasted text; poll the returned id."""
    if assignment not in request.app.state.assignments:
        raise HTTPException(404, f"no assignment {assignment[:80]!r}; choose one of "
                                 f"{', '.join(request.app.state.assignments)}")
    limit = request.app.state.settings.max_upload_bytes
    filename, content = await _upload(file, text, limit)
    _check_deadline(request, user, assignment)
    with request.app.state.sessions() as session:
        _check_rate(request, session, user, assignment)
        row = StoredSubmission(user_id=user.id, assignment=assignment, filename=filename,
                               content=content, status=JobStatus.QUEUED)
        session.add(row)
        session.commit()
        submission_id = row.id
    request.app.state.grader.submit(submission_id)
    return {"id": submission_id, "status": JobStatus.QUEUED.value,
            "url": f"/api/submissions/{submission_id}"}


@router.get("/submissions")
def list_submissions(request: Request, user: CurrentUser) -> list[dict[str, Any]]:
    """The user's own checks, newest first (a TA: the class's)."""
    with request.app.state.sessions() as session:
        rows = visible_submissions(session, user)
        names, decisions = owner_names(session, rows), decisions_for(session, rows)
        return [submission_dict(row, user, names.get(row.user_id, "?"), decisions)
                for row in rows]


@router.get("/submissions/{submission_id}")
def get_submission(request: Request, user: CurrentUser, submission_id: int) -> dict[str, Any]:
    """Status and, once graded, the per-part verdicts and feedback."""
    with request.app.state.sessions() as session:
        row = visible_submission(session, user, submission_id)
        return submission_dict(row, user, owner_names(session, [row]).get(row.user_id, "?"),
                               decisions_for(session, [row]))


async def _upload(file: UploadFile | None, text: str | None, limit: int) -> tuple[str, bytes]:
    if file is not None and file.filename:
        suffix = Path(file.filename).suffix.lower()
        if suffix not in SUPPORTED_SUFFIXES:
            raise HTTPException(415, f"{suffix or 'a file without a suffix'} cannot be read; "
                                     f"upload one of {', '.join(SUPPORTED_SUFFIXES)}")
        content = await file.read(limit + 1)
        name = Path(file.filename).name[-FILENAME_MAX_CHARS:]
    elif text and text.strip():
        content, name = text.encode(), f"pasted{PASTED_SUFFIX}"
    else:
        raise HTTPException(422, "upload a file or paste your answers")
    if len(content) > limit:
        raise HTTPException(413, too_large_message(limit))
    return name, content


def too_large_message(limit: int) -> str:
    return (f"the submission is larger than {limit / 1024 / 1024:g} MB; remove images or "
            "split the PDF and check the parts that matter")


def _check_deadline(request: Request, user: User, assignment: str) -> None:
    """403 for a student's check after the rubric's deadline: the self-check is over."""
    deadline = request.app.state.grader.assignment(assignment).rubric.deadline
    if user.role is not Role.TA and deadline is not None and utcnow() > deadline:
        raise HTTPException(403, f"the deadline of {assignment} was "
                                 f"{deadline.strftime('%Y-%m-%d %H:%M %Z')}; self-check is "
                                 "closed and your TA grades the submission you handed in")


def _check_rate(request: Request, session: Any, user: User, assignment: str) -> None:
    """429 when a student already ran the hour's checks of this assignment."""
    if user.role is Role.TA:
        return
    per_hour = (request.app.state.grader.assignment(assignment).rubric.self_checks_per_hour
                or request.app.state.settings.checks_per_hour_default)
    since = utcnow() - timedelta(hours=1)
    recent = list(session.scalars(
        select(StoredSubmission.created_at).where(
            StoredSubmission.user_id == user.id, StoredSubmission.assignment == assignment,
            StoredSubmission.created_at >= since).order_by(StoredSubmission.created_at)))
    if len(recent) >= per_hour:
        oldest = recent[0].replace(tzinfo=since.tzinfo)
        wait = max(1, int((oldest - since).total_seconds()))
        raise HTTPException(
            429, f"you have run {len(recent)} self-checks of {assignment} in the last hour "
                 f"(at most {per_hour}); the next one is possible in {wait // 60 + 1} min",
            headers={"Retry-After": str(wait)})


__all__ = ["router"]
