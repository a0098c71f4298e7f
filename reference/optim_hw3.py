"""Reference answers for ``optim-hw3`` (backpropagation and optimisation).

Every answer is computed, never typed in:

* complexities come from an operation-count model of an MLP (``L`` layers of
  width ``d``, mini-batch ``B``), reduced to dominant terms;
* the softmax cross-entropy gradient is differentiated by sympy and checked
  numerically against the student's expression (:func:`grad_logits_check`);
* the gradient-descent closed form solves the recurrence with ``rsolve``, and
  the stable step sizes solve ``|1 − η a| < 1`` (:func:`stable_range_check`);
* the momentum tables come from running the update rules with numpy;
* the Gaussian KL is integrated symbolically from the densities (and checked
  against numerical integration in ``tests/reference/test_optim_hw3.py``).

Symbols: ``L`` layers, ``B`` batch size, ``d`` width, ``a`` curvature, ``η``
step size, ``t`` steps, ``x_0`` start; ``μ_1, σ_1, μ_2, σ_2`` the Gaussians.
"""

from __future__ import annotations

import functools
import math
import random
from collections.abc import Callable

import numpy as np
import sympy

from grader.checks.complexity import dominant_terms
from grader.checks.property import PropertyInput, PropertyVerdict, values_match

L = sympy.Symbol("L", positive=True)
B = sympy.Symbol("B", positive=True)
d = sympy.Symbol("d", positive=True)
SIZES: tuple[sympy.Symbol, ...] = (L, B, d)

a = sympy.Symbol("a", positive=True)
eta = sympy.Symbol("eta", positive=True)
t = sympy.Symbol("t", integer=True, nonnegative=True)
x = sympy.IndexedBase("x")
mu = sympy.IndexedBase("mu")
sigma = sympy.IndexedBase("sigma")

# A backward pass costs about two forward passes: one product for the input
# gradient and one for the weight gradient per forward product.
BACKWARD_FACTOR = 2


# ----------------------------------------------------------------- Q1: costs

def layer_forward_cost(width_in: sympy.Expr = d, width_out: sympy.Expr = d) -> sympy.Expr:
    """Multiply-adds of one dense layer over the mini-batch, plus the activation."""
    return B * width_in * width_out + B * width_out


def forward_count() -> sympy.Expr:
    """A forward pass: every layer once."""
    return L * layer_forward_cost()


@functools.cache
def forward_time() -> sympy.Expr:
    """Forward pass over a mini-batch: ``L B d²``."""
    return dominant_terms(forward_count(), SIZES)


@functools.cache
def backward_time() -> sympy.Expr:
    """Backward pass: a constant multiple of the forward pass, ``L B d²``."""
    return dominant_terms(BACKWARD_FACTOR * forward_count(), SIZES)


@functools.cache
def backward_time_written_out() -> sympy.Expr:
    """Forward plus backward with the constant kept (``3 L B d²``)."""
    return sympy.expand((1 + BACKWARD_FACTOR) * L * B * d**2)


def activation_count(stored_layers: sympy.Expr) -> sympy.Expr:
    """Numbers kept for the backward pass when ``stored_layers`` layers' activations
    are stored (pre-activation and output per layer and example)."""
    return stored_layers * B * (d + d)


def weight_count() -> sympy.Expr:
    return L * (d**2 + d)


@functools.cache
def activation_memory() -> sympy.Expr:
    """Every layer's activations are kept: ``L B d``."""
    return dominant_terms(activation_count(L), SIZES)


@functools.cache
def activation_memory_with_weights() -> sympy.Expr:
    """Activations plus the weights: ``L B d + L d²``."""
    return dominant_terms(activation_count(L) + weight_count(), SIZES)


def checkpoint_count() -> sympy.Expr:
    """√L checkpoints are stored, and one segment of √L layers is recomputed and
    held at a time during the backward pass."""
    segment = sympy.sqrt(L)
    return activation_count(L / segment) + activation_count(segment)


@functools.cache
def checkpointing() -> sympy.Expr:
    """Activation memory with √L checkpoints: ``√L B d``.

    The shared ``dominant_terms`` orders polynomials, so the count is written
    in ``r = √L`` (a polynomial in r, B, d) and mapped back.
    """
    r = sympy.Symbol("r", positive=True)
    in_root = sympy.expand(checkpoint_count().xreplace({L: r**2}))
    return dominant_terms(in_root, (r, B, d)).xreplace({r: sympy.sqrt(L)})


# ----------------------------------------------------------------- Q2: softmax CE

K_CLASSES = 4
_GRAD_TRIALS = 5


@functools.cache
def symbolic_gradient(k: int = K_CLASSES) -> tuple[sympy.Expr, ...]:
    """``∂ℓ/∂z_i`` of ``−Σ y_i log softmax(z)_i``, differentiated by sympy."""
    zs = sympy.symbols(f"z0:{k}", real=True)
    ys = sympy.symbols(f"y0:{k}", real=True)
    total = sum(sympy.exp(z) for z in zs)
    loss = -sum(y * sympy.log(sympy.exp(z) / total) for y, z in zip(ys, zs, strict=True))
    return tuple(sympy.diff(loss, z) for z in zs)


@functools.cache
def _gradient_function(k: int) -> Callable[..., list[float]]:
    """The sympy gradient compiled to numpy once."""
    zs = sympy.symbols(f"z0:{k}", real=True)
    ys = sympy.symbols(f"y0:{k}", real=True)
    return sympy.lambdify([zs, ys], list(symbolic_gradient(k)), "numpy")


def _gradient_at(z: np.ndarray, y: np.ndarray) -> np.ndarray:
    # the one-hot constraint Σ y = 1 is used by evaluation, not by the symbols
    return np.array(_gradient_function(len(z))(z.tolist(), y.tolist()), dtype=float)


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max())
    return e / e.sum()


def _finite_sums(expr: sympy.Basic, size: int) -> sympy.Basic:
    """``Σ_j f(j)`` with unstated limits as the sum over the ``size`` components."""
    def expand(s: sympy.Sum) -> sympy.Expr:
        body = s.function
        for index, *_limits in reversed(s.limits):
            body = sympy.Add(*[body.xreplace({index: sympy.Integer(c)}) for c in range(size)])
        return body
    return expr.replace(lambda e: isinstance(e, sympy.Sum), expand)


def evaluate_component(expr: sympy.Basic, vectors: dict[str, np.ndarray], functions:
                       dict[str, np.ndarray], component: int) -> float | None:
    """Component ``component`` of a vector expression written in the student's way:
    ``p − y`` (whole vectors), ``p_i − y_i`` or ``e^{z_i}/Σ_j e^{z_j} − y_i``
    (one component), ``softmax(z) − y`` (functions of a vector).
    """
    size = len(next(iter(vectors.values())))
    expr = _finite_sums(expr, size)
    replace: dict[sympy.Basic, sympy.Basic] = {sympy.Symbol("e"): sympy.E}
    for atom in expr.atoms(sympy.Indexed):
        name, index = str(atom.base.label), atom.indices[0]
        if name not in vectors or len(atom.indices) != 1:
            return None
        position = component if index.free_symbols else int(index)
        if not 0 <= position < size:
            return None
        replace[atom] = sympy.Float(vectors[name][position])
    expr = expr.xreplace(replace)
    for call in expr.atoms(sympy.Function):
        name = type(call).__name__
        if name in functions:
            expr = expr.xreplace({call: sympy.Float(functions[name][component])})
    expr = expr.xreplace({sympy.Symbol(name): sympy.Float(v[component])
                          for name, v in vectors.items()})
    try:
        value = complex(expr.evalf())
    except (TypeError, ValueError, AttributeError):
        return None
    return value.real if abs(value.imag) < 1e-9 else None


def _last_side(expr: sympy.Basic) -> sympy.Basic:
    while isinstance(expr, sympy.Eq):
        expr = expr.rhs
    return expr


def _candidates(inp: PropertyInput) -> list[sympy.Basic]:
    """The answer's statements (its definitions, ``p = softmax(z)``, left out)."""
    return [_last_side(e) for e in inp.stated()]


def _softmax_names(inp: PropertyInput) -> set[str]:
    """Names the answer uses for ``softmax(z)``: ``p`` when the text mentions the
    softmax at all ("p is the softmax output"), and any name defined as it
    ("with s = softmax(z)")."""
    names = {"p"} if "softmax" in inp.text.lower() else set()
    for name, value in (inp.definitions or {}).items():
        if isinstance(name, sympy.Symbol) and any(
                type(f).__name__ == "softmax" for f in value.atoms(sympy.Function)):
            names.add(name.name)
    return names


def _grad_label(expr: sympy.Basic, softmax_names: set[str]) -> str | None:
    """Which vector ``expr`` computes for random logits: the gradient, a listed
    mistake, or None (unreadable or something else)."""
    rng = np.random.default_rng(3)
    mistakes: dict[str, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
        "correct": lambda p, y: p - y,
        "sign_flipped": lambda p, y: y - p,
        "label_missing": lambda p, y: p,
        "jacobian_diagonal": lambda p, y: p * (1 - p),
    }
    alive = set(mistakes)
    for _ in range(_GRAD_TRIALS):
        z = rng.normal(size=K_CLASSES)
        y = np.eye(K_CLASSES)[rng.integers(K_CLASSES)]
        p = _softmax(z)
        vectors = {"z": z, "y": y} | {name: p for name in softmax_names}
        values = [evaluate_component(expr, vectors, {"softmax": p}, c)
                  for c in range(K_CLASSES)]
        if any(v is None for v in values):
            return None
        got = np.array(values, dtype=float)
        reference = _gradient_at(z, y)
        alive = {name for name in alive
                 if values_match(mistakes[name](p, y) if name != "correct" else reference, got,
                                 rtol=1e-5, atol=1e-6)}
    return next(iter(sorted(alive))) if alive else "incorrect"


def grad_logits_check(inp: PropertyInput) -> PropertyVerdict:
    """``∂ℓ/∂z`` evaluated for random logits and one-hot labels; ``p`` (or another
    name) counts as ``softmax(z)`` only when the answer says so."""
    softmax_names = _softmax_names(inp)
    # a lone name ("y", "p") is a fragment of a derivation, not a stated gradient
    readings = [(expr, _grad_label(expr, softmax_names)) for expr in _candidates(inp)
                if isinstance(expr, sympy.Expr)
                and not isinstance(expr, sympy.Symbol | sympy.Indexed)]
    return consensus([(sympy.sstr(e), label) for e, label in readings if label is not None])


def consensus(readings: list[tuple[str, str]]) -> PropertyVerdict:
    """One verdict from every statement read: agreed, or left to a TA.

    A side remark ("for 1/a < η < 2/a it oscillates") or a limit in the other
    direction on the same line would otherwise decide the grade.
    """
    if not readings:
        return PropertyVerdict("unreadable", evidence="nothing read could be evaluated")
    labels = {label for _text, label in readings}
    evidence = "; ".join(f"read {text}: {label}" for text, label in readings)
    if len(labels) > 1:
        return PropertyVerdict("unreadable", evidence=f"statements disagree: {evidence}")
    return PropertyVerdict(labels.pop(), evidence=evidence, interpreted_as=readings[-1][0])


# ----------------------------------------------------------------- Q3: GD, momentum

@functools.cache
def closed_form() -> sympy.Expr:
    """``x_t`` of gradient descent on ``(a/2) x²``, by solving the recurrence."""
    f = sympy.Function("f")
    x_prev = sympy.Symbol("x_prev")
    step = x_prev - eta * sympy.diff(a * x_prev**2 / 2, x_prev)
    solution = sympy.rsolve(f(t + 1) - step.subs(x_prev, f(t)), f(t), {f(0): x[0]})
    # rsolve writes (1 − η a)^t as (−1)^t (η a − 1)^t; one power evaluates the same
    # on every branch
    return sympy.powsimp(sympy.factor(solution), force=True)


def closed_form_without_curvature() -> sympy.Expr:
    """Misconception: the curvature ``a`` dropped (``a = 1`` in the solution)."""
    return closed_form().subs(a, 1)


def closed_form_linearised() -> sympy.Expr:
    """Misconception: ``x_0 − t η a x_0``, the first-order expansion in ``η``."""
    series = sympy.series(closed_form(), eta, 0, 2).removeO()
    return sympy.expand(series)


@functools.cache
def stable_set() -> sympy.Set:
    """Step sizes for which ``|1 − η a| < 1``, i.e. every ``x_0`` converges."""
    e = sympy.Symbol("e", real=True)
    factor = 1 - e * a
    return sympy.solveset(sympy.Abs(factor) < 1, e, sympy.S.Reals)


@functools.cache
def _stable_interval(curvature: float) -> tuple[float, float]:
    interval = stable_set().subs(a, curvature)
    return float(interval.inf), float(interval.sup)


@functools.cache
def _no_oscillation_interval(curvature: float) -> tuple[float, float]:
    """Misconception: ``0 < 1 − η a``, the range where the iterates do not change sign."""
    e = sympy.Symbol("e", real=True)
    interval = sympy.solveset(1 - e * curvature > 0, e, sympy.Interval.open(0, sympy.oo))
    return float(interval.inf), float(interval.sup)


def _relations(inp: PropertyInput) -> list[sympy.Basic]:
    found = [e for e in (inp.final or inp.exprs)
             if isinstance(e, sympy.Rel | sympy.And | sympy.Or) and not isinstance(e, sympy.Eq)]
    if not found and inp.final:
        found = [e for e in inp.exprs if isinstance(e, sympy.Rel | sympy.And | sympy.Or)
                 and not isinstance(e, sympy.Eq)]
    return found


def _holds(condition: sympy.Basic, step: sympy.Rational, curvature: sympy.Rational
           ) -> bool | None:
    from grader.mathread.objects import Norm
    condition = condition.replace(lambda e: isinstance(e, Norm), lambda e: sympy.Abs(e.args[0]))
    names = {s.name for s in condition.free_symbols}
    if not names <= {"eta", "a"} or "eta" not in names:
        return None
    value = condition.xreplace({sympy.Symbol("eta"): step, sympy.Symbol("a"): curvature})
    return bool(value) if value in (sympy.true, sympy.false) else None


def _membership(condition: sympy.Basic, curvature: sympy.Rational,
                steps: list[sympy.Rational]) -> tuple[bool, ...] | None:
    out = []
    for step in steps:
        holds = _holds(condition, step, curvature)
        if holds is None:
            return None
        out.append(holds)
    return tuple(out)


def stable_range_check(inp: PropertyInput) -> PropertyVerdict:
    """The student's condition on ``η`` as a set of step sizes (``η > 0``, as a step
    size is), compared with ``{η : |1 − η a| < 1}`` at sampled ``a`` on a grid of
    ``η``. A set that differs only at an endpoint is left to a TA."""
    relations = _relations(inp)
    if not relations:
        return PropertyVerdict("unreadable", evidence="no condition on η read")
    verdicts = [_stable_range_verdict(condition) for condition in relations]
    agreed = consensus([(str(c), v.label) for c, v in zip(relations, verdicts, strict=True)])
    if agreed.label != "incorrect":
        return agreed
    return PropertyVerdict("incorrect", evidence=agreed.evidence,
                           feedback="Your range of step sizes is not the one for which "
                                    "the iteration contracts for every start.")


def _stable_range_verdict(condition: sympy.Basic) -> PropertyVerdict:
    verdicts = set()
    for curvature in (sympy.Rational(1, 3), sympy.Rational(3, 2), sympy.Rational(5)):
        lo, hi = _stable_interval(float(curvature))
        calm_hi = _no_oscillation_interval(float(curvature))[1]
        ends = {sympy.nsimplify(v) for v in (hi, calm_hi)}
        interior = [sympy.Rational(k, 16) / curvature for k in range(1, 64)]
        interior = [s for s in interior if s not in ends]
        got = _membership(condition, curvature, interior)
        if got is None:
            return PropertyVerdict("unreadable", evidence=f"could not evaluate {condition}")
        stable = tuple(lo < float(s) < hi for s in interior)
        calm = tuple(0 < float(s) < calm_hi for s in interior)
        if got == stable:
            endpoint = _membership(condition, curvature, [sympy.nsimplify(hi)])
            verdicts.add("correct" if endpoint == (False,) else "endpoint")
        elif got == calm:
            verdicts.add("sufficient_not_necessary")
        else:
            verdicts.add("incorrect")
    if len(verdicts) != 1:
        return PropertyVerdict("unreadable", evidence=f"differs with a: {sorted(verdicts)}")
    verdict = verdicts.pop()
    if verdict == "endpoint":
        return PropertyVerdict("unreadable", evidence="the range differs only at η = 2/a")
    return PropertyVerdict(verdict, evidence=f"read {condition}")


MOMENTUM_SETTING = {"a": 1.0, "eta": 0.5, "beta": 0.5, "x0": 1.0, "v0": 0.0}
MOMENTUM_STEPS = 5


def grad_f(position: float, curvature: float = MOMENTUM_SETTING["a"]) -> float:
    return curvature * position


def momentum_step(prev: dict[str, float]) -> dict[str, float]:
    """Heavy ball, first convention: ``v ← β v − η f'(x)``, ``x ← x + v``."""
    s = MOMENTUM_SETTING
    v = s["beta"] * prev["v"] - s["eta"] * grad_f(prev["x"])
    return {"x": prev["x"] + v, "v": v}


def momentum_step_gradient_sum(prev: dict[str, float]) -> dict[str, float]:
    """Second convention: ``v ← β v + f'(x)``, ``x ← x − η v``."""
    s = MOMENTUM_SETTING
    v = s["beta"] * prev["v"] + grad_f(prev["x"])
    return {"x": prev["x"] - s["eta"] * v, "v": v}


def momentum_step_stale_velocity(prev: dict[str, float]) -> dict[str, float]:
    """Misconception: ``x`` moved with the previous velocity, ``x ← x + v_t``."""
    s = MOMENTUM_SETTING
    v = s["beta"] * prev["v"] - s["eta"] * grad_f(prev["x"])
    return {"x": prev["x"] + prev["v"], "v": v}


def gradient_descent_step(prev: dict[str, float]) -> dict[str, float]:
    """Misconception: plain gradient descent (``v`` is the step taken)."""
    v = -MOMENTUM_SETTING["eta"] * grad_f(prev["x"])
    return {"x": prev["x"] + v, "v": v}


def run_table(step: Callable[[dict[str, float]], dict[str, float]],
              start: dict[str, float] | None = None) -> np.ndarray:
    """Rows ``x`` and ``v`` for ``t = 0 .. MOMENTUM_STEPS``."""
    state = dict(start or {"x": MOMENTUM_SETTING["x0"], "v": MOMENTUM_SETTING["v0"]})
    columns = [state]
    for _ in range(MOMENTUM_STEPS):
        state = step(state)
        columns.append(state)
    return np.array([[c["x"] for c in columns], [c["v"] for c in columns]])


def momentum_table() -> np.ndarray:
    return run_table(momentum_step)


def momentum_table_gradient_sum() -> np.ndarray:
    return run_table(momentum_step_gradient_sum)


def momentum_table_stale_velocity() -> np.ndarray:
    return run_table(momentum_step_stale_velocity)


def momentum_table_gradient_descent() -> np.ndarray:
    return run_table(gradient_descent_step)


def momentum_table_x_row_only() -> np.ndarray:
    """The ``x`` row right, no ``v`` row (NaN: the row is absent)."""
    table = momentum_table().copy()
    table[1, :] = np.nan
    return table


def momentum_characteristic_roots() -> list[sympy.Expr]:
    """Roots of ``r² − (1 + β − η a) r + β`` for the question's values."""
    s = MOMENTUM_SETTING
    r = sympy.Symbol("r")
    beta_, step_ = sympy.nsimplify(s["beta"]), sympy.nsimplify(s["eta"] * s["a"])
    return sympy.solve(r**2 - (1 + beta_ - step_) * r + beta_, r)


# ----------------------------------------------------------------- Q4: KL

def gaussian_density(value: sympy.Expr, mean: sympy.Expr, sd: sympy.Expr) -> sympy.Expr:
    return sympy.exp(-(value - mean) ** 2 / (2 * sd**2)) / (sd * sympy.sqrt(2 * sympy.pi))


@functools.cache
def _kl_symbolic() -> tuple[sympy.Expr, tuple[sympy.Symbol, ...]]:
    """``∫ p log(p/q)`` for p = N(m1, s1²), q = N(m2, s2²), integrated by sympy."""
    v = sympy.Symbol("v", real=True)
    m1, m2 = sympy.symbols("m1 m2", real=True)
    s1, s2 = sympy.symbols("s1 s2", positive=True)
    p = gaussian_density(v, m1, s1)
    log_ratio = sympy.expand(sympy.expand_log(
        sympy.log(p) - sympy.log(gaussian_density(v, m2, s2)), force=True))
    # E_p[log p − log q]: a polynomial in v of degree 2, so the first two moments do.
    poly = sympy.Poly(log_ratio, v)
    moments = {0: 1, 1: m1, 2: s1**2 + m1**2}
    value = sum(c * moments[k] for (k,), c in poly.terms())
    return sympy.expand(sympy.expand_log(value, force=True)), (m1, s1, m2, s2)


def kl_gaussians_between(mean_p: sympy.Expr, sd_p: sympy.Expr, mean_q: sympy.Expr,
                         sd_q: sympy.Expr) -> sympy.Expr:
    """``KL(N(mean_p, sd_p²) ‖ N(mean_q, sd_q²))`` in closed form."""
    value, (m1, s1, m2, s2) = _kl_symbolic()
    return value.xreplace({m1: mean_p, s1: sd_p, m2: mean_q, s2: sd_q})


def kl_gaussians() -> sympy.Expr:
    """``KL(N(μ_1, σ_1²) ‖ N(μ_2, σ_2²))`` in the assignment's symbols."""
    return kl_gaussians_between(mu[1], sigma[1], mu[2], sigma[2])


def kl_gaussians_no_half() -> sympy.Expr:
    """Misconception: the constant ``−1/2`` left out."""
    return kl_gaussians() + sympy.Rational(1, 2)


def kl_gaussians_swapped() -> sympy.Expr:
    """Misconception: ``KL(q ‖ p)``, the two distributions swapped."""
    return kl_gaussians_between(mu[2], sigma[2], mu[1], sigma[1])


def kl_gaussians_sd_for_variance() -> sympy.Expr:
    """Misconception: the standard deviations where variances belong in the fraction."""
    s1, s2 = sympy.symbols("s1 s2", positive=True)
    fraction = sympy.expand(kl_gaussians_between(mu[1], s1, mu[2], s2) - sympy.log(s2 / s1))
    first_power = fraction.replace(
        lambda e: e.is_Pow and e.base in (s1, s2) and abs(e.exp) == 2,
        lambda e: e.base ** sympy.sign(e.exp))
    return sympy.log(sigma[2] / sigma[1]) + first_power.xreplace({s1: sigma[1], s2: sigma[2]})


def kl_numeric(mean_p: float, sd_p: float, mean_q: float, sd_q: float,
               points: int = 400_001) -> float:
    """The KL by numerical integration of ``p log(p/q)`` over ``mean_p ± 40 sd_p``
    (for the reference's own test)."""
    grid = np.linspace(mean_p - 40 * sd_p, mean_p + 40 * sd_p, points)
    log_p = -((grid - mean_p) ** 2) / (2 * sd_p**2) - math.log(sd_p * math.sqrt(2 * math.pi))
    log_q = -((grid - mean_q) ** 2) / (2 * sd_q**2) - math.log(sd_q * math.sqrt(2 * math.pi))
    return float(np.trapezoid(np.exp(log_p) * (log_p - log_q), grid))


def random_kl_parameters(seed: int) -> tuple[float, float, float, float]:
    rng = random.Random(seed)
    return (rng.uniform(-2, 2), rng.uniform(0.3, 3), rng.uniform(-2, 2), rng.uniform(0.3, 3))
