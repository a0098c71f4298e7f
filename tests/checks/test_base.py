"""PartKey.params_as: the one way a checker gets its typed params."""

from __future__ import annotations

import pytest

from grader.checks.base import NoParams, PartKey
from grader.checks.choice import ChoiceParams
from grader.checks.complexity import ComplexityParams
from grader.errors import CheckerError
from grader.notation import Notation
from grader.rubric.models import Part


def _key(params) -> PartKey:
    return PartKey(Part(id="p1", points=1, kind="choice"), params, Notation())


def test_params_of_the_right_model_are_returned_as_they_are():
    params = ChoiceParams(expected="no")
    assert _key(params).params_as(ChoiceParams) is params


def test_defaults_fill_in_for_a_checker_without_required_settings():
    assert _key(NoParams()).params_as(ComplexityParams) == ComplexityParams()


def test_a_dict_is_validated():
    assert _key({"expected": "yes"}).params_as(ChoiceParams).expected == "yes"


def test_missing_required_settings_are_a_checker_error_naming_the_part():
    with pytest.raises(CheckerError, match="p1: ChoiceParams expected"):
        _key(NoParams()).params_as(ChoiceParams)
