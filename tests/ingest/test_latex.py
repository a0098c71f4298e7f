r"""The LaTeX reader: one case table per construct (``tex_to_markdown`` and ``read_submission``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from grader.ingest import read_submission
from grader.ingest.latex import tex_to_markdown
from grader.mathread.reader import parse_chain

LIST_CASES = [
    # (source, expected text)
    pytest.param(r"\begin{enumerate}[(a)]\item x\item y\item z\end{enumerate}",
                 "(a) x\n\n(b) y\n\n(c) z", id="short-(a)"),
    pytest.param(r"\begin{enumerate}[label=(\alph*)]\item x\item y\end{enumerate}",
                 "(a) x\n\n(b) y", id="label=(alph*)"),
    pytest.param(r"\begin{enumerate}[label=\arabic*)]\item x\item y\end{enumerate}",
                 "1) x\n\n2) y", id="label=arabic*)"),
    pytest.param(r"\begin{enumerate}[label=\textbf{(\roman*)}]\item x\item y\end{enumerate}",
                 "(i) x\n\n(ii) y", id="label=textbf(roman*)"),
    pytest.param(r"\begin{enumerate}[leftmargin=*, label={\Alph*.}, start=3]\item x\end{enumerate}",
                 "C. x", id="keys-and-start"),
    pytest.param(r"\begin{enumerate}[i)]\item x\item y\end{enumerate}", "i) x\n\nii) y",
                 id="short-roman"),
    pytest.param(r"\begin{enumerate}[{Q}1.]\item x\end{enumerate}", "Q1. x",
                 id="short-braced-text"),
    pytest.param(r"\begin{enumerate}[(a)]\item x\item[(z)] y\item w\end{enumerate}",
                 "(a) x\n\n(z) y\n\n(b) w", id="item-label-does-not-step"),
    pytest.param(r"\begin{enumerate}\item[\textbf{(b)}] y\end{enumerate}", "(b) y",
                 id="item-label-formatted"),
    pytest.param("\\begin{enumerate}\n\\item a\n\\begin{enumerate}\n\\item b\n\\end{enumerate}\n"
                 "\\end{enumerate}", "1. a\n\n  (a) b", id="nested-defaults"),
    pytest.param("\\begin{enumerate}[(a)]\n  \\item x\n  \\begin{itemize}\n    \\item u\n"
                 "  \\end{itemize}\n  \\item y\n\\end{enumerate}",
                 "(a) x\n\n  - u\n\n(b) y", id="itemize-inside"),
    pytest.param(r"\begin{description}\item[Q1] yes\end{description}", "Q1 yes",
                 id="description"),
]


@pytest.mark.parametrize(("source", "expected"), LIST_CASES)
def test_lists(source, expected):
    assert tex_to_markdown(source) == expected


MATH_CASES = [
    pytest.param("A\n\\begin{align}\n  x &= 1 \\\\\n  y &= 2\n\\end{align}\nB",
                 "A\n$$x = 1$$\n$$y = 2$$\nB", id="align-rows"),
    pytest.param("\\begin{align*} a &= b, & c &= d \\end{align*}",
                 "$$a = b,$$\n$$c = d$$", id="align-two-columns"),
    pytest.param("\\begin{align*} L &= a & \\text{(Bayes)} \\end{align*}",
                 "$$L = a \\qquad \\text{(Bayes)}$$", id="align-comment-column"),
    pytest.param("\\[ q = k_a + k_b, \\qquad \\beta \\gg 0, \\]",
                 "$$q = k_a + k_b,$$\n$$\\beta \\gg 0,$$",
                 id="statements-split"),
    pytest.param("\\[ x_1, \\quad x_2 = 0 \\]", "$$x_1, \\quad x_2 = 0$$", id="list-not-split"),
    pytest.param("\\[ f(a, \\quad b) = 0, \\quad c = 1 \\]", "$$f(a, \\quad b) = 0,$$\n$$c = 1$$",
                 id="split-only-at-top-level"),
    pytest.param("\\begin{equation}\\label{eq:1} E = mc^2 \\tag{1}\\end{equation}",
                 "$$E = mc^2$$", id="equation-label-tag"),
    pytest.param("\\begin{equation*}\\begin{split} L &= a \\\\ &= b \\end{split}\\end{equation*}",
                 "$$L = a$$\n$$= b$$", id="equation-split"),
    pytest.param("\\begin{gather}a = 1 \\nonumber\\\\ b = 2\\end{gather}", "$$a = 1$$\n$$b = 2$$",
                 id="gather"),
    pytest.param("\\begin{gather*}a = 1\\end{gather*}", "$$a = 1$$", id="gather*"),
    pytest.param("\\begin{multline}a = b \\\\ + c\\end{multline}", "$$a = b + c$$",
                 id="multline-one-equation"),
    pytest.param("\\begin{multline*}a = b \\\\ + c\\end{multline*}", "$$a = b + c$$",
                 id="multline*"),
    pytest.param("\\begin{alignat}{2} a &= b &\\quad c &= d\\end{alignat}",
                 "$$a = b$$\n$$c = d$$", id="alignat"),
    pytest.param("\\begin{eqnarray} a &=& b \\\\ &=& c \\end{eqnarray}", "$$a = b$$\n$$= c$$",
                 id="eqnarray"),
    pytest.param("so \\[ x = \\frac{1}{2} \\] done", "so\n$$x = \\frac{1}{2}$$\ndone",
                 id="bracket-display"),
    pytest.param("\\[\\begin{aligned} a &= b \\\\[2pt] &= c\\end{aligned}\\]", "$$a = b$$\n$$= c$$",
                 id="aligned-in-brackets"),
    pytest.param("$$a \\\\ b$$", "$$a$$\n$$b$$", id="dollar-display-rows"),
    pytest.param("\\begin{align} A &= \\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}\\end{align}",
                 "$$A = \\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}$$", id="matrix-kept"),
    pytest.param("\\begin{equation} f = \\begin{cases} 1 & x > 0 \\\\ 0 & \\text{else}"
                 "\\end{cases}\\end{equation}",
                 "$$f = \\begin{cases} 1 & x > 0 \\\\ 0 & \\text{else}\\end{cases}$$",
                 id="cases-kept"),
    pytest.param("time \\(O(n^2)\\) and $\\textbf{x}$", "time $O(n^2)$ and $\\textbf{x}$",
                 id="inline-kept"),
    pytest.param("cost \\$5 and $x$", "cost \\$5 and $x$", id="escaped-dollar"),
    pytest.param("$a\n+ b$", "$a + b$", id="inline-one-line"),
]


@pytest.mark.parametrize(("source", "expected"), MATH_CASES)
def test_maths(source, expected):
    assert tex_to_markdown(source) == expected


def test_align_rows_are_maths_the_reader_reads():
    text = tex_to_markdown("\\begin{align*} q &= \\beta k_a + \\beta k_b \\\\ "
                           "z &\\approx \\tfrac{1}{2}(v_a + v_b) \\end{align*}")
    rows = [line.strip("$") for line in text.split("\n")]
    assert [str(parse_chain(row)[0]) for row in rows] == ["q", "z"]


TABLE_CASES = [
    pytest.param("\\begin{tabular}{c|ccc}\n$t$ & 0 & 1 & 2 \\\\ \\hline\n$p_t$ & 1 & $-1$ & 2\n"
                 "\\end{tabular}",
                 "| $t$ | 0 | 1 | 2 |\n|---|---|---|---|\n| $p_t$ | 1 | $-1$ | 2 |",
                 id="hline"),
    pytest.param("\\begin{tabular}{@{}lr@{}}\\toprule a & b \\\\ \\midrule c & d \\\\ "
                 "\\bottomrule\\end{tabular}",
                 "| a | b |\n|---|---|\n| c | d |", id="booktabs"),
    pytest.param("\\begin{tabular}{|l|l|}\\hline \\multicolumn{2}{|c|}{\\textbf{Head}} \\\\ "
                 "\\hline x & y\\\\\\hline\\end{tabular}",
                 "| Head | |\n|---|---|\n| x | y |", id="multicolumn"),
    pytest.param("\\begin{center}\\begin{tabular}{cc} a & \\emph{b} \\\\ c \\end{tabular}"
                 "\\end{center}", "| a | b |\n|---|---|\n| c | |", id="ragged-in-center"),
    pytest.param("\\begin{tabular}{cc} 50\\% & a\\&b \\\\ \\end{tabular}",
                 "| 50% | a&b |\n|---|---|", id="escapes"),
]


@pytest.mark.parametrize(("source", "expected"), TABLE_CASES)
def test_tables(source, expected):
    assert tex_to_markdown(source) == expected


TEXT_CASES = [
    pytest.param(r"\textbf{Answer:} \emph{yes}, \textit{really}", "Answer: yes, really",
                 id="textbf-emph"),
    pytest.param(r"\textbf{\emph{nested}} {\bf old} {\em style}", "nested old style",
                 id="nested-and-old-style"),
    pytest.param(r"\paragraph{(b)} No.", "#### (b)\n\nNo.", id="paragraph"),
    pytest.param(r"\subsection*{Question 2 \emph{(a)}} x", "### Question 2 (a)\n\nx",
                 id="section-with-command"),
    pytest.param(r"a\quad b\qquad c~d\ e", "a b c d e", id="spaces"),
    pytest.param("line one\\\\ line two\\\\[4pt]three", "line one\nline two\nthree",
                 id="line-breaks"),
    pytest.param(r"i.e.\ a saddle --- not a minimum", "i.e. a saddle — not a minimum",
                 id="control-space-dash"),
    pytest.param(r"Lef\`evre and Lef\'{e}vre, Schr\"odinger", "Lefèvre and Lefévre, Schrödinger",
                 id="accents"),
    pytest.param(r"see\footnote{a note} \cite{x}\label{q}\vspace{2mm} ok", "see (a note) ok",
                 id="dropped-commands"),
    pytest.param(r"\textcolor{red}{hot} \href{http://x}{link}", "hot link", id="two-arguments"),
    pytest.param(r"\noindent\textbf{1.} \mathcal{O} kept", "1. \\mathcal{O} kept",
                 id="unknown-command-keeps-braces"),
    pytest.param("\\begin{proof} trivial \\end{proof}", "Proof. trivial", id="proof"),
    pytest.param("\\begin{minipage}{0.5\\textwidth} x \\end{minipage}", "x", id="minipage"),
]


@pytest.mark.parametrize(("source", "expected"), TEXT_CASES)
def test_text(source, expected):
    assert tex_to_markdown(source) == expected


def test_read_submission_tex_document(tmp_path: Path):
    path = tmp_path / "hw.tex"
    path.write_text(r"""\documentclass{article}
\usepackage{enumitem}
\begin{document}
\maketitle
\section*{Question 4}
\begin{enumerate}[(a)]
  \item $\min_p \max_q pq = 0$. The iterates are
  \begin{tabular}{c|cc}
    $t$ & 0 & 1 \\ \hline
    $p_t$ & 1 & $-1$
  \end{tabular}
  \item No.
  \begin{align*}
    L(q) &= a \\
         &= b
  \end{align*}
\end{enumerate}
\end{document}
""")
    assert read_submission(path).text == (
        "## Question 4\n\n"
        "(a) $\\min_p \\max_q pq = 0$. The iterates are\n\n"
        "| $t$ | 0 | 1 |\n|---|---|---|\n| $p_t$ | 1 | $-1$ |\n\n"
        "(b) No.\n$$L(q) = a$$\n$$= b$$")


def test_latex_maths_in_notebook_cells(tmp_path: Path):
    import json

    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps({"nbformat": 4, "cells": [
        {"cell_type": "markdown", "source": ["## Q3\n", "\\begin{align*}\n", "L(q) &= a \\\\\n",
                                             "&= b\n", "\\end{align*}\n", "so $x$ and $$y$$"]},
        {"cell_type": "code", "source": "1 + 1", "execution_count": 1,
         "outputs": [{"output_type": "execute_result", "data": {"text/plain": ["2"]}}]},
        {"cell_type": "markdown", "source": "done"},
    ]}))
    assert read_submission(path).text == "## Q3\n$$L(q) = a$$\n$$= b$$\nso $x$ and $$y$$\n\ndone"
