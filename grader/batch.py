"""Grade many submissions and write the outputs (in-process for now)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from tqdm import tqdm

from grader.outcome import SubmissionResult
from grader.pipeline import grade_submission
from grader.report import write_results
from grader.rubric.assignment import Assignment


def grade_paths(files: Sequence[Path], assignment: Assignment, out_dir: Path, *,
                progress: bool = True) -> list[SubmissionResult]:
    """Grade ``files`` in order and write results to ``out_dir``."""
    results = []
    with tqdm(total=len(files), unit="sub", file=sys.stderr,
              disable=not progress or len(files) < 2) as bar:
        for path in files:
            results.append(grade_submission(path, assignment))
            bar.update()
    results = _unique_names(results)
    write_results(results, assignment, out_dir)
    return results


def _unique_names(results: list[SubmissionResult]) -> list[SubmissionResult]:
    """Two files with one stem in different folders must not share a report."""
    from dataclasses import replace

    seen: dict[str, int] = {}
    unique = []
    for result in results:
        count = seen.get(result.submission, 0)
        seen[result.submission] = count + 1
        unique.append(result if count == 0
                      else replace(result, submission=f"{result.submission}-{count + 1}"))
    return unique
