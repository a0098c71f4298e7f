"""Balanced braces, escaped braces and unbalanced input."""

from __future__ import annotations

import pytest

from grader.brackets import closing_bracket

CASES = [
    ("{a}", 0, None, 2),
    (r"\frac{a}{b}", 5, None, 7),
    (r"{a\}b}", 0, None, 5),
    ("{a{b}c}", 0, None, 6),
    ("{a{b}c}", 2, None, 4),
    ("{a", 0, None, None),
    ("a{b}", 0, None, None),
    ("{abc}", 0, 3, None),
    ("(a(b)c)", 0, None, 6),
    ("[a]", 0, None, 2),
    ("x", 0, None, None),
]


@pytest.mark.parametrize(("text", "open_at", "end", "expected"), CASES)
def test_closing_bracket(text, open_at, end, expected):
    assert closing_bracket(text, open_at, end) == expected
