"""Grading the student's grid: cell by cell against the reference (with error carried
forward through the recurrence), whole tables against conventions and misconceptions.
Every cell is compared with ``grader.maths.verify`` (two numbers within the part's
tolerance)."""

from __future__ import annotations

import inspect
import math
import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from grader.checks.base import PartKey
from grader.checks.cell_values import plain_number as _number
from grader.checks.table.params import MIN_ROW_VALUES, StepFunction, TableParams
from grader.checks.table.reading import Reading
from grader.checks.text import fold_unicode, strip_crossed_out
from grader.maths import verify
from grader.outcome import CheckOutcome, status_for_score


def close(answer: float, reference: float, tol: float) -> bool:
    """A cell within ``tol`` of the reference's, relative (absolute below 1), by ``verify``."""
    return verify(float(answer), float(reference), rtol=tol, atol=tol).equivalent


def render_grid(grid: np.ndarray, rows: list[str]) -> str:
    def cell(x: float) -> str:
        return "?" if not np.isfinite(x) else f"{x:g}"
    return "; ".join(f"{row}: " + ", ".join(cell(x) for x in grid[i])
                     for i, row in enumerate(rows))


def _call_step(step: StepFunction, prev: dict[str, float], cur: dict[str, float]
               ) -> dict[str, float]:
    try:
        parameters = list(inspect.signature(step).parameters.values())
        takes_current = len(parameters) >= 2 or any(
            p.kind is inspect.Parameter.VAR_POSITIONAL for p in parameters)
    except (TypeError, ValueError):
        takes_current = False
    result = step(dict(prev), dict(cur)) if takes_current else step(dict(prev))
    return {str(k): float(v) for k, v in result.items()}


@dataclass(frozen=True)
class CellGrade:
    right: int
    counted: int
    slips: tuple[tuple[str, int], ...]
    missing: tuple[tuple[str, int], ...]
    notes: tuple[str, ...]


def grade_cells(grid: np.ndarray, ref: np.ndarray, params: TableParams,
                 step: StepFunction | None) -> CellGrade:
    rows = params.rows
    tol = params.tolerance
    right = 0
    slips: list[tuple[str, int]] = []
    missing: list[tuple[str, int]] = []
    notes: list[str] = []
    for t in range(params.given_columns, ref.shape[1]):
        expected: dict[str, float] | None = None
        prev_col = grid[:, t - 1]
        if step is not None and t >= 1 and np.all(np.isfinite(prev_col)):
            prev = {row: float(prev_col[i]) for i, row in enumerate(rows)}
            try:
                pure = _call_step(step, prev, {})
                cur = {row: float(grid[i, t]) if np.isfinite(grid[i, t]) else pure[row]
                       for i, row in enumerate(rows)}
                expected = _call_step(step, prev, cur)
            except Exception as exc:  # reference code: report, do not crash the part
                notes.append(f"recurrence failed at t={t}: {exc!r}; compared with the reference")
                expected = None
        for i, row in enumerate(rows):
            value = grid[i, t]
            if not np.isfinite(value):
                missing.append((row, t))
                continue
            follows = expected is not None and row in expected and close(
                value, expected[row], tol)
            if close(value, ref[i, t], tol) or follows:
                right += 1
                if not close(value, ref[i, t], tol):
                    notes.append(f"{row} at t={t}: {value:g} follows from the student's "
                                 f"previous values (reference {ref[i, t]:g})")
            else:
                slips.append((row, t))
                carried = (f", from the student's previous values {expected[row]:g}"
                           if expected is not None and row in expected else "")
                notes.append(f"{row} at t={t}: read {value:g}, reference {ref[i, t]:g}{carried}")
    counted = len(rows) * (ref.shape[1] - params.given_columns)
    return CellGrade(right, counted, tuple(slips), tuple(missing), tuple(notes))


def cell_feedback(grade: CellGrade, params: TableParams, ecf: bool) -> list[str]:
    feedback: list[str] = []
    if grade.right == 0 and grade.slips:
        feedback.append("None of the values after the given ones follow from the update rule; "
                        "check the order of the updates.")
        return feedback
    reason = "does not follow from the previous values" if ecf else "is not right"
    def where(row: str, column: int) -> str:
        return f"{row} at {params.index_label}={column + params.first_index}"

    for row, t in grade.slips:
        feedback.append(f"{where(row, t)} {reason}.")
    if grade.missing:
        cells = ", ".join(where(row, t) for row, t in grade.missing)
        feedback.append(f"No value given for {cells}.")
    return feedback


def _fragments(text: str) -> list[list[float]]:
    """Runs of three or more numbers in a row, in reading order."""
    tokens = re.split(r"[\s,;|&]+", fold_unicode(strip_crossed_out(text)).replace("$", " "))
    runs: list[list[float]] = []
    current: list[float] = []
    for token in tokens:
        value = _number(token.strip("()[]{}"))
        if value is not None:
            current.append(value)
            continue
        if len(current) >= MIN_ROW_VALUES:
            runs.append(current)
        current = []
    if len(current) >= MIN_ROW_VALUES:
        runs.append(current)
    return runs


def best_effort(text: str, ref: np.ndarray, params: TableParams) -> tuple[int, list[str]]:
    """Align number runs with reference rows: cells (t >= 1) a TA would likely accept."""
    matched: set[tuple[int, int]] = set()
    notes: list[str] = []
    n = ref.shape[1]
    for run in _fragments(text):
        best: tuple[int, int, int] | None = None
        for r in range(ref.shape[0]):
            for offset in range(0, max(1, n - len(run) + 1)):
                window = ref[r, offset:offset + len(run)]
                hits = sum(close(a, b, params.tolerance)
                           for a, b in zip(run, window, strict=False))
                if best is None or hits > best[0]:
                    best = (hits, r, offset)
        text_run = " ".join(f"{x:g}" for x in run)
        if best and best[0] >= max(MIN_ROW_VALUES, math.ceil(0.75 * min(len(run), n))):
            hits, r, offset = best
            for k, value in enumerate(run[:n - offset]):
                if offset + k >= params.given_columns and close(
                        value, ref[r, offset + k], params.tolerance):
                    matched.add((r, offset + k))
            notes.append(f"numbers {text_run} line up with {params.rows[r]} from t={offset} "
                         f"({hits} of {len(run)} agree with the reference)")
        else:
            notes.append(f"numbers {text_run} do not line up with any reference row")
    return len(matched), notes



def same_table(a: np.ndarray, b: np.ndarray, tol: float) -> bool:
    """Every cell of ``a`` present and within tolerance of ``b``."""
    return bool(np.all(np.isfinite(a))) and a.shape == b.shape and all(
        close(x, y, tol) for x, y in zip(a.ravel(), b.ravel(), strict=True))


def absent_rows(reading: Reading, params: TableParams) -> list[str]:
    present = set(reading.rows) | set(reading.positional)
    return [row for row in params.rows if row not in present]


def partial_table_match(grid: np.ndarray, key: PartKey, absent: list[str],
                         params: TableParams) -> CheckOutcome | None:
    """A misconception table whose rows are NaN exactly where the student wrote no
    row ("the x row right and no v row"), matched on the rows given."""
    missing = [params.rows.index(row) for row in absent]
    kept = [i for i in range(len(params.rows)) if i not in missing]
    shape = (len(params.rows), grid.shape[1])
    for misconception, value in key.misconceptions:
        table = as_table(value, shape)
        if table is None:
            continue
        blank = [i for i in range(len(params.rows)) if np.all(np.isnan(table[i]))]
        if blank == missing and same_table(grid[kept], table[kept], params.tolerance):
            credit = min(misconception.points, key.points)
            return CheckOutcome(
                status_for_score(credit, key.points), credit, (misconception.feedback,),
                (f"rows given: {', '.join(params.rows[i] for i in kept)}",
                 f"matches misconception {misconception.id}"),
                render_grid(grid, params.rows), misconception.id)
    return None


def as_table(value: Any, shape: tuple[int, ...]) -> np.ndarray | None:
    try:
        table = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return None
    return table if table.shape == shape else None
