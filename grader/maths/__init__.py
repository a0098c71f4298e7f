r"""The maths core: read an answer, and decide whether it equals a reference.

Public API (small and stable, in the spirit of Math-Verify)::

    parse(text, notation=None, *, mode="expression") -> Parsed
    verify(reference, answer, *, mode="expression", notation=None, domain=None)
        -> Verdict   # .status: equivalent | not_equivalent | undecided; .reason

Examples:
    >>> verify("x^2 = y^2", "(x - y)(x + y) = 0", mode="relation").status.value
    'equivalent'
    >>> verify("e^x", "exp(x)").status.value
    'equivalent'
    >>> verify("O(2^n)", "O(n!)", mode="bound").reason
    'the answer grows faster than the bound (too loose)'

Built on ``grader.mathread``: student text goes through our grammar only, never
``sympify``. Every call is bounded in time (``CheckTimeout`` derives from
``BaseException``) and the reader bounds sizes, depths and exponents.
"""

from grader.maths.api import MODES, TIMEOUT_DEFAULT, verify
from grader.maths.reading import Parsed, parse
from grader.maths.verdict import Status, Verdict

__all__ = ["MODES", "TIMEOUT_DEFAULT", "Parsed", "Status", "Verdict", "parse", "verify"]
