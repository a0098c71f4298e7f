"""Reference answers for ``seqmodels-a5`` (sequence models, attention, VAEs, GANs).

Every answer is computed, never typed in:

* complexities come from an explicit operation-count model (the cost of every
  matrix product per layer per step, summed as sympy expressions), reduced to
  its dominant terms by :func:`dominant_terms`;
* the GDA tables come from running the update rules with numpy;
* the min-max value comes from solving the stationarity conditions of ``p q``;
* ``2b.average_query`` is checked by :func:`average_query_check`, which
  evaluates the softmax attention numerically for the student's query.

Symbols: ``t`` sequence length, ``n`` neurons per layer, ``L`` layers.
"""

from __future__ import annotations

import functools
import itertools
import math

import numpy as np
import sympy

from grader.checks.complexity import dominant_terms as shared_dominant_terms
from grader.checks.property import PropertyInput, PropertyVerdict, name_index
from grader.mathread import to_text
from grader.mathread.objects import KL, Expect, Prob

t = sympy.Symbol("t", positive=True)
n = sympy.Symbol("n", positive=True)
L = sympy.Symbol("L", positive=True)
SIZES: tuple[sympy.Symbol, ...] = (t, n, L)


# ----------------------------------------------------------------- op counts

def dominant_terms(count: sympy.Expr, symbols: tuple[sympy.Symbol, ...] = SIZES) -> sympy.Expr:
    """The dominant terms of a cost in t, n, L (see the shared helper)."""
    return shared_dominant_terms(count, symbols)


def matmul_cost(rows: sympy.Expr, inner: sympy.Expr, cols: sympy.Expr) -> sympy.Expr:
    """Multiply-adds of a (rows × inner) by (inner × cols) product."""
    return rows * inner * cols


# A backward pass costs about two forward passes (one product for the input
# gradient, one for the weight gradient per forward product).
BACKWARD_FACTOR = 2


def rnn_step_cost() -> sympy.Expr:
    """Operations of one RNN layer at one time step: ``h = tanh(W_hh h + W_xh x + b)``."""
    recurrent = matmul_cost(n, n, 1)        # W_hh h_{t-1}
    input_ = matmul_cost(n, n, 1)           # W_xh x_t (the layer below has width n)
    elementwise = 2 * n                     # bias and nonlinearity
    return recurrent + input_ + elementwise


def rnn_forward_count() -> sympy.Expr:
    """Operations of a forward pass: every layer at every step."""
    return L * t * rnn_step_cost()


def tf_layer_cost(queries: sympy.Expr, keys: sympy.Expr) -> sympy.Expr:
    """Operations of one encoder layer for ``queries`` positions attending to ``keys``.

    Projections Q, K, V and output (n×n each), scores ``Q Kᵀ``, softmax, the
    weighted sum ``A V``, a feed-forward block (two n×n products) and layer norm.
    With ``queries == keys == t`` this is a full layer; with ``queries == 1`` it is
    one autoregressive step against a key/value cache of length ``keys``.
    """
    projections = 4 * matmul_cost(queries, n, n)
    scores = matmul_cost(queries, n, keys)
    softmax = 3 * queries * keys              # exp, row sum, divide
    mix = matmul_cost(queries, keys, n)
    ffn = 2 * matmul_cost(queries, n, n)
    norms = 2 * 4 * queries * n
    return projections + scores + softmax + mix + ffn + norms


@functools.cache
def rnn_train_time() -> sympy.Expr:
    """RNN training time: forward plus backward through time, dominant terms (``t n² L``)."""
    return dominant_terms((1 + BACKWARD_FACTOR) * rnn_forward_count())


@functools.cache
def rnn_test_time() -> sympy.Expr:
    """RNN test time: one forward pass, dominant terms (``t n² L``)."""
    return dominant_terms(rnn_forward_count())


def rnn_train_memory(*, with_weights: bool = False) -> sympy.Expr:
    """Numbers held during training: every layer's hidden and pre-activation state
    at every step (backpropagation through time), optionally the weights."""
    activations = L * t * (n + n)
    weights = L * (2 * n**2 + n)
    return activations + (weights if with_weights else 0)


def rnn_test_memory(*, with_weights: bool = False) -> sympy.Expr:
    """Numbers held at test time: each layer's current hidden state and its input."""
    activations = L * (n + n)
    weights = L * (2 * n**2 + n)
    return activations + (weights if with_weights else 0)


@functools.cache
def rnn_train_space() -> sympy.Expr:
    """RNN training memory, activations only, dominant terms (``t n L``)."""
    return dominant_terms(rnn_train_memory())


@functools.cache
def rnn_train_space_with_weights() -> sympy.Expr:
    """RNN training memory counting the weights too (``t n L + n² L``)."""
    return dominant_terms(rnn_train_memory(with_weights=True))


@functools.cache
def rnn_test_space() -> sympy.Expr:
    """RNN test memory, activations only, dominant terms (``n L``)."""
    return dominant_terms(rnn_test_memory())


def tf_forward_count() -> sympy.Expr:
    """Operations of a Transformer encoder forward pass: ``L`` full layers."""
    return L * tf_layer_cost(t, t)


def tf_generation_count() -> sympy.Expr:
    """Operations of generating ``t`` tokens one at a time with a key/value cache:
    step ``s`` runs every layer for one query against ``s`` cached keys."""
    s = sympy.Symbol("s", positive=True, integer=True)
    return sympy.summation(L * tf_layer_cost(1, s), (s, 1, t))


@functools.cache
def tf_train_time() -> sympy.Expr:
    """Transformer training time: forward plus backward, dominant terms
    (``L (t² n + t n²)``)."""
    return dominant_terms((1 + BACKWARD_FACTOR) * tf_forward_count())


@functools.cache
def tf_test_time() -> sympy.Expr:
    """Transformer test time: the cached autoregressive generation, dominant terms
    (``L (t² n + t n²)``, the same order as one full forward pass)."""
    test = dominant_terms(tf_generation_count())
    assert test == dominant_terms(tf_forward_count()), "generation and encoding disagree"
    return test


def tf_train_memory(*, with_weights: bool = False) -> sympy.Expr:
    """Numbers kept for the backward pass: per layer the t×t attention map (scores
    and softmax) and the t×n activations (Q, K, V, mix, FFN, norms)."""
    attention_maps = 2 * t * t
    activations = 8 * t * n
    weights = 6 * n**2
    return L * (attention_maps + activations + (weights if with_weights else 0))


def tf_test_memory() -> sympy.Expr:
    """Numbers kept while generating: the key/value cache (2 t n per layer) and one
    row of scores for the current query."""
    return L * (2 * t * n + t + 4 * n)


@functools.cache
def tf_train_space() -> sympy.Expr:
    """Transformer training memory, dominant terms (``L (t² + t n)``)."""
    return dominant_terms(tf_train_memory())


@functools.cache
def tf_train_space_with_weights() -> sympy.Expr:
    """Transformer training memory counting weights (``t² L + t n L + n² L``)."""
    return dominant_terms(tf_train_memory(with_weights=True))


@functools.cache
def tf_test_space() -> sympy.Expr:
    """Transformer test memory with a key/value cache, dominant terms (``t n L``)."""
    return dominant_terms(tf_test_memory())


# --------------------------------------------------------------------- GDA

STEPS = 6


def _alternating_step(p: float, q: float) -> tuple[float, float]:
    """One alternating GDA step on ``f = p q`` with step 1: ascent on q, then
    descent on p with the new q."""
    q_next = q + p          # ∂f/∂q = p
    p_next = p - q_next     # ∂f/∂p = q, at the updated q
    return p_next, q_next


def gda_step(prev: dict[str, float], cur: dict[str, float] | None = None) -> dict[str, float]:
    """The table checker's recurrence: the next ``p`` and ``q`` from the previous ones.

    ``cur`` holds the student's own values at the new step, if any: the p update
    uses the new q, so it is computed from the student's new q when given (a slip
    in q then does not also cost the p derived from it).

    Example:
        >>> gda_step({"p": 1, "q": 1})
        {'p': -1, 'q': 2}
    """
    p_next, q_next = _alternating_step(prev["p"], prev["q"])
    if cur and "q" in cur:
        p_next = prev["p"] - cur["q"]
    return {"p": p_next, "q": q_next}


def _simultaneous_step(p: float, q: float) -> tuple[float, float]:
    return p - q, q + p


def _p_first_step(p: float, q: float) -> tuple[float, float]:
    p_next = p - q
    return p_next, q + p_next


def _run(step: object, start: tuple[int, int] = (1, 1), steps: int = STEPS) -> np.ndarray:
    table = np.zeros((2, steps + 1), dtype=int)
    table[:, 0] = start
    for i in range(steps):
        table[:, i + 1] = step(*table[:, i])  # type: ignore[operator]
    return table


@functools.cache
def _gda_table() -> np.ndarray:
    return _run(_alternating_step)


def gda_table() -> np.ndarray:
    """Row 0 ``p_0..p_6``, row 1 ``q_0..q_6`` under alternating updates from (1, 1)."""
    return _gda_table().copy()


def gda_table_simultaneous() -> np.ndarray:
    """The table under simultaneous updates (both gradients at the old point)."""
    return _run(_simultaneous_step)


def gda_table_p_first() -> np.ndarray:
    """The table when p is updated first and q then uses the new p."""
    return _run(_p_first_step)


@functools.cache
def minmax_value() -> sympy.Expr:
    """``min_p max_q p q``: the value at the stationary point, checked to be a saddle.

    Solves ``∇(p q) = 0`` with sympy, checks that the Hessian is indefinite (a
    saddle, so the min-max is attained there) and returns ``f`` at that point.
    """
    p, q = sympy.symbols("p q", real=True)
    f = p * q
    points = sympy.solve([sympy.diff(f, p), sympy.diff(f, q)], [p, q], dict=True)
    assert len(points) == 1
    eigen = sympy.hessian(f, (p, q)).eigenvals()
    assert any(e < 0 for e in eigen) and any(e > 0 for e in eigen), "not a saddle"
    return sympy.simplify(f.subs(points[0]))


# -------------------------------------------------------------------- ELBO

_x, _z = sympy.symbols("x z")
_p, _q = sympy.symbols("p q")


def _q_z_given_x() -> Prob:
    return Prob(_q, sympy.Tuple(_z), sympy.Tuple(_x))


def elbo_definition() -> sympy.Expr:
    """``∫ q(z|x) log(p(x, z) / q(z|x)) dz``, the definition of L(q)."""
    q_zx = _q_z_given_x()
    p_xz = Prob(_p, sympy.Tuple(_x, _z), sympy.Tuple())
    return sympy.Integral(q_zx * sympy.log(p_xz / q_zx), _z)


def elbo_target() -> sympy.Expr:
    """``E_{q(z|x)}[log p(x|z)] − KL(q(z|x) ‖ p(z))``, the asked form."""
    q_zx = _q_z_given_x()
    p_x_given_z = Prob(_p, sympy.Tuple(_x), sympy.Tuple(_z))
    p_z = Prob(_p, sympy.Tuple(_z), sympy.Tuple())
    return Expect(q_zx, sympy.log(p_x_given_z)) - KL(q_zx, p_z)


# ------------------------------------------------------- 2b: average query

N_KEYS = 6
KEY_DIM = 8
LARGE_VALUES = (30.0, 60.0)   # free scalars such as β are "≫ 0": try two large values
AVERAGE_TOL = 1e-3            # ‖z − (v_a + v_b)/2‖ relative to ‖v‖


def _find_query(inp: PropertyInput) -> sympy.Expr | None:
    """The student's final ``q = …`` (boxed answers first, then the last equation)."""
    for exprs in (inp.final, inp.exprs):
        found = None
        for expr in exprs:
            for eq in _equations(expr):
                if isinstance(eq.lhs, sympy.Symbol) and eq.lhs.name == "q":
                    found = eq.rhs
        if found is not None:
            return found
    return None


def _equations(expr: sympy.Basic) -> list[sympy.Eq]:
    """Every equation in ``expr``; a chain ``a = b = c`` gives ``a = c`` too."""
    if isinstance(expr, sympy.Equality):
        sides = _chain_sides(expr)
        return [sympy.Eq(sides[0], s, evaluate=False) for s in sides[1:]]
    if isinstance(expr, sympy.Tuple):
        return [eq for item in expr for eq in _equations(item)]
    return []


def _chain_sides(expr: sympy.Basic) -> list[sympy.Basic]:
    if isinstance(expr, sympy.Equality):
        return _chain_sides(expr.lhs) + _chain_sides(expr.rhs)
    return [expr]


def _orthonormal(rows: int, dim: int, rng: np.random.Generator) -> np.ndarray:
    basis, _ = np.linalg.qr(rng.standard_normal((dim, rows)))
    return basis.T[:rows]


def _query_coefficients(query: sympy.Expr, large: float
                        ) -> tuple[dict[str, float], str] | tuple[None, str]:
    """Write the query as coefficients over named keys, free scalars set to ``large``."""
    keys: dict[sympy.Basic, str] = {}
    scalars: dict[sympy.Basic, float] = {}
    for atom in query.atoms(sympy.Symbol, sympy.Indexed):
        if isinstance(atom, sympy.Symbol) and any(
                atom in idx.free_symbols for idx in query.atoms(sympy.Indexed)):
            continue  # an index such as the a of k_a
        named = name_index(atom)
        if named is not None and named[0] == "k":
            keys[atom] = str(named[1])
        elif isinstance(atom, sympy.Symbol):
            scalars[atom] = large
        else:
            return None, f"cannot read {atom} as a key or a scalar"
    if not keys:
        return None, "the query uses no keys"
    # Plain dummies for the keys: sympy differentiates Indexed objects with
    # KroneckerDelta(a, b), as if k_a and k_b might be the same entry.
    dummies = {key: sympy.Dummy(str(key)) for key in keys}
    expr = query.xreplace(scalars).xreplace(dummies)
    coefficients: dict[str, float] = {}
    for key, name in keys.items():
        coefficient = sympy.diff(expr, dummies[key])
        if coefficient.free_symbols:
            return None, f"the query is not linear in the keys ({key})"
        coefficients[name] = coefficients.get(name, 0.0) + float(coefficient)
    rest = sympy.expand(expr.xreplace({dummies[key]: 0 for key in keys}))
    if rest != 0:
        return None, f"the query has a part that is not a key: {rest}"
    return coefficients, ""


def average_query_check(inp: PropertyInput) -> PropertyVerdict:
    """Does the student's query make ``z ≈ (v_a + v_b)/2``? Checked numerically.

    Draws ``N_KEYS`` random orthonormal keys and random values (fixed seed),
    writes the student's ``q`` as coefficients over ``k_a``, ``k_b`` and other
    keys, with every free scalar (β, c, …) set to a large value (two values, to
    check the limit), computes softmax attention ``z`` and compares it with the
    average of ``v_a`` and ``v_b``.

    Labels: ``correct``; ``no_large_factor`` (equal positive weights on k_a, k_b
    but too small to wash out the other keys); ``unequal_weights``;
    ``incorrect``; ``unreadable``.
    """
    query = _find_query(inp)
    if query is None:
        return PropertyVerdict("unreadable", evidence="no equation q = … found")
    rng = np.random.default_rng(5)
    key_vectors = _orthonormal(N_KEYS, KEY_DIM, rng)
    values = rng.standard_normal((N_KEYS, 3))
    target = (values[0] + values[1]) / 2
    scale = float(np.linalg.norm(values, axis=1).mean())
    results = []
    shown = f"q = {to_text(query)}"
    for large in LARGE_VALUES:
        coefficients, why = _query_coefficients(query, large)
        if coefficients is None:
            return PropertyVerdict("unreadable", evidence=why, interpreted_as=shown)
        slots = _assign_keys(coefficients)
        if slots is None:
            return PropertyVerdict("unreadable", evidence=f"too many keys in {shown}",
                                   interpreted_as=shown)
        q_vec = sum(c * key_vectors[slots[name]] for name, c in coefficients.items())
        scores = key_vectors @ q_vec
        weights = np.exp(scores - scores.max())
        weights /= weights.sum()
        z = weights @ values
        results.append((coefficients, weights, float(np.linalg.norm(z - target)) / scale))
    coefficients, weights, _error = results[-1]
    evidence = (f"with free scalars = {LARGE_VALUES}: relative error of z "
                f"{', '.join(f'{r[2]:.2e}' for r in results)}; weights {np.round(weights, 4)}")
    if all(r[2] < AVERAGE_TOL for r in results):
        return PropertyVerdict("correct", evidence=evidence, interpreted_as=shown)
    c_a, c_b = coefficients.get("a", 0.0), coefficients.get("b", 0.0)
    others = [abs(c) for name, c in coefficients.items() if name not in ("a", "b")]
    if c_a > 0 and c_b > 0 and not math.isclose(c_a, c_b, rel_tol=1e-9):
        return PropertyVerdict("unequal_weights", evidence=evidence, interpreted_as=shown)
    if c_a > 0 and math.isclose(c_a, c_b, rel_tol=1e-9) and all(o < c_a for o in others):
        return PropertyVerdict("no_large_factor", evidence=evidence, interpreted_as=shown)
    return PropertyVerdict("incorrect", evidence=evidence, interpreted_as=shown)


def _assign_keys(coefficients: dict[str, float]) -> dict[str, int] | None:
    """Give each key name a distinct key vector: ``a`` → 0, ``b`` → 1, others after."""
    slots = {"a": 0, "b": 1}
    free = itertools.count(2)
    for name in sorted(coefficients):
        if name not in slots:
            slots[name] = next(free)
    if max(slots.values()) >= N_KEYS:
        return None
    return slots
