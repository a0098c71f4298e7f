"""Size limits that keep a hostile or garbled answer from hanging the grader.

Every limit is checked before the expensive step it protects: length and
brackets before lexing, token count before parsing, exponents and factorials
before sympy evaluates them. Going over a limit raises ``MathParseError``.
"""

from __future__ import annotations

import math

import sympy

from grader.mathread.errors import MathParseError

MAX_CHARS_DEFAULT = 2_000
"""Longest expression read (a derivation line is rarely over 300 characters)."""

MAX_TOKENS_DEFAULT = 400
"""Most tokens in one expression; bounds the parser's (super-linear) time."""

MAX_DEPTH_DEFAULT = 25
"""Deepest bracket nesting; also keeps lark's and sympy's recursion shallow."""

MAX_EXPONENT_DEFAULT = 10_000
"""Largest ``|exponent|`` for a numeric exponent. Sympy keeps ``(x − a)^{6000}``
unexpanded and computes ``2^{1000}`` exactly; what could explode (the digits of a
numeric power, also the numeric factor of a symbolic base) is bounded by
``MAX_RESULT_DIGITS_DEFAULT``."""

MAX_RESULT_DIGITS_DEFAULT = 1_000
"""Largest number of digits sympy may compute when a numeric power is evaluated."""

MAX_FACTORIAL_DEFAULT = 1_000
"""Largest integer argument of ``n!`` or ``binom{n}{k}`` that is evaluated."""

MAX_NUMBER_DIGITS_DEFAULT = 40
"""Longest numeric literal."""

_OPENERS = {"(": ")", "[": "]", "{": "}"}
_CLOSERS = {v: k for k, v in _OPENERS.items()}


def check_length(text: str, limit: int = MAX_CHARS_DEFAULT) -> None:
    """Refuse text longer than ``limit`` characters."""
    if len(text) > limit:
        raise MathParseError(f"expression is too long ({len(text)} characters, "
                             f"at most {limit} are read)", text, limit)


def check_brackets(text: str, origin: list[int] | tuple[int, ...], source: str,
                   limit: int = MAX_DEPTH_DEFAULT) -> None:
    """Refuse unbalanced or too deeply nested brackets in normalised ``text``.

    ``origin`` maps offsets in ``text`` to offsets in ``source`` (what the
    student wrote), so the caret lands on the student's bracket.
    """
    stack: list[tuple[str, int]] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2  # an escaped character (\{ or \|) is not a bracket
            continue
        if ch in _OPENERS:
            stack.append((ch, i))
            if len(stack) > limit:
                raise MathParseError(f"brackets are nested more than {limit} deep",
                                     source, origin[i])
        elif ch in _CLOSERS:
            if not stack:
                raise MathParseError(f"unbalanced brackets: {ch!r} has no opening bracket",
                                     source, origin[i])
            opener, _ = stack.pop()
            if _OPENERS[opener] != ch:
                raise MathParseError(f"unbalanced brackets: {opener!r} closed by {ch!r}",
                                     source, origin[i])
        i += 1
    if stack:
        opener, at = stack[-1]
        raise MathParseError(f"unbalanced brackets: {opener!r} is never closed",
                             source, origin[at])


def check_number_literal(digits: str) -> None:
    """Refuse a numeric literal with more than ``MAX_NUMBER_DIGITS_DEFAULT`` digits."""
    if len(digits) > MAX_NUMBER_DIGITS_DEFAULT:
        raise MathParseError(f"number {digits[:12]}… has more than "
                             f"{MAX_NUMBER_DIGITS_DEFAULT} digits")


def check_power(base: sympy.Basic, exponent: sympy.Basic) -> None:
    """Refuse ``base^exponent`` when evaluating it could explode.

    A numeric exponent must satisfy ``|e| <= MAX_EXPONENT_DEFAULT``; a numeric
    base with a numeric exponent must give at most ``MAX_RESULT_DIGITS_DEFAULT``
    digits. Symbolic exponents (``2^n``) are fine: sympy leaves them alone.
    """
    if isinstance(exponent, sympy.Number) and exponent.is_finite:
        if abs(exponent) > MAX_EXPONENT_DEFAULT:
            raise MathParseError(f"exponent {exponent} is too large "
                                 f"(at most {MAX_EXPONENT_DEFAULT} in absolute value)")
        if isinstance(base, sympy.Expr) and not isinstance(base, sympy.Number):
            base = base.as_coeff_Mul()[0]  # (2x)^e is 2^e x^e: the 2^e is computed
        if isinstance(base, sympy.Number) and base.is_finite and base != 0:
            digits = abs(float(exponent)) * abs(_log10(base))
            if digits > MAX_RESULT_DIGITS_DEFAULT:
                raise MathParseError(f"{base}^{exponent} has about {int(digits)} digits, "
                                     "too many to compute")


def check_factorial_argument(value: sympy.Basic, what: str = "factorial") -> None:
    """Refuse ``n!`` (or a binomial) of an integer larger than ``MAX_FACTORIAL_DEFAULT``."""
    if isinstance(value, sympy.Number) and value.is_finite \
            and abs(value) > MAX_FACTORIAL_DEFAULT:
        raise MathParseError(f"{what} of {value} is too large to compute "
                             f"(at most {MAX_FACTORIAL_DEFAULT})")


def _log10(number: sympy.Number) -> float:
    """log10 of a sympy number without converting huge integers to float."""
    if isinstance(number, sympy.Integer):
        value = abs(int(number))
        return (value.bit_length() - 1) * math.log10(2) if value > 1 else 0.0
    try:
        return math.log10(abs(float(number)))
    except (OverflowError, ValueError):
        return float(MAX_RESULT_DIGITS_DEFAULT)
