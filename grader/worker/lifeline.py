"""Worker processes that end with the command that started them (issue #7).

A ``grade`` killed with SIGKILL cannot stop its children itself, and a pool
child's parent is not ``grade`` but the multiprocessing fork server, which
outlives ``grade`` while any child holds a copy of its liveness pipe. So each
link of the chain asks the kernel for a signal when its own parent dies
(``PR_SET_PDEATHSIG``): the fork server when ``grade`` dies
(``grader.worker.forkserver_init``, preloaded into it), a pool child when the
fork server dies (``runner.pool_init``), the ``grader check`` child when
``grader check`` dies.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys

_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def detach_from_terminal_group() -> None:
    """Leave the terminal's process group: Ctrl-C then reaches only the parent,
    which stops its children itself, instead of every child printing a traceback."""
    with contextlib.suppress(OSError):
        os.setpgid(0, 0)


def die_with_parent(owner: int | None = None) -> None:
    """Have the kernel SIGKILL this process when its parent dies.

    ``owner`` is the pid of the command the process works for, when the parent
    is a go-between (the fork server): a child forked just as the command died
    may find its parent already gone, when asking the kernel is too late, so it
    checks the owner itself. Linux only; elsewhere a child exits when it next
    reads from its closed queue.
    """
    if not sys.platform.startswith("linux"):
        return
    parent = os.getppid()
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent or parent == 1 or (owner is not None and not _alive(owner)):
        os._exit(1)  # the parent or the owner died before the request took effect


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
