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
        path = out_dir / RESULTS_NAME
        if not path.is_file():
            return cls(assignment_id)
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
            rows = [SubmissionResult.from_dict(s) for s in document["submissions"]]
            held = document["assignment"]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise GraderError(f"{path}: not a gradebook this grader can read ({exc}); move it "
                              "away or choose another --out") from exc
        if held != assignment_id:
            raise GraderError(f"{out_dir} holds the gradebook of {held}, not {assignment_id}; "
                              "choose another --out")
        return cls(assignment_id, rows)

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

    path = out_dir / RESULTS_NAME
    if not path.is_file():
        raise GraderError(f"{out_dir}: no gradebook ({RESULTS_NAME}) here")
    with output_lock(out_dir):
        document = json.loads(path.read_text(encoding="utf-8"))
        gradebook = Gradebook.load(out_dir, document["assignment"])
        rows, unknown = gradebook.without(ids)
        removed = [i for i in ids if i not in unknown]
        if removed:
            rubric = document.get("rubric")
            ref = rubric if rubric and Path(rubric).is_file() else document["assignment"]
            write_results(rows, load_assignment(ref), out_dir)
    return removed, unknown
