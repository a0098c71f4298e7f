"""Big-O answers: ``O(t n² L)``, ``∝ l² × n × t``, ``O(L (t² n + t n²))``.

Two bounds are compared up to constant factors and term order. Each bound is
expanded into a sum of monomials, coefficients are dropped, and only the
*maximal* monomials are kept: a monomial dominated in every symbol by another
one is dropped (``t n² L + n² L`` → ``t n² L``). Two bounds are equivalent iff
their sets of maximal monomials are equal, so ``O(L (t² n + t n²))`` ≡
``O(t² n L + t n² L)`` but ≢ ``O(t² n L)``.

The order on one symbol's factor ``s^p · (log s)^q`` is lexicographic in
``(p, q)``: any positive power of ``s`` outgrows any power of ``log s``, and
among equal powers the higher power of the log wins. Monomials are compared
symbol by symbol (a partial order: ``t² n`` and ``t n²`` are incomparable,
since nothing says which size grows faster). Logs of products are split
(``log(n t)`` = ``log n + log t``) and constant factors inside logs dropped
(``log n²`` ~ ``log n``); any other function (``exp``, ``log log n``, ``2^n``)
makes the bound unsupported, which sends the answer to review.

The check is ordered: reference and accepted forms (full credit), then the
rubric's misconceptions (their credit and feedback), then mutations of the
reference, which only add a line naming an unlisted slip.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import sympy
from pydantic import BaseModel, ConfigDict

from grader.answer import Answer
from grader.brackets import closing_bracket
from grader.checks import safe_feedback
from grader.checks.base import Checker, PartKey, once_per_key
from grader.checks.mutations import Slip, render, slips
from grader.mathread.objects import BigO
from grader.notation import Notation
from grader.outcome import CheckOutcome, Status, status_for_score
from grader.rubric.models import Misconception

_SUPERSCRIPTS = str.maketrans("0123456789-/", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻ᐟ")


class ComplexityParams(BaseModel):
    """Settings of a ``complexity`` part."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    companions: list[str] = []
    """Bounds that may stand beside a correct one without penalty, e.g. ``O(L^2)``
    in "O(L²D + L²), or simply, when L ≫ D, O(L²)". Alone they earn nothing extra."""


class UnsupportedBound(ValueError):
    """A bound this module cannot order (``exp``, ``log log n``, ``2^n``, ``O(0)``)."""


# --------------------------------------------------------------------------
# Monomials and bounds
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class Monomial:
    """``∏ s^p (log s)^q`` with coefficients dropped: ``powers`` holds
    ``(name, p, q)`` sorted by name, without zero entries."""

    powers: tuple[tuple[str, sympy.Rational, sympy.Rational], ...] = ()

    def of(self, name: str) -> tuple[sympy.Rational, sympy.Rational]:
        for n, p, q in self.powers:
            if n == name:
                return p, q
        return sympy.Integer(0), sympy.Integer(0)

    @property
    def names(self) -> set[str]:
        return {n for n, _, _ in self.powers}

    def render(self, order: Sequence[str] = ()) -> str:
        names = sorted(self.names, key=lambda n: _order_key(n, order))
        text = "·".join(render_factor(n, *self.of(n)) for n in names)
        return text or "1"

    def __repr__(self) -> str:
        return f"Monomial({self.render()})"


Bound = frozenset[Monomial]


def strip_bigo(expr: Any) -> sympy.Basic:
    """``O(x)`` → ``x`` anywhere in ``expr`` (``O(a) + O(b)`` → ``a + b``)."""
    expr = sympy.sympify(expr)
    return expr.replace(lambda e: isinstance(e, BigO), lambda e: e.args[0])


def bound_terms(expr: Any) -> Bound:
    """The maximal monomials of a bound, coefficients dropped.

    Raises:
        UnsupportedBound: for a factor this module cannot order.

    Example:
        >>> t, n, L = sympy.symbols("t n L")
        >>> sorted(m.render("tnL") for m in bound_terms(L * (t**2 * n + t * n**2) + n**2 * L))
        ['t²·n·L', 't·n²·L']
    """
    expr = strip_bigo(expr)
    if not isinstance(expr, sympy.Expr):
        raise UnsupportedBound(f"not an expression: {expr}")
    expr = sympy.expand(sympy.expand_log(expr, force=True))
    monomials = {_monomial(term) for term in sympy.Add.make_args(expr) if not term.is_zero}
    if not monomials:
        raise UnsupportedBound("the bound is zero")
    return maximal(monomials)


def _monomial(term: sympy.Expr) -> Monomial:
    powers: dict[str, list[sympy.Rational]] = {}
    for factor in sympy.Mul.make_args(term):
        if factor.is_number:
            continue  # coefficients (also log 2, √2) do not change the order
        base, exp = factor.as_base_exp()
        if exp.is_Float:
            exp = sympy.nsimplify(exp, rational=True)
        if not exp.is_Rational:
            raise UnsupportedBound(f"cannot order the factor {factor}")
        if isinstance(base, sympy.Symbol):
            powers.setdefault(base.name, [sympy.Integer(0), sympy.Integer(0)])[0] += exp
        elif isinstance(base, sympy.log) and isinstance(base.args[0], sympy.Symbol) \
                and exp > 0:
            powers.setdefault(base.args[0].name, [sympy.Integer(0), sympy.Integer(0)])[1] += exp
        else:
            raise UnsupportedBound(f"cannot order the factor {factor}")
    return Monomial(tuple(sorted((n, p, q) for n, (p, q) in powers.items() if p or q)))


def dominated(a: Monomial, b: Monomial) -> bool:
    """``a = O(b)`` as every symbol grows: in each symbol, ``(p, q)`` of ``a`` is
    lexicographically at most that of ``b``."""
    return all(a.of(name) <= b.of(name) for name in a.names | b.names)


def maximal(monomials: Iterable[Monomial]) -> Bound:
    """Drop every monomial dominated by another one."""
    items = set(monomials)
    return frozenset(m for m in items
                     if not any(o != m and dominated(m, o) for o in items))


def covers(big: Bound, small: Bound) -> bool:
    """Every monomial of ``small`` is dominated by one of ``big``: O(small) ⊆ O(big)."""
    return all(any(dominated(s, b) for b in big) for s in small)


def dominant_terms(count: sympy.Expr, symbols: Sequence[sympy.Symbol]) -> sympy.Expr:
    """The terms of a polynomial cost that no other term dominates, without constants.

    Reference modules use it to turn an operation count into the bound they
    expect, so the reference and the students' answers are reduced alike.

    Example:
        >>> t, n, L = sympy.symbols("t n L", positive=True)
        >>> dominant_terms(2*t*L*n**2 + 2*t*L*n + L*t**2*n, (t, n, L))
        L*n**2*t + L*n*t**2
    """
    poly = sympy.Poly(sympy.expand(count), *symbols)
    monomials = [m for m, c in poly.terms() if c != 0]
    keep = [m for m in monomials
            if not any(o != m and all(a <= b for a, b in zip(m, o, strict=True))
                       for o in monomials)]
    return sympy.Add(*(sympy.Mul(*(s**e for s, e in zip(symbols, m, strict=True)))
                       for m in keep))


def render_factor(name: str, p: sympy.Rational, q: sympy.Rational) -> str:
    """``n²``, ``log n``, ``n·(log n)²``, ``√n``."""
    shown = {"beta": "β", "ell": "ℓ"}.get(name, name)
    parts = []
    if p == sympy.Rational(1, 2):
        parts.append(f"√{shown}")
    elif p:
        parts.append(shown + ("" if p == 1 else _superscript(p)))
    if q:
        parts.append(f"log {shown}" if q == 1 else f"(log {shown}){_superscript(q)}")
    return "·".join(parts) or "1"


def render_bound(bound: Bound, order: Sequence[str] = ()) -> str:
    """``O(t²·n·L + t·n²·L)``, terms in a stable order."""
    terms = sorted(bound, key=lambda m: _monomial_key(m, order))
    return "O(" + " + ".join(m.render(order) for m in terms) + ")"


def render_expr_bound(expr: Any, order: Sequence[str] = ()) -> str:
    """The bound as the student wrote it, for ``interpreted_as``: a product of
    powers renders as ``O(L²·n·t)``, anything else through its monomials when
    it is one, else sympy's text."""
    expr = strip_bigo(expr)
    try:
        terms = bound_terms(expr)
    except UnsupportedBound:
        return f"O({render(expr)})"
    if isinstance(expr, sympy.Add) and len(sympy.Add.make_args(sympy.expand(expr))) > len(terms):
        return f"O({render(expr)})"  # show what was written, not the reduced form
    return render_bound(terms, order)


def _superscript(value: sympy.Rational) -> str:
    return str(value).translate(_SUPERSCRIPTS)


def _order_key(name: str, order: Sequence[str]) -> tuple[int, str]:
    order = list(order)
    return (order.index(name), name) if name in order else (len(order), name)


def _monomial_key(m: Monomial, order: Sequence[str]) -> tuple:
    return tuple(-float(m.of(n)[0]) for n in sorted(
        {*order, *m.names}, key=lambda n: _order_key(n, order)))


# --------------------------------------------------------------------------
# Describing how two bounds differ (student-visible: the answer's side only)
# --------------------------------------------------------------------------

def describe_difference(answer: Bound, reference: Bound, order: Sequence[str] = ()) -> str:
    """One feedback sentence on how two inequivalent bounds differ, for the student.

    States the kind of error and names only the answer's own factors or terms
    that are off ("the factor t⁹ in your bound is larger than needed"); what
    the reference has and the answer lacks is neither named nor counted
    (:mod:`grader.checks.safe_feedback`). The TA notes carry both bounds.
    """
    looser, tighter = covers(answer, reference), covers(reference, answer)
    if len(answer) == 1 and len(reference) == 1:
        (a,), (r,) = answer, reference
        names = sorted(a.names | r.names, key=lambda n: _order_key(n, order))
        return safe_feedback.factor_difference(
            looser=looser, tighter=tighter,
            too_large=[render_factor(n, *a.of(n)) for n in names if a.of(n) > r.of(n)],
            too_small=[render_factor(n, *a.of(n)) for n in names
                       if a.of(n) < r.of(n) and any(a.of(n))],
            missing=any(a.of(n) < r.of(n) and not any(a.of(n)) for n in names))
    missing = any(not any(dominated(m, x) for x in answer) for m in reference)
    extra = sorted((m for m in answer if not any(dominated(m, x) for x in reference)),
                   key=lambda m: _monomial_key(m, order))
    return safe_feedback.term_difference(looser=looser, tighter=tighter, missing=missing,
                                         extra=[m.render(order) for m in extra])


# --------------------------------------------------------------------------
# The key, read once per check
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class _Form:
    label: str
    bound: Bound
    text: str


@dataclass
class _Key:
    """The part's forms as bounds; ``unreadable`` lists rubric forms that could not
    be read (an answer that matches nothing then goes to review, not to 0)."""

    order: tuple[str, ...]
    known: frozenset[str]
    correct: list[_Form] = field(default_factory=list)
    misconceptions: list[tuple[Misconception, Bound]] = field(default_factory=list)
    keyword_misconceptions: list[Misconception] = field(default_factory=list)
    companions: list[Bound] = field(default_factory=list)
    mutations: list[tuple[Slip, Bound]] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)


@once_per_key
def _read_key(key: PartKey) -> _Key:
    params = key.params_as(ComplexityParams)
    notation = key.notation
    order = tuple(notation.symbols)
    symbols_used: set[str] = set()
    out = _Key(order=order, known=frozenset())

    def read(value: Any, label: str) -> Bound | None:
        try:
            expr = value if isinstance(value, sympy.Basic) else read_rubric_form(value, notation)
            symbols_used.update(s.name for s in strip_bigo(expr).free_symbols)
            return bound_terms(expr)
        except (UnsupportedBound, ValueError, TypeError) as exc:
            out.unreadable.append(f"{label}: {exc}")
            return None

    if key.reference is not None:
        bound = read(key.reference, "reference")
        if bound is not None:
            out.correct.append(_Form("reference", bound, render_bound(bound, order)))
    for i, (form, value) in enumerate(key.accepted):
        bound = read(value if value is not None else form.answer, f"accepted form {i + 1}")
        if bound is not None:
            out.correct.append(_Form(f"accepted:{i + 1}", bound, render_bound(bound, order)))
    for mis, value in key.misconceptions:
        source = value if value is not None else mis.answer
        if source is None:
            if mis.keywords:
                out.keyword_misconceptions.append(mis)
            continue
        bound = read(source, f"misconception {mis.id}")
        if bound is not None:
            out.misconceptions.append((mis, bound))
    for text in params.companions:
        bound = read(text, f"companion {text}")
        if bound is not None:
            out.companions.append(bound)
    out.known = frozenset(order) if order else frozenset(symbols_used)
    if key.reference is not None and out.correct and out.correct[0].label == "reference":
        reference = strip_bigo(key.reference)
        names = sorted(out.known) if order else None
        for slip in slips(reference, names):
            try:
                bound = bound_terms(slip.expr)
            except UnsupportedBound:
                continue
            if all(bound != form.bound for form in out.correct) and \
                    all(bound != b for _, b in out.misconceptions):
                out.mutations.append((slip, bound))
    return out


# --------------------------------------------------------------------------
# Reading bounds out of an answer (the one place that touches text)
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class Candidate:
    """One bound found in an answer.

    ``expr`` is the bound's argument (no ``BigO``), with names the answer
    defined (``M = 1 + D + D^2``) substituted. ``decisive`` marks a boxed span or
    one in the answer's final line. ``explicit`` marks an ``O(...)``.
    """

    expr: sympy.Expr
    text: str
    decisive: bool = False
    explicit: bool = True
    undefined: frozenset[str] = frozenset()


_RELATION = re.compile(r"\\propto|∝|\\approx|≈|\\sim|=|\\in\b|∈")
_LATEX_BREAK = re.compile(r"\\\\|\n|\\newline|\\quad|;")
_TRAILING_RELATION = re.compile(r"(\\propto|∝|=|\\approx|≈|\bis|:)\s*\$*\s*$")


def read_rubric_form(text: str, notation: Notation) -> sympy.Basic:
    """A rubric's ``answer`` string (e.g. ``O(t n L)``) as a sympy object."""
    from grader.mathread import MathParseError, parse_math
    try:
        return parse_math(text, notation)
    except MathParseError as exc:
        raise ValueError(f"cannot read {text!r}: {exc}") from exc


def read_bounds(answer: Answer, notation: Notation, known: frozenset[str]
                ) -> tuple[list[Candidate], list[str]]:
    """Every bound in ``answer``, decisive ones (boxed, final line) first.

    Returns the candidates to grade and TA notes about the reading. When the
    answer has boxed spans or a final line with bounds, only those are
    returned; explicit ``O(...)`` bounds win over bare products (``∝ l² n t``).
    """
    try:
        from grader.mathread import math_spans  # noqa: F401
    except ImportError:
        return [], ["the maths reader is not available"]
    notes: list[str] = []
    definitions: dict[sympy.Symbol, sympy.Expr] = {}
    final = _read_text(answer.final, notation, known, definitions, decisive=True) \
        if answer.final and answer.final.strip() else []
    everything = _read_text(answer.text, notation, known, definitions, decisive=False)
    decisive = final + [c for c in everything if c.decisive]
    chosen = decisive or everything
    if any(c.explicit for c in chosen):
        chosen = [c for c in chosen if c.explicit]
    resolved = []
    for c in chosen:
        expr = c.expr.xreplace(definitions) if definitions else c.expr
        if expr != c.expr:
            defined = ", ".join(f"{k} = {v}" for k, v in definitions.items()
                                if k in c.expr.free_symbols)
            notes.append(f"read {c.text!r} using the answer's own definition {defined}")
        undefined = frozenset(s.name for s in expr.free_symbols) - known
        resolved.append(Candidate(expr, c.text, c.decisive, c.explicit, undefined))
    return resolved, notes


_BOUND_OPEN = re.compile(r"(?<![A-Za-z\\])(?:\\mathcal\s*\{\s*O\s*\}|\\bigO|O|𝒪|Θ|Ω"
                         r"|\\Theta|\\Omega)\s*\(")


def unreadable_bounds(text: str | None, notation: Notation) -> list[str]:
    """The ``O(…)``-looking pieces of ``text`` the maths reader cannot read.

    ``O(n�L)`` (a replacement character from invalid UTF-8) looks like a
    bound but cannot be read; grading the other bounds beside it would be
    grading a different answer than the student gave.

    Example:
        >>> unreadable_bounds("time O(t n^2 L); space O(n�L)", Notation(("t", "n", "L")))
        ['O(n�L)']
    """
    from grader.mathread import MathParseError, parse_math
    if not text:
        return []
    out = []
    for m in _BOUND_OPEN.finditer(text):
        close = closing_bracket(text, m.end() - 1)
        piece = text[m.start():close + 1] if close is not None else text[m.start():m.end() + 20]
        if close is None:
            out.append(piece.strip())
            continue
        try:
            parse_math(piece, notation)
        except MathParseError:
            out.append(piece)
        except Exception:  # a reader fault on odd input: unreadable, not a crash
            out.append(piece)
    return out


def blocking_unreadable(answer: Answer, notation: Notation,
                        candidates: Sequence[Candidate]) -> list[str]:
    """Unreadable bounds that forbid deciding from the readable ones.

    An unreadable bound in the decisive text (the final line or a box) always
    blocks; one elsewhere blocks unless a readable boxed/final bound decides.
    """
    from grader.mathread import math_spans
    decisive_text = [answer.final or ""]
    with contextlib.suppress(Exception):  # the reader must never sink a check
        decisive_text += [s.text for s in math_spans(answer.text) if s.boxed]
    in_decisive = [b for t in decisive_text for b in unreadable_bounds(t, notation)]
    if in_decisive:
        return in_decisive
    if any(c.decisive for c in candidates):
        return []
    return unreadable_bounds(answer.text, notation)


def _read_text(text: str | None, notation: Notation, known: frozenset[str],
               definitions: dict[sympy.Symbol, sympy.Expr], *, decisive: bool
               ) -> list[Candidate]:
    from grader.mathread import math_spans
    if not text or not text.strip():
        return []
    whole = text.strip().strip("$").strip()
    out: list[Candidate] = []
    try:
        spans = math_spans(text)
    except Exception:  # the reader must never sink a check; fall back to lines
        spans = []
    for span in spans:
        boxed = decisive or bool(getattr(span, "boxed", False))
        before = text[:getattr(span, "start", 0)].rstrip()
        # a bare product counts as a bound only where it is clearly one: after
        # "∝"/"=", boxed, or as the whole answer ("t n^2 L")
        bare_ok = (boxed or span.text.strip().strip("$").strip() == whole
                   or bool(_TRAILING_RELATION.search(before)))
        for piece in _LATEX_BREAK.split(span.text):
            out.extend(_read_piece(piece, notation, known, definitions,
                                   decisive=boxed, bare_ok=bare_ok))
    if not out:
        for line in text.splitlines():
            parts = _RELATION.split(line)
            tail = parts[-1].strip().rstrip(".").strip("$ ")
            if tail and len(tail) <= 60:
                out.extend(_read_piece(tail, notation, known, definitions, decisive=decisive,
                                       bare_ok=len(parts) > 1 or line.strip() == whole))
    return out


def _read_piece(piece: str, notation: Notation, known: frozenset[str],
                definitions: dict[sympy.Symbol, sympy.Expr], *, decisive: bool,
                bare_ok: bool) -> list[Candidate]:
    piece = piece.strip()
    if not piece:
        return []
    elements = _chain(piece, notation)
    if not elements:
        return []
    out = []
    for element in elements:
        if isinstance(element, sympy.Basic) and element.has(BigO):
            for bound in _bigo_parts(element):
                out.append(Candidate(bound, piece, decisive, True))
    if out:
        return out
    first, last = elements[0], elements[-1]
    if len(elements) >= 2 and isinstance(first, sympy.Symbol) and first.name not in known \
            and _is_polynomial_in(last, known):
        definitions.setdefault(first, last)
        return []
    if (bare_ok or len(elements) >= 2 or _RELATION.search(piece)) \
            and _is_polynomial_in(last, known) \
            and last.free_symbols:
        return [Candidate(last, piece, decisive, False)]
    return []


def _bigo_parts(expr: sympy.Basic) -> list[sympy.Expr]:
    """The bounds in one chain element: a sum or product of ``O(...)`` is one bound."""
    if isinstance(expr, BigO):
        return [expr.args[0]]
    if isinstance(expr, sympy.Add | sympy.Mul) and all(
            isinstance(a, BigO) or not a.free_symbols or a.has(BigO) for a in expr.args):
        return [strip_bigo(expr)]
    return [a.args[0] for a in sympy.preorder_traversal(expr) if isinstance(a, BigO)]


def _chain(piece: str, notation: Notation) -> list[sympy.Basic]:
    from grader.mathread import MathParseError, parse_chain, parse_math
    try:
        return list(parse_chain(piece, notation))
    except MathParseError:
        pass
    except Exception:  # a reader bug on odd input is an unreadable piece, not a crash
        return []
    # e.g. "\text{RNN}_{\text{time}} \propto l^2 \times n \times t": read what parses
    out = []
    for part in _RELATION.split(piece):
        try:
            out.append(parse_math(part.strip(), notation))
        except Exception:  # an unreadable element is skipped
            continue
    return out


def _is_polynomial_in(expr: Any, known: frozenset[str]) -> bool:
    if not isinstance(expr, sympy.Expr) or expr.has(BigO):
        return False
    if not {s.name for s in expr.free_symbols} <= known:
        return False
    try:
        bound_terms(expr)
    except UnsupportedBound:
        return False
    return True


# --------------------------------------------------------------------------
# Grading
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class _Grade:
    status: Status
    score: float
    matched: str | None = None
    feedback: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    companion: bool = False
    bound: Bound | None = None

    @property
    def verdict(self) -> tuple[Any, ...]:
        return (self.status, round(self.score, 6), self.matched)


def grade_bound(bound: Bound, key: _Key, points: float) -> _Grade:
    """Grade one bound against the key (no undefined symbols left)."""
    companion = any(bound == c for c in key.companions)
    for form in key.correct:
        if bound == form.bound:
            return _Grade(Status.CORRECT, points, form.label, bound=bound, companion=companion)
    for mis, mis_bound in key.misconceptions:
        if bound == mis_bound:
            score = min(mis.points, points)
            return _Grade(status_for_score(score, points), score, mis.id, (mis.feedback,),
                          (f"matches misconception {mis.id}",), companion, bound)
    if key.unreadable:
        return _Grade(Status.NEEDS_REVIEW, 0.0, None,
                      ("some accepted answers for this part could not be compared",),
                      tuple(f"rubric form not read: {u}" for u in key.unreadable),
                      companion, bound)
    feedback: list[str] = []
    notes: list[str] = []
    if key.correct:
        reference = key.correct[0]
        feedback.append(describe_difference(bound, reference.bound, key.order))
        notes.append(f"expected {reference.text}, read {render_bound(bound, key.order)}")
    for slip, mutated in key.mutations:
        if bound == mutated:
            feedback.append(safe_feedback.slip_line(slip.kind))
            notes.append(f"matches the mutation of the reference: {slip.description}")
            break
    return _Grade(Status.INCORRECT, 0.0, None, tuple(feedback), tuple(notes), companion, bound)


def _readings(candidate: Candidate, key: _Key, points: float) -> tuple[float, list[str]]:
    """Grades of a bound with undefined names under plausible readings: each
    undefined name read as each of the assignment's symbols, or as a constant."""
    names = sorted(candidate.undefined)
    targets = [*key.order] or sorted(key.known)
    notes, scores = [], []
    for name in names[:2]:
        for target in [*targets, None]:
            value = sympy.Integer(1) if target is None else sympy.Symbol(target)
            expr = candidate.expr.xreplace({sympy.Symbol(name): value})
            if {s.name for s in expr.free_symbols} - key.known:
                continue
            try:
                grade = grade_bound(bound_terms(expr), key, points)
            except UnsupportedBound:
                continue
            reading = "a constant" if target is None else target
            scores.append(grade.score)
            shown = render_bound(bound_terms(expr), key.order)
            matched = f", {grade.matched}" if grade.matched else ""
            notes.append(f"reading {name} as {reading}: {shown} would be "
                         f"{grade.status.value} ({grade.score:g} pts{matched})")
    return (min(scores) if scores else 0.0), notes


class ComplexityChecker(Checker):
    """Grades a Big-O bound against the reference, accepted forms and misconceptions."""

    kind = "complexity"

    Params = ComplexityParams

    def write(self, value: Any, key: PartKey) -> str | None:
        from grader.mathread import to_text

        return f"O({to_text(value)})" if isinstance(value, sympy.Basic) else None

    def check(self, answer: Answer, key: PartKey) -> CheckOutcome:
        k = _read_key(key)
        if not k.correct:
            return CheckOutcome.review("the reference bound for this part could not be read",
                                       notes=tuple(k.unreadable))
        notation = key.notation.with_declarations(answer.declared)
        candidates, notes = read_bounds(answer, notation, k.known)
        blocking = blocking_unreadable(answer, notation, candidates)
        if blocking:
            return CheckOutcome.review(
                f"could not read the bound {blocking[0]}",
                notes=(*notes, *(f"unreadable bound: {b}" for b in blocking),
                       *(f"readable bound not used to decide: {c.text}" for c in candidates)))
        if not candidates:
            return _no_bound(answer, k, key.points, notes)
        return decide(candidates, k, key.points, notes)


def check_bounds(bounds: Sequence[sympy.Expr | Candidate], key: PartKey,
                 answer_text: str = "") -> CheckOutcome:
    """Grade bounds already read (``O(...)`` stripped or not), last one last.

    The checker's logic without the text reader: plain expressions count as
    explicit, non-decisive candidates; names outside the key's symbols are
    undefined. ``answer_text`` is searched for keyword misconceptions when
    ``bounds`` is empty.

    Example:
        >>> check_bounds([n * L], key).status  # doctest: +SKIP
        <Status.CORRECT: 'correct'>
    """
    k = _read_key(key)
    if not k.correct:
        return CheckOutcome.review("the reference bound could not be read",
                                   notes=tuple(k.unreadable))
    candidates = []
    for b in bounds:
        if not isinstance(b, Candidate):
            expr = strip_bigo(b)
            undefined = frozenset(s.name for s in expr.free_symbols) - k.known
            b = Candidate(expr, sympy.sstr(b), undefined=undefined)
        candidates.append(b)
    if not candidates:
        return _no_bound(Answer(key.part.id, answer_text), k, key.points, [])
    return decide(candidates, k, key.points)


def _no_bound(answer: Answer, k: _Key, points: float, notes: list[str]) -> CheckOutcome:
        text = " ".join(answer.text.lower().split())
        for mis in k.keyword_misconceptions:
            if any(" ".join(w.lower().split()) in text for w in mis.keywords):
                score = min(mis.points, points)
                return CheckOutcome(status_for_score(score, points), score, (mis.feedback,),
                                    (*notes, f"no bound read; keywords of {mis.id} found"),
                                    None, mis.id)
        return CheckOutcome.review("could not read a complexity bound", notes=tuple(notes))


def decide(candidates: Sequence[Candidate], key: _Key, points: float,
           notes: Sequence[str] = ()) -> CheckOutcome:
    """Combine the grades of every candidate bound into one outcome.

    - a candidate with undefined names → review, with the grades under plausible
      readings in the TA notes;
    - all candidates agree → that grade;
    - one is correct and the others are correct or companions → correct;
    - the last one covers every other (earlier ones read as steps of the
      derivation) → the last one decides;
    - otherwise → review listing the bounds.
    """
    notes = list(notes)
    shown = ", ".join(render_expr_bound(c.expr, key.order) for c in candidates)
    for c in candidates:
        if c.undefined:
            suggested, readings = _readings(c, key, points)
            names = " and ".join(sorted(c.undefined))
            verb = "is" if len(c.undefined) == 1 else "are"
            return CheckOutcome.review(
                f"{names} {verb} not defined in the answer", suggested=suggested,
                interpreted_as=shown, notes=(*notes, *readings))
    graded: list[tuple[Candidate, _Grade]] = []
    for c in candidates:
        try:
            graded.append((c, grade_bound(bound_terms(c.expr), key, points)))
        except UnsupportedBound as exc:
            by_order = _grade_by_order(c, key, points) if len(candidates) == 1 else None
            if by_order is not None:
                return _outcome(by_order, shown, [*notes, str(exc)])
            return CheckOutcome.review(f"could not compare the bound {c.text}",
                                       interpreted_as=shown, notes=(*notes, str(exc)))
    grades = [g for _, g in graded]
    if any(g.status is Status.NEEDS_REVIEW for g in grades):
        g = next(g for g in grades if g.status is Status.NEEDS_REVIEW)
        return CheckOutcome.review(g.feedback[0], interpreted_as=shown,
                                   notes=(*notes, *g.notes))
    last = grades[-1]
    if len({g.verdict for g in grades}) == 1:
        return _outcome(last, shown, notes)
    if any(g.status is Status.CORRECT for g in grades) and all(
            g.status is Status.CORRECT or g.companion for g in grades):
        best = next(g for g in grades if g.status is Status.CORRECT)
        return _outcome(best, shown, [*notes, "companion bound(s) beside a correct one"])
    if all(g.bound is not None and last.bound is not None and covers(last.bound, g.bound)
           for g in grades[:-1]):
        return _outcome(last, render_bound(last.bound, key.order) if last.bound else shown,
                        [*notes, f"earlier bounds read as steps: {shown}"])
    return CheckOutcome.review(
        f"the answer gives several different bounds: {shown}",
        suggested=min(g.score for g in grades), interpreted_as=shown,
        notes=(*notes, *(f"{render_bound(g.bound, key.order) if g.bound else '?'}: "
                         f"{g.status.value} {g.score:g}" for g in grades)))


def _grade_by_order(candidate: Candidate, key: _Key, points: float) -> _Grade | None:
    """A bound outside the monomial order (``2^n``, ``n!``, ``log log n``) in one
    size, graded by its order of growth against the reference (``grader.maths``).

    Only a decided comparison grades; anything else stays with review.
    """
    from grader.maths import Parsed, verify  # grader.maths imports grader.checks

    if not key.correct or len(key.correct[0].bound) != 1:
        return None
    (monomial,) = key.correct[0].bound
    reference = sympy.Mul(*(sympy.Symbol(n) ** p * sympy.log(sympy.Symbol(n)) ** q
                            for n, p, q in monomial.powers))
    sizes = {s.name for s in candidate.expr.free_symbols} | monomial.names
    if len(sizes) != 1:
        return None
    verdict = verify(Parsed.of(reference, "bound"), Parsed.of(candidate.expr, "bound"),
                     mode="bound")
    if not verdict.decided:
        return None
    note = f"compared by order of growth: {verdict.reason}"
    if verdict.equivalent:
        return _Grade(Status.CORRECT, points, key.correct[0].label, notes=(note,))
    feedback = ("not tight: your bound grows faster than needed" if "faster" in verdict.reason
                else "too small: your bound grows more slowly than the cost")
    return _Grade(Status.INCORRECT, 0.0, None, (feedback,), (note,))


def _outcome(grade: _Grade, shown: str, notes: Sequence[str]) -> CheckOutcome:
    return CheckOutcome(grade.status, grade.score, grade.feedback,
                        (*notes, *grade.notes), shown, grade.matched)
