"""collect_files and submission ids: every file of a class folder is a row, ids are unique."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from grader.ingest.collect import (
    ID_MAX_CHARS_DEFAULT,
    FoundFile,
    collect_files,
    safe_id,
    submission_ids,
)

# (relative paths in one batch, expected ids in the same order)
ID_CASES = [
    (["alice.md", "bob.txt"], ["alice", "bob"]),
    (["a.md", "a.txt", "a-2.md"], ["a.md", "a.txt", "a-2"]),
    (["week1/a.md", "week2/a.md", "b.md"], ["week1__a.md", "week2__a.md", "b"]),
    (["x/y/a.md", "z/y/a.md"], ["x__y__a.md", "z__y__a.md"]),
    (["José.md", "Zoë.tex"], ["José", "Zoë"]),  # letters of any script are safe
]


def _entries(relatives: list[str]) -> list[FoundFile]:
    return [FoundFile(Path("/class") / r, r) for r in relatives]


@pytest.mark.parametrize(("relatives", "expected"), ID_CASES)
def test_id_rule(relatives: list[str], expected: list[str]):
    assert [e.id for e in submission_ids(_entries(relatives))] == expected


def test_a_cleaned_id_carries_a_hash_of_its_path():
    [spaced] = submission_ids(_entries(["José Müller.md"]))
    assert spaced.id.startswith("José_Müller-") and len(spaced.id) == len("José_Müller-") + 8
    assert safe_id("a b", "/x/a b.md") != safe_id("a b", "/y/a b.md")


def test_ids_are_unique_safe_and_short():
    relatives = ["a.md", "a.txt", "a-2.md", "a.md.txt", "sub/a.md", "n" * 250 + ".md",
                 "m" * 250 + ".md", "../evil.md", ".hidden.md", "a b.md", "a_b.md", "a:b.md"]
    ids = [e.id for e in submission_ids(_entries(relatives))]
    assert len(set(ids)) == len(ids)
    for name in ids:
        assert len(name) <= ID_MAX_CHARS_DEFAULT
        assert "/" not in name and not name.startswith(".") and "\0" not in name


def test_the_same_file_twice_is_two_rows():
    ids = [e.id for e in submission_ids(_entries(["a.md", "a.md"]))]
    assert len(set(ids)) == 2


def test_walk_accounts_for_every_file(tmp_path: Path):
    (tmp_path / "good.md").write_text("1a) O(n)")
    (tmp_path / "essay.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG")
    (tmp_path / "passwd.md").symlink_to("/etc/passwd")
    (tmp_path / "linked-dir").symlink_to("/etc")
    os.mkfifo(tmp_path / "pipe.md")
    (tmp_path / ".hidden.md").write_text("tool file")
    (tmp_path / ".ipynb_checkpoints").mkdir()
    (tmp_path / ".ipynb_checkpoints" / "x.ipynb").write_text("{}")
    (tmp_path / "week2").mkdir()
    (tmp_path / "week2" / "late.tex").write_text("x")
    found = {f.relative: f.reason for f in collect_files([tmp_path])}
    assert set(found) == {"good.md", "essay.docx", "photo.png", "passwd.md", "linked-dir",
                          "pipe.md", "week2/late.tex"}
    assert found["good.md"] is None and found["week2/late.tex"] is None
    assert "unsupported file type '.docx'" in found["essay.docx"]
    assert "unsupported file type '.png'" in found["photo.png"]
    assert "symbolic link" in found["passwd.md"] and "symbolic link" in found["linked-dir"]
    assert "FIFO" in found["pipe.md"]


def test_an_unreadable_folder_is_a_row(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # As root (CI) chmod cannot make a folder unreadable, so the OS error is injected.
    (tmp_path / "ok.md").write_text("x")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "student.md").write_text("x")
    real_scandir = os.scandir

    def scandir(path):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = {f.relative: f.reason for f in collect_files([tmp_path])}
    assert found["ok.md"] is None
    assert "could not be read (Permission denied)" in found["locked"]


def test_a_path_named_directly_may_be_a_link(tmp_path: Path):
    target = tmp_path / "real.md"
    target.write_text("x")
    link = tmp_path / "named.md"
    link.symlink_to(target)
    [found] = collect_files([link])
    assert found.reason is None and found.path == target
