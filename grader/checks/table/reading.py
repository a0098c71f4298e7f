"""Reading a table out of an answer: cells, the four layouts, and the student's grid."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from grader.checks.cell_values import cell_number
from grader.checks.cell_values import plain_number as _number
from grader.checks.table.lists import keyed_vectors, named_lists
from grader.checks.table.params import INDEX_WORDS, MIN_ROW_VALUES, TableParams
from grader.checks.text import fold_unicode, normalise_text, strip_crossed_out
from grader.maths import verify

SAME_VALUE_RTOL = 1e-9
"""Two values a student gives one cell are the same value within this (as ``math.isclose``)."""
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
    index_names = (params.index_label.lower(), *INDEX_WORDS)
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
class Reading:
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


def _read_grid(lines: list[list[_Cell]], reading: Reading, params: TableParams) -> None:
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


def _read_columns(header: list[_Cell], data: list[list[_Cell]], reading: Reading,
                  first_index: int) -> None:
    index_col = next((k for k, c in enumerate(header) if c.kind == "index"), None)
    columns = {k: c.row for k, c in enumerate(header) if c.kind == "label" and c.row}
    for row in set(columns.values()):
        values: dict[int, float | None] = {}
        for position, line in enumerate(data):
            t = position + first_index  # positions are columns; assemble shifts indices
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


def _read_assignments(text: str, params: TableParams, reading: Reading) -> None:
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
            same = previous is None or verify(previous, value, rtol=SAME_VALUE_RTOL).equivalent
            if not same:
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


def read_table(text: str, params: TableParams) -> Reading:
    """Everything :class:`TableChecker` can read from ``text`` (pure).

    Example:
        >>> params = TableParams(rows=["p", "q"], labels={"q": ["y"]})
        >>> read_table("t 0 1 2 3\\ny 1 2 1 -1", params).positional["q"]
        [[1.0, 2.0, 1.0, -1.0]]
    """
    reading = Reading()
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


def assemble(reading: Reading, params: TableParams, n_cols: int
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
