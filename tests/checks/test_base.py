"""PartKey.params_as: the one way a checker gets its typed params."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy

from grader.checks import get_checker
from grader.checks.base import NoParams, PartKey
from grader.checks.choice import ChoiceParams
from grader.checks.complexity import ComplexityParams
from grader.errors import CheckerError
from grader.notation import Notation
from grader.rubric.models import Part
from grader.selftest import write_value


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


@pytest.mark.parametrize(("kind", "params", "value", "text"), [
    ("complexity", {}, "O(n)", "O(n)"),
    ("complexity", {}, sympy.Symbol("n")**2 * sympy.Symbol("t"), "O(n² t)"),
    ("expression", {}, 2 * sympy.Symbol("D") + 1, "1 + 2 D"),
    ("table", {"rows": ["p", "q"]}, [[1.0, 2.0], [3.0, 0.5]], "p\t1\t2\nq\t3\t0.5"),
    ("table", {"rows": ["p", "q"]}, [[1.0, 2.0], [math.nan, math.nan]], "p\t1\t2"),
    ("table", {"rows": ["p"]}, [[1.0], [2.0]], None),
    ("choice", {"expected": "no"}, "no", "no"),
    ("free_text", {}, 3, None),
])
def test_each_kind_writes_its_values_as_a_student_would(kind, params, value, text):
    """``grader rubric selftest`` writes each value out: a rubric's text as it is, a
    computed value by the part's checker."""
    if isinstance(value, list):
        value = np.array(value)
    key = PartKey(Part(id="p1", points=1, kind=kind), get_checker(kind).Params(**params),
                  Notation())
    written = write_value(key, value)
    assert (written.replace("·", " ") if written else written) == text
