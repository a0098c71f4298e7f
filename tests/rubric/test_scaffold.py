"""``grader rubric new``: the scaffold validates and passes selftest as generated."""

from __future__ import annotations

from pathlib import Path

import pytest

from grader.checks import CHECKERS
from grader.cli.failures import ExitCode
from grader.cli.main import main
from grader.rubric.assignment import load_assignment
from grader.rubric.scaffold import kinds_without_template, module_name, scaffold
from grader.selftest import selftest


def test_every_registered_kind_has_an_example_part():
    assert kinds_without_template() == []


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("course")
    rubric, module = scaffold("demo-hw1", folder)
    assert module == folder / "reference" / "demo_hw1.py"
    return rubric


def test_the_scaffold_has_one_part_of_each_kind(generated: Path):
    rubric = load_assignment(generated).rubric
    assert sorted(p.kind for p in rubric.parts) == sorted(CHECKERS)


def test_the_scaffold_passes_its_own_selftest(generated: Path):
    rows = selftest(load_assignment(generated))
    graded = [r for r in rows if r.result is not None]
    assert {r.part.split(".")[0] for r in graded} >= {"1a", "1b", "2a", "2b", "3a", "3b", "4"}
    assert [(r.part, r.form) for r in graded if not r.ok] == []


def test_new_validate_selftest_and_try_from_the_command_line(tmp_path: Path, capsys):
    assert main(["rubric", "new", "week-7", "--dir", str(tmp_path)]) == ExitCode.OK
    rubric = str(tmp_path / "rubrics" / "week-7.yaml")
    assert main(["rubric", "validate", rubric]) == ExitCode.OK
    assert main(["rubric", "selftest", rubric]) == ExitCode.OK
    assert main(["rubric", "try", rubric, "1a.matmul_time", "O(n m k)", "--json"]) == 0
    assert '"status": "correct"' in capsys.readouterr().out
    # a second run does not overwrite the instructor's work
    assert main(["rubric", "new", "week-7", "--dir", str(tmp_path)]) == ExitCode.USAGE
    assert "exists" in capsys.readouterr().err


@pytest.mark.parametrize(("assignment_id", "module"), [
    ("optim-hw3", "optim_hw3"),
    ("kernel-attention-hw2", "kernel_attention_hw2"),
    ("2024.week-1", "a_2024_week_1"),
    ("plain", "plain"),
])
def test_module_name_is_an_identifier(assignment_id: str, module: str):
    assert module_name(assignment_id) == module


@pytest.mark.parametrize("bad", ["../up", "a/b", "", "with space"])
def test_a_bad_id_is_refused(tmp_path: Path, bad: str):
    with pytest.raises(ValueError, match="must be letters"):
        scaffold(bad, tmp_path)
