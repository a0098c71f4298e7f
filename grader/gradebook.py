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
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from grader.decisions import apply_decisions, load_decisions, machine_view
from grader.errors import GraderError
from grader.outcome import SubmissionResult

if TYPE_CHECKING:
    from grader.rubric.assignment import Assignment

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
        return cls(assignment_id, [machine_view(r) for r in document["rows"]])

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

    def carry_unchanged_parts(self, row: SubmissionResult) -> SubmissionResult:
        """``row`` (graded under a new rubric version) with the earlier verdict of
        every part whose key did not change, when the file itself is unchanged."""
        earlier = next((r for r in self.rows if source_key(r.source) == source_key(row.source)
                        and r.digest == row.digest and r.version != row.version
                        and r.part_keys), None)
        if earlier is None:
            return row
        old_keys, new_keys = dict(earlier.part_keys), dict(row.part_keys)
        old_parts = {p.part: p for p in earlier.parts}
        parts = tuple(old_parts[p.part] if p.part in old_parts
                      and old_keys.get(p.part) == new_keys.get(p.part) else p
                      for p in row.parts)
        return replace(row, parts=parts)

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

    with output_lock(out_dir):
        document = _read_document(out_dir)
        if document is None:
            raise GraderError(f"{out_dir}: no gradebook ({RESULTS_NAME}) here")
        gradebook = Gradebook(document["assignment"], document["rows"])
        rows, unknown = gradebook.without(ids)
        removed = [i for i in ids if i not in unknown]
        if removed:
            write_gradebook(out_dir, rows, _assignment_of(document))
    return removed, unknown


def write_gradebook(out_dir: Path, rows: Sequence[SubmissionResult],
                    assignment: Assignment) -> list[str]:
    """Write every output from machine-graded ``rows`` with the folder's TA
    decisions applied; returns the warnings (decisions set aside)."""
    from grader.report import write_results
    from grader.report.changes import changes_json, diff_gradebooks, render_changes
    from grader.report.files import atomic_write

    earlier = _read_document(out_dir)
    decided, warnings = apply_decisions([machine_view(r) for r in rows],
                                        load_decisions(out_dir))
    write_results(decided, assignment, out_dir, warnings=warnings)
    if earlier is not None:  # a first run changes nothing: everything is new
        changes = diff_gradebooks(earlier["rows"], decided)
        atomic_write(out_dir / "changes.md", render_changes(changes))
        atomic_write(out_dir / "changes.json", changes_json(changes))
    return warnings


def open_gradebook(out_dir: Path) -> tuple[Gradebook, Assignment]:
    """The gradebook of ``out_dir`` (machine verdicts) and its assignment."""
    document = _read_document(out_dir)
    if document is None:
        raise GraderError(f"{out_dir}: no gradebook ({RESULTS_NAME}) here")
    return (Gradebook(document["assignment"], [machine_view(r) for r in document["rows"]]),
            _assignment_of(document))


def _assignment_of(document: dict[str, Any]) -> Assignment:
    from grader.rubric.assignment import load_assignment

    rubric = document.get("rubric")
    return load_assignment(rubric if rubric and Path(rubric).is_file()
                           else document["assignment"])


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
