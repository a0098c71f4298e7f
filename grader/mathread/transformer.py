"""Turn a parse tree of ``grammar.lark`` into sympy objects.

Every sympy object is built here from tree nodes: numbers from digit strings
via Python's ``int``/``float``, names via ``sympy.Symbol(name)``, operators via
sympy classes. No student text ever reaches a sympy string parser.

Naming decisions (documented once, here):

* Greek letters are ``Symbol``s named by their word: ``\\beta`` and ``β`` are
  both ``Symbol("beta")``; ``\\ell``/``ℓ`` is ``Symbol("ell")``. ``\\pi`` is
  ``sympy.pi``, ``\\infty`` is ``sympy.oo``. ``e`` stays a symbol.
* Every identifier passes through ``notation.canonical``; a Greek word is also
  tried in its Unicode spelling, so an alias ``ℓ → L`` applies to ``\\ell``.
  Function names never pass through it.
* ``x_i``, ``X_{2i-1}``, ``H_0`` are ``Indexed(IndexedBase(x), index)``;
  ``w_{ij}`` (a run of two or three lower-case letters no notation knows) is
  ``Indexed(w, i, j)``.
* ``p_θ(x|z)`` and ``q_φ(z|x)`` fold to ``Prob(p, …)``/``Prob(q, …)``: the
  parameters do not matter to the identity checker.
* ``≈``, ``:=`` and ``=`` all become ``Eq(a, b, evaluate=False)``; ``∝``
  becomes ``Proportional(a, b)``; ``≪``/``≫`` become ``Lt``/``Gt``.
* ``⟨a, b⟩`` is ``Transpose(a)·b``, so it equals ``aᵀb`` written the other way.
* ``\\text{…}`` words are ``ProseWord`` symbols; ``parse_math`` refuses them.
* ``…`` is ``Dots()`` in a list; inside a sum (``a + … + b``) it is the symbol
  ``…``, which a checker sees as an undefined name.
"""

from __future__ import annotations

from typing import Any

import sympy
from lark import Token, Transformer

from grader.mathread import limits
from grader.mathread.errors import MathParseError
from grader.mathread.normalise import GREEK, known_names
from grader.mathread.objects import (
    KL,
    BigO,
    BigOmega,
    BigTheta,
    Dots,
    Expect,
    Family,
    Norm,
    Outer,
    Prob,
    Proportional,
    QuantityName,
    SumOver,
    Transpose,
)
from grader.notation import Notation

sigmoid = sympy.Function("sigmoid")
softmax = sympy.Function("softmax")
relu = sympy.Function("relu")
Diag = sympy.Function("Diag")

def _factorial(value: sympy.Expr) -> sympy.Expr:
    """``factorial(n)`` in plain text, bounded like ``n!``."""
    limits.check_factorial_argument(value)
    return sympy.factorial(value)


def _log2(value: sympy.Expr) -> sympy.Expr:
    return sympy.log(value, 2)


_ONE_ARG: dict[str, Any] = {
    "log": sympy.log, "ln": sympy.log, "lg": _log2, "exp": sympy.exp, "sigmoid": sigmoid,
    "softmax": softmax, "tanh": sympy.tanh, "sinh": sympy.sinh, "cosh": sympy.cosh,
    "diag": Diag, "relu": relu, "sin": sympy.sin, "cos": sympy.cos, "tan": sympy.tan,
    "sec": sympy.sec, "csc": sympy.csc, "cot": sympy.cot, "arcsin": sympy.asin,
    "arccos": sympy.acos, "arctan": sympy.atan, "abs": sympy.Abs, "floor": sympy.floor,
    "ceil": sympy.ceiling, "factorial": _factorial,
    "sech": sympy.sech, "csch": sympy.csch, "coth": sympy.coth, "arcsinh": sympy.asinh,
    "arccosh": sympy.acosh, "arctanh": sympy.atanh,
}
# sin^{-1} x is arcsin x, not 1/sin x
_INVERSE = {"sin": "arcsin", "cos": "arccos", "tan": "arctan", "sinh": "arcsinh",
            "cosh": "arccosh", "tanh": "arctanh"}
def _binomial(*args: sympy.Expr) -> sympy.Expr:
    """``binomial(n, k)`` in plain text, bounded like ``\\binom``."""
    if len(args) != 2:
        raise MathParseError(f"binomial takes two arguments, not {len(args)}")
    for arg in args:
        limits.check_factorial_argument(arg, "binomial")
    return sympy.binomial(*args)


_MANY_ARGS: dict[str, Any] = {"max": sympy.Max, "min": sympy.Min, "binomial": _binomial}
_RELATIONS: dict[str, Any] = {
    "=": sympy.Eq, ":=": sympy.Eq, r"\approx": sympy.Eq, "<": sympy.Lt, ">": sympy.Gt,
    r"\le": sympy.Le, r"\ge": sympy.Ge, r"\ll": sympy.Lt, r"\gg": sympy.Gt,
    r"\ne": sympy.Ne, r"\propto": Proportional, r"\sim": sympy.Eq,
}
# ``y_1 ~ x_1`` in plain text means "approximately"; in a subscript
# (``E_{z \sim q}``) the transformer reads it as "distributed as" instead.
MEMBERSHIP = r"\in"
_BIG_O = {r"\bigO": BigO, r"\bigTheta": BigTheta, r"\bigOmega": BigOmega}
ELLIPSIS_SYMBOL = sympy.Symbol("…")


class ProseWord(sympy.Symbol):
    """A word written with ``\\text{…}`` inside maths (``\\text{RNN}_{\\text{time}}``)."""


class _Sub:
    """A subscript, waiting for the atom it belongs to."""

    def __init__(self, value: sympy.Basic, sim: sympy.Basic | None = None,
                 condition: sympy.Basic | None = None) -> None:
        self.value = value
        self.sim = sim  # for E_{z ~ q(z|x)}: the variable before ~
        self.condition = condition  # for \sum_{i<j}: the condition, value is None


class _Sup:
    def __init__(self, value: sympy.Basic) -> None:
        self.value = value


class _Transpose:
    pass


class _Factorial:
    pass


class MathTransformer(Transformer):
    """Build sympy objects bottom-up; one method per grammar rule or alias."""

    def __init__(self, notation: Notation | None = None) -> None:
        super().__init__(visit_tokens=False)
        self.notation = notation
        self.known = known_names(notation)

    # ------------------------------------------------------------ identifiers
    def canonical(self, name: str) -> str:
        """The assignment's name for identifier ``name``."""
        if self.notation is None:
            return name
        out = self.notation.canonical(name)
        if out == name and name in GREEK:
            unicode = GREEK[name]
            via_unicode = self.notation.canonical(unicode)
            if via_unicode != unicode:
                out = via_unicode
        return out

    def symbol(self, name: str) -> sympy.Symbol:
        return sympy.Symbol(self.canonical(name))

    def name(self, items: list[Token]) -> sympy.Basic:
        return self.symbol(str(items[0]))

    def greek(self, items: list[Token]) -> sympy.Basic:
        word = str(items[0])[1:]
        if word == "pi" and self.canonical("pi") == "pi":
            return sympy.pi
        return self.symbol(word)

    def number(self, items: list[Token]) -> sympy.Basic:
        return _number(str(items[0]))

    def infinity(self, items: list[Token]) -> sympy.Basic:
        return sympy.oo

    def text(self, items: list[Token]) -> sympy.Basic:
        words = str(items[0])[len("\\text{"):-1].strip()
        return ProseWord(words or "text")

    def quantity(self, items: list[Token]) -> sympy.Basic:
        return QuantityName(str(items[0])[len("\\quantity{"):-1])

    def dots(self, items: list[Token]) -> sympy.Basic:
        return Dots()

    # ------------------------------------------------------------ structure
    def chain(self, items: list[Any]) -> list[Any]:
        return list(items)

    def open_chain(self, items: list[Any]) -> list[Any]:
        return [None, *items]  # "∝ t n L": a relation with nothing on its left

    def group(self, items: list[Any]) -> sympy.Basic:
        return items[0]

    def tuple(self, items: list[Any]) -> sympy.Basic:
        return sympy.Tuple(*items[0])

    def items(self, items: list[Any]) -> list[Any]:
        return list(items)

    def sum(self, items: list[Any]) -> sympy.Basic:
        terms = [_expr(items[0])]
        for op, term in zip(items[1::2], items[2::2], strict=True):
            term = _expr(term)
            terms.append(-term if str(op) == "-" else term)
        return sympy.Add(*terms)

    def product(self, items: list[Any]) -> sympy.Basic:
        result = _expr(items[0])
        for op, factor in zip(items[1::2], items[2::2], strict=True):
            if str(op) == "/":
                result = _divide(result, factor)
            elif str(op) == r"\otimes":
                result = Outer(result, _expr(factor))
            else:
                result = _multiply(result, factor)
        return result

    def big_product(self, items: list[Any]) -> sympy.Basic:
        result: sympy.Basic = sympy.Integer(1)
        negate = False
        pending_divide = False
        for item in items:
            if isinstance(item, Token):
                if item.type == "ADDOP":
                    negate = str(item) == "-"
                elif item.type == "MULOP":
                    pending_divide = str(item) == "/"
                continue
            result = _divide(result, item) if pending_divide else _multiply(result, item)
            pending_divide = False
        return -result if negate else result

    def big_tail(self, items: list[Any]) -> sympy.Basic:
        return self.big_product(items)  # [sign] [implicit] bigop: the same fold

    def signed(self, items: list[Any]) -> sympy.Basic:
        value = _expr(items[1])
        return -value if str(items[0]) == "-" else value

    def implicit(self, items: list[Any]) -> sympy.Basic:
        result = _expr(items[0])
        for item in items[1:]:
            result = _multiply(result, item)
        return result

    # ------------------------------------------------------------ postfix
    def sub(self, items: list[Any]) -> _Sub:
        return items[0]

    def sup(self, items: list[Any]) -> _Sup:
        return _Sup(items[0])

    def transpose(self, items: list[Any]) -> _Transpose:
        return _Transpose()

    def factorial(self, items: list[Any]) -> _Factorial:
        return _Factorial()

    def subarg(self, items: list[Any]) -> _Sub:
        item = items[0]
        if isinstance(item, Token):
            if item.type == "NAME":
                return _Sub(self._index_run(str(item)))
            if item.type == "NUMBER":
                return _Sub(_number(str(item)))
            if item.type == "GREEK":
                return _Sub(self.greek([item]))
            return _Sub(self.text([item]))
        if isinstance(item, list):  # a chain inside braces: i=1, z \sim q, i<j
            if len(item) == 3 and str(item[1]) == r"\sim":
                return _Sub(item[2], sim=item[0])
            if len(item) > 1 and not (len(item) == 3 and str(item[1]) in {"=", ":="}):
                return _Sub(None, condition=_condition(item))
            item = _chain_value(item)
        if type(item) is sympy.Symbol:  # w_{ij}: the same rule as w_ij
            return _Sub(self._index_run(item.name))
        return _Sub(item)

    def sub_list(self, items: list[Any]) -> _Sub:
        r"""``x_{i,j}`` (two indices) or ``\sum_{i \ne a,b}`` (i ≠ a and i ≠ b)."""
        chain, rest = items[0], [_expr(r) for r in items[1:]]
        if len(chain) == 1:
            return _Sub(sympy.Tuple(_expr(chain[0]), *rest))
        if len(chain) == 3 and str(chain[1]) == r"\ne":
            variable = _expr(chain[0])
            return _Sub(None, condition=sympy.And(
                *(sympy.Ne(variable, other, evaluate=False)
              for other in [_expr(chain[2]), *rest]), evaluate=False))
        raise MathParseError("cannot read this subscript")

    def family(self, items: list[Any]) -> sympy.Basic:
        """``√2 x_i x_j (i<j)`` in a list: the entry for every (i, j) with i < j."""
        entry = _expr(items[0])
        condition = _condition(items[-1])
        return Family(entry, _bound_indices(entry, condition), condition)

    def suparg(self, items: list[Any]) -> sympy.Basic:
        item = items[0]
        if isinstance(item, Token):
            if item.type == "NUMBER":
                return _number(str(item))
            if item.type == "NAME":
                return self.symbol(str(item))
            if item.type == "GREEK":
                return self.greek([item])
            return sympy.oo
        return item

    def sup_call(self, items: list[Any]) -> sympy.Basic:
        """``y^\\log(x)``: a function call as an exponent, without braces."""
        return _apply(str(items[0])[1:], [_expr(items[1])], None)

    def signed_number(self, items: list[Token]) -> sympy.Basic:
        value = _number(str(items[1]))
        return -value if str(items[0]) == "-" else value

    def _index_run(self, run: str) -> sympy.Basic:
        # w_ij: two or three lower-case letters no notation knows are two indices
        if 2 <= len(run) <= 3 and run.islower() and run not in self.known:
            return sympy.Tuple(*(self.symbol(c) for c in run))
        return self.symbol(run)

    def postfix(self, items: list[Any]) -> sympy.Basic:
        base = items[0]
        ops = items[1:]
        subs = [op for op in ops if isinstance(op, _Sub)]
        sups = [op for op in ops if isinstance(op, _Sup | _Transpose)]
        if len(subs) > 1:
            raise MathParseError("double subscript: write x_{ij} or x_{i,j}")
        if len(sups) > 1:
            raise MathParseError("double superscript: write x^{ab} or (x^a)^b")
        if subs:
            if subs[0].condition is not None:
                raise MathParseError("a condition can only be the subscript of a sum")
            base = _subscript(base, subs[0].value)
        for op in ops:
            if isinstance(op, _Sup):
                base = _power(base, op.value)
            elif isinstance(op, _Transpose):
                # [1, x_1, …, x_D]^T: a list written as a column is just the list
                base = base if isinstance(base, sympy.Tuple) else Transpose(_expr(base))
            elif isinstance(op, _Factorial):
                value = _expr(base)
                limits.check_factorial_argument(value)
                base = sympy.factorial(value)
        return base

    postfix_nf = postfix

    # ------------------------------------------------------------ constructs
    def frac(self, items: list[Any]) -> sympy.Basic:
        return _divide(items[1], items[2])

    def fracarg(self, items: list[Any]) -> sympy.Basic:
        return self._simple_arg(items[0])

    sqrtarg = fracarg

    def _simple_arg(self, item: Any) -> sympy.Basic:
        if isinstance(item, Token):
            if item.type == "NUMBER":
                return _number(str(item))
            if item.type == "NAME":
                return self.symbol(str(item))
            return self.greek([item])
        return _expr(item)

    def sqrt(self, items: list[Any]) -> sympy.Basic:
        body = _expr(items[-1])
        if len(items) == 3:
            root = _expr(items[1])
            limits.check_power(body, 1 / root if root != 0 else root)
            return sympy.root(body, root)
        return sympy.sqrt(body)

    def binom(self, items: list[Any]) -> sympy.Basic:
        values = [_expr(i) for i in items if not isinstance(i, Token)]
        n, k = values
        limits.check_factorial_argument(n, "binomial")
        limits.check_factorial_argument(k, "binomial")
        return sympy.binomial(n, k)

    def fsub(self, items: list[Any]) -> _Sub:
        return items[0]

    def call(self, items: list[Any]) -> sympy.Basic:
        name = str(items[0])[1:]
        if any(isinstance(i, _Sub) and i.condition is not None for i in items[1:]):
            raise MathParseError(f"\\{name} over a condition is not an expression")
        args = [i for i in items[1:] if not isinstance(i, _Sub)]
        base = next((i.value for i in items[1:] if isinstance(i, _Sub)), None)
        return _apply(name, [_expr(a) for a in args], base)

    def bare_func(self, items: list[Any]) -> sympy.Basic:
        return self.call(items)

    def fbody(self, items: list[Any]) -> sympy.Basic:
        """The juxtaposed product a bare function takes: ``\\cos\\omega k`` → ωk."""
        return self.implicit(items)

    def apply(self, items: list[Any]) -> sympy.Basic:
        """``f(y)`` for a function the notation declares: an undefined sympy function."""
        name = str(items[0])[len("\\apply{"):-1]
        return sympy.Function(name)(*(_expr(a) for a in items[1:]))

    def func_power(self, items: list[Any]) -> sympy.Basic:
        r"""``\log^2 n`` is ``(\log n)^2``; ``\sin^{-1} x`` is ``\arcsin x``."""
        name, exponent, argument = str(items[0])[1:], _expr(items[1]), _expr(items[2])
        if exponent == -1 and name in _INVERSE:
            return _apply(_INVERSE[name], [argument], None)
        return _power(_apply(name, [argument], None), exponent)

    def bigo(self, items: list[Any]) -> sympy.Basic:
        return _BIG_O[str(items[0])](_expr(items[1]))

    def norm(self, items: list[Any]) -> sympy.Basic:
        return Norm(_expr(items[1]))

    def inner(self, items: list[Any]) -> sympy.Basic:
        return _multiply(Transpose(_expr(items[1])), items[2])

    def kl(self, items: list[Any]) -> sympy.Basic:
        sides = [i for i in items[1:] if not isinstance(i, Token)]
        return KL(_expr(sides[0]), _expr(sides[1]))

    def density(self, items: list[Any]) -> sympy.Basic:
        name = sympy.Symbol(str(items[1]))  # p_θ folds to p: see the module docstring
        groups = [i for i in items[2:] if isinstance(i, list)]
        outcome = groups[0]
        given = groups[1] if len(groups) > 1 else []
        return Prob(name, sympy.Tuple(*outcome), sympy.Tuple(*given))

    def dvars(self, items: list[Any]) -> list[sympy.Basic]:
        return [_expr(i) for i in items]

    def expect(self, items: list[Any]) -> sympy.Basic:
        body = _expr(items[-1])
        dist: sympy.Basic = sympy.S.EmptySet
        subs = [i for i in items[1:-1] if isinstance(i, _Sub)]
        if subs:
            dist = _distribution(subs[0].value)
        return Expect(dist, body)

    def ebody(self, items: list[Any]) -> sympy.Basic:
        return items[0]

    def integral(self, items: list[Any]) -> sympy.Basic:
        scripts: tuple[sympy.Basic | None, sympy.Basic | None] = items[1]
        body = next(i for i in items[2:] if not isinstance(i, Token))
        variable = self.symbol(str(items[-1]))
        lower, upper = scripts
        if lower is not None and upper is not None:
            return sympy.Integral(_expr(body), (variable, lower, upper))
        return sympy.Integral(_expr(body), variable)

    def bigscripts(self, items: list[Any]) -> tuple[Any, sympy.Basic | None]:
        lower = next((i.value if i.condition is None else i for i in items
                      if isinstance(i, _Sub)), None)
        upper = next((i for i in items if not isinstance(i, _Sub)), None)
        return lower, upper

    def bigscripts_swapped(self, items: list[Any]) -> tuple[Any, Any]:
        return self.bigscripts(items)

    def bigop(self, items: list[Any]) -> sympy.Basic:
        kind = str(items[0])[1:]
        lower, upper = items[1]
        body = _expr(items[2])
        cls = sympy.Sum if kind == "sum" else sympy.Product
        if isinstance(lower, _Sub):  # \sum_{i<j}, \sum_{1 \le i<j \le D}, \sum_{i \ne a,b}
            if kind != "sum" or upper is not None:
                raise MathParseError(f"cannot read the limits of \\{kind}")
            if body == 0:
                return sympy.Integer(0)  # a sum of zeros, whatever the index set
            return SumOver(body, _bound_indices(body, lower.condition), lower.condition)
        if lower is None:
            if upper is not None:
                raise MathParseError(f"\\{kind} has an upper limit but no index")
            # \sum a_i with no index: sum over the free indices, read as Σ_i
            indices = sorted({i for ix in body.atoms(sympy.Indexed) for i in ix.indices
                              if isinstance(i, sympy.Symbol)}, key=str)
            if len(indices) != 1:
                raise MathParseError(f"\\{kind} without an index (write \\{kind}_i)")
            return cls(body, (indices[0], -sympy.oo, sympy.oo))
        if isinstance(lower, sympy.Equality):
            variable, start = lower.lhs, lower.rhs
            if not isinstance(variable, sympy.Symbol):
                raise MathParseError(f"\\{kind} index must be a name, not {variable}")
            if upper is None:
                raise MathParseError(f"\\{kind}_{{{variable}={start}}} has no upper limit")
            return cls(body, (variable, start, upper))
        # \sum_j with no range: over every j, written as (j, -oo, oo); never evaluated here
        if isinstance(lower, sympy.Symbol):
            if upper is not None:
                raise MathParseError(f"\\{kind} with an upper limit needs a start: _{{i=1}}")
            return cls(body, (lower, -sympy.oo, sympy.oo))
        if isinstance(lower, sympy.Tuple):  # \sum_{ij}: a double sum
            return cls(body, *[(i, -sympy.oo, sympy.oo) for i in lower])
        raise MathParseError(f"cannot read the limits of \\{kind}")


# ---------------------------------------------------------------- helpers

def _number(digits: str) -> sympy.Basic:
    limits.check_number_literal(digits.replace(".", ""))
    if "." in digits:
        return sympy.Float(float(digits))
    return sympy.Integer(int(digits))


def _expr(value: Any) -> sympy.Expr:
    """``value`` as an arithmetic expression, or a clear error if it is not one."""
    if isinstance(value, list):
        raise MathParseError("a relation (=, <, ≈) cannot stand inside an expression")
    if isinstance(value, Dots):
        return ELLIPSIS_SYMBOL
    if isinstance(value, sympy.Tuple):
        raise MathParseError("a list or tuple cannot be used as a number")
    if not isinstance(value, sympy.Expr):
        raise MathParseError(f"cannot use {value} in arithmetic")
    return value


def _multiply(left: Any, right: Any) -> sympy.Expr:
    return sympy.Mul(_expr(left), _expr(right))


def _divide(left: Any, right: Any) -> sympy.Expr:
    denominator = _expr(right)
    if denominator == 0:
        raise MathParseError("division by zero")
    return sympy.Mul(_expr(left), sympy.Pow(denominator, -1))


def _power(base: Any, exponent: Any) -> sympy.Expr:
    base, exponent = _expr(base), _expr(exponent)
    limits.check_power(base, exponent)
    if base == 0 and isinstance(exponent, sympy.Number) and exponent.is_negative:
        raise MathParseError("division by zero")
    return sympy.Pow(base, exponent)


def _subscript(base: Any, index: sympy.Basic) -> sympy.Basic:
    if isinstance(base, ProseWord):  # \text{RNN}_{\text{time}}: still prose
        return ProseWord(f"{base.name}_{index}")
    if isinstance(index, sympy.Equality) or not isinstance(index, sympy.Expr | sympy.Tuple):
        raise MathParseError(f"cannot read the subscript {index}")
    indices = tuple(index) if isinstance(index, sympy.Tuple) else (index,)
    if isinstance(base, sympy.Symbol):
        return sympy.Indexed(sympy.IndexedBase(base.name), *indices)
    if isinstance(base, sympy.Integer):  # \mathbf{1}_L: a named vector of ones
        return sympy.Indexed(sympy.IndexedBase(str(base)), *indices)
    raise MathParseError(f"a subscript can follow a name, not {base}")


def _apply(name: str, args: list[sympy.Expr], base: sympy.Basic | None) -> sympy.Expr:
    if name in _MANY_ARGS:
        if base is not None:
            raise MathParseError(f"\\{name} with a subscript (an optimisation) is not an "
                                 "expression")
        return _MANY_ARGS[name](*args)
    if len(args) != 1:
        raise MathParseError(f"{name} takes one argument, not {len(args)}")
    if name in {"log", "ln"} and base is not None:
        return sympy.log(args[0], base)
    if base is not None:
        raise MathParseError(f"{name} cannot take a subscript")
    if name == "exp":
        limits.check_power(sympy.E, args[0])
    return _ONE_ARG[name](args[0])


def _distribution(value: sympy.Basic) -> sympy.Basic:
    """The ``Prob`` in ``E_{q(z|x)}``, ``E_{z∼q(z|x)}`` or ``E_q``."""
    if isinstance(value, Prob):
        return value
    if isinstance(value, sympy.Symbol) and value.name in {"p", "q"}:
        return Prob(value, sympy.Tuple(), sympy.Tuple())
    if isinstance(value, sympy.Indexed) and value.base.label.name in {"p", "q"}:
        return Prob(sympy.Symbol(value.base.label.name), sympy.Tuple(), sympy.Tuple())
    raise MathParseError(f"cannot read the distribution of the expectation: {value}")


def _condition(chain: list[Any]) -> sympy.Basic:
    r"""``1 \le i < j \le D`` as ``And(1 <= i, i < j, j <= D)`` (never evaluated)."""
    if not chain or chain[0] is None or len(chain) < 3:
        raise MathParseError("cannot read this condition")
    parts = []
    for left, op, right in zip(chain[0::2], chain[1::2], chain[2::2], strict=False):
        if str(op) not in {"<", ">", r"\le", r"\ge", r"\ne", r"\ll", r"\gg", "="}:
            raise MathParseError(f"cannot read the condition {op} in a subscript")
        parts.append(relation(op, left, right))
    if len(parts) == 1:
        return parts[0]
    return sympy.And(*parts, evaluate=False)


def _bound_indices(body: sympy.Basic, condition: sympy.Basic) -> sympy.Tuple:
    r"""The indices a condition ranges over: its names that index something in
    ``body`` (``i, j`` in ``x_i x_j (1 ≤ i < j ≤ D)``, not ``D``)."""
    names = condition.free_symbols
    used = {s for ix in body.atoms(sympy.Indexed) for index in ix.indices
            for s in index.free_symbols}
    bound = sorted(names & used, key=str) or sorted(
        (s for s in names if len(s.name) == 1 and s.name.islower()), key=str)
    if not bound:
        raise MathParseError("cannot tell which index the condition ranges over")
    return sympy.Tuple(*bound)


def _chain_value(chain: list[Any]) -> sympy.Basic:
    """A chain inside a subscript: ``i=1`` is ``Eq(i, 1)``; a lone expression is itself."""
    if chain and chain[0] is None:
        raise MathParseError("a subscript cannot start with a relation")
    if len(chain) == 1:
        return chain[0]
    if len(chain) == 3 and str(chain[1]) in {"=", ":="}:
        return sympy.Eq(_expr(chain[0]), _expr(chain[2]), evaluate=False)
    raise MathParseError("cannot read this subscript")


def relation(op: Token, left: Any, right: Any) -> sympy.Basic:
    """The sympy relation for ``left op right`` (never evaluated to True/False)."""
    cls = _RELATIONS[str(op)]
    if cls is Proportional:
        return Proportional(_expr(left), _expr(right))
    if cls is sympy.Eq:  # φ(q)ᵀ = [1, q_1, …]: a list may stand on either side
        return sympy.Eq(_side(left), _side(right), evaluate=False)
    return cls(_expr(left), _expr(right), evaluate=False)


def _side(value: Any) -> sympy.Basic:
    if isinstance(value, sympy.Tuple):
        return value
    return _expr(value)


