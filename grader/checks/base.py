"""What every checker is: a pure function from (answer, key) to an outcome."""

from __future__ import annotations

import weakref
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from grader.answer import Answer
from grader.notation import Notation
from grader.outcome import CheckOutcome
from grader.rubric.models import AcceptedForm, Misconception, Part

ParamsT = TypeVar("ParamsT", bound=BaseModel)
ReadT = TypeVar("ReadT")


class NoParams(BaseModel):
    """For checkers that take no settings."""

    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclass(frozen=True)
class PartKey:
    """Everything a checker may know about one part, already resolved.

    ``reference`` is what the reference module computed for the part (a sympy
    expression, a numpy table, ...). ``accepted`` and ``misconceptions`` pair
    each rubric entry with its value: the ``answer`` string as written in the
    rubric, or the object its ``reference`` function computed. ``module`` is
    the assignment's reference module, for property functions.
    """

    part: Part
    params: BaseModel
    notation: Notation
    reference: Any = None
    accepted: tuple[tuple[AcceptedForm, Any], ...] = ()
    misconceptions: tuple[tuple[Misconception, Any], ...] = ()
    module: ModuleType | None = None

    @property
    def points(self) -> float:
        return self.part.points

    def params_as(self, model: type[ParamsT]) -> ParamsT:
        """The part's params as the checker's own model.

        The loader already validates them; a key built by hand (tests, tools)
        may carry a dict or ``NoParams``, which is validated here. A mismatch is
        a rubric fault, never the student's.
        """
        if isinstance(self.params, model):
            return self.params
        raw = self.params.model_dump() if isinstance(self.params, BaseModel) else self.params
        try:
            return model.model_validate(raw or {})
        except ValidationError as exc:
            from grader.errors import CheckerError
            raise CheckerError(f"part {self.part.id}: {model.__name__} expected: {exc}") \
                from None

    def function(self, name: str) -> Any:
        """A named function of the reference module (for property checks)."""
        if self.module is None or not hasattr(self.module, name):
            from grader.errors import ReferenceModuleError
            raise ReferenceModuleError(f"part {self.part.id}: reference module has no {name!r}")
        return getattr(self.module, name)


class Checker(ABC):
    """One kind of answer. Subclasses set ``kind`` and, if they take settings,
    ``Params`` (a pydantic model validated against the rubric's ``params``)."""

    kind: ClassVar[str]
    Params: ClassVar[type[BaseModel]] = NoParams

    @abstractmethod
    def check(self, answer: Answer, key: PartKey) -> CheckOutcome:
        """Grade a non-empty answer. Never raises for a bad student answer:
        an answer it cannot decide is ``CheckOutcome.review(reason)``."""

    def write(self, value: Any, key: PartKey) -> str | None:
        """A value the reference module computed for ``key`` (its answer, an accepted
        form, a misconception), written as a student would write it, so ``grader
        rubric selftest`` can grade it; ``None``: this kind cannot write one."""
        return None


def once_per_key(read: Callable[[PartKey], ReadT]) -> Callable[[PartKey], ReadT]:
    """``read`` (a checker's reading of the rubric's forms) computed once per key.

    A key lives as long as its loaded assignment and is frozen, so its reading
    never changes; reading the forms again for every answer was most of the
    time a check took. Keyed by identity (a key may hold unhashable tables),
    dropped when the key is. The reading must be treated as read-only.
    """
    memo: dict[int, tuple[weakref.ref[PartKey], ReadT]] = {}

    def cached(key: PartKey) -> ReadT:
        hit = memo.get(id(key))
        if hit is not None and hit[0]() is key:
            return hit[1]
        value = read(key)
        ident = id(key)
        memo[ident] = (weakref.ref(key, lambda _: memo.pop(ident, None)), value)
        return value

    return cached
