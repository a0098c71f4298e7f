"""Operational failures as one clear line and an exit code; details in a log file.

A TA running ``grader grade`` should see "the disk is full" or "Redis at … is
unreachable", not forty lines of traceback. :func:`run_guarded` runs a command
and turns every failure into one line on stderr and an :class:`ExitCode`; the
traceback of anything unexpected goes to a log file whose path that line names.
"""

from __future__ import annotations

import datetime
import errno
import os
import signal
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import IntEnum
from pathlib import Path
from types import FrameType

from grader.errors import GraderError, RubricError

LOG_NAME = "grader.log"
LOG_ENV = "GRADER_LOG"


class ExitCode(IntEnum):
    OK = 0
    FAILURE = 1
    USAGE = 2
    INVALID_RUBRIC = 3
    #: The batch ran, but some files could not be graded (each is a row with its reason).
    SOME_REFUSED = 4
    INTERRUPTED = 130


def run_guarded(command: Callable[[], int], *, log_dir: Path | None = None,
                interrupted_hint: str = "") -> int:
    """Run ``command``; report any failure as one line and return its exit code.

    Args:
        log_dir: where ``grader.log`` goes (an output folder), if writable;
            else ``$GRADER_LOG`` or the user's cache folder.
        interrupted_hint: appended to the Ctrl-C / SIGTERM line (how to resume).
    """
    try:
        with _sigterm_as_interrupt():
            return int(command())
    except RubricError as exc:
        return _fail(f"invalid rubric: {exc}", ExitCode.INVALID_RUBRIC)
    except GraderError as exc:
        return _fail(str(exc), ExitCode.FAILURE)
    except KeyboardInterrupt:
        return _fail("interrupted" + (f"; {interrupted_hint}" if interrupted_hint else ""),
                     ExitCode.INTERRUPTED)
    except OSError as exc:
        log = write_log(log_dir)
        return _fail(f"{describe_os_error(exc)}{_see(log)}", ExitCode.FAILURE)
    except Exception as exc:  # the last line of defence: never a raw traceback
        log = write_log(log_dir)
        what = describe_connection_error(exc) or f"internal error: {type(exc).__name__}: {exc}"
        return _fail(f"{what}{_see(log)}", ExitCode.FAILURE)


def describe_os_error(exc: OSError) -> str:
    """``OSError`` as a sentence naming the file: full disk, permissions, missing folder."""
    where = f"{exc.filename}: " if exc.filename else ""
    if exc.errno == errno.ENOSPC:
        return f"{where}no space left on the device; free some space and run again"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"{where}not writable or readable ({exc.strerror})"
    return f"{where}{exc.strerror or exc}"


def describe_connection_error(exc: Exception) -> str | None:
    """A broker or result-backend connection failure (redis-py, kombu), named as one."""
    names = {cls.__name__ for cls in type(exc).__mro__}
    modules = {cls.__module__.split(".")[0] for cls in type(exc).__mro__}
    if {"ConnectionError", "OperationalError", "TimeoutError"} & names and \
            {"redis", "kombu", "celery", "amqp"} & modules:
        return f"cannot reach the broker ({exc}); is Redis running at the URL given?"
    return None


def write_log(log_dir: Path | None) -> Path | None:
    """Append the current exception's traceback to the log file; its path, or None."""
    text = (f"--- {datetime.datetime.now().isoformat(timespec='seconds')} "
            f"grader {' '.join(sys.argv[1:])}\n{traceback.format_exc()}\n")
    for path in _log_candidates(log_dir):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as handle:
                handle.write(text)
            return path
        except OSError:
            continue
    return None


def _log_candidates(log_dir: Path | None) -> Iterator[Path]:
    if os.environ.get(LOG_ENV):
        yield Path(os.environ[LOG_ENV])
    if log_dir is not None:
        yield log_dir / LOG_NAME
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    yield cache / "grader" / LOG_NAME
    yield Path(tempfile.gettempdir()) / f"grader-{os.getuid()}.log"


def _see(log: Path | None) -> str:
    return f" (details in {log})" if log else ""


def _fail(message: str, code: ExitCode) -> int:
    print(f"grader: {message}", file=sys.stderr)
    return code


@contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM (``kill``, a scheduler's stop) unwinds like Ctrl-C, so the
    command stops its worker processes and keeps what it graded."""
    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread (a test runner's thread): leave it
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
