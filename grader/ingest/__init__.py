"""Read a submission file into normalised text.

One entry point, ``read_submission``; one reader per format in ``formats.py``.
A file that cannot be read at all raises ``SubmissionError`` (the pipeline
reports it for that submission); recoverable oddities become warnings.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from grader.errors import SubmissionError
from grader.ingest.files import MAX_BYTES_DEFAULT, read_regular_file
from grader.ingest.formats import decode_text, notebook_markdown, pdf_text, tex_to_markdown

Format = Literal["md", "txt", "tex", "ipynb", "pdf"]

FORMATS: dict[str, Format] = {
    ".md": "md", ".markdown": "md", ".txt": "txt", ".tex": "tex",
    ".ipynb": "ipynb", ".pdf": "pdf",
}


@dataclass(frozen=True)
class Submission:
    """A submission's text, ready for the segmenter.

    ``name`` is the file stem (the submission's id in reports), ``source`` the
    path it was read from, ``format`` the reader used and ``warnings`` what the
    reader recovered from (shown to TAs).
    """

    name: str
    source: str
    text: str
    format: Format
    warnings: tuple[str, ...] = ()


def read_submission(path: Path, *, max_bytes: int = MAX_BYTES_DEFAULT) -> Submission:
    """Read one submission file.

    Args:
        path: a ``.md``, ``.txt``, ``.tex``, ``.ipynb`` or ``.pdf`` file.
        max_bytes: files larger than this are refused.

    Returns:
        The ``Submission``: text with a BOM stripped and LF line ends.

    Raises:
        SubmissionError: unknown extension, missing, empty, too large, binary,
            a symbolic link or special file (``files.read_regular_file``), or
            otherwise unreadable; the message names the file.

    Example:
        >>> read_submission(Path("alice.md")).text  # doctest: +SKIP
        '1a) O(t n^2 L)'
    """
    path = Path(path)
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        known = ", ".join(sorted(FORMATS))
        raise SubmissionError(f"{path}: unsupported file type {path.suffix or '(none)'!r} "
                              f"(expected one of {known})")
    data = read_regular_file(path, max_bytes=max_bytes)
    if kind == "pdf":
        text, warnings = pdf_text(data, path)
    else:
        text, warnings = decode_text(data, path)
        if kind == "tex":
            text = tex_to_markdown(text, path)
        elif kind == "ipynb":
            text, more = notebook_markdown(text, path)
            warnings += more
    if not text.strip():
        what = "no Markdown cells with text" if kind == "ipynb" else "no text"
        raise SubmissionError(f"{path}: the submission has {what}")
    return Submission(name=path.stem, source=str(path), text=text, format=kind,
                      warnings=tuple(warnings))


__all__ = ["FORMATS", "MAX_BYTES_DEFAULT", "Submission", "SubmissionError", "read_submission"]
