"""Visibility leases: a short visibility timeout, renewed while a worker holds the task.

Why (issue #7). kombu's Redis transport emulates acknowledgements: a delivered
message is kept in the hash ``unacked`` and its delivery tag in the sorted set
``unacked_index``, scored with the delivery time. Every consuming worker sweeps
that set every ``unacked_restore_interval`` seconds
(``QoS.restore_visible``) and puts back on the queue any message older than
``visibility_timeout``; an acknowledgement removes it from both. The transport
never renews the score, so with ``acks_late`` the timeout must exceed the
longest task (600 s here): a worker that died (SIGKILL of the whole worker, a
lost machine) then held its tasks for 20 minutes before anyone graded them.

The fix is a lease. The timeout is short (``VISIBILITY_TIMEOUT_DEFAULT`` in
``app.py``, 20 s) and the worker's *main* process re-scores, every
``visibility_timeout / RENEWALS_PER_TIMEOUT`` seconds, the delivery tag of every
message it holds: the requests it has reserved, scheduled or is running
(``celery.worker.state``). A healthy task, however long, stays younger than the
timeout and is never delivered twice; a dead worker stops renewing, so its
tasks are overdue within ``visibility_timeout`` and another worker's next sweep
re-queues them: within ``visibility_timeout + unacked_restore_interval``
(about 25 s) of the death.

Why the main process: it is the one that holds the broker connection and the
delivery tags, and it dies with the worker. A prefork child that dies alone is
handled by Celery (``task_reject_on_worker_lost`` re-queues its task at once),
and a child killed at the hard time limit fails its task (``TimeLimitExceeded``).
The renewal runs on the worker's own event-loop timer, as Celery's event
heartbeat does: a worker whose main loop hangs stops renewing, and its tasks go
to others, as a dead one's do. The loop stops, though, while the worker shuts
down warmly (SIGTERM: ``docker compose stop``, a redeploy) and waits for its
running tasks, and while it reconnects to Redis; the consumer then stops this
step, which hands renewal over to a thread until the tasks are done (at most
the longest task time limit), so they are not graded a second time elsewhere.

Details that matter:

- The renewal uses a Redis client of its own, not kombu's channel: it must
  work while the consumer's connection is being closed or replaced.
- ``ZADD XX`` only updates tags still in the index: a tag acknowledged or
  already restored in the meantime is not brought back.
- The renewing worker and the sweeping one each use their own clock (kombu
  scores with ``time.time()``): hosts must keep their clocks within a few
  seconds of each other (NTP), or raise ``$GRADER_VISIBILITY_TIMEOUT``.
- A worker cut from Redis for longer than the timeout cannot renew: its tasks
  are graded again elsewhere. That costs work, not a result (grading is
  deterministic and the batch keeps the first result of each submission), as
  long as one task is not delivered more than ``runner.MAX_ATTEMPTS_DEFAULT``
  times: each delivery counts as an attempt of a submission that may be
  crashing its workers.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

import redis
from celery import bootsteps
from celery.worker import state

logger = logging.getLogger(__name__)

#: Renewals per visibility timeout: a lease survives this many missed renewals
#: less one (the main loop stalled for 16 s of a 20 s timeout).
RENEWALS_PER_TIMEOUT = 5
RENEW_INTERVAL_MIN_SECONDS = 0.2
SOCKET_TIMEOUT_SECONDS = 5.0


def renew_interval(visibility_timeout: float) -> float:
    return max(visibility_timeout / RENEWALS_PER_TIMEOUT, RENEW_INTERVAL_MIN_SECONDS)


def held_delivery_tags() -> list[str]:
    """Delivery tags of every message this worker holds unacknowledged: reserved,
    scheduled or running (``state.requests`` lists them all until they are done;
    ``list(dict.values())`` is atomic, so the handover thread may call this)."""
    held = list(state.requests.values())
    tags = {getattr(getattr(request, "message", None), "delivery_tag", None) for request in held}
    return sorted(tag for tag in tags if tag)


def renew(client: redis.Redis, index_key: str, tags: list[str],
          now: float | None = None) -> int:
    """Re-score ``tags`` in ``index_key`` to ``now``; returns how many were still
    there (``ZADD XX CH``: a tag acknowledged or restored meanwhile is not re-added)."""
    if not tags:
        return 0
    stamp = time.time() if now is None else now
    return int(client.zadd(index_key, dict.fromkeys(tags, stamp), xx=True, ch=True))


class Renewer:
    """Renews this worker's held tags, from the event loop or, handed over, a thread."""

    def __init__(self, url: str, index_key: str, interval: float, handover_max: float) -> None:
        self.client = redis.Redis.from_url(url, socket_timeout=SOCKET_TIMEOUT_SECONDS,
                                           socket_connect_timeout=SOCKET_TIMEOUT_SECONDS)
        self.index_key = index_key
        self.interval = interval
        self.handover_max = handover_max
        self._resumed = threading.Event()
        self._thread: threading.Thread | None = None

    def renew_held(self) -> int:
        """Renew what is held now; a failure is logged (the next try may work:
        a lease lapses only after several misses). Returns the tags held."""
        tags = held_delivery_tags()
        try:
            renew(self.client, self.index_key, tags)
        except redis.RedisError as exc:
            logger.warning("visibility lease: could not renew %d task(s) (%r)", len(tags), exc)
        return len(tags)

    def hand_over(self) -> None:
        """Keep renewing on a thread while the event loop is stopped."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._resumed.clear()
        self._thread = threading.Thread(target=self._renew_until_resumed,
                                        name="visibility-lease", daemon=True)
        self._thread.start()

    def take_back(self) -> None:
        """The event loop renews again: end the thread."""
        self._resumed.set()
        if self._thread is not None:
            self._thread.join(SOCKET_TIMEOUT_SECONDS + self.interval)
            self._thread = None

    def _renew_until_resumed(self) -> None:
        # Bounded: a worker hung in shutdown must not hold its tasks forever.
        deadline = time.monotonic() + self.handover_max
        while not self._resumed.wait(self.interval) and time.monotonic() < deadline:
            if not self.renew_held():
                return  # every task is done: nothing left to renew


class VisibilityLease(bootsteps.StartStopStep):
    """Consumer bootstep: renew the lease of held messages on the worker's timer."""

    requires = ("celery.worker.consumer.tasks:Tasks",)

    def __init__(self, c: Any, **kwargs: Any) -> None:
        self.tref: Any = None
        self.renewer: Renewer | None = None
        super().__init__(c, **kwargs)

    def start(self, c: Any) -> None:
        channel = c.task_consumer.channel
        if not hasattr(channel, "unacked_index_key"):  # not the Redis transport
            return
        if self.renewer is None:
            visibility = float(channel.visibility_timeout)
            self.renewer = Renewer(
                c.app.conf.broker_url,
                getattr(channel, "global_keyprefix", "") + channel.unacked_index_key,
                renew_interval(visibility),
                handover_max=float(c.app.conf.task_time_limit or 0) + visibility)
            logger.info("visibility lease: %g s timeout renewed every %g s",
                        visibility, self.renewer.interval)
        self.renewer.take_back()
        self.tref = c.timer.call_repeatedly(self.renewer.interval, self.renewer.renew_held)

    def stop(self, c: Any) -> None:
        if self.tref is not None:
            self.tref.cancel()
            self.tref = None
        if self.renewer is not None:
            self.renewer.hand_over()

    shutdown = stop
