"""Grading bounds already read: each one against the key through ``grader.maths.verify``
(mode ``bound``), then the candidates of one answer combined into one outcome."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sympy

from grader.checks import safe_feedback
from grader.checks.complexity.key import Form, Key
from grader.checks.complexity.reading import Candidate, with_operator
from grader.checks.mutations import render
from grader.maths import Parsed, Verdict, verify
from grader.maths.monomials import (
    OrderDifference,
    UnsupportedBound,
    bound_terms,
    monomial_key,
    order_key,
    render_bound,
    render_factor,
    strip_bigo,
)
from grader.outcome import CheckOutcome, Status, status_for_score


def compare(reference: sympy.Expr, answer: sympy.Expr, reference_operator: str | None = None,
            answer_operator: str | None = None) -> Verdict:
    """Whether ``answer`` names the order of ``reference`` (both without ``O``; a
    ``Θ`` or ``Ω`` operator given apart, as ``verify`` weighs it)."""
    return verify(Parsed.of(with_operator(reference_operator, reference), "bound"),
                  Parsed.of(with_operator(answer_operator, answer), "bound"), mode="bound")


def matches(form: Form, answer: sympy.Expr, operator: str | None = None) -> bool:
    return compare(form.expr, answer, form.operator, operator).equivalent


@dataclass(frozen=True)
class Grade:
    """One candidate's grade, before the candidates of an answer are combined."""

    status: Status
    score: float
    matched: str | None = None
    feedback: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    companion: bool = False
    expr: sympy.Expr | None = None

    @property
    def verdict(self) -> tuple[Any, ...]:
        return (self.status, round(self.score, 6), self.matched)


def grade_bound(expr: sympy.Expr, key: Key, points: float, operator: str | None = None
                ) -> Grade:
    """Grade one bound (its argument, no undefined names left; ``operator`` ``Θ``/``Ω``
    as written) against the key. A bound ``verify`` cannot compare with a correct
    form (``Θ`` where ``O`` is asked, an order it cannot find) is for review."""
    companion = any(matches(c, expr, operator) for c in key.companions)
    against_reference: Verdict | None = None
    undecided: list[str] = []
    for form in key.correct:
        verdict = compare(form.expr, expr, form.operator, operator)
        against_reference = against_reference or verdict
        if verdict.equivalent:
            return Grade(Status.CORRECT, points, form.label, companion=companion, expr=expr)
        if not verdict.decided:
            undecided.append(f"{form.label}: {verdict.reason}")
    for mis, form in key.misconceptions:
        if matches(form, expr, operator):
            score = min(mis.points, points)
            return Grade(status_for_score(score, points), score, mis.id, (mis.feedback,),
                         (f"matches misconception {mis.id}",), companion, expr)
    if key.unreadable or undecided:
        return Grade(Status.NEEDS_REVIEW, 0.0, None,
                     ("could not compare the bound with every accepted answer for this part",),
                     (*undecided, *(f"rubric form not read: {u}" for u in key.unreadable)),
                     companion, expr)
    feedback: list[str] = []
    notes: list[str] = []
    if key.correct and against_reference is not None:
        reference = key.correct[0]
        if against_reference.order is not None:
            feedback.append(describe_difference(against_reference.order, key.order))
        notes.append(f"expected {reference.text}, read {_reduced(expr, key)}")
    for slip, mutated in key.mutations:
        if matches(mutated, expr, operator):
            feedback.append(safe_feedback.slip_line(slip.kind))
            notes.append(f"matches the mutation of the reference: {slip.description}")
            break
    return Grade(Status.INCORRECT, 0.0, None, tuple(feedback), tuple(notes), companion, expr)


def describe_difference(difference: OrderDifference, order: Sequence[str] = ()) -> str:
    """One feedback sentence on how two bounds of different orders differ, for the student.

    ``difference`` is what ``verify`` found (``Verdict.order``). States the kind of
    error and names only the answer's own factors or terms that are off ("the
    factor t⁹ in your bound is larger than needed"); what the reference has and
    the answer lacks is neither named nor counted
    (:mod:`grader.checks.safe_feedback`). The TA notes carry both bounds.
    """
    if difference.one_term:
        def shown(powers: tuple) -> list[str]:
            return [render_factor(*p) for p in sorted(powers, key=lambda p: order_key(p[0], order))]
        return safe_feedback.factor_difference(
            looser=difference.looser, tighter=difference.tighter,
            too_large=shown(difference.too_large), too_small=shown(difference.too_small),
            missing=difference.missing_factor)
    extra = sorted(difference.extra, key=lambda m: monomial_key(m, order))
    return safe_feedback.term_difference(
        looser=difference.looser, tighter=difference.tighter, missing=difference.missing_term,
        extra=[m.render(order) for m in extra])


def render_expr_bound(expr: Any, order: Sequence[str] = ()) -> str:
    """The bound as the student wrote it, for ``interpreted_as``: a product of
    powers renders as ``O(L²·n·t)``, anything else through its monomials when
    it is one, else sympy's text."""
    expr = strip_bigo(expr)
    try:
        terms = bound_terms(expr)
    except UnsupportedBound:
        return f"O({render(expr)})"
    if isinstance(expr, sympy.Add) and len(sympy.Add.make_args(sympy.expand(expr))) > len(terms):
        return f"O({render(expr)})"  # show what was written, not the reduced form
    return render_bound(terms, order)


def readings(candidate: Candidate, key: Key, points: float) -> tuple[float, list[str]]:
    """Grades of a bound with undefined names under plausible readings: each
    undefined name read as each of the assignment's symbols, or as a constant."""
    names = sorted(candidate.undefined)
    targets = [*key.order] or sorted(key.known)
    notes, scores = [], []
    for name in names[:2]:
        for target in [*targets, None]:
            value = sympy.Integer(1) if target is None else sympy.Symbol(target)
            expr = candidate.expr.xreplace({sympy.Symbol(name): value})
            if {s.name for s in expr.free_symbols} - key.known:
                continue
            try:
                shown = render_bound(bound_terms(expr), key.order)
            except UnsupportedBound:
                continue
            grade = grade_bound(expr, key, points)
            reading = "a constant" if target is None else target
            scores.append(grade.score)
            matched = f", {grade.matched}" if grade.matched else ""
            notes.append(f"reading {name} as {reading}: {shown} would be "
                         f"{grade.status.value} ({grade.score:g} pts{matched})")
    return (min(scores) if scores else 0.0), notes


def decide(candidates: Sequence[Candidate], key: Key, points: float,
           notes: Sequence[str] = ()) -> CheckOutcome:
    """Combine the grades of every candidate bound into one outcome.

    - a candidate with undefined names → review, with the grades under plausible
      readings in the TA notes;
    - all candidates agree → that grade;
    - one is correct and the others are correct or companions → correct;
    - the last one covers every other (earlier ones read as steps of the
      derivation) → the last one decides;
    - otherwise → review listing the bounds.
    """
    notes = list(notes)
    shown = ", ".join(render_expr_bound(c.expr, key.order) for c in candidates)
    for c in candidates:
        if c.undefined:
            suggested, notes_read = readings(c, key, points)
            names = " and ".join(sorted(c.undefined))
            verb = "is" if len(c.undefined) == 1 else "are"
            return CheckOutcome.review(
                f"{names} {verb} not defined in the answer", suggested=suggested,
                interpreted_as=shown, notes=(*notes, *notes_read))
    grades: list[Grade] = []
    for c in candidates:
        try:
            bound_terms(c.expr)
        except UnsupportedBound as exc:
            by_order = grade_by_order(c, key, points) if len(candidates) == 1 else None
            if by_order is not None:
                return outcome(by_order, shown, [*notes, str(exc)])
            if len(candidates) > 1:
                return CheckOutcome.review(f"could not compare the bound {c.text}",
                                           interpreted_as=shown, notes=(*notes, str(exc)))
        grades.append(grade_bound(c.expr, key, points, c.operator))
    if any(g.status is Status.NEEDS_REVIEW for g in grades):
        g = next(g for g in grades if g.status is Status.NEEDS_REVIEW)
        return CheckOutcome.review(g.feedback[0], interpreted_as=shown,
                                   notes=(*notes, *g.notes))
    last = grades[-1]
    if len({g.verdict for g in grades}) == 1:
        return outcome(last, shown, notes)
    if any(g.status is Status.CORRECT for g in grades) and all(
            g.status is Status.CORRECT or g.companion for g in grades):
        best = next(g for g in grades if g.status is Status.CORRECT)
        return outcome(best, shown, [*notes, "companion bound(s) beside a correct one"])
    if all(_step_before(g, last) for g in grades[:-1]):
        return outcome(last, _render(last, key) or shown,
                       [*notes, f"earlier bounds read as steps: {shown}"])
    return CheckOutcome.review(
        f"the answer gives several different bounds: {shown}",
        suggested=min(g.score for g in grades), interpreted_as=shown,
        notes=(*notes, *(f"{_render(g, key) or '?'}: {g.status.value} {g.score:g}"
                         for g in grades)))


def _step_before(earlier: Grade, last: Grade) -> bool:
    """Whether the last bound covers an earlier one (the same order, or looser)."""
    if earlier.expr is None or last.expr is None:
        return False
    verdict = compare(earlier.expr, last.expr)
    return verdict.equivalent or verdict.looser


def _render(grade: Grade, key: Key) -> str | None:
    return None if grade.expr is None else _reduced(grade.expr, key)


def _reduced(expr: sympy.Expr, key: Key) -> str:
    """The bound by its maximal monomials, or as written when it has none (``2^n``)."""
    try:
        return render_bound(bound_terms(expr), key.order)
    except UnsupportedBound:
        return render_expr_bound(expr, key.order)


def grade_by_order(candidate: Candidate, key: Key, points: float) -> Grade | None:
    """A bound outside the monomial order (``2^n``, ``n!``, ``log log n``) in one
    size, graded by its order of growth against the reference.

    Only a decided comparison grades; anything else stays with review.
    """
    if not key.correct or key.correct[0].bound is None or len(key.correct[0].bound) != 1:
        return None
    (monomial,) = key.correct[0].bound
    reference = sympy.Mul(*(sympy.Symbol(n) ** p * sympy.log(sympy.Symbol(n)) ** q
                            for n, p, q in monomial.powers))
    sizes = {s.name for s in candidate.expr.free_symbols} | monomial.names
    if len(sizes) != 1:
        return None
    verdict = compare(reference, candidate.expr, key.correct[0].operator, candidate.operator)
    if not verdict.decided:
        return None
    note = f"compared by order of growth: {verdict.reason}"
    if verdict.equivalent:
        return Grade(Status.CORRECT, points, key.correct[0].label, notes=(note,))
    feedback = ("not tight: your bound grows faster than needed" if verdict.looser
                else "too small: your bound grows more slowly than the cost")
    return Grade(Status.INCORRECT, 0.0, None, (feedback,), (note,))


def outcome(grade: Grade, shown: str, notes: Sequence[str]) -> CheckOutcome:
    return CheckOutcome(grade.status, grade.score, grade.feedback,
                        (*notes, *grade.notes), shown, grade.matched)
