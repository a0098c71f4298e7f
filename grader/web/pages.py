"""Server-rendered pages: log in, self-check with live results, history (the TA's
pages are in :mod:`grader.web.ta`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from grader.report.mathml import text_with_maths
from grader.web.auth import COOKIE_NAME, current_user, optional_user, user_for_token
from grader.web.db import JobStatus, User
from grader.web.views import (
    decisions_for,
    owner_names,
    submission_dict,
    visible_submission,
    visible_submissions,
)

router = APIRouter()
templates = Jinja2Templates(directory=Path(__file__).resolve().parent / "templates")
# ``text_with_maths`` escapes everything but its allow-listed MathML.
templates.env.filters["maths"] = lambda text: Markup(text_with_maths(text or ""))
CurrentUser = Annotated[User, Depends(current_user)]
_SESSION_SECONDS = 12 * 3600


@router.get("/", response_class=HTMLResponse)
def home(request: Request, user: Annotated[User | None, Depends(optional_user)]) -> Response:
    if user is None:
        return templates.TemplateResponse(request, "login.html", {"error": None})
    with request.app.state.sessions() as session:
        own = [r for r in visible_submissions(session, user) if r.user_id == user.id]
        decisions = decisions_for(session, own)
        history = [submission_dict(r, user, user.name, decisions) for r in own]
    return templates.TemplateResponse(request, "student.html", {
        "user": user, "assignments": request.app.state.assignments, "history": history,
        "max_mb": request.app.state.settings.max_upload_bytes / 1024 / 1024})


@router.post("/login")
def login(request: Request, token: Annotated[str, Form()]) -> Response:
    with request.app.state.sessions() as session:
        user = user_for_token(session, token.strip())
    if user is None:
        return templates.TemplateResponse(request, "login.html",
                                          {"error": "this token is not valid"}, status_code=401)
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(COOKIE_NAME, token.strip(), max_age=_SESSION_SECONDS, httponly=True,
                        samesite="strict")
    return response


@router.post("/logout")
def logout() -> Response:
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(COOKIE_NAME)
    return response


@router.get("/submissions/{submission_id}", response_class=HTMLResponse)
def submission_page(request: Request, user: CurrentUser, submission_id: int) -> Response:
    return templates.TemplateResponse(request, "submission.html",
                                      {"user": user, **_view(request, user, submission_id)})


@router.get("/submissions/{submission_id}/fragment")
def submission_fragment(request: Request, user: CurrentUser,
                        submission_id: int) -> dict[str, Any]:
    """What the page's polling script fetches: the status and the rendered parts."""
    context = _view(request, user, submission_id)
    html = templates.get_template("_parts.html").render(context)
    return {"status": context["s"]["status"], "done": context["done"], "html": html}


def _view(request: Request, user: User, submission_id: int) -> dict[str, Any]:
    with request.app.state.sessions() as session:
        row = visible_submission(session, user, submission_id)
        data = submission_dict(row, user, owner_names(session, [row]).get(row.user_id, "?"),
                               decisions_for(session, [row]))
    done = data["status"] in (JobStatus.DONE.value, JobStatus.FAILED.value)
    return {"s": data, "done": done}
