"""``grader rubric …``: write, check and try an assignment's rubric.

``validate`` and ``schema`` check a rubric file; ``selftest`` grades the
rubric's own answers; ``try`` grades one answer with the reasoning; ``new``
scaffolds a rubric and its reference module.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from grader.cli.failures import ExitCode
from grader.errors import GraderError


def add_parsers(commands: argparse._SubParsersAction) -> None:
    rubric = commands.add_parser("rubric", help="write, validate, self-test and try rubrics")
    sub = rubric.add_subparsers(dest="rubric_command", required=True)
    validate = sub.add_parser("validate", help="check rubric files")
    validate.add_argument("files", nargs="+")
    validate.set_defaults(handler=_validate)
    schema = sub.add_parser("schema", help="print the rubric JSON Schema (each kind's "
                                           "settings typed and documented)")
    schema.set_defaults(handler=_schema)
    selftest = sub.add_parser(
        "selftest", help="grade the rubric's own answers: references, accepted forms, "
                         "misconceptions, model answers and examples")
    selftest.add_argument("assignment")
    selftest.set_defaults(handler=_selftest)
    trial = sub.add_parser("try", help="grade one answer to one part and show the reasoning "
                                       "(an instructor tool: shows the key)")
    trial.add_argument("assignment", help="assignment id or rubric YAML path")
    trial.add_argument("part", help="part id")
    trial.add_argument("text", nargs="?", help="the answer text (or --file)")
    trial.add_argument("--file", type=Path, help="read the answer from this file "
                                                 "(any submission format)")
    trial.add_argument("--submission", action="store_true",
                       help="the text is a whole free-form submission: find the part's "
                            "answer in it as grading does")
    trial.add_argument("--json", action="store_true", help="print one JSON object")
    trial.set_defaults(handler=_try)
    new = sub.add_parser("new", help="scaffold rubrics/ID.yaml and reference/ID.py with one "
                                     "example part of each answer kind")
    new.add_argument("id", help="assignment id, e.g. optim-hw5")
    new.add_argument("--dir", type=Path, default=Path("."),
                     help="course folder holding rubrics/ and reference/ (default: .)")
    new.add_argument("--force", action="store_true", help="overwrite existing files")
    new.set_defaults(handler=_new)


def _validate(args: argparse.Namespace) -> ExitCode:
    from grader.rubric.assignment import load_assignment

    failed = False
    for name in args.files:
        try:
            assignment = load_assignment(name)
        except GraderError as exc:
            failed = True
            print(f"✘ {exc}", file=sys.stderr)
            continue
        print(f"✔ {assignment.path}: {assignment.id}, {len(assignment.rubric.parts)} parts, "
              f"{assignment.rubric.max_score:g} points")
    return ExitCode.INVALID_RUBRIC if failed else ExitCode.OK


def _schema(args: argparse.Namespace) -> ExitCode:
    from grader.rubric.kinds import TypedRubric

    print(json.dumps(TypedRubric.model_json_schema(), indent=2, ensure_ascii=False))
    return ExitCode.OK


def _selftest(args: argparse.Namespace) -> ExitCode:
    from grader.rubric.assignment import load_assignment
    from grader.selftest import selftest

    rows = selftest(load_assignment(args.assignment))
    for row in rows:
        if row.result is None:
            print(f"- {row.part}: {row.form}" + ("" if row.text is None else " (unwritable)"))
            continue
        mark = "✔" if row.ok else "✘"
        print(f"{mark} {row.part} {row.form}: {row.result.status.value} "
              f"{row.result.score:g}/{row.result.max_score:g} "
              f"(expected {row.expected_points:g}) ← {' '.join((row.text or '').split())[:70]}")
    failed = [r for r in rows if r.result is not None and not r.ok]
    graded = [r for r in rows if r.result is not None]
    skipped = len(rows) - len(graded)
    print(f"{len(graded) - len(failed)}/{len(graded)} graded rows as expected"
          + (f"; {skipped} part(s) with nothing to write out" if skipped else ""))
    return ExitCode.FAILURE if failed else ExitCode.OK


def _try(args: argparse.Namespace) -> ExitCode:
    from grader.ingest import read_submission
    from grader.rubric.assignment import load_assignment
    from grader.rubric.trial import try_answer

    if (args.text is None) == (args.file is None):
        print("grader: rubric try needs the answer text or --file FILE (one of them)",
              file=sys.stderr)
        return ExitCode.USAGE
    text = args.text if args.file is None else read_submission(args.file).text
    assignment = load_assignment(args.assignment)
    try:
        trial = try_answer(assignment, args.part, text, as_submission=args.submission)
    except (KeyError, ValueError) as exc:
        print(f"grader: {exc.args[0]}", file=sys.stderr)
        return ExitCode.USAGE
    if args.json:
        print(json.dumps(trial.to_dict(), indent=1, ensure_ascii=False))
    else:
        from grader.cli.rubric_show import show_trial

        show_trial(trial.to_dict())
    return ExitCode.OK


def _new(args: argparse.Namespace) -> ExitCode:
    from grader.rubric.scaffold import scaffold

    try:
        written = scaffold(args.id, args.dir, force=args.force)
    except (FileExistsError, ValueError) as exc:
        print(f"grader: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    for path in written:
        print(f"wrote {path}")
    rubric = written[0]
    print(f"next: grader rubric validate {rubric}\n      grader rubric selftest {rubric}\n"
          f"      grader rubric try {rubric} PART \"an answer\"")
    return ExitCode.OK
