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
from grader.report.html import render_student_html
from grader.report.markdown import render_review_queue, render_student_report
from grader.report.summary import render_summary_html
from grader.rubric.assignment import Assignment

#: Permission bits of what we write, before the user's umask (as ``open`` does).
_FILE_MODE = 0o666
_UMASK = os.umask(0o022)  # read it; the only portable way is to set it and put it back
os.umask(_UMASK)


def write_results(results: Sequence[SubmissionResult], assignment: Assignment,
                  out_dir: Path, *, warnings: Sequence[str] = ()) -> None:
    """Write results.json, grades.csv, review.md, summary.html, reports/<submission>.md
    and .html (students) and ta/<submission>.html (TAs: with the key and notes).

    ``results`` is the whole gradebook: a report of a submission no longer in
    it (removed, or renamed) is deleted, so reports/ matches the gradebook.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    reports = out_dir / "reports"
    reports.mkdir(exist_ok=True)
    atomic_write(out_dir / "results.json", results_json(results, assignment))
    atomic_write(out_dir / "grades.csv", grades_csv(results, assignment))
    atomic_write(out_dir / "review.md", render_review_queue(results, assignment, warnings))
    ta = out_dir / "ta"
    ta.mkdir(exist_ok=True)
    for result in results:
        atomic_write(reports / f"{result.submission}.md",
                     render_student_report(result, assignment))
        atomic_write(reports / f"{result.submission}.html",
                     render_student_html(result, assignment))
        atomic_write(ta / f"{result.submission}.html",
                     render_student_html(result, assignment, for_ta=True))
    atomic_write(out_dir / "summary.html", render_summary_html(results, assignment))
    _remove_stale(results, [reports, ta])


def _remove_stale(results: Sequence[SubmissionResult], folders: Sequence[Path]) -> None:
    """Reports of submissions no longer in the gradebook (removed, renamed)."""
    current = {r.submission for r in results}
    for folder in folders:
        for stale in [*folder.glob("*.md"), *folder.glob("*.html")]:
            if stale.stem not in current:
                stale.unlink(missing_ok=True)


def results_json(results: Sequence[SubmissionResult], assignment: Assignment) -> str:
    document = {
        "assignment": assignment.id,
        "rubric": str(assignment.path),
        "title": assignment.rubric.title,
        "rubric_version": assignment.version,
        "max_score": assignment.rubric.max_score,
        "submissions": [r.to_dict() for r in results],
    }
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def grades_csv(results: Sequence[SubmissionResult], assignment: Assignment) -> str:
    """One row per submission, one column per part, and the totals.

    A part waiting for a TA shows no points (its suggested score is in
    results.json and review.md); ``total`` is the decided points only,
    ``pending`` the points still at stake in review, and ``final`` says whether
    the total is the grade. ``needs_review`` lists the parts a TA must look at.
    """
    part_ids = [p.id for p in assignment.rubric.parts]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["submission", *part_ids, "total", "pending", "max_score", "final",
                     "needs_review"])
    for result in results:
        scores = {p.part: "" if p.status is Status.NEEDS_REVIEW else f"{p.score:g}"
                  for p in result.parts}
        review = [p.part for p in result.parts if p.status is Status.NEEDS_REVIEW]
        if result.error:
            review = ["(unreadable)", *review]
        writer.writerow([result.submission, *(scores.get(i, "") for i in part_ids),
                         f"{result.decided_score:g}", f"{result.pending_points:g}",
                         f"{result.max_score:g}", "yes" if result.final else "no",
                         " ".join(review)])
    return buffer.getvalue()


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` via a temporary file and a rename."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # mkstemp creates 0600; a co-TA must be able to read what we write.
        os.fchmod(fd, _FILE_MODE & ~_UMASK)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
