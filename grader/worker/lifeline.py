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


def die_with_parent() -> None:
    """Have the kernel SIGKILL this process when its parent dies.

    Linux only; elsewhere a child exits when it next reads from its closed queue.
    """
    if not sys.platform.startswith("linux"):
        return
    parent = os.getppid()
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)
