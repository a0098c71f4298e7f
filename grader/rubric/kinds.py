"""Each answer kind's part model: a rubric's parts as a union tagged by ``kind``.

A part's ``params`` are the settings its checker reads. Every registered
checker declares them as a pydantic model (``Checker.Params``); here each kind
gets its own ``Part`` subclass whose ``kind`` is a literal and whose
``params`` is that model, and the rubric's ``parts`` become a discriminated
union of them. So the JSON Schema (``grader rubric schema``) lists each kind's
settings with their types and descriptions, an editor completes and checks
them, and a setting the kind does not read fails at load with its line.

The models are built from the registry (``grader.checks.CHECKERS``), so a new
checker's settings need no edit here.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, create_model

from grader.checks import CHECKERS
from grader.rubric.models import Part, Rubric


def _model_name(kind: str) -> str:
    return "".join(word.capitalize() for word in kind.split("_")) + "Part"


def _part_model(kind: str, params: type[BaseModel]) -> type[Part]:
    """``Part`` with ``kind`` fixed to ``kind`` and ``params`` typed by the checker."""
    required = any(field.is_required() for field in params.model_fields.values())
    about = f"Settings of a {kind} part (see its definition for each one)."
    default: Any = (Field(description=about) if required
                    else Field(default_factory=params, description=about))
    model = create_model(
        _model_name(kind), __base__=Part, __module__=__name__,
        __doc__=f"A part graded by the {kind!r} checker.",
        kind=(Literal[kind], Field(description="The answer kind: which checker grades it.")),
        params=(params, default))
    # Module-level names, so a loaded rubric pickles into worker processes.
    globals()[model.__name__] = model
    return model


#: kind → its part model, in registry order.
PART_MODELS: dict[str, type[Part]] = {kind: _part_model(kind, checker.Params)
                                      for kind, checker in CHECKERS.items()}

AnyPart = Annotated[Union[tuple(PART_MODELS.values())],  # noqa: UP007 (built at run time)
                    Field(discriminator="kind")]


class TypedRubric(Rubric):
    """A rubric whose parts carry typed settings: what ``load_rubric_file`` returns."""

    model_config = ConfigDict(title="Rubric")

    parts: list[AnyPart] = Field(min_length=1, description=(  # type: ignore[assignment]
        "The gradable parts, one row of the gradebook each; 'kind' picks the checker "
        "and the settings 'params' may hold."))


def settings_fields(kind: str) -> dict[str, str]:
    """Each setting of ``kind``: name → its description (for documentation)."""
    params = CHECKERS[kind].Params
    return {name: field.description or "" for name, field in params.model_fields.items()}
