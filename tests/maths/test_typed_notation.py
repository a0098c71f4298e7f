"""``verify`` on the notation of the third conformance round, as case tables:
spellings typed on keyboards and in code, lists, labels, intervals with infinite
or symbolic ends, nested bars and Greek names with digits."""

from __future__ import annotations

import pytest

from grader.maths import Status, parse, verify
from grader.maths.spelling import nested_bars
from grader.notation import Notation

EQ, NE, UN = Status.EQUIVALENT, Status.NOT_EQUIVALENT, Status.UNDECIDED

# (reference, answer, mode, expected)
CASES = [
    # an interval with an infinite end holds for every real beyond its finite end
    (r"x \ge 1", r"[1, \infty)", "relation", EQ),
    (r"x \le 1", r"(-\infty, 1]", "relation", EQ),
    ("x < 1", r"(-\infty, 1]", "relation", NE),
    # oo, infty, infinity spell ∞
    (r"x \le 1", "(-oo, 1]", "relation", EQ),
    (r"x > 1", "(1, infinity)", "relation", EQ),
    (r"-\infty", "-infty + 99", "expression", EQ),
    # full-width characters, capitalised Max/Min/Abs, the empty set
    ("-n", "m - （n + m）", "expression", EQ),
    ("max(m, n)", "Max(n, m)", "expression", EQ),
    ("|x|", "Abs(x)", "expression", EQ),
    (r"\emptyset", "{}", "expression", EQ),
    (r"\emptyset", r"\{1\}", "expression", NE),
    # parentheses that only group one bracketed answer; U between bracketed sets
    (r"1 \le x \le 2", "([1, 2])", "relation", EQ),
    (r"[0, 1] \cup \{3\}", "[0, 1] U {3}", "relation", EQ),
    (r"[1, 2] \cup \{3\}", "(({1, 2, 3}) U ([1, 2]))", "relation", EQ),
    # bare lists: members in no particular order, labels dropped or matched
    ("1, -2", "-2, 1", "expression", EQ),
    ("1, 2", "1, 3", "expression", NE),
    ("(5, 8), (8, 5)", "(8, 5), (5, 8)", "expression", EQ),
    ("19, 46, 82", r"19, 46, \text{ and } 82", "expression", EQ),
    (r"x = -5, p = \frac{14}{3}", r"-5, \frac{14}{3}", "expression", EQ),
    ("a_3 = 2, a_{37} = 19", "a_{37} = 19, a_3 = 2", "expression", EQ),
    ("a_3 = 2, a_{37} = 19", "a_{37} = 2, a_3 = 19", "expression", NE),
    ("n = 2, 3, 4", "n = 1, 2, 3", "expression", NE),
    # a label on the left names the value; an expression on the left does not
    ("|AB| = 1", "1", "relation", EQ),
    ("f(x) = 1", "1", "relation", EQ),
    (r"\frac{NO}{BO} = \frac{1}{\sqrt{6}}", r"\frac{1}{\sqrt{6}}", "relation", EQ),
    ("(p, q) = (3, 2)", "(3, 2)", "expression", EQ),
    ("(p, q) = (3, 2)", "(2, 3)", "expression", NE),
    ("2x + z = 1", "1", "relation", NE),
    ("|x| = 3", "3", "relation", NE),
    ("|alpha| = 3", "3", "relation", NE),
    ("f(x) = x^2", "x^2", "relation", EQ),
    ("f(x) = f(1) + x", "f(1) + x", "relation", NE),
    ("a^2 + b = 0", "0", "relation", NE),
    # thousands separators with LaTeX spacing; a bracket pair is never one number
    ("32349", r"32,\! 349", "expression", EQ),
    (r"(2, 12) \cup (12, 102)", r"x \in (2,12) \cup (12,102)", "relation", EQ),
    ("(0, -2, 6)", "(0; -2; 6)", "expression", EQ),
    (r"4, -8, -10", r"-10,\,-8,\,4", "expression", EQ),
    # nested bars paired by position
    ("abs(abs(x) + y)", "||x| + y|", "expression", EQ),
    ("abs(x + abs(y))", "|x + |y||", "expression", EQ),
    ("abs(x + abs(y))", "|x + |y|| + 1", "expression", NE),
    ("abs(x) abs(y)", "|x||y|", "expression", EQ),
    # an interval with symbols in its ends against a chain, end by end
    (r"\sin m \le x < 2", "[sin(m), 2)", "relation", EQ),
    (r"\sin m \le x < 2", "(sin(m), 2)", "relation", NE),
    (r"\sin m \le x < 2", "[cos(m), 2)", "relation", NE),
    # set difference, exclusion, grouped set operations; floor and ceiling brackets
    (r"\{1\}", r"\{1,2\} \setminus \{2\}", "expression", EQ),
    (r"x = 0 or (1 \le x \le 2)", r"[0,2] \setminus (0,1)", "relation", EQ),
    (r"x \ne 1 and x \ne 2", r"x \notin \{1, 2\}", "relation", EQ),
    (r"x \ne 1", r"x \notin \{1, 2\}", "relation", NE),
    (r"\{2, 3\}", r"(\{1,2\} \cup \{3,4\}) \cap \{2,3\}", "expression", EQ),
    ("floor(x) + ceil(y)", r"\lfloor x \rfloor + \lceil y \rceil", "expression", EQ),
    # a series to ∞ is summed, or undecided; never compared as an infinity
    ("e", r"\sum_{n=0}^{\infty} \frac{1}{n!}", "expression", EQ),
    ("2", r"\sum_{n=0}^{\infty} \frac{1}{n!}", "expression", NE),
    (r"1/(1-x)", r"\sum_{n=0}^{\infty} x^n", "expression", UN),
    # Greek names with digits are indexed, never multiplied by the digits
    ("alpha_1 + alpha_2", "alpha1 + alpha2", "expression", EQ),
    ("alpha1 + alpha2", "3 alpha", "expression", NE),
    ("mu_0 + 1", "μ0 + 1", "expression", EQ),
    (r"2\pi", "pi2", "expression", EQ),
]


@pytest.mark.parametrize(("reference", "answer", "mode", "expected"), CASES)
def test_typed_notation(reference, answer, mode, expected):
    verdict = verify(reference, answer, mode=mode)
    assert verdict.status is expected, verdict.reason


@pytest.mark.parametrize(("text", "paired"), [
    ("||x| + y|", "abs(abs(x) + y)"),
    ("|x||y|", "abs(x)*abs(y)"),
    ("|a| + |b|", "|a| + |b|"),  # no nesting: the reader pairs these itself
    ("p(y|x)", "p(y|x)"),  # a conditional bar, never an absolute value
])
def test_nested_bars(text, paired):
    assert nested_bars(text) == paired


def test_declared_greek_function_in_either_spelling():
    notation = Notation(("mu0",), functions=("phi",))
    assert verify("phi(mu0)", "φ(μ0)", notation=notation).status is EQ
    assert verify("phi(mu0)", "φ(μ0 + 1)", notation=notation).status is NE


def test_declared_infinity_word_stays_a_name():
    assert verify("oo + 1", "1 + oo", notation=Notation(("oo",))).status is EQ
    assert parse("oo", Notation(("oo",))).value.free_symbols
