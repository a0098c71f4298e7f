"""Benchmark batch grading: a synthetic class, in-process pool vs Celery with 1 and 2 workers.

    .venv/bin/python bench/run.py [--n 1000] [--assignment seqmodels-a5]
                                  [--broker redis://127.0.0.1:6379/12] [--workers 2]

The class is built from the samples in ``submissions/<assignment>/``. Most
submissions (``1 - FREE_FORM_SHARE``) are answer sheets that take every part's
answer from a randomly chosen sample sheet (so right, wrong and missing answers
mix), shuffle the order of the parts, vary blank lines and trailing spaces,
and sometimes write powers as superscripts (``n^2`` → ``n²``). The rest are
copies of the free-form samples (notebooks, LaTeX, plain text, OCR noise: every
file that is not an answer sheet) with the same small variations, so the cache
hit rate is not that of five recombined sheets. Every run starts with a cold check cache
(the Celery runs' Redis cache is emptied first); ``--no-cache`` turns it off to
measure checking itself. Targets are printed, not asserted.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from grader.batch import Batch, grade_batch  # noqa: E402
from grader.rubric.assignment import Assignment, load_assignment  # noqa: E402

BROKER_DEFAULT = "redis://127.0.0.1:6379/12"
SECTION = re.compile(r"^## \[(?P<part>[^\]]+)\].*$", re.MULTILINE)
SUPERSCRIPTS = {"^2": "²", "^3": "³"}
#: Share of the class that are varied copies of the free-form (non-sheet) samples.
FREE_FORM_SHARE = 0.3

TARGETS = {
    "in-process throughput (1000 subs < 60 s on 2 cores)": "≥ 16.7 sub/s",
    "Celery 2 workers vs in-process": "within 1.3×",
    "2 workers / 1 worker": "≥ 1.7×",
    "grader check cold start": "≤ 1.5 s (issue #8)",
    "peak memory per worker": "< 500 MB",
}


def sample_sections(assignment: Assignment) -> dict[str, list[str]]:
    """Every sample sheet's answer to each part (sheet-format samples only)."""
    answers: dict[str, list[str]] = {p.id: [] for p in assignment.rubric.parts}
    folder = REPO / "submissions" / assignment.id
    for path in sorted(folder.glob("*.md")):
        text = path.read_text(encoding="utf-8", errors="replace")
        matches = list(SECTION.finditer(text))
        for match, following in zip(matches, [*matches[1:], None], strict=False):
            body = text[match.end():following.start() if following else len(text)]
            if match["part"] in answers:
                answers[match["part"]].append(body.strip("\n"))
    return answers


def free_form_samples(assignment: Assignment) -> list[Path]:
    """The samples that are not answer sheets (no ``## [part]`` headings)."""
    folder = REPO / "submissions" / assignment.id
    return [path for path in sorted(folder.iterdir())
            if path.is_file() and not path.name.startswith(".")
            and not SECTION.search(path.read_text(encoding="utf-8", errors="replace"))]


def vary_bytes(data: bytes, rng: random.Random) -> bytes:
    """A free-form sample with small notation variations (bytes: some samples are not UTF-8)."""
    if rng.random() < 0.3:
        for plain, sup in SUPERSCRIPTS.items():
            data = data.replace(plain.encode(), sup.encode())
    if rng.random() < 0.3:
        data = b"\n".join(line + b" " * rng.randint(0, 2) for line in data.split(b"\n"))
    if rng.random() < 0.3:
        data = data.replace(b"\n\n", b"\n\n\n", rng.randint(1, 3))
    return data


def build_class(assignment: Assignment, n: int, folder: Path, seed: int = 4) -> list[Path]:
    """``n`` submissions varied from the samples (see the module docstring)."""
    rng = random.Random(seed)
    answers = sample_sections(assignment)
    free_form = free_form_samples(assignment)
    parts = {p.id: p for p in assignment.rubric.parts}
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(n):
        if free_form and rng.random() < FREE_FORM_SHARE:
            sample = rng.choice(free_form)
            path = folder / f"student-{number:04d}{sample.suffix}"
            path.write_bytes(vary_bytes(sample.read_bytes(), rng))
            paths.append(path)
            continue
        order = list(parts)
        if rng.random() < 0.5:
            rng.shuffle(order)
        lines = [f"# {assignment.rubric.title}", ""]
        for part_id in order:
            part = parts[part_id]
            body = rng.choice(answers[part_id]) if answers[part_id] else ""
            if rng.random() < 0.3:
                for plain, sup in SUPERSCRIPTS.items():
                    body = body.replace(plain, sup)
            if rng.random() < 0.3:
                body = "\n".join(line + " " * rng.randint(0, 3) for line in body.splitlines())
            lines += [f"## [{part_id}] {part.prompt} ({part.points:g} pts)",
                      "\n" * rng.randint(0, 2), body, ""]
        path = folder / f"student-{number:04d}.md"
        path.write_text("\n".join(lines), encoding="utf-8")
        paths.append(path)
    return paths


def report(name: str, batch: Batch, n: int) -> dict[str, float]:
    stats = batch.stats
    seconds = sorted(stats.seconds) or [0.0]
    row = {
        "throughput": n / stats.wall_seconds,
        "wall": stats.wall_seconds,
        "p50_ms": 1000 * statistics.median(seconds),
        "p95_ms": 1000 * seconds[min(len(seconds) - 1, int(0.95 * len(seconds)))],
        "hit_rate": stats.hit_rate,
        "peak_mb": stats.max_rss_kb / 1024,
    }
    print(f"{name:<22} {row['throughput']:7.1f} sub/s  {row['wall']:6.1f} s  "
          f"p50 {row['p50_ms']:6.1f} ms  p95 {row['p95_ms']:6.1f} ms  "
          f"cache hits {row['hit_rate']:5.1%}  peak/worker {row['peak_mb']:5.0f} MB"
          + (f"  timed out {stats.timed_out}" if stats.timed_out else ""), flush=True)
    return row


def start_workers(count: int, broker: str, log_dir: Path) -> list[subprocess.Popen]:
    workers = []
    for number in range(count):
        log = log_dir / f"worker-{number}.log"
        workers.append(subprocess.Popen(
            [sys.executable, "-m", "grader.cli.main", "worker", "--broker", broker,
             "--concurrency", "1", "--loglevel", "INFO"],
            stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True,
            env={**os.environ, "OPENBLAS_NUM_THREADS": "1"}))
        deadline = time.monotonic() + 60
        while b" ready." not in log.read_bytes():
            if workers[-1].poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"worker did not start: {log.read_text()[-2000:]}")
            time.sleep(0.1)
    return workers


def stop_workers(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        worker.terminate()
    for worker in workers:
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()


def empty_redis(broker: str) -> bool:
    import redis

    client = redis.Redis.from_url(broker, socket_connect_timeout=1)
    try:
        client.flushdb()
    except redis.RedisError as exc:
        print(f"(skipping Celery: Redis at {broker} unreachable: {exc})")
        return False
    return True


def cold_start(assignment: Assignment, runs: int = 5) -> tuple[float, float]:
    """Median wall and CPU seconds (the command's process and its children) of a
    cold ``grader check``: on a shared machine the wall time grows with the load,
    the CPU time much less."""
    sample = sorted((REPO / "submissions" / assignment.id).glob("*.md"))[0]
    grader = Path(sys.executable).with_name("grader")
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run([str(grader), "check", assignment.id, str(sample)], check=True,
                       stdout=subprocess.DEVNULL)
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="submissions in the class")
    parser.add_argument("--assignment", default="seqmodels-a5")
    parser.add_argument("--broker", default=BROKER_DEFAULT,
                        help="Redis for the Celery runs (a DB the benchmark may empty)")
    parser.add_argument("--workers", type=int, default=2, help="in-process pool size")
    parser.add_argument("--no-celery", action="store_true")
    parser.add_argument("--no-cache", action="store_true",
                        help="check every answer (measures checking, not the cache)")
    args = parser.parse_args()
    if args.no_cache:
        os.environ["GRADER_CHECK_CACHE"] = "0"  # inherited by pool children and workers

    assignment = load_assignment(args.assignment)
    work = Path(tempfile.mkdtemp(prefix="grader-bench-"))
    try:
        files = build_class(assignment, args.n, work / "class")
        print(f"{args.n} submissions of {assignment.id} ({len(assignment.rubric.parts)} parts): "
              f"sheets recombined from the sample sheets, ~{FREE_FORM_SHARE:.0%} varied copies of "
              f"{len(free_form_samples(assignment))} free-form samples; {os.cpu_count()} cores, "
              f"check cache {'off' if args.no_cache else 'on'}\n", flush=True)
        rows = {}
        local = grade_batch(files, assignment, work / "out-local", workers=args.workers)
        rows["local"] = report(f"in-process, {args.workers} procs", local, args.n)
        identical = True
        if not args.no_celery and empty_redis(args.broker):
            for count in (1, 2):
                empty_redis(args.broker)
                workers = start_workers(count, args.broker, work)
                try:
                    batch = grade_batch(files, assignment, work / f"out-celery{count}",
                                        broker=args.broker)
                finally:
                    stop_workers(workers)
                rows[f"celery{count}"] = report(f"Celery, {count} worker(s)", batch, args.n)
                identical &= batch.results == local.results
            empty_redis(args.broker)
        startup, startup_cpu = cold_start(assignment)
        print(f"\ngrader check cold start: {startup:.2f} s wall, {startup_cpu:.2f} s CPU "
              "(median of 5)")

        print("\nTargets (printed, not asserted):")
        local_rate = rows["local"]["throughput"]
        print(f"  {args.n} subs in-process: {args.n / local_rate:.1f} s "
              f"(target: 1000 in < 60 s on 2 cores → {1000 / local_rate:.1f} s)")
        if "celery2" in rows:
            print(f"  Celery 2 workers vs in-process: "
                  f"{local_rate / rows['celery2']['throughput']:.2f}× the time (target ≤ 1.3×)")
            print(f"  2 workers / 1 worker: "
                  f"{rows['celery2']['throughput'] / rows['celery1']['throughput']:.2f}× "
                  "(target ≥ 1.7×)")
            print(f"  Celery results identical to in-process: {'yes' if identical else 'NO'}")
        print(f"  grader check cold start: {startup:.2f} s wall, {startup_cpu:.2f} s CPU "
              "(target ≤ 1.5 s, issue #8)")
        print("  free-form reading vs checking, cache on and off (issue #8): bench/read.py")
        peak = max(row["peak_mb"] for row in rows.values())
        print(f"  peak memory per worker: {peak:.0f} MB (target < 500 MB)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
