"""Derivations of an identity, checked by evaluation on random discrete models.

The student's derivation is read line by line into *steps*; the last readable
step is the final expression. It is compared numerically with the quantity
being rewritten (``definition``, e.g. the ELBO as ``∫ q log(p(x,z)/q) dz``),
then structurally with the asked form (``target``, e.g.
``E_{q(z|x)}[log p(x|z)] − KL(q(z|x) ‖ p(z))``). Wrong steps on the way do not
cost points (the policy grades the final line) but the first one is named in
the feedback. Every comparison goes through ``grader.maths.verify`` with the
part's latent-variable model (:mod:`grader.maths.probability` evaluates). Which
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

from grader.answer import Answer
from grader.checks.base import Checker, PartKey
from grader.checks.identity.derivation import (
    Step,
    derivation_rows,
    read_derivation,
    with_dropped_differential,
)
from grader.checks.identity.grading import (
    Reference,
    classify_final,
    grade_steps,
    in_asked_form,
    load_reference,
)
from grader.checks.identity.params import IdentityParams
from grader.maths.probability import with_densities
from grader.outcome import CheckOutcome


class IdentityChecker(Checker):
    """Grades a derivation of an identity by its final line, evaluated on random models."""

    kind = "identity"
    Params = IdentityParams

    def check(self, answer: Answer, key: PartKey) -> CheckOutcome:
        ref = load_reference(key)
        params = key.params_as(IdentityParams)
        notation = with_densities(key.notation.with_declarations(answer.declared),
                                  params.variables)
        steps = read_derivation(answer.text, notation, params)
        return grade_steps(steps, key, ref)


__all__ = [
    "IdentityChecker",
    "IdentityParams",
    "Reference",
    "Step",
    "classify_final",
    "derivation_rows",
    "grade_steps",
    "in_asked_form",
    "load_reference",
    "read_derivation",
    "with_dropped_differential",
]
