"""read_regular_file: what a class folder can hold instead of a submission file."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from grader.errors import SubmissionError
from grader.ingest import read_submission
from grader.ingest.files import file_digest, read_regular_file


def _fifo(folder: Path) -> Path:
    path = folder / "pipe.md"
    os.mkfifo(path)
    return path


def _link(target: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / "link.md"
        path.symlink_to(target)
        return path
    return make


def _huge(folder: Path) -> Path:
    """A sparse 2 GB file: refused by its size, never read (it uses no disk)."""
    path = folder / "huge.md"
    with path.open("wb") as handle:
        handle.truncate(2 * 1024**3)
    return path


def _empty(folder: Path) -> Path:
    path = folder / "empty.md"
    path.write_bytes(b"")
    return path


def _folder(folder: Path) -> Path:
    path = folder / "dir.md"
    path.mkdir()
    return path


# (name, how to make the path, words the refusal must contain)
REFUSED = [
    ("fifo", _fifo, "FIFO"),
    ("link to /dev/zero", _link("/dev/zero"), "symbolic link"),
    ("link to /etc/passwd", _link("/etc/passwd"), "symbolic link"),
    ("2 GB file", _huge, "too large"),
    ("empty file", _empty, "empty"),
    ("folder", _folder, "folder"),
    ("device named directly", lambda _: Path("/dev/zero"), "device"),
]


@pytest.mark.parametrize(("name", "make", "words"), REFUSED, ids=[r[0] for r in REFUSED])
def test_refused_quickly_without_reading(tmp_path: Path, name: str,
                                         make: Callable[[Path], Path], words: str):
    path = make(tmp_path)
    started = time.perf_counter()
    with pytest.raises(SubmissionError, match=words):
        read_regular_file(path)
    with pytest.raises(SubmissionError):
        read_submission(path)
    assert len(file_digest(path)) == 16  # a key without reading the content
    assert time.perf_counter() - started < 2.0  # nothing blocked or read 2 GB


def test_reads_a_regular_file_within_the_limit(tmp_path: Path):
    path = tmp_path / "a.md"
    path.write_bytes(b"1a) O(n)\n")
    assert read_regular_file(path) == b"1a) O(n)\n"
    with pytest.raises(SubmissionError, match="too large"):
        read_regular_file(path, max_bytes=4)


def test_digest_changes_with_the_content(tmp_path: Path):
    path = tmp_path / "a.md"
    path.write_text("one")
    first = file_digest(path)
    path.write_text("two")
    assert file_digest(path) != first
