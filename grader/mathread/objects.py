"""Sympy objects for notation that sympy has no faithful class for.

The maths reader builds these; checkers and reference modules read them.
They stay unevaluated on purpose: ``BigO`` is *not* ``sympy.Order`` (which
means "as x → 0" and silently drops terms), and ``Prob(p, (x,), (z,))`` is
``p(x | z)`` as a symbol of the identity checker's little probability
language, evaluated only on concrete discrete models.
"""

from __future__ import annotations

import sympy


class BigO(sympy.Function):
    """``O(expr)``: an asymptotic bound as every size grows, up to constants."""

    nargs = 1


class Prob(sympy.Function):
    """``name(outcome | given)``: a density, e.g. ``Prob(p, Tuple(x), Tuple(z))``.

    ``args[0]`` is the distribution's name as a Symbol (``p``, ``q``, ``p_θ``
    folded to ``p``), ``args[1]`` the outcome variables, ``args[2]`` the
    conditioning variables (an empty Tuple when unconditional).
    """

    nargs = 3


class Expect(sympy.Function):
    """``E_{dist}[body]``: expectation of ``body`` under the ``Prob`` ``dist``.

    ``dist`` may be ``sympy.S.EmptySet`` when the student wrote a bare ``E[...]``.
    """

    nargs = 2


class KL(sympy.Function):
    """``KL(a ‖ b)`` between two ``Prob`` objects."""

    nargs = 2


class Norm(sympy.Function):
    """``‖x‖``: the Euclidean norm of a vector expression."""

    nargs = 1


class Transpose(sympy.Function):
    """``xᵀ``: transpose of a vector or matrix symbol."""

    nargs = 1

    def _sympystr(self, printer: object) -> str:
        # sympy's StrPrinter has a _print_Transpose for matrices that reads
        # ``.arg``; this class is not that one, so print it by hand
        return f"Transpose({printer._print(self.args[0])})"  # type: ignore[attr-defined]


class QuantityName(sympy.Symbol):
    """A quantity named by its derivation (``∂ℓ/∂z``, ``∇_z ℓ``, ``dℓ/dz``): an opaque
    name, never a variable of the answer, so ``∂ℓ/∂z = p − y`` states ``p − y`` and
    a checker never substitutes into or solves for it."""


class Dots(sympy.Atom):
    """The ellipsis in a list such as ``[1, x_1, …, x_D]``."""

    def _sympystr(self, printer: object) -> str:
        return "…"


class BigTheta(sympy.Function):
    """``Θ(expr)``: a tight asymptotic bound (the reader keeps Θ apart from O)."""

    nargs = 1


class BigOmega(sympy.Function):
    """``Ω(expr)``: an asymptotic lower bound."""

    nargs = 1


class Proportional(sympy.Function):
    """``a ∝ b``: what ``parse_math`` returns for a proportionality (sympy has none)."""

    nargs = 2


class Outer(sympy.Function):
    """``a ⊗ b``: the outer (tensor) product of two vectors, as a flat list of
    every product ``a_i b_j`` (``x ⊗ x`` in a feature map)."""

    nargs = 2


class SumOver(sympy.Function):
    """``\\sum_{i<j} body``: a sum over the index tuples meeting a condition.

    ``args`` are ``(body, Tuple(i, j, …), condition)``; sympy's ``Sum`` needs a
    range per index, which ``i < j`` or ``i ≠ a, b`` is not. Never evaluated here.
    """

    nargs = 3


class Family(sympy.Function):
    """``√2·x_i x_j (i<j)`` in a list: one entry per index tuple meeting the condition.

    ``args`` are ``(entry, Tuple(i, j, …), condition)``.
    """

    nargs = 3
