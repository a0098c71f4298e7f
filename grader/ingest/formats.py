"""One reader per file format: bytes in, (text, warnings) out.

Each reader raises ``SubmissionError`` with a message naming the file when the
file cannot be read at all; recoverable oddities (invalid UTF-8 bytes, an
empty notebook cell) become warnings.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from grader.errors import SubmissionError

# Share of control characters (other than tab/newline/CR/form feed) above
# which a "text" file is taken to be binary.
BINARY_CONTROL_RATIO_DEFAULT = 0.01
# Share of U+FFFD replacement characters above which decoding has failed.
GARBAGE_REPLACEMENT_RATIO_DEFAULT = 0.10

Read = tuple[str, list[str]]


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

_BODY = re.compile(r"\\begin\{document\}(.*?)(?:\\end\{document\}|\Z)", re.DOTALL)
_SECTION = re.compile(
    r"\\(section|subsection|subsubsection|paragraph)\*?\s*\{([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}[ \t]*")
_SECTION_LEVEL = {"section": "##", "subsection": "###", "subsubsection": "####",
                  "paragraph": "####"}
_LIST_ENV = re.compile(r"\\(begin|end)\{(enumerate|itemize|description)\}(\[[^\]]*\])?")
_ITEM = re.compile(r"\\item\b\s*(?:\[([^\]]*)\])?\s*")
_DROP_LINES = re.compile(
    r"^\s*\\(?:maketitle|tableofcontents|newpage|clearpage|pagebreak)\b.*$", re.MULTILINE)


def _roman(number: int) -> str:
    numerals = [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    out = ""
    for value, numeral in numerals:
        while number >= value:
            out += numeral
            number -= value
    return out


def _enumerate_label(depth: int, number: int) -> str:
    """LaTeX's default enumerate labels: 1.  (a)  i.  A."""
    if depth == 1:
        return f"{number}."
    if depth == 2:
        return f"({chr(ord('a') + (number - 1) % 26)})"
    if depth == 3:
        return f"{_roman(number)}."
    return f"{chr(ord('A') + (number - 1) % 26)}."


def strip_tex_comments(text: str) -> str:
    """Drop ``%`` comments; ``\\%`` (an odd number of backslashes before it) is kept."""
    lines = []
    for line in text.split("\n"):
        for match in re.finditer("%", line):
            backslashes = len(line[:match.start()]) - len(line[:match.start()].rstrip("\\"))
            if backslashes % 2 == 0:
                line = line[:match.start()]
                break
        lines.append(line)
    return "\n".join(lines)


def tex_to_markdown(source: str) -> str:
    """The document body as Markdown-ish text; maths is kept exactly as written.

    Example:
        >>> tex_to_markdown("\\\\begin{document}\\\\section*{Q1} x % note\\n\\\\end{document}")
        '## Q1 x'
    """
    source = strip_tex_comments(source)
    body = _BODY.search(source)
    if body:
        source = body.group(1)
    source = _DROP_LINES.sub("", source)
    source = _SECTION.sub(lambda m: f"\n\n{_SECTION_LEVEL[m.group(1)]} {m.group(2).strip()}\n\n",
                          source)
    out: list[str] = []
    stack: list[list] = []  # [kind, counter]
    position = 0
    token = re.compile(_LIST_ENV.pattern + "|" + _ITEM.pattern)
    for match in token.finditer(source):
        out.append(source[position:match.start()])
        position = match.end()
        if match.group(1) == "begin":
            stack.append([match.group(2), 0])
            out.append("\n")
        elif match.group(1) == "end":
            if stack:
                stack.pop()
            out.append("\n")
        else:  # \item
            given = match.group(4)
            if not stack:
                label = given if given is not None else "-"
            else:
                stack[-1][1] += 1
                kind, number = stack[-1]
                depth = sum(1 for entry in stack if entry[0] == "enumerate")
                if given is not None:
                    label = given
                elif kind == "enumerate":
                    label = _enumerate_label(depth, number)
                else:
                    label = "-"
            indent = "  " * max(len(stack) - 1, 0)
            out.append(f"\n{indent}{label} ")
    out.append(source[position:])
    text = "".join(out)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


# ---------------------------------------------------------------- notebooks

def notebook_markdown(data: str, path: Path) -> Read:
    """The Markdown cells' sources joined by blank lines (code and raw cells ignored)."""
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
            parts.append(source.strip("\n"))
    return "\n\n".join(parts), warnings


# ---------------------------------------------------------------- PDF

PDF_INSTALL_HINT = "pip install pypdf"


def pdf_text(path: Path) -> Read:
    """The PDF's text layer, page by page (pypdf is imported only here)."""
    try:
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError
    except ImportError as error:
        raise SubmissionError(
            f"{path}: reading PDF submissions needs the optional dependency pypdf "
            f"({PDF_INSTALL_HINT})") from error
    warnings: list[str] = []
    try:
        reader = PdfReader(str(path))
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
    text = "\n\n".join(page.replace("\r\n", "\n").strip() for page in pages)
    if not text.strip():
        raise SubmissionError(f"{path}: the PDF has no text layer (a scan?); it needs OCR "
                              "before it can be graded")
    return text, warnings
