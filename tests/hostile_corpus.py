"""A class folder as a hostile student body would hand it in (issue #7).

Built on demand, because git cannot hold a FIFO and links to host files
depend on the machine. Each entry names what it tries; ``GOOD`` entries are
real submissions that must be graded as if they were alone.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from tests.conftest import REPO

SAMPLES = REPO / "submissions" / "seqmodels-a5"
GOOD = {"good-a.md": "amira-sheet.md", "good-b.md": "bao-sheet.md"}
#: Markup a student may write to attack the HTML reports: never live in any page.
XSS = ("<script>alert(1)</script> <img src=x onerror=alert(2)> "
       "$\\text{<script>alert(3)</script>}$ $\\href{javascript:alert(4)}{x}$")
#: Text of host files that must never appear in any output.
HOST_FILES = (Path("/etc/passwd"), REPO / "reference" / "seqmodels_a5.py",
              REPO / "rubrics" / "seqmodels-a5.yaml")


def build(folder: Path) -> dict[str, str]:
    """Write the corpus into ``folder``; return entry name → what it tries."""
    folder.mkdir(parents=True, exist_ok=True)
    tries: dict[str, str] = {}

    def add(name: str, what: str, data: bytes | str | None = None) -> Path:
        path = folder / name
        if data is not None:
            path.write_bytes(data.encode() if isinstance(data, str) else data)
        tries[name] = what
        return path

    for name, sample in GOOD.items():
        add(name, "a real submission", (SAMPLES / sample).read_bytes())
    sheet = (SAMPLES / "amira-sheet.md").read_text()
    add("bomb.ipynb", "JSON nesting bomb", "[" * 100_000 + "]" * 100_000)
    add("deep.ipynb", "a notebook whose cell nests 50,000 lists",
        '{"cells": [{"cell_type": "markdown", "source": "x"}], "meta": '
        + "[" * 50_000 + "]" * 50_000 + "}")
    add("spaces.md", "a 200,000-space line (super-linear regex)", " " * 200_000 + "x\n" + sheet)
    add("n" * 250 + ".md", "a 250-character file name", sheet)
    for name in ("a.md", "a.txt", "a-2.md"):
        add(name, "colliding stems", sheet)
    add("deep.tex", "LaTeX group nesting", "\\begin{document}" + "{" * 50_000 + "x"
        + "}" * 50_000 + "\\end{document}")
    add("power.md", "huge exponents and nested brackets",
        "## [1a.rnn_train_time]\n\nO(n^(9^(9^(9^9))))\n\n" + "(" * 5_000 + ")" * 5_000)
    add("long-line.md", "a 1 MB line of maths", "$" + "x+" * 500_000 + "x$\n")
    add("xss.md", "script and markup in answers, for the HTML reports",
        sheet.replace("## [1a.rnn_train_time]", "## [1a.rnn_train_time]\n\n"
                      + XSS, 1))
    add("nul.md", "binary content", b"\x00" * 100)
    add("latin1.txt", "not UTF-8", "Lösung: ".encode("latin-1") * 5_000)
    add("empty.md", "an empty file", b"")
    add("big.md", "3 MB, over the size limit", b"a" * (3 * 1024 * 1024))
    with add("huge.md", "a sparse 2 GB file").open("wb") as handle:
        handle.truncate(2 * 1024**3)
    add("essay.docx", "unsupported type", b"PK\x03\x04 not graded")
    add("photo.png", "unsupported type", b"\x89PNG\r\n\x1a\n")
    os.mkfifo(add("pipe.md", "a FIFO that blocks a reader"))
    add("passwd.md", "a link to /etc/passwd").symlink_to("/etc/passwd")
    add("zero.md", "a link to /dev/zero").symlink_to("/dev/zero")
    add("reference.md", "a link to a reference module").symlink_to(HOST_FILES[1])
    add("rubric.md", "a link to the rubric").symlink_to(HOST_FILES[2])
    add("etc", "a link to a host folder").symlink_to("/etc")
    sub = folder / "late"
    sub.mkdir()
    shutil.copy(SAMPLES / "bao-sheet.md", sub / "a.md")
    tries["late/a.md"] = "a sub-folder whose file collides by name"
    return tries
