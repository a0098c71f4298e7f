"""``parse_math`` and ``parse_chain``: text → normalise → lark → transformer → sympy."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

import sympy
from lark import Lark, Token
from lark.exceptions import (
    UnexpectedCharacters,
    UnexpectedEOF,
    UnexpectedInput,
    UnexpectedToken,
    VisitError,
)

from grader.mathread import limits
from grader.mathread.building import MEMBERSHIP, ProseWord, relation
from grader.mathread.errors import MathParseError
from grader.mathread.normalise import Normalised, normalise
from grader.mathread.transformer import MathTransformer
from grader.notation import Notation

# outer delimiters and trailing punctuation that are not part of the maths
_LEADING = re.compile(r"\s*(?:\$\$|\$|\\\(|\\\[)?\s*")
_CLOSING_DELIMITERS = ("$$", "$", "\\)", "\\]")


def _trailing_start(text: str) -> int:
    r"""Where the closing delimiter and trailing punctuation of ``text`` start.

    What ``re.search(r"\s*(?:\$\$|\$|\\\)|\\\])?[\s.,;:]*$", text).start()`` gives,
    found backwards: that search retried from every character of a run of spaces
    and split it three ways (cubic: 2,000 spaces took 8 s).
    """
    end = len(text)
    while end > 0 and (text[end - 1].isspace() or text[end - 1] in ".,;:"):
        end -= 1
    for delimiter in _CLOSING_DELIMITERS:
        if text.endswith(delimiter, 0, end):
            end -= len(delimiter)
            while end > 0 and text[end - 1].isspace():
                end -= 1
            break
    return end

_TOKEN_NAMES = {
    "$END": "the end", "RPAR": "')'", "LPAR": "'('", "RSQB": "']'", "LSQB": "'['",
    "RBRACE": "'}'", "LBRACE": "'{'", "COMMA": "','", "VBAR": "'|'",
}


@cache
def _parser() -> Lark:
    """The lark parser, built once per process.

    LALR with the contextual lexer: about 1 ms for a typical answer, linear in
    its length. The grammar has no LALR conflicts (``tests/mathread`` checks
    that in lark's strict mode when ``interegular`` is installed); the
    decisions a context-free grammar cannot make (which ``‖`` opens a norm,
    which ``p(`` is a density) are taken in ``normalise``. Earley read the
    same grammar about 30 times slower.
    """
    grammar = resources.files("grader.mathread").joinpath("grammar.lark").read_text("utf-8")
    return Lark(grammar, parser="lalr", lexer="contextual")


def _prepare(text: str, notation: Notation | None) -> tuple[list[Any], Normalised]:
    """Normalise, check limits, parse and transform ``text`` into a raw chain."""
    if not isinstance(text, str):
        raise MathParseError(f"expected text, got {type(text).__name__}")
    limits.check_length(text)
    start = _LEADING.match(text).end()  # type: ignore[union-attr]
    end = max(start, _trailing_start(text))
    if start >= end:
        raise MathParseError("there is no maths to read", text, None)
    norm = normalise(text, notation, start, end)
    limits.check_brackets(norm.text, norm.origin, text)
    count = norm.token_count()
    if count > limits.MAX_TOKENS_DEFAULT:
        raise MathParseError(f"expression has {count} tokens, at most "
                             f"{limits.MAX_TOKENS_DEFAULT} are read", text, None)
    try:
        tree = _parser().parse(norm.text)
    except UnexpectedInput as exc:
        raise _lark_error(exc, text, norm) from None
    try:
        chain = MathTransformer(notation).transform(tree)
    except VisitError as exc:
        raise _build_error(exc.orig_exc, text) from None
    except RecursionError:
        raise MathParseError("expression is nested too deeply", text, None) from None
    if not isinstance(chain, list):
        chain = [chain]
    interval = _INTERVAL_END.search(text, 0, end)
    if interval is not None and len(chain) == 3 and str(chain[1]) == MEMBERSHIP \
            and isinstance(chain[2], sympy.Tuple) and len(chain[2]) == 2:
        return _interval_chain(chain[0], chain[2], interval.group(1), interval.group(2)), norm
    return _drop_membership(chain), norm


# "η ∈ (0, 2/a)", "x \in [0, 1]": membership of an interval written with its brackets
_INTERVAL_END = re.compile(r"(?:\\in(?![A-Za-z])|∈)\s*(?:\\left\s*)?([(\[])[^()\[\]]*"
                           r"(?:\\right\s*)?([)\]])\s*$")


def _interval_chain(member: Any, bounds: sympy.Tuple, opening: str, closing: str) -> list[Any]:
    """``x ∈ (a, b)`` as the chain ``a < x < b`` (``≤`` at a closed bracket)."""
    def op(bracket: str) -> Token:
        return Token("REL", "<" if bracket in "()" else "\\le")
    return [bounds[0], op(opening), member, op(closing), bounds[1]]


def _drop_membership(chain: list[Any]) -> list[Any]:
    """``φ(x) = [1, x, …] ∈ R^M``: a membership says where a value lives, not
    what it is; drop ``∈ …`` and the set after it."""
    out = list(chain[:1])
    for op, member in zip(chain[1::2], chain[2::2], strict=False):
        if str(op) != MEMBERSHIP:
            out.extend([op, member])
    return out


def _lark_error(exc: UnexpectedInput, text: str, norm: Normalised) -> MathParseError:
    """A ``MathParseError`` pointing at the student's character that stopped lark."""
    if isinstance(exc, UnexpectedCharacters):
        at = exc.pos_in_stream
        command = re.match(r"\\[A-Za-z]+", norm.text[at:])
        if command:
            return MathParseError(f"unsupported command {command.group(0)}", text,
                                  norm.source_offset(at))
        return MathParseError(f"unexpected character {norm.text[at]!r}", text,
                              norm.source_offset(at))
    if isinstance(exc, UnexpectedToken):
        token: Token = exc.token
        if token.type == "$END":
            return MathParseError("the expression ends too early", text, len(text.rstrip()))
        at = token.start_pos if token.start_pos is not None else 0
        return MathParseError(f"unexpected {_describe(token)}", text, norm.source_offset(at))
    if isinstance(exc, UnexpectedEOF):
        return MathParseError("the expression ends too early", text, len(text.rstrip()))
    return MathParseError("cannot read this maths", text, None)


def _describe(token: Token) -> str:
    if token.type in _TOKEN_NAMES:
        return _TOKEN_NAMES[token.type]
    value = str(token)
    if value.startswith("\\"):
        return value.strip()
    return repr(value)


def _build_error(exc: BaseException, text: str) -> MathParseError:
    """Turn an error raised while building sympy objects into a ``MathParseError``."""
    if isinstance(exc, MathParseError):
        return MathParseError(exc.message, text, exc.offset)
    if isinstance(exc, RecursionError):
        return MathParseError("expression is nested too deeply", text, None)
    if isinstance(exc, TypeError | ValueError | AttributeError | ZeroDivisionError
                  | ArithmeticError | IndexError | KeyError):
        return MathParseError(f"cannot build this expression ({type(exc).__name__}: {exc})",
                              text, None)
    raise exc


def _is_prose(element: Any) -> bool:
    return isinstance(element, ProseWord)


def _check_no_prose(element: Any, text: str) -> None:
    if isinstance(element, sympy.Basic) and element.atoms(ProseWord):
        words = ", ".join(sorted(w.name for w in element.atoms(ProseWord)))
        raise MathParseError(f"words inside maths: {words}", text, None)


def parse_chain(text: str, notation: Notation | None = None) -> list[sympy.Basic]:
    r"""The members of a chain of relations, left to right.

    ``a = b = c ≈ d`` gives ``[a, b, c, d]``; one expression gives ``[expr]``;
    a chain opening with a relation (``= \int …`` continuing a derivation,
    ``∝ t n L``) gives the members after it. Members written in words only
    (``\text{RNN}_{\text{time}} \propto l^2 n t``) are dropped; words mixed
    into maths are an error.

    Example:
        >>> parse_chain("y_1 = x_1 = d + b")
        [y[1], x[1], b + d]

    Raises:
        MathParseError: the text is not maths the reader can read.
    """
    chain, _ = _prepare(text, notation)
    members = [m for m in chain[::2] if m is not None]
    kept = [m for m in members if not _is_prose(m)]
    if not kept:
        raise MathParseError("only words, no maths", text, None)
    for member in kept:
        _check_no_prose(member, text)
    return kept


def parse_math(text: str, notation: Notation | None = None) -> sympy.Basic:
    r"""One expression or relation as a sympy object.

    ``a = b`` (also ``≈`` and ``:=``) is ``Eq(a, b, evaluate=False)``; ``a ∝ b``
    is ``Proportional(a, b)``; ``≤ ≥ < > ≪ ≫ ≠`` are sympy relationals; a
    longer chain ``a = b = c`` is ``And(Eq(a, b), Eq(b, c))``. A relation with
    nothing on its left (``∝ t × n × l``) gives just its right-hand side.

    Example:
        >>> from grader.notation import Notation
        >>> parse_math("O(Ln^2t)", Notation(("t", "n", "L")))
        BigO(L*n**2*t)

    Raises:
        MathParseError: the text is not maths the reader can read, uses words
            inside maths, or goes over a size limit.
    """
    chain, _ = _prepare(text, notation)
    for member in chain[::2]:
        _check_no_prose(member, text)
    try:
        if chain[0] is None:
            if len(chain) != 3:
                raise MathParseError("a chain that opens with a relation", text, None)
            return chain[2]
        if len(chain) == 1:
            return chain[0]
        relations = [relation(op, left, right)
                     for left, op, right in zip(chain[0::2], chain[1::2], chain[2::2],
                                                strict=False)]
        if len(relations) == 1:
            return relations[0]
        if not all(isinstance(r, sympy.core.relational.Relational) for r in relations):
            raise MathParseError("a chain mixing ∝ with other relations: use parse_chain",
                                 text, None)
        return sympy.And(*relations, evaluate=False)
    except MathParseError as exc:
        raise MathParseError(exc.message, text, exc.offset) from None
    except (TypeError, ValueError) as exc:
        raise _build_error(exc, text) from None
