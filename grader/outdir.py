"""An output folder's own files, and one batch at a time per folder.

Two ``grade`` runs writing one folder would interleave reports and one would
delete the other's resume journal. ``output_lock`` takes an exclusive,
non-blocking ``flock`` on ``OUT/.lock`` for the whole batch; the kernel
releases it when the process ends however it ends, so a killed run never
leaves a stale lock behind.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from grader.errors import GraderError

LOCK_NAME = ".lock"
#: One line per finished submission, so an interrupted batch resumes (grader/batch.py).
JOURNAL_NAME = ".partial.jsonl"


class OutputBusyError(GraderError):
    """Another process is writing the output folder."""


@contextlib.contextmanager
def output_lock(out_dir: Path) -> Iterator[None]:
    """Hold the lock of ``out_dir`` (created if needed) for the ``with`` block.

    Raises:
        OutputBusyError: another process holds it; the message names its pid.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            raise OutputBusyError(
                f"{out_dir}: another grade run (pid {holder}) is writing this folder; "
                "wait for it to finish or choose another --out") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # closing releases the flock
