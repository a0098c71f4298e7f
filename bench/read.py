"""Reading-speed benchmark: a class of free-form submissions, reading and checking timed apart.

    .venv/bin/python bench/read.py [--n 1000] [--assignment seqmodels-a5] [--workers 2]
                                   [--profile] [--no-batch]

The class holds no answer sheet (``bench/run.py``'s class is 70 % sheets, which
hides the cost of reading): half are varied copies of the labelled free-form
files of the assignment (``tests/corpus/dev`` and the free-form samples in
``submissions/``: LaTeX, notebooks, e-mail ASCII, OCR, callouts; superscripts,
trailing spaces and blank lines varied as in ``bench/run.py``), half are
rendered by the layout generator of ``tests/layouts`` (answer-key cases and
blanks in random numbering schemes, groupings, orders, notations, OCR noise and
formats). Per submission, in this process:

- reading: file → ``read_submission`` → ``segment_submission`` (every part's answer);
- checking: ``grade_answers`` on those answers, with a fresh check cache (on)
  and without one (off).

Both are printed as wall time and as this process's CPU time: on a shared
machine the wall time grows with the load, the CPU time much less.

It prints median and p95 per submission of each, the class totals, then (unless
``--no-batch``) the wall time of the whole class through ``grade_batch``'s
in-process pool with the cache on and off. ``--profile`` adds the top functions
of reading under cProfile. Targets (issue #8) are printed, not asserted.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.run import free_form_samples, vary_bytes  # noqa: E402
from grader.answer import Answer  # noqa: E402
from grader.batch import grade_batch  # noqa: E402
from grader.cache import MemoryCache  # noqa: E402
from grader.ingest import read_submission  # noqa: E402
from grader.pipeline import grade_answers  # noqa: E402
from grader.rubric.assignment import Assignment, load_assignment  # noqa: E402
from grader.segment import segment_submission  # noqa: E402
from grader.worker.runner import CACHE_ENV  # noqa: E402
from tests.corpus_files import CORPUS  # noqa: E402
from tests.layouts.generator import random_layout, render  # noqa: E402
from tests.layouts.plants import random_plants  # noqa: E402

#: Share of the class rendered by the layout generator; the rest are varied labelled files.
GENERATED_SHARE = 0.5
#: Submissions read before timing starts (lazy imports, first-use caches).
WARM_UP = 5
TARGETS = {
    "reading p50": "≤ 10 ms per submission (issue #8; about 75 ms before the document reader)",
    "class, cache off": "≤ 20 s for 1,000 submissions (issue #8 with the maths issue)",
}


def labelled_free_form(assignment: Assignment) -> list[Path]:
    """The assignment's free-form files: corpus dev split and samples that are not sheets."""
    corpus = sorted(p for p in (CORPUS / "dev" / assignment.id).glob("*") if p.is_file())
    return corpus + free_form_samples(assignment)


def build_class(assignment: Assignment, n: int, folder: Path, seed: int = 8) -> list[Path]:
    """``n`` free-form submissions (see the module docstring)."""
    rng = random.Random(seed)
    sources = labelled_free_form(assignment)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(n):
        if rng.random() < GENERATED_SHARE or not sources:
            rendered = render(assignment.rubric, random_plants(assignment.id, rng),
                              random_layout(rng))
            suffix, data = rendered.suffix, rendered.data
        else:
            source = rng.choice(sources)
            suffix, data = source.suffix, vary_bytes(source.read_bytes(), rng)
        path = folder / f"student-{number:04d}{suffix}"
        path.write_bytes(data)
        paths.append(path)
    return paths


def read(path: Path, assignment: Assignment) -> dict[str, Answer]:
    """File → every part's answer: what the reading figure measures."""
    return segment_submission(read_submission(path).text, assignment.rubric)


def timed(call: Callable[[], object]) -> tuple[object, float, float]:
    """The call's value, wall seconds and CPU seconds of this process (on a shared
    machine the CPU figure is the one that does not grow with the load)."""
    started, cpu = time.perf_counter(), time.process_time()
    value = call()
    return value, time.perf_counter() - started, time.process_time() - cpu


def measure(files: list[Path], assignment: Assignment, *, cache: bool) -> dict[str, list[float]]:
    """Seconds per submission of reading and of checking, one process, in class order."""
    store = MemoryCache() if cache else None
    for path in files[:WARM_UP]:
        grade_answers(read(path, assignment), assignment, cache=None)
    seconds: dict[str, list[float]] = {"read": [], "check": [], "read cpu": [], "check cpu": []}
    for path in files:
        answers, reading, reading_cpu = timed(lambda p=path: read(p, assignment))
        _, checking, checking_cpu = timed(
            lambda a=answers: grade_answers(a, assignment, cache=store))
        seconds["read"].append(reading)
        seconds["check"].append(checking)
        seconds["read cpu"].append(reading_cpu)
        seconds["check cpu"].append(checking_cpu)
    return seconds


def percentiles(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return (1000 * statistics.median(ordered),
            1000 * ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))])


def print_run(label: str, seconds: dict[str, list[float]]) -> None:
    for clock in ("", " cpu"):
        read50, read95 = percentiles(seconds["read" + clock])
        check50, check95 = percentiles(seconds["check" + clock])
        print(f"{label + (clock or ' wall'):14s} reading p50 {read50:6.1f} ms  p95 {read95:6.1f} ms"
              f"  total {sum(seconds['read' + clock]):6.1f} s  |  checking p50 {check50:6.1f} ms"
              f"  p95 {check95:6.1f} ms  total {sum(seconds['check' + clock]):6.1f} s",
              flush=True)


def batch_wall(files: list[Path], assignment: Assignment, out: Path, workers: int,
               cache: bool) -> float:
    """Wall seconds of the whole class through the in-process pool."""
    previous = os.environ.get(CACHE_ENV)
    os.environ[CACHE_ENV] = "1" if cache else "0"  # read by the pool's children
    try:
        batch = grade_batch(files, assignment, out, workers=workers, progress=False,
                            write=False)
    finally:
        if previous is None:
            os.environ.pop(CACHE_ENV, None)
        else:
            os.environ[CACHE_ENV] = previous
    return batch.stats.wall_seconds


def profile_reading(files: list[Path], assignment: Assignment, top: int = 25) -> None:
    """The functions reading spends its time in (cProfile, cumulative and own time)."""
    profiler = cProfile.Profile()
    profiler.enable()
    for path in files:
        read(path, assignment)
    profiler.disable()
    for order in ("cumulative", "tottime"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(order).print_stats(top)
        print(f"\nreading, top {top} by {order}:")
        print("\n".join(out.getvalue().splitlines()[4:]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="submissions in the class")
    parser.add_argument("--assignment", default="seqmodels-a5")
    parser.add_argument("--workers", type=int, default=2, help="in-process pool size")
    parser.add_argument("--no-batch", action="store_true", help="skip the pool wall times")
    parser.add_argument("--profile", action="store_true", help="profile reading (cProfile)")
    args = parser.parse_args()

    assignment = load_assignment(args.assignment)
    work = Path(tempfile.mkdtemp(prefix="grader-bench-read-"))
    try:
        files = build_class(assignment, args.n, work / "class")
        print(f"{args.n} free-form submissions of {assignment.id} "
              f"({len(assignment.rubric.parts)} parts): ~{GENERATED_SHARE:.0%} generated "
              f"layouts, the rest varied copies of {len(labelled_free_form(assignment))} "
              f"labelled free-form files; {os.cpu_count()} cores\n", flush=True)
        runs = {"cache on": measure(files, assignment, cache=True),
                "cache off": measure(files, assignment, cache=False)}
        for label, seconds in runs.items():
            print_run(label, seconds)
        off = runs["cache off"]
        print(f"\nclass, one process, cache off: {sum(off['read']) + sum(off['check']):.1f} s "
              f"wall (reading {sum(off['read']):.1f} s, checking {sum(off['check']):.1f} s), "
              f"{sum(off['read cpu']) + sum(off['check cpu']):.1f} s CPU")
        if not args.no_batch:
            for cache in (True, False):
                wall = batch_wall(files, assignment, work / f"out-{cache}", args.workers, cache)
                print(f"class, in-process pool of {args.workers}, cache "
                      f"{'on' if cache else 'off'}: {wall:.1f} s", flush=True)
        print("\nTargets (printed, not asserted):")
        for name, target in TARGETS.items():
            print(f"  {name}: {target}")
        if args.profile:
            profile_reading(files, assignment)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
