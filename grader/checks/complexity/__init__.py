"""Big-O answers: ``O(t n² L)``, ``∝ l² × n × t``, ``O(L (t² n + t n²))``.

Two bounds are compared up to constant factors and term order, by their order
of growth: ``O(L (t² n + t n²))`` ≡ ``O(t² n L + t n² L)`` but ≢ ``O(t² n L)``.
The order is the maths core's (:mod:`grader.maths.monomials` for products of
powers and logs of the sizes, :mod:`grader.maths.orders` for ``2^n``, ``n!``,
``log log n``), and every comparison of an answer's bound with a form of the key
goes through ``grader.maths.verify`` (mode ``bound``), which also says how two
bounds of different orders differ, for "too loose" against "too small" feedback.

The check is ordered: reference and accepted forms (full credit), then the
rubric's misconceptions (their credit and feedback), then mutations of the
reference, which only add a line naming an unlisted slip.

Modules: ``reading`` (bounds out of the answer's text), ``key`` (the part's forms,
read once per key), ``grading`` (each bound against the key; the candidates of
one answer combined into one outcome).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sympy

from grader.answer import Answer
from grader.checks.base import Checker, PartKey
from grader.checks.complexity.grading import decide, describe_difference, render_expr_bound
from grader.checks.complexity.key import ComplexityParams, Key, read_key
from grader.checks.complexity.reading import (
    Candidate,
    blocking_unreadable,
    read_bounds,
    read_rubric_form,
    unreadable_bounds,
)
from grader.maths.monomials import (
    UnsupportedBound,
    bound_terms,
    dominant_terms,
    render_bound,
    strip_bigo,
)
from grader.outcome import CheckOutcome, status_for_score


class ComplexityChecker(Checker):
    """Grades a Big-O bound against the reference, accepted forms and misconceptions."""

    kind = "complexity"

    Params = ComplexityParams

    def write(self, value: Any, key: PartKey) -> str | None:
        from grader.mathread import to_text

        return f"O({to_text(value)})" if isinstance(value, sympy.Basic) else None

    def check(self, answer: Answer, key: PartKey) -> CheckOutcome:
        k = read_key(key)
        if not k.correct:
            return CheckOutcome.review("the reference bound for this part could not be read",
                                       notes=tuple(k.unreadable))
        notation = key.notation.with_declarations(answer.declared)
        candidates, notes = read_bounds(answer, notation, k.known)
        blocking = blocking_unreadable(answer, notation, candidates)
        if blocking:
            return CheckOutcome.review(
                f"could not read the bound {blocking[0]}",
                notes=(*notes, *(f"unreadable bound: {b}" for b in blocking),
                       *(f"readable bound not used to decide: {c.text}" for c in candidates)))
        if not candidates:
            return _no_bound(answer, k, key.points, notes)
        return decide(candidates, k, key.points, notes)


def check_bounds(bounds: Sequence[sympy.Expr | Candidate], key: PartKey,
                 answer_text: str = "") -> CheckOutcome:
    """Grade bounds already read (``O(...)`` stripped or not), last one last.

    The checker's logic without the text reader: plain expressions count as
    explicit, non-decisive candidates; names outside the key's symbols are
    undefined. ``answer_text`` is searched for keyword misconceptions when
    ``bounds`` is empty.

    Example:
        >>> check_bounds([n * L], key).status  # doctest: +SKIP
        <Status.CORRECT: 'correct'>
    """
    k = read_key(key)
    if not k.correct:
        return CheckOutcome.review("the reference bound could not be read",
                                   notes=tuple(k.unreadable))
    candidates = []
    for b in bounds:
        if not isinstance(b, Candidate):
            expr = strip_bigo(b)
            undefined = frozenset(s.name for s in expr.free_symbols) - k.known
            b = Candidate(expr, sympy.sstr(b), undefined=undefined)
        candidates.append(b)
    if not candidates:
        return _no_bound(Answer(key.part.id, answer_text), k, key.points, [])
    return decide(candidates, k, key.points)


def _no_bound(answer: Answer, k: Key, points: float, notes: list[str]) -> CheckOutcome:
    text = " ".join(answer.text.lower().split())
    for mis in k.keyword_misconceptions:
        if any(" ".join(w.lower().split()) in text for w in mis.keywords):
            score = min(mis.points, points)
            return CheckOutcome(status_for_score(score, points), score, (mis.feedback,),
                                (*notes, f"no bound read; keywords of {mis.id} found"),
                                None, mis.id)
    return CheckOutcome.review("could not read a complexity bound", notes=tuple(notes))


__all__ = [
    "Candidate",
    "ComplexityChecker",
    "ComplexityParams",
    "UnsupportedBound",
    "bound_terms",
    "check_bounds",
    "describe_difference",
    "dominant_terms",
    "read_rubric_form",
    "render_bound",
    "render_expr_bound",
    "strip_bigo",
    "unreadable_bounds",
]
