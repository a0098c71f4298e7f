"""The reader reads the same whatever the hash seed: batch workers and Celery workers
each get their own seed, and a set's order must never decide which part an answer
belongs to (it did: grid dimensions were built by looping over a set of keywords)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import REPO

READ_ALL = """
import json, sys
from tests.corpus_files import SEEDS_LABELS, corpus_files, labelled_set
from grader.pipeline import find_answers
from grader.ingest import read_submission
from grader.rubric.assignment import load_assignment
files = labelled_set(SEEDS_LABELS, SEEDS_LABELS.parent / "seeds") + corpus_files("dev")[::4]
out = {}
for f in files:
    answers = find_answers(read_submission(f.path).text, load_assignment(f.assignment))
    out.update({f"{f.stem}/{k}": [a.text, a.confidence] for k, a in answers.items()})
json.dump(out, sys.stdout, sort_keys=True)
"""


def _read_under(seed: str) -> dict[str, list]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    run = subprocess.run([sys.executable, "-c", READ_ALL], cwd=REPO, env=env,
                         capture_output=True, text=True, timeout=600, check=True)
    return json.loads(run.stdout)


def test_answers_do_not_depend_on_the_hash_seed():
    first, second = _read_under("0"), _read_under("1")
    differ = [key for key in first if first[key] != second.get(key)]
    assert not differ, differ[:5]
    assert len(first) > 100
