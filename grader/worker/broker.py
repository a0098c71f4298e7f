"""Broker failures as one clear line, not a traceback (issue #7).

The sender of a batch talks to Redis three ways: its own client for the batch
state, kombu for publishing tasks, Celery's result backend for gathering. Each
raises its own connection errors (redis-py's, kombu's ``OperationalError``, the
socket's), and without care the first one, deep in a library, ends ``grade``
with a traceback. Here they become :class:`grader.errors.OperationalError`:

- before anything is sent, :func:`check_reachable` pings Redis once with a short
  connect timeout, so an unreachable broker fails at once and by name (kombu
  and Celery would otherwise retry, some forever);
- while sending and gathering, :func:`lost_broker` turns the same errors into
  a message saying what was kept (the batch's journal) and how to resume.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

import redis
from kombu.exceptions import OperationalError as KombuOperationalError
from kombu.utils.url import maybe_sanitize_url

from grader.errors import OperationalError

#: Seconds to wait for Redis to accept a connection before calling it unreachable.
CONNECT_TIMEOUT_SECONDS_DEFAULT = 5.0
#: What a lost or unreachable broker raises, whichever library noticed first.
#: (redis-py's ``AuthenticationError`` and ``BusyLoadingError`` are
#: ``ConnectionError``\\ s; the builtin ``ConnectionError`` is the socket's.)
BROKER_ERRORS: tuple[type[BaseException], ...] = (
    redis.ConnectionError, redis.TimeoutError, KombuOperationalError,
    ConnectionError, TimeoutError)


def redacted(url: str) -> str:
    """The URL with its password masked, for messages."""
    return str(maybe_sanitize_url(url))


def reason(exc: BaseException) -> str:
    """The first line of what the library said, without its final full stop."""
    text = str(exc).strip().splitlines()
    return text[0].rstrip(".") if text else type(exc).__name__


def check_reachable(url: str, timeout: float = CONNECT_TIMEOUT_SECONDS_DEFAULT) -> None:
    """Ping the Redis at ``url`` once.

    Raises:
        OperationalError: it refused, timed out or rejected us (bad password,
            wrong DB number, still loading its data).
    """
    client = redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
    try:
        with unreachable(url, also=(redis.RedisError,)):
            client.ping()
    finally:
        client.close()


@contextlib.contextmanager
def unreachable(url: str, also: tuple[type[BaseException], ...] = ()) -> Iterator[None]:
    """Turn a failed connection to ``url`` (and errors ``also``) into one
    :class:`OperationalError` naming it."""
    try:
        yield
    except (*BROKER_ERRORS, *also) as exc:
        raise OperationalError(
            f"cannot reach the broker at {redacted(url)}: {reason(exc)} (is Redis running "
            "there? check --broker or $GRADER_BROKER_URL)") from exc


@contextlib.contextmanager
def lost_broker(url: str, graded: Callable[[], int], total: int,
                journal: str) -> Iterator[None]:
    """Turn a broker lost mid-batch into one :class:`OperationalError`.

    ``graded()`` counts the submissions already kept in ``journal`` (a path
    shown to the user), ``total`` those this batch sent.
    """
    try:
        yield
    except BROKER_ERRORS as exc:
        raise OperationalError(
            f"lost the broker at {redacted(url)} mid-batch: {reason(exc)}; the {graded()} of "
            f"{total} submission(s) graded so far are kept in {journal}: run the same command "
            "again to resume once Redis is back") from exc
