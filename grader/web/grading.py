"""Grading a stored submission in a thread pool: in a killable forked child, or
on the Celery workers when a broker is configured.

The request that submits returns at once with the submission's id; a thread
of the pool either writes the bytes to a private temporary folder and grades
them with :func:`grader.worker.runner.grade_with_deadline` (a forked child with
a hard time limit and a memory cap), or sends them in a task to the workers of
``broker`` (the batch task, with the same limits) and waits; then it stores
the result. Submissions still queued
or running when the service stopped are graded again on start, so none is
lost by a restart.

The in-process path forks from a pool thread. A forked child holds only that
thread, so a lock another thread held at the fork stays held in the child; the
grading code takes none of the server's locks, and if a child ever did block,
its hard time limit turns it into a ``needs_review`` result, not a hang.
"""

from __future__ import annotations

import base64
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
#: How long a check may wait for a free Celery worker before it is given up.
WORKER_WAIT_SECONDS_DEFAULT = 600.0


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

    def __init__(self, sessions: sessionmaker, threads: int, broker: str | None = None) -> None:
        self._sessions = sessions
        self._broker = broker
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
        graded_as = f"{GRADED_STEM}{Path(filename).suffix.lower()}"
        try:
            if self._broker:
                result = grade_on_workers(self._broker, content, graded_as, assignment,
                                          f"web-{submission_id}")
            else:
                result = _grade_here(content, graded_as, assignment)
        except GraderError as exc:
            self._finish(submission_id, JobStatus.FAILED, {"error": str(exc)})
            return
        self._finish(submission_id, JobStatus.DONE, _without_path(result, graded_as, filename))

    def _finish(self, submission_id: int, status: JobStatus, result: dict[str, Any]) -> None:
        with self._sessions() as session:
            row = session.get(StoredSubmission, submission_id)
            if row is not None:
                row.status, row.result, row.finished_at = status, result, utcnow()
                session.commit()


def _grade_here(content: bytes, name: str, assignment: Assignment) -> dict[str, Any]:
    from grader.worker.runner import grade_with_deadline, submission_time_limit

    folder = Path(tempfile.mkdtemp(prefix="grader-web-"))
    try:
        path = folder / name
        path.write_bytes(content)
        result = grade_with_deadline(path, assignment, submission_time_limit(assignment))
        return _without_path(result.to_dict(), str(path), name)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def grade_on_workers(broker: str, content: bytes, name: str, assignment: Assignment,
                     label: str) -> dict[str, Any]:
    """Grade on the Celery workers of ``broker``: a batch of one, sent as ``grade``
    sends it (bytes in the message, the hard time limit on the task)."""
    from celery.exceptions import TimeLimitExceeded, TimeoutError

    from grader.batch import assignment_ref, new_batch_id
    from grader.outcome import SubmissionResult
    from grader.worker.app import GRADE_TASK, configure
    from grader.worker.runner import GradeJob, submission_time_limit, timed_out_payload
    from grader.worker.state import BatchState

    limit = submission_time_limit(assignment)
    batch_id = f"{label}-{new_batch_id()}"
    job = GradeJob(index=0, path=name, assignment=assignment_ref(assignment),
                   version=assignment.version, content=base64.b64encode(content).decode())
    app = configure(broker)
    BatchState.from_url(broker, batch_id).create(assignment.id, [0])
    sent = app.send_task(GRADE_TASK, args=(batch_id, job.model_dump()), time_limit=limit)
    try:
        payload = sent.get(timeout=WORKER_WAIT_SECONDS_DEFAULT + limit,
                           disable_sync_subtasks=False)
    except TimeLimitExceeded:
        payload = timed_out_payload(job, assignment, limit)
    except TimeoutError as exc:
        raise GraderError("no grading worker took this check; try again later") from exc
    return SubmissionResult.from_dict(payload["result"]).to_dict()


def _without_path(result: dict[str, Any], path: str, filename: str) -> dict[str, Any]:
    """The result with the temporary path replaced by the uploaded file's name."""
    text = json.dumps(result, ensure_ascii=False)
    return json.loads(text.replace(json.dumps(path)[1:-1], json.dumps(filename)[1:-1]))
