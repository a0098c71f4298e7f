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
heartbeat does, so no thread runs beside billiard's forks.

Details that matter:

- ``ZADD XX`` only updates tags still in the index: a tag acknowledged or
  already restored in the meantime is not brought back.
- The renewing worker and the sweeping one each use their own clock (kombu
  scores with ``time.time()``): hosts must keep their clocks within a few
  seconds of each other (NTP), or raise ``$GRADER_VISIBILITY_TIMEOUT``.
- A worker cut from Redis for longer than the timeout cannot renew: its tasks
  are graded again elsewhere. That costs work, never a result: grading is
  deterministic and the batch keeps the first result of each submission.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from typing import Any

from celery import bootsteps
from celery.worker import state

logger = logging.getLogger(__name__)

#: Renewals per visibility timeout: a lease survives this many missed renewals
#: less one (the main loop stalled for 16 s of a 20 s timeout).
RENEWALS_PER_TIMEOUT = 5
RENEW_INTERVAL_MIN_SECONDS = 0.2


def renew_interval(visibility_timeout: float) -> float:
    return max(visibility_timeout / RENEWALS_PER_TIMEOUT, RENEW_INTERVAL_MIN_SECONDS)


def held_delivery_tags() -> list[str]:
    """Delivery tags of every message this worker holds unacknowledged."""
    held: Iterable[Any] = (*state.reserved_requests, *state.active_requests,
                           *state.scheduled_requests)
    tags = {getattr(request.message, "delivery_tag", None) for request in held}
    return sorted(tag for tag in tags if tag)


def renew(channel: Any, tags: list[str], now: float | None = None) -> int:
    """Re-score ``tags`` in the channel's ``unacked_index`` to ``now``; returns
    how many were still there (``ZADD XX CH``: tags gone are not re-added)."""
    if not tags:
        return 0
    stamp = time.time() if now is None else now
    with channel.conn_or_acquire() as client:
        return int(client.zadd(channel.unacked_index_key, dict.fromkeys(tags, stamp),
                               xx=True, ch=True))


class VisibilityLease(bootsteps.StartStopStep):
    """Consumer bootstep: renew the lease of held messages on the worker's timer."""

    requires = ("celery.worker.consumer.tasks:Tasks",)

    def __init__(self, c: Any, **kwargs: Any) -> None:
        self.tref: Any = None
        super().__init__(c, **kwargs)

    def start(self, c: Any) -> None:
        channel = c.task_consumer.channel
        if not hasattr(channel, "unacked_index_key"):  # not the Redis transport
            return
        interval = renew_interval(float(channel.visibility_timeout))
        self.tref = c.timer.call_repeatedly(interval, self._tick, (c,))
        logger.info("visibility lease: %g s timeout renewed every %g s",
                    channel.visibility_timeout, interval)

    def stop(self, c: Any) -> None:
        if self.tref is not None:
            self.tref.cancel()
            self.tref = None

    shutdown = stop

    def _tick(self, c: Any) -> None:
        # Looked up each time: a reconnection gives the consumer a new channel.
        consumer = c.task_consumer
        if consumer is None:
            return
        channel = consumer.channel
        try:
            renew(channel, held_delivery_tags())
        except channel.connection_errors as exc:
            # The next tick tries again; a lease lapses only after several misses.
            logger.warning("visibility lease: could not renew (%r)", exc)
