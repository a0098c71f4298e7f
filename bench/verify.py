"""Benchmark ``grader.maths.verify``: milliseconds per call over the conformance suite.

    .venv/bin/python bench/verify.py [--repeat 3] [--clock wall|cpu]

The first pass over every case is timed on its own (sympy's caches cold);
then each source is warmed and verified ``--repeat`` times more. Prints median and p95 per call,
per source and overall, next to the issue's targets (median ≤ 2 ms, p95 ≤ 30 ms),
and Math-Verify's figures on the same cases when ``math_verify`` is installed
(``pip install -e '.[bench]'``): its ms per case (one pass, as ours first pass) and
right / confidently wrong / undecided per source beside ours.
Then the time to check every part of each free-form seqmodels-a5 submission (no
answer-sheet headings; ``grade_submission`` with no cache), warm, against the
issue's 30 ms median. Targets are printed, not asserted.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from grader.maths import verify  # noqa: E402
from tests.maths.conformance.case import Case  # noqa: E402
from tests.maths.conformance.suite import SUITES, run_case  # noqa: E402

_CLOCKS = {"wall": time.perf_counter, "cpu": time.process_time}
_clock = time.perf_counter
"""Wall clock by default; ``--clock cpu`` counts this process's CPU time only, which a
machine shared with other jobs does not inflate."""
TARGET_MEDIAN_MS = 2.0
TARGET_P95_MS = 30.0
TARGET_SUBMISSION_MS = 30.0
SUBMISSION_ASSIGNMENT = "seqmodels-a5"
_SHEET_HEADING = re.compile(r"^## \[[^\]]+\]", re.MULTILINE)


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def _timed(case: Case) -> float:
    start = _clock()
    verify(case.reference, case.answer, mode=case.mode, notation=case.notation)
    return 1000 * (_clock() - start)


def time_first_pass() -> list[float]:
    """Each case once, in a fresh process state: parser built, sympy caches cold."""
    return [_timed(c) for cases in SUITES.values() for c in cases]


def time_ours(repeat: int) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {}
    for name, cases in SUITES.items():
        for case in cases:
            run_case(case)  # warm-up pass
        times = []
        for _ in range(repeat):
            for case in cases:
                times.append(_timed(case))
        out[name] = times
    return out


def math_verify_outcome(math_verify: Any, case: Case) -> str:
    """Math-Verify's verdict on one case as right / wrong / undecided (a side it cannot
    parse); each side is given as inline LaTeX, which its parser also reads as plain maths."""
    gold = math_verify.parse(f"${case.reference}$")
    pred = math_verify.parse(f"${case.answer}$")
    if not gold or not pred:
        return "undecided"
    equal = math_verify.verify(gold, pred, allow_set_relation_comp=case.mode == "relation")
    return "right" if bool(equal) == case.expected else "wrong"


def run_math_verify() -> tuple[list[float], dict[str, Counter[str]]] | None:
    """ms per case and outcomes per source, or None when Math-Verify is not installed."""
    try:
        import math_verify  # type: ignore[import-not-found]
    except ImportError:
        return None
    logging.getLogger("math_verify").setLevel(logging.CRITICAL)
    times, outcomes = [], {}
    for name, cases in SUITES.items():
        counts: Counter[str] = Counter()
        for case in cases:
            start = _clock()
            counts[math_verify_outcome(math_verify, case)] += 1
            times.append(1000 * (_clock() - start))
        outcomes[name] = counts
    return times, outcomes


def our_outcomes() -> dict[str, Counter[str]]:
    return {name: Counter(run_case(c).outcome for c in cases) for name, cases in SUITES.items()}


def print_outcomes(ours: dict[str, Counter[str]], theirs: dict[str, Counter[str]] | None) -> None:
    """right / confidently wrong / undecided per source, ours beside Math-Verify's."""
    header = f"{'source':<22} {'cases':>5}   ours: right wrong undecided"
    print("\n" + header + ("   Math-Verify: right wrong undecided" if theirs else ""))
    names = [*SUITES, "all"]
    total_ours = sum(ours.values(), Counter())
    total_theirs = sum(theirs.values(), Counter()) if theirs else None
    for name in names:
        mine = total_ours if name == "all" else ours[name]
        cases = sum(mine.values())
        line = (f"{name:<22} {cases:>5}         {mine['right']:>5} {mine['wrong']:>5} "
                f"{mine['undecided']:>9}")
        if theirs:
            other = total_theirs if name == "all" else theirs[name]
            line += (f"                {other['right']:>5} {other['wrong']:>5} "
                     f"{other['undecided']:>9}")
        print(line)


def free_form_submissions() -> list[Path]:
    folder = REPO / "submissions" / SUBMISSION_ASSIGNMENT
    return [p for p in sorted(folder.iterdir()) if p.is_file() and not p.name.startswith(".")
            and not _SHEET_HEADING.search(p.read_text(encoding="utf-8", errors="replace"))]


def time_submissions(repeat: int) -> tuple[int, dict[str, tuple[float, float]]]:
    """The number of parts, and for each free-form submission the median ms to check
    all its parts (no cache) and to read, segment and check it, warm."""
    from grader.ingest import read_submission
    from grader.pipeline import grade_answers
    from grader.rubric.assignment import load_assignment
    from grader.segment import segment_submission
    assignment = load_assignment(SUBMISSION_ASSIGNMENT)
    out = {}
    for path in free_form_submissions():
        answers = segment_submission(read_submission(path).text, assignment.rubric)
        grade_answers(answers, assignment)  # warm-up: parser, rubric forms read
        checking, whole = [], []
        for _ in range(repeat):
            start = _clock()
            answers = segment_submission(read_submission(path).text, assignment.rubric)
            middle = _clock()
            grade_answers(answers, assignment)
            end = _clock()
            checking.append(1000 * (end - middle))
            whole.append(1000 * (end - start))
        out[path.name] = (statistics.median(checking), statistics.median(whole))
    return len(assignment.rubric.parts), out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--clock", choices=sorted(_CLOCKS), default="wall")
    args = parser.parse_args()
    global _clock
    _clock = _CLOCKS[args.clock]
    print(f"clock: {args.clock}")
    verify("1", "1")  # build the parser once, outside the timings
    cold = time_first_pass()
    results = time_ours(args.repeat)
    print(f"{'source':<20} {'calls':>6} {'median ms':>10} {'p95 ms':>8} {'max ms':>8}")
    every: list[float] = []
    for name, times in results.items():
        every += times
        print(f"{name:<20} {len(times):>6} {statistics.median(times):>10.2f} "
              f"{_p95(times):>8.2f} {max(times):>8.1f}")
    print(f"{'all':<20} {len(every):>6} {statistics.median(every):>10.2f} "
          f"{_p95(every):>8.2f} {max(every):>8.1f}   "
          f"(targets: median ≤ {TARGET_MEDIAN_MS:g}, p95 ≤ {TARGET_P95_MS:g})")
    print(f"{'first pass (cold)':<20} {len(cold):>6} {statistics.median(cold):>10.2f} "
          f"{_p95(cold):>8.2f} {max(cold):>8.1f}")
    parts, per_submission = time_submissions(args.repeat)
    if per_submission:
        print(f"\n{SUBMISSION_ASSIGNMENT}: {len(per_submission)} free-form submissions, "
              f"{parts} parts each, cache off        check ms   read+segment+check ms")
        for name, (check_ms, whole_ms) in per_submission.items():
            print(f"  {name:<40} {check_ms:>8.1f} {whole_ms:>12.1f}")
        print(f"  {'median':<40} "
              f"{statistics.median(c for c, _ in per_submission.values()):>8.1f} "
              f"{statistics.median(w for _, w in per_submission.values()):>12.1f}   "
              f"(target: checking ≤ {TARGET_SUBMISSION_MS:g})")
    load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    print(f"load average while measuring: {load} on {os.cpu_count()} cores "
          "(wall-clock times grow with it)")
    theirs = run_math_verify()
    if theirs is None:
        print("Math-Verify: not installed (pip install -e '.[bench]' to compare)")
    else:
        times, _ = theirs
        print(f"{'Math-Verify, 1 pass':<20} {len(times):>6} {statistics.median(times):>10.2f} "
              f"{_p95(times):>8.2f} {max(times):>8.1f}")
    print_outcomes(our_outcomes(), theirs[1] if theirs else None)


if __name__ == "__main__":
    main()
