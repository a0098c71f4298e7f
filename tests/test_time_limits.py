"""Time limits: they fire, they nest, and an inner limit never extends an outer one."""

from __future__ import annotations

import time

import pytest

from grader.errors import CheckTimeout
from grader.time_limits import time_limit


def _spin(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def test_limit_interrupts_a_busy_loop():
    started = time.monotonic()
    with pytest.raises(CheckTimeout), time_limit(0.1):
        _spin(5)
    assert time.monotonic() - started < 1


def test_timeout_is_not_swallowed_by_except_exception():
    with pytest.raises(CheckTimeout), time_limit(0.1):
        try:
            _spin(5)
        except Exception:  # what sympy does internally
            pytest.fail("CheckTimeout must not be an Exception")


def test_inner_limit_cannot_extend_outer():
    started = time.monotonic()
    with pytest.raises(CheckTimeout), time_limit(0.2), time_limit(10):
        _spin(5)
    assert time.monotonic() - started < 1


def test_outer_limit_still_applies_after_inner_block():
    started = time.monotonic()
    with pytest.raises(CheckTimeout), time_limit(0.3):
        with time_limit(0.1):
            pass
        _spin(5)
    assert time.monotonic() - started < 1


def test_no_timer_left_behind():
    import signal

    with time_limit(0.5):
        pass
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
