"""The expression checker never grades a piece of a longer expression it could not read."""

from __future__ import annotations

import pytest

from grader.answer import Answer
from grader.checks.expression import is_fragment, read_expressions
from grader.notation import Notation

# (answer text, what may be read)
CASES = [
    ("sin(x/2)/(1+versin(x) versin(x/2))", []),
    ("y = sin(x/2)/(1+versin(x)versin(x/2))", []),
    ("so we get x/2.", ["x/2"]),
    ("the value is $x/2$ here", ["x/2"]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_fragments_are_not_read(text, expected):
    read = read_expressions(Answer("p", text), Notation(("x",)))
    assert [str(r.expr) for r in read] == expected


@pytest.mark.parametrize(("text", "start", "end", "expected"), [
    ("sin(x/2)/y", 3, 8, True),   # glued to sin before and / after
    ("is x/2 here", 3, 6, False),
    ("$x/2$", 1, 4, False),
    ("a+(x/2)", 2, 7, True),
])
def test_is_fragment(text, start, end, expected):
    assert is_fragment(text, start, end) is expected
