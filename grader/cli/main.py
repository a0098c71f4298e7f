"""``grader``: grade a class, self-check one submission, manage rubrics."""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from grader.cli.failures import ExitCode, run_guarded
from grader.cli.rubric import add_parsers as add_rubric_parsers
from grader.cli.ta import add_parsers as add_ta_parsers
from grader.cli.web import add_parsers as add_web_parsers
from grader.outdir import JOURNAL_NAME


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    out = getattr(args, "out", None)
    hint = (f"what was graded is kept in {out}/{JOURNAL_NAME}; run the same command to "
            "resume" if out else "")
    return run_guarded(lambda: args.handler(args), log_dir=out, interrupted_hint=hint)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="grader", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="log details to stderr")
    commands = parser.add_subparsers(dest="command", required=True)

    grade = commands.add_parser("grade", help="grade submissions and write a gradebook")
    grade.add_argument("assignment", help="assignment id in rubrics/ or a rubric YAML path")
    grade.add_argument("paths", nargs="+", type=Path, help="submission files or folders")
    grade.add_argument("--out", type=Path, required=True, help="output folder")
    grade.add_argument("--no-progress", action="store_true", help="no progress bar")
    grade.add_argument("--workers", type=int, default=None, metavar="N",
                       help="local worker processes (default: one per core; 0: this process)")
    grade.add_argument("--broker", default=None, metavar="URL",
                       help="send the work to Celery workers on this Redis "
                            "(redis://HOST:PORT/DB; default $GRADER_BROKER_URL)")
    grade.add_argument("--fresh", action="store_true",
                       help="grade every file again (default: keep what OUT already holds for "
                            "files unchanged since, and resume an interrupted batch)")
    grade.add_argument("--only", nargs="+", type=Path, default=None, metavar="FILE",
                       help="of the files found, grade only these again; every other row of "
                            "OUT's gradebook is kept as it is")
    grade.set_defaults(handler=_grade)

    add_ta_parsers(commands)
    add_web_parsers(commands)

    worker = commands.add_parser("worker", help="run a Celery worker for batch grading")
    worker.add_argument("--broker", default=None, metavar="URL",
                        help="Redis URL (default $GRADER_BROKER_URL)")
    worker.add_argument("--concurrency", type=int, default=None, metavar="N",
                        help="child processes (default: one per core)")
    worker.add_argument("--loglevel", default="INFO")
    worker.add_argument("--events", action="store_true", help="send task events (for Flower)")
    worker.set_defaults(handler=_worker)

    status = commands.add_parser("status", help="progress of a batch sent to workers")
    status.add_argument("batch", nargs="?", help="batch id printed by grade (default: latest)")
    status.add_argument("--broker", default=None, metavar="URL",
                        help="Redis URL (default $GRADER_BROKER_URL)")
    status.set_defaults(handler=_status)

    check = commands.add_parser("check", help="self-check one submission (for students)")
    check.add_argument("assignment")
    check.add_argument("file", type=Path)
    check.add_argument("--json", action="store_true", help="print the part objects as JSON")
    check.set_defaults(handler=_check)

    template = commands.add_parser("template", help="print a Markdown answer sheet")
    template.add_argument("assignment")
    template.set_defaults(handler=_template)

    add_rubric_parsers(commands)
    return parser


def _grade(args: argparse.Namespace) -> ExitCode:
    from grader.batch import grade_batch
    from grader.ingest.collect import SUPPORTED_SUFFIXES, collect_files
    from grader.rubric.assignment import load_assignment

    assignment = load_assignment(args.assignment)
    for path in args.paths:
        if not path.exists() and not path.is_symlink():
            print(f"grader: {path}: no such file or folder (skipped)", file=sys.stderr)
    files = collect_files(args.paths)
    if args.only is not None:
        files = _only(files, args.only)
        if files is None:
            return ExitCode.USAGE
    if not files:
        print("grader: no submissions found (looked for "
              f"{', '.join(SUPPORTED_SUFFIXES)})", file=sys.stderr)
        return ExitCode.USAGE
    broker = args.broker or os.environ.get("GRADER_BROKER_URL")
    batch_id = None
    if broker:
        from grader.batch import new_batch_id

        batch_id = new_batch_id()
        print(f"batch {batch_id}: sending {len(files)} submission(s) to the workers of "
              f"{broker} (progress: grader status {batch_id} --broker {broker})", file=sys.stderr)
    batch = grade_batch(files, assignment, args.out, progress=not args.no_progress,
                        workers=args.workers, broker=broker,
                        resume=not args.fresh and args.only is None, batch_id=batch_id)
    results = batch.results
    for warning in batch.warnings:
        print(f"grader: {warning}", file=sys.stderr)
    review = sum(r.needs_review for r in results)
    refused = [(f, r) for f, r in zip(files, results, strict=True) if r.error]
    print(f"graded {len(results) - len(refused)} submission(s) for {assignment.id}: "
          f"{review - len(refused)} need review; wrote {args.out}/: results.json, grades.csv, "
          "review.md, summary.html, reports/, ta/", file=sys.stderr)
    if not refused:
        return ExitCode.OK
    print(f"grader: {len(refused)} file(s) could not be graded; each is a row in grades.csv "
          "and review.md with its reason:", file=sys.stderr)
    for found, result in refused[:20]:
        print(f"  {found.relative}: {_reason(result.error or '', found.path)}", file=sys.stderr)
    if len(refused) > 20:
        print(f"  … and {len(refused) - 20} more (see review.md)", file=sys.stderr)
    return ExitCode.SOME_REFUSED


def _only(files: list, wanted: list[Path]) -> list | None:
    """The entries of ``files`` that ``--only`` names, or None (after saying why)."""
    named = {path.resolve() for path in wanted}
    chosen = [f for f in files if f.path.resolve() in named]
    missing = named - {f.path.resolve() for f in chosen}
    for path in sorted(missing):
        print(f"grader: --only {path}: not among the files found", file=sys.stderr)
    return None if missing else chosen


def _reason(error: str, path: Path) -> str:
    return error.removeprefix(f"{path}: ")


def _worker(args: argparse.Namespace) -> ExitCode:
    broker = args.broker or os.environ.get("GRADER_BROKER_URL")
    if not broker:
        print("grader: worker needs --broker redis://HOST:PORT/DB or $GRADER_BROKER_URL",
              file=sys.stderr)
        return ExitCode.USAGE
    from grader.worker.app import QUEUE, configure

    argv = ["worker", f"--loglevel={args.loglevel}", "-Q", QUEUE, "--pool=prefork"]
    if args.concurrency:
        argv.append(f"--concurrency={args.concurrency}")
    if args.events:
        argv.append("--task-events")
    configure(broker).worker_main(argv)
    return ExitCode.OK


def _status(args: argparse.Namespace) -> ExitCode:
    broker = args.broker or os.environ.get("GRADER_BROKER_URL")
    if not broker:
        print("grader: status needs --broker redis://HOST:PORT/DB or $GRADER_BROKER_URL",
              file=sys.stderr)
        return ExitCode.USAGE
    from grader.worker.state import BatchState, recent_batches

    ids = [args.batch] if args.batch else recent_batches(broker, 1)
    summary = BatchState.from_url(broker, ids[0]).summary() if ids else None
    if summary is None:
        print(f"grader: no batch {args.batch or ''} in {broker}".replace("  ", " "),
              file=sys.stderr)
        return ExitCode.FAILURE
    print(f"batch {summary['batch']} ({summary['assignment']}): {summary['total']} sent, "
          f"{summary['queued']} queued, {summary['running']} running, {summary['done']} done")
    return ExitCode.OK


def _check(args: argparse.Namespace) -> ExitCode:
    # A cold start makes some 10^5 objects that live as long as the process (modules,
    # sympy, the rubric and its reference values): the cyclic GC would walk them again
    # and again (about a tenth of the command's CPU time), and in the forked child
    # its walks would also copy the pages they touch. Off while they are made, then
    # frozen out of every later collection.
    gc.disable()
    try:
        from grader.ingest.collect import named_file
        from grader.report import render_selfcheck
        from grader.rubric.assignment import load_assignment
        from grader.worker.runner import grade_with_deadline, submission_time_limit

        if not args.file.exists():
            print(f"grader: {args.file}: no such file", file=sys.stderr)
            return ExitCode.USAGE
        found = named_file(args.file)
        if found.refused:
            print(f"grader: {args.file}: {found.reason}", file=sys.stderr)
            return ExitCode.USAGE
        assignment = load_assignment(args.assignment)
        gc.freeze()
    finally:
        gc.enable()
    try:
        result = grade_with_deadline(found.path, assignment, submission_time_limit(assignment))
    finally:
        # called in a longer-lived process (a test run, a shell), the frozen objects
        # would never be collected again once they became garbage
        gc.unfreeze()
    if args.json:
        print(json.dumps([p.to_dict(for_student=True) for p in result.parts],
                         indent=1, ensure_ascii=False))
    else:
        sys.stdout.write(render_selfcheck(result))
    return ExitCode.FAILURE if result.error else ExitCode.OK


def _template(args: argparse.Namespace) -> ExitCode:
    from grader.rubric.loader import find_rubric, load_rubric_file
    from grader.segment import render_sheet

    rubric, _ = load_rubric_file(find_rubric(args.assignment))
    print(render_sheet(rubric))
    return ExitCode.OK


if __name__ == "__main__":
    sys.exit(main())
