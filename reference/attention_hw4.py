"""Reference answers for ``attention-hw4`` (multi-head attention, temperature, positions).

Every answer is computed, never typed in:

* parameter counts and costs come from the shapes of the projections, per head;
* the temperature table is the softmax of ``z / τ`` at each ``τ`` (numpy), and
  the limits ``τ → 0⁺`` and ``τ → ∞`` are taken by sympy;
* the shift matrix comes from the angle-addition formulas (composing the
  rotation by ``ωp`` with the rotation by ``ωk``) and is checked numerically
  against the student's matrix (:func:`shift_matrix_check`);
* ``Var(qᵀk)`` is computed with ``sympy.stats`` from standard normal entries;
* log-sum-exp identities are evaluated at random ``x`` and ``m``
  (:func:`logsumexp_check`).

Symbols: ``d`` model width, ``h`` heads, ``n`` sequence length.
"""

from __future__ import annotations

import functools
import random

import numpy as np
import sympy
from sympy import stats

from grader.checks.complexity import dominant_terms
from grader.checks.property import PropertyInput, PropertyVerdict, equations, values_match

d = sympy.Symbol("d", positive=True)
h = sympy.Symbol("h", positive=True)
n = sympy.Symbol("n", positive=True)
SIZES: tuple[sympy.Symbol, ...] = (n, d, h)


# ----------------------------------------------------------------- Q1: MHA

def parameter_count(*, head_width: sympy.Expr = d / h, output: bool = True,
                    biases: bool = False) -> sympy.Expr:
    """Weights of one multi-head self-attention layer: per head a ``d × head_width``
    projection for each of Q, K, V, and the output projection ``(h·head_width) × d``."""
    per_head = 3 * d * head_width + (3 * head_width if biases else 0)
    out = (h * head_width * d + (d if biases else 0)) if output else 0
    return sympy.expand(h * per_head + out)


def mha_params() -> sympy.Expr:
    """``4d²``."""
    return parameter_count()


def mha_params_with_biases() -> sympy.Expr:
    """``4d² + 4d``."""
    return parameter_count(biases=True)


def mha_params_full_width_heads() -> sympy.Expr:
    """Misconception: every head given ``d × d`` projections (``4hd²``)."""
    return parameter_count(head_width=d)


def mha_params_no_output() -> sympy.Expr:
    """Misconception: the output projection forgotten (``3d²``)."""
    return parameter_count(output=False)


def mha_cost(head_width: sympy.Expr = d / h) -> sympy.Expr:
    """Multiply-adds for ``n`` positions: projections, per-head scores ``Q Kᵀ``,
    softmax, per-head mixing ``A V`` and the output projection."""
    projections = 3 * n * d * (h * head_width)
    scores = h * n * n * head_width
    softmax = 3 * h * n * n
    mix = h * n * n * head_width
    output = n * (h * head_width) * d
    return sympy.expand(projections + scores + softmax + mix + output)


def _dominant(count: sympy.Expr) -> sympy.Expr:
    # h ≤ d: the softmax's h n² never dominates n² d
    return dominant_terms(count.xreplace({h: 1}), (n, d))


@functools.cache
def mha_time() -> sympy.Expr:
    """``n d² + n² d``."""
    return _dominant(mha_cost())


def mha_time_long_sequences() -> sympy.Expr:
    """With ``n > d`` the attention term alone: the term of highest degree in ``n``."""
    return max(sympy.Add.make_args(mha_time()), key=lambda term: sympy.degree(term, n))


def mha_time_factored() -> sympy.Expr:
    """``n d (n + d)``."""
    return sympy.factor(mha_time())


def mha_time_per_head_full() -> sympy.Expr:
    """Misconception: the attention term multiplied by ``h`` (``h n² d``)."""
    return sympy.expand(h * n**2 * d)


# ----------------------------------------------------------------- Q2: temperature

LOGITS = (1, 2, 3)
TEMPERATURES = (sympy.Rational(1, 2), sympy.Integer(1), sympy.Integer(2))


def softmax_at(logits: tuple[float, ...], temperature: float) -> np.ndarray:
    z = np.asarray(logits, dtype=float) / float(temperature)
    e = np.exp(z - z.max())
    return e / e.sum()


def temperature_table() -> np.ndarray:
    """Rows ``τ ∈ {0.5, 1, 2}``, columns ``i = 1, 2, 3``."""
    return np.array([softmax_at(LOGITS, tau) for tau in TEMPERATURES])


def temperature_table_multiplied() -> np.ndarray:
    """Misconception: logits multiplied by ``τ`` (the ``τ = 0.5`` and ``τ = 2`` rows swap)."""
    return np.array([softmax_at(LOGITS, 1 / tau) for tau in TEMPERATURES])


@functools.cache
def softmax_limit(direction: str) -> tuple[sympy.Expr, ...]:
    """``lim softmax_τ(z)`` for ``τ → 0⁺`` (``direction="zero"``) or ``τ → ∞``."""
    tau = sympy.Symbol("tau", positive=True)
    exps = [sympy.exp(sympy.Integer(z) / tau) for z in LOGITS]
    point = 0 if direction == "zero" else sympy.oo
    return tuple(sympy.limit(e / sum(exps), tau, point, "+" if point == 0 else "-")
                 for e in exps)


def _vectors(inp: PropertyInput, size: int) -> list[tuple[float, ...]]:
    out = []
    for expr in (inp.final or inp.exprs):
        while isinstance(expr, sympy.Eq):
            expr = expr.rhs
        if isinstance(expr, sympy.Tuple) and len(expr) == size:
            try:
                out.append(tuple(float(v) for v in expr))
            except TypeError:
                continue
    return out


def _limit_check(inp: PropertyInput, right: str, wrong: str, words: dict[str, tuple[str, ...]]
                 ) -> PropertyVerdict:
    limits = {"zero": softmax_limit("zero"), "infinity": softmax_limit("infinity")}
    vectors = _vectors(inp, len(LOGITS))
    text = inp.text.lower()
    said = {name for name, phrases in words.items() if any(p in text for p in phrases)}
    if vectors and said == {right, wrong}:
        # both limits described in one answer, only one vector read: a TA reads it
        return PropertyVerdict("unreadable", evidence=f"words for both limits; read {vectors}")
    if vectors:
        # both limits on one line ("→ (0,0,1) and for τ → ∞ (1/3,1/3,1/3)"): a TA reads it
        if len(set(vectors)) > 1:
            return PropertyVerdict("unreadable", evidence=f"several vectors read: {vectors}")
        got = vectors[-1]
        for name, label in ((right, "correct"), (wrong, "other_limit")):
            if values_match([float(v) for v in limits[name]], got, rtol=1e-5, atol=1e-6):
                return PropertyVerdict(label, evidence=f"read {got}")
        return PropertyVerdict("incorrect", evidence=f"read {got}",
                               feedback="Your vector is not the limit of the softmax.")
    if said == {right}:
        return PropertyVerdict("correct", evidence="stated in words")
    if said == {wrong}:
        return PropertyVerdict("other_limit", evidence="stated in words")
    return PropertyVerdict("unreadable", evidence=f"no vector; words for {sorted(said)}")


LIMIT_WORDS = {"zero": ("one-hot", "one hot", "onehot", "argmax", "arg max", "hardmax"),
               "infinity": ("uniform",)}


def limit_zero_check(inp: PropertyInput) -> PropertyVerdict:
    """``τ → 0⁺``: the vector read, or "one-hot on the argmax" in words."""
    return _limit_check(inp, "zero", "infinity", LIMIT_WORDS)


def limit_infinity_check(inp: PropertyInput) -> PropertyVerdict:
    """``τ → ∞``: the vector read, or "uniform" in words."""
    return _limit_check(inp, "infinity", "zero", LIMIT_WORDS)


# ----------------------------------------------------------------- Q3: shift matrix

omega, k, p = sympy.symbols("omega k p", real=True)


def encoding(position: sympy.Expr) -> sympy.Matrix:
    return sympy.Matrix([sympy.sin(omega * position), sympy.cos(omega * position)])


@functools.cache
def shift_matrix() -> sympy.Matrix:
    """``M_k`` with ``e(p + k) = M_k e(p)``: expand ``e(p + k)`` by the angle-addition
    formulas and read the coefficients of ``sin ωp`` and ``cos ωp``."""
    shifted = encoding(p + k).applyfunc(lambda e: sympy.expand_trig(sympy.expand(e)))
    s, c = sympy.Symbol("s"), sympy.Symbol("c")
    basis = {sympy.sin(omega * p): s, sympy.cos(omega * p): c}
    rows = []
    for entry in shifted:
        linear = sympy.expand(entry.xreplace(basis))
        rows.append([linear.coeff(s), linear.coeff(c)])
    return sympy.Matrix(rows)


def _tuple_matrix(expr: sympy.Basic) -> sympy.ImmutableMatrix | None:
    """``[[a, b], [c, d]]`` (a Tuple of rows) as a 2×2 matrix."""
    if isinstance(expr, sympy.Tuple) and len(expr) == 2 and all(
            isinstance(row, sympy.Tuple) and len(row) == 2 for row in expr):
        return sympy.ImmutableMatrix([list(row) for row in expr])
    return None


def _named_matrices(inp: PropertyInput) -> dict[sympy.Basic, sympy.Basic]:
    """The matrices the answer names: its definitions (``J = [[0, 1], [−1, 0]]``),
    and ``I`` when it speaks of the identity."""
    named: dict[sympy.Basic, sympy.Basic] = {}
    for name, value in (inp.definitions or {}).items():
        matrix = _tuple_matrix(value)
        if matrix is not None and isinstance(name, sympy.Symbol):
            named[name] = matrix
    if "identity" in inp.text.lower():
        named.setdefault(sympy.Symbol("I"), sympy.ImmutableMatrix(sympy.eye(2)))
    return named


def _matrices(inp: PropertyInput) -> list[sympy.Matrix]:
    """The 2×2 matrices the answer states: written out, or combined from named
    ones (``cos(ωk)·I + sin(ωk)·J``). A definition counts only when nothing else
    states a matrix or uses a named one ("e(p+k) = M_k e(p), where M_k = …")."""
    named = _named_matrices(inp)
    stated = inp.stated()
    found = _stated_matrices(stated, named)
    if found or any(set(named) & e.free_symbols for e in stated):
        return found
    return _stated_matrices(list(inp.final or inp.exprs), named)


def _stated_matrices(statements: list[sympy.Basic],
                     named: dict[sympy.Basic, sympy.Basic]) -> list[sympy.Matrix]:
    out = []
    for expr in statements:
        while isinstance(expr, sympy.Eq):
            expr = expr.rhs
        matrix = _tuple_matrix(expr)
        if matrix is None and named and expr.free_symbols & set(named):
            try:
                combined = expr.xreplace(named)
            except (TypeError, ValueError, sympy.ShapeError):  # I + 1, J·J^T, …
                continue
            if isinstance(combined, sympy.MatrixBase) and combined.shape == (2, 2):
                matrix = combined
        if matrix is not None:
            out.append(sympy.Matrix(matrix))
    return out


def _matrix_at(matrix: sympy.Matrix, point: dict[str, float]) -> np.ndarray | None:
    values = {s: sympy.Float(point[s.name]) for s in matrix.free_symbols
              if isinstance(s, sympy.Symbol) and s.name in point}
    if set(matrix.free_symbols) - set(values):
        return None
    try:
        return np.array(matrix.xreplace(values).evalf(), dtype=float)
    except (TypeError, ValueError):
        return None


def shift_matrix_check(inp: PropertyInput) -> PropertyVerdict:
    """The student's 2×2 matrix, at random ``ω, k, p``: does it map ``e(p)`` to
    ``e(p + k)``? Its transpose is the listed wrong-way rotation."""
    matrices = _matrices(inp)
    if not matrices:
        return PropertyVerdict("unreadable", evidence="no 2×2 matrix read")
    student = matrices[-1]
    rng = random.Random(5)
    verdicts = set()
    for _ in range(6):
        point = {"omega": rng.uniform(0.2, 2), "k": rng.uniform(-3, 3), "p": rng.uniform(-3, 3)}
        got = _matrix_at(student, point)
        if got is None:
            return PropertyVerdict("unreadable", evidence=f"could not evaluate {student}")
        sub = {omega: point["omega"], k: point["k"], p: point["p"]}
        here = np.array(encoding(p).xreplace(sub).evalf(), dtype=float)
        there = np.array(encoding(p + k).xreplace(sub).evalf(), dtype=float)
        reference = np.array(shift_matrix().xreplace(sub).evalf(), dtype=float)
        if values_match(there, got @ here, rtol=1e-5, atol=1e-6) \
                and values_match(reference, got, rtol=1e-5, atol=1e-6):
            verdicts.add("correct")
        elif values_match(reference.T, got, rtol=1e-5, atol=1e-6):
            verdicts.add("transposed")
        else:
            verdicts.add("incorrect")
    if len(verdicts) != 1:
        return PropertyVerdict("unreadable", evidence=f"mixed: {sorted(verdicts)}")
    label = verdicts.pop()
    feedback = ("Your matrix does not map e(p) to e(p + k)." if label == "incorrect" else "")
    return PropertyVerdict(label, evidence=f"read {student.tolist()}", feedback=feedback)


# ----------------------------------------------------------------- Q4: scaling

@functools.cache
def dot_variance() -> sympy.Expr:
    """``Var(qᵀk) = d · Var(q_1 k_1)`` for independent standard normal entries."""
    q1, k1 = stats.Normal("q1", 0, 1), stats.Normal("k1", 0, 1)
    per_term = sympy.simplify(stats.E((q1 * k1) ** 2) - stats.E(q1 * k1) ** 2)
    return d * per_term


def dot_std() -> sympy.Expr:
    """Misconception: the standard deviation ``√d``."""
    return sympy.sqrt(dot_variance())


def dot_variance_squared() -> sympy.Expr:
    """Misconception: ``d²``."""
    return dot_variance() ** 2


def dot_variance_scaled() -> sympy.Expr:
    """Misconception: the variance after dividing by ``√d`` (``1``)."""
    return sympy.simplify(dot_variance() / d)


# ----------------------------------------------------------------- Q5: log-sum-exp

LSE_SIZE = 4


def _lse_at(expr: sympy.Basic, xs: list[float], shift: float) -> float | None:
    """``expr`` with ``Σ_i`` over ``LSE_SIZE`` terms, ``x_i`` and ``m`` given."""
    def expand(s: sympy.Sum) -> sympy.Expr:
        body, (index, *_limits) = s.function, s.limits[0]
        return sympy.Add(*[body.xreplace({index: sympy.Integer(c)}) for c in range(len(xs))])

    expr = expr.replace(lambda e: isinstance(e, sympy.Sum), expand)
    replace: dict[sympy.Basic, sympy.Basic] = {sympy.Symbol("e"): sympy.E,
                                                sympy.Symbol("m"): sympy.Float(shift)}
    for atom in expr.atoms(sympy.Indexed):
        index = atom.indices[0]
        if str(atom.base.label) != "x" or index.free_symbols or not 0 <= int(index) < len(xs):
            return None
        replace[atom] = sympy.Float(xs[int(index)])
    value = expr.xreplace(replace)
    if value.free_symbols:
        return None
    try:
        result = complex(value.evalf())
    except (TypeError, ValueError):
        return None
    return result.real if abs(result.imag) < 1e-9 else None


def logsumexp_sides() -> tuple[sympy.Expr, sympy.Expr]:
    """``log Σ_i exp(x_i)`` and ``m + log Σ_i exp(x_i − m)``."""
    i = sympy.Symbol("i")
    x, m = sympy.IndexedBase("x"), sympy.Symbol("m")
    lse = sympy.log(sympy.Sum(sympy.exp(x[i]), (i, -sympy.oo, sympy.oo)))
    shifted = m + sympy.log(sympy.Sum(sympy.exp(x[i] - m), (i, -sympy.oo, sympy.oo)))
    return lse, shifted


def _sides_at(eq: sympy.Basic, rng: random.Random) -> tuple[float, float, float, float] | None:
    xs = [rng.uniform(-3, 3) for _ in range(LSE_SIZE)]
    shift = rng.uniform(-2, 4)
    lse, _ = logsumexp_sides()
    reference = _lse_at(lse, xs, shift)
    left, right = _lse_at(eq.lhs, xs, shift), _lse_at(eq.rhs, xs, shift)
    if None in (reference, left, right):
        return None
    return left, right, reference, shift  # type: ignore[return-value]


def logsumexp_check(inp: PropertyInput) -> PropertyVerdict:
    """The final equation is evaluated at random ``x`` and ``m``: right when both
    sides equal ``log Σ exp(x_i)`` and one side depends on ``m``; the first
    equation that fails is named for the TA."""
    steps = equations(inp.exprs)
    finals = equations(inp.final or ()) or steps[-1:]
    if not finals:
        return PropertyVerdict("unreadable", evidence="no equation read")
    final = finals[-1]
    if sympy.Symbol("m") not in final.free_symbols:
        return PropertyVerdict("unreadable", evidence="the final equation does not involve m")
    rng = random.Random(11)
    labels = set()
    for _ in range(5):
        values = _sides_at(final, rng)
        if values is None:
            return PropertyVerdict("unreadable", evidence=f"could not evaluate {final}")
        left, right, reference, shift = values
        if abs(left - reference) > 1e-7:
            labels.add("incorrect")
        elif abs(right - reference) < 1e-7:
            labels.add("correct")
        elif abs(right - (reference - 2 * shift)) < 1e-7:
            labels.add("sign_of_m")
        else:
            labels.add("incorrect")
    if len(labels) != 1:
        return PropertyVerdict("unreadable", evidence=f"mixed: {sorted(labels)}")
    label = labels.pop()
    first_wrong = next((e for e in steps if (v := _sides_at(e, random.Random(2)))
                        is not None and abs(v[0] - v[1]) > 1e-7), None)
    evidence = f"final {final}"
    if first_wrong is not None:
        evidence += f"; first false step {first_wrong}"
    feedback = ("The two sides of your final equation are not equal." if label == "incorrect"
                else "")
    return PropertyVerdict(label, evidence=evidence, feedback=feedback)
