"""Rubric files: the shipped ones validate; broken ones name the field and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from grader.errors import RubricError
from grader.rubric.loader import find_rubric, load_rubric_file
from tests.conftest import ASSIGNMENT_IDS, RUBRICS

# Answer-key totals from ../shared/assignments/*.md.
EXPECTED_TOTALS = {"seqmodels-a5": 46, "kernel-attention-hw2": 27, "rnn-attention-hw2": 16}

VALID_HEAD = "id: demo\ntitle: Demo\n"

# (yaml text, substrings the error must contain)
BROKEN_RUBRICS = [
    (VALID_HEAD + "parts:\n  - id: p1\n    points: -2\n    kind: manual\n",
     ["parts[0].points", "line 5", "greater than 0"]),
    (VALID_HEAD + "parts:\n  - id: p1\n    points: 1\n    kind: manual\n    pionts: 3\n",
     ["parts[0].pionts", "line 7", "Extra inputs"]),
    (VALID_HEAD + "parts:\n  - id: p1\n    points: 1\n    kind: manual\n"
     "  - id: p1\n    points: 1\n    kind: manual\n", ["duplicate part id 'p1'"]),
    (VALID_HEAD + "parts:\n  - id: p1\n    points: 1\n    kind: manual\n    accept:\n"
     "      - {note: nothing}\n", ["parts[0].accept[0]", "line 8", "exactly one"]),
    (VALID_HEAD + "parts: []\n", ["parts", "line 3"]),
    ("id: demo\nparts: [\n", ["not valid YAML"]),
    ("- just\n- a list\n", ["a rubric is a mapping"]),
    ("id: demo\ntitle: Demo\nreference: ../../elsewhere/module\n"
     "parts:\n  - id: p1\n    points: 1\n    kind: manual\n",
     ["reference", "line 3", "not a path"]),
    ("id: demo\ntitle: Demo\nreference: /etc/passwd\n"
     "parts:\n  - id: p1\n    points: 1\n    kind: manual\n", ["reference", "not a path"]),
]


def test_expected_assignments_are_shipped():
    assert set(EXPECTED_TOTALS) <= set(ASSIGNMENT_IDS)


@pytest.mark.parametrize("assignment", sorted(EXPECTED_TOTALS))
def test_shipped_rubric_totals_match_answer_key(assignment: str):
    rubric, version = load_rubric_file(RUBRICS / f"{assignment}.yaml")
    assert rubric.max_score == EXPECTED_TOTALS[assignment]
    assert len(version) == 16


@pytest.mark.parametrize(("text", "fragments"), BROKEN_RUBRICS)
def test_broken_rubric_error_names_field_and_line(tmp_path: Path, text: str,
                                                  fragments: list[str]):
    path = tmp_path / "broken.yaml"
    path.write_text(text)
    assert_refused_naming(path, fragments)


def assert_refused_naming(path: Path, fragments: list[str]) -> None:
    """Loading ``path`` fails with an error naming the file and every fragment."""
    with pytest.raises(RubricError) as caught:
        load_rubric_file(path)
    message = str(caught.value)
    assert str(path) in message
    for fragment in fragments:
        assert fragment in message


def test_find_rubric_by_id_and_by_path():
    assert find_rubric("seqmodels-a5") == RUBRICS / "seqmodels-a5.yaml"
    assert find_rubric(str(RUBRICS / "seqmodels-a5.yaml")).name == "seqmodels-a5.yaml"
    with pytest.raises(RubricError, match=r"unknown assignment 'nope'.*seqmodels-a5"):
        find_rubric("nope")


def test_a_reference_outside_the_reference_folder_is_never_run(tmp_path: Path):
    from grader.cli.main import main

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    marker = tmp_path / "ran"
    (elsewhere / "module.py").write_text(f"open({str(marker)!r}, 'w').write('x')\n")
    rubrics = tmp_path / "course" / "rubrics"
    rubrics.mkdir(parents=True)
    (tmp_path / "course" / "reference").mkdir()
    for name, reference in (("climb", "../../elsewhere/module"), ("absolute",
                                                                   str(elsewhere / "module"))):
        rubric = rubrics / f"{name}.yaml"
        rubric.write_text(f"id: {name}\ntitle: T\nreference: {reference}\n"
                          "parts:\n  - id: p1\n    points: 1\n    kind: manual\n")
        assert main(["rubric", "validate", str(rubric)]) == 3
    # A link named like a module, inside the folder, that leads out is not loaded either.
    (tmp_path / "course" / "reference" / "linked.py").symlink_to(elsewhere / "module.py")
    linked = rubrics / "linked.yaml"
    linked.write_text("id: linked\ntitle: T\nreference: linked\n"
                      "parts:\n  - id: p1\n    points: 1\n    kind: manual\n")
    assert main(["rubric", "validate", str(linked)]) == 3
    assert not marker.exists()
