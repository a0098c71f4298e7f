"""Rubrics: the YAML schema, its loader, and the assignment it describes."""

from grader.rubric.models import (
    AcceptedForm,
    Cues,
    Example,
    Misconception,
    NotationSpec,
    Part,
    Rubric,
)

__all__ = ["AcceptedForm", "Cues", "Example", "Misconception", "NotationSpec", "Part", "Rubric"]
