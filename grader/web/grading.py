"""Grading a stored submission in a thread pool, each in a killable forked child.

The request that submits returns at once with the submission's id; a thread
of the pool writes the bytes to a private temporary folder, grades them with
:func:`grader.worker.runner.grade_with_deadline` (a forked child with a hard
time limit and a memory cap) and stores the result. Submissions still queued
or running when the service stopped are graded again on start, so none is
lost by a restart.
"""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from grader.errors import GraderError
from grader.rubric.assignment import Assignment, load_assignment
from grader.rubric.loader import rubric_dirs
from grader.web.db import JobStatus, StoredSubmission, utcnow

log = logging.getLogger(__name__)
#: Name the uploaded bytes are graded under: the student's file name never
#: reaches the file system.
GRADED_STEM = "submission"


def offered_assignments(wanted: tuple[str, ...] | None) -> list[str]:
    """Assignment ids a student may pick: ``wanted``, or every rubric found.

    Only these ids ever reach :func:`load_assignment`, which would otherwise
    also accept a path.
    """
    if wanted is not None:
        return list(wanted)
    found = {path.stem for folder in rubric_dirs() if folder.is_dir()
             for path in folder.glob("*.yaml")}
    return sorted(found)


class Grader:
    """The pool that grades stored submissions, and the assignments it loaded."""

    def __init__(self, sessions: sessionmaker, threads: int) -> None:
        self._sessions = sessions
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="grade")
        self._assignments: dict[str, Assignment] = {}
        self._lock = threading.Lock()

    def assignment(self, assignment_id: str) -> Assignment:
        with self._lock:
            if assignment_id not in self._assignments:
                self._assignments[assignment_id] = load_assignment(assignment_id)
            return self._assignments[assignment_id]

    def use(self, assignment: Assignment) -> None:
        """Grade ``assignment.id`` with this one (an instructor's reloaded rubric, a test's)."""
        with self._lock:
            self._assignments[assignment.id] = assignment

    def submit(self, submission_id: int) -> None:
        self._pool.submit(self._grade_logged, submission_id)

    def resume_unfinished(self) -> int:
        """Queue again what a stopped service left queued or running."""
        with self._sessions() as session:
            ids = list(session.scalars(select(StoredSubmission.id).where(
                StoredSubmission.status.in_([JobStatus.QUEUED, JobStatus.RUNNING]))))
        for submission_id in ids:
            self.submit(submission_id)
        return len(ids)

    def shutdown(self) -> None:
        """Finish the checks being graded (each is bounded by its time limit); the
        queued ones stay queued in the database and are graded on the next start."""
        self._pool.shutdown(wait=True, cancel_futures=True)

    def _grade_logged(self, submission_id: int) -> None:
        try:
            self._grade(submission_id)
        except Exception:  # a thread's exception is otherwise lost: record it as a failure
            log.exception("grading submission %s failed", submission_id)
            self._finish(submission_id, JobStatus.FAILED,
                         {"error": "the grader failed on this submission; a TA will look"})

    def _grade(self, submission_id: int) -> None:
        from grader.worker.runner import grade_with_deadline, submission_time_limit

        with self._sessions() as session:
            row = session.get(StoredSubmission, submission_id)
            if row is None:
                return
            row.status = JobStatus.RUNNING
            session.commit()
            content, filename, assignment_id = row.content, row.filename, row.assignment
        try:
            assignment = self.assignment(assignment_id)
        except GraderError as exc:
            self._finish(submission_id, JobStatus.FAILED, {"error": str(exc)})
            return
        folder = Path(tempfile.mkdtemp(prefix="grader-web-"))
        try:
            path = folder / f"{GRADED_STEM}{Path(filename).suffix.lower()}"
            path.write_bytes(content)
            result = grade_with_deadline(path, assignment, submission_time_limit(assignment))
            stored = _without_path(result.to_dict(), str(path), filename)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        self._finish(submission_id, JobStatus.DONE, stored)

    def _finish(self, submission_id: int, status: JobStatus, result: dict[str, Any]) -> None:
        with self._sessions() as session:
            row = session.get(StoredSubmission, submission_id)
            if row is not None:
                row.status, row.result, row.finished_at = status, result, utcnow()
                session.commit()


def _without_path(result: dict[str, Any], path: str, filename: str) -> dict[str, Any]:
    """The result with the temporary path replaced by the uploaded file's name."""
    text = json.dumps(result, ensure_ascii=False)
    return json.loads(text.replace(json.dumps(path)[1:-1], json.dumps(filename)[1:-1]))
