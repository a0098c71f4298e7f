"""The one table reader: table rows and cells in every layout students use.

Markdown (``| a | b |``), tab-separated, LaTeX (``a & b \\\\``) and
plain-text tables aligned with spaces; grids of numbers however laid out
(rows, transposed, flattened by OCR into running text); vectors written as
lists; bounds. Tables whose header names a part's dimensions are spread one
line per answer cell, each carrying its row's and column's names.
"""

from __future__ import annotations

import re

from grader.segment.prose import _has_maths

NARROW_TABLE_MIN_ROWS = 3      # "0\t1\t1" lines: this many in a row make a table

# A complexity bound: O(…), 𝒪(…), Θ(…), or "∝ n²" ("∝ (e², e⁴)" and "∝ e^{z/τ}" are
# proportions of values, not bounds).
_BOUND = re.compile(r"(?:\\mathcal\{O\}|\bO|𝒪|Θ|\\Theta)\s*\("
                    r"|(?:∝|\\propto\b)\s*(?=(?!e\^)[A-Za-z\\])")


def _narrow_table_lines(lines: list[str]) -> set[int]:
    """Lines of a table with few columns ("t\tp_t\tq_t", "0\t1\t1", ...): at least
    ``NARROW_TABLE_MIN_ROWS`` consecutive rows with the same number of cells."""
    found: set[int] = set()
    run: list[int] = []
    width = None
    for number, line in enumerate([*lines, ""]):
        cells = _table_cells(line)
        if cells is not None and (width is None or len(cells) == width):
            run.append(number)
            width = len(cells)
            continue
        if len(run) >= NARROW_TABLE_MIN_ROWS:
            found.update(run)
        run, width = ([number], len(cells)) if cells is not None else ([], None)
    return found


# A norm written with bars, "||x_1||": its bars are no table's. Written hugging
# its contents, unlike an empty Markdown cell ("|  | time |").
_BAR_NORM = re.compile(r"\|\|(?=[^|\s])[^|\n]*?(?<=[^|\s])\|\|")


def _without_norms(line: str) -> str:
    """The line with "||x||" norms blanked out, so their bars are not read as cells."""
    return _BAR_NORM.sub(lambda match: "N" * len(match.group()), line)


_ALIGNED_GAP = re.compile(r"(?<=\S) {2,}(?=\S)")


def _table_cells(line: str) -> list[str] | None:
    """The cells of a Markdown (| a | b |), tab-separated or LaTeX (a & b \\\\) table row."""
    stripped = line.strip()
    if stripped.startswith("|") and _without_norms(stripped).count("|") >= 3:
        cells = stripped.strip("|").split("|")
    elif "\t" in stripped:
        cells = stripped.split("\t")
    elif "&" in stripped and stripped.endswith("\\\\"):
        cells = stripped[:-2].split("&")
    elif _ALIGNED_GAP.search(stripped):
        # Plain-text tables align numbers with runs of spaces ("p :  1   0  -2");
        # only rows that are mostly numbers count, not prose with double spaces.
        cells = _ALIGNED_GAP.split(stripped)
        numbers = sum(1 for cell in cells if _CELL_TOKEN.fullmatch(cell.strip()))
        if len(cells) < 3 or numbers * 2 < len(cells):
            return None
    else:
        return None
    cells = [cell.strip() for cell in cells]
    return cells if len(cells) >= 2 else None


def _spread_grid_tables(text: str, names_dimension) -> list[tuple[str, bool]]:
    """Cut out tables whose header names dimensions, one line per answer cell.

    ``|  | time | space |`` over ``| RNN train | O(tn²L) | O(tnL) |`` becomes
    ``RNN train (time): O(tn²L)`` and ``RNN train (space): O(tnL)``: each
    answer cell carries its row's label cells and its column's header. Returns
    ``(text, is_grid)`` blocks in order; tables whose header and first column
    name no dimension (a table of numbers) stay in the plain text.

    Example:
        >>> _spread_grid_tables("| | time |\\n|---|---|\\n| RNN | O(n) |", lambda c: c == "time")
        [('RNN (time): O(n)', True)]
    """
    lines = text.split("\n")
    blocks: list[tuple[str, bool]] = []
    plain: list[str] = []
    position = 0
    while position < len(lines):
        rows: list[list[str]] = []
        end = position
        while end < len(lines) and (cells := _table_cells(lines[end])) is not None:
            if not all(re.fullmatch(r":?-{2,}:?|\\hline", cell) or not cell for cell in cells):
                rows.append(cells)
            end += 1
        if len(rows) < 2 or not (any(names_dimension(c) for c in rows[0])
                                 or any(names_dimension(row[0]) for row in rows[1:])):
            plain.extend(lines[position:max(end, position + 1)])
            position = max(end, position + 1)
            continue
        if plain:
            blocks.append(("\n".join(plain), False))
            plain = []
        header = rows[0]
        spread = []
        for row in rows[1:]:
            labels = " ".join(cell for cell in row if cell and not _has_maths(cell))
            for column, cell in enumerate(row):
                if not cell or not _has_maths(cell):
                    continue
                head = header[column] if column < len(header) and header[column] else ""
                # "(time)" in brackets: "RNN train time" would read as the phase "train time".
                spread.append(f"{labels} ({head}): {cell}" if head else f"{labels}: {cell}")
        blocks.append(("\n".join(spread), True))
        position = end
    if plain:
        blocks.append(("\n".join(plain), False))
    return blocks


def _is_table_row(line: str) -> bool:
    """A row of a tab-separated, Markdown (| a | b |) or LaTeX (a & b \\\\) table."""
    if "\t" in line.strip(" "):
        cells = line.split("\t")
    elif line.lstrip().startswith("|") and _without_norms(line).count("|") >= 3:
        cells = _without_norms(line).split("|")
    elif line.count("&") >= 3 and "$" not in line:
        cells = line.split("&")
    else:
        return False
    return sum(1 for cell in cells if cell.strip()) >= 4
_NUMBER = re.compile(r"(?<![\w.])[-+−]?\d+(?:\.\d+)?(?![\w.])")
_CELL_TOKEN = re.compile(r"[-+−]?\d+(?:\.\d+)?")
_DIGIT_RUN = re.compile(r"\d+")
# A row or column label with an index: p_0, q_{1}, x3, "P1" (OCR drops the subscript).
_INDEXED = re.compile(r"(?<![A-Za-z\\])\$?([A-Za-z])_?\{?(\d)\}?\$?(?![\w}])")


def _has_number_grid(text: str, rows: int, cols: int) -> bool:
    """Does the text hold a ``rows`` x ``cols`` grid of numbers, however laid out?

    Table rows (tab, Markdown or LaTeX ``&``), one per line; or labelled rows
    in a line ("p: 1, -1, -2, ..."); or a grid OCR flattened into running text:
    a run of indexed labels (``p_1 p_2 p_3``) and a run of ``cols - 1``
    numbers. A 2x7 grid counts with one row of cells lost to OCR.

    Example:
        >>> _has_number_grid("t: 0 1 2 3 4 5 6\\np: 1 -1 -2 -1 1 2 1", 2, 7)
        True
        >>> _has_number_grid("p0 P1 P2 P3 -1 -2 -1 1 2 1", 2, 7)
        True
        >>> _has_number_grid("\\n".join(f"{t}\\t{t % 3}\\t1" for t in range(7)), 2, 7)
        True
        >>> _has_number_grid("steps 1, 2 and 3 of 6 iterations", 2, 7)
        False
    """
    wanted = max(cols - 1, 2)
    if rows >= 1 and len(_DIGIT_RUN.findall(text)) < wanted:
        # Every reading below needs ``wanted`` numbers (in a row, a run or rows of
        # a transposed table), each with a run of digits of its own.
        return False
    numeric_rows = 0
    for line in re.split(r"\n|\\\\", text):  # LaTeX rows end in \\
        if len(_NUMBER.findall(line)) >= wanted and _is_table_row(line):
            numeric_rows += 1
        else:
            numeric_rows += sum(1 for run in _number_runs(line) if len(run) >= wanted)
    if numeric_rows >= rows:
        return True
    # Transposed: one table row per step ("0\t1\t1", "1\t-1\t2", ...).
    transposed = sum(1 for line in text.split("\n")
                     if _table_cells(line) and len(_NUMBER.findall(line)) >= rows)
    if transposed >= wanted:
        return True
    longest = max((len(run) for run in _number_runs(text)), default=0)
    return longest >= wanted and _has_index_run(text)


# Around numbers but no part of them: maths delimiters, LaTeX spacing, the brackets of
# a tuple ("(0.02,\\ 0.12,\\ 0.87)" is a run of three).
_NOT_NUMBER_GLUE = re.compile(r"\$|\\[,;:! ]|\\q?quad\b|\\(?:left|right|big|Big)\b|[()\[\]]")


def _number_runs(text: str) -> list[list[str]]:
    """Runs of consecutive numbers, separated only by spaces, commas, ``&`` or ``|``."""
    runs: list[list[str]] = [[]]
    for token in re.split(r"[\s,;&|]+", _NOT_NUMBER_GLUE.sub(" ", text)):
        if _CELL_TOKEN.fullmatch(token):
            runs[-1].append(token)
        elif runs[-1]:
            runs.append([])
    return [run for run in runs if run]


def _has_index_run(text: str) -> bool:
    """Three consecutive indices on one letter in a row: ``p_0 p_1 p_2``, ``P1 P2 P3``."""
    labels = [(m.group(1).lower(), int(m.group(2))) for m in _INDEXED.finditer(text)]
    for first, second, third in zip(labels, labels[1:], labels[2:], strict=False):
        if (first[0] == second[0] == third[0]
                and second[1] == first[1] + 1 and third[1] == second[1] + 1):
            return True
    return False


_LIST_OPEN = re.compile(r"=\s*(?:\\left\s*)?(?:\\\[|\[|\\\{|\(|\\begin\{[bpv]?matrix\})")


def _has_vector_list(text: str) -> bool:
    """Does the text define a vector by listing entries: ``φ(q)ᵀ = [1, q_1, …, q_D]``?

    An ``=`` followed by brackets (``[…]``, ``\\left[…\\right]``, ``(…)`` or a
    matrix environment) holding at least three entries at the top level.

    Example:
        >>> _has_vector_list(r"$\\phi(x) = \\left[1, x_1, \\dots, x_D\\right]$")
        True
        >>> _has_vector_list("f(p, q) = pq, so (p_0, q_0) = (1, 1)")
        False
    """
    for match in _LIST_OPEN.finditer(text):
        opener = match.group()
        if opener.endswith("matrix}"):
            end = text.find("\\end{", match.end())
            body = text[match.end():end if end >= 0 else len(text)]
            if len(re.split(r"\\\\|&", body)) >= 3:
                return True
            continue
        depth, entries = 0, 1
        for char in text[match.end():]:
            if char in "([{":
                depth += 1
            elif char in ")]}":
                if depth == 0:
                    break  # the list's own closing bracket
                depth -= 1
            elif char == "," and depth == 0:
                entries += 1
        if entries >= 3:
            return True
    return False
