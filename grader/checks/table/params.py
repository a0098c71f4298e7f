"""Settings of a ``table`` part."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from pydantic import BaseModel, ConfigDict, Field, model_validator

TOLERANCE_DEFAULT = 1e-6
MIN_ROW_VALUES = 3  # fewer numbers after a label is prose ("p = 0"), not a table row
INDEX_WORDS = ("step", "iter", "iteration", "iterations")

StepFunction = Callable[..., Mapping[str, float]]


class TableParams(BaseModel):
    """Settings of a ``table`` part.

    ``rows`` are the canonical row names in the reference's row order;
    ``labels`` the spellings accepted for each (the name itself always is);
    ``recurrence`` names a reference-module function computing one step,
    ``step(prev)`` or ``step(prev, cur)`` (see :class:`TableChecker`).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    rows: list[str] = Field(min_length=1, description=(
        "Canonical row names, in the reference table's row order."))
    labels: dict[str, list[str]] = Field(default_factory=dict, description=(
        "Row name → other spellings students use for it (the name itself always is)."))
    index_label: str = Field("t", description="Name of the index row or column (t, i).")
    recurrence: str | None = Field(None, description=(
        "Reference-module function computing one step, step(prev) or step(prev, cur), "
        "for error carried forward."))
    tolerance: float = Field(TOLERANCE_DEFAULT, gt=0,
                             description="Relative tolerance for comparing cells (absolute "
                                         "below 1: 0.01 accepts any two-decimal rounding).")
    given_columns: int = Field(
        1, ge=0, description="Leading columns the question gives (starting values): "
                             "checked, not graded. 0 for a table whose every cell is asked.")
    first_index: int = Field(
        0, description="Index of the first column as students number it (t = 0 for "
                       "iterates, i = 1 for components), for index rows and subscripts.")

    @model_validator(mode="after")
    def _labels_name_rows(self) -> TableParams:
        unknown = set(self.labels) - set(self.rows)
        if unknown:
            raise ValueError(f"labels for rows not in 'rows': {sorted(unknown)}")
        return self

    def accepted_labels(self, row: str) -> tuple[str, ...]:
        """Spellings of ``row``, longest first (so ``p_t`` wins over ``p``)."""
        names = {row, *self.labels.get(row, [])}
        return tuple(sorted(names, key=len, reverse=True))
