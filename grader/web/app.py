"""The application factory: database, grading pool, routes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from grader.web import api, pages, ta
from grader.web.db import make_engine, make_sessions, upgrade_database
from grader.web.grading import Grader, offered_assignments
from grader.web.settings import WebSettings

#: Room for the multipart envelope and the form's other fields around the file.
_FORM_OVERHEAD_BYTES = 64 * 1024


def create_app(settings: WebSettings | None = None) -> FastAPI:
    """The service for ``settings``; the database is upgraded to the newest schema.

    Example:
        >>> app = create_app(WebSettings(db_url="sqlite:///web.sqlite3"))  # doctest: +SKIP
    """
    settings = settings or WebSettings()
    engine = make_engine(settings.db_url)
    upgrade_database(engine)
    sessions = make_sessions(engine)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.grader.resume_unfinished()
        yield
        app.state.grader.shutdown()

    # A pasted text may be as large as a file: above the form parser's 1 MB default
    # it would be refused with a 400 about a "field" instead of our 413.
    app = FastAPI(title="grader self-check", lifespan=lifespan,
                  description="Self-check ML theory homework; TAs see the class (issue #12).",
                  form_limits={"max_part_size": settings.max_upload_bytes + _FORM_OVERHEAD_BYTES,
                               "max_files": 1, "max_fields": 8})
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessions = sessions
    app.state.grader = Grader(sessions, settings.grading_threads, settings.broker)
    app.state.assignments = offered_assignments(settings.assignments)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(ta.router)
    app.mount("/static", StaticFiles(directory=Path(__file__).resolve().parent / "static"),
              name="static")

    @app.middleware("http")
    async def refuse_oversized(request: Request, call_next) -> Response:
        # Refused before the body is read, so a huge upload is not spooled to disk.
        length = request.headers.get("content-length", "")
        if length.isdigit() and int(length) > settings.max_upload_bytes + _FORM_OVERHEAD_BYTES:
            return JSONResponse({"detail": api.too_large_message(settings.max_upload_bytes)},
                                status_code=413)
        return await call_next(request)

    return app
