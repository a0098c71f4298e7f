"""read_submission: one case table per format, plus the refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from grader.errors import SubmissionError
from grader.ingest import Submission, read_submission
from grader.ingest.formats import _pdf_page, strip_tex_comments, tex_to_markdown

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


def test_ipynb_nbformat3_worksheets_and_outputs(tmp_path: Path):
    path = tmp_path / "old.ipynb"
    path.write_text(json.dumps({"nbformat": 3, "worksheets": [{"cells": [
        {"cell_type": "markdown", "source": ["1a) $O(n)$\n"]},
        {"cell_type": "code", "input": "x", "outputs": [{"output_type": "stream",
                                                        "text": ["1b) not an answer\n"]}]},
        {"cell_type": "markdown", "source": ["\n", "1b) yes\n", "\n"]},
    ]}]}))
    assert read_submission(path).text == "1a) $O(n)$\n\n1b) yes"


def _text_pdf(lines: list[str]) -> bytes:
    """A one-page PDF whose text layer holds ``lines``, one text line each."""
    def escaped(line: str) -> str:
        return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    body = ("BT /F1 12 Tf 72 720 Td 14 TL "
            + " ".join(f"({escaped(line)}) Tj T*" for line in lines) + " ET")
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(body)} >>\nstream\n{body}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{obj}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n"
            f"startxref\n{xref}\n%%EOF\n").encode()
    return out


def test_pdf_text_keeps_line_breaks(tmp_path: Path):
    pytest.importorskip("pypdf")
    path = tmp_path / "typed.pdf"
    path.write_bytes(_text_pdf(["Question 2", "a) ||x_1|| = sqrt(2) beta   ", "   ||x_2|| = beta"]))
    submission = read_submission(path)
    assert submission.format == "pdf"
    # Line breaks and indentation as pypdf gives them; trailing spaces go.
    assert submission.text.split("\n") == ["Question 2", "a) ||x_1|| = sqrt(2) beta",
                                           "   ||x_2|| = beta"]


def test_pdf_page_text():
    page = "\n the \ufb01rst x\u00b2  \r\nnext\rlast\n\n"
    assert _pdf_page(page) == " the first x\u00b2\nnext\nlast"  # ligature out, x² kept


def test_sample_pdf_text_layer():
    pytest.importorskip("pypdf")
    from tests.conftest import REPO

    text = read_submission(REPO / "submissions/rnn-attention-hw2/sofia-scanned-text-layer.pdf").text
    lines = text.split("\n")
    assert "Question 1" in lines and "Question 2" in lines and "Question 3" in lines
    assert "standard self-attention: O(T^2 d)" in lines


def test_sample_notebooks_are_clean_markdown():
    from tests.conftest import REPO

    felix = read_submission(REPO / "submissions/seqmodels-a5/felix-notebook-answers.ipynb").text
    assert "## Q1 (a)" in felix.split("\n")
    assert "\n\n## Q2 (a)\n" in felix
    assert "print(" not in felix and "import " not in felix  # code cells and outputs left out
    amara = read_submission(
        REPO / "submissions/kernel-attention-hw2/amara-notebook-linear-no-bound.ipynb").text
    assert "\n\n### 1.2\n" in amara and "\n\n\n" not in amara
