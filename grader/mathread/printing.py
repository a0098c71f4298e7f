"""A readable rendering of sympy objects for feedback: ``O(L²·n·t)``, ``√2·β``."""

from __future__ import annotations

from typing import Any

import sympy
from sympy.printing.str import StrPrinter

from grader.mathread.normalise import GREEK

_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


class _FeedbackPrinter(StrPrinter):
    """``StrPrinter`` with ``·`` products, superscript powers and Greek letters."""

    # our own method name, so objects' _sympystr (Indexed, Dots…) do not take over
    printmethod = "_feedback_text"

    def _print_Symbol(self, expr: sympy.Symbol) -> str:
        return GREEK.get(expr.name, expr.name)

    def _print_Mul(self, expr: sympy.Mul) -> str:
        coeff, rest = expr.as_coeff_Mul()
        if coeff == -1:
            return "−" + self._wrap_sum(rest)
        numerator, denominator = sympy.fraction(expr)
        if denominator != 1:
            return f"{self._wrap(numerator)}/{self._wrap(denominator)}"
        factors = [self._wrap_sum(f) for f in expr.as_ordered_factors()]
        return "·".join(factors)

    def _wrap(self, expr: sympy.Basic) -> str:
        text = self._print(expr)
        if isinstance(expr, sympy.Add | sympy.Mul) and len(expr.args) > 1:
            return f"({text})"
        return text

    def _wrap_sum(self, expr: sympy.Basic) -> str:
        text = self._print(expr)
        return f"({text})" if isinstance(expr, sympy.Add) else text

    def _print_Add(self, expr: sympy.Add, order: Any = None) -> str:
        text = super()._print_Add(expr, order=order)
        return text.replace(" - ", " − ")

    def _print_Pow(self, expr: sympy.Pow, rational: bool = False) -> str:
        base, exponent = expr.args
        if exponent == sympy.Rational(1, 2):
            return "√" + self._root_arg(base)
        if exponent == sympy.Rational(-1, 2):
            return "1/√" + self._root_arg(base)
        if exponent == -1:
            return f"1/{self._wrap(base)}"
        base_text = self._print(base)
        if not isinstance(base, sympy.Symbol | sympy.Indexed | sympy.Integer) or (
                isinstance(base, sympy.Integer) and base < 0):
            base_text = f"({base_text})"
        if isinstance(exponent, sympy.Integer):
            return base_text + str(exponent).translate(_SUPERSCRIPT)
        return f"{base_text}^({self._print(exponent)})"

    def _root_arg(self, base: sympy.Basic) -> str:
        text = self._print(base)
        return text if isinstance(base, sympy.Symbol | sympy.Integer) else f"({text})"

    def _print_Indexed(self, expr: sympy.Indexed) -> str:
        label = self._print(expr.base.label)
        indices = [self._print(i) for i in expr.indices]
        if len(indices) == 1 and len(indices[0]) == 1:
            return f"{label}_{indices[0]}"
        return f"{label}_{{{','.join(indices)}}}"

    def _print_BigO(self, expr: sympy.Basic) -> str:
        return f"O({self._print(expr.args[0])})"

    def _print_BigTheta(self, expr: sympy.Basic) -> str:
        return f"Θ({self._print(expr.args[0])})"

    def _print_BigOmega(self, expr: sympy.Basic) -> str:
        return f"Ω({self._print(expr.args[0])})"

    def _print_Norm(self, expr: sympy.Basic) -> str:
        return f"‖{self._print(expr.args[0])}‖"

    def _print_Transpose(self, expr: sympy.Basic) -> str:
        return f"{self._wrap(expr.args[0])}ᵀ"

    def _print_Prob(self, expr: sympy.Basic) -> str:
        name, outcome, given = expr.args
        text = ", ".join(self._print(a) for a in outcome)
        if len(given):
            text += "|" + ", ".join(self._print(a) for a in given)
        return f"{self._print(name)}({text})"

    def _print_Expect(self, expr: sympy.Basic) -> str:
        dist, body = expr.args
        if dist == sympy.S.EmptySet:
            return f"E[{self._print(body)}]"
        return f"E_{self._print(dist)}[{self._print(body)}]"

    def _print_KL(self, expr: sympy.Basic) -> str:
        return f"KL({self._print(expr.args[0])} ‖ {self._print(expr.args[1])})"

    def _print_Proportional(self, expr: sympy.Basic) -> str:
        return f"{self._print(expr.args[0])} ∝ {self._print(expr.args[1])}"

    def _print_Dots(self, expr: sympy.Basic) -> str:
        return "…"

    def _print_Outer(self, expr: sympy.Basic) -> str:
        return f"({self._wrap(expr.args[0])} ⊗ {self._wrap(expr.args[1])})"

    def _print_SumOver(self, expr: sympy.Basic) -> str:
        body, _, condition = expr.args
        return f"Σ_{{{self._condition(condition)}}} {self._wrap(body)}"

    def _print_Family(self, expr: sympy.Basic) -> str:
        entry, _, condition = expr.args
        return f"{self._print(entry)} ({self._condition(condition)})"

    def _condition(self, condition: sympy.Basic) -> str:
        parts = condition.args if isinstance(condition, sympy.And) else (condition,)
        return ", ".join(self._print(p) for p in parts)

    def _print_Tuple(self, expr: sympy.Tuple) -> str:
        return "[" + ", ".join(self._print(a) for a in expr.args) + "]"

    def _print_Relational(self, expr: sympy.core.relational.Relational) -> str:
        symbol = {"==": "=", "<=": "≤", ">=": "≥", "!=": "≠"}.get(expr.rel_op, expr.rel_op)
        return f"{self._print(expr.lhs)} {symbol} {self._print(expr.rhs)}"

    def _print_Sum(self, expr: sympy.Sum) -> str:
        return self._big("Σ", expr)

    def _print_Product(self, expr: sympy.Product) -> str:
        return self._big("Π", expr)

    def _big(self, sign: str, expr: sympy.Basic) -> str:
        body, *limits = expr.args
        parts = []
        for limit in limits:
            if len(limit) == 3:
                parts.append(f"_{{{self._print(limit[0])}={self._print(limit[1])}}}"
                             f"^{{{self._print(limit[2])}}}")
            else:
                parts.append(f"_{self._print(limit[0])}")
        return f"{sign}{''.join(parts)} {self._wrap(body)}"

    def _print_Integral(self, expr: sympy.Integral) -> str:
        body, *limits = expr.args
        return f"∫ {self._wrap(body)} d{''.join(self._print(lim[0]) for lim in limits)}"

    def _print_Exp1(self, expr: sympy.Basic) -> str:
        return "e"

    def _print_Infinity(self, expr: sympy.Basic) -> str:
        return "∞"


def to_text(expr: Any) -> str:
    """A readable one-line rendering of a sympy object for student feedback.

    Example:
        >>> import sympy
        >>> L, n, t = sympy.symbols("L n t")
        >>> from grader.mathread.objects import BigO
        >>> to_text(BigO(L**2 * n * t))
        'O(L²·n·t)'
    """
    if isinstance(expr, list | tuple):
        return " = ".join(to_text(e) for e in expr)
    return _FeedbackPrinter({"order": "none"}).doprint(expr)
