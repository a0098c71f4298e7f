"""The number a table cell holds, in the forms students write (``cell_values``)."""

from __future__ import annotations

import math

import pytest

from grader.checks.cell_values import cell_number

E = math.e
READ = {
    "decimal": ("0.12", 0.12),
    "negative": ("-0.25", -0.25),
    "integer fraction": ("1/3", 1 / 3),
    "decimal comma": ("0,12", 0.12),
    "decimal comma, not three digits": ("2,5", 2.5),
    "percent": ("12%", 0.12),
    "scientific": ("1.2e-2", 0.012),
    "power of two": ("2^{-3}", 0.125),
    "LaTeX fraction of powers of e": (r"$\frac{e^{2}}{e^2+e^4+e^6}$", E**2 / (E**2 + E**4 + E**6)),
    "LaTeX grouping in exponents kept": (r"$\frac{e^{1/2}}{e^{1/2}+e+e^{3/2}}$",
                                         E**0.5 / (E**0.5 + E + E**1.5)),
    "exp written out": ("exp(1)/(exp(1)+exp(2)+exp(3))", E / (E + E**2 + E**3)),
    "approximation only": ("≈0.87", 0.87),
    "exact value then approximation": ("(e)/(e+e^2+e^3)≈0.09", 0.09),
    "constant then equals": ("e^2/(e^2+e^4)=0.12", 0.12),
}
NOT_NUMBERS = {
    "a row label the rubric does not know": "T=2",
    "a thousands separator or a decimal comma": "1,000",
    "a symbol": "x_t",
    "a word": "tau",
    "an OCR slip": "0.O9",
    "division by zero": "1/0",
    "prose": "see above",
}


@pytest.mark.parametrize(("text", "value"), READ.values(), ids=READ.keys())
def test_cells_that_hold_a_number(text: str, value: float) -> None:
    got = cell_number(text.strip("$"), text)
    assert got is not None and math.isclose(got, value, rel_tol=1e-9)


@pytest.mark.parametrize("text", NOT_NUMBERS.values(), ids=NOT_NUMBERS.keys())
def test_cells_that_hold_no_number_are_left_unread(text: str) -> None:
    assert cell_number(text, text) is None
