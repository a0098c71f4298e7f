"""Operational failures: one clear line and an exit code, never a traceback; nothing
left running; one run per output folder."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from grader.cli.failures import ExitCode
from grader.cli.main import main
from tests.conftest import REPO
from tests.worker.hostile import write_hostile_assignment, write_sheets

SAMPLE = REPO / "submissions" / "seqmodels-a5" / "amira-sheet.md"


def _grader(*args: str, env: dict[str, str] | None = None,
            **popen: object) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "grader.cli.main", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **(env or {})}, cwd=REPO, **popen)


def _one_clear_line(stderr: str) -> None:
    assert "Traceback" not in stderr
    lines = [line for line in stderr.splitlines() if line.startswith("grader:")]
    assert len(lines) == 1, stderr


def _marked(marker: str) -> list[int]:
    """Live processes (not zombies) whose environment carries ``marker``."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if marker.encode() in (entry / "environ").read_bytes() and \
                    ") Z" not in (entry / "stat").read_text():
                pids.append(int(entry.name))
        except OSError:
            continue
    return pids


def _wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def test_out_not_writable_is_one_line(tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    run = _grader("grade", "seqmodels-a5", str(SAMPLE), "--out", str(blocker / "out"),
                  "--no-progress")
    _, err = run.communicate(timeout=60)
    assert run.returncode == ExitCode.FAILURE
    _one_clear_line(err)
    assert "Not a directory" in err


def test_full_disk_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys):
    def full(path: Path, text: str) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr("grader.report.files.atomic_write", full)
    code = main(["grade", "seqmodels-a5", str(SAMPLE), "--out", str(tmp_path / "out"),
                 "--no-progress", "--workers", "0"])
    err = capsys.readouterr().err
    assert code == ExitCode.FAILURE
    _one_clear_line(err)
    assert "no space left on the device" in err and "details in" in err


def test_broker_down_is_one_line(tmp_path: Path):
    run = _grader("grade", "seqmodels-a5", str(SAMPLE), "--out", str(tmp_path / "out"),
                  "--no-progress", "--broker", "redis://127.0.0.1:1/0")
    _, err = run.communicate(timeout=120)
    assert run.returncode == ExitCode.FAILURE
    _one_clear_line(err)
    assert "127.0.0.1:1" in err


def _hanging_class(tmp_path: Path, count: int = 2) -> tuple[Path, Path]:
    rubric = write_hostile_assignment(tmp_path / "assignment")
    folder = tmp_path / "class"
    write_sheets(folder, {f"s{i}": "hang" for i in range(count)})
    return rubric, folder


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL],
                         ids=["ctrl-c", "sigterm", "sigkill"])
def test_a_stopped_grade_leaves_nothing_running(tmp_path: Path, how: signal.Signals):
    rubric, folder = _hanging_class(tmp_path)
    marker = f"GRADER_TEST_MARK={uuid.uuid4().hex}"
    run = _grader("grade", str(rubric), str(folder), "--out", str(tmp_path / "out"),
                  "--no-progress", "--workers", "2",
                  env={"GRADER_TEST_MARK": marker.split("=")[1],
                       "GRADER_TASK_TIME_LIMIT": "300"})
    # grade, the resource tracker, the fork server and both children (hanging).
    assert _wait_for(lambda: len(_marked(marker.split("=")[1])) >= 5, 60), "pool never started"
    run.send_signal(how)
    _, err = run.communicate(timeout=30)
    assert _wait_for(lambda: not _marked(marker.split("=")[1]), 10), \
        f"left running: {_marked(marker.split('=')[1])}"
    if how is not signal.SIGKILL:
        assert run.returncode == ExitCode.INTERRUPTED
        _one_clear_line(err)
        assert "interrupted" in err and ".partial.jsonl" in err


def test_a_grade_killed_while_its_pool_starts_leaves_nothing_running(tmp_path: Path):
    """SIGKILL at moments spread over start-up: a child forked just as grade
    dies must notice by itself (the kernel's parent-death signal comes too late)."""
    rubric, folder = _hanging_class(tmp_path, count=4)
    for attempt, delay in enumerate((0.5, 1.0, 1.5, 2.0, 2.5, 3.0)):
        marker = uuid.uuid4().hex
        run = _grader("grade", str(rubric), str(folder), "--out", str(tmp_path / f"o{attempt}"),
                      "--no-progress", "--workers", "2",
                      env={"GRADER_TEST_MARK": marker, "GRADER_TASK_TIME_LIMIT": "300"})
        time.sleep(delay)
        run.kill()
        run.communicate(timeout=30)
        assert _wait_for(lambda m=marker: not _marked(m), 10), f"left running after {delay} s"


def test_two_runs_on_one_out_folder(tmp_path: Path):
    rubric, folder = _hanging_class(tmp_path, count=1)
    out = tmp_path / "out"
    first = _grader("grade", str(rubric), str(folder), "--out", str(out), "--no-progress",
                    "--workers", "1", env={"GRADER_TASK_TIME_LIMIT": "300"})
    try:
        assert _wait_for(lambda: (out / ".lock").is_file(), 30)
        time.sleep(0.5)
        second = _grader("grade", str(rubric), str(folder), "--out", str(out),
                         "--no-progress", "--workers", "1")
        _, err = second.communicate(timeout=60)
        assert second.returncode == ExitCode.FAILURE
        _one_clear_line(err)
        assert "another grade run" in err and f"pid {first.pid}" in err
    finally:
        first.kill()
        first.communicate()


def test_check_has_an_overall_time_limit(tmp_path: Path):
    rubric, folder = _hanging_class(tmp_path, count=1)
    started = time.monotonic()
    run = _grader("check", str(rubric), str(folder / "s0.md"),
                  env={"GRADER_TASK_TIME_LIMIT": "3"})
    out, err = run.communicate(timeout=60)
    assert time.monotonic() - started < 30
    assert run.returncode == ExitCode.OK, err
    assert "check timed out" in out


def test_check_refuses_an_unsupported_file_once(tmp_path: Path):
    path = tmp_path / "essay.docx"
    path.write_bytes(b"PK\x03\x04")
    run = _grader("check", "seqmodels-a5", str(path))
    out, err = run.communicate(timeout=60)
    assert run.returncode == ExitCode.USAGE
    _one_clear_line(err)
    assert "unsupported file type '.docx'" in err and not out
