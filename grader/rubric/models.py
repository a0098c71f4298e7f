"""The rubric schema: what an instructor writes in ``rubrics/<id>.yaml``.

Kind-specific settings live in ``Part.params``. The loader validates a rubric
as ``kinds.TypedRubric``, where each kind's part has ``params`` typed by its
checker's own settings model, so the YAML, the JSON Schema and the checker
code cannot drift apart.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from grader.rubric.reading import AnswerForm, answer_form, part_place

PART_ID = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_.\-]*$")
#: A reference module is named, never located: a Python identifier, so a rubric
#: cannot point outside the reference folder (``../elsewhere``, ``a/b``, ``/etc/x``).
MODULE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class NotationSpec(_Strict):
    """Symbols fixed by the assignment and the spellings students use for them."""

    symbols: list[str] = Field(default_factory=list,
                               description="Names the assignment fixes, e.g. [t, n, L].")
    aliases: dict[str, str] = Field(
        default_factory=dict,
        description="Student spelling → assignment symbol, e.g. {l: L, T: t}.")
    meanings: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Phrases that name each symbol, so a student's own declaration "
                    "('let d be the number of neurons') maps onto it: {n: [neurons, width]}.")
    densities: list[str] = Field(
        default_factory=list,
        description="Names of probability densities and distributions, e.g. [p, q]: "
                    "p(x | z) is then a density and E_q[...] an expectation under q; "
                    "without them p(x + 1) is a product.")


class AcceptedForm(_Strict):
    """Another answer that earns full credit."""

    answer: str | None = Field(None, description="The form, in the grader's maths notation.")
    reference: str | None = Field(
        None, description="Name of a reference-module function that computes the form.")
    note: str = Field("", description="Why this form is accepted (shown to TAs).")

    @model_validator(mode="after")
    def _one_source(self) -> AcceptedForm:
        if (self.answer is None) == (self.reference is None):
            raise ValueError("give exactly one of 'answer' or 'reference'")
        return self


class Misconception(_Strict):
    """A known wrong answer, its credit in points and the feedback that names it.

    Recognised by ``answer`` (compared like a student answer), ``reference``
    (a reference-module function computing the wrong answer, e.g. the GDA
    table under simultaneous updates), ``keywords`` (for text answers), or by
    ``id`` alone when a property function reports it by that name.
    """

    id: str = Field(description="Short stable name, e.g. forgot_recurrent_matmul.")
    points: float = Field(ge=0, description="Credit in points for this answer.")
    feedback: str = Field(min_length=1, description="Names the mistake, never the answer.")
    answer: str | None = Field(None, description=(
        "The wrong answer as written: compared like a student answer by the maths kinds; "
        "for text kinds an example that `grader rubric selftest` grades."))
    reference: str | None = Field(None, description=(
        "Reference-module function computing the wrong answer."))
    keywords: list[str] = Field(default_factory=list, description=(
        "Text kinds: words that all occur in an answer showing this mistake."))


class Example(_Strict):
    """An answer as a student would write it, and the credit it must earn.

    ``grader rubric selftest`` grades every example (with the part's model
    answer, text accepted forms and text misconceptions) and fails when the
    grader gives it other credit: an instructor's regression cases, e.g. the
    wrong choice of a yes/no part or a vague explanation.
    """

    answer: str = Field(min_length=1, description="The answer text, as a student writes it.")
    points: float = Field(ge=0, description="The credit in points it must earn (with "
                                            "'review': the score the grader suggests).")
    review: bool = Field(False, description=(
        "The grader must send this answer to a TA rather than decide it (e.g. an "
        "incomplete explanation, which free text never marks wrong on its own)."))
    note: str = Field("", description="What the example is (shown in selftest and to TAs).")


class Cues(_Strict):
    """How the reader finds this part's answer in a free-form submission."""

    labels: list[str] = Field(default_factory=list,
                              description="Question numbers as students write them: 1a, 2 b.")
    keywords: list[str] = Field(default_factory=list,
                                description="Words an answer to this part is likely to contain; "
                                "'a|b' are spellings of one word (other languages), "
                                "compared without accents.")
    shape: str | None = Field(
        None, description="A content shape: 'table 2x7', 'list', 'bound', or 'words a|b + c' "
                          "(a spelling of every '+' group at a word start).")


class Part(_Strict):
    """One gradable part: one row of the gradebook."""

    id: str
    points: float = Field(gt=0)
    kind: str = Field(description="Checker name: complexity, expression, property, ...")
    prompt: str = Field("", description="The question, as shown on the answer sheet.")
    reference: str | None = Field(
        None, description="Reference-module function computing the answer.")
    model_answer: str | None = Field(
        None, description="The reference answer in words, as a student would write it: for "
                          "kinds whose reference is not computed (choice, free_text, property). "
                          "Never graded against; `grader rubric selftest` checks it earns full "
                          "marks, and TAs see it as the reference.")
    accept: list[AcceptedForm] = Field(
        default_factory=list, description="Other answers that earn full credit (for text "
                                          "kinds: other wordings, checked by selftest).")
    misconceptions: list[Misconception] = Field(default_factory=list)
    examples: list[Example] = Field(
        default_factory=list, description="More written answers with the credit each must "
                                          "earn, checked by `grader rubric selftest`.")
    notation: NotationSpec | None = Field(
        None, description="Overrides the assignment's notation for this part.")
    cues: Cues = Field(default_factory=Cues)
    params: dict[str, Any] | BaseModel = Field(
        default_factory=dict, description="Checker-specific settings (typed per kind when "
                                          "loaded: grader/rubric/kinds.py).")
    time_limit: float = Field(5.0, gt=0, le=120, description="Seconds per check.")

    @property
    def answer_form(self) -> AnswerForm:
        """The form of this part's answer, as the reader looks for it."""
        return answer_form(self.kind)

    @property
    def place(self) -> tuple[str, str | None]:
        """(question, sub-part) this part answers, derived from its id."""
        return part_place(self.id)

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not PART_ID.match(value):
            raise ValueError(f"part id {value!r} must be letters, digits, '.', '_' or '-'")
        return value


class Rubric(_Strict):
    """A whole assignment."""

    id: str
    title: str
    reference: str | None = Field(
        None, description="Reference module name: reference/<name>.py.")
    notation: NotationSpec = Field(default_factory=NotationSpec)
    parts: list[Part] = Field(min_length=1)
    self_checks_per_hour: int | None = Field(
        None, ge=1, le=1000,
        description="Self-checks a student may run per hour on this assignment (each checks "
                    "every part); default: the web service's setting.")
    deadline: datetime | None = Field(
        None, description="When the assignment is due (ISO 8601; UTC unless it says); the "
                          "web self-check refuses new checks after it.")
    schema_version: Literal[1] = 1

    @field_validator("reference")
    @classmethod
    def _module_name(cls, value: str | None) -> str | None:
        if value is not None and not MODULE_NAME.match(value):
            raise ValueError(f"reference {value!r} must be a module name in the reference "
                             "folder (letters, digits and '_'), not a path")
        return value

    @field_validator("deadline")
    @classmethod
    def _deadline_in_utc(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value

    @model_validator(mode="after")
    def _unique_part_ids(self) -> Rubric:
        seen: set[str] = set()
        for part in self.parts:
            if part.id in seen:
                raise ValueError(f"duplicate part id {part.id!r}")
            seen.add(part.id)
        return self

    @property
    def max_score(self) -> float:
        return sum(p.points for p in self.parts)

    def part(self, part_id: str) -> Part:
        for part in self.parts:
            if part.id == part_id:
                return part
        raise KeyError(part_id)
