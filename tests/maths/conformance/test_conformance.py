"""The maths core against public equivalence suites (STACK, Math-Verify, PrairieLearn).

Prints right / confidently wrong / undecided per source (``pytest -s`` shows
it); fails on a confidently wrong case that ``known_differences`` does not list
with its reason, and on a listed case that is no longer wrong.
"""

from __future__ import annotations

import pytest

from tests.maths.conformance.known_differences import KNOWN_DIFFERENCES
from tests.maths.conformance.suite import SUITES, Result, run_all, table

RIGHT_FLOOR = 0.955
"""Share of all cases decided right; raise it as the core improves, never lower it."""


@pytest.fixture(scope="module")
def results() -> dict[str, list[Result]]:
    return run_all()


def test_every_case_cites_its_source():
    for cases in SUITES.values():
        for case in cases:
            assert "@" in case.source and ":" in case.source and case.line > 0
            assert case.mode in {"expression", "relation", "bound"}


def test_no_unlisted_confidently_wrong_case(results):
    print("\n" + table(results))
    wrong = [r for rows in results.values() for r in rows if r.outcome == "wrong"]
    unlisted = [f"{r.case.where}: {r.case.reference!r} vs {r.case.answer!r} "
                f"→ {r.verdict.status.value} ({r.verdict.reason})"
                for r in wrong if r.case.key not in KNOWN_DIFFERENCES]
    assert unlisted == []


def test_listed_differences_are_still_wrong(results):
    outcome = {r.case.key: r.outcome for rows in results.values() for r in rows}
    stale = [key for key in KNOWN_DIFFERENCES if outcome.get(key) != "wrong"]
    assert stale == []


def test_share_decided_right(results):
    rows = [r for rs in results.values() for r in rs]
    right = sum(r.outcome == "right" for r in rows)
    assert right / len(rows) >= RIGHT_FLOOR
