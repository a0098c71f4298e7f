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
]


@pytest.mark.parametrize(("text", "expected"), SPAN_CASES)
def test_spans(text, expected):
    spans = math_spans(text)
    assert [(s.text, s.display, s.boxed) for s in spans] == expected
    for span in spans:
        assert text[span.start:span.end] == span.text
