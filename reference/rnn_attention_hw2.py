"""Reference answers for ``rnn-attention-hw2`` (what small RNNs and attention compute).

Computed, never typed in:

* the norms of ``x_1 = d + b``, ``x_2 = a``, ``x_3 = c + d`` from the Gram
  matrix ``β² I`` of the orthogonal vectors a, b, c, d;
* complexities from operation counts, reduced to dominant terms;
* ``1.closed_form`` by :func:`closed_form_check`, which simulates the recurrence
  ``H_t = X_t − H_{t−1}`` and compares with the student's expression;
* ``2b.outputs`` by :func:`outputs_check`, which computes the exact softmax
  attention outputs for random orthogonal vectors of a finite large norm.

Symbols: ``T`` tokens (and time steps), ``d`` dimension, ``beta`` the norm β.
In Q2 ``d`` is also a vector name; the two never meet in one part.
"""

from __future__ import annotations

import functools
import math
import re

import numpy as np
import sympy

from grader.checks.complexity import dominant_terms
from grader.checks.property import PropertyInput, PropertyVerdict, name_index, values_match
from grader.mathread import to_text
from grader.mathread.objects import Dots

T = sympy.Symbol("T", positive=True)
d = sympy.Symbol("d", positive=True)
beta = sympy.Symbol("beta", positive=True)

VECTORS = ("a", "b", "c", "d")
# x_i as coefficients over (a, b, c, d)
INPUTS = {1: (0, 1, 0, 1), 2: (1, 0, 0, 0), 3: (0, 0, 1, 1)}


# ------------------------------------------------------------- 2a: norms

def gram_matrix() -> sympy.Matrix:
    """Inner products of a, b, c, d: mutually orthogonal, each of norm β."""
    return sympy.Matrix(4, 4, lambda i, j: beta**2 if i == j else 0)


def input_norm(i: int) -> sympy.Expr:
    """``‖x_i‖ = sqrt(cᵀ G c)`` for the coefficient vector c of x_i."""
    c = sympy.Matrix(INPUTS[i])
    return sympy.sqrt(sympy.simplify((c.T * gram_matrix() * c)[0, 0]))


@functools.cache
def norm_x1() -> sympy.Expr:
    """``‖d + b‖`` (``√2 β``)."""
    return input_norm(1)


@functools.cache
def norm_x2() -> sympy.Expr:
    """``‖a‖`` (``β``)."""
    return input_norm(2)


@functools.cache
def norm_x3() -> sympy.Expr:
    """``‖c + d‖`` (``√2 β``)."""
    return input_norm(3)


# ------------------------------------------------------ Q3: complexities

def standard_attention_count() -> sympy.Expr:
    """Operations of softmax self-attention over T tokens of dimension d."""
    scores = T * T * d            # q_iᵀ k_j for every pair
    softmax = 3 * T * T
    mix = T * T * d               # Σ_j α_ij v_j for every i
    return scores + softmax + mix


def linear_attention_count() -> sympy.Expr:
    """Operations of ``y_i = (Σ_j v_j k_jᵀ) q_i`` with the sum computed once."""
    outer_products = T * d * d    # Σ_j v_j k_jᵀ: T outer products of size d×d
    per_query = T * d * d         # one d×d matrix times q_i for each i
    return outer_products + per_query


@functools.cache
def standard_attention_time() -> sympy.Expr:
    """Time of softmax self-attention, dominant terms (``T² d``)."""
    return dominant_terms(standard_attention_count(), (T, d))


@functools.cache
def linear_attention_time() -> sympy.Expr:
    """Time of linear self-attention, dominant terms (``T d²``)."""
    return dominant_terms(linear_attention_count(), (T, d))


# ------------------------------------------------------ shared reading


def _chain_sides(expr: sympy.Basic) -> list[sympy.Basic]:
    if isinstance(expr, sympy.Equality):
        return _chain_sides(expr.lhs) + _chain_sides(expr.rhs)
    if isinstance(expr, sympy.And):
        return _linked_chain([a for a in expr.args if isinstance(a, sympy.Equality)])
    return [expr]


def _linked_chain(equations: list[sympy.Equality]) -> list[sympy.Basic]:
    """``a = b = c`` reads as And(Eq(a, b), Eq(b, c)), whose arguments sympy
    sorts; follow the shared sides to get the chain back in order."""
    rhs_sides = {eq.rhs for eq in equations}
    start = next((eq for eq in equations if eq.lhs not in rhs_sides), None)
    if start is None:
        return []
    chain, current, left = [start.lhs, start.rhs], start, set(equations) - {start}
    while left:
        current = next((eq for eq in left if eq.lhs == current.rhs), None)
        if current is None:
            break
        chain.append(current.rhs)
        left.discard(current)
    return chain


def _equations(exprs: tuple[sympy.Basic, ...]) -> list[list[sympy.Basic]]:
    """Each equation (or chain ``a = b = c``) as the list of its sides."""
    out = []
    for expr in exprs:
        items = list(expr) if isinstance(expr, sympy.Tuple) else [expr]
        out.extend(_chain_sides(item) for item in items
                   if isinstance(item, sympy.Equality | sympy.And))
    return out


# ------------------------------------------------------ 1: closed form

SIMULATE_T = (2, 4, 6)
DRAWS = 3
INPUT_SCALE = 1e-3       # keeps 1000·H_T of order 1, so the sigmoid does not saturate
FORM_TOL = 1e-6          # on the sigmoid's argument, relative to its size
SIGMOID_NAMES = {"sigmoid", "sigma", "σ", "Sigmoid", "sig"}
H0_STATED = re.compile(r"H_\{?0\}?\s*(=|:=)\s*0(?![.\d])")


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _logit(y: float) -> float:
    return math.log(y / (1.0 - y))


def _is_y_t(expr: sympy.Basic) -> bool:
    named = name_index(expr)
    return named is not None and named[0] in ("Y", "y") and str(named[1]) in ("T", "t")


def _closed_form_candidates(inp: PropertyInput) -> list[sympy.Basic]:
    """Right-hand sides for Y_T, last first (the final answer wins); bare
    expressions with a sigmoid when no equation names Y_T."""
    found = []
    for exprs in (inp.final, inp.exprs):
        for sides in _equations(exprs):
            if _is_y_t(sides[0]):
                found.extend(sides[1:])
    if not found:
        found = [e for e in inp.exprs if not isinstance(e, sympy.Equality)
                 and any(str(f.func) in SIGMOID_NAMES for f in e.atoms(sympy.Function))]
    return found[::-1]


def _simulate(xs: np.ndarray, h0: float) -> float:
    h = h0
    for x in xs:
        h = x - h
    return h


def _evaluate_form(form: sympy.Basic, xs: np.ndarray, h0: float) -> float | None:
    """The student's Y_T for concrete inputs; None when it cannot be evaluated."""
    if form.has(Dots):
        return None
    # ``\sigma(u)`` may come back as the product sigma·u: read it as sigmoid(u).
    factors = sympy.Mul.make_args(form)
    sigma = [f for f in factors if isinstance(f, sympy.Symbol) and f.name in SIGMOID_NAMES]
    if len(sigma) == 1:
        form = sympy.Function("sigmoid")(sympy.Mul(*(f for f in factors if f is not sigma[0])))
    by_name: dict[sympy.Basic, sympy.Basic] = {}
    for symbol in form.free_symbols:
        if isinstance(symbol, sympy.Symbol) and symbol.name in ("T", "t"):
            by_name[symbol] = sympy.Integer(len(xs))
    concrete = form.xreplace(by_name).doit()
    values: dict[sympy.Basic, sympy.Basic] = {}
    for atom in concrete.atoms(sympy.Indexed, sympy.Symbol):
        named = name_index(atom)
        if named is None:
            continue
        base, index = named
        if not index.is_Integer:
            continue
        if base in ("X", "x") and 1 <= int(index) <= len(xs):
            values[atom] = sympy.Float(float(xs[int(index) - 1]))
        elif base in ("H", "h") and int(index) == 0:
            values[atom] = sympy.Float(h0)
        else:
            return None
    concrete = concrete.xreplace(values)
    concrete = concrete.replace(
        lambda e: isinstance(e, sympy.Function) and str(e.func) in SIGMOID_NAMES,
        lambda e: 1 / (1 + sympy.exp(-e.args[0])))
    number = sympy.N(concrete)
    if number.free_symbols or not number.is_real:
        return None
    return float(number)


def _mentions_h0(form: sympy.Basic) -> bool:
    for atom in form.atoms(sympy.Indexed, sympy.Symbol):
        named = name_index(atom)
        if named and named[0] in ("H", "h") and named[1] == 0:
            return True
    return False


def _h0_stated_zero(inp: PropertyInput) -> bool:
    for sides in _equations(inp.exprs):
        named = name_index(sides[0])
        if named and named[0] in ("H", "h") and named[1] == 0 and sides[-1] == 0:
            return True
    return bool(H0_STATED.search(inp.text))


def closed_form_check(inp: PropertyInput) -> PropertyVerdict:
    """Does the student's Y_T agree with simulating ``H_t = X_t − H_{t−1}``?

    For each candidate right-hand side of ``Y_T = …`` (the last first), for
    T = 2, 4, 6 and a few random inputs of size ``INPUT_SCALE`` (so that
    ``1000 H_T`` is of order 1 and the sigmoid does not saturate), substitutes T,
    expands sums (``X_{2i−1}`` index arithmetic included), reads the sigmoid's
    argument back with a logit and compares it with ``1000 H_T``.

    Labels: ``correct``; ``sign_flipped`` (the inputs' part has the wrong sign);
    ``no_factor_1000``; ``drops_h0`` (H_0 left out and never stated to be 0; with
    the statement it is ``correct``); ``incorrect``; ``unreadable``.
    """
    candidates = _closed_form_candidates(inp)
    if not candidates:
        return PropertyVerdict("unreadable", evidence="no expression for Y_T found")
    rng = np.random.default_rng(7)
    draws = [(rng.uniform(-1, 1, size=length) * INPUT_SCALE,
              float(rng.uniform(-1, 1) * INPUT_SCALE))
             for length in SIMULATE_T for _ in range(DRAWS)]
    for form in candidates:
        arguments = []
        for xs, h0 in draws:
            y = _evaluate_form(form, xs, h0)
            if y is None or not 0.0 < y < 1.0:
                arguments = None
                break
            arguments.append((_logit(y), xs, h0))
        if arguments is None:
            continue
        return _label_closed_form(form, arguments, inp)
    return PropertyVerdict("unreadable", evidence="could not evaluate any expression for Y_T "
                           f"(tried {len(candidates)}: {', '.join(map(str, candidates))})")


def _label_closed_form(form: sympy.Basic, arguments: list[tuple[float, np.ndarray, float]],
                       inp: PropertyInput) -> PropertyVerdict:
    shown = f"Y_T = {to_text(form)}"
    has_h0 = _mentions_h0(form)

    def matches(factor: float, sign: float, with_h0: bool) -> bool:
        for got, xs, h0 in arguments:
            inputs_part = _simulate(xs, 0.0)
            want = factor * (sign * inputs_part + (h0 if with_h0 else 0.0))
            if not values_match(want, got, rtol=FORM_TOL, atol=FORM_TOL):
                return False
        return True

    evidence = (f"T={len(arguments[0][1])}: sigmoid argument {arguments[0][0]:.6g}, "
                f"1000·H_T = {1000 * _simulate(arguments[0][1], arguments[0][2]):.6g}")
    h0_ok = has_h0 or _h0_stated_zero(inp)
    for factor, sign, label in ((1000.0, 1.0, "correct"), (1000.0, -1.0, "sign_flipped"),
                                (-1000.0, 1.0, "sign_flipped"),
                                (1.0, 1.0, "no_factor_1000"), (1.0, -1.0, "sign_flipped"),
                                (-1.0, 1.0, "sign_flipped")):
        if matches(factor, sign, with_h0=has_h0):
            if label == "correct" and not h0_ok:
                label = "drops_h0"
            elif label == "no_factor_1000" and not h0_ok:
                label = "incorrect"
                evidence += "; both the factor 1000 and H_0 are missing"
            return PropertyVerdict(label, evidence=evidence, interpreted_as=shown)
    return PropertyVerdict("incorrect", evidence=evidence, interpreted_as=shown)


# ------------------------------------------------------ 2b: outputs

N_DIM = 6
BETA_LARGE = 10.0        # the limit: exp(−β²) ≈ 4e−44
BETA_SMALL = 1.0         # tells the exact mixture from a mixture with wrong scores
OUTPUT_TOL = 1e-2        # ‖y − y_exact‖ ≤ OUTPUT_TOL · β
MIXTURE_MIN_WEIGHT = 1e-3  # a softmax mixture gives every input a visible weight
ZERO_OFF_DIAGONAL = re.compile(
    r"(0|zero)\s+(if|when|for)\s+i\s*(is\s+not\s+equal\s+to|≠|\\neq|!=)\s*j", re.I)


def _vectors(norm: float) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(3)
    basis, _ = np.linalg.qr(rng.standard_normal((N_DIM, 4)))
    return {name: norm * basis[:, i] for i, name in enumerate(VECTORS)}


def exact_outputs(norm: float) -> np.ndarray:
    """Rows y_1, y_2, y_3: softmax self-attention with q = k = v = x, no scaling."""
    vectors = _vectors(norm)
    x = np.array([sum(c * vectors[n] for c, n in zip(INPUTS[i], VECTORS, strict=True))
                  for i in (1, 2, 3)])
    scores = x @ x.T
    weights = np.exp(scores - scores.max(axis=1, keepdims=True))
    weights /= weights.sum(axis=1, keepdims=True)
    return weights @ x


def _output_forms(inp: PropertyInput) -> dict[int, sympy.Basic]:
    """``y_i = …`` for i = 1, 2, 3; in a chain ``y_1 = x_1 = d + b`` the last side
    counts, and ``y_1 = y_3 = e`` gives e to both."""
    forms: dict[int, sympy.Basic] = {}
    for exprs in (inp.exprs, inp.final):
        for sides in _equations(exprs):
            outputs = []
            for side in sides:
                named = name_index(side)
                if named and named[0] == "y" and named[1] in (1, 2, 3):
                    outputs.append(int(named[1]))
            rest = [s for s in sides if (name_index(s) or ("", 0))[0] != "y"]
            if outputs and rest:
                for i in outputs:
                    forms[i] = rest[-1]
    return forms


def _vector_value(form: sympy.Basic, norm: float) -> np.ndarray | None:
    """The numeric vector of an expression linear in a, b, c, d and x_1..x_3, with
    scalar coefficients that may depend on β."""
    vectors = _vectors(norm)
    dummies = {name: sympy.Dummy(name) for name in VECTORS}
    replace: dict[sympy.Basic, sympy.Basic] = {}
    for atom in form.atoms(sympy.Symbol, sympy.Indexed):
        named = name_index(atom)
        if isinstance(atom, sympy.Symbol) and atom.name in dummies:
            replace[atom] = dummies[atom.name]
        elif isinstance(atom, sympy.Symbol) and atom.name in ("beta", "β"):
            replace[atom] = sympy.Float(norm)
        elif isinstance(atom, sympy.Symbol) and atom.name == "e":
            replace[atom] = sympy.E
        elif named and named[0] == "x" and named[1] in (1, 2, 3):
            replace[atom] = sum(c * dummies[n]
                                for c, n in zip(INPUTS[int(named[1])], VECTORS, strict=True))
        elif isinstance(atom, sympy.Symbol) and any(
                atom in i.free_symbols for i in form.atoms(sympy.Indexed)):
            continue
        else:
            return None
    expr = sympy.expand(form.xreplace(replace))
    total = np.zeros(N_DIM)
    for name, dummy in dummies.items():
        coefficient = sympy.N(sympy.diff(expr, dummy))
        if coefficient.free_symbols or not coefficient.is_real:
            return None
        total += float(coefficient) * vectors[name]
    rest = sympy.N(expr.xreplace({dm: 0 for dm in dummies.values()}))
    if rest != 0:
        return None
    return total


def outputs_check(inp: PropertyInput) -> PropertyVerdict:
    """Are the student's y_1, y_2, y_3 the attention outputs for large β?

    With random orthogonal a, b, c, d of norm β = ``BETA_LARGE`` the student's
    expressions (in a, b, c, d or x_1..x_3, possibly with β) are evaluated and
    compared with the exact softmax outputs, within ``OUTPUT_TOL · β``. An
    answer that depends on β must also match the exact outputs at
    β = ``BETA_SMALL``; one that only matches the limit used wrong scores.

    Labels: ``correct`` (``y_i ≈ x_i`` or the exact mixture);
    ``averages_x1_x3``; ``wrong_score_matrix``; ``incorrect``; ``unreadable``
    when the three outputs cannot all be found and evaluated.
    """
    forms = _output_forms(inp)
    if set(forms) != {1, 2, 3}:
        return PropertyVerdict("unreadable", evidence=f"found outputs {sorted(forms)} of y_1..y_3")
    shown = "; ".join(f"y_{i} = {to_text(forms[i])}" for i in (1, 2, 3))
    large = [_vector_value(forms[i], BETA_LARGE) for i in (1, 2, 3)]
    if any(v is None for v in large):
        return PropertyVerdict("unreadable", evidence="an output is not a vector expression "
                               "in a, b, c, d, x_1..x_3 and β", interpreted_as=shown)
    exact = exact_outputs(BETA_LARGE)
    errors = [float(np.linalg.norm(v - e)) / BETA_LARGE
              for v, e in zip(large, exact, strict=True)]
    evidence = f"at β = {BETA_LARGE:g}: relative errors {', '.join(f'{e:.2e}' for e in errors)}"
    if all(e <= OUTPUT_TOL for e in errors):
        if any(s.name in ("beta", "β") for i in (1, 2, 3) for s in forms[i].free_symbols):
            small = [_vector_value(forms[i], BETA_SMALL) for i in (1, 2, 3)]
            exact_small = exact_outputs(BETA_SMALL)
            if any(v is None or float(np.linalg.norm(v - e)) > OUTPUT_TOL * BETA_SMALL
                   for v, e in zip(small, exact_small, strict=True)):
                return PropertyVerdict("wrong_score_matrix", evidence=evidence +
                                       f"; differs from the exact mixture at β = {BETA_SMALL:g}",
                                       interpreted_as=shown)
        feedback = ""
        if ZERO_OFF_DIAGONAL.search(inp.text):
            feedback = ("Note that x_1 and x_3 share d, so their score x_1ᵀx_3 is β², not 0; "
                        "the limit is unchanged because the self-scores are larger.")
        return PropertyVerdict("correct", evidence=evidence, feedback=feedback,
                               interpreted_as=shown)
    vectors = _vectors(BETA_LARGE)
    x = {i: sum(c * vectors[n] for c, n in zip(INPUTS[i], VECTORS, strict=True))
         for i in (1, 2, 3)}
    average = (x[1] + x[3]) / 2
    if all(float(np.linalg.norm(large[i - 1] - average)) <= OUTPUT_TOL * BETA_LARGE
           for i in (1, 3)):
        return PropertyVerdict("averages_x1_x3", evidence=evidence, interpreted_as=shown)
    weights = _mixture_weights(large, x)  # type: ignore[arg-type]
    if weights is not None:
        rows = "; ".join("(" + ", ".join(f"{w:.3g}" for w in row) + ")" for row in weights)
        return PropertyVerdict("wrong_score_matrix", evidence=evidence +
                               f"; each output is a softmax mixture of x_1, x_2, x_3 with "
                               f"weights {rows}, not the exact ones", interpreted_as=shown)
    return PropertyVerdict("incorrect", evidence=evidence, interpreted_as=shown)


def _mixture_weights(outputs: list[np.ndarray], x: dict[int, np.ndarray]
                     ) -> list[np.ndarray] | None:
    """The weights of each output over x_1, x_2, x_3 when every output is a
    softmax mixture of them (all weights positive, summing to 1), else None.

    Such an answer computed attention with some score matrix, just not xᵢᵀxⱼ
    (e.g. cosine similarities): each token weighs itself most. A limit answer
    (one-hot rows) or one plain average for every token is not one.
    """
    basis = np.stack([x[1], x[2], x[3]], axis=1)
    out = []
    for own, y in enumerate(outputs):
        w, *_ = np.linalg.lstsq(basis, y, rcond=None)
        if float(np.linalg.norm(basis @ w - y)) > OUTPUT_TOL * BETA_LARGE:
            return None
        if abs(float(w.sum()) - 1.0) > OUTPUT_TOL or float(w.min()) <= MIXTURE_MIN_WEIGHT:
            return None
        if any(float(w[own]) <= float(w[k]) + MIXTURE_MIN_WEIGHT for k in range(3) if k != own):
            return None
        out.append(w)
    return out
