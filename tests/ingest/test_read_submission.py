"""read_submission: one case table per format, plus the refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from grader.errors import SubmissionError
from grader.ingest import Submission, read_submission
from grader.ingest.formats import strip_tex_comments, tex_to_markdown

TEXT_CASES = [
    # (file name, bytes, expected text, number of warnings)
    ("a.md", b"1a) O(n)\r\n2b) yes\r\n", "1a) O(n)\n2b) yes\n", 0),
    ("b.txt", b"\xef\xbb\xbfhello\rworld", "hello\nworld", 0),
    ("c.md", b"caf\xe9 ok " + b"x" * 40, "caf\ufffd ok " + "x" * 40, 1),
    ("d.MD", "β ≫ 0".encode(), "β ≫ 0", 0),
]


@pytest.mark.parametrize(("name", "data", "expected", "n_warnings"), TEXT_CASES)
def test_text_formats(tmp_path: Path, name, data, expected, n_warnings):
    path = tmp_path / name
    path.write_bytes(data)
    submission = read_submission(path)
    assert submission.text == expected
    assert len(submission.warnings) == n_warnings
    assert submission.name == Path(name).stem
    assert submission.source == str(path)
    assert submission.format in {"md", "txt"}


TEX_CASES = [
    (r"""\documentclass{article}
% a comment
\begin{document}
\section*{Question 1} % trailing
Cost is 50\% of $O(n^2)$.
\end{document}
after the end""", "## Question 1\n\nCost is 50% of $O(n^2)$."),
    (r"""\begin{enumerate}
\item First $x$
\item[(b)] second
\begin{enumerate}\item inner\end{enumerate}
\end{enumerate}""", "1. First $x$\n\n(b) second\n\n  (a) inner"),
    (r"\subsection{Part a} $$\frac{a}{b}$$", "### Part a\n\n$$\\frac{a}{b}$$"),
]


@pytest.mark.parametrize(("source", "expected"), TEX_CASES)
def test_tex(tmp_path: Path, source, expected):
    path = tmp_path / "s.tex"
    path.write_text(source)
    submission = read_submission(path)
    assert submission.format == "tex"
    assert submission.text == expected


COMMENT_CASES = [
    ("x % c", "x "),
    (r"50\% y", r"50\% y"),
    (r"a \\% c", r"a \\"),
]


@pytest.mark.parametrize(("line", "expected"), COMMENT_CASES)
def test_tex_comments(line, expected):
    assert strip_tex_comments(line) == expected


def test_tex_item_without_list():
    assert tex_to_markdown(r"\item alone") == "- alone"


def _notebook(cells, **extra) -> str:
    return json.dumps({"cells": cells, "nbformat": 4, **extra})


def test_ipynb_joins_markdown_cells(tmp_path: Path):
    path = tmp_path / "nb.ipynb"
    path.write_text(_notebook([
        {"cell_type": "markdown", "source": ["## Q1\n", "1a) $O(n)$"]},
        {"cell_type": "code", "source": "print('ignored')"},
        {"cell_type": "raw", "source": "ignored too"},
        {"cell_type": "markdown", "source": "1b) yes"},
    ]))
    submission = read_submission(path)
    assert submission.text == "## Q1\n1a) $O(n)$\n\n1b) yes"
    assert submission.format == "ipynb"


UNREADABLE = [
    # (file name, bytes, part of the message)
    ("x.docx", b"hello", "unsupported file type"),
    ("noext", b"hello", "unsupported file type"),
    ("e.md", b"", "empty"),
    ("w.md", b"  \n\n ", "no text"),
    ("bin.txt", b"\x00\x01\x02binary", "binary"),
    ("ctl.txt", bytes(range(1, 9)) * 20, "binary"),
    ("latin.txt", "é".encode("latin-1") * 50, "not UTF-8"),
    ("bad.ipynb", b"{not json", "invalid JSON"),
    ("list.ipynb", b"[1, 2]", "not a notebook"),
    ("code.ipynb", _notebook([{"cell_type": "code", "source": "x"}]).encode(), "no Markdown"),
]


@pytest.mark.parametrize(("name", "data", "message"), UNREADABLE)
def test_unreadable(tmp_path: Path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(SubmissionError, match=message) as error:
        read_submission(path)
    assert name in str(error.value)


def test_missing_file(tmp_path: Path):
    with pytest.raises(SubmissionError, match="cannot read"):
        read_submission(tmp_path / "gone.md")


def test_size_bound(tmp_path: Path):
    path = tmp_path / "big.md"
    path.write_bytes(b"a" * 101)
    with pytest.raises(SubmissionError, match="too large"):
        read_submission(path, max_bytes=100)


def test_submission_is_frozen(tmp_path: Path):
    path = tmp_path / "f.md"
    path.write_text("x")
    submission = read_submission(path)
    assert isinstance(submission, Submission)
    with pytest.raises(AttributeError):
        submission.text = "y"  # type: ignore[misc]


def test_pdf_text_layer(tmp_path: Path):
    pypdf = pytest.importorskip("pypdf")
    del pypdf
    from pypdf import PdfWriter

    path = tmp_path / "blank.pdf"
    writer = PdfWriter()
    writer.add_blank_page(width=72, height=72)
    with path.open("wb") as handle:
        writer.write(handle)
    # A blank page has no text layer: the reader says it needs OCR.
    with pytest.raises(SubmissionError, match="no text layer"):
        read_submission(path)


def test_pdf_without_pypdf(tmp_path: Path, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):
        if name.startswith("pypdf"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    path = tmp_path / "s.pdf"
    path.write_bytes(b"%PDF-1.4\n")
    with pytest.raises(SubmissionError, match="pip install pypdf"):
        read_submission(path)
