"""``verify``: one comparison of a reference and an answer, bounded in time."""

from __future__ import annotations

import re
from collections.abc import Mapping

import sympy

from grader.errors import CheckTimeout
from grader.mathread import MathParseError
from grader.mathread.objects import Proportional
from grader.maths import compare as _compare
from grader.maths import orders, probability, relations
from grader.maths.chains import DEFAULT_FUNCTIONS as DEFAULT_FUNCTIONS
from grader.maths.chains import with_functions
from grader.maths.labels import assigned_value
from grader.maths.numeric import DomainSpec
from grader.maths.probability import LatentModel
from grader.maths.reading import Parsed, parse
from grader.maths.verdict import Verdict, equivalent, not_equivalent, undecided
from grader.notation import Notation
from grader.time_limits import time_limit

MODES = ("expression", "relation", "bound")
TIMEOUT_DEFAULT = 2.0
"""Seconds one ``verify`` call may take before it is undecided."""


def verify(reference: str | Parsed | float, answer: str | Parsed | float, *,
           mode: str = "expression",
           notation: Notation | None = None,
           domain: Mapping[str, DomainSpec] | None = None,
           rtol: float = _compare.RTOL_DEFAULT,
           atol: float = 0.0,
           timeout: float = TIMEOUT_DEFAULT,
           samples: int = _compare.SAMPLES_DEFAULT,
           model: LatentModel | None = None) -> Verdict:
    r"""Whether ``answer`` says the same as ``reference``.

    ``mode`` is ``"expression"`` (values, tuples, sets; an answer ``x = 3``
    gives its value), ``"relation"`` (equations, inequalities, chains,
    intervals) or ``"bound"`` (``O``/``Θ``/``Ω``: the same order of growth).
    ``domain`` maps symbol names to ``"positive"``, ``"integer"``, ``"real"``,
    ``"vector"`` or a range ``(lo, hi)``. ``rtol`` is the widest relative
    tolerance for an answer written with decimals; ``samples`` the points at
    which two expressions must agree. A ``Parsed`` side is used as read
    (``Parsed.of(expr)`` wraps a sympy expression a checker already holds).
    Two Python numbers (``float`` or ``int``: values a checker already holds, such
    as table cells) are measurements: equal when ``|answer − reference| ≤
    max(atol, rtol·|reference|)``, never exactly, and undecided when not finite.
    ``model`` (a ``LatentModel``: observed and latent variable, model density,
    approximate posterior) compares expressions in densities, expectations and
    KL divergences (``E_{q(z|x)}[log p(x|z)]``) by their values on random
    discrete models; its density letters are read as densities.

    Example:
        >>> verify("x + y = 1", "y = 1 - x").status.value
        'equivalent'
        >>> verify("O(n log n)", "Θ(nlogn)", mode="bound").status.value
        'undecided'

    Never raises on student text: unreadable input, a timeout or anything the
    comparison cannot settle is ``undecided`` with the reason.
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
    if _is_number(reference) and _is_number(answer):
        return _compare.compare_measurements(float(reference), float(answer), rtol, atol)
    notation = with_functions(notation)
    if model is not None:
        notation = probability.with_densities(notation, model)
    domain = dict(domain or {})
    vectors = frozenset(name for name, spec in domain.items() if spec == "vector")
    ctx = _compare.Context(domain={k: v for k, v in domain.items() if v != "vector"},
                           rtol=rtol, samples=samples)
    if isinstance(reference, str) and isinstance(answer, str) \
            and " ".join(reference.split()) == " ".join(answer.split()):
        return equivalent("structure", "the same text")
    try:
        with time_limit(timeout):
            try:
                ref = reference if isinstance(reference, Parsed) else \
                    parse(reference, notation, mode=mode, vectors=vectors)
            except MathParseError as exc:
                return undecided(f"the reference cannot be read: {exc.message}", "parse")
            try:
                ans = answer if isinstance(answer, Parsed) else \
                    parse(answer, notation, mode=mode, vectors=vectors)
            except MathParseError as exc:
                return undecided(f"the answer cannot be read: {_unread(exc)}", "parse")
            try:
                if model is not None:
                    return probability.compare_on_models(ref.value, ans.value, model)
                return _dispatch(ref, ans, ctx)
            except (ArithmeticError, ValueError, TypeError, AttributeError, NotImplementedError,
                    IndexError, KeyError) as exc:
                # sympy and mpmath fail in many ways on odd input: never a verdict
                return undecided(f"the comparison failed ({type(exc).__name__})", "error")
    except CheckTimeout:
        return undecided(f"no decision within {timeout:g} s", "timeout")
    except RecursionError:
        return undecided("the expressions are nested too deeply", "limit")


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _unread(exc: MathParseError) -> str:
    if exc.offset is None or not exc.text:
        return exc.message
    return f"{exc.message}; unread from {exc.text[exc.offset:exc.offset + 40]!r}"


def _dispatch(ref: Parsed, ans: Parsed, ctx: _compare.Context) -> Verdict:
    """Pick the comparison for the two kinds read.

    Bounds by order; percentages either way; relations as relations; ``x ∈ S``
    and sets as sets; a value against ``name = value`` by the value; a pair
    ``(a, b)`` as an open interval against a set, never against a finite set;
    the same kinds (or tuple and pair) by ``compare``; anything else undecided.
    """
    ref, ans = _closed_interval(ref, ans), _closed_interval(ans, ref)
    kinds = {ref.kind, ans.kind}
    proportional = [isinstance(v, Proportional) for v in (ref.value, ans.value)]
    if all(proportional):
        return relations.compare_proportionality(ref.value, ans.value, ctx)
    if any(proportional):
        return undecided("a proportionality against something else", "kind")
    if "bound" in kinds:
        return orders.compare_bounds(ref.value, ans.value)
    if ref.percent or ans.percent:
        return _compare_percent(ref, ans, ctx)
    if ref.kind == ans.kind == "relation":
        return relations.compare_relations(ref.value, ans.value, ctx)
    labelled = _labelled_pair(ref, ans) or _labelled_pair(ans, ref)
    if labelled is not None:
        ref_value, ans_value = labelled if ref.kind == "relation" else labelled[::-1]
        return _compare.compare(ref_value, ans_value, ctx, ans.digits)
    if _membership(ref, ans) or _membership(ans, ref):
        return relations.compare_relations(_as_set(ref), _as_set(ans), ctx)
    if ans.kind == "relation" and ref.kind in _VALUES:
        value = assigned_value(ans.value)
        if value is None:
            return not_equivalent("kind", "a relation where a value is expected")
        return _compare.compare(ref.value, value, ctx, ans.digits)
    if ref.kind == "relation" and ans.kind in _VALUES:
        value = assigned_value(ref.value)
        if value is None:
            return not_equivalent("kind", "a value where a relation is expected")
        return _compare.compare(value, ans.value, ctx, ans.digits)
    if kinds == {"list"}:
        # 1, 2 against 2, 1: members written without brackets, in no particular order
        return _compare_lists(ref.value.args, ans.value.args, ctx)
    if kinds == {"list", "set"} and sympy.FiniteSet in {type(ref.value), type(ans.value)}:
        # 1, 2, 3 written without brackets lists the members, in no particular order
        return relations.compare_sets(_members(ref), _members(ans), ctx)
    if "pair" in kinds and sympy.FiniteSet in {type(ref.value), type(ans.value)}:
        return undecided("a pair (a tuple or an open interval) against a finite set", "kind")
    if kinds <= {"set", "relation", "pair"} and kinds != {"pair"}:
        if "relation" in kinds:
            return relations.compare_relations(_as_set(ref), _as_set(ans), ctx)
        return relations.compare_sets(_as_set(ref), _as_set(ans), ctx)
    if ref.kind == ans.kind or kinds <= {"tuple", "pair"}:
        return _compare.compare(ref.value, ans.value, ctx, ans.digits)
    if "expression" in kinds:
        return _several_against_one(ref, ans, ctx)
    return undecided(f"a {ans.kind} against a {ref.kind}", "kind")


_SEQUENCES = {"tuple", "list", "pair"}
_DECIMAL_COMMA = re.compile(r"\s*(-?\d+),(\d+)\s*")
"""``1,22``: two digit groups that are not thousands (those are read as one number),
so against a single number the comma is a decimal comma."""


def _several_against_one(ref: Parsed, ans: Parsed, ctx: _compare.Context) -> Verdict:
    """A list, tuple or finite set of several values against one value: never the same
    answer, except a number written with a decimal comma (``1,22`` for ``1.22``)."""
    one, several = (ref, ans) if ref.kind == "expression" else (ans, ref)
    comma = _DECIMAL_COMMA.fullmatch(several.text)
    if several.kind in _SEQUENCES and comma and one.value.is_number:
        value = sympy.Rational(f"{comma.group(1)}.{comma.group(2)}")
        digits = len((comma.group(1) + comma.group(2)).lstrip("-0")) or 1
        ref_value, ans_value = (value, one.value) if several is ref else (one.value, value)
        verdict = _compare.compare(ref_value, ans_value, ctx,
                                   digits if several is ans else ans.digits)
        if verdict.decided:
            return verdict
    count = len(several.value.args) if isinstance(several.value, sympy.Tuple | sympy.FiniteSet) \
        else 0
    if count >= 2:
        return not_equivalent("kind", f"{count} values where one is expected"
                              if several is ans else f"one value where {count} are expected")
    return undecided(f"a {ans.kind} against a {ref.kind}", "kind")


_VALUES = {"expression", "tuple"}


def _labelled_pair(relation: Parsed, pair: Parsed) -> tuple[sympy.Basic, sympy.Basic] | None:
    """``(p, q) = (3, 2)`` against ``(3, 2)``: the labelled value and the pair."""
    if relation.kind != "relation" or pair.kind != "pair":
        return None
    value = assigned_value(relation.value)
    return None if value is None else (value, pair.value)


def _closed_interval(read: Parsed, other: Parsed) -> Parsed:
    """``[1, 3]`` (a list or a closed interval) as the interval when the other side
    is a set or a relation."""
    if read.kind == "tuple" and read.members and other.kind in {"set", "relation"}:
        return read.members[0]
    return read


def _membership(one: Parsed, other: Parsed) -> bool:
    """``x ∈ [a, b]`` against an interval, a set or a pair."""
    return isinstance(one.value, sympy.Contains) and other.kind in {"set", "tuple", "pair"}


def _compare_lists(ref: tuple[sympy.Basic, ...], ans: tuple[sympy.Basic, ...],
                   ctx: _compare.Context) -> Verdict:
    """Two lists as sets of members. ``x = -5, p = 14/3``: labelled members compared
    label by label when both lists label every member alike, else by their values
    when one list has no labels or only its first member has one (``n = 1, 2, 3``)."""
    ref_labels, ans_labels = _labels(ref), _labels(ans)
    if all(ref_labels) and all(ans_labels) and sorted(map(str, ref_labels)) \
            == sorted(map(str, ans_labels)) and len(set(map(str, ref_labels))) == len(ref):
        by_label = {str(m.lhs): m.rhs for m in ans}
        return _compare.compare(sympy.Tuple(*(m.rhs for m in ref)),
                                sympy.Tuple(*(by_label[str(m.lhs)] for m in ref)), ctx)
    if not any(ref_labels) or not any(ans_labels) \
            or (_only_first_or_none(ref_labels) and _only_first_or_none(ans_labels)):
        return relations.compare_sets(sympy.FiniteSet(*_values(ref)),
                                      sympy.FiniteSet(*_values(ans)), ctx)
    return relations.compare_sets(sympy.FiniteSet(*ref), sympy.FiniteSet(*ans), ctx)


def _labels(members: tuple[sympy.Basic, ...]) -> list[sympy.Basic | None]:
    return [m.lhs if assigned_value(m) is not None else None for m in members]


def _only_first_or_none(labels: list[sympy.Basic | None]) -> bool:
    return not any(labels[1:])


def _values(members: tuple[sympy.Basic, ...]) -> list[sympy.Basic]:
    return [v if (v := assigned_value(m)) is not None else m for m in members]


def _members(read: Parsed) -> sympy.Basic:
    return sympy.FiniteSet(*read.value.args) if read.kind == "list" else read.value


def _as_set(read: Parsed) -> sympy.Basic:
    if isinstance(read.value, sympy.Contains):
        return read.value
    if read.kind == "pair":
        return sympy.Interval.open(*read.value.args)
    if read.kind == "tuple" and read.members:
        return read.members[0].value
    return read.value


def _compare_percent(ref: Parsed, ans: Parsed, ctx: _compare.Context) -> Verdict:
    """``28 %`` read as 28 when the other side is a percentage too or is 28, else 0.28."""
    if ref.percent and ans.percent:
        return _compare.compare(ref.value, ans.value, ctx, ans.digits)
    plain, percent = (ans, ref) if ref.percent else (ref, ans)
    as_number = _compare.compare(percent.value, plain.value, ctx, ans.digits)
    if as_number.equivalent:
        return equivalent(as_number.method, "equal, reading the % as a unit")
    as_fraction = _compare.compare(percent.value / 100, plain.value, ctx, ans.digits)
    if as_fraction.equivalent:
        return equivalent(as_fraction.method, "equal, reading the % as /100")
    if as_number.decided and as_fraction.decided:
        return not_equivalent("numeric", "not equal, reading the % either way")
    return undecided("cannot compare the percentage")
