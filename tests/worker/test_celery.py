"""Batches graded by real Celery worker processes on the real Redis (issue #4).

Each test starts ``grader worker --concurrency 1`` itself (``conftest.py``) and
compares whole results with in-process grading of the same files, never fixed
verdicts: the checkers change while this runs.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from grader.batch import grade_batch, new_batch_id
from grader.outcome import Status
from grader.rubric.assignment import load_assignment
from grader.worker.runner import TIMED_OUT
from grader.worker.state import BatchState
from tests.conftest import REPO
from tests.worker.conftest import BATCH_SECONDS_MAX, finish, in_background
from tests.worker.hostile import write_hostile_assignment, write_sheets

pytestmark = [pytest.mark.redis, pytest.mark.slow]

SAMPLES = REPO / "submissions" / "seqmodels-a5"


def _samples() -> list[Path]:
    return sorted(p for p in SAMPLES.iterdir() if p.is_file() and not p.name.startswith("."))


def test_celery_equals_in_process(redis_url, start_worker, assignments, tmp_path, capsys):
    start_worker()
    assignment = assignments["seqmodels-a5"]
    local = grade_batch(_samples(), assignment, tmp_path / "local", workers=0, progress=False)
    batch_id = new_batch_id()
    celery = finish(*in_background(
        grade_batch, _samples(), assignment, tmp_path / "celery", broker=redis_url,
        batch_id=batch_id, progress=False))
    assert celery.results == local.results
    assert (tmp_path / "celery" / "results.json").read_text() == (
        tmp_path / "local" / "results.json").read_text()
    summary = BatchState.from_url(redis_url, batch_id).summary()
    assert summary["done"] == summary["total"] == len(_samples())
    from grader.cli.main import main

    assert main(["status", batch_id, "--broker", redis_url]) == 0
    assert f"{len(_samples())} done" in capsys.readouterr().out


def test_a_killed_worker_loses_no_submission(redis_url, start_worker, assignments, tmp_path):
    assignment = assignments["seqmodels-a5"]
    files = []
    for copy in range(4):  # enough work to kill the worker half-way
        folder = tmp_path / "class" / f"group{copy}"
        folder.mkdir(parents=True)
        for path in _samples():
            files.append(Path(shutil.copy(path, folder / path.name)))
    local = grade_batch(files, assignment, tmp_path / "local", workers=0, progress=False)

    worker = start_worker()
    batch_id = new_batch_id()
    running = in_background(grade_batch, files, assignment, tmp_path / "celery",
                             broker=redis_url, batch_id=batch_id, progress=False)
    state = BatchState.from_url(redis_url, batch_id)
    deadline = time.monotonic() + BATCH_SECONDS_MAX
    while (state.summary() or {}).get("done", 0) < 5:
        assert time.monotonic() < deadline, "the worker never got going"
        time.sleep(0.02)
    worker.kill()
    assert state.summary()["done"] < len(files), "the batch finished before the kill"
    start_worker()
    celery = finish(*running)
    assert celery.results == local.results


def test_a_check_that_never_ends_is_cut(redis_url, start_worker, tmp_path, monkeypatch):
    monkeypatch.setenv("GRADER_TASK_TIME_LIMIT", "2")
    assignment = load_assignment(str(write_hostile_assignment(tmp_path)))
    files = write_sheets(tmp_path / "subs", {"a": "hang", "b": "fine"})
    worker = start_worker()
    batch = finish(*in_background(grade_batch, files, assignment, tmp_path / "out",
                                    broker=redis_url, progress=False))
    hung, fine = batch.results
    assert [p.status for p in hung.parts] == [Status.NEEDS_REVIEW] * 2
    assert hung.parts[0].feedback == (TIMED_OUT,)
    assert fine.parts[0].status is Status.CORRECT  # graded after the cut, by the same worker
    assert worker.alive()
