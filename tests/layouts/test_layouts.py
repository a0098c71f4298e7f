"""Every answer-key case, planted into generated layouts, gets its key verdict or goes to review.

Property (issue #8): for every part of every rubric, whatever the layout, the
grader gives the planted answer the verdict the answer key gives it (with its
points), or ``needs_review``; never a confident different verdict (``missing``
for an answer that is there included).

Two tests, both over hypothesis-drawn layouts (``derandomize``: the same
examples in every run):

- ``test_layouts_that_read_today`` draws only layout values and planted answer
  categories not listed in ``KNOWN_FAILING_LAYOUTS`` and fails on any wrong
  verdict (but on a part whose label trait is listed, which no draw avoids);
- ``test_every_wrong_verdict_is_a_known_failure`` draws from every value and
  fails on a wrong verdict no listed entry explains; the parts an entry
  explains are skipped with the entry's reason printed.

Run with ``-s`` for the table: per layout dimension value, parts planted,
right, review, wrong (and skipped as known). When the reader is fixed for a
category, remove its entry: the first test then covers it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grader.cache import MemoryCache
from grader.rubric.assignment import Assignment, load_assignment
from tests.conftest import ASSIGNMENT_IDS
from tests.layouts.generator import DIMENSIONS, PART_TRAITS, Layout, render
from tests.layouts.judge import Judged, grade_rendered
from tests.layouts.plants import Plant, plants_by_part

#: Documents per assignment and test: 2 × 5 × this many gradings stay well under a minute.
EXAMPLES_PER_ASSIGNMENT = 12
#: Share (in %) of parts planted with a placeholder or an empty answer.
BLANK_PERCENT = 15


@dataclass(frozen=True)
class KnownFailure:
    """A layout value (or part trait) that gives confident wrong verdicts on main today."""

    dimension: str
    value: str
    category: str
    example: str
    observed: str

    @property
    def reason(self) -> str:
        return (f"known failing layout {self.dimension}={self.value!r}: {self.category}; "
                f"e.g. {self.example!r} → {self.observed}")


# Measured on main (114d088, again on e16bedc) with the generator of this directory; each
# entry names the category of input, a minimal example and the wrong verdict seen. Remove
# an entry when the reader is fixed for its category.
KNOWN_FAILING_LAYOUTS: list[KnownFailure] = [
    KnownFailure("label shared", "by parts defining one symbol",
                 "two parts under one label, both answered 'M = …', each under its question "
                 "line: the reader merges them (the last expression wins)",
                 "### Question 1.2\n*M for this feature map.*\nM = 1 + D + D^2\n"
                 "*M when K terms of the series are kept.*\n$M = \\frac{D^K - 1}{D - 1}$",
                 "1.2.M incorrect (graded on the second expression), 1.2.M_general missing"),
    KnownFailure("answer", "empty",
                 "a question line restated with nothing under it: the question is graded "
                 "as the answer",
                 "### (c)\n*Does self-attention look across tokens?*\n"
                 "*Is self-attention a bottleneck for parallelism?*\nNo. All positions …",
                 "1c.attention_across_tokens correct (1 pt) on its question line; "
                 "4b.converges incorrect likewise"),
    KnownFailure("scheme", "(i)",
                 "roman sub-part labels (i), (ii), (iii) under 'Question N': the parts of "
                 "the question are merged into one answer",
                 "## Question 4\n### (i)\n*Var(qᵀk) for q, k …*\nVar(q^T k) = d\n### (ii)\n"
                 "*Why divide the logits by √d?*\nDividing by √d gives the logits unit …",
                 "4a.dot_variance partial (1 of 2 pts) on the text of (i) and (ii) together"),
    KnownFailure("grouping", "list",
                 "a bullet list of 'question: answer' items under one label: the whole list "
                 "goes to one part, the others are missing",
                 "### (a)\n- Time of one forward pass over a mini-batch: O(L B d^2)\n"
                 "- Time of the backward pass: O(L B d^2)\n"
                 "- Memory needed to compute the gradient: O(L B d)",
                 "1a.forward_time and 1a.activation_memory missing (the list read as "
                 "1a.backward_time, in review)"),
    KnownFailure("grouping", "table",
                 "a 'question | answer' table under one label: the whole table goes to one "
                 "part, the others are missing",
                 "### (a)\n| question | answer |\n|---|---|\n"
                 "| Time of one forward pass over a mini-batch | O(L B d^2) |\n"
                 "| Time of the backward pass | O(L B d^2) | …",
                 "1a.backward_time and 1a.activation_memory missing"),
    KnownFailure("grouping", "inline",
                 "several 'question: answer' pairs on one line: the line goes to one part, "
                 "the others are missing",
                 "Time of one forward pass over a mini-batch: O(L B d^2); Time of the "
                 "backward pass: O(L B d^2); Memory needed to compute the gradient: O(L B d)",
                 "1a.backward_time and 1a.activation_memory missing"),
    KnownFailure("single", "bare",
                 "a part alone under its label, answered without restating the question",
                 "## Question 1\n### (a)\n4 h d^2\n### (b)\nO(n d^2 + n^2 d)",
                 "1a.mha_params missing (its 'd^2' read as 4a.dot_variance's answer)"),
    KnownFailure("order", "shuffled",
                 "questions, sub-parts and parts in a random order",
                 "… ## Question 4 … ## Question 1 …",
                 "1a.mha_params missing, 3a.closed_form missing, 2a.attention_weights missing"),
    KnownFailure("order", "reversed",
                 "questions, sub-parts and parts in reverse order",
                 "## Question 5 … ## Question 1 …",
                 "4a.minmax_value missing, 2a.grad_logits missing"),
    KnownFailure("noise", "ocr",
                 "scanned bounds (O read as 0, superscripts lost) under their question "
                 "lines: all of a label's bounds go to its first part",
                 "### (a)\n*Time of one forward pass over a mini-batch.*\n0(L B d2)\n"
                 "*Time of the backward pass.*\n0(L B d2)\n"
                 "*Memory needed to compute the gradient.*\n0(L B d)",
                 "1a.backward_time and 1a.activation_memory missing"),
    KnownFailure("format", "tex",
                 "LaTeX: the \\emph{question} line above an answer is read as the answer "
                 "when the question has maths in it",
                 "\\emph{Activation memory when only every √L-th layer's activations are "
                 "stored.}\n\nO(L^{1/2} B d)",
                 "1b.checkpointing incorrect (graded on √L from the question)"),
]

_KNOWN = {(k.dimension, k.value): k for k in KNOWN_FAILING_LAYOUTS}
_CACHE = MemoryCache()
_TALLY: dict[tuple[str, str], Counter] = defaultdict(Counter)
_REASONS: Counter = Counter()


def _values(dimension: str, *, known: bool) -> tuple[str, ...]:
    values = DIMENSIONS.get(dimension) or PART_TRAITS[dimension]
    return tuple(v for v in values if known or (dimension, v) not in _KNOWN)


def _layouts(*, known: bool) -> st.SearchStrategy[Layout]:
    return st.builds(Layout, seed=st.integers(0, 10**6),
                     **{d: st.sampled_from(_values(d, known=known)) for d in DIMENSIONS})


def _plants(assignment_id: str, draws: list[int], *, known: bool) -> dict[str, Plant]:
    """One plant per part: a blank for ``BLANK_PERCENT`` of the draws, else an answer-key case."""
    allowed = set(_values("answer", known=known))
    chosen = {}
    for (part_id, plants), draw in zip(sorted(plants_by_part(assignment_id).items()), draws,
                                       strict=False):
        blank = draw % 100 < BLANK_PERCENT
        pool = [p for p in plants if p.category in allowed
                and (p.category in ("placeholder", "empty")) == blank] or [
                    p for p in plants if p.category in allowed]
        chosen[part_id] = pool[draw // 100 % len(pool)]
    return chosen


def _draws() -> st.SearchStrategy[list[int]]:
    return st.lists(st.integers(0, 10**6), min_size=32, max_size=32)


def _explained(judged: Judged) -> list[KnownFailure]:
    """The entries whose layout value or trait this part has (any may be the cause)."""
    return [_KNOWN[(d, v)] for d, v in judged.applied.items() if (d, v) in _KNOWN]


@cache
def _assignment(assignment_id: str) -> Assignment:
    return load_assignment(assignment_id)


def _grade(assignment_id: str, layout: Layout, draws: list[int], *,
           known: bool) -> list[tuple[Judged, list[KnownFailure]]]:
    assignment = _assignment(assignment_id)
    plants = _plants(assignment_id, draws, known=known)
    rendered = render(assignment.rubric, plants, layout)
    found = []
    for judged in grade_rendered(rendered, assignment, plants, cache=_CACHE):
        entries = _explained(judged) if judged.outcome == "wrong" else []
        for dimension_value in judged.applied.items():
            _TALLY[dimension_value]["known" if entries else judged.outcome] += 1
        for entry in entries:
            _REASONS[entry.reason] += 1
        found.append((judged, entries))
    return found


def _describe(judged: Judged, layout: Layout) -> str:
    return (f"{judged.plant.part_id}: planted {judged.plant.text[:80]!r} "
            f"(key: {judged.plant.status}, {judged.plant.points:g} pts), got "
            f"{judged.result.status.value} ({judged.result.score:g} pts) on "
            f"{judged.result.answer[:120]!r}; layout {layout}")


@pytest.mark.parametrize("assignment_id", ASSIGNMENT_IDS)
@settings(max_examples=EXAMPLES_PER_ASSIGNMENT, deadline=None)
@given(layout=_layouts(known=False), draws=_draws())
def test_layouts_that_read_today(assignment_id, layout, draws):
    wrong = [_describe(j, layout) for j, entry in _grade(assignment_id, layout, draws,
                                                         known=False)
             if j.outcome == "wrong" and not entry]
    assert not wrong, "confident wrong verdicts:\n" + "\n".join(wrong)


@pytest.mark.parametrize("assignment_id", ASSIGNMENT_IDS)
@settings(max_examples=EXAMPLES_PER_ASSIGNMENT, deadline=None)
@given(layout=_layouts(known=True), draws=_draws())
def test_every_wrong_verdict_is_a_known_failure(assignment_id, layout, draws):
    wrong = [_describe(j, layout) for j, entry in _grade(assignment_id, layout, draws,
                                                         known=True)
             if j.outcome == "wrong" and not entry]
    assert not wrong, ("confident wrong verdicts no KNOWN_FAILING_LAYOUTS entry explains:\n"
                       + "\n".join(wrong))


def test_known_failures_name_real_layout_values():
    for entry in KNOWN_FAILING_LAYOUTS:
        assert entry.value in (DIMENSIONS.get(entry.dimension)
                               or PART_TRAITS[entry.dimension]), entry


@pytest.fixture(scope="module", autouse=True)
def _print_table():
    yield
    if not _TALLY:
        return
    print("\n\nplanted answers by layout value: planted / right / review / wrong "
          "(/ wrong, skipped as a known failure)")
    for dimension in (*DIMENSIONS, *PART_TRAITS):
        for value in DIMENSIONS.get(dimension) or PART_TRAITS[dimension]:
            counts = _TALLY.get((dimension, value), Counter())
            total = sum(counts.values())
            mark = "  KNOWN FAILING" if (dimension, value) in _KNOWN else ""
            print(f"  {dimension:12s} {value:30s} {total:5d} {counts['right']:5d} "
                  f"{counts['review']:5d} {counts['wrong']:5d} {counts['known']:5d}{mark}")
    for reason, count in _REASONS.most_common():
        print(f"skipped {count} wrong verdict(s) with this value: {reason}")
    unseen = [k for k in KNOWN_FAILING_LAYOUTS if not any(k.reason == r for r in _REASONS)]
    for entry in unseen:
        print(f"no wrong verdict seen for {entry.dimension}={entry.value!r} in this run: "
              "if it stays so, remove the entry")
