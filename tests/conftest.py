"""Shared paths: the repo, its rubrics, and the seeds in ../shared (never copied here)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[1]
RUBRICS = REPO / "rubrics"
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
ASSIGNMENT_IDS = sorted(p.stem for p in RUBRICS.glob("*.yaml"))


def load_reference(name: str) -> ModuleType:
    """A reference module, loaded by path as the grader loads it."""
    source = REPO / "reference" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"test_reference_{name}", source)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def assignments():
    """Every shipped assignment, loaded once (reference answers computed)."""
    from grader.rubric.assignment import load_assignment

    return {name: load_assignment(name) for name in ASSIGNMENT_IDS}
