"""The labelled corpus in ``tests/corpus/<split>/<assignment>/``: files and their verdicts.

Each split holds one or more ``verdicts-*.json`` (one per author), written from
the answer keys before the grader ran on the files. ``dev`` is for developing
the reader; ``sealed`` is measured only when a mechanism is done
(``bench/accuracy.py --sealed``), never by the test suite.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from grader.agreement import Expected, load_labels
from tests.conftest import REPO

CORPUS = REPO / "tests" / "corpus"
SEEDS_LABELS = REPO.parent / "shared" / "seed-verdicts.json"
SAMPLES_LABELS = REPO / "submissions" / "expected-verdicts.json"


@dataclass(frozen=True)
class LabelledFile:
    assignment: str
    stem: str
    path: Path
    expected: dict[str, Expected]
    author: str = ""  # the verdicts file's persona (``verdicts-<author>.json``)


def corpus_files(split: str) -> list[LabelledFile]:
    """Every labelled file of ``split`` (``dev`` or ``sealed``), in a stable order."""
    folder = CORPUS / split
    found = []
    for labels_path in sorted(folder.glob("verdicts-*.json")):
        for assignment, submissions in load_labels(labels_path).items():
            for stem, parts in submissions.items():
                found.append(LabelledFile(assignment, stem, _one_file(folder / assignment, stem),
                                          parts, labels_path.stem.removeprefix("verdicts-")))
    return sorted(found, key=lambda f: (f.assignment, f.stem))


def labelled_set(labels: Path, folder: Path) -> list[LabelledFile]:
    """Seeds or samples: one verdicts file, files found by stem (seeds: in ``folder``
    itself; samples: in ``folder/<assignment>``)."""
    found = []
    for assignment, submissions in load_labels(labels).items():
        where = folder / assignment if (folder / assignment).is_dir() else folder
        for stem, parts in submissions.items():
            found.append(LabelledFile(assignment, stem, _one_file(where, stem), parts))
    return found


def _one_file(folder: Path, stem: str) -> Path:
    matches = [p for p in folder.glob(f"{stem}.*") if p.is_file()]
    if len(matches) != 1:
        raise FileNotFoundError(f"{folder}/{stem}.*: {len(matches)} files")
    return matches[0]
