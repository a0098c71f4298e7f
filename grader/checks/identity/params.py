"""Settings of an ``identity`` part, and the names its verdicts use."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from grader.maths.probability import LatentModel

QUOTE_CHARS_DEFAULT = 80
"""Longest quotation of a student's step in feedback."""

CORRECT = "correct"
NOT_EQUAL = "not_equal"
NOT_ASKED_FORM = "not_asked_form"
SIGN_ERROR = "sign_error"
EVIDENCE_LEFT_IN = "evidence_left_in"

FALLBACK_FEEDBACK = {
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
