"""Each case the fuzzing found (``cases.py``): within the time bound, and linear.

The large size must run under ``TIME_BOUND_S``; and ten times the input must
cost at most ``RATIO_BOUND`` times as much (linear is 10, quadratic 100). The
small size is timed three times (best kept) and floored at ``FLOOR_S`` so
timer noise on tiny inputs does not make the ratio.
"""

from __future__ import annotations

import pytest

from tests.fuzz.cases import CASES, Case
from tests.fuzz.entry import TIME_BOUND_S, run

RATIO_BOUND = 30.0
FLOOR_S = 0.002


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_case_is_fast_and_scales_linearly(case: Case) -> None:
    small_text, large_text = case.shape(case.small), case.shape(case.large)
    small = min(run(case.entry, small_text) for _ in range(3))
    large = run(case.entry, large_text)
    assert large < TIME_BOUND_S, (
        f"{case.name}: {len(large_text):,} characters took {large:.2f} s "
        f"(bound {TIME_BOUND_S} s; before the fix: {case.before})")
    ratio = large / max(small, FLOOR_S)
    if ratio >= RATIO_BOUND * case.large / case.small / 10:
        # One slow run is often another process's doing on a shared machine: time
        # both sizes again, best of three, before calling the shape super-linear.
        small = min(run(case.entry, small_text) for _ in range(3))
        large = min(run(case.entry, large_text) for _ in range(3))
        ratio = large / max(small, FLOOR_S)
    assert ratio < RATIO_BOUND * case.large / case.small / 10, (
        f"{case.name}: {len(small_text):,} → {len(large_text):,} characters took "
        f"{small * 1000:.1f} → {large * 1000:.1f} ms ({ratio:.0f}x): super-linear")


def test_deep_notebook_is_refused_naming_the_limit() -> None:
    from pathlib import Path

    from grader.errors import SubmissionError
    from grader.ingest.formats import MAX_JSON_DEPTH_DEFAULT, notebook_markdown

    with pytest.raises(SubmissionError, match=f"more than {MAX_JSON_DEPTH_DEFAULT} levels"):
        notebook_markdown("[" * 100_000 + "]" * 100_000, Path("deep.ipynb"))


def test_json_depth_skips_strings_and_escapes() -> None:
    from grader.ingest.formats import json_depth

    assert json_depth('{"a": [1, "[[[\\"[[", {"b": []}]}') == 4
    assert json_depth('"\\\\" [[]]') == 2
    assert json_depth("[" * 10_000, limit=5) == 6  # stops just past the limit


def test_deep_latex_groups_are_refused_naming_the_limit() -> None:
    from grader.errors import SubmissionError
    from grader.ingest.latex import MAX_TEX_GROUP_DEPTH_DEFAULT

    deep = "\\textbf{" * (MAX_TEX_GROUP_DEPTH_DEFAULT + 1) + "x" + "}" * 60
    with pytest.raises(SubmissionError, match=f"at most {MAX_TEX_GROUP_DEPTH_DEFAULT} levels"):
        run_tex(deep)
    shallow = "\\textbf{" * MAX_TEX_GROUP_DEPTH_DEFAULT + "x" + "}" * MAX_TEX_GROUP_DEPTH_DEFAULT
    assert run_tex(shallow) == "x"


def run_tex(source: str) -> str:
    from grader.ingest.latex import tex_to_markdown

    return tex_to_markdown(source, "deep.tex")


def test_stash_marks_in_a_file_are_not_read_as_stash_entries() -> None:
    from grader.ingest.latex import display_environments, tex_to_markdown

    read = tex_to_markdown("$\ue0000\ue001$ and $\ue0009\ue001$")
    assert read == "$\ufffd0\ufffd$ and $\ufffd9\ufffd$"
    assert display_environments("$\ue0000\ue001$") == "$\ufffd0\ufffd$"


def test_a_cut_line_sends_its_part_to_review() -> None:
    from grader.segment import render_sheet, segment_submission
    from grader.segment.limits import CUT_CONFIDENCE_DEFAULT, MAX_LINE_CHARS_DEFAULT
    from tests.fuzz.entry import rubric

    sheet_rubric = rubric("seqmodels-a5")
    long_line = "O(t n^2 L) " + "because it runs " * (MAX_LINE_CHARS_DEFAULT // 16 + 100)
    text = render_sheet(sheet_rubric).replace("_(your answer)_", long_line, 1)
    answers = segment_submission(text, sheet_rubric)
    first = answers[sheet_rubric.parts[0].id]
    assert first.text.startswith("O(t n^2 L) because")
    assert first.text.endswith("more characters not read]")
    assert first.confidence == CUT_CONFIDENCE_DEFAULT
    assert all(a.confidence == 1.0 for a in answers.values() if a is not first)


def test_a_long_answer_is_cut_and_sent_to_review() -> None:
    from grader.answer import Answer
    from grader.segment.limits import (
        CUT_CONFIDENCE_DEFAULT,
        MAX_ANSWER_CHARS_DEFAULT,
        limit_answer,
    )

    short = Answer("1a", "O(n)", confidence=0.9)
    assert limit_answer(short) is short
    long = limit_answer(Answer("1a", "x " * MAX_ANSWER_CHARS_DEFAULT, confidence=0.9))
    assert len(long.text) < MAX_ANSWER_CHARS_DEFAULT + 60
    assert long.text.endswith("more characters not read]")
    assert long.confidence == CUT_CONFIDENCE_DEFAULT
