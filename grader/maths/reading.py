r"""``parse``: one answer's text → a typed maths value, through ``grader.mathread``.

The maths reader (our lark grammar → sympy) reads expressions and relations.
This module adds the answer-level forms around it, decided on the whole text
before the reader sees it: number formats written for people (``7,425,000``,
``1 000``, ``.4``, ``5.1e-2``, ``28\%``), ``±``, intervals and unions
(``[0, 1) \cup \{2\}``), finite sets, tuples and lists, ``x \in S``. It never
reads a fragment: the whole text is read or ``MathParseError`` names what was not.

After reading, ``e`` is Euler's number and ``|x|`` an absolute value unless
the notation declares ``e`` or says ``x`` is a vector.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import sympy

from grader.mathread import MathParseError, parse_chain, parse_math
from grader.maths.chains import after_reading, spelled
from grader.maths.limits import read_limit
from grader.maths.matrices import read_matrix
from grader.maths.spelling import bound_spelling
from grader.notation import Notation

MAX_PLUS_MINUS = 3
"""Most ``±`` signs expanded in one answer (each doubles the readings)."""

MAX_ITEMS = 50
"""Most members of a set, tuple or list."""

KINDS = ("expression", "relation", "set", "tuple", "list", "pair", "bound", "matrix")


@dataclass(frozen=True)
class Parsed:
    """One answer, read.

    ``kind`` is one of ``KINDS``. ``value`` is a sympy object: an expression, a
    relation (``Eq``, ``Lt``… or ``And`` of them), a set (``Interval``,
    ``Union``, ``FiniteSet``), a ``Tuple`` (for tuple, list and pair; a pair
    ``(a, b)`` may also be an open interval). ``percent`` marks ``28 %``;
    ``digits`` is the most significant digits of a decimal written
    (``None`` when the answer is exact).
    """

    kind: str
    value: sympy.Basic
    text: str
    percent: bool = False
    digits: int | None = None
    members: tuple[Parsed, ...] = field(default=(), repr=False)

    @classmethod
    def of(cls, expr: sympy.Basic, kind: str = "expression") -> Parsed:
        """A sympy expression already built (by a checker or a reference module) as read;
        ``kind="bound"`` for a function compared by its order of growth."""
        return cls(kind, expr, "")


# ---------------------------------------------------------------- numbers

_PERCENT = re.compile(r"\s*(?:\\%|%|\\text\{\s*\\?%\s*\}|\s(?:percent|pct))\s*$")
_DECIMAL = re.compile(r"(?<![\w.])(\d*)\.(\d+)")
_DELIMITERS = re.compile(r"^\s*(?:\$\$|\$|\\\[|\\\()?\s*(.*?)\s*(?:\$\$|\$|\\\]|\\\))?\s*$", re.S)
_BOXED = re.compile(r"^\\boxed\s*\{(.*)\}$", re.S)
_EMPTY_SET = re.compile(r"\s*(?:\\emptyset|\\varnothing|∅|\{\s*\}|\\\{\s*\\\})\s*")


def significant_digits(text: str) -> int | None:
    """The most significant digits among the decimals written in ``text``."""
    counts = []
    for whole, frac in _DECIMAL.findall(text):
        digits = (whole + frac).lstrip("0")
        counts.append(max(1, len(digits)))
    return max(counts) if counts else None


# ---------------------------------------------------------------- structure

_SIZING = re.compile(r"\\(?:left|right|big|Big|bigg|Bigg)(?![A-Za-z])\s*")
_UNION = re.compile(r"\\cup(?![A-Za-z])|∪"
                    r"|(?<=[\]}])\s*U\s*(?=[(\[{\\])|(?<=[)\]}])\s*U\s*(?=[\[{\\])"
                    r"|(?<=[\]}]\))\s*U\s*(?=\([\[{\\])")
"""``\\cup``, ``∪``, and ``U`` between bracketed sets, one not in parentheses
(``[0, 1] U (2, 3)``, as typed; ``(a) U (b)`` stays a product)."""
_INTERSECTION = re.compile(r"\\cap(?![A-Za-z])|∩")
_DIFFERENCE = re.compile(r"\\setminus(?![A-Za-z])|∖")
_SET_OPERATORS = (_UNION, _DIFFERENCE, _INTERSECTION)
_MEMBER = re.compile(r"^\s*([A-Za-z](?:_\{?\w+\}?)?)\s*(?:\\in(?![A-Za-z])|∈)\s*(.+)$", re.S)
_NOT_MEMBER = re.compile(r"^\s*([A-Za-z](?:_\{?\w+\}?)?)\s*(?:\\notin(?![A-Za-z])|∉)\s*(.+)$",
                         re.S)
_PLUS_MINUS = re.compile(r"\\pm(?![A-Za-z])|±")
_OPEN = "([{"
_CLOSE = ")]}"


def _top_level_split(text: str, separator: str) -> list[str]:
    """``text`` split at ``separator`` characters outside any bracket."""
    parts, depth, start = [], 0, 0
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text) and text[i + 1] in "{}":
            depth += 1 if text[i + 1] == "{" else -1
            i += 2
            continue
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth -= 1
        elif ch == separator and depth == 0:
            parts.append(text[start:i])
            start = i + 1
        i += 1
    parts.append(text[start:])
    return parts


def _outer_brackets(text: str) -> tuple[str, str, str] | None:
    """``(open, inner, close)`` when one bracket pair encloses all of ``text``."""
    if text.startswith("\\{") and text.endswith("\\}"):
        return "{", text[2:-2], "}"
    if text.startswith("{") and text.endswith("}") and _top_level_split(text[1:-1], ",")[1:]:
        return "{", text[1:-1], "}"  # {1, 3}: a set written without backslashes
    if len(text) < 2 or text[0] not in "([" or text[-1] not in ")]":
        return None
    depth = 0
    for i, ch in enumerate(text):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth -= 1
            if depth == 0 and i != len(text) - 1:
                return None
    return text[0], text[1:-1], text[-1]


def _plus_minus_readings(text: str) -> list[str]:
    """``1 ± √19`` → ``["1 + √19", "1 - √19"]``; text without ``±`` → ``[text]``."""
    count = len(_PLUS_MINUS.findall(text))
    if count == 0:
        return [text]
    if count > MAX_PLUS_MINUS:
        raise MathParseError(f"more than {MAX_PLUS_MINUS} ± signs", text, None)
    readings = [text]
    for _ in range(count):
        readings = [_PLUS_MINUS.sub(sign, r, count=1) for r in readings for sign in ("+", "-")]
    return readings


# ---------------------------------------------------------------- reading

@dataclass(frozen=True)
class _Context:
    notation: Notation | None
    vectors: frozenset[str]


def _read_one(text: str, ctx: _Context) -> sympy.Basic:
    return after_reading(parse_math(text, ctx.notation), ctx.notation, ctx.vectors)


def _read_value(text: str, ctx: _Context) -> Parsed:
    """An expression or relation, with ``±`` read as the set of its readings."""
    readings = _plus_minus_readings(text)
    values = [_read_one(r, ctx) for r in readings]
    if len(values) > 1:
        relations = [isinstance(v, sympy.core.relational.Relational | sympy.And) for v in values]
        if any(relations):
            if len(values) != 2 or not all(relations):
                raise MathParseError("more than one ± in a relation: which signs go together "
                                     "is unclear", text, None)
            return Parsed("relation", sympy.Or(*values, evaluate=False), text)  # x = 1 ± 2
        return Parsed("set", sympy.FiniteSet(*values), text)
    value = values[0]
    if (isinstance(value, sympy.And) and all(isinstance(a, sympy.Eq) for a in value.args)) \
            or (isinstance(value, sympy.Eq) and _APPROX.search(text) and "=" in text):
        value = _equality_chain(text, ctx)
    kind = "relation" if isinstance(value, sympy.core.relational.Relational | sympy.And) \
        else "tuple" if isinstance(value, sympy.Tuple) else "expression"
    return Parsed(kind, value, text)


_APPROX = re.compile(r"\\approx(?![A-Za-z])|≈|\\simeq(?![A-Za-z])")


def _equality_chain(text: str, ctx: _Context) -> sympy.Basic:
    """``x = 5 + 5 + 1 = 11`` says ``x = 11``: the first member equals the last.

    An approximation after an exact value (``x = 1/3 ≈ 0.33``) is a remark on
    it: the chain ends before the first ``≈``. ``sympy.And`` sorts its
    arguments, so the chain is read again, in order.
    """
    approx = _APPROX.search(text)
    if approx:
        text = text[:approx.start()]
        if "=" not in text:
            raise MathParseError("a chain of approximations: which member is the answer "
                                 "is unclear", text, None)
    members = [after_reading(m, ctx.notation, ctx.vectors)
               for m in parse_chain(text, ctx.notation)]
    return sympy.Eq(members[0], members[-1], evaluate=False)


def _read_bracketed(text: str, ctx: _Context) -> Parsed | None:
    """Intervals, finite sets, tuples and pairs written with brackets, or None."""
    outer = _outer_brackets(text)
    if outer is None:
        return None
    opening, inner, closing = outer
    items = _top_level_split(inner, ",")
    if len(items) == 1:
        items = _top_level_split(inner, ";")  # (0; -2; 6): semicolons where commas are decimal
    if len(items) > MAX_ITEMS:
        raise MathParseError(f"more than {MAX_ITEMS} items", text, None)
    if opening == "{":
        members = [_read_value(item.strip(), ctx) for item in items if item.strip()]
        elements: list[sympy.Basic] = []
        for m in members:
            elements.extend(m.value.args if m.kind == "set" else [m.value])
        return Parsed("set", sympy.FiniteSet(*elements), text)
    if len(items) < 2:
        return None
    values = [_read_one(item.strip(), ctx) for item in items]
    if len(values) == 2 and (opening, closing) != ("(", ")"):
        if opening == "[" and closing == "]":
            return Parsed("tuple", sympy.Tuple(*values), text, members=(
                Parsed("set", _interval(values, opening, closing), text),))
        return Parsed("set", _interval(values, opening, closing), text)
    if len(values) == 2:
        return Parsed("pair", sympy.Tuple(*values), text)
    return Parsed("tuple", sympy.Tuple(*values), text)


def _interval(values: list[sympy.Basic], opening: str, closing: str) -> sympy.Basic:
    lo, hi = values
    if not (isinstance(lo, sympy.Expr) and isinstance(hi, sympy.Expr)):
        raise MathParseError("an interval needs two numbers")
    if lo.free_symbols or hi.free_symbols:
        return sympy.Interval(lo, hi, opening == "(", closing == ")")
    try:
        if bool(lo > hi):
            raise MathParseError(f"the interval ({lo}, {hi}) is empty: its ends are reversed")
    except TypeError:
        pass
    return sympy.Interval(lo, hi, opening == "(" or lo == -sympy.oo,
                          closing == ")" or hi == sympy.oo)


def _read_set_union(text: str, ctx: _Context) -> Parsed | None:
    if not any(op.search(text) for op in _SET_OPERATORS):
        return None
    return Parsed("set", _set_expression(text, ctx), text)


def _set_expression(text: str, ctx: _Context) -> sympy.Basic:
    """Sets joined by ``∪`` (loosest), ``\\setminus`` (left to right), then ``∩``;
    brackets group (``({1, 2} ∪ {3, 4}) ∩ {2, 3}``)."""
    union, difference, intersection = (_split_words(text, op) for op in _SET_OPERATORS)
    if len(union) > 1:
        return sympy.Union(*(_set_expression(p, ctx) for p in union))
    if len(difference) > 1:
        result = _set_expression(difference[0], ctx)
        for part in difference[1:]:
            result = sympy.Complement(result, _set_expression(part, ctx))
        return result
    if len(intersection) > 1:
        return sympy.Intersection(*(_set_expression(p, ctx) for p in intersection))
    operand = _set_operand(text.strip())
    if any(op.search(operand) for op in _SET_OPERATORS):
        return _set_expression(operand, ctx)
    read = _read_bracketed(operand, ctx)
    if read is None:
        raise MathParseError(f"cannot read {text.strip()!r} as a set", text, None)
    return _as_set(read)


def _set_operand(text: str) -> str:
    """One operand of ``∪``/``∩`` without grouping parentheses (``({1, 2})``), and a
    one-member set in plain braces (``{1}``: a group in LaTeX, a set next to ``∪``)."""
    grouped = _grouping_parentheses(text)
    text = grouped if grouped is not None else text
    if re.fullmatch(r"\{[^{},]+\}", text):
        return "\\" + text[:-1] + "\\}"
    return text


def _as_set(read: Parsed) -> sympy.Basic:
    if read.kind == "set":
        return read.value
    if read.kind == "pair":
        return sympy.Interval.open(*read.value.args)
    if read.kind == "tuple" and read.members:
        return read.members[0].value
    raise MathParseError(f"{read.text!r} is not a set")


def _read_logic(text: str, ctx: _Context) -> Parsed | None:
    """``x = 2 or x = -2``, ``x > 1 and x < 5``: relations joined by words, ``and``
    binding tighter than ``or``; None when the text has no such word at top level."""
    alternatives = _split_words(text, _OR)
    if len(alternatives) == 1 and len(_split_words(text, _AND)) == 1 \
            and not _NOT.match(text) and _inside_parentheses(text) is None:
        return None
    joined = []
    for alternative in alternatives:
        parts = [_read_logic_operand(p.strip(), ctx) for p in _split_words(alternative, _AND)]
        if any(p.kind != "relation" for p in parts):
            raise MathParseError("'and' and 'or' join relations, not values", text, None)
        joined.append(sympy.And(*(p.value for p in parts), evaluate=False)
                      if len(parts) > 1 else parts[0].value)
    value = sympy.Or(*joined, evaluate=False) if len(joined) > 1 else joined[0]
    return Parsed("relation", value, text)


def _read_logic_operand(text: str, ctx: _Context) -> Parsed:
    """One operand of ``and``/``or``: ``not …``, a bracketed combination
    ``(x < 0 or x ≥ 1)``, or a relation."""
    negated = _NOT.match(text)
    if negated:
        inner = _read_logic_operand(text[negated.end():].strip(), ctx)
        if inner.kind != "relation":
            raise MathParseError("'not' applies to relations, not values", text, None)
        return Parsed("relation", sympy.Not(inner.value), text)
    inner_text = _inside_parentheses(text)
    if inner_text is not None:
        logic = _read_logic(inner_text, ctx)
        if logic is not None:
            return logic
    outer = _outer_brackets(text)
    if outer is not None and outer[0] == "(" and _RELATION_SIGN.search(outer[1]):
        return _read_logic_operand(outer[1].strip(), ctx)  # (1 ≤ x ≤ 2) or x = 0
    return _read_value(text, ctx)


_RELATION_SIGN = re.compile(r"[<>=≤≥≠]|\\(?:le|ge|leq|geq|lt|gt|ne|neq)(?![A-Za-z])")


def _inside_parentheses(text: str) -> str | None:
    """``a or b`` for ``(a or b)`` when the outer parentheses enclose a combination
    of relations; None otherwise (``(1, 2)`` is a pair, not a grouping)."""
    if len(text) < 2 or text[0] != "(" or text[-1] != ")":
        return None
    depth = 0
    for i, ch in enumerate(text):
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0 and i < len(text) - 1:
            return None  # (a) + (b): the first bracket closes early
    inner = text[1:-1]
    words = len(_split_words(inner, _OR)) + len(_split_words(inner, _AND))
    return inner if words > 2 or _NOT.match(inner.strip()) else None


_OR = re.compile(r"\s+or\s+|\\lor(?![A-Za-z])|\\vee(?![A-Za-z])|∨|\\text\{\s*or\s*\}")
_NOT = re.compile(r"not\b\s*|\\neg(?![A-Za-z])\s*|\\lnot(?![A-Za-z])\s*|¬\s*")
_AND = re.compile(r"\s+and\s+|\\land(?![A-Za-z])|\\wedge(?![A-Za-z])|∧|\\text\{\s*and\s*\}")


def _split_words(text: str, word: re.Pattern[str]) -> list[str]:
    """``text`` split at ``word`` where it stands outside every bracket."""
    parts, start, depth = [], 0, 0
    for i, ch in enumerate(text):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth -= 1
        elif depth == 0 and i >= start:
            m = word.match(text, i)
            if m and m.end() > i:
                parts.append(text[start:i])
                start = m.end()
    parts.append(text[start:])
    return parts


_LAST_AND = re.compile(r",\s*(?:\\text\{\s*and\s*\}|and\s)\s*")


def _read_structure(text: str, ctx: _Context) -> Parsed:
    text = _LAST_AND.sub(", ", text)  # 19, 46, and 82: a list, not a conjunction
    if _EMPTY_SET.fullmatch(text):
        return Parsed("set", sympy.FiniteSet(), text)
    grouped = _grouping_parentheses(text)
    if grouped is not None:
        return _read_structure(grouped, ctx)
    matrix = read_matrix(text, lambda entry: _read_one(entry, ctx))
    if matrix is not None:
        return Parsed("matrix", matrix, text)
    limit = read_limit(text, lambda part: _read_one(part, ctx), lambda body: _read_value(body, ctx))
    if limit is not None:
        return limit
    logic = _read_logic(text, ctx)
    if logic is not None:
        return logic
    outside = _NOT_MEMBER.match(text)
    if outside:
        variable = _read_one(outside.group(1), ctx)
        target = _read_structure(outside.group(2).strip(), ctx)
        return Parsed("relation", sympy.Not(sympy.Contains(variable, _as_set(target),
                                                           evaluate=False)), text)
    member = _MEMBER.match(text)  # x ∈ A ∪ B: membership binds loosest
    if member:
        variable = _read_one(member.group(1), ctx)
        target = _read_structure(member.group(2).strip(), ctx)
        return Parsed("relation", sympy.Contains(variable, _as_set(target), evaluate=False),
                      text)
    union = _read_set_union(text, ctx)
    if union is not None:
        return union
    bracketed = _read_bracketed(text, ctx)
    if bracketed is not None:
        return bracketed
    items = _top_level_split(text, ",")
    if len(items) == 1:
        items = _top_level_split(text, ";")  # -12; -11; -10: a list with semicolons
    if len(items) > 1:
        if len(items) > MAX_ITEMS:
            raise MathParseError(f"more than {MAX_ITEMS} items", text, None)
        return Parsed("list", sympy.Tuple(*(_read_one(i.strip(), ctx) for i in items)),
                      text)
    return _read_value(text, ctx)


def _grouping_parentheses(text: str) -> str | None:
    """``[1, 2]`` for ``([1, 2])`` and ``\\{1, 2\\}`` for ``(\\{1, 2\\})``: parentheses
    around one bracketed answer only group it (``((1, 2))`` stays a pair inside)."""
    outer = _outer_brackets(text)
    if outer is None or outer[0] != "(" or outer[2] != ")":
        return None
    inner = outer[1].strip()
    if any(op.search(inner) for op in _SET_OPERATORS) and _inside_parentheses(text) is None:
        return inner  # ([1, 2] ∪ {3}): a grouped union
    if inner[:1] not in ("[", "{", "\\") or _outer_brackets(inner) is None:
        return None
    return inner


def unwrap(text: str) -> str:
    """The maths inside ``$…$``, ``\\[…\\]``, ``\\(…\\)`` and ``\\boxed{…}``."""
    m = _DELIMITERS.match(text)
    text = m.group(1) if m else text.strip()
    boxed = _BOXED.match(text)
    if boxed:
        text = boxed.group(1).strip()
    return _SIZING.sub("", text).strip()


def parse(text: str, notation: Notation | None = None, *, mode: str = "expression",
          vectors: frozenset[str] = frozenset()) -> Parsed:
    r"""Read one answer.

    Example:
        >>> parse(r"x \in [-2, 7]").value
        Contains(x, Interval(-2, 7))
        >>> parse("7,425,000").value
        7425000

    Raises:
        MathParseError: the text, all of it, is not maths the reader can read.
    """
    if not isinstance(text, str):
        raise MathParseError(f"expected text, got {type(text).__name__}")
    body = unwrap(text)
    if not body:
        raise MathParseError("there is no maths to read", text, None)
    percent = bool(_PERCENT.search(body))
    if percent:
        body = _PERCENT.sub("", body)
    if mode == "bound":
        body = bound_spelling(body)
    body = spelled(body, notation)
    read = _read_structure(body, _Context(notation, frozenset(vectors)))
    digits = significant_digits(body)
    kind = "bound" if mode == "bound" and read.kind == "expression" else read.kind
    return Parsed(kind, read.value, text, percent, digits, read.members)
