"""The command-line tool on real files: grade, check, template, rubric."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from grader.checks.complexity import bound_terms
from grader.cli.main import ExitCode, main
from grader.mathread import to_text
from tests.answer_key_cases import CASES
from tests.conftest import REPO
from tests.test_answer_keys import fill_sheet

WRONG = {(a, p): text for a, p, text, status, _, _ in CASES if status in ("incorrect", "partial")}
RIGHT = {(a, p): text for a, p, text, status, _, _ in CASES if status == "correct"}


def _sheet(assignments, assignment_id: str, answers: dict) -> str:
    chosen = {p: t for (a, p), t in answers.items() if a == assignment_id}
    return fill_sheet(assignments[assignment_id].rubric, chosen)


def test_grade_writes_gradebook_results_and_reports(tmp_path, assignments, capsys):
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "alice.md").write_text(_sheet(assignments, "seqmodels-a5", RIGHT))
    (folder / "bob.md").write_text(_sheet(assignments, "seqmodels-a5", WRONG))
    (folder / "carol.ipynb").write_bytes(b"\x00\x01 not a notebook")
    out = tmp_path / "out"
    # The class is graded; the exit code says one file could not be.
    assert main(["grade", "seqmodels-a5", str(folder), "--out", str(out),
                 "--no-progress"]) == ExitCode.SOME_REFUSED
    assert "carol.ipynb: binary file" in capsys.readouterr().err

    results = json.loads((out / "results.json").read_text())
    rubric = assignments["seqmodels-a5"].rubric
    assert results["assignment"] == "seqmodels-a5"
    assert results["rubric_version"] == assignments["seqmodels-a5"].version
    by_name = {s["submission"]: s for s in results["submissions"]}
    assert set(by_name) == {"alice", "bob", "carol"}
    for submission in by_name.values():
        assert [p["part"] for p in submission["parts"]] == [p.id for p in rubric.parts]
        for key in ("submission", "source", "score", "max_score", "needs_review"):
            assert key in submission
    assert by_name["alice"]["score"] > by_name["bob"]["score"]
    assert by_name["carol"]["needs_review"] is True
    assert by_name["carol"]["error"]

    rows = list(csv.DictReader((out / "grades.csv").open()))
    assert [r["submission"] for r in rows] == ["alice", "bob", "carol"]
    assert set(rows[0]) >= {p.id for p in rubric.parts} | {"total", "max_score"}
    assert float(rows[0]["total"]) == by_name["alice"]["score"]
    for name in ("alice", "bob", "carol"):
        assert (out / "reports" / f"{name}.md").is_file()
    assert "carol" in (out / "review.md").read_text()


@pytest.mark.parametrize("assignment_id", ["seqmodels-a5", "kernel-attention-hw2",
                                           "rnn-attention-hw2"])
def test_check_never_reveals_reference_for_wrong_answers(tmp_path, assignments, capsys,
                                                         assignment_id):
    sheet = tmp_path / "mine.md"
    sheet.write_text(_sheet(assignments, assignment_id, WRONG))
    assert main(["check", assignment_id, str(sheet)]) == 0
    blocks = _part_blocks(capsys.readouterr().out)
    assert main(["check", assignment_id, str(sheet), "--json"]) == 0
    as_json = {p["part"]: p for p in json.loads(capsys.readouterr().out)}
    assignment = assignments[assignment_id]
    for part_id, key in assignment.keys.items():
        if (assignment_id, part_id) not in WRONG:
            continue
        assert "interpreted as" in blocks[part_id] or as_json[part_id]["status"] != "incorrect"
        # What the grader says about the part, not the student's own text read back.
        said = "".join(line for line in blocks[part_id].splitlines()
                       if not line.lstrip().startswith(("text read:", "interpreted as:")))
        said += as_json[part_id]["feedback"]
        flat = "".join(said.split())
        for secret in _secrets(key):
            assert "".join(secret.split()) not in flat, (part_id, secret)


def _part_blocks(printed: str) -> dict[str, str]:
    """The self-check's lines for each part, keyed by part id."""
    blocks: dict[str, str] = {}
    current = None
    for line in printed.splitlines():
        if line[:1] in "✔◐✘∅?" and ":" in line:
            current = line[2:].split(":", 1)[0]
            blocks[current] = ""
        elif current is not None:
            blocks[current] += line + "\n"
    return blocks


def _secrets(key) -> list[str]:
    """Reference answers and accepted forms as they could be printed (short
    ones such as "0" are too common to test for)."""
    secrets = [f.answer for f, _ in key.accepted if f.answer]
    if key.reference is not None and not hasattr(key.reference, "shape"):
        secrets.append(to_text(key.reference))
    if key.part.kind == "complexity":  # also each dominant term as feedback renders it
        secrets += [m.render(key.notation.symbols) for m in bound_terms(key.reference)]
    return [s for s in secrets if len("".join(s.split())) >= 3]


def test_check_json_gives_part_objects(tmp_path, assignments, capsys):
    sheet = tmp_path / "mine.md"
    sheet.write_text(_sheet(assignments, "rnn-attention-hw2", RIGHT))
    assert main(["check", "rnn-attention-hw2", str(sheet), "--json"]) == 0
    parts = json.loads(capsys.readouterr().out)
    assert [p["part"] for p in parts] == [p.id for p in
                                          assignments["rnn-attention-hw2"].rubric.parts]
    assert all("ta_notes" not in p for p in parts)
    assert {p["status"] for p in parts if p["part"].startswith("3.")} == {"correct"}


def test_template_round_trips_through_check(tmp_path, capsys):
    assert main(["template", "kernel-attention-hw2"]) == 0
    sheet = tmp_path / "sheet.md"
    sheet.write_text(capsys.readouterr().out)
    assert main(["check", "kernel-attention-hw2", str(sheet), "--json"]) == 0
    assert {p["status"] for p in json.loads(capsys.readouterr().out)} == {"missing"}


def test_bad_rubric_and_bad_usage_exit_non_zero(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\ntitle: X\nparts:\n  - id: a\n    points: 1\n    kind: nosuch\n")
    assert main(["rubric", "validate", str(bad)]) == ExitCode.INVALID_RUBRIC
    assert "parts[0].kind (line 6)" in capsys.readouterr().err
    assert main(["grade", str(bad), str(tmp_path), "--out", str(tmp_path / "o")]) \
        == ExitCode.INVALID_RUBRIC
    assert main(["grade", "no-such-assignment", str(tmp_path), "--out", str(tmp_path)]) \
        == ExitCode.INVALID_RUBRIC
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["grade", "seqmodels-a5", str(empty), "--out", str(tmp_path / "o")]) \
        == ExitCode.USAGE


def test_rubric_validate_and_schema(capsys):
    files = sorted(str(p) for p in (REPO / "rubrics").glob("*.yaml"))
    assert main(["rubric", "validate", *files]) == 0
    assert capsys.readouterr().out.count("✔") == len(files)
    assert main(["rubric", "schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert set(schema["required"]) >= {"id", "title", "parts"}


def test_console_script_runs():
    grader = Path(sys.executable).parent / "grader"
    run = subprocess.run([str(grader), "rubric", "schema"], capture_output=True, text=True,
                         timeout=60, check=True)
    schema = json.loads(run.stdout)
    assert "parts" in schema["properties"]
    assert {"ChoicePart", "ComplexityPart", "FreeTextPart"} <= set(schema["$defs"])
