"""Every crash or slowness the fuzzing found, as a named case.

Each case is an input *shape* (a function of the size in characters) and the
entry point (``tests/fuzz/entry.py``) it broke. ``test_regressions.py`` runs
each at its large size under the time bound, and checks that going from the
small to the large size scales about linearly. ``before`` records what the
shape did before its fix (for the record; not checked).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Case:
    name: str
    entry: str
    shape: Callable[[int], str]
    before: str
    small: int = 10_000
    large: int = 100_000


def _repeat(unit: str) -> Callable[[int], str]:
    return lambda n: unit * max(1, n // len(unit))


def _lines(shape: Callable[[int], str], width: int = 3_000) -> Callable[[int], str]:
    """``shape`` as lines of ``width`` characters (the line limit does not cut them)."""
    return lambda n: "\n".join(shape(width) for _ in range(max(1, n // width)))


CASES: tuple[Case, ...] = (
    # ---- file readers
    Case("notebook_deep_json", "notebook", lambda n: "[" * (n // 2) + "]" * (n // 2),
         "RecursionError in json.loads (aborted the batch)"),
    Case("notebook_cell_dollars", "notebook_md", _repeat("$a"), "0.41 s at 100 KB, quadratic"),
    Case("notebook_stash_marks", "notebook_md", _repeat("$\ue0000\ue001$ "),
         "never returned (placeholder restored into itself)"),
    Case("tex_blank_lines", "tex", lambda n: "\n" * n + "x", "18 s at 100 KB"),
    Case("tex_blank_space_lines", "tex", _repeat(" \n"), "9.3 s at 100 KB"),
    Case("tex_unclosed_text_groups", "tex", _repeat("\\text{"), "over 20 s at 100 KB"),
    Case("tex_nested_textbf", "tex", lambda n: "\\textbf{" * (n // 9) + "}" * (n // 9),
         "over 20 s at 100 KB (one recursion per level)"),
    Case("tex_unclosed_labels", "tex", _repeat("\\label{"), "over 20 s at 100 KB"),
    Case("tex_section_then_spaces", "tex", lambda n: "\\section" + " " * n,
         "over 20 s at 100 KB"),
    Case("tex_display_quad_commas", "tex",
         lambda n: "$$" + "a=b, \\quad " * (n // 12) + "$$", "over 20 s at 100 KB"),
    Case("tex_stash_marks", "tex", _repeat("$\ue0000\ue001$ "), "never returned"),
    Case("tex_linebreak_options", "tex", _repeat("\\\\["), "2.7 s at 100 KB"),
    Case("tex_escaped_percents", "tex", _repeat("\\%"), "0.48 s at 100 KB, quadratic"),
    Case("tex_display_spaces", "tex", lambda n: "$$a" + " " * n + "b$$", "quadratic"),
    Case("tex_unclosed_options", "tex", _repeat("\\item["), "quadratic"),
    # ---- submission normaliser
    Case("normaliser_spaces_before_text", "normalise", lambda n: " " * n + "x",
         "0.48 s at 10 KB, over 20 s at 100 KB (110 s at 80 KB in a batch)"),
    Case("normaliser_tabs_before_text", "normalise", lambda n: "\t" * n + "x",
         "over 20 s at 100 KB"),
    Case("normaliser_spaces_inside_maths", "normalise", lambda n: "$a" + " " * n + "b$",
         "over 20 s at 100 KB"),
    Case("normaliser_unclosed_del_tags", "normalise", _repeat("<del>"), "14.6 s at 100 KB"),
    Case("normaliser_unclosed_s_tags", "normalise", _repeat("<s"), "quadratic"),
    Case("normaliser_unclosed_cancel", "normalise", _repeat("\\cancel{"),
         "over 20 s at 100 KB"),
    Case("normaliser_tildes_then_spaces", "normalise", lambda n: "~~\n" + " " * n,
         "quadratic"),
    # ---- maths in prose
    Case("spans_unclosed_display", "spans", _repeat("\\["), "over 20 s at 100 KB"),
    Case("spans_unclosed_inline", "spans", _repeat("\\("), "over 20 s at 100 KB"),
    Case("spans_linebreak_brackets", "spans", _repeat("\\\\["), "over 20 s at 100 KB"),
    Case("spans_unclosed_bounds", "spans", _repeat("O("), "3.5 s at 10 KB"),
    Case("spans_many_bounds", "spans", _repeat("O(x)"), "over 20 s at 100 KB"),
    Case("spans_unclosed_boxes", "spans", _repeat("\\boxed{"), "over 20 s at 100 KB"),
    Case("spans_spaces_inside_maths", "spans", lambda n: "$a" + " " * n + "b$",
         "over 20 s at 100 KB"),
    Case("spans_space_run", "spans", lambda n: "a" + " " * n + "b", "over 20 s at 100 KB"),
    Case("spans_commas_in_maths", "spans", lambda n: "$" + "x, " * (n // 3) + "$",
         "quadratic"),
    Case("spans_dollar_pairs", "spans", _repeat("$a"), "1.1 s at 100 KB"),
    # ---- segmenter (declarations, labels, sentences, keyword matching)
    Case("declarations_spaces_before_symbol", "declarations", lambda n: " " * n + "x",
         "0.8 s at 10 KB, quadratic"),
    Case("declarations_spaces_after_symbol", "declarations", lambda n: "x" + " " * n,
         "cubic"),
    Case("segment_spaces_before_text", "segment", lambda n: " " * n + "x",
         "6 s at 10 KB, over 20 s at 100 KB"),
    Case("segment_stars", "segment", _lines(_repeat("*")), "8 s for one 10 KB line",
         small=5_000, large=50_000),
    Case("segment_underscores", "segment", _lines(_repeat("_")), "8 s for one 10 KB line",
         small=5_000, large=50_000),
    Case("segment_many_labels", "segment", _repeat("1a) x\n"), "10 s at 100 KB",
         small=5_000, large=50_000),
    Case("segment_label_runs", "segment", _lines(_repeat("1a) ")),
         "over 20 s for one 100 KB line", small=5_000, large=50_000),
    Case("segment_question_labels", "segment", _lines(_repeat("Q2 ")), "6.5 s at 100 KB",
         small=5_000, large=50_000),
    Case("segment_paren_labels", "segment", _lines(_repeat("(b)")), "6.9 s at 100 KB",
         small=5_000, large=50_000),
    Case("segment_inline_sub_labels", "segment", _lines(_repeat(" a) x")), "quadratic",
         small=5_000, large=50_000),
    Case("segment_words", "segment", _lines(_repeat("word ")), "3.8 s at 100 KB",
         small=5_000, large=50_000),
    Case("segment_bounds", "segment", _lines(_repeat("O(x)")), "11.6 s at 100 KB",
         small=5_000, large=50_000),
    Case("segment_long_maths_line", "segment",
         _lines(lambda n: "1a) " + "x+" * (n // 2) + "y"), "9.5 s at 100 KB",
         small=5_000, large=50_000),
    Case("segment_dollar_pairs", "segment", _lines(_repeat("$a")), "5.3 s at 100 KB",
         small=5_000, large=50_000),
    Case("segment_abbreviations", "segment", _lines(_repeat("e.g. X ")), "quadratic",
         small=5_000, large=50_000),
    # ---- derivation rows of the identity checker (answers are cut at 20,000 characters)
    Case("derivation_trailing_spaces", "derivation", lambda n: "$$a" + " " * n + "b$$",
         "8.6 s at 20 KB (trailing-punctuation regex, quadratic)", small=2_000, large=20_000),
    Case("derivation_trailing_commas", "derivation", lambda n: "$$a" + " ," * (n // 2) + "b$$",
         "5.8 s at 20 KB", small=2_000, large=20_000),
    Case("derivation_lhs_space_runs", "derivation",
         lambda n: "$$" + ("L" + " " * 99) * (n // 100) + "= x$$",
         "quadratic left-hand-side search", small=2_000, large=20_000),
    # ---- maths reader (inputs are cut to its 2,000-character limit)
    Case("parse_space_run", "parse", lambda n: "a" + " " * min(n, 1_998) + "b",
         "8.5 s at 2,000 characters (cubic)", small=200, large=1_998),
)
