"""One reader per file format: bytes in, (text, warnings) out.

Each reader raises ``SubmissionError`` with a message naming the file when the
file cannot be read at all; recoverable oddities (invalid UTF-8 bytes, an
empty notebook cell) become warnings.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

from grader.errors import SubmissionError
from grader.ingest.latex import display_environments, strip_tex_comments, tex_to_markdown

# Share of control characters (other than tab/newline/CR/form feed) above
# which a "text" file is taken to be binary.
BINARY_CONTROL_RATIO_DEFAULT = 0.01
# Share of U+FFFD replacement characters above which decoding has failed.
GARBAGE_REPLACEMENT_RATIO_DEFAULT = 0.10
# Deepest nesting of JSON arrays/objects read from a notebook. nbformat files are
# about 6 deep (notebook → cells → cell → outputs → data → value) and widget or
# JSON outputs add a few levels; Python's json module recurses once per level
# and raises RecursionError near 1,000, so anything deeper is refused before
# ``json.loads`` sees it.
MAX_JSON_DEPTH_DEFAULT = 100

Read = tuple[str, list[str]]

__all__ = ["BINARY_CONTROL_RATIO_DEFAULT", "GARBAGE_REPLACEMENT_RATIO_DEFAULT",
           "MAX_JSON_DEPTH_DEFAULT", "PDF_INSTALL_HINT", "decode_text", "json_depth",
           "notebook_markdown", "pdf_text", "strip_tex_comments", "tex_to_markdown"]


def decode_text(data: bytes, path: Path) -> Read:
    """UTF-8 text with a BOM stripped, CRLF and CR as LF, invalid bytes replaced."""
    warnings: list[str] = []
    if b"\x00" in data:
        raise SubmissionError(f"{path}: binary file (contains NUL bytes), not a text submission")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        text = data.decode("utf-8", errors="replace")
        bad = text.count("\ufffd")
        if bad > GARBAGE_REPLACEMENT_RATIO_DEFAULT * max(len(text), 1):
            raise SubmissionError(
                f"{path}: not UTF-8 text ({bad} undecodable bytes of {len(data)})") from error
        warnings.append(f"{bad} invalid UTF-8 byte(s) replaced with U+FFFD "
                        f"(first at byte {error.start})")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    controls = sum(1 for char in text if ord(char) < 32 and char not in "\t\n\f")
    if controls > BINARY_CONTROL_RATIO_DEFAULT * max(len(text), 1):
        raise SubmissionError(f"{path}: binary file ({controls} control characters), "
                              "not a text submission")
    return text, warnings


# ---------------------------------------------------------------- LaTeX
# The LaTeX reader lives in latex.py; its entry points are re-exported here.

# ---------------------------------------------------------------- notebooks

# Only what changes the depth or starts/ends a string matters to the depth scan.
_JSON_STRUCTURE = re.compile(r'[\[\]{}"]')


def _string_end(data: str, start: int) -> int:
    """Index just past the ``"`` closing the JSON string whose content starts at
    ``start`` (a quote after an odd run of backslashes is escaped), or -1."""
    quote = start - 1
    while (quote := data.find('"', quote + 1)) >= 0:
        backslashes = 0
        while quote - backslashes - 1 >= start and data[quote - backslashes - 1] == "\\":
            backslashes += 1
        if backslashes % 2 == 0:
            return quote + 1
    return -1


def json_depth(data: str, limit: int = MAX_JSON_DEPTH_DEFAULT) -> int:
    """Deepest nesting of ``[``/``{`` in JSON text (strings skipped), scanning only
    until the depth passes ``limit``; a linear scan that never recurses.

    Example:
        >>> json_depth('{"a": [1, "[[["]}')
        2
    """
    depth = deepest = 0
    position = 0
    while match := _JSON_STRUCTURE.search(data, position):
        char = match.group(0)
        position = match.end()
        if char == '"':
            position = _string_end(data, position)
            if position < 0:  # unterminated string: json.loads reports it
                break
        elif char in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    break
        else:
            depth -= 1
    return deepest


def notebook_markdown(data: str, path: Path) -> Read:
    """The Markdown cells' sources joined by blank lines (code and raw cells ignored).

    Outputs of code cells are ignored too; display environments written in a
    Markdown cell (``\\begin{align}``) become ``$$row$$`` lines as in LaTeX files.
    """
    # Checked before json.loads, which recurses per level (RecursionError).
    if json_depth(data) > MAX_JSON_DEPTH_DEFAULT:
        raise SubmissionError(f"{path}: not a notebook (JSON nested more than "
                              f"{MAX_JSON_DEPTH_DEFAULT} levels deep, the limit)")
    try:
        notebook = json.loads(data)
    except json.JSONDecodeError as error:
        raise SubmissionError(f"{path}: not a valid notebook (invalid JSON at line "
                              f"{error.lineno}, column {error.colno}: {error.msg})") from error
    if not isinstance(notebook, dict):
        raise SubmissionError(f"{path}: not a notebook (top level is not a JSON object)")
    cells = notebook.get("cells")
    if cells is None and isinstance(notebook.get("worksheets"), list):  # nbformat 3
        cells = [cell for sheet in notebook["worksheets"] if isinstance(sheet, dict)
                 for cell in sheet.get("cells", [])]
    if not isinstance(cells, list):
        raise SubmissionError(f"{path}: not a notebook (no 'cells' list)")
    warnings: list[str] = []
    parts = []
    for index, cell in enumerate(cells):
        if not isinstance(cell, dict) or cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(str(piece) for piece in source)
        elif not isinstance(source, str):
            warnings.append(f"cell {index}: source is neither text nor a list; skipped")
            continue
        if source.strip():
            parts.append(display_environments(source).strip("\n"))
    return "\n\n".join(parts), warnings


# ---------------------------------------------------------------- PDF

PDF_INSTALL_HINT = "pip install pypdf"


# Typographic ligatures pypdf passes through ("ﬁrst"); NFKC would also fold x² to x2.
_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi",
                            "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st"})


def _pdf_page(text: str) -> str:
    """A page's text: LF line ends, lines as pypdf gives them less trailing spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_LIGATURES)
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


def pdf_text(data: bytes, path: Path) -> Read:
    """The PDF's text layer, page by page (pypdf is imported only here).

    Reads the bytes already read (bounded) rather than reopening ``path``,
    which only names the file in messages.
    """
    try:
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError
    except ImportError as error:
        raise SubmissionError(
            f"{path}: reading PDF submissions needs the optional dependency pypdf "
            f"({PDF_INSTALL_HINT})") from error
    warnings: list[str] = []
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise SubmissionError(f"{path}: the PDF is encrypted")
        pages = []
        for number, page in enumerate(reader.pages, start=1):
            try:
                pages.append(page.extract_text() or "")
            except Exception as error:  # pypdf raises many types on broken pages
                warnings.append(f"page {number}: text could not be extracted ({error})")
                pages.append("")
    except SubmissionError:
        raise
    except (PyPdfError, OSError, ValueError, KeyError, TypeError) as error:
        raise SubmissionError(f"{path}: not a readable PDF ({error})") from error
    text = "\n\n".join(_pdf_page(page) for page in pages)
    if not text.strip():
        raise SubmissionError(f"{path}: the PDF has no text layer (a scan?); it needs OCR "
                              "before it can be graded")
    return text, warnings
