"""A generated document as a file: Markdown, plain text, LaTeX or a Jupyter notebook.

The generator builds a small tree (``Document`` → ``Question`` → ``Sub`` →
``Block``); each writer here turns it into the bytes a student would hand in,
with the conventions of that format (LaTeX ``\\section*``, ``enumerate`` and
``tabular``; notebook cells; plain-text headings without markup).
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field

#: How a sub-part's label is written: its own heading, a bold line, or the first
#: word(s) of its first paragraph.
LABEL_STYLES = ("heading", "bold line", "leading token")


@dataclass(frozen=True)
class Block:
    """A paragraph, list, table, quote, title or front matter."""

    kind: str
    text: str
    items: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    lead: str = ""


@dataclass
class Sub:
    label: str | None
    ordinal: int
    blocks: list[Block]


@dataclass
class Question:
    heading: str | None
    subs: list[Sub]


@dataclass
class Document:
    preamble: list[Block]
    questions: list[Question] = field(default_factory=list)


# ---------------------------------------------------------------- Markdown and text

def _md_block(block: Block, plain: bool) -> str:
    if block.kind == "title":
        return block.text if plain else f"# {block.text}"
    if block.kind == "front matter":
        return f"---\n{block.text}\n---"
    if block.kind == "list":
        items = [f"- {item}".replace("\n", "\n  ") for item in block.items]
        return "\n".join(([block.lead] if block.lead else []) + items)
    if block.kind == "table":
        if plain:
            return "\n".join("\t".join(row) for row in block.rows)
        head, *rows = block.rows
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])
    if block.kind == "quote":
        return "> " + block.text.replace("\n", "\n> ")
    return block.text.replace("*", "") if plain and block.text.startswith("*") else block.text


def _md_question(question: Question, plain: bool, style: str) -> str:
    out = []
    if question.heading:
        out.append(question.heading if plain else f"## {question.heading}")
    for sub in question.subs:
        blocks = [_md_block(b, plain) for b in sub.blocks]
        if sub.label is None:
            pass
        elif style == "leading token" and sub.blocks[0].kind == "para":
            blocks[0] = f"{sub.label} {blocks[0]}"
        elif style == "heading" and not plain:
            out.append(f"### {sub.label}")
        else:
            out.append(sub.label if plain else f"**{sub.label}**")
        out += blocks
    return "\n\n".join(out)


def markdown(document: Document, style: str, *, plain: bool = False) -> str:
    """The document as Markdown (``plain``: as a ``.txt`` a student types, no markup)."""
    pieces = [_md_block(b, plain) for b in document.preamble]
    pieces += [_md_question(q, plain, style) for q in document.questions]
    return "\n\n".join(pieces) + "\n"


# ---------------------------------------------------------------- LaTeX

def _tex_text(text: str) -> str:
    """An answer's Markdown as LaTeX: pipe tables → tabular, ``*x*`` → ``\\emph{x}``."""
    lines = text.split("\n")
    rows = [line for line in lines if line.lstrip().startswith("|")]
    if rows and len(rows) == len(lines):
        cells = [[c.strip() for c in row.strip().strip("|").split("|")] for row in rows
                 if not set(row.replace("|", "").strip()) <= {"-", ":"}]
        body = " \\\\\n".join(" & ".join(row) for row in cells)
        return f"\\begin{{tabular}}{{{'c' * len(cells[0])}}}\n{body} \\\\\n\\end{{tabular}}"
    if text.startswith("*") and text.endswith("*") and len(text) > 2:
        return f"\\emph{{{text.strip('*')}}}"
    return text


def _tex_block(block: Block) -> str:
    if block.kind == "title":
        return f"\\section*{{{block.text}}}"
    if block.kind == "front matter":
        title, _, author = block.text.partition("\n")
        return (f"\\title{{{title.split(': ', 1)[1]}}}\n\\author{{{author.split(': ', 1)[1]}}}"
                "\n\\maketitle")
    if block.kind == "list":
        items = "\n".join(f"  \\item {_tex_text(item)}" for item in block.items)
        return f"{block.lead}\n\\begin{{itemize}}\n{items}\n\\end{{itemize}}".lstrip()
    if block.kind == "table":
        body = " \\\\\n".join(" & ".join(_tex_text(c) for c in row) for row in block.rows)
        return f"\\begin{{tabular}}{{ll}}\n{body} \\\\\n\\end{{tabular}}"
    if block.kind == "quote":
        return f"\\begin{{quote}}\n{block.text}\n\\end{{quote}}"
    return _tex_text(block.text)


def _tex_question(question: Question, style: str, enumerate_subs: bool) -> str:
    out = [f"\\subsection*{{{question.heading}}}"] if question.heading else []
    labelled = [s for s in question.subs if s.label is not None]
    if enumerate_subs and labelled and len(labelled) == len(question.subs):
        in_order = [s.ordinal for s in question.subs] == list(range(1, len(question.subs) + 1))
        items = []
        for sub in question.subs:
            mark = "\\item" if in_order else f"\\item[{sub.label}]"
            items.append(mark + " " + "\n\n".join(_tex_block(b) for b in sub.blocks))
        return "\n\n".join([*out, "\\begin{enumerate}[label=(\\alph*)]", *items,
                            "\\end{enumerate}"])
    for sub in question.subs:
        blocks = [_tex_block(b) for b in sub.blocks]
        if sub.label is None:
            pass
        elif style == "leading token" and sub.blocks[0].kind == "para":
            blocks[0] = f"\\textbf{{{sub.label}}} {blocks[0]}"
        elif style == "heading":
            out.append(f"\\subsubsection*{{{sub.label}}}")
        else:
            out.append(f"\\textbf{{{sub.label}}}")
        out += blocks
    return "\n\n".join(out)


def latex(document: Document, style: str, enumerate_subs: bool) -> str:
    """The document as a LaTeX article (``enumerate_subs``: sub-parts as ``enumerate`` items)."""
    body = [_tex_block(b) for b in document.preamble]
    body += [_tex_question(q, style, enumerate_subs) for q in document.questions]
    return ("\\documentclass{article}\n\\usepackage{amsmath,enumitem}\n\\begin{document}\n\n"
            + "\n\n".join(body) + "\n\n\\end{document}\n")


# ---------------------------------------------------------------- notebooks

def notebook(document: Document, style: str) -> str:
    """The document as a notebook: one Markdown cell per question, code cells between."""
    def cell(kind: str, source: str) -> dict:
        made = {"cell_type": kind, "metadata": {}, "source": source.splitlines(keepends=True)}
        if kind == "code":
            made |= {"execution_count": None, "outputs": []}
        return made

    cells = [cell("markdown", "\n\n".join(_md_block(b, False) for b in document.preamble))]
    for question in document.questions:
        cells.append(cell("markdown", _md_question(question, False, style)))
        cells.append(cell("code", "import numpy as np\nx = np.zeros(3)"))
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5},
                      ensure_ascii=False, indent=1)


def render_format(document: Document, fmt: str, *, enumerate_subs: bool, style: str,
                  rng: random.Random) -> tuple[str, bytes]:
    """The file suffix and bytes of ``document`` in ``fmt`` (md, txt, tex, ipynb)."""
    if fmt == "tex":
        text = latex(document, style, enumerate_subs)
    elif fmt == "ipynb":
        text = notebook(document, style)
    else:
        text = markdown(document, style, plain=fmt == "txt")
        if fmt == "txt" and rng.random() < 0.5:
            text = text.replace("\n", "\r\n")
    return f".{fmt}", text.encode("utf-8")
