"""Closed-form answers: ``M = 1 + D + D²``, ``‖x_1‖ = β√2``, ``\\binom{D+K-1}{K-1}``.

Equivalence is decided from cheap to expensive, as Math-Verify does:

1. structural equality of the sympy trees;
2. a cheap symbolic proof (``cancel(a − b) == 0``) when both sides are exact
   and free of sums and binomials;
3. evaluation at random points: positive reals, and integers ≥ 2 for the
   ``integer_symbols`` (and for symbols used as summation limits or binomial
   arguments); points where either side has a pole or does not evaluate are
   skipped. One point of disagreement decides "not equal"; agreement at every
   point decides "equal";
4. ``simplify(a − b) == 0`` only when evaluation could not decide.

Tolerance model: an answer with decimals (``1.414β``) is compared within the
part's ``rtol``; exact expressions within ``EXACT_RTOL_DEFAULT`` of each other,
evaluated with 30 significant digits, so a near miss such as ``D² + D + 1.0001``
written exactly as ``D² + D + 10001/10000`` is not "equal".
Anything undecided (nothing evaluates, time runs out) is ``needs_review``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import sympy
from pydantic import BaseModel, ConfigDict, Field
from sympy.core.function import AppliedUndef

from grader.answer import Answer
from grader.checks import safe_feedback
from grader.checks.base import Checker, PartKey, once_per_key
from grader.checks.expression_choice import MAX_COMPARED, unmarked_choice
from grader.checks.expression_reading import (
    ReadExpression as ReadExpression,  # re-exported: callers read answers through this module
)
from grader.checks.expression_reading import is_fragment as is_fragment
from grader.checks.expression_reading import optimum_statements as optimum_statements
from grader.checks.expression_reading import (
    read_expressions,
    read_rubric_form,
    reading_notation,
)
from grader.checks.mutations import render, slips
from grader.maths import Parsed, parse, verify
from grader.maths.numeric import DomainSpec, integer_like
from grader.notation import Notation
from grader.outcome import CheckOutcome, Status, status_for_score
from grader.rubric.models import Misconception

RTOL_DEFAULT = 1e-3
EXACT_RTOL_DEFAULT = 1e-9
SAMPLES_DEFAULT = 8
MUTATION_SAMPLES_DEFAULT = 3
_DIGITS = 30


class ExpressionParams(BaseModel):
    """Settings of an ``expression`` part."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    rtol: float = RTOL_DEFAULT
    """Relative tolerance for answers written with decimals, e.g. ``1.414β`` for ``√2 β``."""
    integer_symbols: list[str] = []
    """Symbols sampled as integers ≥ 2 (``D``, ``K``). Symbols the reference module
    declares (``positive=True``, …) are positive reals; any other name is a real of
    either sign, and an answer equal to the key only for positive values goes to review."""
    samples: int = SAMPLES_DEFAULT
    """Points at which the two expressions are evaluated."""
    optimum_statements: bool = Field(
        False, description="Also read values stated for an optimum, in words or maths "
                           "('the minimum of f is 0', '\\min_a \\max_b f = 0 at a = 0'), "
                           "preferring them to other expressions: for a part that asks for "
                           "the value of a min, a max or a saddle point.")


# --------------------------------------------------------------------------
# Equivalence of two sympy expressions
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class Equivalence:
    """Whether two expressions are equal: ``equal`` is None when undecided.

    ``point``, ``value_a`` and ``value_b`` carry the evidence of a disagreement.
    """

    equal: bool | None
    method: str
    point: dict[str, Any] = field(default_factory=dict)
    value_a: complex | None = None
    value_b: complex | None = None
    reason: str = ""

    def evidence(self, a_name: str = "the answer", b_name: str = "the reference") -> str:
        """``at D=3, K=4 the answer gives 10, the reference 40``."""
        if self.equal is not False or not self.point:
            return self.reason
        where = ", ".join(f"{render(sympy.Symbol(k))}={v:g}" if isinstance(v, float)
                          else f"{render(sympy.Symbol(k))}={v}" for k, v in self.point.items())
        return (f"at {where} {a_name} gives {_number(self.value_a)}, "
                f"{b_name} {_number(self.value_b)}")


def equivalent(a: Any, b: Any, *, rtol: float = RTOL_DEFAULT,
               integer_symbols: Iterable[str] = (), samples: int = SAMPLES_DEFAULT,
               seed: int = 0, digits: int | None = None,
               sizes: Iterable[str] | None = None) -> Equivalence:
    """Decide whether ``a`` (the answer) and ``b`` (a reference form) are the same
    expression, through ``grader.maths.verify`` (one comparison for every checker).

    ``integer_symbols`` (and summation limits, binomial arguments) are integers ≥ 2
    and ``sizes`` positive reals (None: every other name is a size). A name that is
    neither is a real of any sign, as ``verify`` takes it; two expressions equal
    only when it is positive (``√(x²)`` and ``x``) are undecided, not different.
    ``digits`` are the significant digits of the answer's decimals (None: exact).
    An undefined function (``f(x)``) is never evidence of a difference: the rubric
    did not say what ``f`` is.

    Example:
        >>> D, K, k = sympy.symbols("D K k")
        >>> equivalent((D**K - 1) / (D - 1), sympy.Sum(D**k, (k, 0, K - 1)),
        ...            integer_symbols=["D", "K"]).equal
        True
    """
    del seed  # the points are fixed by grader.maths (deterministic)
    a, b = plain_symbols(sympy.sympify(a)), plain_symbols(sympy.sympify(b))
    if a == b:
        return Equivalence(True, "structure")
    return decide(Parsed("expression", a, "", digits=digits), Parsed.of(b),
                  rtol=rtol, integer_symbols=integer_symbols, samples=samples, sizes=sizes)


def decide(answer: Parsed, reference: Parsed, *, mode: str = "expression",
           rtol: float = RTOL_DEFAULT, integer_symbols: Iterable[str] = (),
           samples: int = SAMPLES_DEFAULT, sizes: Iterable[str] | None = None) -> Equivalence:
    """``verify`` on two readings, on the domain of :func:`equivalent`."""
    a, b = answer.value, reference.value
    names = {s.name for s in a.free_symbols | b.free_symbols}
    domain = _domain(a, b, integer_symbols, names if sizes is None else sizes)
    verdict = verify(reference, answer, mode=mode, domain=domain, rtol=rtol, samples=samples)
    if verdict.equivalent:
        return Equivalence(True, verdict.method)
    if not verdict.decided or a.has(AppliedUndef) or b.has(AppliedUndef):
        return Equivalence(None, verdict.method, reason=verdict.reason)
    signed = sorted(names - set(domain) - {s.name for s in integer_like([a, b])})
    if signed and verify(reference, answer, mode=mode, rtol=rtol, samples=samples,
                         domain={**domain, **dict.fromkeys(signed, "positive")}).equivalent:
        shown = ", ".join(signed)
        return Equivalence(None, verdict.method, reason=(
            f"equal only when {shown} > 0, and the rubric does not say {shown} is positive"))
    seen = verdict.evidence
    if seen is None:
        return Equivalence(False, verdict.method, reason=verdict.reason)
    return Equivalence(False, verdict.method, dict(seen.point), seen.answer, seen.reference,
                       verdict.reason)


def _domain(a: sympy.Basic, b: sympy.Basic, integer_symbols: Iterable[str],
            sizes: Iterable[str]) -> dict[str, DomainSpec]:
    """Integers for the declared ones, positive reals for the sizes; summation limits
    and binomial arguments are left to ``grader.maths`` (it samples them as integers),
    and any other name is a real of any sign (no entry)."""
    integers, positive = set(integer_symbols), set(sizes)
    discrete = {s.name for s in integer_like([a, b])}
    names = {s.name for s in a.free_symbols | b.free_symbols}
    return {n: "integer" if n in integers else "positive" for n in names
            if n in integers or (n in positive and n not in discrete)}


@lru_cache(maxsize=1024)
def plain_symbols(expr: sympy.Basic) -> sympy.Basic:
    """``expr`` with every symbol replaced by an assumption-free one of the same name.

    Reference modules declare sizes ``positive=True``; the maths reader does
    not. Sympy treats the two ``D`` as different symbols, so compare by name.
    """
    return expr.xreplace({s: sympy.Symbol(s.name) for s in expr.atoms(sympy.Symbol)
                          if not isinstance(s, sympy.Dummy)})


def _number(value: complex | None) -> str:
    if value is None:
        return "?"
    if abs(value.imag) < 1e-12 * max(1.0, abs(value.real)):
        real = value.real
        return str(round(real)) if abs(real - round(real)) < 1e-9 else f"{real:.6g}"
    return f"{value:.6g}"


# --------------------------------------------------------------------------
# Grading
# --------------------------------------------------------------------------

@dataclass
class _Key:
    correct: list[tuple[str, sympy.Basic]] = field(default_factory=list)
    misconceptions: list[tuple[Misconception, sympy.Basic]] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    known: frozenset[str] = frozenset()
    sizes: frozenset[str] = frozenset()
    """Names the reference module declared (``positive=True``, ``integer=True``, …):
    sampled as positive reals. Names only in rubric strings carry no declaration."""


_RELATIONS = (sympy.core.relational.Relational, sympy.And, sympy.Or, sympy.Not, sympy.Contains)


def form_kind(value: sympy.Basic) -> str:
    """How ``verify`` would have read a form of the key: ``relation`` (an equation,
    inequality, membership or a combination of them), ``set`` (an interval, a finite
    set), ``tuple`` (ordered: never an interval), ``matrix`` (also a tuple of rows of
    one length, as ``grader.maths`` reads one) or ``expression``.
    Anything but an expression is compared with the answer read whole, not with the
    last member of a chain."""
    if isinstance(value, _RELATIONS):
        return "relation"
    if isinstance(value, sympy.Set):
        return "set"
    if isinstance(value, sympy.Tuple):
        rows = {len(row) if isinstance(row, sympy.Tuple) else -1 for row in value}
        return "matrix" if len(value) > 1 and len(rows) == 1 and min(rows) > 1 else "tuple"
    return "matrix" if isinstance(value, sympy.MatrixBase) else "expression"


def _as_read(value: sympy.Basic) -> sympy.Basic:
    """A form as ``grader.maths`` holds what it reads: a matrix as a tuple of rows."""
    if isinstance(value, sympy.MatrixBase):
        return sympy.Tuple(*(sympy.Tuple(*row) for row in value.tolist()))
    return value


def _declared(value: sympy.Basic) -> set[str]:
    """Names whose symbols carry assumptions (a reference module's ``positive=True``)."""
    return {s.name for s in value.atoms(sympy.Symbol)
            if not isinstance(s, sympy.Dummy) and any(
                s.assumptions0.get(a) for a in ("positive", "nonnegative", "integer", "real"))}


@once_per_key
def _read_key(key: PartKey) -> _Key:
    out = _Key()
    used: set[str] = set()

    def read(value: Any, label: str) -> sympy.Basic | None:
        try:
            expr = value if isinstance(value, sympy.Basic) \
                else read_rubric_form(value, key.notation)
        except (ValueError, TypeError, ImportError) as exc:
            out.unreadable.append(f"{label}: {exc}")
            return None
        if isinstance(value, sympy.Basic):
            out.sizes |= _declared(value)
        used.update(s.name for s in expr.free_symbols)
        return expr

    if key.reference is not None:
        ref = read(key.reference, "reference")
        if ref is not None:
            out.correct.append(("reference", ref))
    for i, (form, value) in enumerate(key.accepted):
        expr = read(value if value is not None else form.answer, f"accepted form {i + 1}")
        if expr is not None:
            out.correct.append((f"accepted:{i + 1}", expr))
    for mis, value in key.misconceptions:
        source = value if value is not None else mis.answer
        if source is None:
            continue
        expr = read(source, f"misconception {mis.id}")
        if expr is not None:
            out.misconceptions.append((mis, expr))
    out.known = frozenset(key.notation.symbols) | frozenset(used)
    return out


def check_expression(expr: sympy.Expr, key: PartKey, text: str = "", *,
                     digits: int | None = None, notation: Notation | None = None
                     ) -> CheckOutcome:
    """Grade one expression already read from an answer: ``text``, the piece it was
    read from, is read whole against a relation of the key; ``digits`` are the
    significant digits of its decimals.

    Example:
        >>> check_expression(1 + D + D**2, key).status  # doctest: +SKIP
        <Status.CORRECT: 'correct'>
    """
    params = key.params_as(ExpressionParams)
    k = _read_key(key)
    points = key.points
    shown = _show(expr)
    if not k.correct:
        return CheckOutcome.review("the reference for this part could not be read",
                                   interpreted_as=shown, notes=tuple(k.unreadable))
    undefined = sorted({s.name for s in expr.free_symbols} - k.known)
    if undefined:
        names = " and ".join(undefined)
        verb = "is" if len(undefined) == 1 else "are"
        return CheckOutcome.review(f"{names} {verb} not defined in the answer",
                                   interpreted_as=shown,
                                   notes=(f"read {text!r} as {shown}",) if text else ())

    def compare(other: sympy.Basic, samples: int = params.samples) -> Equivalence:
        kind = form_kind(other)
        if kind != "expression" or not isinstance(expr, sympy.Expr):
            return _compare_whole(text, expr, Parsed(kind, _as_read(plain_symbols(other)), ""),
                                  notation or key.notation, params, k.sizes)
        return equivalent(expr, other, rtol=params.rtol, integer_symbols=params.integer_symbols,
                          samples=samples, digits=digits, sizes=k.sizes)

    undecided: list[str] = []
    reference_check: Equivalence | None = None
    for label, form in k.correct:
        result = compare(form)
        if reference_check is None:
            reference_check = result
        if result.equal:
            return CheckOutcome(Status.CORRECT, points, (), (f"equal to {label} "
                                f"({result.method})",), shown, label)
        if result.equal is None:
            undecided.append(f"{label}: {result.reason}")
    for mis, form in k.misconceptions:
        result = compare(form)
        if result.equal:
            score = min(mis.points, points)
            return CheckOutcome(status_for_score(score, points), score, (mis.feedback,),
                                (f"matches misconception {mis.id}",), shown, mis.id)
    if undecided or k.unreadable:
        return CheckOutcome.review(
            "could not decide whether the expression is equivalent to the expected one",
            interpreted_as=shown,
            notes=(*undecided, *(f"rubric form not read: {u}" for u in k.unreadable)))
    feedback = ["Your expression is not equivalent to the expected one."]
    notes = [f"expected {_show(k.correct[0][1])}, read {shown}"]
    if reference_check is not None and reference_check.equal is False:
        notes.append(reference_check.evidence())
    reference = k.correct[0][1] if k.correct[0][0] == "reference" else None
    if isinstance(reference, sympy.Expr):  # slips of a value, not of a tuple or relation
        for slip in slips(reference):
            if compare(slip.expr, MUTATION_SAMPLES_DEFAULT).equal:
                feedback.append(safe_feedback.slip_line(slip.kind))
                notes.append(f"matches the mutation of the reference: {slip.description}")
                break
    return CheckOutcome(Status.INCORRECT, 0.0, tuple(feedback), tuple(notes), shown)


def _compare_whole(text: str, expr: sympy.Expr, form: Parsed, notation: Notation,
                   params: ExpressionParams, sizes: frozenset[str]) -> Equivalence:
    """The answer's piece read whole (``x + y = 1``, ``[0, 1)``), not the last member
    of its chain, against a relation or set of the key, through ``verify``."""
    from grader.mathread import MathParseError
    answer = Parsed.of(expr)
    if text:
        try:
            answer = parse(text, reading_notation(notation), mode="relation")
        except MathParseError as exc:
            return Equivalence(None, "parse", reason=f"the answer cannot be read whole: "
                                                     f"{exc.message}")
    return decide(answer, form, mode="relation", rtol=params.rtol,
                  integer_symbols=params.integer_symbols, samples=params.samples, sizes=sizes)


def _show(expr: sympy.Basic) -> str:
    try:
        from grader.mathread import to_text
    except ImportError:
        return sympy.sstr(expr)
    try:
        return str(to_text(expr))
    except Exception:  # a renderer fault must not sink the check
        return sympy.sstr(expr)


class ExpressionChecker(Checker):
    """Grades a closed-form expression against the reference, accepted forms and
    misconceptions by symbolic and numeric equivalence."""

    kind = "expression"

    Params = ExpressionParams

    def write(self, value: Any, key: PartKey) -> str | None:
        from grader.mathread import to_text

        return to_text(value) if isinstance(value, sympy.Basic) else None

    def check(self, answer: Answer, key: PartKey) -> CheckOutcome:
        notation = key.notation.with_declarations(answer.declared)
        found = read_expressions(answer, notation,
                                 optimum=key.params_as(ExpressionParams).optimum_statements)
        if not found:
            return CheckOutcome.review("could not read an expression in the answer")
        decisive = [r for r in found if r.decisive]
        best_statement = max((r.statement for r in found), default=0)
        statements = [r for r in found if best_statement and r.statement == best_statement]
        # final/boxed first, then a stated optimum (min … max … = v), then the rest
        pool = decisive or statements or found
        known = _read_key(key).known
        defined = [r for r in pool if {s.name for s in r.expr.free_symbols} <= known]
        chosen = (defined or pool)[-1]
        outcome = check_expression(chosen.expr, key, chosen.text, digits=chosen.digits,
                                   notation=notation)
        if not decisive and not statements and len(found) > 1:
            picked = unmarked_choice(defined or found,
                                     lambda r: check_expression(r.expr, key, r.text,
                                                                digits=r.digits,
                                                                notation=notation),
                                     chosen, outcome)
            if picked is None:
                listed = "; ".join(_show(r.expr) for r in found[-MAX_COMPARED:])
                return CheckOutcome.review(
                    "several expressions, none marked as the answer, get different verdicts",
                    notes=(f"readings: {listed}",))
            chosen, outcome = picked
        others = [r for r in found if r is not chosen]
        if others:
            listed = "; ".join(_show(r.expr) for r in others[-4:])
            outcome = CheckOutcome(outcome.status, outcome.score, outcome.feedback,
                                   (*outcome.ta_notes, f"graded {_show(chosen.expr)}; "
                                    f"others in the answer: {listed}"),
                                   outcome.interpreted_as, outcome.matched)
        return outcome

