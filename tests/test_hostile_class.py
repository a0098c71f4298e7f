"""A class folder of hostile files graded end to end as one class (issue #7)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from html.parser import HTMLParser
from pathlib import Path

from grader.cli.failures import ExitCode
from tests.conftest import REPO
from tests.hostile_corpus import GOOD, HOST_FILES, SAMPLES, build

#: The issue's bound for the whole class; a hang detector, not a speed goal.
CLASS_SECONDS_MAX = 120


def _host_lines() -> set[str]:
    """Distinctive lines of host files: none may reach an output."""
    lines = set()
    for path in HOST_FILES:
        lines |= {line.strip() for line in path.read_text().splitlines()
                  if len(line.strip()) >= 24}
    return lines


class _LiveMarkup(HTMLParser):
    """Collects what a browser would run or fetch: script/img/iframe elements,
    event-handler attributes and javascript: URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "img", "iframe", "object", "embed"):
            self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on") or "javascript:" in (value or "").lower():
                self.found.append(f"{tag}[{name}]")


def _live_markup(text: str) -> list[str]:
    parser = _LiveMarkup()
    parser.feed(text)
    return parser.found


def _alive(marker: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and marker.encode() in (entry / "environ").read_bytes() \
                    and ") Z" not in (entry / "stat").read_text():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def test_a_hostile_class_grades_with_one_row_per_file(tmp_path: Path):
    tries = build(tmp_path / "class")
    out = tmp_path / "out"
    marker = uuid.uuid4().hex
    started = time.monotonic()
    run = subprocess.run(
        [sys.executable, "-m", "grader.cli.main", "grade", "seqmodels-a5",
         str(tmp_path / "class"), "--out", str(out), "--no-progress"],
        capture_output=True, text=True, cwd=REPO, timeout=CLASS_SECONDS_MAX * 2,
        env={**os.environ, "GRADER_HOSTILE_MARK": marker})
    seconds = time.monotonic() - started
    print(f"\nhostile class: {len(tries)} entries in {seconds:.1f} s")
    assert seconds < CLASS_SECONDS_MAX
    assert run.returncode == ExitCode.SOME_REFUSED, run.stderr
    assert "Traceback" not in run.stderr

    submissions = json.loads((out / "results.json").read_text())["submissions"]
    by_source = {Path(s["source"]).relative_to(tmp_path / "class").as_posix(): s
                 for s in submissions}
    assert set(by_source) == set(tries)  # one row per entry, none lost
    names = [s["submission"] for s in submissions]
    assert len(set(names)) == len(names)
    assert sorted(p.name for p in (out / "reports").iterdir()) == sorted(
        f"{n}.{ext}" for n in names for ext in ("md", "html"))

    for name, sample in GOOD.items():  # graded as if alone
        alone = subprocess.run(
            [sys.executable, "-m", "grader.cli.main", "check", "seqmodels-a5",
             str(SAMPLES / sample), "--json"], capture_output=True, text=True, cwd=REPO)
        statuses = [p["status"] for p in json.loads(alone.stdout)]
        assert [p["status"] for p in by_source[name]["parts"]] == statuses
        assert by_source[name]["error"] is None
    for name in ("a.md", "a.txt", "a-2.md", "late/a.md", "n" * 250 + ".md"):
        assert by_source[name]["error"] is None, name
    refused = {n: s["error"] for n, s in by_source.items() if s["error"]}
    for name in ("bomb.ipynb", "deep.ipynb", "nul.md", "latin1.txt", "empty.md", "big.md",
                 "huge.md", "essay.docx", "photo.png", "pipe.md", "passwd.md", "zero.md",
                 "reference.md", "rubric.md", "etc"):
        assert name in refused, name
        assert name.split("/")[-1] in run.stderr or len(refused) > 20

    for page in out.rglob("*.html"):  # student markup is inert in every page
        assert not _live_markup(page.read_text()), page.name
    host = _host_lines()
    for path in out.rglob("*"):
        if path.is_file() and path.name != "grader.log":
            text = path.read_text(errors="replace")
            leaked = [line for line in host if line in text]
            assert not leaked, f"{path.name} quotes a host file: {leaked[:2]}"
    assert not _alive(marker), "grader processes left running"
