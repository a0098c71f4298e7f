"""The answers a generated layout plants: every answer-key case, plus blanks.

A plant is one part's answer with the verdict the answer key gives it
(``tests/answer_key_cases.py``) and the points that verdict carries. Blanks are
the placeholders students leave (``TODO``, "ran out of time", an empty
section); their key verdict is ``missing``. Categories: ``correct`` (a reference
or accepted form), ``misconception`` (a listed one), ``wrong`` (any other wrong
answer), ``manual`` (a TA decides), ``placeholder`` and ``empty``.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from dataclasses import dataclass

from tests.answer_key_cases import CASES

#: What students leave where an answer would be; each reads as no answer.
BLANKS: tuple[str, ...] = ("TODO", "*TODO*", "(ran out of time)", "—", "", "?? (skipped)")


@dataclass(frozen=True)
class Plant:
    """One planted answer: its text, the key verdict and what kind of key row it is."""

    part_id: str
    text: str
    status: str
    points: float
    category: str  # correct, misconception, wrong, manual, placeholder, empty

    @property
    def one_line(self) -> bool:
        return "\n" not in self.text.strip()


def _category(status: str, mistake: str | None) -> str:
    if status == "needs_review":
        return "manual"
    if status == "correct":
        return "correct"
    return "misconception" if mistake else "wrong"


def plants_by_part(assignment_id: str) -> dict[str, list[Plant]]:
    """Every answer-key case of ``assignment_id`` as plants, by part, blanks last."""
    found: dict[str, list[Plant]] = defaultdict(list)
    for case_assignment, part_id, text, status, points, mistake in CASES:
        if case_assignment == assignment_id:
            found[part_id].append(Plant(part_id, text, status, points,
                                        _category(status, mistake)))
    for part_id, plants in found.items():
        plants += [Plant(part_id, blank, "missing", 0.0, "placeholder" if blank else "empty")
                   for blank in BLANKS]
    return dict(found)


def random_plants(assignment_id: str, rng: random.Random, *,
                  blank_share: float = 0.15) -> dict[str, Plant]:
    """One plant per part, a placeholder or empty answer for ``blank_share`` of them."""
    chosen = {}
    for part_id, plants in plants_by_part(assignment_id).items():
        blank = rng.random() < blank_share
        chosen[part_id] = rng.choice([p for p in plants
                                      if (p.category in ("placeholder", "empty")) == blank])
    return chosen


_DEFINES = re.compile(r"^\$?\s*([A-Za-z][A-Za-z0-9_]*)\s*=")


def defined_symbol(plants: list[Plant]) -> str | None:
    """The symbol every non-blank answer of a part defines (``M`` for "M = 1 + D + D^2"
    and "$M = 2D + 1$"), or None when the answers do not share one."""
    sides = {m[1] if (m := _DEFINES.match(p.text)) else None for p in plants
             if p.category not in ("placeholder", "empty")}
    return sides.pop() if len(sides) == 1 else None
