"""Grade many submissions, in worker processes, and write the outputs.

Two ways to run one batch, with identical results (``tests/test_batch.py``,
``tests/worker/``):

- **local** (the default): a pool of ``workers`` child processes on this machine
  (``concurrent.futures.ProcessPoolExecutor``, children recycled after about
  ``MAX_TASKS_PER_CHILD_DEFAULT`` submissions). Each child announces the submission it
  starts; one that overruns its time limit is killed, the submission gets a
  ``needs_review`` result ("check timed out") and the rest of the batch goes on in
  a fresh pool. ``workers=0`` grades in this process (no limits; for debugging).
- **Celery**: one task per submission sent to the workers of a Redis ``broker``
  (``grader/worker/``); Celery enforces the time limit and re-delivers the task
  of a worker that died.

Either way each finished submission is appended to ``DIR/.partial.jsonl``; an
interrupted batch started again with the same files and rubric re-grades only
what the journal lacks. The outputs are written atomically at the end and the
journal is then removed.
"""

from __future__ import annotations

import base64
import contextlib
import json
import multiprocessing
import os
import signal
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from tqdm import tqdm

from grader.cache import MemoryCache
from grader.errors import GraderError
from grader.gradebook import Gradebook, write_gradebook
from grader.ingest.collect import FoundFile, named_file, submission_ids
from grader.ingest.files import file_digest
from grader.outcome import SubmissionResult
from grader.outdir import JOURNAL_NAME, output_lock
from grader.pipeline import unreadable_result
from grader.rubric.assignment import Assignment
from grader.worker import runner
from grader.worker.runner import GradeJob

#: Files larger than this are not sent in the task message; workers read the path.
SEND_CONTENT_MAX_BYTES_DEFAULT = 2 * 1024 * 1024
POLL_SECONDS_DEFAULT = 0.1

Payload = dict[str, Any]


@dataclass
class BatchStats:
    """What a batch measured: per-submission grading time, cache use, memory."""

    seconds: list[float] = field(default_factory=list)
    cache_hits: int = 0
    cache_misses: int = 0
    max_rss_kb: int = 0
    resumed: int = 0
    timed_out: int = 0
    wall_seconds: float = 0.0

    def add(self, payload: Payload) -> None:
        self.seconds.append(payload["seconds"])
        self.cache_hits += payload["cache_hits"]
        self.cache_misses += payload["cache_misses"]
        self.max_rss_kb = max(self.max_rss_kb, payload["maxrss_kb"])

    @property
    def hit_rate(self) -> float:
        looked_up = self.cache_hits + self.cache_misses
        return self.cache_hits / looked_up if looked_up else 0.0


@dataclass
class Batch:
    results: list[SubmissionResult]
    stats: BatchStats
    #: TA decisions set aside because the answer they were made on changed.
    warnings: list[str] = field(default_factory=list)


def grade_paths(files: Sequence[Path | FoundFile], assignment: Assignment, out_dir: Path, *,
                progress: bool = True, workers: int | None = None, broker: str | None = None,
                resume: bool = True, batch_id: str | None = None) -> list[SubmissionResult]:
    """Grade ``files`` and write results.json, grades.csv, review.md and reports/ to ``out_dir``.

    Args:
        files: paths, or the entries ``grader.ingest.collect.collect_files`` found
            (refused entries become rows with their reason, never graded).
        workers: local pool size (default: the number of cores); 0 grades in this process.
        broker: a Redis URL such as ``redis://host:6379/0``: send the work to Celery workers.
        resume: keep what ``out_dir/.partial.jsonl`` already holds for these files.
        batch_id: the id under which ``grader status`` finds a Celery batch.

    Raises:
        OutputBusyError: another batch is writing ``out_dir``.

    Example:
        >>> grade_paths([Path("alice.md")], load_assignment("seqmodels-a5"), Path("out"))
        ... # doctest: +SKIP
    """
    return grade_batch(files, assignment, out_dir, progress=progress, workers=workers,
                       broker=broker, resume=resume, batch_id=batch_id).results


def grade_batch(files: Sequence[Path | FoundFile], assignment: Assignment, out_dir: Path, *,
                progress: bool = True, workers: int | None = None, broker: str | None = None,
                resume: bool = True, batch_id: str | None = None,
                write: bool = True) -> Batch:
    """``grade_paths`` that also returns what the batch measured (for the benchmark).

    With ``write``, the rows are merged into ``out_dir``'s gradebook
    (``grader/gradebook.py``): rows of other files are kept, and with ``resume``
    a file graded before with the same bytes and rubric version is not graded again.
    """
    with output_lock(out_dir):
        gradebook = (Gradebook.load(out_dir, assignment.id) if write
                     else Gradebook(assignment.id))
        entries = found_files(files, known=gradebook.known_ids())
        batch = _grade_locked(entries, assignment, out_dir, gradebook if resume else None,
                              progress=progress, workers=workers, broker=broker, resume=resume,
                              batch_id=batch_id)
        if write:
            batch.warnings = write_gradebook(out_dir, gradebook.merged(batch.results),
                                             assignment)
        Journal(out_dir / JOURNAL_NAME, assignment.version).remove()
        return batch


def found_files(files: Sequence[Path | FoundFile], *,
                known: dict[str, str] | None = None) -> list[FoundFile]:
    """``files`` as batch entries with unique ids (paths are checked like named paths);
    ``known`` maps resolved paths to the ids earlier runs gave them."""
    entries = [f if isinstance(f, FoundFile) else named_file(f) for f in files]
    return submission_ids(entries, known=known)


def _grade_locked(files: list[FoundFile], assignment: Assignment, out_dir: Path,
                  gradebook: Gradebook | None, *, progress: bool, workers: int | None,
                  broker: str | None, resume: bool, batch_id: str | None) -> Batch:
    started = time.perf_counter()
    journal = Journal(out_dir / JOURNAL_NAME, assignment.version)
    if not resume:
        journal.remove()
    digests = ["" if f.refused else file_digest(f.path) for f in files]
    keys = [file_key(f.path, d) if d else "" for f, d in zip(files, digests, strict=True)]
    kept = journal.load()
    results = {i: SubmissionResult.from_dict(kept[key]) for i, key in enumerate(keys)
               if key in kept}
    if gradebook is not None:
        results |= {i: row for i, f in enumerate(files) if i not in results
                    and (row := gradebook.unchanged(str(f.path), digests[i],
                                                    assignment.version)) is not None}
    stats = BatchStats(resumed=len(results))
    results |= {i: unreadable_result(f.path, assignment, f"{f.path}: {f.reason}")
                for i, f in enumerate(files) if f.reason is not None}
    ref = assignment_ref(assignment)
    jobs = [GradeJob(index=i, path=str(f.path), assignment=ref, version=assignment.version)
            for i, f in enumerate(files) if i not in results]

    with tqdm(total=len(files), initial=len(results), unit="sub", file=sys.stderr,
              disable=not progress or len(files) < 2, smoothing=0.1) as bar, \
            journal.appending() as append:
        def finished(payload: Payload) -> None:
            index = payload["index"]
            if index in results:  # a re-delivered task finished twice
                return
            results[index] = SubmissionResult.from_dict(payload["result"])
            append(keys[index], payload["result"])
            stats.add(payload)
            bar.update()
            if stats.cache_hits + stats.cache_misses:
                bar.set_postfix(cache=f"{stats.hit_rate:.0%}", refresh=False)

        limit = runner.submission_time_limit(assignment)
        if not jobs:
            pass
        elif broker:
            _grade_celery(jobs, assignment, broker, batch_id or new_batch_id(), limit, finished,
                          stats)
        elif workers == 0:
            cache = MemoryCache() if runner.cache_enabled() else None
            for job in jobs:
                finished(runner.grade_job(job, cache))
        else:
            _grade_local(jobs, assignment, workers or os.cpu_count() or 1, limit, finished,
                         stats)

    fresh_keys = tuple(assignment.fingerprints.items())
    ordered = [replace(results[i], submission=f.id, digest=digests[i],
                       version=assignment.version, part_keys=fresh_keys)
               for i, f in enumerate(files)]
    if gradebook is not None:  # a rubric change regrades only the parts it touched
        ordered = [gradebook.carry_unchanged_parts(row) for row in ordered]
    stats.wall_seconds = time.perf_counter() - started
    return Batch(ordered, stats)


def assignment_ref(assignment: Assignment) -> str:
    """How a job names its assignment: the id when that finds the same rubric
    (so workers on other machines can use their own checkout), else the path."""
    from grader.rubric.loader import find_rubric

    try:
        if find_rubric(assignment.id).resolve() == assignment.path.resolve():
            return assignment.id
    except GraderError:
        pass
    return str(assignment.path.resolve())


def new_batch_id() -> str:
    import uuid

    return uuid.uuid4().hex[:12]


def file_key(path: Path, digest: str | None = None) -> str:
    """A submission in the journal: its path and a hash of its bytes, so an
    edited file is graded again on resume. The read is bounded (``file_digest``)."""
    return f"{path.resolve()}:{digest or file_digest(path)}"


class Journal:
    """``.partial.jsonl``: one line per finished submission, for resuming.

    Lines carry the rubric version; lines of another version are ignored, so
    a changed rubric or reference grades everything again. A torn last line
    (the process died mid-write) is ignored too.
    """

    def __init__(self, path: Path, version: str) -> None:
        self.path = path
        self.version = version

    def load(self) -> dict[str, Payload]:
        kept: dict[str, Payload] = {}
        if not self.path.is_file():
            return kept
        for line in self.path.read_text(encoding="utf-8").splitlines():
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                continue
            if entry.get("version") == self.version:
                kept[entry["key"]] = entry["result"]
        return kept

    def appending(self) -> _Appender:
        return _Appender(self)

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)


class _Appender:
    def __init__(self, journal: Journal) -> None:
        self.journal = journal

    def __enter__(self) -> Callable[[str, Payload], None]:
        self.handle = self.journal.path.open("a", encoding="utf-8")
        return self.append

    def append(self, key: str, result: Payload) -> None:
        self.handle.write(json.dumps({"version": self.journal.version, "key": key,
                                      "result": result}, ensure_ascii=False) + "\n")
        self.handle.flush()

    def __exit__(self, *exc: object) -> None:
        self.handle.close()


# --- local process pool ------------------------------------------------------------------

def _grade_local(jobs: list[GradeJob], assignment: Assignment, workers: int, limit: float,
                 finished: Callable[[Payload], None], stats: BatchStats) -> None:
    """Grade ``jobs`` on a pool of child processes, killing a child whose
    submission overruns ``limit`` seconds.

    Killing a child breaks a ``ProcessPoolExecutor`` (every pending future
    fails), so the round ends and the unfinished jobs go to a fresh pool. A job
    that was running when a child died for another reason is tried again, up
    to ``MAX_ATTEMPTS_DEFAULT`` times.

    Children are recycled by rounds of ``workers × MAX_TASKS_PER_CHILD_DEFAULT``
    jobs, each on a fresh pool, not with ``max_tasks_per_child``: on Python
    3.11-3.13 a pool using it hangs once children have been replaced
    (https://github.com/python/cpython/issues/115634; it did in our benchmark).
    """
    pending = {job.index: job for job in jobs}
    crashes: Counter[int] = Counter()
    context = multiprocessing.get_context("forkserver")
    # Children fork from a server that has already imported the grader and sympy.
    # The server itself dies with this process (grader/worker/lifeline.py).
    context.set_forkserver_preload(["grader.worker.forkserver_init", "grader.worker.runner"])
    while pending:
        events = context.SimpleQueue()
        round_jobs = list(pending.values())[:workers * runner.MAX_TASKS_PER_CHILD_DEFAULT]
        executor = ProcessPoolExecutor(
            max_workers=min(workers, len(round_jobs)), mp_context=context,
            initializer=runner.pool_init,
            initargs=(events, runner.memory_limit_mb(), os.getpid()))
        futures: dict[Future[Payload], int] = {
            executor.submit(runner.pool_grade, job): job.index for job in round_jobs}
        running: dict[int, tuple[int, float]] = {}  # index → (pid, started)
        killed: set[int] = set()
        broken = False
        try:
            not_done = set(futures)
            while not_done:
                done, not_done = wait(not_done, timeout=POLL_SECONDS_DEFAULT,
                                      return_when=FIRST_COMPLETED)
                while not events.empty():
                    index, pid = events.get()
                    running[index] = (pid, time.monotonic())
                for future in done:
                    index = futures[future]
                    try:
                        payload = future.result()
                    except BrokenProcessPool:
                        broken = True
                        continue
                    running.pop(index, None)
                    if pending.pop(index, None) is not None:
                        finished(payload)
                now = time.monotonic()
                for index, (pid, since) in running.items():
                    if index in pending and index not in killed and now - since > limit:
                        killed.add(index)
                        _kill(pid)
        except BaseException:  # Ctrl-C, SIGTERM, an error writing the journal
            _stop_pool(executor)
            raise
        finally:
            executor.shutdown(wait=True, cancel_futures=True)
            events.close()
        for index in killed:
            if index in pending:
                stats.timed_out += 1
                finished(runner.timed_out_payload(pending.pop(index), assignment, limit))
        if broken and not killed:
            # A child died on its own (a C-level crash, the kernel's OOM killer):
            # every job it might have been running is a suspect.
            for index in [i for i in running if i in pending]:
                crashes[index] += 1
                if crashes[index] >= runner.MAX_ATTEMPTS_DEFAULT:
                    finished(runner.crashed_payload(pending.pop(index), assignment,
                                                    crashes[index]))


def _stop_pool(executor: ProcessPoolExecutor) -> None:
    """Kill every child of ``executor`` now, rather than wait for their
    submissions to finish (``shutdown`` would). ``_processes`` is private but
    has had this meaning since Python 3.2, and nothing public lists the pids."""
    processes = list((getattr(executor, "_processes", None) or {}).values())
    executor.shutdown(wait=False, cancel_futures=True)  # drops _processes
    for process in processes:
        with contextlib.suppress(Exception):
            process.kill()


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


# --- Celery ------------------------------------------------------------------------------

def _grade_celery(jobs: list[GradeJob], assignment: Assignment, broker: str, batch_id: str,
                  limit: float, finished: Callable[[Payload], None], stats: BatchStats) -> None:
    """Send one task per job to the workers of ``broker`` and gather the results.

    Raises:
        OperationalError: Redis is unreachable (before anything is sent) or was
            lost mid-batch (what was gathered is in the journal: re-run to resume).
    """
    from grader.worker.app import configure
    from grader.worker.broker import check_reachable, lost_broker
    from grader.worker.state import BatchState

    check_reachable(broker)  # fail now, by name, rather than in kombu's retries
    gathered = 0

    def counted(payload: Payload) -> None:
        nonlocal gathered
        finished(payload)
        gathered += 1

    with lost_broker(broker, lambda: stats.resumed + gathered, stats.resumed + len(jobs),
                     f"the journal ({JOURNAL_NAME} in the output folder)"):
        app = configure(broker)
        state = BatchState.from_url(broker, batch_id)
        state.create(assignment.id, [job.index for job in jobs])
        by_task = _send_tasks(app, jobs, batch_id, limit)
        _gather(app, by_task, state, assignment, limit, counted, stats)


def _send_tasks(app: Any, jobs: list[GradeJob], batch_id: str,
                limit: float) -> dict[str, GradeJob]:
    """Publish one task per job; returns the jobs by task id."""
    from grader.worker.app import GRADE_TASK

    by_task: dict[str, GradeJob] = {}
    # One producer (one connection) for the whole batch, published in a tight loop.
    with app.producer_or_acquire() as producer:
        for job in jobs:
            message = _with_content(job)
            sent = app.send_task(GRADE_TASK, args=(batch_id, message.model_dump()),
                                 time_limit=limit, producer=producer)
            by_task[sent.id] = job
    return by_task


def _gather(app: Any, by_task: dict[str, GradeJob], state: Any, assignment: Assignment,
            limit: float, finished: Callable[[Payload], None], stats: BatchStats) -> None:
    """Wait for every task's result and hand each payload to ``finished``."""
    for task_id, meta in app.backend.get_many(set(by_task), interval=POLL_SECONDS_DEFAULT,
                                              no_ack=True):
        job = by_task[task_id]
        if meta["status"] == "SUCCESS":
            finished(meta["result"])
            continue
        error = meta.get("result")
        exc_type = (error.get("exc_type") if isinstance(error, dict)
                    else type(error).__name__)
        if exc_type == "TimeLimitExceeded":  # Celery killed the child at the hard limit
            stats.timed_out += 1
            state.mark(job.index, "done")
            finished(runner.timed_out_payload(job, assignment, limit))
            continue
        message = error.get("exc_message") if isinstance(error, dict) else error
        raise GraderError(f"a worker failed on {job.path}: {exc_type}: {message} "
                          f"(graded so far is kept; run the same command again to resume)")


def _with_content(job: GradeJob) -> GradeJob:
    """Put the file's bytes in the message, so workers need not share our disk."""
    path = Path(job.path)
    try:
        if path.stat().st_size > SEND_CONTENT_MAX_BYTES_DEFAULT:
            return job
        content = base64.b64encode(path.read_bytes()).decode("ascii")
    except OSError:
        return job  # the worker reports the unreadable file as in-process grading would
    return job.model_copy(update={"content": content})
