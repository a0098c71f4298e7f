"""The five real seed submissions in ../shared/seeds grade as the answer keys say.

Every part listed in ../shared/seed-verdicts.json must get one of its acceptable
verdicts; the agreement is printed (run with -s to see it).
"""

from __future__ import annotations

import json

import pytest

from grader.outcome import Status
from grader.pipeline import grade_submission
from tests.conftest import SEEDS, SHARED

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not present")

EXPECTED = (json.loads((SHARED / "seed-verdicts.json").read_text())["verdicts"]
            if SEEDS.is_dir() else {})
LISTED = [(a, s, p, ok) for a, subs in EXPECTED.items() for s, parts in subs.items()
          for p, ok in parts.items()]


@pytest.fixture(scope="module")
def seed_results(assignments):
    return {(a, s): grade_submission(SEEDS / f"{s}.txt", assignments[a])
            for a, subs in EXPECTED.items() for s in subs}


def test_seed_agreement(seed_results):
    disagreements = []
    for assignment_id, stem, part_id, acceptable in LISTED:
        parts = {p.part: p for p in seed_results[(assignment_id, stem)].parts}
        got = parts[part_id].status.value
        if got not in acceptable:
            disagreements.append(f"{stem[:3]} {part_id}: got {got}, expected "
                                 + " or ".join(acceptable))
    print(f"\nseed verdicts: {len(LISTED) - len(disagreements)}/{len(LISTED)} parts agree")
    assert len(LISTED) == 77
    assert not disagreements, "\n".join(disagreements)


def test_garbled_seed_is_flagged_and_never_confidently_wrong_on_q1a(seed_results):
    result = seed_results[("seqmodels-a5", "002_2f77f242d2594c43")]
    assert result.needs_review
    q1a = [p for p in result.parts if p.part.startswith("1a.")]
    assert q1a and all(p.status is not Status.INCORRECT for p in q1a)
