"""Grading a derivation already read into steps: every comparison of a step, the
final expression or one of its terms with the reference (or with the step before)
goes through ``grader.maths.verify`` with the part's latent-variable model, which
compares by evaluation on random discrete models."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import sympy

from grader.checks.base import PartKey
from grader.checks.identity.derivation import Step
from grader.checks.identity.params import (
    CORRECT,
    EVIDENCE_LEFT_IN,
    FALLBACK_FEEDBACK,
    NOT_ASKED_FORM,
    NOT_EQUAL,
    SIGN_ERROR,
    IdentityParams,
)
from grader.errors import ReferenceModuleError
from grader.mathread.objects import Expect, Prob
from grader.maths import Parsed, Verdict, verify
from grader.maths.probability import (
    TRIALS_DEFAULT,
    DiscreteModel,
    LatentModel,
    UnsupportedExpression,
    density_key,
    sample_models,
    show,
    value,
    values_on_models,
)
from grader.outcome import CheckOutcome, Status, status_for_score


@dataclass(frozen=True)
class Reference:
    """The reference objects and the definition's values on the random models
    ``verify`` uses (for TA notes)."""

    target: sympy.Basic
    definition: sympy.Basic
    models: tuple[DiscreteModel, ...]
    values: tuple[float, ...]


def compare(reference: sympy.Basic, answer: sympy.Basic, variables: LatentModel) -> Verdict:
    """``answer`` against ``reference`` on the model's random discrete models."""
    return verify(Parsed.of(reference), Parsed.of(answer), model=variables)


def _values(expr: sympy.Basic, models: tuple[DiscreteModel, ...]) -> list:
    """Values on the models ``verify`` uses, shown in TA notes (never compared here).

    Raises:
        UnsupportedExpression: ``expr`` cannot be evaluated on the models.
    """
    found = values_on_models(expr, models[0].variables, len(models)) if models else ()
    if isinstance(found, str):
        raise UnsupportedExpression(found)
    return list(found)


def _strip_coefficient(term: sympy.Basic) -> sympy.Basic:
    _, rest = term.as_coeff_Mul()
    return rest


def _head(term: sympy.Basic) -> str:
    """The class a term is built on, with ``∫ … dz`` and ``Σ_z`` counted as ``Expect``."""
    rest = _strip_coefficient(term)
    if isinstance(rest, sympy.Integral | sympy.Sum):
        return Expect.__name__
    return type(rest).__name__


def in_asked_form(expr: sympy.Basic, target: sympy.Basic, form_terms: list[str],
                  variables: LatentModel) -> bool:
    """Whether ``expr``'s terms match ``target``'s one to one, each equal on the
    models and, where the target's term is one of ``form_terms``, of the same head."""
    mine, theirs = sympy.Add.make_args(expr), sympy.Add.make_args(target)
    if len(mine) != len(theirs):
        return False
    equal = [[compare(t, m, variables).equivalent for t in theirs] for m in mine]
    for order in itertools.permutations(range(len(mine))):
        if all(equal[i][j]
               and (_head(theirs[j]) not in form_terms or _head(mine[i]) == _head(theirs[j]))
               for i, j in zip(order, range(len(theirs)), strict=True)):
            return True
    return False


def _sign_variants(target: sympy.Basic) -> list[sympy.Basic]:
    """The target with the sign of one or more of its terms flipped."""
    terms = sympy.Add.make_args(target)
    variants = []
    for signs in itertools.product((1, -1), repeat=len(terms)):
        if all(s == 1 for s in signs):
            continue
        variants.append(sympy.Add(*(s * t for s, t in zip(signs, terms, strict=True))))
    return variants


def _has_evidence(expr: sympy.Basic, v: LatentModel) -> bool:
    """Whether the model's density of the observed variable alone (``p(x)``) occurs."""
    evidence = (v.model, frozenset({v.observed}), frozenset())
    for prob in expr.atoms(Prob):
        try:
            if density_key(prob, v) == evidence:
                return True
        except UnsupportedExpression:
            continue
    return False


def _misconception(key: PartKey, mid: str) -> tuple[float, str]:
    for misconception, _ in key.misconceptions:
        if misconception.id == mid:
            return min(misconception.points, key.points), misconception.feedback
    return 0.0, FALLBACK_FEEDBACK[mid]


def _numbers(values: list) -> str:
    return ", ".join(f"{float(v):.4f}" if not hasattr(v, "shape") or not v.shape else
                     "[" + ", ".join(f"{x:.4f}" for x in v) + "]" for v in values[:3])


def _step_feedback(steps: list[Step], ref: Reference, params: IdentityParams
                   ) -> tuple[list[str], list[str]]:
    """Feedback naming the first wrong step, and TA notes on the walk."""
    variables = params.variables
    feedback: list[str] = []
    notes: list[str] = []
    readable = [s for s in steps if s.expr is not None]
    for step in readable:
        try:
            _values(step.expr, ref.models)
        except UnsupportedExpression as err:
            notes.append(f"step {step.number} could not be evaluated: {err}")
    first = readable[0]
    against_definition = compare(ref.definition, first.expr, variables) \
        if len(readable) > 1 else None
    if against_definition is not None and against_definition.decided \
            and not against_definition.equivalent:
        feedback.append(f"Step {first.number} ({first.quote}) is not {params.quantity} as "
                        "defined in the question.")
    for before, after in itertools.pairwise(readable):
        verdict = compare(before.expr, after.expr, variables)
        if not verdict.decided:
            notes.append(f"could not compare step {after.number} with step {before.number}")
            continue
        if not verdict.equivalent:
            feedback.append(f"Step {after.number} ({after.quote}) does not follow from step "
                            f"{before.number}.")
            notes.append(f"first wrong step {after.number}: values "
                         f"{_numbers(_values(after.expr, ref.models))} after "
                         f"{_numbers(_values(before.expr, ref.models))} on the first models")
            break
    return feedback, notes


def classify_final(final: sympy.Basic, ref: Reference, params: IdentityParams,
                   against_definition: Verdict | None = None) -> str:
    """What the final expression is: ``CORRECT``, a misconception id, or ``NOT_EQUAL``.

    Ordered cheap to telling: equal to the definition (then asked form or not),
    a sign flip of the target's terms, the evidence (``p(x)``) left in, anything else.
    """
    variables = params.variables
    verdict = against_definition or compare(ref.definition, final, variables)
    if verdict.equivalent:
        return CORRECT if in_asked_form(final, ref.target, params.form_terms, variables) \
            else NOT_ASKED_FORM
    if any(compare(v, final, variables).equivalent for v in _sign_variants(ref.target)):
        return SIGN_ERROR
    if _has_evidence(final, variables):
        return EVIDENCE_LEFT_IN
    return NOT_EQUAL


def grade_steps(steps: list[Step], key: PartKey, ref: Reference) -> CheckOutcome:
    """Grade a derivation already read into steps (the text-free core of the checker)."""
    params = key.params_as(IdentityParams)
    readable = [s for s in steps if s.expr is not None]
    unreadable = len(steps) - len(readable)
    notes: list[str] = [f"{len(steps)} steps found, {unreadable} could not be read"]
    if any(e.args[0] == sympy.S.EmptySet for s in readable for e in s.expr.atoms(Expect)):
        v = params.variables
        notes.append(f"a bare E[·] was read as the expectation under "
                     f"{v.approximation}({v.latent}|{v.observed})")
    if not readable:
        return CheckOutcome.review("could not read the derivation", notes=tuple(notes))

    final = readable[-1]
    shown = show(final.expr)
    notes.append(f"final expression (step {final.number}): {shown}")
    try:
        final_values = _values(final.expr, ref.models)
    except UnsupportedExpression as err:
        return CheckOutcome.review("could not evaluate the final expression",
                                   interpreted_as=shown, notes=(*notes, str(err)))

    step_feedback, step_notes = _step_feedback(steps, ref, params)
    notes.extend(step_notes)
    against_definition = compare(ref.definition, final.expr, params.variables)
    matched = classify_final(final.expr, ref, params, against_definition)
    if matched == CORRECT:
        score, feedback = key.points, []
    elif matched == NOT_EQUAL:
        score, feedback = 0.0, [f"The final expression is not equal to {params.quantity}."]
    else:
        score, text = _misconception(key, matched)
        feedback = [text]
    if not against_definition.equivalent:
        notes.append(f"final expression {_numbers(final_values)} vs definition "
                     f"{_numbers(list(ref.values))} on the first models")
    feedback.extend(step_feedback)
    status = status_for_score(score, key.points)

    if steps[-1].expr is None:
        notes.append(f"the last {len(steps) - steps.index(final) - 1} step(s) could not be "
                     f"read; graded step {final.number}")
        if status is not Status.CORRECT:
            return CheckOutcome.review("the last line of the derivation could not be read",
                                       suggested=score, interpreted_as=shown,
                                       notes=(*notes, f"would be {status.value} ({score:g} pts)"))
    return CheckOutcome(status, score, tuple(feedback), tuple(notes), shown,
                        None if matched in (CORRECT, NOT_EQUAL) else matched)


def load_reference(key: PartKey) -> Reference:
    """Call the reference functions and evaluate the definition on the random models."""
    params = key.params_as(IdentityParams)
    target = key.function(params.target)()
    definition = key.function(params.definition)()
    models = tuple(sample_models(params.variables, TRIALS_DEFAULT))
    try:
        values = tuple(float(value(definition, m)) for m in models)
        for m in models:
            value(target, m)
    except (UnsupportedExpression, TypeError) as err:
        raise ReferenceModuleError(
            f"part {key.part.id}: the reference {params.definition!r} / {params.target!r} "
            f"cannot be evaluated: {err}") from err
    return Reference(target, definition, models, values)
