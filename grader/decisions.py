"""TA decisions that stick: recorded once, applied on every later run (issue #11).

A decision sets one part's score for one submission, or, as a *group decision*,
for every submission whose answer to that part reads the same. Decisions live
in ``OUT/decisions.yaml`` (who, when, the comment for the student, and the
answer they were made on) and are applied whenever the gradebook is written,
by ``grade`` as by ``review``. A submission's own decision is *set aside*, with
a warning, when its answer to the part has changed since: the TA decided on
other words.

Answers are compared by their *answer key*: a hash of how the checker read the
answer (``interpreted_as``) or, when it read no object, of the text with its
white space folded. Two students who wrote ``O(n^2 t L)`` and ``O(L t n²)`` share
a key, so one decision serves both.
"""

from __future__ import annotations

import datetime
import getpass
import hashlib
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import yaml

from grader.errors import GraderError
from grader.outcome import PartResult, Status, SubmissionResult, status_for_score

DECISIONS_NAME = "decisions.yaml"
#: A decision for every submission whose answer has the decision's key.
GROUP = "*"
_HEADER = ("# TA decisions, applied on every run of grader grade and grader review.\n"
           "# submission '*' is a group decision: every answer with the same answer_key.\n")


@dataclass(frozen=True)
class Decision:
    """One TA decision on one part (see the module docstring)."""

    part: str
    submission: str
    score: float
    answer_key: str
    answer: str = ""
    comment: str = ""
    by: str = ""
    at: str = ""

    @property
    def is_group(self) -> bool:
        return self.submission == GROUP


def answer_key(part: PartResult) -> str:
    """What makes two answers to a part "the same" for a decision."""
    reading = part.interpreted_as or " ".join(part.answer.split())
    return hashlib.sha256(f"{part.part}\0{reading}".encode()).hexdigest()[:16]


def new_decision(part: PartResult, submission: str, score: float, *, comment: str = "",
                 group: bool = False, by: str | None = None) -> Decision:
    """A decision on ``part`` as it reads now, stamped with who and when."""
    if not 0 <= score <= part.max_score:
        raise GraderError(f"score {score:g} is outside 0..{part.max_score:g} for {part.part}")
    return Decision(part.part, GROUP if group else submission, score, answer_key(part),
                    part.answer[:500], comment, by or _user(),
                    datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"))


def load_decisions(out_dir: Path) -> list[Decision]:
    """``OUT/decisions.yaml``; empty when there is none.

    Raises:
        GraderError: the file is not a list of decisions; the message names the entry.
    """
    path = out_dir / DECISIONS_NAME
    if not path.is_file():
        return []
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise GraderError(f"{path}: not valid YAML ({exc})") from exc
    decisions = []
    for index, entry in enumerate(document.get("decisions") or []):
        try:
            decisions.append(Decision(**{**entry, "score": float(entry["score"]),
                                         "submission": str(entry["submission"])}))
        except (TypeError, KeyError, ValueError) as exc:
            raise GraderError(f"{path}: decisions[{index}] is not a decision ({exc})") from exc
    return decisions


def save_decisions(out_dir: Path, decisions: Sequence[Decision]) -> None:
    from grader.report.files import atomic_write

    body = yaml.safe_dump({"decisions": [asdict(d) for d in decisions]}, sort_keys=False,
                          allow_unicode=True, width=100)
    atomic_write(out_dir / DECISIONS_NAME, _HEADER + body)


def record(decisions: list[Decision], decision: Decision) -> list[Decision]:
    """``decisions`` with ``decision`` replacing any earlier one it supersedes."""
    def superseded(d: Decision) -> bool:
        return (d.part == decision.part and d.submission == decision.submission
                and (not decision.is_group or d.answer_key == decision.answer_key))

    return [d for d in decisions if not superseded(d)] + [decision]


def machine_view(row: SubmissionResult) -> SubmissionResult:
    """``row`` as the grader itself graded it, every TA decision taken off."""
    parts = tuple(_undecided(p) for p in row.parts)
    return row if parts == row.parts else replace(row, parts=parts)


def apply_decisions(rows: Sequence[SubmissionResult], decisions: Sequence[Decision]
                    ) -> tuple[list[SubmissionResult], list[str]]:
    """``rows`` (machine verdicts) with the decisions applied, and a warning for
    each submission's decision set aside because its answer changed."""
    own = {(d.submission, d.part): d for d in decisions if not d.is_group}
    groups = {(d.part, d.answer_key): d for d in decisions if d.is_group}
    warnings: list[str] = []
    applied = []
    for row in rows:
        parts = []
        for part in row.parts:
            key = answer_key(part)
            decision = own.get((row.submission, part.part))
            if decision is not None and decision.answer_key != key:
                warnings.append(f"{row.submission} {part.part}: the decision by {decision.by} "
                                f"({decision.at}) is set aside: the answer changed since")
                decision = None
            decision = decision or groups.get((part.part, key))
            parts.append(_decided(part, decision) if decision else part)
        applied.append(replace(row, parts=tuple(parts)))
    return applied, warnings


def _decided(part: PartResult, decision: Decision) -> PartResult:
    score = min(max(decision.score, 0.0), part.max_score)
    what = "group decision" if decision.is_group else "decision"
    return replace(part, status=status_for_score(score, part.max_score), score=score,
                   feedback=(decision.comment,) if decision.comment else (),
                   ta_notes=(f"TA {what} by {decision.by} at {decision.at}; the grader said "
                             f"{part.status.value} ({part.score:g} pts)", *part.ta_notes),
                   decided_by=decision.by, machine=(part.status.value, part.score,
                                                    part.feedback))


def _undecided(part: PartResult) -> PartResult:
    if part.machine is None:
        return part
    status, score, feedback = part.machine
    return replace(part, status=Status(status), score=score, feedback=feedback,
                   ta_notes=part.ta_notes[1:], decided_by="", machine=None)


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "ta"
