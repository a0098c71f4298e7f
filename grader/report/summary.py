"""The class summary page: distributions, common wrong answers, review load, links.

For TAs and the instructor: the distribution of totals and of each part's
scores (matplotlib, SVG embedded in the page, so it works offline), per part
the most common wrong answers and the misconceptions the checkers recognised
with their counts, the parts most often sent to review, and a link to every
student's report and its TA version.
"""

from __future__ import annotations

import html
import io
import re
from collections import Counter
from collections.abc import Sequence

from grader.outcome import Status, SubmissionResult
from grader.report.html import page
from grader.rubric.assignment import Assignment

_MISCONCEPTION = re.compile(r"matches misconception ([\w.\-]+)")
_WRONG = (Status.INCORRECT, Status.PARTIAL)
TOP_ANSWERS_DEFAULT = 3


def render_summary_html(results: Sequence[SubmissionResult], assignment: Assignment) -> str:
    rubric = assignment.rubric
    graded = [r for r in results if not r.error]
    final = sum(r.final for r in graded)
    mean = sum(r.decided_score for r in graded) / len(graded) if graded else 0.0
    body = [f"<h1>{html.escape(rubric.title)}: class summary</h1>",
            f"<p>{len(results)} submission(s), {len(results) - len(graded)} unreadable; "
            f"{final} final; mean decided score {mean:.2f} / {rubric.max_score:g}.</p>",
            "<h2>Totals</h2>", _totals_plot(graded, rubric.max_score),
            "<h2>Parts</h2>", _parts_plot(graded, assignment), _parts_table(graded, assignment),
            "<h2>Most often in review</h2>", _review_list(results),
            "<h2>Reports</h2>", _links(results)]
    return page(f"{rubric.title}: class summary", "\n".join(body))


def _svg(figure) -> str:
    import matplotlib.pyplot as plt

    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight")
    plt.close(figure)
    text = buffer.getvalue()
    return text[text.index("<svg"):]  # drop the XML prologue and doctype


def _figure(width: float, height: float):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt.subplots(figsize=(width, height))


def _totals_plot(results: Sequence[SubmissionResult], max_score: float) -> str:
    figure, axes = _figure(6, 2.6)
    axes.hist([r.decided_score for r in results], bins=min(20, max(5, int(max_score))),
              range=(0, max_score), color="#4c78a8", edgecolor="white")
    axes.set_xlabel("decided points")
    axes.set_ylabel("submissions")
    return _svg(figure)


#: Stacking order and colours of the per-part verdict distribution.
_STACK = ((Status.CORRECT, "#59a14f"), (Status.PARTIAL, "#edc948"),
          (Status.INCORRECT, "#e15759"), (Status.MISSING, "#bab0ac"),
          (Status.NEEDS_REVIEW, "#4e79a7"))


def _parts_plot(results: Sequence[SubmissionResult], assignment: Assignment) -> str:
    """Each part's distribution of verdicts, one stacked bar per part."""
    ids = [p.id for p in assignment.rubric.parts][::-1]
    counts = {i: Counter(p.status for r in results for p in r.parts if p.part == i)
              for i in ids}
    figure, axes = _figure(7, 0.25 * len(ids) + 1.2)
    left = [0] * len(ids)
    for status, colour in _STACK:
        widths = [counts[i][status] for i in ids]
        axes.barh(ids, widths, left=left, color=colour, label=status.value)
        left = [a + b for a, b in zip(left, widths, strict=True)]
    axes.set_xlabel("submissions")
    axes.tick_params(axis="y", labelsize=7)
    axes.legend(ncol=5, fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.12))
    return _svg(figure)


def _parts_table(results: Sequence[SubmissionResult], assignment: Assignment) -> str:
    rows = ["<table><tr><th>part</th><th>points</th><th>correct</th><th>in review</th>"
            "<th>missing</th><th>most common wrong answers</th><th>misconceptions</th></tr>"]
    for spec in assignment.rubric.parts:
        parts = [p for r in results for p in r.parts if p.part == spec.id]
        count = Counter(p.status for p in parts)
        wrong = Counter(p.interpreted_as or " ".join(p.answer.split())[:60]
                        for p in parts if p.status in _WRONG)
        hits = Counter(m for p in parts for n in p.ta_notes for m in _MISCONCEPTION.findall(n))
        rows.append(
            f"<tr><td>{html.escape(spec.id)}</td><td>{spec.points:g}</td>"
            f"<td>{count[Status.CORRECT]}</td><td>{count[Status.NEEDS_REVIEW]}</td>"
            f"<td>{count[Status.MISSING]}</td><td>{_counted(wrong)}</td>"
            f"<td>{_counted(hits)}</td></tr>")
    return "".join(rows) + "</table>"


def _counted(counter: Counter[str]) -> str:
    return "<br>".join(f"{n}× <code>{html.escape(text)}</code>"
                       for text, n in counter.most_common(TOP_ANSWERS_DEFAULT))


def _review_list(results: Sequence[SubmissionResult]) -> str:
    load = Counter(p.part for r in results for p in r.parts if p.status is Status.NEEDS_REVIEW)
    if not load:
        return "<p>No part is waiting for a TA.</p>"
    return "<ol>" + "".join(f"<li><code>{html.escape(part)}</code>: {n} submission(s)</li>"
                            for part, n in load.most_common()) + "</ol>"


def _links(results: Sequence[SubmissionResult]) -> str:
    items = []
    for r in results:
        name = html.escape(r.submission)
        state = "unreadable" if r.error else ("final" if r.final else "pending review")
        items.append(f"<li><a href='reports/{name}.html'>{name}</a> "
                     f"(<a href='ta/{name}.html'>TA</a>) · {r.decided_score:g} · {state}</li>")
    return "<ul>" + "".join(items) + "</ul>"
