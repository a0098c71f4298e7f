"""Agreement with hand-graded verdicts, overall and by confidence: the calibration table.

    .venv/bin/python bench/accuracy.py                  # seeds, samples, corpus dev
    .venv/bin/python bench/accuracy.py --sealed         # also the sealed corpus
    .venv/bin/python bench/accuracy.py --generated 40   # also 40 generated layouts per assignment

For every labelled set it prints the share of parts where the grader agrees
with the TA, is confidently wrong (a decided verdict a TA would not give) and
defers (``needs_review`` where a TA would decide), then the same by the
reader's confidence, so the decision threshold
(``grader.pipeline.CONFIDENCE_FOR_DECISION_DEFAULT``) is chosen from data.
Parts of assignments with no rubric yet are counted as skipped.

``--generated N`` adds N submissions per assignment rendered by the layout
generator of ``tests/layouts`` (answer-key cases and blanks in random layouts,
a fixed seed), each part labelled with its key verdict, so the buckets hold
thousands of parts more; their table is also printed on its own.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from grader.agreement import CONFIDENCE_EDGES_DEFAULT, Expected, Tally  # noqa: E402
from grader.errors import GraderError  # noqa: E402
from grader.pipeline import grade_submission  # noqa: E402
from grader.rubric.assignment import Assignment, load_assignment  # noqa: E402
from tests.corpus_files import (  # noqa: E402
    SAMPLES_LABELS,
    SEEDS_LABELS,
    LabelledFile,
    corpus_files,
    labelled_set,
)
from tests.layouts.generator import random_layout, render  # noqa: E402
from tests.layouts.plants import random_plants  # noqa: E402

#: Seed of the generated layouts: the same files on every run.
GENERATED_SEED = 8


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sealed", action="store_true", help="also measure the sealed corpus")
    parser.add_argument("--wrong", action="store_true", help="list every confidently wrong part")
    parser.add_argument("--generated", type=int, default=0, metavar="N",
                        help="also N generated layouts per assignment (tests/layouts)")
    args = parser.parse_args()
    sets = {"seeds": labelled_set(SEEDS_LABELS, SEEDS_LABELS.parent / "seeds"),
            "samples": labelled_set(SAMPLES_LABELS, SAMPLES_LABELS.parent),
            "corpus dev": corpus_files("dev")}
    if args.sealed:
        sets["corpus sealed"] = corpus_files("sealed")
    assignments: dict[str, Assignment | None] = {}
    work = Path(tempfile.mkdtemp(prefix="grader-accuracy-"))
    try:
        if args.generated:
            sets["generated"] = generated_files(args.generated, assignments, work)
        overall = Tally()
        tallies = {}
        for name, files in sets.items():
            tally, skipped, seconds = _measure(files, assignments, overall, args.wrong)
            tallies[name] = tally
            print(f"{name:14s} {len(files):3d} files, {tally.summary()}"
                  + (f"; {skipped} parts skipped (no rubric yet)" if skipped else "")
                  + f"; {seconds:.1f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"\n{'all':14s} {overall.summary()}\n")
    _print_buckets(overall)
    if args.generated:
        print("\ngenerated layouts alone:")
        _print_buckets(tallies["generated"])
    return 0


def generated_files(per_assignment: int, assignments: dict[str, Assignment | None],
                    folder: Path) -> list[LabelledFile]:
    """``per_assignment`` generated submissions of every assignment with a rubric, written
    to ``folder``, each part labelled with its planted answer's key verdict."""
    rng = random.Random(GENERATED_SEED)
    found = []
    for rubric_path in sorted((REPO / "rubrics").glob("*.yaml")):
        assignment = _assignment(rubric_path.stem, assignments)
        if assignment is None:
            continue
        for number in range(per_assignment):
            plants = random_plants(assignment.id, rng)
            rendered = render(assignment.rubric, plants, random_layout(rng))
            stem = f"generated-{assignment.id}-{number:04d}"
            path = folder / f"{stem}{rendered.suffix}"
            path.write_bytes(rendered.data)
            found.append(LabelledFile(assignment.id, stem, path, {
                part_id: Expected((plant.status,), plant.points, plant.category)
                for part_id, plant in plants.items()}))
    return found


def _measure(files: list[LabelledFile], assignments: dict[str, Assignment | None],
             overall: Tally, show_wrong: bool) -> tuple[Tally, int, float]:
    tally, skipped = Tally(), 0
    started = time.perf_counter()
    for labelled in files:
        assignment = _assignment(labelled.assignment, assignments)
        if assignment is None:
            skipped += len(labelled.expected)
            continue
        result = grade_submission(labelled.path, assignment)
        for part in result.parts:
            expected = labelled.expected.get(part.part)
            if expected is None:
                continue
            outcome = tally.add(part, expected)
            overall.add(part, expected)
            if show_wrong and outcome == "wrong":
                print(f"  wrong: {labelled.assignment}/{labelled.stem} {part.part}: "
                      f"{part.status.value}, expected {'/'.join(expected.ok)} ({expected.why})")
    return tally, skipped, time.perf_counter() - started


def _assignment(assignment_id: str, cache: dict[str, Assignment | None]) -> Assignment | None:
    if assignment_id not in cache:
        try:
            cache[assignment_id] = load_assignment(assignment_id)
        except GraderError:
            cache[assignment_id] = None
    return cache[assignment_id]


def _print_buckets(tally: Tally) -> None:
    print("confidence   parts   agree   wrong   deferred")
    low = 0.0
    for edge in CONFIDENCE_EDGES_DEFAULT:
        counts = tally.buckets.get(edge, Counter())
        total = sum(counts.values())
        if total:
            print(f"({low:.1f}, {edge:.1f}]  {total:6d}  {counts['agree'] / total:6.1%}  "
                  f"{counts['wrong'] / total:6.1%}  {counts['deferred'] / total:8.1%}")
        low = edge


if __name__ == "__main__":
    sys.exit(main())
