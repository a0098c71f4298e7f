"""Finding maths inside prose."""

from __future__ import annotations

import pytest

from grader.mathread import math_spans

# (text, [(span text, display, boxed)])
SPAN_CASES = [
    ("Time complexity = O(t·n²·L) at train time", [("O(t·n²·L)", False, False)]),
    ("RNN time ∝ l² × n × t", [("l² × n × t", False, False)]),
    ("the overall time complexity is O(T) which is efficient", [("O(T)", False, False)]),
    (r"$$\boxed{\text{RNN}_{\text{time}} \propto l^2 \times n \times t}$$",
     [(r"\text{RNN}_{\text{time}} \propto l^2 \times n \times t", True, True)]),
    ("so ‖x_1‖ = β√2 and √2β here", [("‖x_1‖ = β√2", False, False), ("√2β", False, False)]),
    (r"is then $O(L^2 D)$, or ($L \gg D$), $O(L^2)$.",
     [("O(L^2 D)", False, False), (r"L \gg D", False, False), ("O(L^2)", False, False)]),
    (r"Hence $\boxed{q = k_a + k_b}$ done", [("q = k_a + k_b", False, True)]),
    (r"let \(x^2\) and \[y=2\]", [("x^2", False, False), ("y=2", True, False)]),
    ("This is a good answer with no maths.", []),
    ("Θ(n log n) is the bound", [("Θ(n log n)", False, False)]),
    (r"Time complexity:  $O(t \cdot n^2 \cdot L)$", [(r"O(t \cdot n^2 \cdot L)", False, False)]),
    # statements joined by a comma are two spans; lists and arguments stay whole
    (r"$q = β(k_a+k_b), \quad β ≫ 0$", [("q = β(k_a+k_b)", False, False),
                                         ("β ≫ 0", False, False)]),
    ("y_1 = y_3 = (x_1 + x_3)/2 ,  y_2 = x_2 = a",
     [("y_1 = y_3 = (x_1 + x_3)/2", False, False), ("y_2 = x_2 = a", False, False)]),
    ("y_1 ~ d + b,  y_2 ~ a,  y_3 ~ c + d", [("y_1 ~ d + b", False, False),
                                             ("y_2 ~ a", False, False),
                                             ("y_3 ~ c + d", False, False)]),
    ("$x = 1, 2, 3$", [("x = 1, 2, 3", False, False)]),
    ("$f(a, b) = [1, x_1, x_2]$", [("f(a, b) = [1, x_1, x_2]", False, False)]),
    # Greek words, sqrt and part labels in plain text
    ("(a) |x_1| = sqrt(2) beta, |x_2| = beta",
     [("|x_1| = sqrt(2) beta", False, False), ("|x_2| = beta", False, False)]),
    ("scores 2 beta^2 on the diagonal", [("2 beta^2", False, False)]),
    ("so Y_T = sigmoid(1000 * sum_{i=1}^{T/2} X_{2i}) here",
     [("Y_T = sigmoid(1000 * sum_{i=1}^{T/2} X_{2i})", False, False)]),
    # "\left" is not a "\le" to cut off
    (r"$\left[ 1, x_1 \right]^T$", [(r"\left[ 1, x_1 \right]^T", False, False)]),
    ("φ(x) = [ 1 , x , (x ⊗ x)/√2 ] ∈ R^M, then",
     [("φ(x) = [ 1 , x , (x ⊗ x)/√2 ] ∈ R^M", False, False)]),
]


@pytest.mark.parametrize(("text", "expected"), SPAN_CASES)
def test_spans(text, expected):
    spans = math_spans(text)
    assert [(s.text, s.display, s.boxed) for s in spans] == expected
    for span in spans:
        assert text[span.start:span.end] == span.text


# A line that is a vector of numbers and nothing else is maths, with no operator in it.
@pytest.mark.parametrize(("text", "found"), [
    ("τ → ∞\nevery exponential → 1.\n\n(⅓, ⅓, ⅓)\n", "(⅓, ⅓, ⅓)"),
    ("The limit:\n  (0, 0, 1).\n", "(0, 0, 1)"),
    ("> **[0.2, 0.3, 0.5]**", "[0.2, 0.3, 0.5]"),
])
def test_a_vector_line_is_a_span(text, found):
    assert found in [s.text for s in math_spans(text)]


def test_a_vector_inside_prose_is_not_a_vector_line():
    assert "(1, 2)" not in [s.text for s in math_spans("see items (1, 2) above")]


@pytest.mark.parametrize(("text", "found"), [
    ("**Answer: x = y + 1**", "x = y + 1"), ("__x = 2__", "x = 2")])
def test_a_closing_bold_is_not_in_the_span(text, found):
    assert found in [s.text for s in math_spans(text)]
