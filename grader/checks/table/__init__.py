"""Tables of numbers, such as the iterates of gradient descent–ascent.

Reading: the answer text is cut into lines (newlines and LaTeX ``\\\\``) and
each line into cells (``|`` for Markdown, ``&`` for LaTeX, tabs, otherwise
spaces and commas). Cells are numbers, row labels (``p``, ``q_t``, ``$p_3$``),
the index label (``t``, ``t=3``) or other text. Four layouts are recognised:

* labelled rows: ``q | 1 | 2 | 1 ...`` (an index row ``t | 0 | 1 ...`` gives the
  columns' ``t``; without one, a row of exactly one value per column is read
  as ``t = 0, 1, ...``);
* subscript headers: a line ``$q_0$ $q_1$ ... $q_6$`` followed by a line of numbers;
* columns per variable: a header ``t | p_t | q_t`` followed by lines of numbers;
* assignments: ``q_1 = q_0 + p_0 = 2, p_1 = -1`` (the number after the last ``=``).

One leading unreadable cell on a line is skipped (seed 001 starts a row with
``<del>2a)</del>``). Anything that does not give every row a value per column
with confidence — a row missing, rows of the wrong length with no index row,
an unreadable cell, two different readings, wrong starting values — is
``needs_review``, with what was read in the TA notes and a suggested score.

Grading (``t = 0`` is given by the question, so only the cells with ``t >= 1``
count): every counted cell right → full points; the whole table equal to a
misconception's table → that misconception's points and feedback; otherwise
``points × right cells / counted cells``. With ``recurrence`` set, a cell is
also right when it follows from the student's own values at ``t - 1`` (error
carried forward), so one arithmetic slip costs one cell; feedback names each
cell that does not follow ("q at t=3 does not follow from the previous values").

Every cell is compared through ``grader.maths.verify`` (two numbers within the
part's ``tolerance``). Modules: ``params``, ``reading`` (cells, layouts, the
student's grid), ``grading`` (cells, whole tables, best-effort suggestions).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from grader.answer import Answer
from grader.checks.base import Checker, PartKey
from grader.checks.table.grading import (
    absent_rows,
    as_table,
    best_effort,
    cell_feedback,
    grade_cells,
    partial_table_match,
    render_grid,
    same_table,
)
from grader.checks.table.params import TableParams
from grader.checks.table.reading import assemble, read_table
from grader.errors import CheckerError
from grader.outcome import CheckOutcome, Status, status_for_score


class TableChecker(Checker):
    """A table of iterates compared cell by cell with the reference table.

    ``key.reference`` is an array of shape ``(len(rows), n_cols)``, row ``i``
    the values of ``params.rows[i]`` at ``t = 0 .. n_cols - 1``. Misconceptions
    whose value is an array of the same shape are alternative whole tables.
    ``params.recurrence`` names a reference function ``step(prev)`` or
    ``step(prev, cur)`` returning the next value of every row from the
    previous ones; when it accepts ``cur`` (the student's values at the new
    step) an update that uses an already-updated row (alternating updates)
    is checked against the student's own new value, so a slip in ``q``
    does not also cost the ``p`` computed from it.
    """

    kind = "table"

    Params = TableParams

    def write(self, value: Any, key: PartKey) -> str | None:
        """One labelled row per line; a row of NaN is one the answer leaves out
        (a partial-table misconception)."""
        rows = key.params_as(TableParams).rows
        if not isinstance(value, np.ndarray) or value.ndim != 2 or len(rows) != len(value):
            return None
        return "\n".join(f"{name}\t" + "\t".join(f"{v:g}" for v in row)
                         for name, row in zip(rows, value, strict=True)
                         if not np.all(np.isnan(row)))

    def check(self, answer: Answer, key: PartKey) -> CheckOutcome:
        params = key.params_as(TableParams)
        ref = np.asarray(key.reference, dtype=float) if key.reference is not None else None
        if ref is None or ref.ndim != 2 or ref.shape[0] != len(params.rows) or ref.shape[1] < 2:
            raise CheckerError(f"part {key.part.id}: reference must be a "
                               f"{len(params.rows)}×n array, got {getattr(ref, 'shape', None)}")
        points = key.points
        given = params.given_columns
        counted = len(params.rows) * (ref.shape[1] - given)

        reading = read_table(answer.text, params)
        grid, review, notes = assemble(reading, params, ref.shape[1])
        read_note = f"read ({reading.layout or 'no layout'}): {render_grid(grid, params.rows)}"

        if reading.empty:
            hits, fragment_notes = best_effort(answer.text, ref, params)
            suggested = round(points * hits / counted, 4)
            return CheckOutcome.review(
                "The table could not be read with confidence; a TA will check it.",
                suggested=suggested,
                notes=("table: no labelled rows or columns found", *fragment_notes,
                       f"suggested {suggested:g}/{points:g} from the numbers that line up"))

        conventions = [("reference", ref)] + [
            (form.note or f"accepted form {i + 1}", table)
            for i, (form, value) in enumerate(key.accepted)
            if (table := as_table(value, ref.shape)) is not None]
        start = grid[:, :given]
        if np.all(np.isfinite(start)) and not any(
                same_table(start, table[:, :given], params.tolerance) for _, table in conventions):
            review.append("the values at t=0 differ from the question's starting point")

        absent = absent_rows(reading, params)
        if absent and review == [f"no row for {row}" for row in absent]:
            partial = partial_table_match(grid, key, absent, params)
            if partial is not None:
                return partial

        step = key.function(params.recurrence) if params.recurrence else None
        grade = grade_cells(grid, ref, params, step)
        score = round(points * grade.right / counted, 4)

        if review:
            hits, fragment_notes = best_effort(answer.text, ref, params)
            if hits * points / counted > score:
                # rows that could not be placed still show what the student wrote
                score = round(points * hits / counted, 4)
                notes = [*notes, *fragment_notes]
            return CheckOutcome.review(
                "Part of the table could not be read with confidence; a TA will check it.",
                suggested=score, interpreted_as=render_grid(grid, params.rows),
                notes=(*(f"table: {r}" for r in review), read_note, *notes, *grade.notes,
                       f"suggested {score:g}/{points:g} from the cells read"))

        graded = grid[:, given:]
        for label, table in conventions:
            if same_table(graded, table[:, given:], params.tolerance):
                notes_ = (read_note, *notes) if label == "reference" else \
                    (read_note, f"matches the accepted convention: {label}")
                return CheckOutcome(Status.CORRECT, points, (), notes_,
                                    render_grid(grid, params.rows), label)

        for misconception, value in key.misconceptions:
            table = as_table(value, ref.shape)
            if table is None or not np.all(np.isfinite(table)):
                continue
            if same_table(graded, table[:, given:], params.tolerance):
                credit = min(misconception.points, points)
                return CheckOutcome(
                    status_for_score(credit, points), credit, (misconception.feedback,),
                    (read_note, f"matches misconception {misconception.id}",
                     f"per-cell credit would have been {score:g}"),
                    render_grid(grid, params.rows), misconception.id)

        # an accepted convention with a slip: its cells, without carried errors
        for label, table in conventions[1:]:
            other = grade_cells(grid, table, params, None)
            if other.right > grade.right:
                grade = other
                notes = [*notes, f"graded against the accepted convention: {label}"]
        score = round(points * grade.right / counted, 4)
        feedback = cell_feedback(grade, params, ecf=step is not None)
        return CheckOutcome(
            status_for_score(score, points), score, tuple(feedback),
            (read_note, *notes, *grade.notes,
             f"per-cell: {grade.right}/{grade.counted} graded cells right"),
            render_grid(grid, params.rows))


__all__ = ["TableChecker", "TableParams", "read_table"]
