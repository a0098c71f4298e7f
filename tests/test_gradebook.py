"""One gradebook per output folder: merged run after run, never silently shrunk (issue #11)."""

from __future__ import annotations

import csv
import json
import os
import shutil
import stat
from pathlib import Path

import pytest

from grader.cli.main import main
from grader.errors import GraderError
from grader.gradebook import Gradebook
from tests.conftest import REPO, revised_rubric

SAMPLES = REPO / "submissions" / "seqmodels-a5"
CLASS = ["amira-sheet.md", "bao-sheet.md", "chidi-sheet.md", "dana-sheet.md"]


def _grade(*args: str) -> int:
    return main(["grade", "seqmodels-a5", *args, "--no-progress", "--workers", "0"])


def _rows(out: Path) -> dict[str, dict[str, str]]:
    return {r["submission"]: r for r in csv.DictReader((out / "grades.csv").open())}


def _results(out: Path) -> dict[str, dict]:
    return {s["submission"]: s for s in
            json.loads((out / "results.json").read_text())["submissions"]}


@pytest.fixture
def graded(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "class"
    folder.mkdir()
    for name in CLASS:
        shutil.copy(SAMPLES / name, folder / name)
    out = tmp_path / "out"
    assert _grade(str(folder), "--out", str(out)) == 0
    return folder, out


def test_regrading_one_student_keeps_the_class(graded: tuple[Path, Path]):
    folder, out = graded
    before = _results(out)
    shutil.copy(SAMPLES / "emre-sheet.md", folder / "bao-sheet.md")  # bao resubmits
    assert _grade(str(folder / "bao-sheet.md"), "--out", str(out)) == 0
    after = _results(out)
    assert set(after) == set(before)  # nobody lost
    assert after["bao-sheet"]["digest"] != before["bao-sheet"]["digest"]
    for name in ("amira-sheet", "chidi-sheet", "dana-sheet"):
        assert after[name] == before[name]
    assert sorted(p.name for p in (out / "reports").iterdir()) == sorted(
        f"{name}.{ext}" for name in after for ext in ("md", "html"))


def test_unchanged_files_are_kept_changed_ones_regraded(graded: tuple[Path, Path],
                                                        monkeypatch: pytest.MonkeyPatch):
    folder, out = graded
    graded_paths: list[str] = []
    import grader.worker.runner as runner

    real = runner.grade_job
    monkeypatch.setattr(runner, "grade_job", lambda job, cache: (
        graded_paths.append(Path(job.path).name), real(job, cache))[1])
    (folder / "chidi-sheet.md").write_text((SAMPLES / "kim-misconceptions-q1.md").read_text())
    assert _grade(str(folder), "--out", str(out)) == 0
    assert graded_paths == ["chidi-sheet.md"]
    graded_paths.clear()
    assert _grade(str(folder), "--out", str(out), "--only", str(folder / "amira-sheet.md")) == 0
    assert graded_paths == ["amira-sheet.md"]  # forced, though unchanged
    graded_paths.clear()
    assert _grade(str(folder), "--out", str(out), "--fresh") == 0
    assert sorted(graded_paths) == sorted(CLASS)


def test_ids_stay_put_when_a_namesake_arrives(graded: tuple[Path, Path]):
    folder, out = graded
    shutil.copy(SAMPLES / "emre-sheet.md", folder / "amira-sheet.txt")
    assert _grade(str(folder), "--out", str(out)) == 0
    ids = set(_results(out))
    assert "amira-sheet" in ids  # the earlier row keeps its id and report
    assert len(ids) == len(CLASS) + 1


def test_remove_is_explicit(graded: tuple[Path, Path], capsys):
    _, out = graded
    assert main(["remove", str(out), "dana-sheet"]) == 0
    assert "dana-sheet" not in _results(out) and not (out / "reports" / "dana-sheet.md").exists()
    assert main(["remove", str(out), "nobody"]) == 2
    assert "no submission 'nobody'" in capsys.readouterr().err


def test_totals_separate_decided_and_pending(graded: tuple[Path, Path]):
    _, out = graded
    results = _results(out)
    for name, row in _rows(out).items():
        result = results[name]
        pending = [p for p in result["parts"] if p["status"] == "needs_review"]
        decided = sum(p["score"] for p in result["parts"] if p["status"] != "needs_review")
        assert float(row["total"]) == pytest.approx(decided)
        assert float(row["pending"]) == pytest.approx(sum(p["max_score"] for p in pending))
        assert row["final"] == ("no" if pending else "yes")
        for part in pending:
            assert row[part["part"]] == ""  # a suggestion is not a grade


def test_outputs_follow_the_umask(graded: tuple[Path, Path]):
    _, out = graded
    umask = os.umask(0)
    os.umask(umask)
    for path in [out / "results.json", out / "grades.csv", *(out / "reports").iterdir()]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask, path


def test_another_assignments_gradebook_is_not_overwritten(graded: tuple[Path, Path]):
    _, out = graded
    with pytest.raises(GraderError, match="holds the gradebook of seqmodels-a5"):
        Gradebook.load(out, "rnn-attention-hw2")


# Each LMS's documented import columns (issue #11), in order.
EXPORT_HEADERS = {
    "canvas": ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"],  # + the title
    "moodle": ["Email address", "ID number", "Grade", "Feedback"],
    "gradescope": ["Name", "SID", "Email", "Score"],
    "csv": ["submission", "file", "name", "id", "email", "section", "total", "pending",
            "max_score", "final"],
}
ROSTER = """File,Name,ID,SIS User ID,SIS Login ID,Email,Section,SID
amira-sheet.md,Amira Haddad,101,S101,amira,amira@uni.example,A,9001
bao-sheet,Bao Tran,102,S102,bao,bao@uni.example,B,9002
chidi-sheet.md,Chidi Okafor,103,S103,chidi,chidi@uni.example,A,9003
"""


@pytest.mark.parametrize("fmt", sorted(EXPORT_HEADERS))
def test_export_follows_each_lms_columns(graded: tuple[Path, Path], tmp_path: Path, fmt: str,
                                         capsys):
    _, out = graded
    title = json.loads((out / "results.json").read_text())["title"]
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER)
    code = main(["export", str(out), "--format", fmt, "--roster", str(roster)])
    assert code == 4  # dana has no roster row: listed, and the exit code says so
    assert "dana-sheet: no roster row matches" in capsys.readouterr().err
    rows = list(csv.reader((out / f"export-{fmt}.csv").open()))
    header = EXPORT_HEADERS[fmt]
    assert rows[0] == ([*header, title] if fmt == "canvas" else header)
    results = _results(out)
    body = {r[0]: r for r in rows[1:]}  # keyed by the first column
    if fmt == "canvas":
        assert body["Amira Haddad"][1:5] == ["101", "S101", "amira", "A"]
        assert body["Amira Haddad"][5] == _grade_cell(results["amira-sheet"])
        assert "dana-sheet" not in str(rows)
    if fmt == "moodle":
        assert body["bao@uni.example"][1:3] == ["S102", _grade_cell(results["bao-sheet"])]
    if fmt == "gradescope":
        assert body["Chidi Okafor"][1:3] == ["9003", "chidi@uni.example"]
    if fmt == "csv":
        assert set(body) == set(results)  # the grader's own keeps unmatched rows too
        assert body["dana-sheet"][2] == ""


def _grade_cell(result: dict) -> str:
    """Decided points when final; empty while parts await a TA."""
    return f"{result['decided_score']:g}" if result["final"] else ""


def test_export_without_a_roster_and_a_bad_roster(graded: tuple[Path, Path], tmp_path: Path,
                                                  capsys):
    _, out = graded
    assert main(["export", str(out), "--format", "csv"]) == 0
    bad = tmp_path / "bad.csv"
    bad.write_text("Name,Email\nX,x@y\n")
    assert main(["export", str(out), "--format", "canvas", "--roster", str(bad)]) == 1
    assert "needs a 'file' column" in capsys.readouterr().err


def test_a_rubric_change_regrades_only_the_parts_it_touched(graded: tuple[Path, Path],
                                                            tmp_path: Path):
    folder, out = graded
    # Mark every stored verdict: a part graded again loses the mark, a kept one has it.
    document = json.loads((out / "results.json").read_text())
    for row in document["submissions"]:
        for part in row["parts"]:
            part["ta_notes"] = "kept-mark"
    (out / "results.json").write_text(json.dumps(document))
    rubric = revised_rubric(tmp_path, "seqmodels-a5", "{id: no_large_factor, points: 2,",
                            "{id: no_large_factor, points: 3,")
    assert main(["grade", str(rubric), str(folder), "--out", str(out), "--no-progress",
                 "--workers", "0"]) == 0
    for row in _results(out).values():
        marks = {p["part"]: p["ta_notes"] == "kept-mark" for p in row["parts"]}
        assert not marks.pop("2b.average_query")  # its key changed: graded again
        assert all(marks.values())  # every other part kept its verdict


def test_a_newly_accepted_form_moves_only_its_part(tmp_path: Path):
    folder = tmp_path / "class"
    folder.mkdir()
    shutil.copy(SAMPLES / "lena-squared-terms.md", folder / "lena.md")
    shutil.copy(SAMPLES / "amira-sheet.md", folder / "amira.md")
    out = tmp_path / "out"
    assert _grade(str(folder), "--out", str(out)) == 0
    assert main(["review", str(out), "--set", "1b.n_less_than_t", "lena", "1", "--by",
                 "tina"]) == 0
    lena = {p["part"]: p for p in _results(out)["lena"]["parts"]}
    assert lena["1a.rnn_train_time"]["status"] == "incorrect"  # O(t n L²), read as such
    anchor = "    reference: rnn_train_time\n"
    rubric = revised_rubric(tmp_path, "seqmodels-a5", anchor, anchor + "    accept:\n"
                            '      - {answer: "O(t n L^2)", note: a new reading}\n')
    assert main(["grade", str(rubric), str(folder), "--out", str(out), "--no-progress",
                 "--workers", "0"]) == 0
    changes = json.loads((out / "changes.json").read_text())["changes"]
    assert [(c["submission"], c["part"], c["new_status"], c["delta"], c["why"])
            for c in changes] == [("lena", "1a.rnn_train_time", "correct", 2.0,
                                   "the rubric or reference changed")]
    lena = {p["part"]: p for p in _results(out)["lena"]["parts"]}
    assert lena["1a.rnn_test_time"]["status"] == "incorrect"  # same text, other part
    assert lena["1b.n_less_than_t"]["decided_by"] == "tina"  # the decision is kept
