"""The TA's commands on an output folder: review, groups, export, remove (issue #11)."""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

from grader.cli.failures import ExitCode
from grader.outcome import PartResult, Status, SubmissionResult


def add_parsers(commands: argparse._SubParsersAction) -> None:
    review = commands.add_parser(
        "review", help="decide the parts the grader was unsure of (interactive, or --set)")
    review.add_argument("out", type=Path, help="output folder of an earlier grade")
    review.add_argument("--set", nargs=3, metavar=("PART", "SUBMISSION", "SCORE"),
                        help="record one decision without the interactive queue")
    review.add_argument("--comment", default="", help="shown to the student with the score")
    review.add_argument("--group", action="store_true",
                        help="with --set: decide for every submission whose answer reads the same")
    review.add_argument("--by", default=None, help="who decides (default: the user name)")
    review.set_defaults(handler=_review)

    groups = commands.add_parser("groups", help="a part's distinct answers, largest group first")
    groups.add_argument("out", type=Path)
    groups.add_argument("part")
    groups.set_defaults(handler=_groups)

    export = commands.add_parser("export", help="export a gradebook for an LMS")
    export.add_argument("out", type=Path, help="output folder of an earlier grade")
    export.add_argument("--format", required=True, choices=["canvas", "moodle", "gradescope",
                                                            "csv"])
    export.add_argument("--roster", type=Path, default=None,
                        help="CSV mapping submissions (column 'file') to students")
    export.add_argument("--output", type=Path, default=None,
                        help="file to write (default OUT/export-FORMAT.csv)")
    export.add_argument("--include-pending", action="store_true",
                        help="export decided points of submissions still in review too")
    export.set_defaults(handler=_export)

    remove = commands.add_parser("remove", help="remove submissions from a gradebook")
    remove.add_argument("out", type=Path, help="output folder of an earlier grade")
    remove.add_argument("submissions", nargs="+", help="submission ids (grades.csv's first column)")
    remove.set_defaults(handler=_remove)


# --- review ------------------------------------------------------------------------------

def _review(args: argparse.Namespace) -> ExitCode:
    from grader.gradebook import open_gradebook
    from grader.outdir import output_lock

    with output_lock(args.out):
        gradebook, assignment = open_gradebook(args.out)
        if args.set:
            return _set_one(args, gradebook.rows, assignment)
        from grader.cli.review_queue import run_queue

        return run_queue(args.out, gradebook.rows, assignment, by=args.by)


def _set_one(args: argparse.Namespace, rows: list[SubmissionResult], assignment) -> ExitCode:
    from grader.decisions import answer_key, load_decisions, new_decision, record, save_decisions
    from grader.gradebook import write_gradebook

    part_id, submission, score_text = args.set
    part = find_part(rows, submission, part_id)
    if part is None:
        print(f"grader: {args.out}: no part {part_id!r} of submission {submission!r}",
              file=sys.stderr)
        return ExitCode.USAGE
    try:
        score = float(score_text)
    except ValueError:
        print(f"grader: score {score_text!r} is not a number", file=sys.stderr)
        return ExitCode.USAGE
    decision = new_decision(part, submission, score, comment=args.comment, group=args.group,
                            by=args.by)
    save_decisions(args.out, record(load_decisions(args.out), decision))
    warnings = write_gradebook(args.out, rows, assignment)
    shared = sum(1 for r in rows for p in r.parts
                 if p.part == part_id and answer_key(p) == decision.answer_key)
    scope = f"{shared} submission(s) with this answer" if args.group else submission
    print(f"recorded: {part_id} = {score:g} for {scope}", file=sys.stderr)
    for warning in warnings:
        print(f"grader: {warning}", file=sys.stderr)
    return ExitCode.OK


def find_part(rows: list[SubmissionResult], submission: str, part_id: str) -> PartResult | None:
    for row in rows:
        if row.submission == submission:
            return next((p for p in row.parts if p.part == part_id), None)
    return None


# --- groups ------------------------------------------------------------------------------

def answer_groups(rows: list[SubmissionResult], part_id: str
                  ) -> list[tuple[PartResult, list[str]]]:
    """A part's answers grouped by answer key: (an example part, members), largest first."""
    from grader.decisions import answer_key

    members: dict[str, list[str]] = defaultdict(list)
    example: dict[str, PartResult] = {}
    for row in rows:
        for part in row.parts:
            if part.part == part_id and part.status is not Status.MISSING:
                key = answer_key(part)
                members[key].append(row.submission)
                example.setdefault(key, part)
    return sorted(((example[k], m) for k, m in members.items()), key=lambda g: -len(g[1]))


def _groups(args: argparse.Namespace) -> ExitCode:
    from rich.console import Console
    from rich.table import Table

    from grader.decisions import apply_decisions, load_decisions
    from grader.gradebook import open_gradebook

    gradebook, assignment = open_gradebook(args.out)
    if args.part not in {p.id for p in assignment.rubric.parts}:
        print(f"grader: {assignment.id} has no part {args.part!r}", file=sys.stderr)
        return ExitCode.USAGE
    rows, _ = apply_decisions(gradebook.rows, load_decisions(args.out))
    groups = answer_groups(rows, args.part)
    table = Table(title=f"{args.part}: {len(groups)} distinct answer(s) in {len(rows)} "
                        "submission(s)")
    for column in ("count", "verdict", "points", "read as", "members"):
        table.add_column(column)
    for part, members in groups:
        shown = part.interpreted_as or " ".join(part.answer.split())[:80]
        table.add_row(str(len(members)), part.status.value, f"{part.score:g}", shown,
                      ", ".join(members[:8]) + (" …" if len(members) > 8 else ""))
    Console(width=160).print(table)
    return ExitCode.OK


# --- export and remove ---------------------------------------------------------------------

def _export(args: argparse.Namespace) -> ExitCode:
    from grader.gradebook import load_document
    from grader.report.export import export_gradebook, read_roster
    from grader.report.files import atomic_write

    title, rows = load_document(args.out)
    roster = read_roster(args.roster) if args.roster else []
    export = export_gradebook(rows, title, args.format, roster,
                              include_pending=args.include_pending)
    target = args.output or args.out / f"export-{args.format}.csv"
    atomic_write(target, export.text)
    print(f"wrote {target}: {len(rows) - len(export.unmatched)} of {len(rows)} submission(s) "
          "matched the roster" if roster else f"wrote {target}: {len(rows)} submission(s)",
          file=sys.stderr)
    for name in export.unmatched if roster else []:
        print(f"grader: {name}: no roster row matches this submission (not exported)"
              if args.format != "csv" else f"grader: {name}: no roster row matches",
              file=sys.stderr)
    if export.pending and not args.include_pending:
        print(f"grader: {len(export.pending)} submission(s) still await a TA and were exported "
              f"without a grade: {', '.join(export.pending[:10])}"
              + (" …" if len(export.pending) > 10 else ""), file=sys.stderr)
    return ExitCode.SOME_REFUSED if export.unmatched and roster else ExitCode.OK


def _remove(args: argparse.Namespace) -> ExitCode:
    from grader.gradebook import remove_submissions

    removed, unknown = remove_submissions(args.out, args.submissions)
    for name in unknown:
        print(f"grader: {args.out}: no submission {name!r} in the gradebook", file=sys.stderr)
    print(f"removed {len(removed)} submission(s) from {args.out}: {', '.join(removed) or '-'}",
          file=sys.stderr)
    return ExitCode.USAGE if unknown else ExitCode.OK
