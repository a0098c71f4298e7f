"""The bundled sample submissions grade as their expected-verdicts file says.

Run with ``-s`` to see the agreement per file and over all samples.
"""

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


@pytest.fixture(scope="module")
def disagreements(assignments) -> dict[tuple[str, str], dict[str, tuple[str, list[str]]]]:
    """For every sample file, the parts whose verdict is not an expected one."""
    found = {}
    for assignment_id, stem in FILES:
        result = grade_submission(_sample_path(assignment_id, stem), assignments[assignment_id])
        got = {p.part: p.status.value for p in result.parts}
        found[(assignment_id, stem)] = {
            part: (got.get(part, "<absent>"), ok)
            for part, ok in EXPECTED[assignment_id][stem].items() if got.get(part) not in ok}
    return found


@pytest.mark.parametrize(("assignment_id", "stem"), FILES, ids=[f"{a}/{s}" for a, s in FILES])
def test_sample_submission_verdicts(disagreements, assignment_id, stem):
    wrong = disagreements[(assignment_id, stem)]
    total = len(EXPECTED[assignment_id][stem])
    print(f"{assignment_id}/{stem}: {total - len(wrong)}/{total} parts agree")
    assert not wrong


def test_print_overall_agreement(disagreements):
    total = sum(len(parts) for subs in EXPECTED.values() for parts in subs.values())
    wrong = sum(len(w) for w in disagreements.values())
    files_ok = sum(not w for w in disagreements.values())
    print(f"\nsample verdicts: {total - wrong}/{total} parts agree; "
          f"{files_ok}/{len(FILES)} files fully agree")
    assert total >= 400 and len(FILES) >= 40


def test_every_sample_file_has_expected_verdicts():
    on_disk = {(p.parent.name, p.stem) for p in SAMPLES.glob("*/*") if p.is_file()}
    assert on_disk == set(FILES)


def test_every_rubric_part_is_listed_for_every_sample(assignments):
    for assignment_id, subs in EXPECTED.items():
        part_ids = {p.id for p in assignments[assignment_id].rubric.parts}
        for stem, parts in subs.items():
            assert set(parts) == part_ids, (assignment_id, stem)
