"""TA decisions that stick, group decisions and the review queue (issue #11)."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from grader.cli.main import main
from tests.conftest import REPO, revised_rubric

SAMPLES = REPO / "submissions" / "seqmodels-a5"
#: A sample the grader is unsure of on one part, twice (two students, same answers),
#: and a sample it decides fully.
UNSURE, PART = "marco-misconceptions-q2-q3.md", "1b.n_less_than_t"
SURE = "amira-sheet.md"


def _grade(folder: Path, out: Path, *extra: str) -> int:
    return main(["grade", "seqmodels-a5", str(folder), "--out", str(out), "--no-progress",
                 "--workers", "0", *extra])


def _part(out: Path, submission: str, part: str) -> dict:
    document = json.loads((out / "results.json").read_text())
    row = next(s for s in document["submissions"] if s["submission"] == submission)
    return next(p for p in row["parts"] if p["part"] == part)


@pytest.fixture
def graded(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "class"
    folder.mkdir()
    shutil.copy(SAMPLES / UNSURE, folder / "ann.md")
    shutil.copy(SAMPLES / UNSURE, folder / "ben.md")
    shutil.copy(SAMPLES / SURE, folder / "cat.md")
    out = tmp_path / "out"
    assert _grade(folder, out) == 0
    assert _part(out, "ann", PART)["status"] == "needs_review"
    return folder, out


def test_a_decision_sticks_across_runs(graded: tuple[Path, Path]):
    folder, out = graded
    assert main(["review", str(out), "--set", PART, "ann", "1", "--comment", "Right idea.",
                 "--by", "tina"]) == 0
    part = _part(out, "ann", PART)
    assert (part["status"], part["score"], part["decided_by"]) == ("partial", 1, "tina")
    assert part["machine"]["status"] == "needs_review"
    assert _part(out, "ben", PART)["status"] == "needs_review"  # only ann was decided
    row = {r["submission"]: r for r in csv.DictReader((out / "grades.csv").open())}["ann"]
    assert row[PART] == "1"
    assert "Right idea." in (out / "reports" / "ann.md").read_text()
    assert "ann · " + PART not in (out / "review.md").read_text()
    [entry] = yaml.safe_load((out / "decisions.yaml").read_text())["decisions"]
    assert entry["by"] == "tina" and entry["at"] and entry["answer"]
    for extra in ((), ("--fresh",)):  # kept rows and regraded rows alike
        assert _grade(folder, out, *extra) == 0
        assert _part(out, "ann", PART)["score"] == 1


def test_a_changed_answer_sets_the_decision_aside(graded: tuple[Path, Path], capsys):
    folder, out = graded
    assert main(["review", str(out), "--set", PART, "ann", "1", "--by", "tina"]) == 0
    text = (folder / "ann.md").read_text()
    (folder / "ann.md").write_text(text.replace("so the transformer is slower",
                                                "so the transformer is much slower"))
    assert _grade(folder, out) == 0
    assert "much slower" in _part(out, "ann", PART)["answer"]
    assert "set aside: the answer changed" in capsys.readouterr().err
    assert "Decisions set aside" in (out / "review.md").read_text()
    assert _part(out, "ann", PART).get("decided_by") is None


def test_a_group_decision_serves_every_same_answer(graded: tuple[Path, Path], capsys):
    _, out = graded
    assert main(["groups", str(out), PART]) == 0
    listing = capsys.readouterr().out
    assert "ann, ben" in listing
    assert main(["review", str(out), "--set", PART, "ann", "2", "--group", "--by", "tina"]) == 0
    assert "2 submission(s) with this answer" in capsys.readouterr().err
    for name in ("ann", "ben"):
        assert (_part(out, name, PART)["status"], _part(out, name, PART)["score"]) == (
            "correct", 2)


def test_bad_decisions_are_refused(graded: tuple[Path, Path], capsys):
    _, out = graded
    assert main(["review", str(out), "--set", PART, "nobody", "1"]) == 2
    assert main(["review", str(out), "--set", PART, "ann", "99"]) == 1
    assert "outside 0..2" in capsys.readouterr().err


def test_the_interactive_queue(graded: tuple[Path, Path]):
    _, out = graded
    # First part: set a score for the whole group with a comment; the group's other
    # member is then settled and never shown; the queue ends by itself.
    run = subprocess.run([sys.executable, "-m", "grader.cli.main", "review", str(out),
                          "--by", "tina"], input="g\n1.5\nClose.\n", capture_output=True,
                         text=True, cwd=REPO, env={**os.environ, "COLUMNS": "120"}, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "Text read:" in run.stdout and "other submission(s) gave the same answer" in run.stdout
    assert "1 decision(s) recorded" in run.stdout
    for name in ("ann", "ben"):
        assert _part(out, name, PART)["score"] == 1.5
    [entry] = yaml.safe_load((out / "decisions.yaml").read_text())["decisions"]
    assert entry["submission"] == "*" and entry["comment"] == "Close."


def test_changes_say_who_moved_and_why(graded: tuple[Path, Path], tmp_path: Path):
    folder, out = graded
    assert main(["review", str(out), "--set", PART, "ann", "1", "--by", "tina"]) == 0
    changes = json.loads((out / "changes.json").read_text())["changes"]
    assert [(c["submission"], c["part"], c["delta"], c["why"]) for c in changes] == [
        ("ann", PART, 0.0, "a TA decision by tina")]  # the suggestion was 1 as well
    # A rubric change: a misconception earns more credit. Graded again, only the parts
    # that moved are listed, with the reason; the TA's decision is kept.
    rubric = revised_rubric(tmp_path, "seqmodels-a5", "{id: no_large_factor, points: 2,",
                            "{id: no_large_factor, points: 3,")
    assert main(["grade", str(rubric), str(folder), "--out", str(out), "--no-progress",
                 "--workers", "0"]) == 0
    changes = json.loads((out / "changes.json").read_text())["changes"]
    assert sorted((c["submission"], c["part"], c["delta"], c["why"]) for c in changes) == [
        (name, "2b.average_query", 1.0, "the rubric or reference changed")
        for name in ("ann", "ben")]
    assert "## ann: +1 points" in (out / "changes.md").read_text()
    assert _part(out, "ann", PART)["decided_by"] == "tina"  # decisions kept
    assert main(["remove", str(out), "cat"]) == 0
    changes = json.loads((out / "changes.json").read_text())["changes"]
    assert {c["submission"] for c in changes} == {"cat"}
    assert {c["why"] for c in changes} == {"submission removed"}
