"""Turn a parse tree of ``grammar.lark`` into sympy objects (built in
:mod:`grader.mathread.building`).

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
* a density the notation declares (``notation.densities``), ``p_θ(x|z)``, folds
  to ``Prob(p, …)``: the parameters do not matter to the identity checker. A
  bare declared name in ``E_q[…]`` is the distribution ``Prob(q, (), ())``.
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
from grader.mathread.building import (
    BIG_O,
    INVERSE,
    FactorialMark,
    ProseWord,
    Sub,
    Sup,
    TransposeMark,
    apply_function,
    as_expr,
    bound_indices,
    chain_value,
    distribution,
    divide,
    multiply,
    power,
    read_condition,
    read_number,
    with_subscript,
)
from grader.mathread.errors import MathParseError
from grader.mathread.normalise import GREEK, known_names
from grader.mathread.objects import (
    KL,
    Dots,
    Expect,
    Family,
    Norm,
    Outer,
    Prob,
    QuantityName,
    SumOver,
    Transpose,
)
from grader.notation import Notation


class MathTransformer(Transformer):
    """Build sympy objects bottom-up; one method per grammar rule or alias."""

    def __init__(self, notation: Notation | None = None) -> None:
        super().__init__(visit_tokens=False)
        self.notation = notation
        self.known = known_names(notation)
        self.densities = frozenset(notation.densities) if notation is not None else frozenset()

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
        return read_number(str(items[0]))

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
        terms = [as_expr(items[0])]
        for op, term in zip(items[1::2], items[2::2], strict=True):
            term = as_expr(term)
            terms.append(-term if str(op) == "-" else term)
        return sympy.Add(*terms)

    def product(self, items: list[Any]) -> sympy.Basic:
        result = as_expr(items[0])
        for op, factor in zip(items[1::2], items[2::2], strict=True):
            if str(op) == "/":
                result = divide(result, factor)
            elif str(op) == r"\otimes":
                result = Outer(result, as_expr(factor))
            else:
                result = multiply(result, factor)
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
            result = divide(result, item) if pending_divide else multiply(result, item)
            pending_divide = False
        return -result if negate else result

    def big_tail(self, items: list[Any]) -> sympy.Basic:
        return self.big_product(items)  # [sign] [implicit] bigop: the same fold

    def signed(self, items: list[Any]) -> sympy.Basic:
        value = as_expr(items[1])
        return -value if str(items[0]) == "-" else value

    def implicit(self, items: list[Any]) -> sympy.Basic:
        result = as_expr(items[0])
        for item in items[1:]:
            result = multiply(result, item)
        return result

    # ------------------------------------------------------------ postfix
    def sub(self, items: list[Any]) -> Sub:
        return items[0]

    def sup(self, items: list[Any]) -> Sup:
        return Sup(items[0])

    def transpose(self, items: list[Any]) -> TransposeMark:
        return TransposeMark()

    def factorial(self, items: list[Any]) -> FactorialMark:
        return FactorialMark()

    def subarg(self, items: list[Any]) -> Sub:
        item = items[0]
        if isinstance(item, Token):
            if item.type == "NAME":
                return Sub(self._index_run(str(item)))
            if item.type == "NUMBER":
                return Sub(read_number(str(item)))
            if item.type == "GREEK":
                return Sub(self.greek([item]))
            return Sub(self.text([item]))
        if isinstance(item, list):  # a chain inside braces: i=1, z \sim q, i<j
            if len(item) == 3 and str(item[1]) == r"\sim":
                return Sub(item[2], sim=item[0])
            if len(item) > 1 and not (len(item) == 3 and str(item[1]) in {"=", ":="}):
                return Sub(None, condition=read_condition(item))
            item = chain_value(item)
        if type(item) is sympy.Symbol:  # w_{ij}: the same rule as w_ij
            return Sub(self._index_run(item.name))
        return Sub(item)

    def sub_list(self, items: list[Any]) -> Sub:
        r"""``x_{i,j}`` (two indices) or ``\sum_{i \ne a,b}`` (i ≠ a and i ≠ b)."""
        chain, rest = items[0], [as_expr(r) for r in items[1:]]
        if len(chain) == 1:
            return Sub(sympy.Tuple(as_expr(chain[0]), *rest))
        if len(chain) == 3 and str(chain[1]) == r"\ne":
            variable = as_expr(chain[0])
            return Sub(None, condition=sympy.And(
                *(sympy.Ne(variable, other, evaluate=False)
              for other in [as_expr(chain[2]), *rest]), evaluate=False))
        raise MathParseError("cannot read this subscript")

    def family(self, items: list[Any]) -> sympy.Basic:
        """``√2 x_i x_j (i<j)`` in a list: the entry for every (i, j) with i < j."""
        entry = as_expr(items[0])
        condition = read_condition(items[-1])
        return Family(entry, bound_indices(entry, condition), condition)

    def suparg(self, items: list[Any]) -> sympy.Basic:
        item = items[0]
        if isinstance(item, Token):
            if item.type == "NUMBER":
                return read_number(str(item))
            if item.type == "NAME":
                return self.symbol(str(item))
            if item.type == "GREEK":
                return self.greek([item])
            return sympy.oo
        return item

    def sup_call(self, items: list[Any]) -> sympy.Basic:
        """``y^\\log(x)``: a function call as an exponent, without braces."""
        return apply_function(str(items[0])[1:], [as_expr(items[1])], None)

    def signed_number(self, items: list[Token]) -> sympy.Basic:
        value = read_number(str(items[1]))
        return -value if str(items[0]) == "-" else value

    def _index_run(self, run: str) -> sympy.Basic:
        # w_ij: two or three lower-case letters no notation knows are two indices
        if 2 <= len(run) <= 3 and run.islower() and run not in self.known:
            return sympy.Tuple(*(self.symbol(c) for c in run))
        return self.symbol(run)

    def postfix(self, items: list[Any]) -> sympy.Basic:
        base = items[0]
        ops = items[1:]
        subs = [op for op in ops if isinstance(op, Sub)]
        sups = [op for op in ops if isinstance(op, Sup | TransposeMark)]
        if len(subs) > 1:
            raise MathParseError("double subscript: write x_{ij} or x_{i,j}")
        if len(sups) > 1:
            raise MathParseError("double superscript: write x^{ab} or (x^a)^b")
        if subs:
            if subs[0].condition is not None:
                raise MathParseError("a condition can only be the subscript of a sum")
            base = with_subscript(base, subs[0].value)
        for op in ops:
            if isinstance(op, Sup):
                base = power(base, op.value)
            elif isinstance(op, TransposeMark):
                # [1, x_1, …, x_D]^T: a list written as a column is just the list
                base = base if isinstance(base, sympy.Tuple) else Transpose(as_expr(base))
            elif isinstance(op, FactorialMark):
                value = as_expr(base)
                limits.check_factorial_argument(value)
                base = sympy.factorial(value)
        return base

    postfix_nf = postfix

    # ------------------------------------------------------------ constructs
    def frac(self, items: list[Any]) -> sympy.Basic:
        return divide(items[1], items[2])

    def fracarg(self, items: list[Any]) -> sympy.Basic:
        return self._simple_arg(items[0])

    sqrtarg = fracarg

    def _simple_arg(self, item: Any) -> sympy.Basic:
        if isinstance(item, Token):
            if item.type == "NUMBER":
                return read_number(str(item))
            if item.type == "NAME":
                return self.symbol(str(item))
            return self.greek([item])
        return as_expr(item)

    def sqrt(self, items: list[Any]) -> sympy.Basic:
        body = as_expr(items[-1])
        if len(items) == 3:
            root = as_expr(items[1])
            limits.check_power(body, 1 / root if root != 0 else root)
            return sympy.root(body, root)
        return sympy.sqrt(body)

    def binom(self, items: list[Any]) -> sympy.Basic:
        values = [as_expr(i) for i in items if not isinstance(i, Token)]
        n, k = values
        limits.check_factorial_argument(n, "binomial")
        limits.check_factorial_argument(k, "binomial")
        return sympy.binomial(n, k)

    def fsub(self, items: list[Any]) -> Sub:
        return items[0]

    def call(self, items: list[Any]) -> sympy.Basic:
        name = str(items[0])[1:]
        if any(isinstance(i, Sub) and i.condition is not None for i in items[1:]):
            raise MathParseError(f"\\{name} over a condition is not an expression")
        args = [i for i in items[1:] if not isinstance(i, Sub)]
        base = next((i.value for i in items[1:] if isinstance(i, Sub)), None)
        return apply_function(name, [as_expr(a) for a in args], base)

    def bare_func(self, items: list[Any]) -> sympy.Basic:
        return self.call(items)

    def fbody(self, items: list[Any]) -> sympy.Basic:
        """The juxtaposed product a bare function takes: ``\\cos\\omega k`` → ωk."""
        return self.implicit(items)

    def apply(self, items: list[Any]) -> sympy.Basic:
        """``f(y)`` for a function the notation declares: an undefined sympy function."""
        name = str(items[0])[len("\\apply{"):-1]
        return sympy.Function(name)(*(as_expr(a) for a in items[1:]))

    def func_power(self, items: list[Any]) -> sympy.Basic:
        r"""``\log^2 n`` is ``(\log n)^2``; ``\sin^{-1} x`` is ``\arcsin x``."""
        name, exponent, argument = str(items[0])[1:], as_expr(items[1]), as_expr(items[2])
        if exponent == -1 and name in INVERSE:
            return apply_function(INVERSE[name], [argument], None)
        return power(apply_function(name, [argument], None), exponent)

    def bigo(self, items: list[Any]) -> sympy.Basic:
        return BIG_O[str(items[0])](as_expr(items[1]))

    def norm(self, items: list[Any]) -> sympy.Basic:
        return Norm(as_expr(items[1]))

    def inner(self, items: list[Any]) -> sympy.Basic:
        return multiply(Transpose(as_expr(items[1])), items[2])

    def kl(self, items: list[Any]) -> sympy.Basic:
        sides = [i for i in items[1:] if not isinstance(i, Token)]
        return KL(as_expr(sides[0]), as_expr(sides[1]))

    def density(self, items: list[Any]) -> sympy.Basic:
        name = sympy.Symbol(str(items[1]))  # p_θ folds to p: see the module docstring
        groups = [i for i in items[2:] if isinstance(i, list)]
        outcome = groups[0]
        given = groups[1] if len(groups) > 1 else []
        return Prob(name, sympy.Tuple(*outcome), sympy.Tuple(*given))

    def dvars(self, items: list[Any]) -> list[sympy.Basic]:
        return [as_expr(i) for i in items]

    def expect(self, items: list[Any]) -> sympy.Basic:
        body = as_expr(items[-1])
        dist: sympy.Basic = sympy.S.EmptySet
        subs = [i for i in items[1:-1] if isinstance(i, Sub)]
        if subs:
            dist = distribution(subs[0].value, self.densities)
        return Expect(dist, body)

    def ebody(self, items: list[Any]) -> sympy.Basic:
        return items[0]

    def integral(self, items: list[Any]) -> sympy.Basic:
        scripts: tuple[sympy.Basic | None, sympy.Basic | None] = items[1]
        body = next(i for i in items[2:] if not isinstance(i, Token))
        variable = self.symbol(str(items[-1]))
        lower, upper = scripts
        if lower is not None and upper is not None:
            return sympy.Integral(as_expr(body), (variable, lower, upper))
        return sympy.Integral(as_expr(body), variable)

    def bigscripts(self, items: list[Any]) -> tuple[Any, sympy.Basic | None]:
        lower = next((i.value if i.condition is None else i for i in items
                      if isinstance(i, Sub)), None)
        upper = next((i for i in items if not isinstance(i, Sub)), None)
        return lower, upper

    def bigscripts_swapped(self, items: list[Any]) -> tuple[Any, Any]:
        return self.bigscripts(items)

    def bigop(self, items: list[Any]) -> sympy.Basic:
        kind = str(items[0])[1:]
        lower, upper = items[1]
        body = as_expr(items[2])
        cls = sympy.Sum if kind == "sum" else sympy.Product
        if isinstance(lower, Sub):  # \sum_{i<j}, \sum_{1 \le i<j \le D}, \sum_{i \ne a,b}
            if kind != "sum" or upper is not None:
                raise MathParseError(f"cannot read the limits of \\{kind}")
            if body == 0:
                return sympy.Integer(0)  # a sum of zeros, whatever the index set
            return SumOver(body, bound_indices(body, lower.condition), lower.condition)
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
