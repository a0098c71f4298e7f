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
"""

from __future__ import annotations

import inspect
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator

from grader.answer import Answer
from grader.checks.base import Checker, PartKey
from grader.checks.cell_values import cell_number
from grader.checks.cell_values import plain_number as _number
from grader.checks.table_lists import keyed_vectors, named_lists
from grader.checks.text import fold_unicode, normalise_text, strip_crossed_out
from grader.errors import CheckerError
from grader.outcome import CheckOutcome, Status, status_for_score

TOLERANCE_DEFAULT = 1e-6
MIN_ROW_VALUES = 3  # fewer numbers after a label is prose ("p = 0"), not a table row
_INDEX_WORDS = ("step", "iter", "iteration", "iterations")

StepFunction = Callable[..., Mapping[str, float]]


class TableParams(BaseModel):
    """Settings of a ``table`` part.

    ``rows`` are the canonical row names in the reference's row order;
    ``labels`` the spellings accepted for each (the name itself always is);
    ``recurrence`` names a reference-module function computing one step,
    ``step(prev)`` or ``step(prev, cur)`` (see :class:`TableChecker`).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    rows: list[str] = Field(min_length=1, description=(
        "Canonical row names, in the reference table's row order."))
    labels: dict[str, list[str]] = Field(default_factory=dict, description=(
        "Row name → other spellings students use for it (the name itself always is)."))
    index_label: str = Field("t", description="Name of the index row or column (t, i).")
    recurrence: str | None = Field(None, description=(
        "Reference-module function computing one step, step(prev) or step(prev, cur), "
        "for error carried forward."))
    tolerance: float = Field(TOLERANCE_DEFAULT, gt=0,
                             description="Relative tolerance for comparing cells (absolute "
                                         "below 1: 0.01 accepts any two-decimal rounding).")
    given_columns: int = Field(
        1, ge=0, description="Leading columns the question gives (starting values): "
                             "checked, not graded. 0 for a table whose every cell is asked.")
    first_index: int = Field(
        0, description="Index of the first column as students number it (t = 0 for "
                       "iterates, i = 1 for components), for index rows and subscripts.")

    @model_validator(mode="after")
    def _labels_name_rows(self) -> TableParams:
        unknown = set(self.labels) - set(self.rows)
        if unknown:
            raise ValueError(f"labels for rows not in 'rows': {sorted(unknown)}")
        return self

    def accepted_labels(self, row: str) -> tuple[str, ...]:
        """Spellings of ``row``, longest first (so ``p_t`` wins over ``p``)."""
        names = {row, *self.labels.get(row, [])}
        return tuple(sorted(names, key=len, reverse=True))


# ----------------------------------------------------------------- reading cells

@dataclass(frozen=True)
class _Cell:
    kind: Literal["num", "label", "index", "index_value", "other"]
    text: str
    value: float | None = None
    row: str | None = None
    sub: int | None = None


_TABLE_MARKUP = re.compile(
    r"\\(?:begin|end)\{(?:tabular|array|matrix|bmatrix|pmatrix|table)\*?\}(?:\{[^{}]*\})?"
    r"|\\(?:hline|toprule|midrule|bottomrule|centering)|\\cline\{[^{}]*\}")
_MD_SEPARATOR = re.compile(r"^[\s|:\-+=]+$")
_QUOTE_MARKERS = re.compile(r"^(?:[ \t]*>)+")


def _cell_text(raw: str) -> str:
    text = normalise_text(raw)
    text = re.sub(r"\s+", "", text)
    return text.strip(":=,;.")


def _classify(raw: str, params: TableParams) -> _Cell:
    text = _cell_text(raw)
    value = _number(text)
    if value is not None:
        return _Cell("num", text, value)
    low = text.lower()
    index_names = (params.index_label.lower(), *_INDEX_WORDS)
    if low in index_names:
        return _Cell("index", text)
    for name in index_names:
        match = re.fullmatch(re.escape(name) + r"=(.+)", low)
        if match and (value := _number(match.group(1))) is not None:
            return _Cell("index_value", text, value)
    index = re.escape(params.index_label.lower())
    for row in params.rows:
        for label in params.accepted_labels(row):
            match = re.fullmatch(
                re.escape(label.lower()) + r"(?:_?[(\[]?(\d+|" + index + r")[)\]]?)?", low)
            if match:
                sub = match.group(1)
                return _Cell("label", text, row=row,
                             sub=int(sub) if sub and sub.isdigit() else None)
    value = cell_number(text, raw)  # "0,12", "e^2/(e+e^2)", "12%": after labels, never instead
    return _Cell("other", text) if value is None else _Cell("num", text, value)


# "τ = 0.5 : …", "τ = 1 → …", a header "τ = 0.5   τ = 1", an index "i = 1   0.02 …"
# in aligned columns: a key and its value, one cell; not "x = 1, 0.5, 0" or
# "x = 1 0.5 0" (a row named x and its values, separated by a comma or one space)
_SPACED_KEY = re.compile(r"(?<=[A-Za-z])\s*=\s*(?=[-+]?\d+(?:[./]\d+)?(?![\d./])"
                         r"(?!\s*,)(?! [-+]?\d))")


def _split_lines(text: str) -> list[list[str]]:
    """Cells per line, for Markdown, LaTeX, tab- and space-separated layouts."""
    text = fold_unicode(strip_crossed_out(text))
    text = _TABLE_MARKUP.sub(" ", text)
    lines: list[list[str]] = []
    for raw_line in re.split(r"\n|\\\\", text):
        line = _QUOTE_MARKERS.sub("", raw_line).strip()  # a table inside a quote or callout
        if not line or _MD_SEPARATOR.match(line):  # blank, or a rule: "|---|", "-----+---"
            continue
        if line.count("|") >= 2:
            cells = line.strip("|").split("|")
        elif "&" in line:
            cells = line.split("&")
        elif "\t" in line:
            cells = line.split("\t")
        else:
            # "tau | i=1  i=2": one bar between a key and the rest is a separator too
            # "τ = 0.5 : 0.19, …", "τ = 1 → 0.09, …": a key written with spaces is one cell
            line = _SPACED_KEY.sub("=", line)
            cells = [c for c in re.split(r"[\s,;]+", line)
                     if c not in ("|", "¦", "│", "->", "=>", "→")]
        expanded: list[str] = []
        for cell in cells:
            parts = cell.split()
            # "| q | 1 2 1 |": a delimited cell holding several numbers
            if len(parts) > 1 and all(_number(p.strip("$,")) is not None for p in parts):
                expanded.extend(parts)
            elif cell.strip() and cell.strip() not in {"=", ":", ":=", "$", "$$"}:
                expanded.append(cell.strip())
        if expanded:
            lines.append(expanded)
    return lines


# ----------------------------------------------------------------- reading a table

@dataclass
class _Reading:
    """What was read: per row, t → value (``None`` = an unreadable cell)."""

    rows: dict[str, list[dict[int, float | None]]] = field(default_factory=dict)
    positional: dict[str, list[list[float | None]]] = field(default_factory=dict)
    index_rows: list[list[int]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    layout: str = ""

    def add(self, row: str, values: dict[int, float | None]) -> None:
        self.rows.setdefault(row, []).append(values)

    @property
    def empty(self) -> bool:
        return not self.rows and not self.positional


def _strip_leading_other(cells: list[_Cell]) -> list[_Cell]:
    if len(cells) > 2 and cells[0].kind == "other":
        return cells[1:]
    return cells


def _is_int(value: float | None) -> bool:
    return value is not None and float(value).is_integer() and value >= 0


def _read_grid(lines: list[list[_Cell]], reading: _Reading, params: TableParams) -> None:
    i = 0
    while i < len(lines):
        cells = _strip_leading_other(lines[i])
        kinds = [c.kind for c in cells]
        nxt = _strip_leading_other(lines[i + 1]) if i + 1 < len(lines) else []
        first = cells[0]

        # $q_0$ $q_1$ ... $q_6$, then a line of numbers
        rows_named = {c.row for c in cells if c.kind == "label"}
        if (len(cells) >= 2 and all(c.kind == "label" and c.sub is not None for c in cells)
                and len(rows_named) == 1):
            row = rows_named.pop() or ""
            if nxt and all(c.kind == "num" for c in nxt) and len(nxt) == len(cells):
                reading.add(row, {c.sub or 0: v.value for c, v in zip(cells, nxt, strict=True)})
                reading.layout = "subscript headers"
                i += 2
                continue
            reading.problems.append(
                f"header {' '.join(c.text for c in cells)} is not followed by one number per cell")
            i += 1
            continue

        # t | 0 | 1 | ... or t=0 | t=1 | ...
        if first.kind == "index" and len(cells) > 2 and all(k == "num" for k in kinds[1:]):
            if all(_is_int(c.value) for c in cells[1:]):
                reading.index_rows.append([int(c.value or 0) for c in cells[1:]])
            i += 1
            continue
        if len(cells) >= 2 and all(k == "index_value" for k in kinds):
            if all(_is_int(c.value) for c in cells):
                reading.index_rows.append([int(c.value or 0) for c in cells])
            i += 1
            continue

        # column header: t | p_t | q_t (then one line of numbers per t)
        labels = [c for c in cells if c.kind == "label" and c.sub is None]
        if (labels and "num" not in kinds and len(cells) >= 2
                and (len({c.row for c in labels}) >= 2 or "index" in kinds)
                and first.kind in ("label", "index")):
            data: list[list[_Cell]] = []
            j = i + 1
            while j < len(lines) and len(lines[j]) == len(cells) and all(
                    c.kind == "num" for c in lines[j]):
                data.append(lines[j])
                j += 1
            if data:
                _read_columns(cells, data, reading, params.first_index)
                i = j
                continue

        # q | 1 | 2 | 1 ...
        if first.kind == "label" and first.sub is None and len(cells) > MIN_ROW_VALUES:
            rest = cells[1:]
            numbers = [c for c in rest if c.kind == "num"]
            if len(numbers) >= MIN_ROW_VALUES and all(c.kind in ("num", "other") for c in rest):
                values = [c.value if c.kind == "num" else None for c in rest]
                if len(numbers) < len(rest):
                    reading.problems.append(
                        f"row {first.text}: cells not read as numbers: "
                        + ", ".join(c.text for c in rest if c.kind != "num"))
                reading.positional.setdefault(first.row or "", []).append(values)
                reading.layout = reading.layout or "labelled rows"
        i += 1


def _read_columns(header: list[_Cell], data: list[list[_Cell]], reading: _Reading,
                  first_index: int) -> None:
    index_col = next((k for k, c in enumerate(header) if c.kind == "index"), None)
    columns = {k: c.row for k, c in enumerate(header) if c.kind == "label" and c.row}
    for row in set(columns.values()):
        values: dict[int, float | None] = {}
        for position, line in enumerate(data):
            t = position + first_index  # positions are columns; _assemble shifts indices
            if index_col is not None:
                t_value = line[index_col].value
                if not _is_int(t_value):
                    reading.problems.append(f"index column holds {line[index_col].text}")
                    return
                t = int(t_value or 0)
            for k, name in columns.items():
                if name == row:
                    values[t] = line[k].value
        reading.add(row, values)
    reading.layout = "columns per variable"


def _read_assignments(text: str, params: TableParams, reading: _Reading) -> None:
    """``q_1 = q_0 + p_0 = 2, p_1 = p_0 - q_1 = -1``: the number after the last ``=``."""
    alternatives = "|".join(
        re.escape(label) for row in params.rows for label in params.accepted_labels(row))
    target = r"(?:" + alternatives + r")_?\(?\d+\)?\s*:?="
    # The right-hand side ends at a comma, a semicolon, the line's end, or where a
    # number is followed by the next assignment ("q_2 = 1 p_2 = -2").
    pattern = re.compile(
        r"(?<![A-Za-z])(" + alternatives + r")_?\(?(\d+)\)?\s*:?=\s*([^,;]*?)"
        r"(?=,|;|$|(?<=[\d.])\s+" + target + r")", re.IGNORECASE)
    found: dict[str, dict[int, float | None]] = {}
    for line in text.splitlines():
        for match in pattern.finditer(normalise_text(line)):
            label, sub, rhs = match.group(1), int(match.group(2)), match.group(3)
            value = _number(re.sub(r"\s+", "", rhs.rsplit("=", 1)[-1]))
            if value is None:
                continue
            row = next(r for r in params.rows
                       if label.lower() in (x.lower() for x in params.accepted_labels(r)))
            previous = found.setdefault(row, {}).get(sub)
            if previous is not None and not math.isclose(previous, value):
                reading.problems.append(
                    f"{label}_{sub} is given two values ({previous:g}, {value:g})")
            found[row][sub] = value
    if found and all(len(v) >= MIN_ROW_VALUES for v in found.values()):
        for row, values in found.items():
            reading.add(row, values)
        reading.layout = "assignments"


def _named_by_key(lines: list[list[_Cell]], params: TableParams) -> list[list[_Cell]]:
    """Rows or columns named by a key written once, for rubric rows named
    ``key=value`` (``tau=0.5``): a header cell ``τ`` over first cells ``0.5``,
    ``1``, ``2`` names those rows; a line ``τ | 0.5 | 1 | 2`` names the columns.
    Under a header that names columns, a line's first cell is its index
    (``i=1`` or ``1``), also when the header has no corner cell above it."""
    named: list[list[_Cell]] = []
    key: str | None = None
    header: int | None = None  # position in ``named`` of a header naming columns
    for cells in lines:
        first, rest = cells[0], cells[1:]
        if first.kind == "other" and _is_row_key(first.text, params):
            key, header = first.text, None
            if rest and all(c.kind == "num" for c in rest):
                labels = [_classify(f"{key}={c.text}", params) for c in rest]
                if all(c.kind == "label" for c in labels):
                    cells, header = [_Cell("index", params.index_label), *labels], len(named)
        elif len(cells) >= 2 and all(c.kind == "label" and c.sub is None for c in cells):
            key, header = None, len(named)
        elif header is not None:
            if first.kind == "index_value" and rest and all(c.kind == "num" for c in rest):
                cells = [_Cell("num", first.text, first.value), *rest]
            if len(cells) == len(named[header]) + 1 and named[header][0].kind == "label":
                named[header] = [_Cell("index", params.index_label), *named[header]]
        elif key is not None and first.kind == "num":
            label = _classify(f"{key}={first.text}", params)
            if label.kind == "label":
                cells = [label, *rest]
        named.append(cells)
    return named


def _is_row_key(text: str, params: TableParams) -> bool:
    prefix = text.lower() + "="
    return any(label.lower().startswith(prefix)
               for row in params.rows for label in params.accepted_labels(row))


def read_table(text: str, params: TableParams) -> _Reading:
    """Everything :class:`TableChecker` can read from ``text`` (pure).

    Example:
        >>> params = TableParams(rows=["p", "q"], labels={"q": ["y"]})
        >>> read_table("t 0 1 2 3\\ny 1 2 1 -1", params).positional["q"]
        [[1.0, 2.0, 1.0, -1.0]]
    """
    reading = _Reading()
    lines = [[_classify(cell, params) for cell in line] for line in _split_lines(text)]
    _read_grid(_named_by_key(lines, params), reading, params)
    if reading.empty:
        _read_assignments(text, params, reading)
    if reading.empty:  # "x = 1, 0.5, 0 and v = 0, -0.5, -0.5": rows as lists in a sentence
        labels = {row: params.accepted_labels(row) for row in params.rows}
        for row, values in named_lists(text, labels, MIN_ROW_VALUES, _number).items():
            reading.positional.setdefault(row, []).append(values)
            reading.layout = "named lists"
    if reading.empty:  # "τ = 1: (e/(e+e²+e³), …)": a key and a vector of exact values
        labels = {row: params.accepted_labels(row) for row in params.rows}
        for row, values in keyed_vectors(text, labels).items():
            reading.positional.setdefault(row, []).append(values)
            reading.layout = "keyed vectors"
    return reading


def _assemble(reading: _Reading, params: TableParams, n_cols: int
              ) -> tuple[np.ndarray, list[str], list[str]]:
    """The student's grid (NaN = absent) plus reasons for review and notes."""
    grid = np.full((len(params.rows), n_cols), np.nan)
    review: list[str] = list(reading.problems)
    notes: list[str] = []
    index = reading.index_rows[0] if len(reading.index_rows) == 1 else None
    if len(reading.index_rows) > 1 and any(r != reading.index_rows[0] for r in reading.index_rows):
        review.append("several different index rows")
    shift = params.first_index
    per_row: dict[str, list[dict[int, float | None]]] = {
        row: [{t - shift: v for t, v in values.items()} for values in lists]
        for row, lists in reading.rows.items()}
    for row, lists in reading.positional.items():
        for values in lists:
            if index is not None and len(index) == len(values):
                per_row.setdefault(row, []).append(
                    {t - shift: v for t, v in zip(index, values, strict=True)})
            elif len(values) == n_cols:
                per_row.setdefault(row, []).append(dict(enumerate(values)))
            else:
                review.append(f"row {row} has {len(values)} values for {n_cols} columns "
                              "and no index row to place them")
    unreadable = False
    for r, row in enumerate(params.rows):
        readings = per_row.get(row, [])
        if not readings:
            review.append(f"no row for {row}")
            continue
        distinct = {tuple(sorted(v.items(), key=lambda kv: kv[0])) for v in readings}
        if len(distinct) > 1:
            review.append(f"row {row} is given {len(distinct)} different ways")
        values = readings[-1]
        beyond = sorted(t for t in values if t >= n_cols)
        if beyond:
            notes.append(f"row {row}: values beyond t={n_cols - 1} ignored")
        for t, value in values.items():
            if 0 <= t < n_cols:
                if value is None:
                    unreadable = True
                else:
                    grid[r, t] = value
    if unreadable:
        review.append("some cells could not be read as numbers")
    return grid, review, notes


# ----------------------------------------------------------------- grading

def _close(a: float, b: float, tol: float) -> bool:
    return bool(np.isfinite(a) and np.isfinite(b) and abs(a - b) <= tol * max(1.0, abs(b)))


def _render(grid: np.ndarray, rows: list[str]) -> str:
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
class _CellGrade:
    right: int
    counted: int
    slips: tuple[tuple[str, int], ...]
    missing: tuple[tuple[str, int], ...]
    notes: tuple[str, ...]


def _grade_cells(grid: np.ndarray, ref: np.ndarray, params: TableParams,
                 step: StepFunction | None) -> _CellGrade:
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
            follows = expected is not None and row in expected and _close(
                value, expected[row], tol)
            if _close(value, ref[i, t], tol) or follows:
                right += 1
                if not _close(value, ref[i, t], tol):
                    notes.append(f"{row} at t={t}: {value:g} follows from the student's "
                                 f"previous values (reference {ref[i, t]:g})")
            else:
                slips.append((row, t))
                carried = (f", from the student's previous values {expected[row]:g}"
                           if expected is not None and row in expected else "")
                notes.append(f"{row} at t={t}: read {value:g}, reference {ref[i, t]:g}{carried}")
    counted = len(rows) * (ref.shape[1] - params.given_columns)
    return _CellGrade(right, counted, tuple(slips), tuple(missing), tuple(notes))


def _cell_feedback(grade: _CellGrade, params: TableParams, ecf: bool) -> list[str]:
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


def _best_effort(text: str, ref: np.ndarray, params: TableParams) -> tuple[int, list[str]]:
    """Align number runs with reference rows: cells (t >= 1) a TA would likely accept."""
    matched: set[tuple[int, int]] = set()
    notes: list[str] = []
    n = ref.shape[1]
    for run in _fragments(text):
        best: tuple[int, int, int] | None = None
        for r in range(ref.shape[0]):
            for offset in range(0, max(1, n - len(run) + 1)):
                window = ref[r, offset:offset + len(run)]
                hits = sum(_close(a, b, params.tolerance)
                           for a, b in zip(run, window, strict=False))
                if best is None or hits > best[0]:
                    best = (hits, r, offset)
        text_run = " ".join(f"{x:g}" for x in run)
        if best and best[0] >= max(MIN_ROW_VALUES, math.ceil(0.75 * min(len(run), n))):
            hits, r, offset = best
            for k, value in enumerate(run[:n - offset]):
                if offset + k >= params.given_columns and _close(
                        value, ref[r, offset + k], params.tolerance):
                    matched.add((r, offset + k))
            notes.append(f"numbers {text_run} line up with {params.rows[r]} from t={offset} "
                         f"({hits} of {len(run)} agree with the reference)")
        else:
            notes.append(f"numbers {text_run} do not line up with any reference row")
    return len(matched), notes


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
        grid, review, notes = _assemble(reading, params, ref.shape[1])
        read_note = f"read ({reading.layout or 'no layout'}): {_render(grid, params.rows)}"

        if reading.empty:
            hits, fragment_notes = _best_effort(answer.text, ref, params)
            suggested = round(points * hits / counted, 4)
            return CheckOutcome.review(
                "The table could not be read with confidence; a TA will check it.",
                suggested=suggested,
                notes=("table: no labelled rows or columns found", *fragment_notes,
                       f"suggested {suggested:g}/{points:g} from the numbers that line up"))

        conventions = [("reference", ref)] + [
            (form.note or f"accepted form {i + 1}", table)
            for i, (form, value) in enumerate(key.accepted)
            if (table := _as_table(value, ref.shape)) is not None]
        start = grid[:, :given]
        if np.all(np.isfinite(start)) and not any(
                _same(start, table[:, :given], params.tolerance) for _, table in conventions):
            review.append("the values at t=0 differ from the question's starting point")

        absent = _absent_rows(reading, params)
        if absent and review == [f"no row for {row}" for row in absent]:
            partial = _partial_table_match(grid, key, absent, params)
            if partial is not None:
                return partial

        step = key.function(params.recurrence) if params.recurrence else None
        grade = _grade_cells(grid, ref, params, step)
        score = round(points * grade.right / counted, 4)

        if review:
            hits, fragment_notes = _best_effort(answer.text, ref, params)
            if hits * points / counted > score:
                # rows that could not be placed still show what the student wrote
                score = round(points * hits / counted, 4)
                notes = [*notes, *fragment_notes]
            return CheckOutcome.review(
                "Part of the table could not be read with confidence; a TA will check it.",
                suggested=score, interpreted_as=_render(grid, params.rows),
                notes=(*(f"table: {r}" for r in review), read_note, *notes, *grade.notes,
                       f"suggested {score:g}/{points:g} from the cells read"))

        graded = grid[:, given:]
        for label, table in conventions:
            if _same(graded, table[:, given:], params.tolerance):
                notes_ = (read_note, *notes) if label == "reference" else \
                    (read_note, f"matches the accepted convention: {label}")
                return CheckOutcome(Status.CORRECT, points, (), notes_,
                                    _render(grid, params.rows), label)

        for misconception, value in key.misconceptions:
            table = _as_table(value, ref.shape)
            if table is None or not np.all(np.isfinite(table)):
                continue
            if _same(graded, table[:, given:], params.tolerance):
                credit = min(misconception.points, points)
                return CheckOutcome(
                    status_for_score(credit, points), credit, (misconception.feedback,),
                    (read_note, f"matches misconception {misconception.id}",
                     f"per-cell credit would have been {score:g}"),
                    _render(grid, params.rows), misconception.id)

        # an accepted convention with a slip: its cells, without carried errors
        for label, table in conventions[1:]:
            other = _grade_cells(grid, table, params, None)
            if other.right > grade.right:
                grade = other
                notes = [*notes, f"graded against the accepted convention: {label}"]
        score = round(points * grade.right / counted, 4)
        feedback = _cell_feedback(grade, params, ecf=step is not None)
        return CheckOutcome(
            status_for_score(score, points), score, tuple(feedback),
            (read_note, *notes, *grade.notes,
             f"per-cell: {grade.right}/{grade.counted} graded cells right"),
            _render(grid, params.rows))


def _same(a: np.ndarray, b: np.ndarray, tol: float) -> bool:
    """Every cell of ``a`` present and within tolerance of ``b``."""
    return bool(np.all(np.isfinite(a))) and a.shape == b.shape and all(
        _close(x, y, tol) for x, y in zip(a.ravel(), b.ravel(), strict=True))


def _absent_rows(reading: _Reading, params: TableParams) -> list[str]:
    present = set(reading.rows) | set(reading.positional)
    return [row for row in params.rows if row not in present]


def _partial_table_match(grid: np.ndarray, key: PartKey, absent: list[str],
                         params: TableParams) -> CheckOutcome | None:
    """A misconception table whose rows are NaN exactly where the student wrote no
    row ("the x row right and no v row"), matched on the rows given."""
    missing = [params.rows.index(row) for row in absent]
    kept = [i for i in range(len(params.rows)) if i not in missing]
    shape = (len(params.rows), grid.shape[1])
    for misconception, value in key.misconceptions:
        table = _as_table(value, shape)
        if table is None:
            continue
        blank = [i for i in range(len(params.rows)) if np.all(np.isnan(table[i]))]
        if blank == missing and _same(grid[kept], table[kept], params.tolerance):
            credit = min(misconception.points, key.points)
            return CheckOutcome(
                status_for_score(credit, key.points), credit, (misconception.feedback,),
                (f"rows given: {', '.join(params.rows[i] for i in kept)}",
                 f"matches misconception {misconception.id}"),
                _render(grid, params.rows), misconception.id)
    return None


def _as_table(value: Any, shape: tuple[int, ...]) -> np.ndarray | None:
    try:
        table = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return None
    return table if table.shape == shape else None
