"""Settings of a ``choice`` part."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Polarity = Literal["yes", "no"]


class ChoiceParams(BaseModel):
    """Settings of a ``choice`` part.

    ``subject`` keywords pick the sentences about this question; empty means
    every sentence. ``yes_patterns`` / ``no_patterns`` are extra regexes
    (case-insensitive) that mark a sentence yes or no for this question.
    ``wrong_feedback`` replaces the generic feedback on a wrong choice.
    ``topic`` phrases state what is asked ("look across", "attend"); empty
    means the prompt's content words. ``other_subjects`` name neighbouring
    questions' subjects: a sentence naming them (and not ``subject``) is never
    read for this part. ``position`` is this question's place (1 or 2) among
    the questions its sub-question asks together, for "yes / no" answers.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    expected: Literal["yes", "no"] = Field(description="The right answer.")
    subject: list[str] = Field(default_factory=list, description=(
        "Keywords naming what is asked about; they pick the sentences about this "
        "question. Empty: every sentence."))
    reason_keywords: list[str] = Field(default_factory=list, description=(
        "Words of a good reason; which occur is noted for the TA (no credit by itself)."))
    yes_patterns: list[str] = Field(default_factory=list, description=(
        "Extra regexes (case-insensitive) that mark a sentence 'yes' for this question."))
    no_patterns: list[str] = Field(default_factory=list, description=(
        "Extra regexes (case-insensitive) that mark a sentence 'no' for this question."))
    wrong_feedback: str = Field("", description=(
        "Feedback on the wrong choice, instead of the generic one."))
    topic: list[str] = Field(default_factory=list, description=(
        "Phrases stating what is asked ('look across', 'attend'), any one suffices; "
        "empty: the prompt's content words."))
    other_subjects: list[str] = Field(default_factory=list, description=(
        "Subjects of neighbouring questions: a sentence naming them (and not 'subject') "
        "is never read for this part."))
    position: Literal[1, 2] | None = Field(None, description=(
        "This question's place among the questions of its sub-question, to read a "
        "paired 'yes / no' answer."))
