"""The Celery application: ``celery -A grader.worker.app worker`` or ``grader worker``.

Robustness settings (issue #4): tasks are acknowledged after they finish
(``acks_late``) and put back on the queue if the worker process running them
dies (``reject_on_worker_lost``); a worker takes one task per child at a time
(``prefetch_multiplier=1``); the hard time limit is sent with each task
(``grader.worker.runner.submission_time_limit``) and kills the child, which
prefork replaces; children are recycled above a resident-memory ceiling or
after ``MAX_TASKS_PER_CHILD_DEFAULT`` tasks, and cap their address space when
they start. The task count is ten times the local pool's: billiard notices a
recycled child only on its 5 s pool-maintenance timer, so each recycle idles
the worker for up to 5 s (3-4 s measured, every 200 tasks of ~5 ms: more than
half a 1,000-submission batch's time in bench/run.py). The memory ceiling is
the guard that matters (a child grows ~30 MB over 1,000 submissions).

A task taken by a worker that then vanished (killed, machine lost) stays
unacknowledged in Redis; another worker restores it to the queue once it is
older than ``visibility_timeout`` (``$GRADER_VISIBILITY_TIMEOUT``, 20 s). The
timeout is short because each worker renews the tasks it holds every few
seconds (``grader.worker.lease``, issue #7): a healthy task is never
re-delivered however long it runs, and a dead worker's task is graded
elsewhere within about 25 s instead of after the longest task's time.
"""

from __future__ import annotations

import os
import threading

from celery import Celery
from celery.signals import worker_process_init

from grader.worker import runner
from grader.worker.broker import CONNECT_TIMEOUT_SECONDS_DEFAULT
from grader.worker.lease import VisibilityLease

BROKER_ENV = "GRADER_BROKER_URL"
VISIBILITY_TIMEOUT_ENV = "GRADER_VISIBILITY_TIMEOUT"
#: Seconds a held task may go unrenewed before another worker re-queues it.
VISIBILITY_TIMEOUT_DEFAULT = 20.0
#: Seconds between each worker's sweeps for overdue tasks (at most; a quarter
#: of the visibility timeout when that is shorter).
RESTORE_INTERVAL_DEFAULT = 5.0
QUEUE = "grader"
GRADE_TASK = "grader.grade"
MAX_MEMORY_PER_CHILD_KB_DEFAULT = 800 * 1024
MAX_TASKS_PER_CHILD_DEFAULT = 10 * runner.MAX_TASKS_PER_CHILD_DEFAULT

app = Celery("grader", include=["grader.worker.tasks"])
app.conf.update(
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    worker_max_tasks_per_child=MAX_TASKS_PER_CHILD_DEFAULT,
    worker_max_memory_per_child=MAX_MEMORY_PER_CHILD_KB_DEFAULT,
    task_time_limit=runner.TIME_LIMIT_MAX_DEFAULT,
    task_default_queue=QUEUE,
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    result_expires=24 * 3600,
    broker_connection_retry_on_startup=True,
    worker_hijack_root_logger=False,
)


def configure(broker: str | None = None) -> Celery:
    """Point the app at a Redis URL (broker and result backend alike)."""
    url = broker or os.environ.get(BROKER_ENV)
    if url:
        if app.conf.broker_url and app.conf.broker_url != url:
            _forget_connections()
        app.conf.update(broker_url=url, result_backend=url,
                        broker_transport_options=transport_options(visibility_timeout()),
                        # A Redis on a lost machine never refuses: stop waiting after 5 s.
                        redis_socket_connect_timeout=CONNECT_TIMEOUT_SECONDS_DEFAULT)
    return app


def _forget_connections() -> None:
    """Drop the connection pools and result backend bound to the previous URL.

    Celery builds them once and only drops them after a fork (``Celery._after_fork``,
    whose steps these are): a process that sends batches to a second Redis (a
    script, the tests) would otherwise go on publishing to and polling the
    first, and fail there if it went away.
    """
    app._pool = None
    if "amqp" in app.__dict__:
        app.amqp._producer_pool = None
    app._backend_cache = None
    app._local = threading.local()  # where a backend that is not thread-safe lives


def visibility_timeout() -> float:
    return float(os.environ.get(VISIBILITY_TIMEOUT_ENV, VISIBILITY_TIMEOUT_DEFAULT))


def transport_options(visibility: float) -> dict[str, float]:
    """kombu Redis transport options for a ``visibility``-second lease."""
    return {
        "visibility_timeout": visibility,
        "unacked_restore_interval": min(RESTORE_INTERVAL_DEFAULT, visibility / 4),
        # Sweep on every interval, not every 10th (kombu's default throttle).
        "unacked_restore_throttle": 1,
        # The sweep's lock: kombu keeps it 300 s, so a worker killed during a
        # sweep (it takes milliseconds) would block every restore for 5 minutes.
        "unacked_mutex_expire": visibility,
        "socket_connect_timeout": CONNECT_TIMEOUT_SECONDS_DEFAULT,
    }


# Renew the tasks this worker holds (in its main process); see grader.worker.lease.
app.steps["consumer"].add(VisibilityLease)


@worker_process_init.connect
def _limit_child(**_: object) -> None:
    runner.apply_memory_limit(runner.memory_limit_mb())


configure()
