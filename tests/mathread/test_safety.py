"""Student text never reaches eval, exec or a sympy string parser."""

from __future__ import annotations

import builtins
import contextlib

import pytest
import sympy
import sympy.parsing.sympy_parser

from grader.mathread import MathParseError, math_spans, parse_chain, parse_math
from tests.mathread.test_parse import CHAIN_CASES, NOTATION_CASES, PLAIN_CASES, UNREADABLE

HOSTILE = [
    "__import__('os').system('x')", "eval('1+1')", "exec('x=1')", "().__class__.__bases__",
    "lambda x: x", "open('/etc/passwd').read()", r"\input{/etc/passwd}",
    "Symbol('x')", "S('x')", "sympify('x')", "x; import os", "$(rm -rf /)",
]


class Forbidden(BaseException):
    """Raised by a trapped function; BaseException so no except-block hides it."""


def test_no_string_parser_is_called(monkeypatch):
    calls: list[str] = []

    def trap(name):
        def refuse(*args, **kwargs):
            calls.append(name)
            raise Forbidden(name)
        return refuse

    monkeypatch.setattr(sympy, "sympify", trap("sympy.sympify"))
    monkeypatch.setattr(sympy, "parse_expr", trap("sympy.parse_expr"), raising=False)
    monkeypatch.setattr(sympy.parsing.sympy_parser, "parse_expr", trap("parse_expr"))
    monkeypatch.setattr(builtins, "eval", trap("eval"))
    monkeypatch.setattr(builtins, "exec", trap("exec"))
    texts = [c[0] for c in PLAIN_CASES + NOTATION_CASES + CHAIN_CASES] + UNREADABLE + HOSTILE
    for text in texts:
        for reader in (parse_math, parse_chain):
            with contextlib.suppress(MathParseError):
                reader(text)
        math_spans(text)
    assert calls == []


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_unreadable(text):
    with pytest.raises(MathParseError):
        parse_math(text)
