"""Imported only inside the multiprocessing fork server (``set_forkserver_preload``).

Importing it asks the kernel to kill the importing process when its parent
dies: the fork server then ends with the ``grade`` process that started it,
and its pool children end with it (``grader.worker.lifeline``). Never import
this module elsewhere: it would tie that process's life to its parent's.

A child the fork server is starting while ``grade`` stops (Ctrl-C) finds the
pool's pipes gone (an ``OSError`` or ``EOFError``) and fails before it runs
anything: that is the stop the user asked for, and ``grade`` has already said
so, so it is not reported again. Any other failure of a starting child is one
line, not a multiprocessing traceback in the middle of the user's terminal
(the fork server reports it through ``sys.excepthook``).
"""

import sys
from types import TracebackType

from grader.worker.lifeline import die_with_parent


def _one_line(kind: type[BaseException], error: BaseException,
              _trace: TracebackType | None) -> None:
    if issubclass(kind, OSError | EOFError):
        return  # the pool is gone: grade is stopping
    sys.stderr.write(f"grader: a worker could not start ({kind.__name__}: {error})\n")


die_with_parent()
sys.excepthook = _one_line
