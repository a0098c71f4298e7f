"""One gradebook per output folder, merged run after run, never silently shrunk.

``OUT/results.json`` is the gradebook. A ``grade`` into a folder that already
holds one (issue #11):

- keeps every row whose file is not part of this run (regrading one student
  leaves the other twenty as they were);
- keeps, without grading it again, a row whose file has the same bytes and was
  graded under the same rubric version; grades new and changed files;
- gives a file it has seen before the same submission id, so rows and report
  names stay put, and gives new files ids no earlier row uses;
- removes a student only when asked (``grader remove``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grader.errors import GraderError
from grader.outcome import SubmissionResult

RESULTS_NAME = "results.json"


def source_key(source: str) -> str:
    """Rows and files are matched on the resolved path of what was graded."""
    return str(Path(source).resolve()) if source else ""


@dataclass
class Gradebook:
    """The rows an output folder already holds, in their order."""

    assignment: str
    rows: list[SubmissionResult] = field(default_factory=list)

    @classmethod
    def load(cls, out_dir: Path, assignment_id: str) -> Gradebook:
        """The folder's gradebook; empty when there is none yet.

        Raises:
            GraderError: the folder holds another assignment's gradebook, or an
                unreadable results.json (it is never overwritten blindly).
        """
        document = _read_document(out_dir)
        if document is None:
            return cls(assignment_id)
        if document["assignment"] != assignment_id:
            raise GraderError(f"{out_dir} holds the gradebook of {document['assignment']}, "
                              f"not {assignment_id}; choose another --out")
        return cls(assignment_id, document["rows"])

    def known_ids(self) -> dict[str, str]:
        """Resolved source → submission id of every row."""
        return {source_key(r.source): r.submission for r in self.rows if r.source}

    def unchanged(self, source: str, digest: str, version: str) -> SubmissionResult | None:
        """The row of ``source`` if its file and rubric are as they were graded."""
        key = source_key(source)
        for row in self.rows:
            if source_key(row.source) == key and row.digest == digest and \
                    row.version == version and digest:
                return row
        return None

    def merged(self, fresh: Sequence[SubmissionResult]) -> list[SubmissionResult]:
        """Earlier rows with this run's rows in place of theirs; new rows last."""
        by_source = {source_key(r.source): r for r in fresh}
        rows = [by_source.pop(source_key(r.source), r) for r in self.rows]
        placed = {source_key(r.source) for r in rows}
        return rows + [r for r in fresh if source_key(r.source) not in placed]

    def without(self, ids: Iterable[str]) -> tuple[list[SubmissionResult], list[str]]:
        """The rows less those with these ids, and the ids that matched no row."""
        wanted = set(ids)
        present = {r.submission for r in self.rows}
        return ([r for r in self.rows if r.submission not in wanted],
                sorted(wanted - present))


def remove_submissions(out_dir: Path, ids: Sequence[str]) -> tuple[list[str], list[str]]:
    """Remove rows (and their reports) from ``out_dir``'s gradebook.

    Returns the ids removed and the ids that matched no row. Holds the folder's
    lock, like ``grade``.
    """
    from grader.outdir import output_lock
    from grader.report import write_results
    from grader.rubric.assignment import load_assignment

    with output_lock(out_dir):
        document = _read_document(out_dir)
        if document is None:
            raise GraderError(f"{out_dir}: no gradebook ({RESULTS_NAME}) here")
        gradebook = Gradebook(document["assignment"], document["rows"])
        rows, unknown = gradebook.without(ids)
        removed = [i for i in ids if i not in unknown]
        if removed:
            rubric = document.get("rubric")
            ref = rubric if rubric and Path(rubric).is_file() else document["assignment"]
            write_results(rows, load_assignment(ref), out_dir)
    return removed, unknown


def load_document(out_dir: Path) -> tuple[str, list[SubmissionResult]]:
    """The title and rows of ``out_dir``'s gradebook, for exports.

    Raises:
        GraderError: there is none, or it cannot be read.
    """
    document = _read_document(out_dir)
    if document is None:
        raise GraderError(f"{out_dir}: no gradebook ({RESULTS_NAME}) here")
    return document.get("title") or document["assignment"], document["rows"]


def _read_document(out_dir: Path) -> dict[str, Any] | None:
    """``results.json`` with its rows parsed, or None when there is none.

    Raises:
        GraderError: it exists but cannot be read; it is never overwritten blindly.
    """
    path = out_dir / RESULTS_NAME
    if not path.is_file():
        return None
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        document["rows"] = [SubmissionResult.from_dict(s) for s in document["submissions"]]
        str(document["assignment"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise GraderError(f"{path}: not a gradebook this grader can read ({exc}); move it "
                          "away or choose another --out") from exc
    return document
