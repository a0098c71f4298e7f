"""Reference answers for ``kernel-attention-hw2`` (approximating softmax attention).

Computed, never typed in:

* complexities from operation counts of the matrix products, reduced to their
  dominant terms;
* feature-map dimensions by enumerating index tuples / monomials for concrete
  ``D`` and ``K`` with itertools, then deriving the symbolic closed form and
  verifying it against every enumerated count;
* ``1.2.feature_map`` by :func:`feature_map_check`, which expands the student's
  list (ellipses included) for a concrete ``D`` and evaluates ``φ(q)ᵀφ(k)``.

Symbols: ``L`` sequence length, ``D`` hidden size, ``K`` terms of the series,
``M`` feature dimension.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterable, Iterator

import numpy as np
import sympy

from grader.checks.complexity import dominant_terms
from grader.checks.property import PropertyInput, PropertyVerdict
from grader.mathread import to_text
from grader.mathread.objects import Dots, Family, Outer

L = sympy.Symbol("L", positive=True)
D = sympy.Symbol("D", positive=True)
K = sympy.Symbol("K", positive=True)
M = sympy.Symbol("M", positive=True)

CHECK_D = range(1, 6)      # dimensions enumerated to fit and verify closed forms
CHECK_K = range(1, 5)      # numbers of series terms enumerated



# ---------------------------------------------------------------- 1.1

def attention_count() -> sympy.Expr:
    """Operations of ``Softmax(Q Kᵀ) V`` with ``Q, K, V`` of shape L×D."""
    scores = L * L * D          # L×D times D×L
    softmax = 3 * L * L         # exp, row sums, divide
    mix = L * L * D             # L×L times L×D
    return scores + softmax + mix


@functools.cache
def attention_time() -> sympy.Expr:
    """Time of softmax attention, dominant terms (``L² D``)."""
    return dominant_terms(attention_count(), (L, D))


# ---------------------------------------------------------------- 1.2: M

def _ordered_tuples(dim: int, degree: int) -> Iterator[tuple[int, ...]]:
    """Index tuples of one degree of ``x ⊗ x ⊗ …``: every ordered choice."""
    return itertools.product(range(dim), repeat=degree)


def _unique_monomials(dim: int, degree: int) -> Iterator[tuple[int, ...]]:
    """Distinct monomials of one degree: multisets of indices."""
    return itertools.combinations_with_replacement(range(dim), degree)


def count_features(dim: int, terms: int,
                   per_degree: Callable[[int, int], Iterable[tuple[int, ...]]]) -> int:
    """Features of the map keeping series terms of degree 0..terms−1, by enumeration."""
    return sum(1 for degree in range(terms) for _ in per_degree(dim, degree))


def _fit_in_d(counts: dict[int, int], degree: int) -> sympy.Expr:
    """The polynomial in D of ``degree`` through the first counts, verified on all."""
    points = sorted(counts.items())
    fitted = sympy.expand(sympy.interpolate(points[:degree + 1], D))
    for dim, count in points:
        assert fitted.subs(D, dim) == count, f"closed form fails at D={dim}"
    return fitted


def _verify(closed: sympy.Expr,
            per_degree: Callable[[int, int], Iterable[tuple[int, ...]]]) -> sympy.Expr:
    """Check a closed form in D and K against enumeration on the whole grid."""
    for dim in range(2, 6):
        for terms in CHECK_K:
            value = closed.subs({D: dim, K: terms})
            assert sympy.simplify(value - count_features(dim, terms, per_degree)) == 0, (
                f"closed form fails at D={dim}, K={terms}")
    return closed


@functools.cache
def feature_dim() -> sympy.Expr:
    """``M`` for ``1 + x + (x⊗x)/√2``: ordered index tuples of degree 0..2, counted
    for D = 1..5 and fitted by a quadratic in D (``D² + D + 1``)."""
    return _fit_in_d({d: count_features(d, 3, _ordered_tuples) for d in CHECK_D}, 2)


@functools.cache
def feature_dim_unique() -> sympy.Expr:
    """``M`` counting distinct monomials of degree 0..2 (``1 + D + D(D+1)/2``)."""
    return _fit_in_d({d: count_features(d, 3, _unique_monomials) for d in CHECK_D}, 2)


def _per_degree_in_d(per_degree: Callable[[int, int], Iterable[tuple[int, ...]]],
                     candidate: Callable[[sympy.Expr, sympy.Expr], sympy.Expr],
                     k: sympy.Symbol) -> sympy.Expr:
    """The number of features of degree ``k``, a symbolic candidate confirmed by
    enumeration for small D and k."""
    formula = candidate(D, k)
    for dim in CHECK_D:
        for degree in range(5):
            expected = sum(1 for _ in per_degree(dim, degree))
            assert sympy.simplify(formula.subs({D: dim, k: degree}) - expected) == 0
    return formula


@functools.cache
def feature_dim_general() -> sympy.Expr:
    """``M`` keeping K terms: ``Σ_{k=0}^{K−1} D^k`` summed in closed form,
    ``(D^K − 1)/(D − 1)`` (the D > 1 branch), verified by enumeration."""
    k = sympy.Symbol("k", integer=True, nonnegative=True)
    per_degree = _per_degree_in_d(_ordered_tuples, lambda d, j: d**j, k)
    total = sympy.summation(per_degree, (k, 0, K - 1))
    if isinstance(total, sympy.Piecewise):   # (K, D = 1), ((D^K − 1)/(D − 1), otherwise)
        total = total.args[-1][0]
    closed = sympy.factor(sympy.simplify(total))
    return _verify(closed, _ordered_tuples)


@functools.cache
def feature_dim_general_unique() -> sympy.Expr:
    """``M`` keeping K terms, distinct monomials: ``Σ_k C(D+k−1, k)``, which sympy
    sums to ``C(D+K−1, K−1)``; verified by enumeration."""
    k = sympy.Symbol("k", integer=True, nonnegative=True)
    per_degree = _per_degree_in_d(_unique_monomials,
                                  lambda d, j: sympy.binomial(d + j - 1, j), k)
    total = sympy.simplify(sympy.summation(per_degree, (k, 0, K - 1)))
    closed = sympy.binomial(D + K - 1, K - 1)
    assert sympy.simplify(sympy.combsimp(sympy.gammasimp(total - closed))) == 0 or all(
        total.subs({D: d, K: j}) == closed.subs({D: d, K: j})
        for d in CHECK_D for j in CHECK_K)
    return _verify(closed, _unique_monomials)


# ---------------------------------------------------------------- 1.4

def linear_attention_count() -> sympy.Expr:
    """Operations of ``D⁻¹ Φ(Q) (Φ(K)ᵀ V)`` with M features per token."""
    features = 2 * L * M          # Φ(Q), Φ(K): one product per feature
    kv = L * M * D                # Φ(K)ᵀ V: M×L times L×D
    out = L * M * D               # Φ(Q) (Φ(K)ᵀ V): L×M times M×D
    normaliser = L * M + L * M    # Φ(K)ᵀ 1, then Φ(Q) times it
    divide = L * D
    return features + kv + out + normaliser + divide


@functools.cache
def linear_attention_time() -> sympy.Expr:
    """Time of linearised attention: dominant term ``L M D`` with M = :func:`feature_dim`
    substituted (``L D (1 + D + D²)``)."""
    return dominant_terms(linear_attention_count(), (L, M, D)).subs(M, feature_dim())


# ------------------------------------------------------ 1.2: feature map

EXPAND_D = 4          # the concrete dimension ellipses are expanded to
N_PAIRS = 6           # random (q, k) pairs tried
MATCH_TOL = 1e-9      # relative tolerance on φ(q)ᵀφ(k)
MAX_READINGS = 8      # ambiguous ellipses: readings tried at most
LOOP_INDICES = frozenset("ijkl")  # x_i in a list entry: one entry per i, not a size


def _indexed(expr: sympy.Basic) -> list[sympy.Indexed]:
    return sorted(expr.atoms(sympy.Indexed), key=sympy.default_sort_key)


def _find_list(inp: PropertyInput) -> sympy.Tuple | None:
    """The student's φ as a list: a Tuple on one side of an equation (prefer one
    whose other side mentions φ), or a bare Tuple; the last one wins."""
    best: sympy.Tuple | None = None
    for exprs in (inp.final, inp.exprs):
        for expr in exprs:
            for found, named in _tuples(expr):
                if len(found) >= 2 and (named or best is None):
                    best = found
        if best is not None:
            return best
    return None


def _tuples(expr: sympy.Basic) -> Iterator[tuple[sympy.Tuple, bool]]:
    if isinstance(expr, sympy.Tuple):
        yield expr, False
    elif isinstance(expr, sympy.Equality):
        sides = (expr.lhs, expr.rhs)
        for side, other in (sides, sides[::-1]):
            if isinstance(side, sympy.Tuple):
                yield side, "phi" in str(other) or "φ" in str(other)


def _index_symbols(elements: Iterable[sympy.Basic]) -> set[sympy.Symbol]:
    """The size symbols in the indices (``D`` in ``x_D``), not loop indices
    (``i`` in ``x_i^2/√2``) nor the indices a ``Family`` ranges over."""
    return {s for e in elements if not isinstance(e, Family) for i in _indexed(e)
            for idx in i.indices for s in idx.free_symbols if s.name not in LOOP_INDICES}


def _vector_names(items: Iterable[sympy.Basic]) -> set[str]:
    """Names of the vector the list is built from: indexed bases (``x`` in
    ``x_1``) and the arguments of ``x ⊗ x``."""
    names = {str(a.base.label) for e in items for a in _indexed(e)}
    names |= {str(arg) for e in items for o in e.atoms(Outer) for arg in o.args}
    return names


def _expand_item(item: sympy.Basic, dim: int, vectors: set[str]) -> list[sympy.Basic] | None:
    """One list entry as the explicit entries it stands for, for dimension ``dim``.

    ``x_i x_j (i<j)`` (a ``Family``) is one entry per (i, j) meeting the condition;
    ``x_i^2/√2`` with a free loop index one per i; ``x`` (the vector itself) one per
    coordinate; ``(x ⊗ x)/√2`` one per ordered pair, ``x_i x_j/√2``. None when an
    entry cannot be expanded.
    """
    pool = range(1, dim + 1)
    if isinstance(item, Family):
        entry, variables, condition = item.args
        out = []
        for values in itertools.product(pool, repeat=len(variables)):
            mapping = dict(zip(variables, values, strict=True))
            holds = condition.subs(mapping)
            if holds not in (sympy.true, sympy.false):
                return None
            if holds:
                out.append(entry.subs(mapping))
        return out
    outers = item.atoms(Outer)
    if outers:
        if len(outers) != 1:
            return None
        outer = outers.pop()
        left, right = outer.args
        if not (isinstance(left, sympy.Symbol) and isinstance(right, sympy.Symbol)) or \
                not item.xreplace({outer: sympy.Integer(1)}).is_number:
            return None  # only a constant times x ⊗ x is a list of products
        return [item.xreplace({outer: sympy.IndexedBase(left.name)[i]
                               * sympy.IndexedBase(right.name)[j]})
                for i, j in itertools.product(pool, repeat=2)]
    loops = sorted({s for a in _indexed(item) for idx in a.indices for s in idx.free_symbols
                    if s.name in LOOP_INDICES}, key=str)
    if len(loops) > 1:
        return None
    if loops:
        return [item.subs(loops[0], v) for v in pool]
    # x_1's free symbols include its label x: look past the indexed entries
    plain = item.xreplace({a: sympy.Dummy() for a in _indexed(item)})
    bare = [s for s in plain.free_symbols if s.name in vectors]
    if len(bare) > 1:
        return None
    if bare and not (item / bare[0]).is_number:
        return None  # x² of a vector x: elementwise or xᵀx? ambiguous
    if bare:
        return [item.subs(bare[0], sympy.IndexedBase(bare[0].name)[v]) for v in pool]
    return [item]


def _template(start: sympy.Basic, end: sympy.Basic, size: dict[sympy.Symbol, int]
              ) -> tuple[sympy.Basic, list[sympy.Symbol], list[tuple[int, ...]],
                         list[tuple[int, ...]]] | None:
    """Generalise ``start, …, end`` to ``f(i)`` or ``f(i, j)`` over index variables.

    The variables replace the indices of ``start``. Products commute, so
    ``x_2 x_1`` is the same sympy object as ``x_1 x_2``: every order of the
    indices is a candidate first tuple, and every tuple that reproduces ``end``
    is a candidate last tuple.
    """
    atoms = _indexed(start)
    end_c = end.subs(size)
    end_atoms = _indexed(end_c)
    if not atoms or not all(len(a.indices) == 1 and a.indices[0].is_Integer for a in atoms):
        return None
    if not all(len(a.indices) == 1 and a.indices[0].is_Integer for a in end_atoms):
        return None
    variables = [sympy.Dummy(f"i{n}") for n in range(len(atoms))]
    template = start.xreplace({a: a.base[v] for a, v in zip(atoms, variables, strict=True)})
    firsts = sorted(set(itertools.permutations(int(a.indices[0]) for a in atoms)))
    hi = max((int(a.indices[0]) for a in end_atoms), default=-1)
    lasts = [last for last in itertools.product(range(hi + 1), repeat=len(variables))
             if sympy.simplify(template.subs(dict(zip(variables, last, strict=True)))
                               - end_c) == 0]
    return (template, variables, firsts, lasts) if lasts else None


def _runs(firsts: list[tuple[int, ...]], lasts: list[tuple[int, ...]],
          template: sympy.Basic, variables: list[sympy.Symbol],
          following: sympy.Basic | None, preceding: sympy.Basic | None = None
          ) -> list[list[tuple[int, ...]]]:
    """Every reading of one ellipsis run, over the candidate first and last tuples."""
    found: list[list[tuple[int, ...]]] = []
    for first in firsts:
        for last in lasts:
            for run in _runs_between(first, last, template, variables, following,
                                      preceding):
                if run not in found:
                    found.append(run)
    return found


def _continues(order: list[tuple[int, ...]], start: int, template: sympy.Basic,
               variables: list[sympy.Symbol], preceding: sympy.Basic) -> bool:
    """False when the entry before the run fits the template but is not the tuple
    the enumeration puts before the run's first tuple."""
    def fits(index: tuple[int, ...]) -> bool:
        return sympy.simplify(template.subs(dict(zip(variables, index, strict=True)))
                              - preceding) == 0
    if start > 0 and fits(order[start - 1]):
        return True
    return not any(fits(index) for index in order)


def _runs_between(first: tuple[int, ...], last: tuple[int, ...], template: sympy.Basic,
                  variables: list[sympy.Symbol], following: sympy.Basic | None,
                  preceding: sympy.Basic | None = None) -> list[list[tuple[int, ...]]]:
    """Index sequences from ``first`` to ``last``: for one index a range; for several,
    every standard enumeration (all ordered tuples, i ≤ j, i < j) in which the run
    ends naturally: ``last`` is the enumeration's final tuple, or the explicit entry
    after the run (``following``) is the next tuple of that enumeration. So
    ``x_1 x_2, …, x_{D−1} x_D`` reads as i < j only, and ``x_1 x_1, …, x_1 x_D,
    x_2 x_1, …`` as all ordered pairs."""
    if len(first) == 1:
        return [[(i,) for i in range(first[0], last[0] + 1)]] if first <= last else []
    lo = 0 if 0 in first else 1
    found = []
    for top in sorted({max(last), max(last) + 1, *range(max(last), EXPAND_D + 2)}):
        pool = range(lo, top + 1)
        for enumerate_ in (itertools.product(pool, repeat=len(first)),
                           itertools.combinations_with_replacement(pool, len(first)),
                           itertools.combinations(pool, len(first))):
            order = list(enumerate_)
            if first not in order or last not in order:
                continue
            start, stop = order.index(first), order.index(last)
            if stop < start:
                continue
            natural = stop == len(order) - 1 and top == max(last)
            if not natural and following is not None and stop + 1 < len(order):
                after = dict(zip(variables, order[stop + 1], strict=True))
                natural = sympy.simplify(template.subs(after) - following) == 0
            if natural and preceding is not None:
                natural = _continues(order, start, template, variables, preceding)
            if natural:
                if order[start:stop + 1] not in found:
                    found.append(order[start:stop + 1])
                # The first enumeration that fits wins: all ordered tuples (x ⊗ x,
                # the form the question's hint gives) before i ≤ j before i < j.
                break
    return found


def expand_list(items: tuple[sympy.Basic, ...], dim: int = EXPAND_D
                ) -> list[list[sympy.Basic]] | None:
    """Every reading of a list with ellipses, for a concrete dimension.

    ``[1, x_1, …, x_D, x_1²/√2, …, x_D²/√2]`` becomes the explicit list for
    D = ``dim``. The dimension symbol is whatever symbol appears in the indices
    (D, d, n). An ellipsis that two enumerations fit (``x_1², x_1 x_2, …, x_D²``:
    all ordered pairs, or i ≤ j) gives one reading per enumeration. None when
    an ellipsis cannot be generalised.
    """
    symbols = _index_symbols(items)
    if len(symbols) > 1:
        return None
    size = {s: dim for s in symbols}
    vectors = _vector_names(items)
    readings: list[list[sympy.Basic]] = [[]]
    position = 0
    while position < len(items):
        item = items[position]
        if isinstance(item, Dots):
            if position == 0 or position + 1 >= len(items):
                return None
            start, end = items[position - 1], items[position + 1]
            fit = _template(start, end, size)
            if fit is None:
                return None
            template, variables, firsts, lasts = fit
            following = (items[position + 2].subs(size) if position + 2 < len(items)
                         and not isinstance(items[position + 2], Dots) else None)
            preceding = (items[position - 2].subs(size) if position >= 2
                         and not isinstance(items[position - 2], Dots) else None)
            runs = _runs(firsts, lasts, template, variables, following, preceding)
            if not runs:
                return None
            new = []
            for reading in readings:
                for run in runs:
                    body = [template.subs(dict(zip(variables, idx, strict=True)))
                            for idx in run[1:]]  # run[0] is ``start``, already there
                    new.append(reading + body)
            readings = new[:MAX_READINGS]
            position += 2  # ``end`` is the run's last element
            continue
        expanded = _expand_item(item.subs(size), dim, vectors)
        if expanded is None:
            return None
        readings = [[*r, *expanded] for r in readings]
        position += 1
    return readings


def _evaluate(features: list[sympy.Basic], vector: np.ndarray, offset: int
              ) -> np.ndarray | None:
    """φ(vector) for an explicit feature list; None if a feature is not a number."""
    out = []
    for feature in features:
        values = {}
        for atom in _indexed(feature):
            index = int(atom.indices[0]) - offset
            if not 0 <= index < len(vector):
                return None
            values[atom] = sympy.Float(float(vector[index]))
        number = sympy.sympify(feature).xreplace(values)
        if number.free_symbols:
            return None
        out.append(float(number))
    return np.array(out)


def _offset_and_dim(features: list[sympy.Basic]) -> tuple[int, int] | None:
    indices = [int(a.indices[0]) for f in features for a in _indexed(f)
               if len(a.indices) == 1 and a.indices[0].is_Integer]
    if not indices:
        return None
    offset = 0 if min(indices) == 0 else 1
    return offset, max(indices) - offset + 1


def _label_reading(features: list[sympy.Basic]) -> tuple[str, str]:
    """Label one explicit reading by evaluating φ(q)ᵀφ(k) on random pairs."""
    shape = _offset_and_dim(features)
    if shape is None:
        return "unreadable", "no indexed entries"
    offset, dim = shape
    rng = np.random.default_rng(12)
    square_diff = None
    for _ in range(N_PAIRS):
        q, k = rng.integers(-2, 3, size=dim), rng.integers(-2, 3, size=dim)
        phi_q, phi_k = _evaluate(features, q, offset), _evaluate(features, k, offset)
        if phi_q is None or phi_k is None:
            return "unreadable", "an entry is not a number once indices are filled in"
        got = float(phi_q @ phi_k)
        s = float(q @ k)
        want = 1 + s + s * s / 2
        if abs(got - want) > MATCH_TOL * max(1.0, abs(want)):
            squares = 1 + s + float(np.sum((q * k) ** 2)) / 2
            pair = (f"q = {tuple(int(v) for v in q)}, k = {tuple(int(v) for v in k)}: "
                    f"φ(q)ᵀφ(k) = {got:g} but 1 + qᵀk + (qᵀk)²/2 = {want:g}")
            if abs(got - squares) <= MATCH_TOL * max(1.0, abs(squares)):
                square_diff = square_diff or pair
                continue
            return "incorrect", pair
    if square_diff is not None:
        return "squares_only", square_diff
    return "correct", f"φ(q)ᵀφ(k) = 1 + qᵀk + (qᵀk)²/2 on {N_PAIRS} random pairs (D = {dim})"


def feature_map_check(inp: PropertyInput) -> PropertyVerdict:
    """Is the student's φ a map with ``φ(q)ᵀφ(k) = 1 + qᵀk + (qᵀk)²/2``?

    Finds the student's list (``φ(q)ᵀ = [1, q_1, …, q_D, q_1²/√2, …]``, variable
    named x, q or k), expands each ellipsis for D = ``EXPAND_D`` by generalising
    its neighbours to an index pattern, and evaluates the inner product for
    random integer pairs. Labels: ``correct``; ``squares_only`` (the product
    equals ``1 + qᵀk + Σ(q_i k_i)²/2``, the cross terms dropped); ``incorrect``
    (evidence: a pair where they differ); ``unreadable`` when no list is found,
    an ellipsis cannot be expanded, or two readings of an ellipsis disagree.
    """
    found = _find_list(inp)
    if found is None:
        return PropertyVerdict("unreadable", evidence="no list φ(x) = [...] found")
    shown = f"φ = [{', '.join(to_text(item) for item in found)}]"
    bases = _vector_names(found)
    if len(bases) != 1:
        return PropertyVerdict("unreadable", evidence=f"entries use variables {sorted(bases)}",
                               interpreted_as=shown)
    readings = expand_list(tuple(found))
    if not readings:
        return PropertyVerdict("unreadable", evidence="could not expand the ellipses",
                               interpreted_as=shown)
    labels = [_label_reading(r) for r in readings]
    if len({label for label, _ in labels}) > 1:
        detail = "; ".join(f"{label} ({len(r)} entries)"
                           for (label, _), r in zip(labels, readings, strict=True))
        return PropertyVerdict("unreadable", evidence=f"the ellipses have several readings: "
                               f"{detail}", interpreted_as=shown)
    label, evidence = labels[0]
    feedback = f"For example, with {evidence}." if label in ("incorrect", "squares_only") else ""
    return PropertyVerdict(label, evidence=evidence, feedback=feedback, interpreted_as=shown)
