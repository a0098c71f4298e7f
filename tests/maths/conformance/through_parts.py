"""The conformance cases graded as the outsiders graded them: one throwaway rubric
part per case, through the pipeline's ``grade_part`` (as ``grader rubric try`` does).

An ``expression`` or ``relation`` case becomes an ``expression`` part and a
``bound`` case a ``complexity`` part, whose reference is the case's reference as
read (the value a reference module would compute) and whose notation declares
the reference's names, as an instructor's would. A reference whose reading
``verify`` leaves to the answer (a list without brackets, ``1, 2`` or ``1,22``: members
in no order or a decimal comma; ``[1, 3]``: a list or a closed interval) has no one
sympy value, so it is not made a part. The reference is read as ``verify``
reads it (``f(x)`` applies ``f``), as a reference module would write it. ``correct`` is equivalent,
``incorrect``/``partial`` not equivalent, ``needs_review`` undecided.
"""

from __future__ import annotations

from dataclasses import dataclass

from grader.answer import Answer
from grader.checks import PartKey
from grader.checks.complexity import ComplexityParams
from grader.checks.expression import ExpressionParams
from grader.mathread import MathParseError
from grader.maths import parse
from grader.maths.chains import with_functions
from grader.notation import Notation
from grader.outcome import Status
from grader.pipeline import grade_part
from grader.rubric.models import Part
from tests.maths.conformance.case import Case

PART_KIND = {"expression": "expression", "relation": "expression", "bound": "complexity"}


@dataclass(frozen=True)
class PartOutcome:
    case: Case
    status: Status | None
    """None: the reference itself cannot be a part's reference (not read)."""

    @property
    def outcome(self) -> str:
        if self.status is None or self.status in (Status.NEEDS_REVIEW, Status.MISSING):
            return "undecided"
        equivalent = self.status is Status.CORRECT
        return "right" if equivalent == self.case.expected else "wrong"


def throwaway_key(case: Case) -> PartKey | None:
    """A part whose reference is the case's reference, or None when it cannot be read."""
    notation = case.notation or Notation()
    try:
        reference = parse(case.reference, with_functions(notation), mode=case.mode)
    except MathParseError:
        return None
    if reference.kind == "list" or reference.members:
        return None  # 1, 2 or 1,22 (no brackets), [1, 3] (a list or an interval): no one value
    names = tuple(sorted({s.name for s in reference.value.free_symbols} | set(case.symbols)))
    kind = PART_KIND[case.mode]
    params = ComplexityParams() if kind == "complexity" else ExpressionParams()
    return PartKey(part=Part(id="p", points=1, kind=kind), params=params,
                   notation=Notation(names, functions=notation.functions),
                   reference=reference.value)


def grade_through_part(case: Case) -> PartOutcome:
    key = throwaway_key(case)
    if key is None:
        return PartOutcome(case, None)
    answer = Answer(part_id="p", text=case.answer, in_slot=True)
    return PartOutcome(case, grade_part(answer, key).status)
