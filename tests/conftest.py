"""Shared paths: the repo, its rubrics, and the seeds in ../shared (never copied here)."""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[1]
RUBRICS = REPO / "rubrics"
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
ASSIGNMENT_IDS = sorted(p.stem for p in RUBRICS.glob("*.yaml"))
#: Debian's Chromium, driven by Playwright in the browser tests (.ci/run installs it).
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def require_chromium() -> None:
    """Skip the calling test module where Chromium is missing, but never in CI."""
    if not CHROMIUM and not os.environ.get("CI"):
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)",
                    allow_module_level=True)


@pytest.fixture(scope="module")
def browser():
    """A headless Chromium for one test module."""
    from playwright.sync_api import sync_playwright

    assert CHROMIUM, "chromium must be installed in CI"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


def load_reference(name: str) -> ModuleType:
    """A reference module, loaded by path as the grader loads it."""
    source = REPO / "reference" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"test_reference_{name}", source)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def revised_rubric(folder: Path, assignment_id: str, old: str, new: str) -> Path:
    """A copy of a shipped rubric with ``old`` replaced by ``new`` (once), written to
    ``folder/rubrics/``; its reference module is still the repo's."""
    text = (RUBRICS / f"{assignment_id}.yaml").read_text()
    assert old in text, f"{old!r} is not in the {assignment_id} rubric"
    path = folder / "rubrics" / f"{assignment_id}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.replace(old, new, 1))
    return path


@pytest.fixture(scope="session")
def assignments():
    """Every shipped assignment, loaded once (reference answers computed)."""
    from grader.rubric.assignment import load_assignment

    return {name: load_assignment(name) for name in ASSIGNMENT_IDS}


# Hypothesis (the fuzz tests in tests/fuzz/): reproducible in CI (derandomize,
# no example database) and a fixed budget per test (max_examples). deadline is
# off because the fuzz tests time each call themselves, with a bound generous
# enough for a loaded 2-core runner; hypothesis' own deadline flakes there.
# HYPOTHESIS_PROFILE=dev runs more, random examples locally.
try:
    from hypothesis import HealthCheck, settings
except ImportError:  # the dev extra is not installed: tests/fuzz skips itself
    pass
else:
    settings.register_profile(
        "ci", max_examples=100, deadline=None, derandomize=True, database=None,
        suppress_health_check=(HealthCheck.too_slow, HealthCheck.data_too_large),
        print_blob=True)
    settings.register_profile(
        "dev", max_examples=500, deadline=None,
        suppress_health_check=(HealthCheck.too_slow, HealthCheck.data_too_large))
    import os

    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
