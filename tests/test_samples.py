"""The bundled sample submissions grade as their expected-verdicts file says."""

from __future__ import annotations

import json

import pytest

from grader.pipeline import grade_submission
from tests.conftest import REPO

SAMPLES = REPO / "submissions"
EXPECTED = json.loads((SAMPLES / "expected-verdicts.json").read_text())["verdicts"]
FILES = [(a, stem) for a, subs in EXPECTED.items() for stem in subs]


def _sample_path(assignment_id: str, stem: str):
    matches = sorted((SAMPLES / assignment_id).glob(f"{stem}.*"))
    assert len(matches) == 1, (assignment_id, stem, matches)
    return matches[0]


@pytest.mark.parametrize(("assignment_id", "stem"), FILES, ids=[f"{a}/{s}" for a, s in FILES])
def test_sample_submission_verdicts(assignments, assignment_id, stem):
    result = grade_submission(_sample_path(assignment_id, stem), assignments[assignment_id])
    got = {p.part: p.status.value for p in result.parts}
    wrong = {part: (got.get(part), ok) for part, ok in EXPECTED[assignment_id][stem].items()
             if got.get(part) not in ok}
    total = len(EXPECTED[assignment_id][stem])
    print(f"{assignment_id}/{stem}: {total - len(wrong)}/{total} parts agree")
    assert not wrong


def test_every_sample_file_has_expected_verdicts():
    on_disk = {(p.parent.name, p.stem) for p in SAMPLES.glob("*/*") if p.is_file()}
    assert on_disk == set(FILES)
