"""What ``verify`` answers: equivalent, not equivalent, or undecided, with a reason."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from grader.maths.monomials import OrderDifference


class Status(StrEnum):
    """The three answers ``verify`` gives; undecided is a verdict, not an error."""

    EQUIVALENT = "equivalent"
    NOT_EQUIVALENT = "not_equivalent"
    UNDECIDED = "undecided"


@dataclass(frozen=True)
class Disagreement:
    """A point where the two sides differ, and their values there (for the TA's notes)."""

    point: Mapping[str, float] = field(default_factory=dict)
    reference: complex = 0j
    answer: complex = 0j


@dataclass(frozen=True)
class Verdict:
    """The outcome of one comparison.

    ``method`` names the step that decided (``structure``, ``exact``,
    ``numeric``, ``simplify``, ``proportional``, ``solutions``, ``sets``,
    ``order``…); ``reason`` says why in words a grader can show.
    """

    status: Status
    reason: str
    method: str = ""
    evidence: Disagreement | None = None
    """Where a numeric comparison found the two sides apart, when it did."""
    order: OrderDifference | None = None
    """For bounds of different orders: how the answer's stands to the reference's
    (looser, tighter, which of the answer's factors or terms), for feedback."""

    @property
    def looser(self) -> bool:
        """A bound that contains the reference's order without being it (too loose)."""
        return self.order is not None and self.order.looser and not self.equivalent

    @property
    def tighter(self) -> bool:
        """A bound strictly inside the reference's order (too small)."""
        return self.order is not None and self.order.tighter and not self.equivalent

    @property
    def equivalent(self) -> bool:
        return self.status is Status.EQUIVALENT

    @property
    def decided(self) -> bool:
        return self.status is not Status.UNDECIDED

    def to_dict(self) -> dict[str, str]:
        return {"status": self.status.value, "reason": self.reason, "method": self.method}


def equivalent(method: str, reason: str = "") -> Verdict:
    return Verdict(Status.EQUIVALENT, reason or f"equal ({method})", method)


def not_equivalent(method: str, reason: str, evidence: Disagreement | None = None,
                   order: OrderDifference | None = None) -> Verdict:
    return Verdict(Status.NOT_EQUIVALENT, reason, method, evidence, order)


def undecided(reason: str, method: str = "") -> Verdict:
    return Verdict(Status.UNDECIDED, reason, method)
