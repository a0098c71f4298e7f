"""Self-contained HTML reports: one per student, a TA version with the key.

Pages need no network and no script: the styles are inline and maths is
MathML (``grader/report/mathml.py``). Everything a student wrote is escaped or
rebuilt from an allow-list. The student page never shows a reference answer
or the TA notes; the TA page adds both.
"""

from __future__ import annotations

import html
from typing import Any

from grader.outcome import PartResult, Status, SubmissionResult
from grader.report.markdown import _STATUS_LABEL
from grader.report.mathml import latex_to_mathml, text_with_maths
from grader.rubric.assignment import Assignment

STYLE = """
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:52rem;margin:2rem auto;
padding:0 1rem;color:#1d2430;line-height:1.5}
h1{font-size:1.5rem}h2{font-size:1.1rem;margin:0}
.part{border:1px solid #d8dde6;border-radius:.5rem;padding:.8rem 1rem;margin:1rem 0}
.head{display:flex;justify-content:space-between;align-items:baseline;gap:1rem}
.badge{border-radius:1rem;padding:.1rem .7rem;font-size:.85rem;white-space:nowrap}
.correct{background:#dcf5e3}.partial{background:#fff1c9}.incorrect{background:#fde0e0}
.missing{background:#eceff4}.needs_review{background:#e2ecff}
.read{background:#f7f8fb;border-left:3px solid #b8c2d3;padding:.4rem .7rem;overflow-x:auto}
.muted{color:#5b6577;font-size:.9rem}.ta{background:#fff8e6;padding:.4rem .7rem}
table{border-collapse:collapse}td,th{border:1px solid #d8dde6;padding:.2rem .5rem;text-align:left}
"""


def page(title: str, body: str) -> str:
    """A complete HTML document."""
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(title)}</title><style>{STYLE}</style></head>"
            f"<body>\n{body}\n</body></html>\n")


def render_student_html(result: SubmissionResult, assignment: Assignment, *,
                        for_ta: bool = False) -> str:
    """A student's report (``for_ta`` adds the reference and the TA notes)."""
    title = f"{assignment.rubric.title}: {result.submission}"
    body = [f"<h1>{html.escape(title)}</h1>", _total(result)]
    if result.error:
        body.append(f"<p><strong>Your submission could not be read:</strong> "
                    f"{html.escape(result.error)}</p>")
    body += [_part_section(part, assignment, for_ta) for part in result.parts]
    return page(title + (" (TA)" if for_ta else ""), "\n".join(body))


def _total(result: SubmissionResult) -> str:
    line = f"<p><strong>Score: {result.decided_score:g} / {result.max_score:g}</strong>"
    if result.pending_points:
        line += (f" <span class='muted'>({result.pending_points:g} more points are waiting "
                 "for a TA)</span>")
    return line + "</p>"


def _part_section(part: PartResult, assignment: Assignment, for_ta: bool) -> str:
    spec = assignment.rubric.part(part.part)
    shown_score = "–" if part.status is Status.NEEDS_REVIEW else f"{part.score:g}"
    lines = [f'<section class="part" id="{html.escape(part.part)}">',
             f'<div class="head"><h2>{html.escape(part.part)}</h2>'
             f'<span class="badge {part.status.value}">{_STATUS_LABEL[part.status]} · '
             f"{shown_score} / {part.max_score:g}</span></div>"]
    if spec.prompt:
        lines.append(f"<p class='muted'>{text_with_maths(spec.prompt)}</p>")
    if part.answer:
        lines.append(f"<div class='read'>{text_with_maths(part.answer)}</div>")
    if part.interpreted_as:
        lines.append(f"<p class='muted'>Read as: <code>{html.escape(part.interpreted_as)}"
                     "</code></p>")
    if part.feedback:
        lines.append("<ul>" + "".join(f"<li>{text_with_maths(f)}</li>" for f in part.feedback)
                     + "</ul>")
    if for_ta:
        lines.append(_ta_block(part, assignment))
    lines.append("</section>")
    return "\n".join(lines)


def _ta_block(part: PartResult, assignment: Assignment) -> str:
    key = assignment.keys[part.part]
    # a worded part's reference is the rubric's model answer (nothing is computed)
    reference = (text_with_maths(key.part.model_answer)
                 if key.reference is None and key.part.model_answer
                 else render_value(key.reference))
    rows = [f"<div class='ta'><strong>Reference:</strong> {reference}"]
    for form, value in key.accepted:
        rows.append(f"<br><strong>Also accepted:</strong> {render_value(value)}"
                    + (f" <span class='muted'>({html.escape(form.note)})</span>"
                       if form.note else ""))
    rows += [f"<br><span class='muted'>{html.escape(n)}</span>" for n in part.ta_notes]
    return "".join(rows) + "</div>"


def render_value(value: Any) -> str:
    """A reference value for TAs: sympy as MathML, arrays as tables, anything else as text."""
    if value is None:
        return "<span class='muted'>computed by the part's check</span>"
    try:
        import sympy

        if isinstance(value, sympy.Basic):
            return latex_to_mathml(sympy.latex(value)) or html.escape(str(value))
    except Exception:  # a value sympy cannot print is shown as text
        return html.escape(str(value)[:500])
    shape = getattr(value, "shape", None)
    if shape is not None and len(shape) == 2 and shape[0] * shape[1] <= 400:
        cells = "".join("<tr>" + "".join(f"<td>{_cell(x)}</td>" for x in row) + "</tr>"
                        for row in value.tolist())
        return f"<table>{cells}</table>"
    return html.escape(str(value)[:500])


def _cell(value: Any) -> str:
    return html.escape(f"{value:g}" if isinstance(value, float) else str(value))
