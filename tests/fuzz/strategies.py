"""Hypothesis strategies for hostile submissions: Markdown/LaTeX-like text and maths.

Texts mix what real answers contain (headings, list markers, labels such as
``1a)``, ``(b)``, ``Q2``, ``$…$`` maths, tables) with what breaks readers:
long runs of one character, deep nesting of brackets, braces, lists and
quotes, unclosed delimiters and very long lines.
"""

from __future__ import annotations

from hypothesis import strategies as st

# Characters whose long runs have broken a reader at least once (cases.py).
RUN_CHARS = " \t\n()[]{}$|-#*_\\1~<>%&^.,:;'\"`"

_words = st.sampled_from(["time", "space", "RNN", "attention", "train", "test", "yes", "no",
                          "Hence", "answer", "the", "is", "complexity", "bottleneck",
                          "e.g.", "Let", "be", "where", "and", "Proof."])
_labels = st.sampled_from(["1a)", "(b)", "Q2", "Question 3", "2.1)", "<2> <1>", "b)", "**1.**",
                           "Solution 2 b", "## 1 Question 1", "c3", "(1)(a)", "3.", "a)"])
_latex = st.sampled_from(["\\frac{a}{b}", "\\sqrt{n}", "\\mathcal{O}(n)", "\\text{time}",
                          "\\boxed{x}", "\\cancel{y}", "\\begin{align}", "\\end{align}",
                          "\\\\", "&", "\\quad", "\\left(", "\\right)", "\\item", "\\section{Q1}",
                          "\\begin{enumerate}", "\\end{enumerate}", "\\textbf{", "\\label{x}",
                          "\\[", "\\]", "\\(", "\\)", "\\%", "%", "~~", "<del>", "</del>"])


@st.composite
def runs(draw: st.DrawFn, max_size: int = 3_000) -> str:
    """One character repeated (a long whitespace run, a run of "(", "$", …)."""
    return draw(st.sampled_from(RUN_CHARS)) * draw(st.integers(1, max_size))


@st.composite
def nested(draw: st.DrawFn, max_depth: int = 400) -> str:
    """Brackets, braces, list markers or quotes nested ``depth`` deep, maybe unclosed."""
    opener, closer = draw(st.sampled_from([("(", ")"), ("[", "]"), ("{", "}"), ("\\{", "\\}"),
                                           ("\\left(", "\\right)"), ("$", "$"), ("> ", ""),
                                           ("- ", ""), ("  ", ""), ("\\textbf{", "}"),
                                           ("\\begin{itemize}\\item ", "\\end{itemize}")]))
    depth = draw(st.integers(1, max_depth))
    closed = draw(st.integers(0, depth))
    return opener * depth + draw(st.sampled_from(["x", "1a) x", "O(n)", ""])) + closer * closed


@st.composite
def maths(draw: st.DrawFn) -> str:
    delimiter = draw(st.sampled_from(["$", "$$", "\\(", "\\[", ""]))
    closing = {"\\(": "\\)", "\\[": "\\]"}.get(delimiter, delimiter)
    return f"{delimiter}{draw(expressions(max_leaves=6))}{closing}"


_fragment = st.one_of(
    _words, _labels, _latex, runs(), nested(), maths(),
    st.sampled_from(["\n", "\n\n", " ", "| a | b |\n|---|---|\n| 1 | 2 |", "# ", "- ", "1. ",
                     "> ", "```", "\t"]),
    st.text(max_size=20),
)


@st.composite
def documents(draw: st.DrawFn, max_fragments: int = 25) -> str:
    """A Markdown/LaTeX-like submission of up to a few tens of KB."""
    parts = draw(st.lists(_fragment, max_size=max_fragments))
    return "".join(draw(st.sampled_from([" ", "\n", ""])) + part for part in parts)


# ---------------------------------------------------------------- maths grammar

_atoms = st.one_of(
    st.sampled_from(["x", "n", "t", "L", "d_k", "\\alpha", "\\beta", "\\infty", "\\pi", "e",
                     "\\|x\\|", "p(x)", "\\sum_{i=1}^{n} x_i", "n!", "\\binom{n}{k}"]),
    st.integers(0, 10**6).map(str),
    st.integers(1, 10**60).map(str),  # past the longest literal read
)


def _combine(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.tuples(children, st.sampled_from(["+", "-", "*", "/", "\\cdot", "\\times", "=",
                                             "\\le", "\\propto", ","]), children)
        .map(lambda t: f"{t[0]} {t[1]} {t[2]}"),
        children.map(lambda c: f"({c})"),
        children.map(lambda c: f"{{{c}}}"),
        children.map(lambda c: f"O({c})"),
        children.map(lambda c: f"\\sqrt{{{c}}}"),
        st.tuples(children, children).map(lambda t: f"\\frac{{{t[0]}}}{{{t[1]}}}"),
        st.tuples(children, st.integers(-10**9, 10**9)).map(lambda t: f"({t[0]})^{{{t[1]}}}"),
        st.tuples(children, children).map(lambda t: f"{t[0]}^{{{t[1]}}}"),
        children.map(lambda c: f"({c})!"),
        children.map(lambda c: f"\\log({c})"),
    )


def expressions(max_leaves: int = 25) -> st.SearchStrategy[str]:
    """Grammar-generated maths: deep nesting, huge exponents, long literals."""
    return st.recursive(_atoms, _combine, max_leaves=max_leaves)


@st.composite
def deep_expressions(draw: st.DrawFn) -> str:
    """An expression wrapped ``depth`` times in one construct (past the depth limit too)."""
    wrap = draw(st.sampled_from(["({})", "{{{}}}", "\\sqrt{{{}}}", "2^{{{}}}", "O({})",
                                 "\\frac{{1}}{{{}}}", "|{}|", "-{}"]))
    text = draw(expressions(max_leaves=5))
    for _ in range(draw(st.integers(1, 60))):
        text = wrap.format(text)
    return text
