"""Batch outputs, each written atomically so a crash never leaves half a file."""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from grader.outcome import Status, SubmissionResult
from grader.report.markdown import render_review_queue, render_student_report
from grader.rubric.assignment import Assignment


def write_results(results: Sequence[SubmissionResult], assignment: Assignment,
                  out_dir: Path) -> None:
    """Write results.json, grades.csv, review.md and reports/<submission>.md."""
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "reports").mkdir(exist_ok=True)
    atomic_write(out_dir / "results.json", results_json(results, assignment))
    atomic_write(out_dir / "grades.csv", grades_csv(results, assignment))
    atomic_write(out_dir / "review.md", render_review_queue(results, assignment))
    for result in results:
        atomic_write(out_dir / "reports" / f"{result.submission}.md",
                     render_student_report(result, assignment))


def results_json(results: Sequence[SubmissionResult], assignment: Assignment) -> str:
    document = {
        "assignment": assignment.id,
        "rubric_version": assignment.version,
        "max_score": assignment.rubric.max_score,
        "submissions": [r.to_dict() for r in results],
    }
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def grades_csv(results: Sequence[SubmissionResult], assignment: Assignment) -> str:
    """One row per submission, one column per part (points), the total, and
    the parts a TA still has to look at."""
    part_ids = [p.id for p in assignment.rubric.parts]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["submission", *part_ids, "total", "max_score", "needs_review"])
    for result in results:
        scores = {p.part: f"{p.score:g}" for p in result.parts}
        review = [p.part for p in result.parts if p.status is Status.NEEDS_REVIEW]
        if result.error:
            review = ["(unreadable)", *review]
        writer.writerow([result.submission, *(scores.get(i, "") for i in part_ids),
                         f"{result.score:g}", f"{result.max_score:g}", " ".join(review)])
    return buffer.getvalue()


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` via a temporary file and a rename."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
