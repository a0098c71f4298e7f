"""Grade a generated submission and judge each part against its plant's key verdict.

A part is ``right`` when the grader gives the key verdict (and, when decided,
the key's points), ``review`` when it goes to ``needs_review`` instead, and
``wrong`` when it gives a confident different verdict: the one outcome the
generator tests forbid.
"""

from __future__ import annotations

import math
import tempfile
from dataclasses import dataclass
from pathlib import Path

from grader.cache import CheckCache
from grader.outcome import PartResult, Status
from grader.pipeline import grade_submission
from grader.rubric.assignment import Assignment
from tests.layouts.generator import Rendered
from tests.layouts.plants import Plant


@dataclass(frozen=True)
class Judged:
    """One planted part: its plant, what the grader said, and the judgement."""

    plant: Plant
    result: PartResult
    outcome: str  # right, review, wrong
    applied: dict[str, str]


def judge(plant: Plant, result: PartResult) -> str:
    """``right``, ``review`` or ``wrong`` for one part (see the module docstring)."""
    if result.status is Status.NEEDS_REVIEW:
        return "right" if plant.status == "needs_review" else "review"
    if result.status.value != plant.status:
        return "wrong"
    return "right" if math.isclose(result.score, plant.points, abs_tol=1e-6) else "wrong"


def grade_rendered(rendered: Rendered, assignment: Assignment, plants: dict[str, Plant], *,
                   cache: CheckCache | None = None) -> list[Judged]:
    """Grade ``rendered`` as a submission file and judge every planted part."""
    with tempfile.TemporaryDirectory(prefix="layout-") as folder:
        path = Path(folder) / f"generated{rendered.suffix}"
        path.write_bytes(rendered.data)
        result = grade_submission(path, assignment, cache=cache)
    return [Judged(plants[part.part], part, judge(plants[part.part], part),
                   rendered.applied[part.part]) for part in result.parts]
