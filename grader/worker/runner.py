"""One submission graded in a worker process: what the local pool and Celery both run.

The pipeline's per-check ``time_limit`` (an interval timer) stops pure-Python
loops, but not one long C-level sympy/gmpy call, and not off the main thread.
The limits here are process-level: the child that grades is killed when the
whole submission overruns :func:`submission_time_limit` (by the batch's pool
or by Celery's hard time limit), its address space is capped with
``RLIMIT_AS``, and children are recycled after a number of tasks. A killed
submission becomes a ``needs_review`` result with the reason
:data:`TIMED_OUT`, never a lost one (issue #4).
"""

from __future__ import annotations

import base64
import dataclasses
import json
import multiprocessing
import os
import resource
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from grader.cache import CheckCache, MemoryCache
from grader.errors import GraderError
from grader.outcome import PartResult, Status, SubmissionResult
from grader.pipeline import grade_submission
from grader.rubric.assignment import Assignment, load_assignment
from grader.worker.lifeline import detach_from_terminal_group, die_with_parent

TIMED_OUT = "check timed out"
CRASHED = "the grader crashed on this submission"
#: Seconds added to the sum of the parts' check limits before a child is killed.
TIME_LIMIT_MARGIN_DEFAULT = 10.0
TIME_LIMIT_MAX_DEFAULT = 600.0
#: Address-space cap of a grading child. Address space, not resident memory:
#: numpy and sympy map far more than they touch, so this is well above the
#: ~200 MB a child really uses.
MEMORY_LIMIT_MB_DEFAULT = 2048
MAX_TASKS_PER_CHILD_DEFAULT = 200
#: Tries of one submission whose worker died under it before it is given up on.
MAX_ATTEMPTS_DEFAULT = 3
TIME_LIMIT_ENV = "GRADER_TASK_TIME_LIMIT"
MEMORY_LIMIT_ENV = "GRADER_MEMORY_LIMIT_MB"
#: ``0`` turns the check cache off (to measure checking itself, bench/run.py --no-cache).
CACHE_ENV = "GRADER_CHECK_CACHE"


def cache_enabled() -> bool:
    return os.environ.get(CACHE_ENV, "1") != "0"


class GradeJob(BaseModel):
    """One submission to grade: what a task message carries.

    ``content`` (base64 of the file) lets workers on other machines grade a
    file they cannot see; without it the worker reads ``path``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    index: int
    path: str
    assignment: str
    version: str
    content: str | None = None


def submission_time_limit(assignment: Assignment) -> float:
    """Seconds one submission may take before its worker process is killed:
    every part's check limit plus a margin, or ``$GRADER_TASK_TIME_LIMIT``."""
    if os.environ.get(TIME_LIMIT_ENV):
        return float(os.environ[TIME_LIMIT_ENV])
    total = sum(part.time_limit for part in assignment.rubric.parts)
    return min(total + TIME_LIMIT_MARGIN_DEFAULT, TIME_LIMIT_MAX_DEFAULT)


def memory_limit_mb() -> int:
    return int(os.environ.get(MEMORY_LIMIT_ENV, MEMORY_LIMIT_MB_DEFAULT))


def apply_memory_limit(megabytes: int) -> None:
    """Cap this process's address space: a huge expression then fails with
    ``MemoryError`` (a ``needs_review`` part) instead of taking the machine."""
    if megabytes <= 0:
        return
    limit = megabytes * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


_assignments: dict[str, Assignment] = {}


def assignment_for(ref: str, version: str) -> Assignment:
    """The assignment a job names, loaded once per process.

    Raises:
        GraderError: this machine's rubric or reference differs from the sender's.
    """
    assignment = _assignments.get(ref)
    if assignment is None or assignment.version != version:
        assignment = _assignments[ref] = load_assignment(ref)
    if assignment.version != version:
        raise GraderError(f"{ref}: this worker has rubric version {assignment.version} but the "
                          f"batch was sent with {version}; update its rubrics/ and reference/")
    return assignment


def grade_job(job: GradeJob, cache: CheckCache | None) -> dict[str, Any]:
    """Grade one job; returns the payload sent back to the batch: the lossless
    result (``dataclasses.asdict``) and measurements for reports."""
    started = time.perf_counter()
    hits, misses = (cache.hits, cache.misses) if cache is not None else (0, 0)
    assignment = assignment_for(job.assignment, job.version)
    if job.content is None:
        result = grade_submission(Path(job.path), assignment, cache=cache)
    else:
        result = _grade_content(job, assignment, cache)
    return {
        "index": job.index,
        "result": dataclasses.asdict(result),
        "seconds": time.perf_counter() - started,
        "cache_hits": cache.hits - hits if cache is not None else 0,
        "cache_misses": cache.misses - misses if cache is not None else 0,
        "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "pid": os.getpid(),
    }


def _grade_content(job: GradeJob, assignment: Assignment,
                   cache: CheckCache | None) -> SubmissionResult:
    """Grade a copy of the file under its own name, then put the sender's path
    back wherever the copy's path shows (source, error messages)."""
    folder = tempfile.mkdtemp(prefix="grader-job-")
    try:
        copy = Path(folder) / Path(job.path).name
        copy.write_bytes(base64.b64decode(job.content or ""))
        result = grade_submission(copy, assignment, cache=cache)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    text = json.dumps(dataclasses.asdict(result), ensure_ascii=False)
    text = text.replace(json.dumps(str(copy))[1:-1], json.dumps(job.path)[1:-1])
    return SubmissionResult.from_dict(json.loads(text))


def stopped_result(path: str, assignment: Assignment, reason: str,
                   note: str) -> SubmissionResult:
    """A submission whose grading was stopped: every part in review."""
    parts = tuple(PartResult(p.id, Status.NEEDS_REVIEW, 0.0, p.points, "", (reason,), (note,))
                  for p in assignment.rubric.parts)
    return SubmissionResult(Path(path).stem, path, parts)


def stopped_payload(job: GradeJob, assignment: Assignment, reason: str,
                    note: str) -> dict[str, Any]:
    """The payload for a submission whose worker was stopped: every part in review."""
    result = stopped_result(job.path, assignment, reason, note)
    return {"index": job.index, "result": dataclasses.asdict(result), "seconds": 0.0,
            "cache_hits": 0, "cache_misses": 0, "maxrss_kb": 0, "pid": 0}


def timed_out_payload(job: GradeJob, assignment: Assignment, seconds: float) -> dict[str, Any]:
    return stopped_payload(job, assignment, TIMED_OUT,
                           f"the worker grading this submission was stopped after {seconds:g} s "
                           "(a check did not finish); every part needs a TA")


def crashed_payload(job: GradeJob, assignment: Assignment, attempts: int) -> dict[str, Any]:
    return stopped_payload(job, assignment, CRASHED,
                           f"the worker process died {attempts} times while grading this "
                           "submission; every part needs a TA")


# --- the local process pool's side (grader/batch.py) -----------------------------------

_pool_cache: MemoryCache | None = None
_pool_events: Any = None


def pool_init(events: Any, memory_mb: int, owner: int | None = None) -> None:
    """Initializer of a local pool child: its own process group, death with its
    parent, memory cap, cache, start-event queue."""
    global _pool_cache, _pool_events
    detach_from_terminal_group()
    die_with_parent(owner)
    apply_memory_limit(memory_mb)
    _pool_cache = MemoryCache() if cache_enabled() else None
    _pool_events = events


def pool_grade(job: GradeJob) -> dict[str, Any]:
    """A local pool task: announce (index, pid) so the parent can time this
    child and kill it, then grade."""
    if _pool_events is not None:
        _pool_events.put((job.index, os.getpid()))
    return grade_job(job, _pool_cache)


# --- one submission with a hard deadline (grader check) ---------------------------------

def grade_with_deadline(path: Path, assignment: Assignment, seconds: float) -> SubmissionResult:
    """Grade one file in a forked child that is killed after ``seconds``.

    The per-check interval timer cannot stop a long C-level call or a slow
    read before any check starts; a child process can always be killed. The
    child has the memory cap of a pool child and dies with this process.
    """
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_grade_and_send, args=(send, path, assignment), daemon=True)
    child.start()
    send.close()
    try:
        if not receive.poll(seconds):
            return stopped_result(str(path), assignment, TIMED_OUT,
                                  f"grading was stopped after {seconds:g} s")
        try:
            return SubmissionResult.from_dict(receive.recv())
        except EOFError:
            return stopped_result(str(path), assignment, CRASHED,
                                  f"the grading process ended with code {child.exitcode}")
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receive.close()


def _grade_and_send(send: Any, path: Path, assignment: Assignment) -> None:
    detach_from_terminal_group()
    die_with_parent()
    apply_memory_limit(memory_limit_mb())
    send.send(dataclasses.asdict(grade_submission(path, assignment)))
    send.close()
