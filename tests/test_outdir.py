"""One batch at a time per output folder; a dead holder never leaves a stale lock."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from grader.outdir import OutputBusyError, output_lock

HOLD = """
import sys, time
from pathlib import Path
from grader.outdir import output_lock
with output_lock(Path(sys.argv[1])):
    print("locked", flush=True)
    time.sleep(60)
"""


def test_a_second_batch_on_one_folder_is_refused(tmp_path: Path):
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(tmp_path)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(OutputBusyError, match=f"pid {holder.pid}"), output_lock(tmp_path):
            pass
    finally:
        holder.kill()  # SIGKILL: the kernel drops the lock with the process
        holder.wait()
    with output_lock(tmp_path):
        pass


def test_the_lock_is_released_after_the_block(tmp_path: Path):
    with output_lock(tmp_path):
        pass
    with output_lock(tmp_path):
        pass
