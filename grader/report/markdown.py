"""Human-readable reports: one per student, and the TA's review queue."""

from __future__ import annotations

from collections.abc import Sequence

from grader.outcome import PartResult, Status, SubmissionResult
from grader.rubric.assignment import Assignment

_STATUS_LABEL = {
    Status.CORRECT: "correct",
    Status.PARTIAL: "partial credit",
    Status.INCORRECT: "incorrect",
    Status.MISSING: "no answer found",
    Status.NEEDS_REVIEW: "to be reviewed by a TA",
}


def render_student_report(result: SubmissionResult, assignment: Assignment) -> str:
    """Feedback for one student: verdicts, scores and hints, no reference answers."""
    head = [f"# {assignment.rubric.title}: feedback for {result.submission}", ""]
    if result.error:
        head += [f"**Your submission could not be read:** {result.error}", ""]
    total = f"**Score: {result.score:g} / {result.max_score:g}**"
    if result.needs_review:
        total += " (provisional: some parts are waiting for a TA)"
    head += [total, ""]
    body = []
    for part in result.parts:
        body += _part_section(part, assignment)
    return "\n".join(head + body)


def _part_section(part: PartResult, assignment: Assignment) -> list[str]:
    prompt = assignment.rubric.part(part.part).prompt
    lines = [f"## {part.part}: {_STATUS_LABEL[part.status]} "
             f"({part.score:g} / {part.max_score:g})", ""]
    if prompt:
        lines += [f"*{prompt}*", ""]
    if part.interpreted_as:
        lines += [f"Read as: `{part.interpreted_as}`", ""]
    if part.feedback:
        lines += [*(f"- {line}" for line in part.feedback), ""]
    return lines


def render_review_queue(results: Sequence[SubmissionResult], assignment: Assignment,
                        warnings: Sequence[str] = ()) -> str:
    """Every part a TA must look at, with the text read and the grader's notes;
    ``warnings`` (decisions set aside) come first."""
    lines = [f"# Review queue: {assignment.rubric.title}", ""]
    if warnings:
        lines += ["## Decisions set aside", "", *(f"- {w}" for w in warnings), ""]
    pending = [(r, p) for r in results for p in r.parts if p.status is Status.NEEDS_REVIEW]
    unreadable = [r for r in results if r.error]
    lines += [f"{len(pending)} part(s) in {len({r.submission for r, _ in pending})} "
              f"submission(s) need a TA.", ""]
    for result in unreadable:
        lines += [f"## {result.submission}: unreadable", "", f"{result.error}", ""]
    for result, part in pending:
        if result.error:
            continue
        lines += [f"## {result.submission} · {part.part} (suggested {part.score:g} / "
                  f"{part.max_score:g})", ""]
        lines += [f"- {line}" for line in (*part.feedback, *part.ta_notes)]
        if part.interpreted_as:
            lines.append(f"- read as: `{part.interpreted_as}`")
        lines += ["", "```text", part.answer[:1500] or "(empty)", "```", ""]
    return "\n".join(lines)
