r"""The answer-level spellings and meanings ``parse`` applies, for readers of chains.

``parse`` reads one whole answer; a checker reading a derivation
(``‖x_1‖ = \sqrt{β^2 + β^2} = β\sqrt{2}``) grades one member of the chain. Both
must read the same text the same way: ``1 000`` is a thousand, ``infty`` is ∞,
``f(y)`` applies ``f``, ``e`` is Euler's number and ``|x|`` an absolute value.
This module holds those rewrites, so that ``parse`` and :func:`parse_members`
cannot drift apart.
"""

from __future__ import annotations

import dataclasses

import sympy

from grader.mathread import parse_chain
from grader.mathread.normalise import known_names
from grader.mathread.objects import Norm
from grader.maths.spelling import bracket_indices, nested_bars, people_numbers, typed_spellings
from grader.notation import Notation

DEFAULT_FUNCTIONS = ("f", "g", "h", "F", "G")
"""Names read as functions before ``(`` unless the notation fixes them as symbols."""


def with_functions(notation: Notation | None) -> Notation:
    """``notation`` in which ``f(y)`` reads as a function unless ``f`` is a symbol."""
    notation = notation or Notation()
    taken = set(notation.symbols) | set(notation.declared) | set(notation.aliases)
    extra = tuple(f for f in DEFAULT_FUNCTIONS if f not in taken and f not in notation.functions)
    return dataclasses.replace(notation, functions=notation.functions + extra)


def spelled(text: str, notation: Notation | None) -> str:
    """``text`` with the spellings people type rewritten in the reader's (numbers
    written for people, ``infty``, full-width characters, nested bars, ``x[2]``)."""
    return nested_bars(bracket_indices(people_numbers(typed_spellings(text, notation))))


def after_reading(expr: sympy.Basic, notation: Notation | None,
                  vectors: frozenset[str] = frozenset()) -> sympy.Basic:
    """``e`` → Euler's number and ``|x|`` → ``Abs(x)`` unless the notation declares
    ``e`` or the domain says ``x`` is a vector."""
    if "e" not in known_names(notation):
        indexed = {i: sympy.Dummy() for i in expr.atoms(sympy.Indexed)}  # e_1 stays a name
        expr = expr.xreplace(indexed).xreplace({sympy.Symbol("e"): sympy.E})
        expr = expr.xreplace({v: k for k, v in indexed.items()})
    return expr.replace(lambda n: isinstance(n, Norm) and not (
        {s.name for s in n.free_symbols} & vectors), lambda n: sympy.Abs(n.args[0]))


def parse_members(text: str, notation: Notation | None = None, *,
                  vectors: frozenset[str] = frozenset()) -> list[sympy.Basic]:
    """The members of the chain ``text`` (``a = b ≈ c`` → ``[a, b, c]``), read as
    ``parse`` reads an answer.

    Example:
        >>> parse_members("y = .5 e^0 ≈ 1/2")
        [y, 0.500000000000000, 1/2]

    Raises:
        MathParseError: the text is not maths the reader can read.
    """
    return [after_reading(m, notation, vectors)
            for m in parse_chain(spelled(text, notation), notation)]
