"""Visibility leases (issue #7): a short visibility timeout renewed by the worker.

A healthy task running several times the timeout is started once, even when
its worker shuts down warmly halfway through; the task of
a worker SIGKILLed mid-task is re-queued and finished by another worker within
the default timeout plus one restore sweep, well under a minute.
"""

from __future__ import annotations

import time

import pytest

from grader.batch import grade_batch, new_batch_id
from grader.outcome import Status
from grader.rubric.assignment import load_assignment
from grader.worker.app import RESTORE_INTERVAL_DEFAULT, VISIBILITY_TIMEOUT_DEFAULT
from grader.worker.lease import renew
from grader.worker.state import BatchState
from tests.worker.conftest import (
    BATCH_SECONDS_MAX,
    WORKER_READY_SECONDS,
    finish,
    in_background,
)
from tests.worker.hostile import write_hostile_assignment, write_sheets

pytestmark = [pytest.mark.redis, pytest.mark.slow]

#: The healthy test's timeout and task: the task runs five times the timeout.
SHORT_VISIBILITY = 3.0
LONG_TASK_SECONDS = 5 * SHORT_VISIBILITY
#: Re-queue bound asserted after a SIGKILL (expected: at most the default
#: timeout plus one sweep, 25 s).
REQUEUE_SECONDS_MAX = 45.0


def _slow_batch(tmp_path, seconds: float):
    assignment = load_assignment(str(write_hostile_assignment(tmp_path, slow=True)))
    return assignment, write_sheets(tmp_path / "subs", {"slow": f"sleep {seconds:g}"})


def _wait_deliveries(state: BatchState, count: int, seconds: float) -> float:
    """Wait until submission 0 was started ``count`` times; returns when (monotonic)."""
    deadline = time.monotonic() + seconds
    while state.deliveries(0) < count:
        assert time.monotonic() < deadline, f"not started {count} time(s) in {seconds:g} s"
        time.sleep(0.05)
    return time.monotonic()


def test_renewal_updates_held_tags_and_never_revives_acked_ones(redis_url):
    import redis

    client = redis.Redis.from_url(redis_url)
    index = f"test-lease-{new_batch_id()}"
    client.zadd(index, {"held": 1.0})
    try:
        assert renew(client, index, ["held", "acked"], now=1000.0) == 1
        assert client.zrange(index, 0, -1, withscores=True) == [(b"held", 1000.0)]
    finally:
        client.delete(index)


def test_a_long_healthy_task_is_graded_once(redis_url, start_worker, tmp_path):
    """It runs five times the timeout; halfway, its worker is asked to stop
    (SIGTERM: a warm shutdown, which finishes running tasks). An idle second
    worker sweeps for overdue tasks all along and must never start it again."""
    first = start_worker(visibility=f"{SHORT_VISIBILITY:g}")
    assignment, files = _slow_batch(tmp_path, LONG_TASK_SECONDS)
    batch_id = new_batch_id()
    running = in_background(grade_batch, files, assignment, tmp_path / "out",
                            broker=redis_url, batch_id=batch_id, progress=False)
    state = BatchState.from_url(redis_url, batch_id)
    started = _wait_deliveries(state, 1, BATCH_SECONDS_MAX)
    start_worker(visibility=f"{SHORT_VISIBILITY:g}")
    time.sleep(max(0.0, started + LONG_TASK_SECONDS / 2 - time.monotonic()))
    assert state.deliveries(0) == 1, "delivered again while its worker ran it"
    first.stop()
    batch = finish(*running)
    assert state.deliveries(0) == 1, "delivered again while its worker shut down"
    assert time.monotonic() - started >= LONG_TASK_SECONDS
    assert [p.status for p in batch.results[0].parts] == [Status.CORRECT] * 2
    first.process.wait(timeout=WORKER_READY_SECONDS)  # it did stop once the task was done


def test_a_killed_workers_task_is_requeued_within_seconds(redis_url, start_worker, tmp_path):
    doomed = start_worker(visibility=None)  # the shipped default timeout
    assignment, files = _slow_batch(tmp_path, 6)
    batch_id = new_batch_id()
    running = in_background(grade_batch, files, assignment, tmp_path / "out",
                            broker=redis_url, batch_id=batch_id, progress=False)
    state = BatchState.from_url(redis_url, batch_id)
    _wait_deliveries(state, 1, BATCH_SECONDS_MAX)
    start_worker(visibility=None)  # idle, sweeping for overdue tasks
    assert state.deliveries(0) == 1, "the new worker took a task that is still running"
    doomed.kill()  # SIGKILL of the whole process group, mid-task
    killed = time.monotonic()
    requeued = _wait_deliveries(state, 2, REQUEUE_SECONDS_MAX) - killed
    print(f"\nre-queued and started again {requeued:.1f} s after the SIGKILL "
          f"(timeout {VISIBILITY_TIMEOUT_DEFAULT:g} s, sweep every "
          f"{RESTORE_INTERVAL_DEFAULT:g} s)")
    batch = finish(*running)
    assert [p.status for p in batch.results[0].parts] == [Status.CORRECT] * 2
    assert state.deliveries(0) == 2
    assert requeued < REQUEUE_SECONDS_MAX
