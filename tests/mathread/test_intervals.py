"""Membership of an interval written with its brackets is a range, not a dropped set."""

from __future__ import annotations

import pytest
import sympy

from grader.mathread import parse_math

# (student's text, the relation read)
INTERVALS = [
    (r"\eta \in (0,\ 2/a)", "(0 < eta) & (eta < 2/a)"),
    ("η ∈ (0, 2/a)", "(0 < eta) & (eta < 2/a)"),
    (r"x \in [0, 1]", "(0 <= x) & (x <= 1)"),
    (r"x \in \left(0, 1\right)", "(0 < x) & (x < 1)"),
    # a set that is no interval: where the value lives, dropped as before
    (r"\phi(x) \in R^M", "phi*x"),
    (r"y = [1, x] \in R^2", "Eq(y, (1, x))"),
]


@pytest.mark.parametrize(("text", "read"), INTERVALS)
def test_interval_membership(text, read):
    assert sympy.sstr(parse_math(text)) == read
