"""Table rows written as a list after their name, inside a sentence:
"So $x = 1, 0.5, 0, -0.25$ and $v = 0, -0.5, -0.5, -0.25$ for $t = 0..3$."

The grid reader wants a row per line; a student who writes both rows in one
sentence gives each as ``name = v₀, v₁, …``. Read only when the line reader
found nothing, so a table laid out as a table is never read this way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from grader.checks.text import fold_unicode

_NUMBER = r"[-+]?\d+(?:\.\d+)?"


def named_lists(text: str, labels: dict[str, Iterable[str]], min_values: int,
                number: Callable[[str], float | None]) -> dict[str, list[float | None]]:
    """Per row, the values of its list (``labels`` maps a row to the names it
    may be written with); {} unless every list found has ``min_values`` values
    at least and no row is given twice with different values."""
    spelled = {name.lower(): row for row, names in labels.items() for name in names}
    if not spelled:
        return {}
    names = "|".join(re.escape(n) for n in sorted(spelled, key=len, reverse=True))
    pattern = re.compile(rf"(?<![A-Za-z_])({names})\s*=\s*({_NUMBER}(?:\s*,\s*{_NUMBER})+)"
                         rf"(?![\d.]|\s*,\s*\d)", re.IGNORECASE)
    found: dict[str, list[float | None]] = {}
    for match in pattern.finditer(fold_unicode(text).replace("$", " ")):
        row = spelled[match.group(1).lower()]
        values = [number(v.strip()) for v in match.group(2).split(",")]
        if len(values) < min_values or found.get(row, values) != values:
            return {}
        found[row] = values
    return found
