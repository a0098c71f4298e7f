"""Everything the grader writes: results.json, grades.csv, reports, review queue."""

from grader.report.files import write_results
from grader.report.selfcheck import render_selfcheck

__all__ = ["render_selfcheck", "write_results"]
