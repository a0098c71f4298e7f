"""Gradebook exports for learning-management systems, with a roster.

Each format follows the columns its LMS documents for importing grades:

- ``canvas``: Student, ID, SIS User ID, SIS Login ID, Section, then one column
  named after the assignment;
- ``moodle``: an identifier column (Email address, and ID number), then the
  grade and a feedback column;
- ``gradescope``: Name, SID, Email, Score;
- ``csv``: the grader's own, with every roster field and the totals.

A roster is a CSV mapping submissions to students. Its header names any of
``file`` (a submission's file name, stem or id), ``name``, ``id``,
``sis_user_id``, ``sis_login_id``, ``email``, ``section``, ``sid`` (case and
spaces ignored). A submission no roster row matches is listed, never dropped
silently; a submission still waiting for a TA is exported without a grade
unless pending grades are asked for, because an LMS would publish a
suggestion as the grade.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from grader.errors import GraderError
from grader.outcome import SubmissionResult

Format = Literal["canvas", "moodle", "gradescope", "csv"]
FORMATS: tuple[Format, ...] = ("canvas", "moodle", "gradescope", "csv")
ROSTER_FIELDS = ("file", "name", "id", "sis_user_id", "sis_login_id", "email", "section", "sid")


@dataclass(frozen=True)
class Student:
    """One roster row; empty strings for fields the roster lacks."""

    file: str = ""
    name: str = ""
    id: str = ""
    sis_user_id: str = ""
    sis_login_id: str = ""
    email: str = ""
    section: str = ""
    sid: str = ""


@dataclass
class Export:
    """The export file's text and what it could not place."""

    text: str
    unmatched: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)


def read_roster(path: Path) -> list[Student]:
    """Students from a roster CSV.

    Raises:
        GraderError: unreadable, no header, or no ``file`` column to match on.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise GraderError(f"{path}: cannot read the roster ({exc.strerror})") from exc
    reader = csv.DictReader(io.StringIO(text))
    columns = {_field(c): c for c in reader.fieldnames or []}
    if "file" not in columns:
        raise GraderError(f"{path}: the roster needs a 'file' column (a submission's file name "
                          f"or id); its columns are {', '.join(reader.fieldnames or []) or 'none'}")
    known = {name: original for name, original in columns.items() if name in ROSTER_FIELDS}
    return [Student(**{name: (row.get(original) or "").strip() for name, original in known.items()})
            for row in reader]


def export_gradebook(results: Sequence[SubmissionResult], assignment_title: str, fmt: Format,
                     roster: Sequence[Student] = (), *, include_pending: bool = False) -> Export:
    """The export file for ``fmt``; see the module docstring for the columns."""
    header, row_of = _FORMATS[fmt](assignment_title)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    export = Export("")
    for result in results:
        student = _match(result, roster)
        if student is None:
            export.unmatched.append(result.submission)
            if roster and fmt != "csv":
                continue  # an LMS cannot place a row with no student
            student = Student(file=result.submission)
        if not result.final:
            export.pending.append(result.submission)
        grade = (f"{result.decided_score:g}" if result.final or include_pending else "")
        writer.writerow(row_of(result, student, grade))
    export.text = buffer.getvalue()
    return export


def _match(result: SubmissionResult, roster: Sequence[Student]) -> Student | None:
    names = {result.submission, Path(result.source).name, Path(result.source).stem}
    return next((s for s in roster if s.file in names), None)


def _field(column: str) -> str:
    return column.strip().lower().replace(" ", "_")


def _canvas(title: str):
    header = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", title]
    return header, lambda r, s, grade: [s.name or r.submission, s.id, s.sis_user_id,
                                        s.sis_login_id, s.section, grade]


def _moodle(title: str):
    header = ["Email address", "ID number", "Grade", "Feedback"]
    return header, lambda r, s, grade: [s.email, s.sis_user_id or s.id, grade,
                                        "" if r.final else "provisional: parts await a TA"]


def _gradescope(title: str):
    return ["Name", "SID", "Email", "Score"], lambda r, s, grade: [
        s.name or r.submission, s.sid or s.sis_user_id or s.id, s.email, grade]


def _own_csv(title: str):
    header = ["submission", "file", "name", "id", "email", "section", "total", "pending",
              "max_score", "final"]
    return header, lambda r, s, grade: [
        r.submission, Path(r.source).name, s.name, s.id or s.sid, s.email, s.section, grade,
        f"{r.pending_points:g}", f"{r.max_score:g}", "yes" if r.final else "no"]


_FORMATS = {"canvas": _canvas, "moodle": _moodle, "gradescope": _gradescope, "csv": _own_csv}
