"""PropertyChecker: verdicts of property functions mapped onto points and feedback."""

from __future__ import annotations

import time
import types

import pytest
import sympy

import grader.checks.property as prop
from grader.answer import Answer
from grader.checks import get_checker
from grader.checks.base import PartKey
from grader.checks.property import (
    PropertyChecker,
    PropertyInput,
    PropertyParams,
    PropertyVerdict,
    outcome_for,
)
from grader.errors import ReferenceModuleError
from grader.notation import Notation
from grader.outcome import Status
from grader.rubric.models import Misconception, Part

MISCONCEPTIONS = (
    (Misconception(id="no_large_factor", points=2, feedback="Direction right, no large factor."),
     None),
    (Misconception(id="unequal_weights", points=0, feedback="Unequal weights."), None),
)


def _key(function, *, time_limit: float = 5.0) -> PartKey:
    module = types.ModuleType("fake_reference")
    module.prop = function
    part = Part(id="2b.average_query", points=4, kind="property", params={"function": "prop"},
                time_limit=time_limit)
    return PartKey(part=part, params=PropertyParams(function="prop"), notation=Notation(),
                   misconceptions=MISCONCEPTIONS, module=module)


def _returning(verdict: PropertyVerdict):
    return lambda inp: verdict


OUTCOMES = [
    (PropertyVerdict("correct", evidence="z matches"), Status.CORRECT, 4.0),
    (PropertyVerdict("incorrect", evidence="z differs", feedback="Check z."),
     Status.INCORRECT, 0.0),
    (PropertyVerdict("no_large_factor"), Status.PARTIAL, 2.0),
    (PropertyVerdict("unequal_weights"), Status.INCORRECT, 0.0),
    (PropertyVerdict("unreadable", evidence="no q"), Status.NEEDS_REVIEW, 0.0),
    (PropertyVerdict("not_in_rubric"), Status.NEEDS_REVIEW, 0.0),
]


@pytest.mark.parametrize(("verdict", "status", "score"), OUTCOMES,
                         ids=[case[0].label for case in OUTCOMES])
def test_outcome_for(verdict, status, score):
    outcome = outcome_for(verdict, _key(_returning(verdict)))
    assert (outcome.status, outcome.score) == (status, score)
    if verdict.evidence:
        assert verdict.evidence in outcome.ta_notes


def test_misconception_feedback_comes_from_the_rubric():
    outcome = outcome_for(PropertyVerdict("no_large_factor", feedback="extra"),
                          _key(_returning(PropertyVerdict("correct"))))
    assert outcome.feedback == ("Direction right, no large factor.", "extra")
    assert outcome.matched == "no_large_factor"


def test_incorrect_has_default_feedback():
    outcome = outcome_for(PropertyVerdict("incorrect"), _key(_returning(PropertyVerdict("x"))))
    assert outcome.feedback and outcome.feedback[0]


@pytest.fixture
def parsed(monkeypatch):
    """Bypass the maths reader: the answer 'parses' to q = β(k_a + k_b)."""
    k = sympy.IndexedBase("k")
    expr = sympy.Eq(sympy.Symbol("q"), sympy.Symbol("beta") * (k[sympy.Symbol("a")]
                                                              + k[sympy.Symbol("b")]),
                    evaluate=False)

    def fake(answer, notation):
        return PropertyInput((expr,), answer.text, notation), ("note: one span skipped",)

    monkeypatch.setattr(prop, "read_maths", fake)
    return expr


def test_check_passes_the_parsed_input(parsed):
    seen = []

    def function(inp: PropertyInput) -> PropertyVerdict:
        seen.append(inp)
        return PropertyVerdict("correct", interpreted_as="q = β(k_a + k_b)")

    outcome = get_checker("property").check(Answer("2b", "$q = \\beta(k_a + k_b)$"),
                                            _key(function))
    assert outcome.status is Status.CORRECT and outcome.score == 4
    assert seen[0].exprs == (parsed,) and seen[0].text.startswith("$q")
    assert "note: one span skipped" in outcome.ta_notes
    assert outcome.interpreted_as == "q = β(k_a + k_b)"


def _raises(inp):
    raise ZeroDivisionError("boom")


def _sleeps(inp):
    time.sleep(3)
    return PropertyVerdict("correct")


FAILURES = [
    ("exception", _raises, 5.0),
    ("not a verdict", lambda inp: "correct", 5.0),
]


@pytest.mark.parametrize(("label", "function", "limit"), FAILURES,
                         ids=[case[0] for case in FAILURES])
def test_failures_are_reviews(parsed, label, function, limit):
    outcome = PropertyChecker().check(Answer("2b", "q = ..."), _key(function, time_limit=limit))
    assert outcome.status is Status.NEEDS_REVIEW


def test_a_property_function_that_never_returns_is_cut_by_the_pipeline(parsed):
    from grader.pipeline import grade_part

    result = grade_part(Answer("2b", "q = ..."), _key(_sleeps, time_limit=0.2))
    assert result.status is Status.NEEDS_REVIEW
    assert "check timed out" in result.feedback


def test_unreadable_maths_is_a_review(monkeypatch):
    def broken(answer, notation):
        raise ValueError("reader failed")

    monkeypatch.setattr(prop, "read_maths", broken)
    outcome = PropertyChecker().check(Answer("2b", "q"), _key(_returning(PropertyVerdict("x"))))
    assert outcome.status is Status.NEEDS_REVIEW


def test_missing_function_is_a_reference_fault():
    key = _key(_returning(PropertyVerdict("correct")))
    key = PartKey(part=key.part, params=PropertyParams(function="absent"),
                  notation=key.notation, module=key.module)
    with pytest.raises(ReferenceModuleError):
        PropertyChecker().check(Answer("2b", "q"), key)


def test_params_forbid_extra_fields():
    with pytest.raises(ValueError):
        PropertyParams(function="f", other=1)


# Statements joined by commas, "~" for "approximately", |x| norms: each becomes
# its own expression for the property function (carla-sign-flipped, sofia).
# (answer text, expected equations as (lhs, rhs) strings)
READ_STATEMENTS = [
    ("y_1 = y_3 = (x_1 + x_3)/2 ,  y_2 = x_2 = a",
     ["Eq(y[1], y[3]) & Eq(y[3], x[1]/2 + x[3]/2)", "Eq(x[2], a) & Eq(y[2], x[2])"]),
    ("so\n   y_1 ~ d + b,  y_2 ~ a,  y_3 ~ c + d",
     ["Eq(y[1], b + d)", "Eq(y[2], a)", "Eq(y[3], c + d)"]),
    (r"$q = \beta(k_a+k_b), \quad \beta \gg 0$",
     ["Eq(q, beta*(k[a] + k[b]))", "beta > 0"]),
    ("(a) |x_1| = sqrt(2) beta, |x_2| = beta",
     ["Eq(Norm(x[1]), sqrt(2)*beta)", "Eq(Norm(x[2]), beta)"]),
]


@pytest.mark.parametrize(("text", "expected"), READ_STATEMENTS)
def test_read_maths_splits_statements(text, expected):
    inp, notes = prop.read_maths(Answer("p", text), Notation())
    assert [str(e) for e in inp.exprs] == expected, notes


# Plain-text answers with no maths markup: each clause is tried as maths, prose
# clauses are skipped.
PLAIN_TEXT_MATHS = [
    ("(0, 0, 1)", ["(0, 0, 1)"]),
    ("softmax(z)", ["softmax(z)"]),
    ("p − y, where p = softmax(z)", ["p - y", "Eq(p, softmax(z))"]),
    ("p_i (1 - p_i) with p = softmax(z).", ["(1 - p[i])*p[i]", "Eq(p, softmax(z))"]),
    ("It becomes one-hot on the argmax.", []),
]


@pytest.mark.parametrize(("text", "expected"), PLAIN_TEXT_MATHS)
def test_read_maths_reads_plain_text_clauses(text, expected):
    inp, _notes = prop.read_maths(Answer("p", text), Notation())
    assert [str(e) for e in inp.exprs] == expected


# A span the reader cannot read because of an arrow still gives what follows it.
ARROW_SPANS = [
    (r"$\mathrm{softmax}_\tau(z)\to(0,0,1)$", ["(0, 0, 1)"]),
    ("τ → 0⁺ :  (0, 0, 1)   — all the mass on the biggest logit", ["(0, 0, 1)"]),
]


@pytest.mark.parametrize(("text", "expected"), ARROW_SPANS)
def test_read_maths_reads_past_arrows(text, expected):
    inp, _notes = prop.read_maths(Answer("p", text), Notation())
    assert [str(e) for e in inp.exprs if "(" in str(e)] == expected


a, b, c, d = sympy.symbols("a b c d")
# (answer text, equations() of what read_maths reads): a chain on one line gives
# its steps in order and then what it shows; a single equation stays itself
CHAINS = [
    ("$a = b$", ["Eq(a, b)"]),
    ("$a = b = c$", ["Eq(a, b)", "Eq(b, c)", "Eq(a, c)"]),
    ("$d = c + 1 = b = a$", ["Eq(d, c + 1)", "Eq(c + 1, b)", "Eq(b, a)", "Eq(d, a)"]),
    ("$a = b$ and $b = c$", ["Eq(a, b)", "Eq(b, c)"]),
    ("$a \\le b$", []),
]


@pytest.mark.parametrize(("text", "expected"), CHAINS)
def test_equations_unfold_chains(text, expected):
    inp, notes = prop.read_maths(Answer("p", text), Notation())
    assert [str(e) for e in prop.equations(inp.exprs)] == expected, notes


# A matrix written as a LaTeX environment, alone or as the right side of a name
MATRIX_SPANS = [
    (r"$\begin{pmatrix} a & b \\ c & d \end{pmatrix}$", "((a, b), (c, d))"),
    (r"$M = \begin{bmatrix} a & b \\ c & d \end{bmatrix}$", "Eq(M, ((a, b), (c, d)))"),
    (r"$M_k = \left[\begin{matrix} a \\ b \end{matrix}\right]$", "Eq(M[k], ((a,), (b,)))"),
]


@pytest.mark.parametrize(("text", "expected"), MATRIX_SPANS)
def test_read_maths_reads_matrix_environments(text, expected):
    inp, notes = prop.read_maths(Answer("p", text), Notation())
    assert [str(e) for e in inp.exprs] == [expected], notes


@pytest.mark.parametrize("text", [r"$x + \begin{pmatrix} a \end{pmatrix}$",
                                  r"$\begin{vmatrix} a & b \\ c & d \end{vmatrix}$"])
def test_other_environments_stay_unread(text):
    inp, notes = prop.read_maths(Answer("p", text), Notation())
    assert inp.exprs == () and notes


# ---------------------------------------------------------------- matrices over lines

@pytest.mark.parametrize(("text", "final", "status"), [
    ("so\nM_k = [[cos(wk), sin(wk)],\n       [-sin(wk), cos(wk)]]",
     "[-sin(wk), cos(wk)]]", Status.CORRECT),
    ("M_k = | cos ωk    sin ωk |\n      | -sin ωk   cos ωk |", "| -sin ωk   cos ωk |",
     Status.CORRECT),
    ("M_k = [[cos ωk, -sin ωk],\n       [sin ωk, cos ωk]]", "[sin ωk, cos ωk]]", Status.PARTIAL),
])
def test_a_matrix_written_over_lines_is_read_whole(assignments, text, final, status):
    """Its last line, a row, is no answer of its own: the matrix is."""
    key = assignments["attention-hw4"].keys["3a.shift_matrix"]
    outcome = get_checker("property").check(Answer("3a.shift_matrix", text, final=final), key)
    assert outcome.status is status, outcome


@pytest.mark.parametrize(("text", "status"), [
    ("τ -> 0 :  (0, 0, 1)", Status.CORRECT),
    ("tau->0+ : (0, 0, 1) one-hot on the argmax", Status.CORRECT),
    ("τ -> 0 :  (1/3, 1/3, 1/3)", Status.INCORRECT),
])
def test_clauses_after_an_unread_arrow_are_read(assignments, text, status):
    """The reader stops in "τ -> 0"; the vector after the colon is maths of its own."""
    key = assignments["attention-hw4"].keys["2b.limit_zero"]
    outcome = get_checker("property").check(Answer("2b.limit_zero", text), key)
    assert outcome.status is status, outcome


# A result the student marked (boxed, "Answer: …") that cannot be read goes to a TA:
# graded, another span (a definition, a step) would decide the grade.
MARKED_UNREAD = [
    (r"Let $p = x + 1$. Then $\boxed{p \mathbin{\heartsuit} y}$", True),
    ("Let $p = x + 1$.\nAnswer: $p \\mathbin{\\heartsuit} y$", True),
    ("Let $p = x + 1$.\n**Final answer**: $p \\mathbin{\\heartsuit} y$", True),
    # the last line, not marked: the readable spans are graded
    ("$p = x + 1$\nso we get $p \\mathbin{\\heartsuit} y$", False),
    # a marked result that is read
    ("Let $p = x + 1$.\nAnswer: $p - y$", False),
]


@pytest.mark.parametrize(("text", "review"), MARKED_UNREAD)
def test_an_unread_marked_result_is_a_review(text, review):
    seen = []

    def function(inp: PropertyInput) -> PropertyVerdict:
        seen.append(inp)
        return PropertyVerdict("incorrect")

    answer = Answer("2b.average_query", text, final=text.splitlines()[-1].replace("**", ""))
    outcome = PropertyChecker().check(answer, _key(function))
    assert (outcome.status is Status.NEEDS_REVIEW) is review
    assert bool(seen) is not review


def test_the_marked_result_is_found_by_position():
    text = r"where $c$ is the class, so $x = 1$.\nAnswer: $y = c + 1$"
    inp, _notes = prop.read_maths(Answer("p", text, final="Answer: $y = c + 1$"), Notation())
    assert [sympy.sstr(e) for e in inp.final] == ["Eq(y, c + 1)"]
