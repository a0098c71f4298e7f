"""Shared paths: the repo, its rubrics, and the seeds in ../shared (never copied here)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
RUBRICS = REPO / "rubrics"
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
ASSIGNMENT_IDS = sorted(p.stem for p in RUBRICS.glob("*.yaml"))


@pytest.fixture(scope="session")
def assignments():
    """Every shipped assignment, loaded once (reference answers computed)."""
    from grader.rubric.assignment import load_assignment

    return {name: load_assignment(name) for name in ASSIGNMENT_IDS}
