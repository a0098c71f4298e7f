"""How far the grader agrees with hand-graded verdicts.

A labelled set is a JSON file of expected verdicts written by a TA (or from an
answer key) before the grader ran: ``{"verdicts": {assignment: {submission stem:
{part: ok}}}}`` where ``ok`` is a list of acceptable statuses, or an object
``{"ok": [...], "points": 2, "why": "..."}``. Each graded part then falls in one
of three classes:

- **agree**: the grader's status is an acceptable one;
- **wrong**: a decided status (correct, partial, incorrect, missing) a TA would
  not give: a confident wrong grade, the worst outcome;
- **deferred**: ``needs_review`` where a TA would have decided at once.

``Tally`` also counts by the reader's confidence, so the decision threshold
can be chosen from data (``bench/accuracy.py``).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from grader.outcome import PartResult, Status

Outcome = Literal["agree", "wrong", "deferred"]
#: Upper edges of the confidence buckets reported by ``Tally.buckets``.
CONFIDENCE_EDGES_DEFAULT = (0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)


@dataclass(frozen=True)
class Expected:
    """What a TA accepts for one part: statuses, and the points if stated."""

    ok: tuple[str, ...]
    points: float | None = None
    why: str = ""


Labels = dict[str, dict[str, dict[str, Expected]]]


def load_labels(path: Path) -> Labels:
    """Read a verdicts file (either form of ``ok``) into ``Expected`` values."""
    raw = json.loads(path.read_text(encoding="utf-8"))["verdicts"]
    labels: Labels = {}
    for assignment, submissions in raw.items():
        for stem, parts in submissions.items():
            labels.setdefault(assignment, {})[stem] = {
                part: _expected(value) for part, value in parts.items()}
    return labels


def _expected(value: list[str] | dict[str, object]) -> Expected:
    if isinstance(value, list):
        return Expected(tuple(value))
    points = value.get("points")
    return Expected(tuple(value["ok"]),  # type: ignore[arg-type]
                    float(points) if isinstance(points, int | float) else None,
                    str(value.get("why", "")))


def classify(part: PartResult, expected: Expected) -> Outcome:
    """Agree, confidently wrong, or deferred (see the module docstring)."""
    if part.status.value in expected.ok:
        return "agree"
    return "deferred" if part.status is Status.NEEDS_REVIEW else "wrong"


@dataclass
class Tally:
    """Counts of agree / wrong / deferred, overall and by confidence bucket."""

    counts: Counter[str] = field(default_factory=Counter)
    buckets: dict[float, Counter[str]] = field(default_factory=dict)

    def add(self, part: PartResult, expected: Expected) -> Outcome:
        outcome = classify(part, expected)
        self.counts[outcome] += 1
        edge = next(e for e in CONFIDENCE_EDGES_DEFAULT if part.confidence <= e + 1e-9)
        self.buckets.setdefault(edge, Counter())[outcome] += 1
        return outcome

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def share(self, outcome: Outcome) -> float:
        return self.counts[outcome] / self.total if self.total else 0.0

    def summary(self) -> str:
        return (f"{self.total} parts: agree {self.share('agree'):.1%}, "
                f"confidently wrong {self.share('wrong'):.1%}, "
                f"deferred {self.share('deferred'):.1%}")
