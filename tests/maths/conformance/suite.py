"""Run the conformance cases through ``verify`` and tally right / wrong / undecided."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from grader.maths import Status, Verdict, verify
from tests.maths.conformance import (
    cases_latex2sympy,
    cases_math_verify,
    cases_math_verify_more,
    cases_math_verify_third,
    cases_prairielearn,
    cases_prairielearn_notation,
    cases_stack,
    cases_stack_forms,
    cases_stack_more,
    cases_stack_relations,
)
from tests.maths.conformance.case import Case

SUITES = {"STACK": cases_stack.CASES, "STACK relations": cases_stack_relations.CASES,
          "STACK (more)": cases_stack_more.CASES,
          "STACK (forms)": cases_stack_forms.CASES,
          "Math-Verify": cases_math_verify.CASES,
          "Math-Verify (more)": cases_math_verify_more.CASES,
          "Math-Verify (third)": cases_math_verify_third.CASES,
          "PrairieLearn big-O": cases_prairielearn.CASES,
          "PrairieLearn reading": cases_prairielearn_notation.CASES,
          "latex2sympy reader": cases_latex2sympy.CASES}


@dataclass(frozen=True)
class Result:
    case: Case
    verdict: Verdict

    @property
    def outcome(self) -> str:
        """``right``, ``wrong`` (confidently) or ``undecided``."""
        if self.verdict.status is Status.UNDECIDED:
            return "undecided"
        return "right" if self.verdict.equivalent == self.case.expected else "wrong"


CASE_TIMEOUT_S = 10.0
"""Generous on purpose: outcomes must not depend on the machine's load (speed is
measured in bench/verify.py with the default limit)."""


def run_case(case: Case) -> Result:
    return Result(case, verify(case.reference, case.answer, mode=case.mode,
                               notation=case.notation, timeout=CASE_TIMEOUT_S))


def run_all() -> dict[str, list[Result]]:
    return {name: [run_case(c) for c in cases] for name, cases in SUITES.items()}


def table(results: dict[str, list[Result]]) -> str:
    """One line per source: right / confidently wrong / undecided out of the total."""
    lines = [f"{'source':<22} {'right':>6} {'wrong':>6} {'undecided':>10} {'total':>6}"]
    total: Counter[str] = Counter()
    for name, rows in results.items():
        counts = Counter(r.outcome for r in rows)
        total.update(counts)
        lines.append(f"{name:<22} {counts['right']:>6} {counts['wrong']:>6} "
                     f"{counts['undecided']:>10} {len(rows):>6}")
    n = sum(total.values())
    share = 100 * total["right"] / max(n, 1)
    lines.append(f"{'all':<22} {total['right']:>6} {total['wrong']:>6} "
                 f"{total['undecided']:>10} {n:>6}  ({share:.1f} % right)")
    return "\n".join(lines)
