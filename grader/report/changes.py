"""What the last write of a gradebook changed, and why: ``changes.md`` and ``changes.json``.

Every ``grade``, ``review`` or ``remove`` that rewrites an output folder
compares the rows it writes with the rows the folder held, part by part, and
records each score or verdict that moved, with the reason: the rubric or
reference changed, the student's file changed, a TA decided, the submission
is new or was removed, or it was simply graded again.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from grader.outcome import PartResult, SubmissionResult


@dataclass(frozen=True)
class Change:
    submission: str
    part: str
    old_status: str
    old_score: float
    new_status: str
    new_score: float
    why: str

    @property
    def delta(self) -> float:
        return self.new_score - self.old_score


def diff_gradebooks(old: Sequence[SubmissionResult], new: Sequence[SubmissionResult]
                    ) -> list[Change]:
    """Every part whose verdict or score differs between ``old`` and ``new`` rows."""
    before = {r.submission: r for r in old}
    after = {r.submission: r for r in new}
    changes: list[Change] = []
    for name, row in after.items():
        earlier = before.get(name)
        if earlier is None:
            changes += [_change(name, None, p, "new submission") for p in row.parts]
            continue
        old_parts = {p.part: p for p in earlier.parts}
        for part in row.parts:
            was = old_parts.get(part.part)
            if was is None or (was.status, was.score) != (part.status, part.score):
                changes.append(_change(name, was, part, _why(earlier, row, was, part)))
    for name, row in before.items():
        if name not in after:
            changes += [Change(name, p.part, p.status.value, p.score, "removed", 0.0,
                               "submission removed") for p in row.parts]
    return changes


def _why(old: SubmissionResult, new: SubmissionResult, was: PartResult | None,
         part: PartResult) -> str:
    if was is not None and was.decided_by != part.decided_by:
        return (f"a TA decision by {part.decided_by}" if part.decided_by
                else "a TA decision was withdrawn or set aside")
    if old.version != new.version:
        return "the rubric or reference changed"
    if old.digest != new.digest:
        return "the student's file changed"
    return "graded again"


def _change(name: str, was: PartResult | None, part: PartResult, why: str) -> Change:
    return Change(name, part.part, was.status.value if was else "-", was.score if was else 0.0,
                  part.status.value, part.score, why)


def changes_json(changes: Sequence[Change]) -> str:
    return json.dumps({"changes": [asdict(c) | {"delta": round(c.delta, 4)} for c in changes]},
                      indent=1, ensure_ascii=False) + "\n"


def render_changes(changes: Sequence[Change]) -> str:
    """Markdown for TAs: per submission, total movement, then each part."""
    if not changes:
        return "# Changes\n\nThe last run changed no verdict or score.\n"
    lines = ["# Changes", "", f"The last run changed {len(changes)} part verdict(s) in "
             f"{len({c.submission for c in changes})} submission(s).", ""]
    for name in dict.fromkeys(c.submission for c in changes):
        mine = [c for c in changes if c.submission == name]
        total = sum(c.delta for c in mine)
        lines += [f"## {name}: {total:+g} points", ""]
        lines += [f"- {c.part}: {c.old_status} {c.old_score:g} → {c.new_status} "
                  f"{c.new_score:g} ({c.why})" for c in mine]
        lines.append("")
    return "\n".join(lines)
