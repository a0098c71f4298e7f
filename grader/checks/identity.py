"""Derivations of an identity, checked by evaluation on random discrete models.

The student's derivation is read line by line into *steps*; the last readable
step is the final expression. It is compared numerically with the quantity
being rewritten (``definition``, e.g. the ELBO as ``∫ q log(p(x,z)/q) dz``),
then structurally with the asked form (``target``, e.g.
``E_{q(z|x)}[log p(x|z)] − KL(q(z|x) ‖ p(z))``). Wrong steps on the way do not
cost points (the policy grades the final line) but the first one is named in
the feedback. See :mod:`grader.checks.probability` for the evaluator. Which
letters are the variables and densities, the names of the quantity on a
row's left side and how feedback calls it are the part's settings
(:class:`IdentityParams`); the examples below use the ELBO's.

How a derivation is cut into steps:

- display maths (``$$…$$``, ``\\[…\\]``) is read row by row (rows split at
  ``\\\\``; ``aligned`` markup and ``&`` dropped);
- a row ``L(q) = rhs`` (any of ``left_sides``, also as ``\\mathcal{L}``,
  ``\\text{ELBO}``, with a label such as ``c3 \\quad`` before it) starts a
  step ``rhs``; a row ``= rhs`` starts a step;
  a row starting with ``+`` or ``−`` right after maths continues the step
  before it (a step broken over lines); a bare row continues the chain only
  when no prose separates it from the maths before, so "Reconstruction term
  is: $$E_q[…]$$" after a derivation is not taken as its last line;
- a prose line (OCR'd work) is a step only when it starts with ``=`` or
  ``L(q) =``; any other prose line ends a multi-line step;
- a step ``a = b = c`` gives one step per side; a step that does not parse is
  kept as unreadable: it is counted for the TA and never makes an answer wrong;
  an integral whose ``dz`` (the latent variable's differential) was dropped is
  read as if it were there.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

import sympy
from pydantic import BaseModel, ConfigDict, Field

from grader.answer import Answer
from grader.checks.base import Checker, PartKey
from grader.checks.probability import (
    TRIALS_DEFAULT,
    DiscreteModel,
    LatentModel,
    UnsupportedExpression,
    agree,
    density_key,
    sample_models,
    show,
    value,
)
from grader.errors import ReferenceModuleError
from grader.mathread import MathParseError, parse_chain
from grader.mathread.objects import Expect, Prob
from grader.notation import Notation
from grader.outcome import CheckOutcome, Status, status_for_score

QUOTE_CHARS_DEFAULT = 80
"""Longest quotation of a student's step in feedback."""

CORRECT = "correct"
NOT_EQUAL = "not_equal"
NOT_ASKED_FORM = "not_asked_form"
SIGN_ERROR = "sign_error"
EVIDENCE_LEFT_IN = "evidence_left_in"

_FALLBACK_FEEDBACK = {
    NOT_ASKED_FORM: "Your final expression is equal to the quantity but not in the asked form.",
    SIGN_ERROR: "Check the signs of the terms in your final expression.",
    EVIDENCE_LEFT_IN: "Your final expression still contains the density of the observed "
                      "variable alone.",
}


class IdentityParams(BaseModel):
    """Settings of an ``identity`` part.

    ``target`` and ``definition`` name reference-module functions returning
    the asked form and the quantity's definition as sympy objects built from
    ``grader.mathread.objects``. ``form_terms`` are the heads the asked form's
    terms must have (``Expect`` is also met by an integral or sum over the
    latent variable, which is the same thing written out).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    target: str = Field(description="Reference function: the asked form, e.g. bound_target.")
    definition: str = Field(description="Reference function: the definition, e.g. "
                                        "bound_definition.")
    variables: LatentModel = Field(
        description="The letters of the latent-variable model the identity is about: the "
                    "observed and latent variables, the model's density and the "
                    "approximate posterior.")
    left_sides: list[str] = Field(
        min_length=1,
        description="Names of the quantity on the left of a row 'NAME(...) = rhs' that "
                    "starts a step, e.g. [L, F]; each is also found as \\mathcal{NAME}, "
                    "\\mathscr{NAME}, \\text{NAME} and \\operatorname{NAME}.")
    quantity: str = Field(
        description="How feedback names the quantity, e.g. 'the bound' in 'The final "
                    "expression is not equal to the bound.'")
    form_terms: list[str] = Field(default_factory=lambda: ["Expect", "KL"],
                                  description="Heads of the asked form's terms.")


# ---------------------------------------------------------------- reading the derivation

@dataclass(frozen=True)
class Step:
    """One step of a derivation: its number among the steps, its text, its reading.

    ``expr`` is ``None`` when the text could not be read.
    """

    number: int
    source: str
    expr: sympy.Basic | None = None

    @property
    def quote(self) -> str:
        text = " ".join(_SIZING.sub("", self.source).split())
        if len(text) > QUOTE_CHARS_DEFAULT:
            text = text[:QUOTE_CHARS_DEFAULT - 1] + "…"
        return text


_DISPLAY = re.compile(r"\$\$(.+?)\$\$|\\\[(.+?)\\\]", re.S)
_INLINE = re.compile(r"\$([^$]+)\$")
_ENVIRONMENT = re.compile(r"\\(?:begin|end)\{[a-z*]+\}")
_ROW_BREAK = re.compile(r"\\\\(?:\[[^\]]*\])?")


@lru_cache(maxsize=32)
def _left_side(names: tuple[str, ...]) -> re.Pattern[str]:
    """A row's left side naming the quantity: ``L``, ``\\mathcal{L}``, ``ELBO(q)``."""
    spelled = []
    for name in names:
        escaped = re.escape(name)
        spelled += [rf"\\(?:mathcal|mathscr|text|operatorname)\{{{escaped}\}}",
                    rf"(?<![A-Za-z\\]){escaped}"]
    return re.compile(r"(?:" + "|".join(spelled) + r")\s*(?:\([^()]*\))?\s*$")

#: Spacing commands a row may end with; stripped by a backward scan, since the
#: regex ``(?:\\quad|…|[.,;\s])+$`` is quadratic on long runs (issue #7).
_TRAILING_COMMANDS = ("\\qquad", "\\quad", "\\,", "\\;")
#: The left-hand side (``L(q)``, ``\mathcal{L}``, ``ELBO``) ends just before ``=``:
#: only this many characters before it are searched, so the search stays linear.
_LHS_WINDOW_CHARS = 300
_LEADING = re.compile(r"^(?:\\quad|\\qquad|\\,|\\;|\s)+")
_SIZING = re.compile(r"\\(?:left|right|big|Big|bigg|Bigg)(?![A-Za-z])")


@lru_cache(maxsize=32)
def _differential(latent: str) -> re.Pattern[str]:
    """``dz``, ``d z``, ``\\mathrm{d}z`` for the latent variable ``z``."""
    return re.compile(rf"(?<![A-Za-z\\])d\}}?\s*{re.escape(latent)}(?![A-Za-z])")

_BEFORE_INTEGRAL = re.compile(r"(?<=\S)\s*([+\-−])\s*(?=\\int)")


def _items(text: str) -> list[tuple[bool, str]]:
    """``(is_maths, content)`` in reading order: display blocks and non-empty prose lines."""
    items: list[tuple[bool, str]] = []
    position = 0
    for match in _DISPLAY.finditer(text):
        items.extend((False, line) for line in text[position:match.start()].splitlines()
                     if line.strip())
        items.append((True, match.group(1) if match.group(1) is not None else match.group(2)))
        position = match.end()
    items.extend((False, line) for line in text[position:].splitlines() if line.strip())
    return items


def _clean(row: str) -> str:
    row = _LEADING.sub("", row.replace("&", " "))
    return _strip_trailing(row).strip()


def _strip_trailing(row: str) -> str:
    """``row`` without trailing spacing commands, punctuation and white space."""
    while row:
        command = next((c for c in _TRAILING_COMMANDS if row.endswith(c)), None)
        if command is not None:
            row = row[:-len(command)]
        elif row[-1] in ".,;" or row[-1].isspace():
            row = row[:-1]
        else:
            break
    return row


def _equation_rhs(row: str, left_sides: tuple[str, ...]) -> str | None:
    """The right-hand side when ``row`` is ``L(q) = rhs`` (perhaps after a label)."""
    index = row.find("=")
    head = row[:index].rstrip()
    # One character more than the window keeps the look-behind's context.
    if index < 0 or not _left_side(left_sides).search(head[-(_LHS_WINDOW_CHARS + 1):]):
        return None
    return row[index + 1:]


def derivation_rows(text: str, left_sides: tuple[str, ...]) -> list[str]:
    """The texts of the derivation's steps, before parsing (see the module docstring).

    ``left_sides`` name the quantity on a row's left side (``L`` for ``L(q) = …``).

    Example:
        >>> derivation_rows("$$L(q) = a$$\\nso\\n$$= b \\\\\\\\ + c$$\\n$$- d$$\\nThe end.\\n$$e$$",
        ...                 ("L",))
        ['a', 'b + c - d']
    """
    steps: list[str] = []
    adjacent = False  # the previous item was maths belonging to the chain
    for is_maths, content in _items(text):
        if not is_maths:
            line = _INLINE.sub(lambda m: m.group(1), content).strip()
            if not (line.startswith("=") or _equation_rhs(line, left_sides) is not None):
                adjacent = False
                continue
            content = line
        rows = _ROW_BREAK.split(_ENVIRONMENT.sub(" ", content))
        for raw in rows:
            row = _clean(raw)
            if not row:
                continue
            rhs = _equation_rhs(row, left_sides)
            if rhs is not None:
                steps.append(_clean(rhs))
            elif row.startswith("="):
                steps.append(_clean(row[1:]))
            elif row[0] in "+-−" and adjacent and steps:
                steps[-1] = f"{steps[-1]} {row}"
            elif not steps or (adjacent and is_maths):
                steps.append(row)
            else:
                continue
            adjacent = True
        adjacent = adjacent and is_maths
    return [s for s in steps if s]


def with_dropped_differential(row: str, latent: str) -> str | None:
    r"""``row`` with the differential of ``latent`` a student dropped put back, or
    ``None`` if none was dropped.

    Example:
        >>> with_dropped_differential("\\int a + \\int b", "z")
        '\\int a dz + \\int b dz'
    """
    if "\\int" not in row or _differential(latent).search(row):
        return None
    return _BEFORE_INTEGRAL.sub(rf" d{latent} \1 ", row) + f" d{latent}"


def _parse(row: str, notation: Notation, latent: str) -> list[sympy.Basic]:
    """The sides of ``row``, or ``[]`` when it cannot be read."""
    for text in (row, with_dropped_differential(row, latent)):
        if text is None:
            continue
        try:
            return parse_chain(text, notation)
        except (MathParseError, RecursionError, ValueError, TypeError):
            continue
    return []


def with_densities(notation: Notation, variables: LatentModel) -> Notation:
    """``notation`` in which the model's density and the approximation are densities:
    the part declares them in its ``variables``, so ``p(x|z)`` reads as a density even
    where the rubric's notation does not list them."""
    declared = tuple(n for n in (variables.model, variables.approximation)
                     if n not in notation.densities)
    return dataclasses.replace(notation, densities=notation.densities + declared)


def read_derivation(text: str, notation: Notation, params: IdentityParams) -> list[Step]:
    """The steps of the derivation in ``text``, parsed where possible."""
    steps: list[Step] = []
    for row in derivation_rows(text, tuple(params.left_sides)):
        sides = _parse(row, notation, params.variables.latent)
        if not sides:
            steps.append(Step(len(steps) + 1, row))
        for side in sides:
            steps.append(Step(len(steps) + 1, row, side))
    return steps


# ---------------------------------------------------------------- grading the steps

@dataclass(frozen=True)
class Reference:
    """The reference objects and their values on the shared random models."""

    target: sympy.Basic
    definition: sympy.Basic
    models: tuple[DiscreteModel, ...]
    values: tuple[float, ...]


def _values(expr: sympy.Basic, models: tuple[DiscreteModel, ...]) -> list:
    return [value(expr, m) for m in models]


def _all_agree(a: list, b: list) -> bool:
    return all(agree(u, v) for u, v in zip(a, b, strict=True))


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
                  models: tuple[DiscreteModel, ...]) -> bool:
    """Whether ``expr``'s terms match ``target``'s one to one, each equal on the
    models and, where the target's term is one of ``form_terms``, of the same head."""
    mine, theirs = sympy.Add.make_args(expr), sympy.Add.make_args(target)
    if len(mine) != len(theirs):
        return False
    try:
        mine_values = [_values(t, models) for t in mine]
        their_values = [_values(t, models) for t in theirs]
    except UnsupportedExpression:
        return False
    for order in itertools.permutations(range(len(mine))):
        if all(_all_agree(mine_values[i], their_values[j])
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
    return 0.0, _FALLBACK_FEEDBACK[mid]


def _numbers(values: list) -> str:
    return ", ".join(f"{float(v):.4f}" if not hasattr(v, "shape") or not v.shape else
                     "[" + ", ".join(f"{x:.4f}" for x in v) + "]" for v in values[:3])


def _step_feedback(steps: list[Step], ref: Reference,
                   quantity: str) -> tuple[list[str], list[str]]:
    """Feedback naming the first wrong step, and TA notes on the walk."""
    feedback: list[str] = []
    notes: list[str] = []
    readable = [s for s in steps if s.expr is not None]
    values: dict[int, list | None] = {}
    for step in readable:
        try:
            values[step.number] = _values(step.expr, ref.models)
        except UnsupportedExpression as err:
            values[step.number] = None
            notes.append(f"step {step.number} could not be evaluated: {err}")
    first = readable[0]
    if len(readable) > 1 and values[first.number] is not None and not _all_agree(
            values[first.number], list(ref.values)):
        feedback.append(f"Step {first.number} ({first.quote}) is not {quantity} as defined "
                        "in the question.")
    for before, after in itertools.pairwise(readable):
        a, b = values[before.number], values[after.number]
        if a is None or b is None:
            notes.append(f"could not compare step {after.number} with step {before.number}")
            continue
        if not _all_agree(a, b):
            feedback.append(f"Step {after.number} ({after.quote}) does not follow from step "
                            f"{before.number}.")
            notes.append(f"first wrong step {after.number}: values {_numbers(b)} after "
                         f"{_numbers(a)} on the first models")
            break
    return feedback, notes


def classify_final(final: sympy.Basic, final_values: list, ref: Reference,
                   params: IdentityParams) -> str:
    """What the final expression is: ``CORRECT``, a misconception id, or ``NOT_EQUAL``.

    Ordered cheap to telling: equal to the definition (then asked form or not),
    a sign flip of the target's terms, the evidence (``p(x)``) left in, anything else.
    """
    form_terms = params.form_terms
    if _all_agree(final_values, list(ref.values)):
        return CORRECT if in_asked_form(final, ref.target, form_terms, ref.models) \
            else NOT_ASKED_FORM
    if any(_all_agree(final_values, _values(v, ref.models)) for v in _sign_variants(ref.target)):
        return SIGN_ERROR
    if _has_evidence(final, params.variables):
        return EVIDENCE_LEFT_IN
    return NOT_EQUAL


def _params(key: PartKey) -> IdentityParams:
    return key.params_as(IdentityParams)


def grade_steps(steps: list[Step], key: PartKey, ref: Reference) -> CheckOutcome:
    """Grade a derivation already read into steps (the text-free core of the checker)."""
    params = _params(key)
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

    step_feedback, step_notes = _step_feedback(steps, ref, params.quantity)
    notes.extend(step_notes)
    matched = classify_final(final.expr, final_values, ref, params)
    if matched == CORRECT:
        score, feedback = key.points, []
    elif matched == NOT_EQUAL:
        score, feedback = 0.0, [f"The final expression is not equal to {params.quantity}."]
    else:
        score, text = _misconception(key, matched)
        feedback = [text]
    if not _all_agree(final_values, list(ref.values)):
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
    params = _params(key)
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


class IdentityChecker(Checker):
    """Grades a derivation of an identity by its final line, evaluated on random models."""

    kind = "identity"
    Params = IdentityParams

    def check(self, answer: Answer, key: PartKey) -> CheckOutcome:
        ref = load_reference(key)
        params = _params(key)
        notation = with_densities(key.notation.with_declarations(answer.declared),
                                  params.variables)
        steps = read_derivation(answer.text, notation, params)
        return grade_steps(steps, key, ref)


__all__ = [
    "IdentityChecker",
    "IdentityParams",
    "Step",
    "classify_final",
    "derivation_rows",
    "grade_steps",
    "in_asked_form",
    "load_reference",
    "read_derivation",
]
