"""Test-only assignments: a property check that never ends on the answer "hang",
and one that sleeps N seconds on the answer "sleep N" (a long healthy task)."""

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

#: The same sheet, graded by a check that takes the seconds it is told to.
SLOW_RUBRIC = (RUBRIC.replace("hostile-test", "slow-test")
               .replace("hang_check", "slow_check").replace("time_limit: 1", "time_limit: 60"))

REFERENCE = '''\
"""Property function that, on "hang", blocks the alarm signal and sleeps forever:
like one long C-level sympy call, the pipeline's own time limit cannot stop it."""

import re
import signal
import time

from grader.checks.property import PropertyVerdict


def hang_check(inp):
    if "hang" in inp.text:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        while True:
            time.sleep(1)
    return PropertyVerdict("correct")


def slow_check(inp):
    found = re.search(r"sleep ([0-9.]+)", inp.text)
    time.sleep(float(found.group(1)) if found else 0)
    return PropertyVerdict("correct")
'''

SHEET = """\
## [q1] Anything. (2 pts)

{q1}

## [q2] Yes or no? (1 pt)

yes
"""


def write_hostile_assignment(folder: Path, slow: bool = False) -> Path:
    """Write rubrics/hostile-test.yaml (slow: slow-test.yaml) and
    reference/hostile_test.py; return the rubric."""
    (folder / "rubrics").mkdir(parents=True, exist_ok=True)
    (folder / "reference").mkdir(exist_ok=True)
    (folder / "reference" / "hostile_test.py").write_text(REFERENCE)
    rubric = folder / "rubrics" / ("slow-test.yaml" if slow else "hostile-test.yaml")
    rubric.write_text(SLOW_RUBRIC if slow else RUBRIC)
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
