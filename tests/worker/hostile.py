"""A test-only assignment whose property check never ends on the answer "hang"."""

from __future__ import annotations

from pathlib import Path

RUBRIC = """\
id: hostile-test
title: "A check that never ends"
reference: hostile_test
parts:
  - id: q1
    points: 2
    kind: property
    prompt: "Anything."
    params: {function: hang_check}
    time_limit: 1
  - id: q2
    points: 1
    kind: choice
    prompt: "Yes or no?"
    params: {expected: "yes"}
"""

REFERENCE = '''\
"""Property function that, on "hang", blocks the alarm signal and sleeps forever:
like one long C-level sympy call, the pipeline's own time limit cannot stop it."""

import signal
import time

from grader.checks.property import PropertyVerdict


def hang_check(inp):
    if "hang" in inp.text:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        while True:
            time.sleep(1)
    return PropertyVerdict("correct")
'''

SHEET = """\
## [q1] Anything. (2 pts)

{q1}

## [q2] Yes or no? (1 pt)

yes
"""


def write_hostile_assignment(folder: Path) -> Path:
    """Write rubrics/hostile-test.yaml and reference/hostile_test.py; return the rubric."""
    (folder / "rubrics").mkdir(parents=True, exist_ok=True)
    (folder / "reference").mkdir(exist_ok=True)
    (folder / "reference" / "hostile_test.py").write_text(REFERENCE)
    rubric = folder / "rubrics" / "hostile-test.yaml"
    rubric.write_text(RUBRIC)
    return rubric


def write_sheets(folder: Path, answers: dict[str, str]) -> list[Path]:
    """One answer sheet per ``name: q1 answer``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, q1 in answers.items():
        path = folder / f"{name}.md"
        path.write_text(SHEET.format(q1=q1))
        paths.append(path)
    return paths
