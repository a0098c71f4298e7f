"""The part's key as bounds, read once per key: accepted forms, misconceptions,
companions and the mutations of the reference (slips a student may make)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sympy
from pydantic import BaseModel, ConfigDict

from grader.checks.base import PartKey, once_per_key
from grader.checks.complexity.reading import read_rubric_form, split_operator
from grader.checks.mutations import Slip, render, slips
from grader.maths.monomials import Bound, UnsupportedBound, bound_terms, render_bound, strip_bigo
from grader.rubric.models import Misconception


class ComplexityParams(BaseModel):
    """Settings of a ``complexity`` part."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    companions: list[str] = []
    """Bounds that may stand beside a correct one without penalty, e.g. ``O(L^2)``
    in "O(L²D + L²), or simply, when L ≫ D, O(L²)". Alone they earn nothing extra."""


@dataclass(frozen=True)
class Form:
    """One bound of the key: its argument (no ``O``), its maximal monomials, its text."""

    label: str
    expr: sympy.Expr
    bound: Bound | None
    """None for a bound outside the monomial order (``2^n``, ``n!``): ``verify`` orders it."""
    text: str = ""
    operator: str | None = None
    """``O``, ``Θ`` or ``Ω`` when the key writes one (None: a bare product, any operator)."""


@dataclass
class Key:
    """The part's forms as bounds; ``unreadable`` lists rubric forms that could not
    be read (an answer that matches nothing then goes to review, not to 0)."""

    order: tuple[str, ...]
    known: frozenset[str]
    correct: list[Form] = field(default_factory=list)
    misconceptions: list[tuple[Misconception, Form]] = field(default_factory=list)
    keyword_misconceptions: list[Misconception] = field(default_factory=list)
    companions: list[Form] = field(default_factory=list)
    mutations: list[tuple[Slip, Form]] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)


@once_per_key
def read_key(key: PartKey) -> Key:
    """Every form of ``key`` read as a bound (cached per key)."""
    params = key.params_as(ComplexityParams)
    notation = key.notation
    order = tuple(notation.symbols)
    symbols_used: set[str] = set()
    out = Key(order=order, known=frozenset())

    def read(value: Any, label: str, name: str | None = None) -> Form | None:
        try:
            expr = value if isinstance(value, sympy.Basic) else read_rubric_form(value, notation)
            operator, inner = split_operator(expr)
            stripped = strip_bigo(inner)
            if not isinstance(stripped, sympy.Expr):
                raise TypeError(f"not a bound: {stripped}")
            symbols_used.update(s.name for s in stripped.free_symbols)
        except (ValueError, TypeError) as exc:
            out.unreadable.append(f"{label}: {exc}")
            return None
        try:
            bound: Bound | None = bound_terms(stripped)
        except UnsupportedBound:  # 2^n, n!, log log n: ordered by verify, not by monomials
            bound = None
        text = render_bound(bound, order) if bound is not None \
            else f"O({render(stripped)})"
        if operator in ("Θ", "Ω") and text.startswith("O("):
            text = operator + text[1:]
        return Form(name or label, stripped, bound, text, operator)

    if key.reference is not None and (form := read(key.reference, "reference")) is not None:
        out.correct.append(form)
    for i, (accepted, value) in enumerate(key.accepted):
        form = read(value if value is not None else accepted.answer, f"accepted form {i + 1}",
                    f"accepted:{i + 1}")
        if form is not None:
            out.correct.append(form)
    for mis, value in key.misconceptions:
        source = value if value is not None else mis.answer
        if source is None:
            if mis.keywords:
                out.keyword_misconceptions.append(mis)
            continue
        if (form := read(source, f"misconception {mis.id}")) is not None:
            out.misconceptions.append((mis, form))
    for text in params.companions:
        if (form := read(text, f"companion {text}")) is not None:
            out.companions.append(form)
    out.known = frozenset(order) if order else frozenset(symbols_used)
    if out.correct and out.correct[0].label == "reference":
        out.mutations = _mutations(out.correct[0].expr, out, sorted(out.known) if order else None)
    return out


def _mutations(reference: sympy.Expr, key: Key, names: list[str] | None
               ) -> list[tuple[Slip, Form]]:
    """Slips of the reference that are neither a correct form nor a misconception.

    Told apart by their monomials, which is how the key is written out, not how an
    answer is graded: answers are compared with each form through ``verify``.
    """
    listed = {form.bound for form in key.correct} | {f.bound for _, f in key.misconceptions}
    out = []
    for slip in slips(reference, names):
        try:
            bound = bound_terms(slip.expr)
        except UnsupportedBound:
            continue
        if bound not in listed:
            out.append((slip, Form(f"slip:{slip.kind}", strip_bigo(slip.expr), bound)))
    return out
