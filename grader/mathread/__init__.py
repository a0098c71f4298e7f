"""The safe maths reader: student text → sympy objects through a grammar we own.

Student text never reaches ``eval``, ``exec``, ``sympy.sympify`` or
``sympy.parse_expr``: ``normalise`` rewrites it into one spelling,
``grammar.lark`` parses it, and ``MathTransformer`` builds sympy objects from
the parse tree. ``limits`` bounds length, nesting, exponents and factorials.

Public API::

    parse_math(text, notation=None) -> sympy.Basic
    parse_chain(text, notation=None) -> list[sympy.Basic]
    math_spans(text) -> list[MathSpan]
    to_text(expr) -> str
    MathParseError
"""

from grader.mathread.errors import MathParseError
from grader.mathread.printing import to_text
from grader.mathread.reader import parse_chain, parse_math
from grader.mathread.spans import MathSpan, math_spans

__all__ = ["MathParseError", "MathSpan", "math_spans", "parse_chain", "parse_math", "to_text"]
