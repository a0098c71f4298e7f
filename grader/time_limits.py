"""Time limits around a single check.

In-process this uses an interval timer, which only works on the main thread
and cannot interrupt one long C-level call; the batch workers add the
process-level limits that can (issue #4). Off the main thread it degrades to
no limit rather than failing. Limits nest: an inner limit never extends an
outer one, and the outer one is re-armed with its remaining time on exit.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from grader.errors import CheckTimeout


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise ``CheckTimeout`` in the block if it runs longer than ``seconds``.

    Example:
        >>> with time_limit(2.0):
        ...     slow_sympy_call()
    """
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return
    outer_remaining, _ = signal.getitimer(signal.ITIMER_REAL)
    budget = min(seconds, outer_remaining) if outer_remaining > 0 else seconds

    def _expire(signum: int, frame: object) -> None:
        raise CheckTimeout(f"check timed out after {budget:g} s")

    started = time.monotonic()
    previous = signal.signal(signal.SIGALRM, _expire)
    signal.setitimer(signal.ITIMER_REAL, budget)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_remaining > 0:
            # Re-arm the outer limit; if it has already run out, fire it now.
            left = outer_remaining - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 1e-3))
