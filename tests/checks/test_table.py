"""TableChecker on the seeds' GDA tables and on the layouts students use."""

from __future__ import annotations

import types

import numpy as np
import pytest

from grader.answer import Answer
from grader.checks import get_checker
from grader.checks.base import PartKey
from grader.checks.table import TableChecker, TableParams, read_table
from grader.notation import Notation
from grader.outcome import Status
from grader.rubric.models import Misconception, Part


def _iterate(mode: str, steps: int = 6) -> np.ndarray:
    """GDA on f = pq from (1, 1): rows p, q (what the reference module computes)."""
    p, q = 1.0, 1.0
    columns = [(p, q)]
    for _ in range(steps):
        if mode == "alternating":
            q = q + p
            p = p - q
        elif mode == "simultaneous":
            p, q = p - q, q + p
        else:  # p first
            p = p - q
            q = q + p
        columns.append((p, q))
    return np.array(columns).T


def gda_step(prev: dict[str, float], cur: dict[str, float] | None = None) -> dict[str, float]:
    q = prev["q"] + prev["p"]
    return {"q": q, "p": prev["p"] - (cur["q"] if cur else q)}


def gda_step_prev_only(prev: dict[str, float]) -> dict[str, float]:
    q = prev["q"] + prev["p"]
    return {"q": q, "p": prev["p"] - q}


PARAMS = TableParams(rows=["p", "q"], labels={"p": ["p", "x", "p_t"], "q": ["q", "y", "q_t"]},
                     recurrence="gda_step")
MISCONCEPTIONS = (
    (Misconception(id="simultaneous_updates", points=2, reference="gda_table_simultaneous",
                   feedback="Your table matches simultaneous updates; the question asks for "
                            "alternating updates."), _iterate("simultaneous")),
    (Misconception(id="p_first", points=1, reference="gda_table_p_first",
                   feedback="Your table updates p first."), _iterate("p_first")),
)


def _key(params: TableParams = PARAMS, step=gda_step) -> PartKey:
    return PartKey(part=Part(id="4a.gda_table", points=4, kind="table"), params=params,
                   notation=Notation(), reference=_iterate("alternating"),
                   misconceptions=MISCONCEPTIONS,
                   module=types.SimpleNamespace(gda_step=step))


def _check(text: str, key: PartKey | None = None):
    return TableChecker().check(Answer("4a.gda_table", text), key or _key())


# Seed 000: tab-separated, q row first. Seed 001: $q_k$ header rows, simultaneous updates.
SEED_000 = (
    "$$\\begin{aligned} \\rightarrow q_{t+1} &:= q_t + p_t \\\\ "
    "\\rightarrow p_{t+1} &:= p_t - q_{t+1} \\end{aligned}$$\n\n"
    "t\t0\t1\t2\t3\t4\t5\t6\n"
    "q\t1\t2\t1\t-1\t-2\t-1\t1\n"
    "p\t1\t-1\t-2\t-1\t1\t2\t1\n\n"
    "$(p_t + q_t) \\rightarrow$ (points to row q)\n"
    " $(p_t - q_{t+1}) \\leftarrow$ (points to row p)\n")
SEED_001 = (
    "$$x_{i+1} = x_i - \\nabla_x f(x_i, y_i)$$\n\n"
    "$$y_{i+1} = y_i + \\nabla_y f(x_i, y_i)$$\n\n"
    "2a) ~~2a)~~\n\n"
    "\t$q_0$\t$q_1$\t$q_2$\t$q_3$\t$q_4$\t$q_5$\t$q_6$\n"
    "<del>2a)</del>\t1\t2\t2\t0\t-4\t-8\t-8\n"
    "\t$p_0$\t$p_1$\t$p_2$\t$p_3$\t$p_4$\t$p_5$\t$p_6$\n"
    "\t1\t0\t-2\t-4\t-4\t0\t8\n")
SEED_002 = (
    "Date: / / Page No.: Sy f(p,q) = pq min man f(p,q) def(prod)=p will walnote to o deg as "
    "max pay 30 heree only sitting pro will minimize max pay To a a ay 2 1 -1 -2 po P1 P2 P3 "
    "Py P5 P6 -1 -2 -1 1 2 1 b) No it is not possible to reach optimal value")

CORRECT_LAYOUTS = {
    "markdown": "| t | 0 | 1 | 2 | 3 | 4 | 5 | 6 |\n|---|---|---|---|---|---|---|---|\n"
                "| q | 1 | 2 | 1 | -1 | -2 | -1 | 1 |\n| p | 1 | -1 | -2 | -1 | 1 | 2 | 1 |",
    "markdown_p_first_row": "| | t=0 | t=1 | t=2 | t=3 | t=4 | t=5 | t=6 |\n|:-|-|-|-|-|-|-|-|\n"
                            "| $p_t$ | 1 | −1 | −2 | −1 | 1 | 2 | 1 |\n"
                            "| $q_t$ | 1 | 2 | 1 | −1 | −2 | −1 | 1 |",
    "latex": "\\begin{tabular}{c|ccccccc} t & 0 & 1 & 2 & 3 & 4 & 5 & 6 \\\\ \\hline "
             "$p_t$ & 1 & $-1$ & $-2$ & $-1$ & 1 & 2 & 1 \\\\ "
             "$q_t$ & 1 & 2 & 1 & $-1$ & $-2$ & $-1$ & 1 \\\\ \\end{tabular}",
    "latex_array_no_index": "$$\\begin{array}{cccccccc} q & 1 & 2 & 1 & -1 & -2 & -1 & 1 \\\\ "
                            "p & 1 & -1 & -2 & -1 & 1 & 2 & 1 \\end{array}$$",
    "transposed_markdown": "| t | q_t | p_t |\n|---|---|---|\n| 0 | 1 | 1 |\n| 1 | 2 | -1 |\n"
                           "| 2 | 1 | -2 |\n| 3 | -1 | -1 |\n| 4 | -2 | 1 |\n| 5 | -1 | 2 |\n"
                           "| 6 | 1 | 1 |",
    "transposed_latex": "t & p & q \\\\ 0 & 1 & 1 \\\\ 1 & -1 & 2 \\\\ 2 & -2 & 1 \\\\ "
                        "3 & -1 & -1 \\\\ 4 & 1 & -2 \\\\ 5 & 2 & -1 \\\\ 6 & 1 & 1",
    "x_y_space_separated": "x: 1, -1, -2, -1, 1, 2, 1\ny: 1, 2, 1, -1, -2, -1, 1",
    "assignments": "q_1 = q_0 + p_0 = 2, p_1 = p_0 - q_1 = -1\nq_2 = 1, p_2 = -2\n"
                   "q_3 = -1, p_3 = -1\nq_4 = -2, p_4 = 1\nq_5 = -1, p_5 = 2\n"
                   "q_6 = 1, p_6 = 1",
    "seed_000": SEED_000,
}

# (name, text, status, score, a feedback fragment or None)
GRADED = [
    ("seed_001_simultaneous", SEED_001, Status.PARTIAL, 2.0, "simultaneous"),
    ("p_first", "p 1 0 -1 -1 0 1 1\nq 1 1 0 -1 -1 0 1", Status.PARTIAL, 1.0, "p first"),
    # q_3 slipped (-2 for -1); p_3 and everything after follow from the student's own values.
    ("one_slip_carried_forward",
     "t 0 1 2 3 4 5 6\nq 1 2 1 -2 -2 0 2\np 1 -1 -2 0 2 2 0",
     Status.PARTIAL, 4 * 11 / 12, "q at t=3 does not follow"),
    ("stops_at_t4", "| t | 0 | 1 | 2 | 3 | 4 |\n|-|-|-|-|-|-|\n| q | 1 | 2 | 1 | -1 | -2 |\n"
                    "| p | 1 | -1 | -2 | -1 | 1 |", Status.PARTIAL, 4 * 8 / 12, "No value given"),
    ("all_wrong", "q 1 5 5 5 5 5 5\np 1 7 7 7 7 7 7", Status.INCORRECT, 0.0, "None of the values"),
]

# Text the checker must not read with confidence (suggested score, reason fragment in notes).
UNREADABLE = [
    ("seed_002_ocr", SEED_002, 4 * 10 / 12, "line up with q from t=1"),
    ("q_row_only", "q 1 2 1 -1 -2 -1 1\nthe p row is like q but shifted", 4 * 6 / 12,
     "no row for p"),
    ("short_row_without_index", "q 2 1 -1 -2 -1 1\np -1 -2 -1 1 2 1", 4.0,
     "6 values for 7 columns"),
    ("unreadable_cell", "q 1 2 1 -1 -2 -1 1\np 1 -1 -2 ?? 1 2 1", 4 * 11 / 12,
     "not read as numbers"),
    ("two_different_tables", "q 1 2 1 -1 -2 -1 1\np 1 -1 -2 -1 1 2 1\n\nq 1 2 2 0 -4 -8 -8\n"
                             "p 1 -1 -2 -1 1 2 1", None, "given 2 different ways"),
    ("no_table", "The iterates cycle and never converge.", 0.0, "no labelled rows"),
    ("wrong_start", "q 0 1 0 -1 -1 0 1\np 1 0 -1 -1 0 1 1", None, "t=0 differ"),
]


@pytest.mark.parametrize("text", CORRECT_LAYOUTS.values(), ids=CORRECT_LAYOUTS.keys())
def test_correct_tables_in_every_layout(text: str) -> None:
    outcome = _check(text)
    assert outcome.status is Status.CORRECT, outcome
    assert outcome.score == 4.0


@pytest.mark.parametrize(("name", "text", "status", "score", "fragment"), GRADED,
                         ids=[g[0] for g in GRADED])
def test_graded_tables(name: str, text: str, status: Status, score: float,
                       fragment: str | None) -> None:
    outcome = _check(text)
    assert outcome.status is status, outcome
    assert outcome.score == pytest.approx(score, abs=1e-3)
    if fragment:
        assert any(fragment in f for f in outcome.feedback), outcome.feedback


@pytest.mark.parametrize(("name", "text", "suggested", "fragment"), UNREADABLE,
                         ids=[u[0] for u in UNREADABLE])
def test_unreadable_tables_go_to_review(name: str, text: str, suggested: float | None,
                                        fragment: str) -> None:
    outcome = _check(text)
    assert outcome.status is Status.NEEDS_REVIEW, outcome
    if suggested is not None:
        assert outcome.score == pytest.approx(suggested, abs=1e-3)
    assert any(fragment in note for note in outcome.ta_notes), outcome.ta_notes


def test_feedback_never_reveals_reference_values() -> None:
    outcome = _check("q 1 2 1 -2 -2 0 2\np 1 -1 -2 0 2 2 0")
    text = " ".join(outcome.feedback)
    assert "reference" not in text
    assert "-1" not in text  # the right q_3
    assert any("reference -1" in n for n in outcome.ta_notes)


def test_one_argument_recurrence_still_carries_errors_forward() -> None:
    # Without the student's new q, p_3 computed from the slipped q_3 also counts as a slip.
    key = _key(step=gda_step_prev_only)
    outcome = _check("t 0 1 2 3 4 5 6\nq 1 2 1 -2 -2 0 2\np 1 -1 -2 0 2 2 0", key)
    assert outcome.score == pytest.approx(4 * 10 / 12, abs=1e-3)


def test_without_recurrence_later_cells_are_compared_with_the_reference() -> None:
    params = PARAMS.model_copy(update={"recurrence": None})
    outcome = _check("t 0 1 2 3 4 5 6\nq 1 2 1 -2 -2 0 2\np 1 -1 -2 0 2 2 0", _key(params))
    assert outcome.status is Status.PARTIAL
    assert outcome.score == pytest.approx(4 * 6 / 12)
    assert any("q at t=3 is not right" in f for f in outcome.feedback)


def test_seed_001_reads_subscript_header_rows() -> None:
    reading = read_table(SEED_001, PARAMS)
    assert reading.layout == "subscript headers"
    assert reading.rows["q"][0] == {0: 1, 1: 2, 2: 2, 3: 0, 4: -4, 5: -8, 6: -8}
    assert reading.rows["p"][0][6] == 8


def test_params_reject_labels_for_unknown_rows() -> None:
    with pytest.raises(ValueError, match="not in 'rows'"):
        TableParams(rows=["p"], labels={"q": ["y"]})
    with pytest.raises(ValueError):
        TableParams(rows=["p"], colour="red")


def test_registered_under_table() -> None:
    assert isinstance(get_checker("table"), TableChecker)
    assert get_checker("table").Params is TableParams
