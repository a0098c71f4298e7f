"""Labels: what names an answer (``x = 3``, ``f(x) = x^2``, ``(p, q) = (3, 2)``)
rather than constrains it (``2x + z = 1``), so ``x = 3`` against ``3`` compares values."""

from __future__ import annotations

import sympy


def assigned_value(value: sympy.Basic) -> sympy.Basic | None:
    """The value in ``x = 3`` or ``\\lim_{x \\to 0} f(x) = 3``: a label on the left
    (see ``_is_label``) whose names the right side does not use; else None."""
    if not isinstance(value, sympy.Eq):
        return None
    label, rhs = value.lhs, value.rhs
    if not _is_label(label):
        return None
    if isinstance(label, sympy.core.function.AppliedUndef):
        # f(x) = x^2 gives f's value; f(x) = f(1) + x does not
        return None if rhs.has(label.func) else rhs
    if label.free_symbols & rhs.free_symbols or rhs.has(label):
        return None
    return rhs


def _is_label(expr: sympy.Basic) -> bool:
    """What names an answer rather than constrains it: a name (``x``, ``a_1``), a
    limit, a function value ``f(x)``, a length ``|AB|``, a ratio of names
    ``NO/BO`` or a tuple of names ``(p, q)``. ``2x + z`` or ``a^2 + b`` is not
    (``2x + z = 1`` is an equation, not the value 1), nor ``|x|`` (``|x| = 3``
    holds for ±3)."""
    if isinstance(expr, sympy.Symbol | sympy.Indexed | sympy.Limit):
        return True
    if isinstance(expr, sympy.core.function.AppliedUndef):
        return all(isinstance(a, sympy.Symbol) for a in expr.args)
    if isinstance(expr, sympy.Tuple):
        return len(expr) > 0 and all(isinstance(a, sympy.Symbol | sympy.Indexed) for a in expr)
    if isinstance(expr, sympy.Abs):  # |AB|, a length; |x| = 3 is an equation
        inner = expr.args[0]
        return (isinstance(inner, sympy.Symbol) and len(inner.name) > 1 and inner.name.isupper()) \
            or (isinstance(inner, sympy.Mul) and _is_product_of_names(inner))
    if isinstance(expr, sympy.Mul):
        numerator, denominator = expr.as_numer_denom()
        return denominator != 1 and _is_product_of_names(numerator) \
            and _is_product_of_names(denominator)
    return False


def _is_product_of_names(expr: sympy.Basic) -> bool:
    factors = expr.args if isinstance(expr, sympy.Mul) else (expr,)
    return all(isinstance(f, sympy.Symbol) for f in factors)
