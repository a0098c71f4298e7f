"""The TA's side, as pages and as JSON: the class, the review queue, answer groups,
decisions. Every route answers a student with 403."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from grader.errors import GraderError
from grader.web import review
from grader.web.auth import current_user
from grader.web.db import Role, User
from grader.web.pages import templates
from grader.web.views import decisions_for, owner_names, submission_dict, visible_submissions

router = APIRouter()
#: Where a decision form returns to when its ``next`` is not a TA page.
_BACK_DEFAULT = "/ta"


def current_ta(user: Annotated[User, Depends(current_user)]) -> User:
    """The request's user if a TA; 403 for a student (a FastAPI dependency)."""
    if user.role is not Role.TA:
        raise HTTPException(403, "this is for TAs")
    return user


CurrentTA = Annotated[User, Depends(current_ta)]


class DecisionIn(BaseModel):
    """A TA decision: one part of one graded check, or its whole answer group."""

    submission_id: int
    part: str = Field(max_length=120)
    score: float
    comment: str = Field("", max_length=review.COMMENT_MAX_CHARS)
    group: bool = False


# --- JSON -------------------------------------------------------------------------------

@router.get("/api/review-queue")
def api_review_queue(request: Request, ta: CurrentTA,
                     assignment: str | None = None) -> list[dict[str, Any]]:
    """Parts of the class's latest checks still in review, TA decisions applied."""
    with request.app.state.sessions() as session:
        return review.review_queue(review.class_view(session, assignment))


@router.get("/api/groups")
def api_groups(request: Request, ta: CurrentTA, assignment: str | None = None,
               part: str | None = None) -> list[dict[str, Any]]:
    """Per assignment and part, the distinct answers of the latest checks."""
    with request.app.state.sessions() as session:
        graded = review.class_view(session, assignment)
    shown = review.groups(graded, _part_ids(request, graded))
    return [g for g in shown if part is None or g["part"] == part]


@router.post("/api/decisions", status_code=201)
def api_decide(request: Request, ta: CurrentTA, body: DecisionIn) -> dict[str, Any]:
    """Set a part's score for one check (or its answer group); 422 says why not."""
    return _decide(request, ta, body)


# --- pages ------------------------------------------------------------------------------

@router.get("/ta", response_class=HTMLResponse)
def ta_page(request: Request, ta: CurrentTA) -> Response:
    """The class's latest checks (decided scores) and the review queue."""
    with request.app.state.sessions() as session:
        rows = visible_submissions(session, ta, limit=2000)
        names, decisions = owner_names(session, rows), decisions_for(session, rows)
        latest: dict[tuple[int, str], Any] = {}
        for row in rows:  # newest first: the first seen per student and assignment
            latest.setdefault((row.user_id, row.assignment), row)
        shown = [submission_dict(r, ta, names.get(r.user_id, "?"), decisions)
                 for r in latest.values()]
        queue = review.review_queue(review.class_view(session))
    return templates.TemplateResponse(request, "ta.html", {
        "user": ta, "rows": shown, "queue": queue, **_notices(request)})


@router.get("/ta/groups", response_class=HTMLResponse)
def ta_groups_page(request: Request, ta: CurrentTA, assignment: str | None = None) -> Response:
    with request.app.state.sessions() as session:
        graded = review.class_view(session, assignment)
    return templates.TemplateResponse(request, "ta_groups.html", {
        "user": ta, "parts": review.groups(graded, _part_ids(request, graded)),
        "assignment": assignment, **_notices(request)})


@router.post("/ta/decisions")
def ta_decide(request: Request, ta: CurrentTA, submission_id: Annotated[int, Form()],
              part: Annotated[str, Form()], score: Annotated[float, Form()],
              comment: Annotated[str, Form()] = "", scope: Annotated[str, Form()] = "one",
              next: Annotated[str, Form()] = _BACK_DEFAULT) -> Response:
    """The pages' decision form; back to the page it came from, with what happened."""
    body = DecisionIn.model_construct(submission_id=submission_id, part=part[:120],
                                      score=score, comment=comment, group=scope == "group")
    try:
        done = _decide(request, ta, body)
    except HTTPException as exc:
        return RedirectResponse(_back(next, error=str(exc.detail)), status_code=303)
    scope_text = (f"the {done['applies_to']} latest check(s) with this answer"
                  if done["group"] else f"check {submission_id}")
    notice = f"{part}: {done['score']:g} for {scope_text}"
    return RedirectResponse(_back(next, notice=notice), status_code=303)


def _decide(request: Request, ta: User, body: DecisionIn) -> dict[str, Any]:
    with request.app.state.sessions() as session:
        try:
            return review.decide(session, ta, body.submission_id, body.part, body.score,
                                 comment=body.comment, group=body.group)
        except GraderError as exc:
            raise HTTPException(422, str(exc)) from exc


def _part_ids(request: Request, graded: list[review.Graded]) -> dict[str, list[str]]:
    """Rubric order of the parts, per assignment shown."""
    grader = request.app.state.grader
    found = {g.row.assignment for g in graded}
    return {a: [p.id for p in grader.assignment(a).rubric.parts]
            for a in found if a in request.app.state.assignments}


def _back(target: str, **message: str) -> str:
    """``target`` if it is one of the TA pages (never another site), with a message."""
    url = urlsplit(target)
    path = url.path if not url.scheme and not url.netloc and url.path.startswith("/ta") \
        else _BACK_DEFAULT
    query = "&".join(q for q in (url.query if path == url.path else "",
                                 urlencode({k: v[:300] for k, v in message.items()})) if q)
    return f"{path}?{query}" if query else path


def _notices(request: Request) -> dict[str, str | None]:
    return {"notice": request.query_params.get("notice"),
            "error": request.query_params.get("error")}
