"""The interactive review queue: one undecided part at a time, in the terminal (rich).

For each part the grader sent to review it shows the part's question, the
student's text as read, how it was interpreted, the suggested score and why the
grader was unsure, and how many other submissions gave the same answer. The TA
accepts the suggestion, sets a score (for this submission or for its whole
answer group) with an optional comment for the student, skips, or quits. Every
decision is saved to ``OUT/decisions.yaml`` at once, so quitting loses nothing;
the outputs are rewritten with the decisions when the queue ends.
"""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.panel import Panel
from rich.prompt import FloatPrompt, Prompt
from rich.text import Text

from grader.cli.failures import ExitCode
from grader.decisions import (
    Decision,
    answer_key,
    apply_decisions,
    load_decisions,
    new_decision,
    record,
    save_decisions,
)
from grader.gradebook import write_gradebook
from grader.outcome import PartResult, Status, SubmissionResult
from grader.rubric.assignment import Assignment

_CHOICES = {"a": "accept the suggestion", "s": "set a score", "g": "set a score for the group",
            "k": "skip", "q": "quit"}
_ANSWER_SHOWN_CHARS = 1500


def run_queue(out: Path, rows: list[SubmissionResult], assignment: Assignment, *,
              by: str | None = None, console: Console | None = None) -> ExitCode:
    """Walk the review queue of ``out``; returns OK (quitting early is not a failure)."""
    console = console or Console()
    decisions = load_decisions(out)
    pending = _pending(rows, decisions)
    console.print(f"[bold]{len(pending)}[/] part(s) to review in {out} "
                  f"({assignment.rubric.title})")
    decided = 0
    for index, (row, part) in enumerate(pending, start=1):
        current = _pending(rows, decisions)
        if (row.submission, part.part) not in {(r.submission, p.part) for r, p in current}:
            continue  # a group decision already settled it
        _show(console, row, part, assignment, index, len(pending), _group_size(rows, part))
        choice = Prompt.ask("decide", choices=list(_CHOICES), default="k", console=console)
        if choice == "q":
            break
        if choice == "k":
            continue
        decision = _ask(console, row, part, choice, by)
        decisions = record(decisions, decision)
        save_decisions(out, decisions)
        decided += 1
    warnings = write_gradebook(out, rows, assignment)
    console.print(f"{decided} decision(s) recorded in {out / 'decisions.yaml'}; "
                  f"{len(_pending(rows, decisions))} part(s) still to review")
    for warning in warnings:
        console.print(f"[yellow]{warning}[/]")
    return ExitCode.OK


def _pending(rows: list[SubmissionResult], decisions: list[Decision]
             ) -> list[tuple[SubmissionResult, PartResult]]:
    applied, _ = apply_decisions(rows, decisions)
    by_id = {r.submission: r for r in rows}
    return [(by_id[r.submission], machine)
            for r in applied if not r.error
            for p, machine in zip(r.parts, by_id[r.submission].parts, strict=True)
            if p.status is Status.NEEDS_REVIEW]


def _group_size(rows: list[SubmissionResult], part: PartResult) -> int:
    key = answer_key(part)
    return sum(1 for r in rows for p in r.parts if p.part == part.part and answer_key(p) == key)


def _show(console: Console, row: SubmissionResult, part: PartResult, assignment: Assignment,
          index: int, total: int, group: int) -> None:
    prompt = assignment.rubric.part(part.part).prompt
    body = Text()
    if prompt:
        body.append(f"{prompt}\n\n", style="italic")
    body.append("Text read:\n", style="bold")
    body.append((part.answer[:_ANSWER_SHOWN_CHARS] or "(empty)") + "\n\n")
    if part.interpreted_as:
        body.append("Read as: ", style="bold")
        body.append(f"{part.interpreted_as}\n")
    body.append("Suggested: ", style="bold")
    body.append(f"{part.score:g} / {part.max_score:g}\n")
    body.append("Why unsure:\n", style="bold")
    for line in (*part.feedback, *part.ta_notes):
        body.append(f"  - {line}\n")
    if group > 1:
        body.append(f"\n{group - 1} other submission(s) gave the same answer.", style="cyan")
    console.print(Panel(body, title=f"[{index}/{total}] {row.submission} · {part.part}",
                        expand=False))


def _ask(console: Console, row: SubmissionResult, part: PartResult, choice: str,
         by: str | None) -> Decision:
    score = part.score
    if choice in ("s", "g"):
        while True:
            score = FloatPrompt.ask(f"score (0..{part.max_score:g})", console=console)
            if 0 <= score <= part.max_score:
                break
            console.print(f"[red]the score must be between 0 and {part.max_score:g}[/]")
    comment = Prompt.ask("comment for the student (optional)", default="", console=console)
    return new_decision(part, row.submission, score, comment=comment, group=choice == "g",
                        by=by)
